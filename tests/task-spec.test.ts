import * as assert from "assert";
import { Check } from "../components/internal/validation";
import { FARGATE_CPU_VALUES, fargateMemoryFor } from "../components/internal/fargate-sizes";
import { ContainerSpec, FargateTaskSpec, checkTaskSpec, withCommand } from "../components/task/task-spec";
import { throwsValidation } from "./support";

const base = (): FargateTaskSpec => ({
    image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:abc",
    cpu: 512,
    memory: 1024,
    containers: [
        { name: "nginx", image: "public.ecr.aws/nginx/nginx:1.27", ports: [{ containerPort: 8080 }], dependsOn: [{ containerName: "app", condition: "HEALTHY" }] },
        { name: "app", ports: [{ containerPort: 9000 }], healthCheck: { command: ["CMD-SHELL", "php-fpm-healthcheck"] } },
    ],
});

function validate(spec: FargateTaskSpec): void {
    const check = Check.root("task");
    checkTaskSpec(check, spec);
    check.throwIfFailed("FargateWebService \"web\"");
}

function withContainer(i: number, patch: Partial<ContainerSpec>): FargateTaskSpec {
    const spec = base();
    spec.containers[i] = { ...spec.containers[i], ...patch };
    return spec;
}

describe("task spec validation", () => {
    it("accepts a valid nginx + php-fpm task", () => {
        validate(base());
    });

    it("accepts every Fargate size, including 8 and 16 vCPU", () => {
        for (const cpu of FARGATE_CPU_VALUES) {
            for (const memory of fargateMemoryFor(cpu)) {
                validate({ ...base(), cpu, memory });
            }
        }
        assert.deepStrictEqual(fargateMemoryFor(8192).slice(0, 3), [16384, 20480, 24576]);
        assert.deepStrictEqual(fargateMemoryFor(16384).slice(-2), [114688, 122880]);
    });

    // Each rule: how to break a valid spec, and what the message must say.
    const cases: Array<[string, () => FargateTaskSpec, string[]]> = [
        ["invalid cpu", () => ({ ...base(), cpu: 300 }), ["task.cpu: is 300; allowed Fargate CPU units: 256, 512, 1024, 2048, 4096, 8192, 16384"]],
        ["memory not offered with the cpu", () => ({ ...base(), cpu: 256, memory: 4096 }), ["task.memory: is 4096 MiB, which Fargate does not offer with cpu 256; allowed: 512, 1024, 2048 MiB"]],
        ["8 vCPU memory off the 4 GiB steps", () => ({ ...base(), cpu: 8192, memory: 18432 }), ["allowed: 16384 to 61440 in steps of 4096 MiB"]],
        ["16 vCPU memory below its minimum", () => ({ ...base(), cpu: 16384, memory: 16384 }), ["allowed: 32768 to 122880 in steps of 8192 MiB"]],
        ["unknown architecture", () => ({ ...base(), cpuArchitecture: "arm" as never }), ['task.cpuArchitecture: is "arm"; allowed: "X86_64", "ARM64"']],
        ["ephemeral storage too small", () => ({ ...base(), ephemeralStorageGiB: 20 }), ["task.ephemeralStorageGiB: is 20; allowed: a whole number from 21 to 200 GiB"]],
        ["ephemeral storage too big", () => ({ ...base(), ephemeralStorageGiB: 201 }), ["task.ephemeralStorageGiB: is 201"]],
        ["log retention CloudWatch rejects", () => ({ ...base(), logRetentionDays: 10 }), ["task.logRetentionDays: is 10; allowed: 1, 3, 5, 7, 14, 30"]],
        ["no containers", () => ({ ...base(), containers: [] }), ["task.containers: is empty; a task needs at least one container"]],
        ["bad container name", () => withContainer(1, { name: "php fpm" }), ['task.containers[1].name: is "php fpm"; allowed: 1-255 letters, digits']],
        ["no image anywhere", () => ({ ...base(), image: undefined }), ["task.containers[1].image: is missing; set the container's image or the task's image"]],
        ["hostPort differs (awsvpc)", () => withContainer(0, { ports: [{ containerPort: 8080, hostPort: 80 }] }), ["task.containers[0].ports[0].hostPort: is 80, but Fargate uses awsvpc networking, where hostPort must equal containerPort (8080)"]],
        ["port out of range", () => withContainer(0, { ports: [{ containerPort: 70000 }] }), ["task.containers[0].ports[0].containerPort: is 70000; allowed: a whole number from 1 to 65535"]],
        ["bad protocol", () => withContainer(0, { ports: [{ containerPort: 8080, protocol: "sctp" as never }] }), ['ports[0].protocol: is "sctp"; allowed: "tcp", "udp"']],
        ["health check command form", () => withContainer(1, { healthCheck: { command: ["curl localhost"] } }), ['task.containers[1].healthCheck.command: is ["curl localhost"]; allowed: ["CMD", "<executable>", …] or ["CMD-SHELL", "<shell command>"]']],
        ["health check interval", () => withContainer(1, { healthCheck: { command: ["CMD", "true"], interval: 4 } }), ["healthCheck.interval: is 4; allowed: a whole number from 5 to 300 seconds"]],
        ["health check timeout 2-60", () => withContainer(1, { healthCheck: { command: ["CMD", "true"], timeout: 90 } }), ["healthCheck.timeout: is 90; allowed: a whole number from 2 to 60 seconds (the container health check limit; 120 is the load balancer's)"]],
        ["health check retries", () => withContainer(1, { healthCheck: { command: ["CMD", "true"], retries: 11 } }), ["healthCheck.retries: is 11; allowed: a whole number from 1 to 10"]],
        ["health check start period", () => withContainer(1, { healthCheck: { command: ["CMD", "true"], startPeriod: 301 } }), ["healthCheck.startPeriod: is 301; allowed: a whole number from 0 to 300 seconds"]],
        ["stopTimeout above Fargate's 120", () => withContainer(1, { stopTimeout: 121 }), ["task.containers[1].stopTimeout: is 121; allowed: a whole number from 2 to 120 seconds (the Fargate maximum is 120)"]],
        ["startTimeout", () => withContainer(1, { startTimeout: 1 }), ["task.containers[1].startTimeout: is 1; allowed: a whole number from 2 to 120 seconds"]],
        ["container memory above the task's", () => withContainer(1, { memory: 2048 }), ["task.containers[1].memory: is 2048; allowed: a whole number from 6 to 1024 MiB (at most the task's memory)"]],
        ["containers reserve more cpu than the task", () => ({ ...withContainer(0, { cpu: 384 }), containers: withContainer(0, { cpu: 384 }).containers.map((c) => ({ ...c, cpu: 384 })) }), ["containers reserve 768 CPU units of cpu in total, more than the task's 512"]],
        ["relative writable path", () => withContainer(1, { writablePaths: ["tmp"] }), ['task.containers[1].writablePaths[0]: is "tmp"; allowed: an absolute path']],
        ["bad env var name", () => withContainer(1, { environment: { "1BAD": "x" } }), ["task.containers[1].environment.1BAD: is \"1BAD\"; allowed: an environment variable name"]],
        ["env and secret with one name", () => withContainer(1, { environment: { DB: "x" }, secrets: { DB: { ssmParameter: "/db" } } }), ["task.containers[1].secrets.DB: is also set in environment; a variable comes from one place only"]],
        ["secret without a source", () => withContainer(1, { secrets: { DB: {} } }), ["task.containers[1].secrets.DB: must set exactly one of secretsManager or ssmParameter"]],
        ["secret with two sources", () => withContainer(1, { secrets: { DB: { secretsManager: "db", ssmParameter: "/db" } } }), ["must set exactly one of secretsManager or ssmParameter"]],
        [
            "partial Secrets Manager ARN",
            () => withContainer(1, { secrets: { DB: { secretsManager: "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db" } } }),
            ["secrets.DB.secretsManager: is \"arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db\", which is not a full Secrets Manager ARN", 'pass the secret\'s name instead (e.g. "app/db")'],
        ],
        [
            "JSON key glued onto the ARN",
            () => withContainer(1, { secrets: { DB: { secretsManager: "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbC123:password::" } } }),
            ["which is not a full Secrets Manager ARN", "use jsonKey/versionStage/versionId for the rest"],
        ],
        ["versionStage with versionId", () => withContainer(1, { secrets: { DB: { secretsManager: "db", versionStage: "AWSPREVIOUS", versionId: "x" } } }), ["secrets.DB: sets both versionStage and versionId; ECS accepts only one"]],
        ["jsonKey on an SSM parameter", () => withContainer(1, { secrets: { DB: { ssmParameter: "/db", jsonKey: "password" } } }), ["secrets.DB.jsonKey: applies only to secretsManager secrets"]],
        ["bad SSM name", () => withContainer(1, { secrets: { DB: { ssmParameter: "db url" } } }), ['secrets.DB.ssmParameter: is "db url"; allowed: an SSM parameter name']],
        ["KMS alias instead of key ARN", () => withContainer(1, { secrets: { DB: { secretsManager: "db", kmsKeyArn: "alias/app" } } }), ['secrets.DB.kmsKeyArn: is "alias/app"; allowed: a KMS key ARN']],
        ["ulimit name", () => withContainer(1, { ulimits: [{ name: "files" as never, softLimit: 1, hardLimit: 2 }] }), ['ulimits[0].name: is "files"; allowed: "core"']],
        ["ulimit soft above hard", () => withContainer(1, { ulimits: [{ name: "nofile", softLimit: 9, hardLimit: 2 }] }), ["ulimits[0]: softLimit 9 is above hardLimit 2"]],
        ["dependsOn a missing container", () => withContainer(0, { dependsOn: [{ containerName: "php", condition: "START" }] }), ['task.containers[0].dependsOn[0].containerName: is "php", which is not a container of this task; containers: "nginx", "app"']],
        ["dependsOn itself", () => withContainer(0, { dependsOn: [{ containerName: "nginx", condition: "START" }] }), ['dependsOn[0].containerName: is "nginx", the container itself']],
        ["HEALTHY without a health check", () => withContainer(1, { healthCheck: undefined }), ['task.containers[0].dependsOn[0]: waits for "app" to be HEALTHY, but it has no healthCheck']],
        ["SUCCESS of an essential container", () => withContainer(0, { dependsOn: [{ containerName: "app", condition: "SUCCESS" }] }), ['waits for "app" to succeed, but it is essential, so its exit stops the task; set essential: false on it']],
        ["dependency cycle", () => withContainer(1, { dependsOn: [{ containerName: "nginx", condition: "START" }] }), ["task.containers: dependsOn forms a cycle: nginx -> app -> nginx"]],
        ["duplicate names", () => withContainer(1, { name: "nginx", dependsOn: undefined }), ['task.containers[1].name: is "nginx", already used by containers[0]; container names must be unique']],
        ["no essential container", () => ({ ...base(), containers: base().containers.map((c) => ({ ...c, essential: false, dependsOn: undefined })) }), ["task.containers: has no essential container; at least one container must have essential: true (the default)"]],
        ["one port in two containers", () => withContainer(1, { ports: [{ containerPort: 8080 }] }), ['task.containers: port 8080 is used by both "nginx" and "app"; containers of a task share one network interface']],
        ["wildcard action for the app", () => ({ ...base(), taskRoleStatements: [{ actions: ["s3:*"], resources: ["arn:aws:s3:::bucket/*"] }] }), ['task.taskRoleStatements[0].actions[0]: is "s3:*"; allowed: a specific action such as "s3:GetObject" (wildcard actions break least privilege)']],
        ["Resource * for the app", () => ({ ...base(), taskRoleStatements: [{ actions: ["s3:GetObject"], resources: ["*"] }] }), ['task.taskRoleStatements[0].resources[0]: is "*"; name the ARNs the app needs']],
    ];
    for (const [title, make, fragments] of cases) {
        it(`rejects ${title}`, () => {
            const err = throwsValidation(() => validate(make()), ...fragments);
            assert.ok(err.message.startsWith('FargateWebService "web"'), err.message);
        });
    }

    it("reports every problem at once", () => {
        const spec = { ...withContainer(1, { stopTimeout: 500, healthCheck: { command: ["CMD", "true"], timeout: 90 } }), cpu: 512, memory: 9999 };
        const err = throwsValidation(() => validate(spec), "has 3 problems", "task.memory", "stopTimeout", "healthCheck.timeout");
        assert.strictEqual(err.problems.length, 3);
    });

    it("withCommand gives the same task a different command", () => {
        const worker = withCommand({ ...base(), containers: [base().containers[1]] }, ["php", "artisan", "queue:work"]);
        assert.deepStrictEqual(worker.containers[0].command, ["php", "artisan", "queue:work"]);
        assert.strictEqual(worker.image, base().image);
    });
});
