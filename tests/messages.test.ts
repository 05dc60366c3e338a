/**
 * Messages a person can act on: the type mistakes people make in stack files, each answered with
 * what to write instead (exact text).
 */
import * as path from "path";
import { loadStackConfig } from "../stack/config";
import { readStackFiles } from "../tools/mock-runtime";
import { throwsValidation } from "./support";

const root = path.join(__dirname, "..");
const raw = () => readStackFiles(root, "stage").config;
const json = (key: string) => JSON.parse(raw()[key]);
const load = (patch: Record<string, unknown>) => loadStackConfig({ ...raw(), ...Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, JSON.stringify(v)])) }, {}, "fargate-kit", "stage", () => false);

describe("messages a person can act on", () => {
    const web = () => json("fargate-kit:webServices").web;
    const worker = () => json("fargate-kit:workers").worker;
    const withWebTask = (task: Record<string, unknown>) => ({ "fargate-kit:webServices": { web: { ...web(), task: { ...web().task, ...task } } } });
    const withWebContainer = (container: Record<string, unknown>) => withWebTask({ containers: [{ ...web().task.containers[0], ...container }, ...web().task.containers.slice(1)] });

    it("a port as text: a number or a map", () => {
        throwsValidation(() => load(withWebContainer({ ports: ["8080"] })), 'fargate-kit:webServices.web.task.containers[0].ports[0]: is "8080" (a string); expected a port number such as 3000, or a map such as {containerPort: 3000}');
    });

    it("cpu in vCPU and memory with a unit: the units the task takes", () => {
        throwsValidation(() => load(withWebTask({ cpu: 0.5 })), "fargate-kit:webServices.web.task.cpu: is 0.5; expected CPU units as a whole number: 256, 512, 1024, 2048, 4096, 8192 or 16384 (1024 = 1 vCPU; 0.5 vCPU is 512)");
        throwsValidation(() => load(withWebTask({ memory: "1GB" })), 'fargate-kit:webServices.web.task.memory: is "1GB" (a string); expected MiB as a number, e.g. 1024 for 1 GB');
    });

    it("a command as one string: the list to write", () => {
        const w = worker();
        const task = { ...w.task, containers: [{ ...w.task.containers[0], command: "php artisan queue:work sqs" }] };
        throwsValidation(() => load({ "fargate-kit:workers": { worker: { ...w, task } } }), 'fargate-kit:workers.worker.task.containers[0].command: is "php artisan queue:work sqs" (a string); write it as a list: ["php","artisan","queue:work","sqs"]');
    });

    it("settings one level off: where they belong", () => {
        throwsValidation(() => load({ "fargate-kit:workers": { worker: { ...worker(), desiredCount: 2 } } }), "fargate-kit:workers.worker.desiredCount: is not a setting at this level; a worker's task count is scaling.minTasks (and scaling.maxTasks)");
        throwsValidation(() => load({ "fargate-kit:workers": { worker: { ...worker(), command: ["bin/worker"] } } }), 'fargate-kit:workers.worker.command: is not a setting at this level; the command is per container: task.containers[].command, a list such as ["bin/worker"]');
        throwsValidation(() => load({ "fargate-kit:webServices": { web: { ...web(), ports: [3000] } } }), "fargate-kit:webServices.web.ports: is not a setting at this level; ports are per container: task.containers[].ports, e.g. [3000]");
    });

    it("an unknown key without a guess: a sentence, then the known keys", () => {
        throwsValidation(() => load({ "fargate-kit:network": { zzz: 1 } }), "fargate-kit:network.zzz: is not a known setting. Known here: vpcId, ");
    });

    it("a nested Pulumi secret, and a number where text is expected: the fix", () => {
        throwsValidation(() => load({ "fargate-kit:app": { ...json("fargate-kit:app"), environment: { APP_KEY: { secure: "v1:abc" } } } }), "fargate-kit:app.environment.APP_KEY: is a Pulumi secret (set with `config set --path --secret`); the program does not read secrets from config: keep the value in Secrets Manager and reference it under secrets");
        throwsValidation(() => load({ "fargate-kit:app": { ...json("fargate-kit:app"), environment: { APP_DEBUG: false } } }), 'fargate-kit:app.environment.APP_DEBUG: is false (a boolean); expected text: quote it in the stack file ("false"), or set it with `pulumi config set --path --type string`');
    });
});

