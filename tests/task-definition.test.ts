import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { createFargateTask, TaskBuildOptions } from "../components/task/task-definition";
import { FargateTaskSpec, checkTaskSpec } from "../components/task/task-spec";
import { Check } from "../components/internal/validation";
import { ssmParameterArn, ecrRepositoryArnOfImage } from "../components/internal/arns";
import { renderPolicy } from "../components/internal/iam";
import { runInMocks, RecordedResource } from "../tools/mock-runtime";
import { apiShapeProblems, containerDefs, one, statements, TestParent } from "./support";

const ECR_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/laravel:3f2c1ab";
const here = { partition: "aws", region: "us-east-1", accountId: "123456789012" };

const laravel = (): FargateTaskSpec => ({
    image: ECR_IMAGE,
    cpu: 512,
    memory: 1024,
    containers: [
        {
            name: "nginx",
            image: "public.ecr.aws/nginx/nginx:1.27",
            ports: [{ containerPort: 8080 }],
            dependsOn: [{ containerName: "app", condition: "HEALTHY" }],
            writablePaths: ["/var/cache/nginx", "/tmp"],
        },
        {
            name: "app",
            ports: [{ containerPort: 9000 }],
            healthCheck: { command: ["CMD-SHELL", "php-fpm-healthcheck"], interval: 5 },
            environment: { APP_ENV: "production" },
            secrets: {
                APP_KEY: { secretsManager: "laravel/prod/app", jsonKey: "APP_KEY" },
                DB_PASSWORD: { secretsManager: "arn:aws:secretsmanager:us-east-1:123456789012:secret:laravel/prod/db-AbC123", jsonKey: "password", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1111-2222" },
                MAIL_DSN: { ssmParameter: "/laravel/prod/MAIL_DSN" },
            },
            user: "www-data",
            writablePaths: ["/var/www/storage"],
        },
    ],
});

const options: TaskBuildOptions = { defaultStopTimeout: 35, enableExecuteCommand: false, protect: false };

async function build(spec: FargateTaskSpec, opts: Partial<TaskBuildOptions> = {}): Promise<RecordedResource[]> {
    const run = await runInMocks(() => createFargateTask("web", spec, { ...options, ...opts }, new TestParent()));
    return run.resources;
}

describe("task definition builder", () => {
    let resources: RecordedResource[];
    before(async () => {
        resources = await build(laravel());
    });

    it("registers a Fargate awsvpc task definition with the spec's size and architecture", () => {
        const td = one(resources, "aws:ecs/taskDefinition:TaskDefinition");
        assert.deepStrictEqual(
            { cpu: td.inputs.cpu, memory: td.inputs.memory, networkMode: td.inputs.networkMode, requires: td.inputs.requiresCompatibilities, platform: td.inputs.runtimePlatform },
            { cpu: "512", memory: "1024", networkMode: "awsvpc", requires: ["FARGATE"], platform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" } },
        );
        assert.strictEqual(td.parent, "fargate-kit:index:TestParent::parent");
        assert.strictEqual(td.inputs.executionRoleArn, "arn:aws:iam::123456789012:role/fargate-kit-test-web-execution-0000000");
        assert.strictEqual(td.inputs.taskRoleArn, "arn:aws:iam::123456789012:role/fargate-kit-test-web-task-0000000");
    });

    it("produces container definitions that conform to the ECS API ContainerDefinition shape", () => {
        for (const def of containerDefs(one(resources, "aws:ecs/taskDefinition:TaskDefinition"))) {
            assert.deepStrictEqual(apiShapeProblems(def, "ContainerDefinition"), []);
        }
        // The validator itself catches a misspelt member and a bad enum.
        assert.deepStrictEqual(apiShapeProblems({ name: "x", portMapings: [] }, "ContainerDefinition"), ["ContainerDefinition.portMapings: not a member of ContainerDefinition"]);
        assert.deepStrictEqual(apiShapeProblems({ logConfiguration: { logDriver: "syslog2" } }, "ContainerDefinition").length, 1);
    });

    it("always configures awslogs with group, region and stream prefix, and sets retention", () => {
        const [nginx, app] = containerDefs(one(resources, "aws:ecs/taskDefinition:TaskDefinition"));
        for (const c of [nginx, app]) {
            assert.deepStrictEqual(c.logConfiguration, {
                logDriver: "awslogs",
                options: { "awslogs-group": "/ecs/fargate-kit-test/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web", mode: "non-blocking", "max-buffer-size": "25m" },
            });
        }
        assert.strictEqual(one(resources, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 30);
    });

    it("maps ports with hostPort = containerPort, health checks, dependencies and the default stop timeout", () => {
        const [nginx, app] = containerDefs(one(resources, "aws:ecs/taskDefinition:TaskDefinition"));
        assert.deepStrictEqual(nginx.portMappings, [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }]);
        assert.deepStrictEqual(nginx.dependsOn, [{ containerName: "app", condition: "HEALTHY" }]);
        assert.deepStrictEqual(app.healthCheck, { command: ["CMD-SHELL", "php-fpm-healthcheck"], interval: 5, timeout: 5, retries: 3, startPeriod: 0 });
        assert.strictEqual(app.stopTimeout, 35);
        assert.strictEqual(app.image, ECR_IMAGE);
        assert.strictEqual(nginx.image, "public.ecr.aws/nginx/nginx:1.27");
        assert.strictEqual(app.user, "www-data");
        assert.deepStrictEqual(app.linuxParameters, { initProcessEnabled: true });
    });

    it("keeps the root filesystem read-only and backs writablePaths with task volumes", () => {
        const td = one(resources, "aws:ecs/taskDefinition:TaskDefinition");
        const [nginx, app] = containerDefs(td);
        assert.strictEqual(nginx.readonlyRootFilesystem, true);
        assert.deepStrictEqual(td.inputs.volumes, [{ name: "nginx-writable-0" }, { name: "nginx-writable-1" }, { name: "app-writable-0" }]);
        assert.deepStrictEqual(app.mountPoints, [{ sourceVolume: "app-writable-0", containerPath: "/var/www/storage", readOnly: false }]);
    });

    it("injects secrets with valueFrom in the ECS syntax, keeping the colons", () => {
        const app = containerDefs(one(resources, "aws:ecs/taskDefinition:TaskDefinition"))[1];
        assert.deepStrictEqual(app.secrets, [
            // Given by name, resolved to the full ARN (the mock's lookup appends the 6-character suffix).
            { name: "APP_KEY", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:laravel/prod/app-XxKOEf:APP_KEY::" },
            { name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:laravel/prod/db-AbC123:password::" },
            { name: "MAIL_DSN", valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/laravel/prod/MAIL_DSN" },
        ]);
        assert.deepStrictEqual(app.environment, [{ name: "APP_ENV", value: "production" }]);
    });

    it("grants the execution role exactly the referenced secrets, by full ARN", () => {
        const policy = statements(one(resources, "aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy);
        const bySid = Object.fromEntries(policy.map((s) => [s.Sid, s]));
        assert.deepStrictEqual(bySid.ReadSecrets.Action, ["secretsmanager:GetSecretValue"]);
        assert.deepStrictEqual(bySid.ReadSecrets.Resource, [
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:laravel/prod/app-XxKOEf",
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:laravel/prod/db-AbC123",
        ]);
        assert.deepStrictEqual(bySid.ReadParameters, { Effect: "Allow", Sid: "ReadParameters", Action: ["ssm:GetParameters"], Resource: ["arn:aws:ssm:us-east-1:123456789012:parameter/laravel/prod/MAIL_DSN"] });
        assert.deepStrictEqual(bySid.DecryptSecrets.Resource, ["arn:aws:kms:us-east-1:123456789012:key/1111-2222"]);
        assert.deepStrictEqual(bySid.PullImage.Resource, ["arn:aws:ecr:us-east-1:123456789012:repository/laravel"]);
        assert.deepStrictEqual(bySid.EcrLogin, { Effect: "Allow", Sid: "EcrLogin", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] });
        assert.deepStrictEqual(bySid.WriteLogs.Resource, ["arn:aws:logs:us-east-1:123456789012:log-group:/ecs/fargate-kit-test/web:*"]);
    });

    it("has no task-role policy when the app needs no AWS access (IAM rejects an empty one)", () => {
        assert.strictEqual(resources.filter((r) => r.name === "web-task" && r.type === "aws:iam/rolePolicy:RolePolicy").length, 0);
    });

    it("scopes both roles' trust to ECS tasks of this account", () => {
        for (const name of ["web-execution", "web-task"]) {
            const trust = JSON.parse(one(resources, "aws:iam/role:Role", name).inputs.assumeRolePolicy);
            assert.deepStrictEqual(trust.Statement, [
                { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } },
            ]);
        }
    });

    it("grants kms:Decrypt only when a customer key is given, and no ECR pull for public images", async () => {
        const res = await build({ cpu: 256, memory: 512, containers: [{ name: "web", image: "nginx:1.27", secrets: { T: { secretsManager: "t" } } }] });
        const sids = statements(one(res, "aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy).map((s) => s.Sid);
        assert.deepStrictEqual(sids, ["WriteLogs", "ReadSecrets"]);
    });

    it("passes private registry credentials and grants reading them", async () => {
        const res = await build({ cpu: 256, memory: 512, containers: [{ name: "site", image: "registry.gitlab.com/acme/site:abc", repositoryCredentialsSecret: "gitlab/registry" }] });
        const [site] = containerDefs(one(res, "aws:ecs/taskDefinition:TaskDefinition"));
        assert.deepStrictEqual(site.repositoryCredentials, { credentialsParameter: "arn:aws:secretsmanager:us-east-1:123456789012:secret:gitlab/registry-UV6MoW" });
        const read = statements(one(res, "aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy).find((s) => s.Sid === "ReadSecrets");
        assert.deepStrictEqual(read?.Resource, ["arn:aws:secretsmanager:us-east-1:123456789012:secret:gitlab/registry-UV6MoW"]);
    });

    it("adds the four ssmmessages actions to the task role for ECS Exec", async () => {
        const res = await build(laravel(), { enableExecuteCommand: true });
        const exec = statements(one(res, "aws:iam/rolePolicy:RolePolicy", "web-task").inputs.policy);
        assert.deepStrictEqual(exec, [
            {
                Effect: "Allow",
                Sid: "EcsExec",
                Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
                Resource: ["*"],
            },
        ]);
    });

    it("protects the log group when asked (prod)", async () => {
        const res = await build(laravel(), { protect: true });
        const lg = one(res, "aws:cloudwatch/logGroup:LogGroup");
        assert.deepStrictEqual([lg.protect, lg.retainOnDelete], [true, true]);
    });

    it("refuses a Pulumi secret in a plain environment variable", async () => {
        const spec = laravel();
        spec.containers[1].environment = { DB_PASSWORD: pulumi.secret("hunter2") };
        await assert.rejects(
            runInMocks(() => createFargateTask("web", spec, options, new TestParent())),
            /app\.environment\.DB_PASSWORD: is a Pulumi secret; a plain environment variable would store it in clear text/,
        );
    });
});

describe("ARN helpers", () => {
    it("never puts a partial secret ARN in a task definition: names are looked up, full ARNs kept", async () => {
        const full = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbC123";
        const res = await build({ cpu: 256, memory: 512, containers: [{ name: "web", image: "nginx:1.27", secrets: { A: { secretsManager: "app/db" }, B: { secretsManager: full, jsonKey: "k" } } }] });
        const [web] = containerDefs(one(res, "aws:ecs/taskDefinition:TaskDefinition"));
        for (const s of web.secrets) assert.match(s.valueFrom, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:app\/db-[A-Za-z0-9]{6}(:k::)?$/, s.valueFrom);
        assert.deepStrictEqual(web.secrets[1], { name: "B", valueFrom: `${full}:k::` });
    });

    it("points at a pasted ARN suffix in a secret name, which no secret has", () => {
        const spec = { cpu: 256, memory: 512, containers: [{ name: "web", image: "nginx:1.27", secrets: { DB: { secretsManager: "laravel/prod/db-AbC123" } } }] };
        const check = Check.root("task");
        checkTaskSpec(check, spec);
        assert.deepStrictEqual(check.problems.map((p) => p.message), [
            'is "laravel/prod/db-AbC123", which ends in "-AbC123", the kind of 6-character suffix AWS adds to a secret\'s ARN (it is not part of the name); give the name without it ("laravel/prod/db") or the full arn:aws:secretsmanager:… ARN',
        ]);
        // An ordinary name with a six-letter last word is fine.
        const ok = Check.root("task");
        checkTaskSpec(ok, { ...spec, containers: [{ ...spec.containers[0], secrets: { DB: { secretsManager: "shop/stripe-secret" } } }] });
        assert.deepStrictEqual(ok.problems, []);
    });

    it("builds SSM parameter ARNs from names with or without a leading slash", () => {
        assert.strictEqual(ssmParameterArn("/a/b", here), "arn:aws:ssm:us-east-1:123456789012:parameter/a/b");
        assert.strictEqual(ssmParameterArn("b", here), "arn:aws:ssm:us-east-1:123456789012:parameter/b");
    });

    it("finds the ECR repository of an image, and none for other registries", () => {
        assert.strictEqual(ecrRepositoryArnOfImage("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app@sha256:" + "a".repeat(64), "aws"), "arn:aws:ecr:eu-west-1:123456789012:repository/team/app");
        assert.strictEqual(ecrRepositoryArnOfImage("public.ecr.aws/nginx/nginx:1.27", "aws"), undefined);
        assert.strictEqual(ecrRepositoryArnOfImage("registry.gitlab.com/acme/site:abc", "aws"), undefined);
    });

    it("refuses wildcard actions and unjustified wildcard resources", () => {
        assert.throws(() => renderPolicy([{ Action: ["sqs:*"], Resource: ["arn:aws:sqs:us-east-1:1:q"] }]), /wildcard action sqs:\*/);
        assert.throws(() => renderPolicy([{ Action: ["sqs:ReceiveMessage"], Resource: ["*"] }]), /sqs:ReceiveMessage granted on Resource "\*"/);
    });
});

describe("writable paths under a read-only root filesystem", () => {
    const spec = (): FargateTaskSpec => ({
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/laravel:3f2c1ab",
        cpu: 256,
        memory: 512,
        containers: [{ name: "php", user: "www-data", writablePaths: ["/var/www/html/storage", "/tmp"], seedWritablePaths: true }],
    });

    it("seeds each path from the image before the app starts, owned by the app's user", async () => {
        const res = await build(spec());
        const [php, seed] = containerDefs(one(res, "aws:ecs/taskDefinition:TaskDefinition"));
        assert.strictEqual(seed.name, "php-seed");
        assert.deepStrictEqual([seed.image, seed.essential, seed.user, seed.readonlyRootFilesystem, seed.entryPoint], [php.image, false, "0", true, ["sh", "-c"]]);
        assert.deepStrictEqual(seed.command, [
            "set -e; if [ -d '/var/www/html/storage' ]; then cp -a '/var/www/html/storage'/. '/fargate-kit-seed/0'/; fi; chown -R 'www-data' '/fargate-kit-seed/0'; " +
                "if [ -d '/tmp' ]; then cp -a '/tmp'/. '/fargate-kit-seed/1'/; fi; chown -R 'www-data' '/fargate-kit-seed/1'",
        ]);
        // The seed fills the same volumes, mounted away from the paths whose image content it copies.
        assert.deepStrictEqual(seed.mountPoints, [
            { sourceVolume: "php-writable-0", containerPath: "/fargate-kit-seed/0", readOnly: false },
            { sourceVolume: "php-writable-1", containerPath: "/fargate-kit-seed/1", readOnly: false },
        ]);
        assert.deepStrictEqual(php.mountPoints, [
            { sourceVolume: "php-writable-0", containerPath: "/var/www/html/storage", readOnly: false },
            { sourceVolume: "php-writable-1", containerPath: "/tmp", readOnly: false },
        ]);
        assert.deepStrictEqual(php.dependsOn, [{ containerName: "php-seed", condition: "SUCCESS" }]);
        assert.ok(seed.logConfiguration, "the seed logs like every container");
        for (const c of [seed, php]) assert.deepStrictEqual(apiShapeProblems(c, "ContainerDefinition"), []);
        assert.deepStrictEqual(one(res, "aws:ecs/taskDefinition:TaskDefinition").inputs.volumes, [{ name: "php-writable-0" }, { name: "php-writable-1" }]);
    });

    it("leaves paths empty without seedWritablePaths, and refuses seeding with nothing to seed", async () => {
        const plain = spec();
        delete plain.containers[0].seedWritablePaths;
        assert.deepStrictEqual(containerDefs(one(await build(plain), "aws:ecs/taskDefinition:TaskDefinition")).map((c) => c.name), ["php"]);
        const check = Check.root("task");
        checkTaskSpec(check, { ...plain, containers: [{ name: "php", seedWritablePaths: true }] });
        assert.deepStrictEqual(check.problems.map((p) => `${p.path}: ${p.message}`), ["task.containers[0].seedWritablePaths: is true, but the container has no writablePaths to seed"]);
    });
});

describe("container logs (awslogs options)", () => {
    it("sends each container's output to the task's log group: its stream prefix, mode, buffer and event boundaries", async () => {
        const spec = laravel();
        spec.containers[1].logging = { streamPrefix: "laravel", multilinePattern: "^\\[\\d{4}-\\d{2}-\\d{2}", mode: "non-blocking", maxBufferSize: "50m" };
        spec.containers[0].logging = { mode: "blocking", datetimeFormat: "%d/%b/%Y:%H:%M:%S" };
        const defs = containerDefs(one(await build(spec), "aws:ecs/taskDefinition:TaskDefinition"));
        assert.deepStrictEqual(defs.find((d: any) => d.name === "app").logConfiguration, {
            logDriver: "awslogs",
            options: { "awslogs-group": "/ecs/fargate-kit-test/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "laravel", "awslogs-multiline-pattern": "^\\[\\d{4}-\\d{2}-\\d{2}", mode: "non-blocking", "max-buffer-size": "50m" },
        });
        assert.deepStrictEqual(defs.find((d: any) => d.name === "nginx").logConfiguration.options, {
            "awslogs-group": "/ecs/fargate-kit-test/web",
            "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": "web",
            "awslogs-datetime-format": "%d/%b/%Y:%H:%M:%S",
            mode: "blocking",
        });
        for (const d of defs) assert.deepStrictEqual(apiShapeProblems(d, "ContainerDefinition"), []);
    });

    it("refuses log options the driver rejects, naming the field", () => {
        const check = Check.root("task");
        const spec = laravel();
        spec.containers[1].logging = { multilinePattern: "([", datetimeFormat: "yyyy", mode: "blocking", maxBufferSize: "lots", streamPrefix: "a:b" } as any;
        checkTaskSpec(check, spec);
        const messages = check.problems.map((p) => `${p.path}: ${p.message}`);
        for (const expected of [
            'task.containers[1].logging.streamPrefix: is "a:b"; allowed: a stream prefix without \':\' or \'*\' (at most 256 characters)',
            'task.containers[1].logging.maxBufferSize: is "lots"; allowed: a size such as "25m" (a number with k, m or g)',
            'task.containers[1].logging.maxBufferSize: is set, but mode is "blocking", which has no buffer',
            "task.containers[1].logging: sets both multilinePattern and datetimeFormat; the awslogs driver takes one (datetimeFormat wins), so give one",
            'task.containers[1].logging.datetimeFormat: is "yyyy"; expected a strftime format such as "%Y-%m-%d %H:%M:%S"',
        ]) assert.ok(messages.includes(expected), `${expected}\nnot in\n${messages.join("\n")}`);
        assert.ok(messages.some((m) => m.startsWith('task.containers[1].logging.multilinePattern: is "([", which is not a regular expression')));
    });
});

describe("container logs through FireLens", () => {
    it("adds the Fluent Bit router, routes the container's output to its output plugin with secret settings, and grants exactly those secrets", async () => {
        const spec = laravel();
        spec.containers[1].logging = {
            fireLens: { name: "datadog", options: { Host: "http-intake.logs.datadoghq.eu", TLS: "on", dd_service: "shop" }, secretOptions: { apikey: { secretsManager: "datadog/api-key" } } },
        };
        const resources = await build(spec);
        const defs = containerDefs(one(resources, "aws:ecs/taskDefinition:TaskDefinition"));
        const app = defs.find((d: any) => d.name === "app");
        assert.strictEqual(app.logConfiguration.logDriver, "awsfirelens");
        assert.deepStrictEqual(app.logConfiguration.options, { Name: "datadog", Host: "http-intake.logs.datadoghq.eu", TLS: "on", dd_service: "shop" });
        assert.strictEqual(app.logConfiguration.secretOptions.length, 1);
        assert.match(app.logConfiguration.secretOptions[0].valueFrom, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:datadog\/api-key-[A-Za-z0-9]{6}$/);
        assert.deepStrictEqual(app.dependsOn[0], { containerName: "log-router", condition: "START" });
        const router = defs.find((d: any) => d.name === "log-router");
        assert.deepStrictEqual(
            [router.image, router.essential, router.firelensConfiguration, router.logConfiguration.logDriver, router.logConfiguration.options["awslogs-stream-prefix"], router.environment],
            ["public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", true, { type: "fluentbit", options: { "enable-ecs-log-metadata": "true" } }, "awslogs", "firelens", undefined],
        );
        // nginx still logs to CloudWatch directly.
        assert.strictEqual(defs.find((d: any) => d.name === "nginx").logConfiguration.logDriver, "awslogs");
        for (const d of defs) assert.deepStrictEqual(apiShapeProblems(d, "ContainerDefinition"), []);
        const grants = statements(one(resources, "aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy).find((s: any) => s.Sid === "ReadSecrets")!.Resource;
        assert.ok(grants.some((g: string) => /:secret:datadog\/api-key-[A-Za-z0-9]{6}$/.test(g)), grants.join(", "));
    });

    it("lets the execution role pull a log router image kept in the account's ECR", async () => {
        const spec = laravel();
        spec.logRouterImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fluent-bit:2.32.4";
        spec.containers[1].logging = { fireLens: { name: "cloudwatch_logs", options: { region: "us-east-1" } } };
        const pull = statements(one(await build(spec), "aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy).find((s: any) => s.Sid === "PullImage")!;
        assert.ok(pull.Resource.includes("arn:aws:ecr:us-east-1:123456789012:repository/fluent-bit"), pull.Resource.join(", "));
    });

    it("refuses awslogs settings on a FireLens container and a setting given twice, naming the field", () => {
        const check = Check.root("task");
        const spec = laravel();
        spec.containers[1].logging = { multilinePattern: "^x", fireLens: { name: "datadog", options: { apikey: "x", Name: "y" }, secretOptions: { apikey: { secretsManager: "datadog/api-key" } } } };
        checkTaskSpec(check, spec);
        const messages = check.problems.map((p) => `${p.path}: ${p.message}`);
        for (const expected of [
            "task.containers[1].logging.fireLens.options.Name: is set; the output is fireLens.name",
            "task.containers[1].logging.fireLens.secretOptions.apikey: is also in options; a setting comes from one place only",
            "task.containers[1].logging: sets multilinePattern and fireLens; those are awslogs settings, which a FireLens container does not use",
        ]) assert.ok(messages.includes(expected), `${expected}\nnot in\n${messages.join("\n")}`);
    });
});