describe("messages at the key the user typed", () => {
    const app = () => JSON.parse(readStackFiles(root, "stage").config["fargate-kit:app"]);
    const outside = (extra: Record<string, unknown>) => {
        const { ciPush: _c, keepTaggedImages: _k, untaggedExpiryDays: _u, build: _b, deleteImagesWithRepository: _d, ...rest } = app();
        return { "fargate-kit:app": { ...rest, imageRepository: "registry.gitlab.com/acme/site", ...extra } };
    };

    it("an image repository with a tag: give the repository alone", () => {
        throwsValidation(() => load(outside({ imageRepository: "registry.gitlab.com/acme/site:latest" })), 'fargate-kit:app.imageRepository: is "registry.gitlab.com/acme/site:latest", which names a tag or digest; give the repository alone ("registry.gitlab.com/acme/site"): the tag comes from $IMAGE_TAG or imageTag');
        // A registry port is not a tag.
        load(outside({ imageRepository: "registry.example.com:5000/acme/site" }));
    });

    it("a partial secret ARN for registry credentials is reported at app.imageRepositoryCredentialsSecret, once", () => {
        const e = throwsValidation(
            () => load(outside({ imageRepositoryCredentialsSecret: "arn:aws:secretsmanager:us-east-1:123456789012:secret:gitlab" })),
            'fargate-kit:app.imageRepositoryCredentialsSecret: is "arn:aws:secretsmanager:us-east-1:123456789012:secret:gitlab", which is not a full Secrets Manager ARN (it must end in "-" plus the 6-character suffix AWS adds, e.g. "…:secret:app/db-AbC123", with no ":jsonKey" after it); pass the secret\'s name instead (e.g. "app/db") and use jsonKey/versionStage/versionId for the rest',
        );
        const assert = require("assert");
        assert.strictEqual(e.problems.filter((p) => /repositoryCredentialsSecret/i.test(p.path)).length, 1, e.message);
    });

    it("a hosted zone written with Route 53's trailing dot is the same zone", () => {
        const prod = readStackFiles(root, "prod").config;
        const lb = JSON.parse(prod["fargate-kit:loadBalancer"]);
        const config = loadStackConfig({ ...prod, "fargate-kit:loadBalancer": JSON.stringify({ ...lb, hostedZoneName: "example.com." }) }, {}, "fargate-kit", "prod", () => false);
        require("assert").strictEqual(config.loadBalancer.hostedZoneName, "example.com");
    });

    it("a YAML syntax error names the file, line and column, and says when a tab is the cause", () => {
        const fs = require("fs");
        const os = require("os");
        const { parseYamlFile } = require("../tools/mock-runtime");
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "yaml-")), "Pulumi.stage.yaml");
        fs.writeFileSync(file, "config:\n  aws:region: us-east-1\n  fargate-kit:network:\n\tnat: none\n");
        require("assert").throws(() => parseYamlFile(file), { message: "Pulumi.stage.yaml:4:1: Tabs are not allowed as indentation — the line has a tab (at column 1): YAML indents with spaces only" });
        fs.writeFileSync(file, "config:\n  aws:region: [us-east-1\n  x: 1\n");
        require("assert").throws(() => parseYamlFile(file), /^Error: Pulumi\.stage\.yaml:3:3: /);
    });
});

describe("a stack file that still holds the shipped example values", () => {
    it("plans offline with a warning, and pulumi up stops before creating anything, naming each key", async () => {
        const assert = require("assert");
        const { runProgram, lastRecording } = require("../tools/mock-runtime");
        const { placeholderProblems } = require("../stack/placeholders");
        const prod = loadStackConfig(readStackFiles(root, "prod").config, {}, "fargate-kit", "prod", () => false);
        assert.deepStrictEqual(
            placeholderProblems(prod).map((p: { path: string; message: string }) => `${p.path}: ${p.message}`),
            [
                'fargate-kit:deployments.organization: is "acme", the example value of the shipped stack files; set your Pulumi Cloud organization before pulumi up',
                'fargate-kit:deployments.repository: is "acme/laravel-app", the example value of the shipped stack files; set your repository (owner/name) before pulumi up',
                'fargate-kit:app.ciPush.repository: is "acme/laravel-app", the example value of the shipped stack files; set your repository (owner/name) before pulumi up',
                'fargate-kit:loadBalancer.hostedZoneName: is "example.com", the example value of the shipped stack files; set your own domain (example.com can never get a certificate) before pulumi up',
                'fargate-kit:webServices.web.domainName: is "app.example.com", the example value of the shipped stack files; set your own domain (example.com can never get a certificate) before pulumi up',
                'fargate-kit:webServices.web.alarms.email: is "ops@example.com", the example value of the shipped stack files; set an address that reads the alarms before pulumi up',
                'fargate-kit:workers.worker.alarms.email: is "ops@example.com", the example value of the shipped stack files; set an address that reads the alarms before pulumi up',
            ],
        );
        await assert.rejects(
            runProgram({ stack: "prod", program: "tests/fixtures/real-deploy.ts", overrides: { "fargate-kit:imageTag": "3f2c1ab" } }),
            (e: Error) => /^Stack config of "prod" has 7 problems:\n  - fargate-kit:deployments\.organization: is "acme"/.test(e.message),
        );
        assert.deepStrictEqual(lastRecording().filter((r: { custom: boolean }) => r.custom), [], "nothing was created");
        process.env.FARGATE_KIT_OFFLINE_PLAN = "1";
    });
});

describe("log settings in the stack file", () => {
    it("takes awslogs options and FireLens outputs per container, and the router image per task", () => {
        const w = JSON.parse(readStackFiles(root, "stage").config["fargate-kit:workers"]).worker;
        const logging = { fireLens: { name: "kinesis_firehose", options: { region: "us-east-1", delivery_stream: "app-logs" } } };
        const task = { ...w.task, logRouterImage: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4", containers: [{ ...w.task.containers[0], logging }] };
        const config = load({ "fargate-kit:workers": { worker: { ...w, task } } });
        require("assert").deepStrictEqual([config.workers.worker.task.logRouterImage, config.workers.worker.task.containers[0].logging], ["public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4", logging]);
        throwsValidation(() => load({ "fargate-kit:workers": { worker: { ...w, task: { ...task, containers: [{ ...w.task.containers[0], logging: { fireLens: { name: "Datadog HQ" } } }] } } } }), 'fargate-kit:workers.worker.task.containers[0].logging.fireLens.name: is "Datadog HQ"; allowed: a Fluent Bit output such as "datadog", "kinesis_firehose" or "s3"');
    });
});
