import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStackConfig } from "../stack/config";
import { applyProjectConfig } from "../tools/cli-config";
import { ProgramRun, lastRecording, readStackFiles, runProgram } from "../tools/mock-runtime";
import { throwsValidation } from "./support";

const root = path.join(__dirname, "..");
const stageConfig = () => readStackFiles(root, "stage").config;
const load = (patch: Record<string, string | undefined>, env: Record<string, string> = {}) => {
    const raw: Record<string, string> = { ...stageConfig() };
    for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete raw[k];
        else raw[k] = v;
    }
    return loadStackConfig(raw, env, "fargate-kit", "stage", () => false);
};

describe("stack config", () => {
    it("loads the stage and prod files, with protect on unless opted out", () => {
        assert.strictEqual(load({}).protect, false);
        const prod = loadStackConfig(readStackFiles(root, "prod").config, {}, "fargate-kit", "prod", () => false);
        assert.strictEqual(prod.protect, true);
        assert.strictEqual(prod.network.nat, "perAz");
    });

    it("rejects an unknown top-level key with a suggestion", () => {
        throwsValidation(() => load({ "fargate-kit:netwrok": '{"nat":"none"}' }), 'fargate-kit:netwrok: is not a known setting; did you mean "fargate-kit:network"?');
    });

    it("rejects an unknown nested key with a suggestion and the known keys", () => {
        throwsValidation(() => load({ "fargate-kit:network": '{"natt":"none"}' }), 'fargate-kit:network.natt: is not a known setting; did you mean "nat"? Known here: vpcId, publicSubnetIds');
        // A short form of a longer key: the one key that ends with it.
        throwsValidation(() => load({ "fargate-kit:network": '{"zones":2}' }), 'fargate-kit:network.zones: is not a known setting; did you mean "availabilityZones"?');
    });

    it("names the key path, the bad value and what is allowed", () => {
        throwsValidation(() => load({ "fargate-kit:network": '{"nat":"perAZ"}' }), 'fargate-kit:network.nat: is "perAZ"; allowed: "none", "single", "perAz", "instance", "existing"');
        throwsValidation(() => load({ "fargate-kit:network": '{"availabilityZones":"2"}' }), 'fargate-kit:network.availabilityZones: is "2" (a string); expected number');
        throwsValidation(() => load({ "fargate-kit:protect": "yes" }), 'fargate-kit:protect: is "yes" (a string); expected boolean');
        throwsValidation(() => load({ "fargate-kit:app": '{"secrets":{"DB":{"secretsManager":"db","jsonkey":"p"}}}' }), 'fargate-kit:app.secrets.DB.jsonkey: is not a known setting; did you mean "jsonKey"?');
    });

    it("applies the components' own rules to the config, under the config path", () => {
        throwsValidation(() => load({ "fargate-kit:network": '{"nat":"existing"}' }), 'fargate-kit:network.nat: is "existing", which describes an adopted VPC');
        throwsValidation(() => load({ "fargate-kit:cluster": '{"execLogRetentionDays":10}' }), "fargate-kit:cluster.execLogRetentionDays: is 10; allowed: 1, 3, 5");
        throwsValidation(() => load({ "fargate-kit:app": '{"keepTaggedImages":0}' }), "fargate-kit:app.keepTaggedImages: is 0");
    });

    it("requires a valid aws:region", () => {
        throwsValidation(() => load({ "aws:region": undefined }), "aws:region: is missing; set it in Pulumi.<stack>.yaml");
        throwsValidation(() => load({ "aws:region": "useast1" }), 'aws:region: is "useast1"; allowed: an AWS region such as "us-east-1"');
    });

    it("reports every problem in one message", () => {
        const err = throwsValidation(() => load({ "fargate-kit:netwrok": "{}", "fargate-kit:protect": "1", "aws:region": undefined }), 'Stack config of "stage" has 3 problems');
        assert.strictEqual(err.problems.length, 3);
    });

    it("reports a key that fails its shape alone, not the false problems of the keys that refer to it; those checks run once it is read", () => {
        const prod = readStackFiles(root, "prod").config;
        const webServices = JSON.parse(prod["fargate-kit:webServices"]);
        // A typo in the web service: without it, the database's usedBy: [web] and the zone would be reported too.
        const typo = { ...prod, "fargate-kit:webServices": JSON.stringify({ ...webServices, web: { ...webServices.web, healthcheck: { path: "/up" } } }) };
        const err = throwsValidation(() => loadStackConfig(typo, {}, "fargate-kit", "prod", () => false), 'fargate-kit:webServices.web.healthcheck: is not a known setting; did you mean "healthCheck"?');
        assert.deepStrictEqual(err.problems.map((p) => p.path), ["fargate-kit:webServices.web.healthcheck"]);
        // Read, the same file's cross-key problems are reported as before.
        const zoneless = { ...prod, "fargate-kit:webServices": JSON.stringify({ ...webServices, web: { ...webServices.web, domainName: "app.other.org" } }) };
        throwsValidation(() => loadStackConfig(zoneless, {}, "fargate-kit", "prod", () => false), 'fargate-kit:webServices.web.domainName: is "app.other.org", which is outside the zone "example.com"');
    });

    it("takes the image tag from config or $IMAGE_TAG, and refuses two different ones", () => {
        assert.strictEqual(load({ "fargate-kit:imageTag": "abc123" }).imageTag, "abc123");
        assert.strictEqual(load({}, { IMAGE_TAG: "def456" }).imageTag, "def456");
        assert.strictEqual(load({ "fargate-kit:imageTag": "abc123" }, { IMAGE_TAG: "abc123" }).imageTag, "abc123");
        throwsValidation(() => load({ "fargate-kit:imageTag": "abc123" }, { IMAGE_TAG: "def456" }), 'fargate-kit:imageTag: is "abc123" but $IMAGE_TAG is "def456"; set the tag in one place');
        throwsValidation(() => load({}, { IMAGE_TAG: "bad tag" }), '$IMAGE_TAG: is "bad tag"; allowed: a Docker tag');
    });

    it("registers nothing when the config is invalid", async () => {
        await runProgram({ stack: "stage" });
        assert.ok(lastRecording().length > 5, "a valid stage run registers resources");
        await assert.rejects(runProgram({ stack: "stage", overrides: { "fargate-kit:network": { nat: "bogus" } } }), /fargate-kit:network\.nat: is "bogus"/);
        assert.deepStrictEqual(lastRecording(), []);
    });
});

describe("stack config as the Pulumi CLI applies it", () => {
    const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "fk-config-"));

    it("lets a stack leave imageTag unset: the CLI requires declared keys without a default", () => {
        // Pulumi.yaml as it was: imageTag typed but without a default.
        const project = { imageTag: { type: "string" }, protect: { type: "boolean", default: true } };
        assert.throws(() => applyProjectConfig("fargate-kit", "stage", project, {}), /^Error: Stack 'stage' is missing configuration value 'imageTag'$/);
        assert.throws(
            () => applyProjectConfig("fargate-kit", "stage", { ...project, other: { type: "string" } }, {}),
            /Stack 'stage' is missing configuration values 'imageTag' and 'other'/,
        );
        // The real Pulumi.yaml declares it with an empty default, and both stacks load without it.
        const files = readStackFiles(root, "stage");
        assert.strictEqual(files.config["fargate-kit:imageTag"], "");
        assert.strictEqual(loadStackConfig(files.config, {}, "fargate-kit", "stage", () => false).imageTag, undefined);
    });

    it("type-checks declared keys and their defaults with the CLI's wording", () => {
        const project = { protect: { type: "boolean", default: true }, replicas: { type: "integer" } };
        assert.throws(() => applyProjectConfig("p", "stage", project, { "p:protect": { value: "yes", secure: false }, "p:replicas": { value: "2", secure: false } }), /^Error: Stack 'stage' with configuration key 'protect' must be of type 'boolean'$/);
        assert.throws(() => applyProjectConfig("p", "stage", project, { "p:replicas": { value: "two", secure: false } }), /Stack 'stage' with configuration key 'replicas' must be of type 'integer'/);
        assert.throws(() => applyProjectConfig("p", "stage", { protect: { type: "boolean", default: "no" } }, {}), /The default value specified for configuration key 'protect' is not of the expected type 'boolean'/);
        assert.throws(() => applyProjectConfig("p", "stage", { tags: { type: "array" } }, {}), /declares an array but does not specify the underlying type via the 'items' attribute/);
        assert.throws(() => applyProjectConfig("p", "stage", { "aws:region": { default: "us-east-1" } }, {}), /should not define a default value. Did you mean to use the 'value' attribute/);
        const merged = applyProjectConfig("p", "stage", { protect: { type: "boolean", default: true }, "aws:region": { value: "eu-west-1" } }, { "p:replicas": { value: "3", secure: false } });
        assert.deepStrictEqual(merged["p:protect"], { value: "true", secure: false });
        assert.deepStrictEqual(merged["aws:region"], { value: "eu-west-1", secure: false });
    });

    it("runs the program under the offline harness with the CLI's rules: a missing required key fails", async () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: fargate-kit\nruntime: nodejs\nconfig:\n  imageTag:\n    type: string\n");
        fs.copyFileSync(path.join(root, "Pulumi.stage.yaml"), path.join(dir, "Pulumi.stage.yaml"));
        await assert.rejects(runProgram({ root: dir, stack: "stage", program: path.join(root, "index.ts") }), /Stack 'stage' is missing configuration value 'imageTag'/);
    });

    it("reads config under the project's name, whatever Pulumi.yaml calls it", async () => {
        const dir = tmp();
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8").replace(/^name: fargate-kit$/m, "name: shop"));
        fs.writeFileSync(path.join(dir, "Pulumi.stage.yaml"), fs.readFileSync(path.join(root, "Pulumi.stage.yaml"), "utf8").replace(/^  fargate-kit:/gm, "  shop:"));
        const run = await runProgram({ root: dir, stack: "stage", program: path.join(root, "index.ts"), overrides: { "shop:imageTag": "3f2c1ab" } });
        // The worker's settings arrived: maxJobSeconds 120 gives a visibility timeout of 150 s.
        const queue = run.resources.find((r) => r.type === "aws:sqs/queue:Queue" && r.name === "worker-queue")!;
        assert.strictEqual(queue.inputs.visibilityTimeoutSeconds, 150);
        assert.strictEqual(run.resources.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.name === "web-task")!.inputs.family, "shop-stage-web");
    });

    it("rejects keys in a namespace nothing reads, and provider keys the provider does not have", () => {
        throwsValidation(() => load({ "fargate-kits:worker": "{}" }), 'fargate-kits:worker: is in namespace "fargate-kits", which is neither this project\'s ("fargate-kit", the name in Pulumi.yaml) nor a provider\'s this program uses (aws, pulumiservice, pulumi), so nothing would read it; did you mean "fargate-kit:worker"?');
        throwsValidation(() => load({ "aws:regoin": "us-east-1" }), 'aws:regoin: is not a setting of the aws provider; did you mean "aws:region"?');
        // Real provider settings pass.
        assert.strictEqual(load({ "aws:defaultTags": '{"tags":{"team":"web"}}', "aws:profile": "prod", "pulumi:tags": '{"a":"b"}' }).region, "us-east-1");
    });
});

describe("production mode and public IPs", () => {
    const services = (run: ProgramRun) => run.resources.filter((r) => r.type === "aws:ecs/service:Service");

    it("never gives production tasks a public IP unless the stack file says nat: none", async () => {
        const prod = await runProgram({ stack: "prod", overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:network": undefined } });
        assert.deepStrictEqual(prod.resources.find((r) => r.type === "awsx:ec2:Vpc")!.inputs.natGateways, { strategy: "OnePerAz" });
        for (const s of services(prod)) assert.strictEqual(s.inputs.networkConfiguration.assignPublicIp, false, s.name);
        const explicit = await runProgram({ stack: "prod", overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:network": { nat: "none" } } });
        for (const s of services(explicit)) assert.strictEqual(s.inputs.networkConfiguration.assignPublicIp, true, s.name);
        // Not tied to protect: a stack with protect: false and no network key keeps its tasks private too
        // (turning protect off for a teardown must not move prod's tasks to public IPs). Cheap is explicit.
        const stage = await runProgram({ stack: "stage", overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:network": undefined } });
        assert.deepStrictEqual(stage.resources.find((r) => r.type === "awsx:ec2:Vpc")!.inputs.natGateways, { strategy: "OnePerAz" });
    });

    it("asks an adopted VPC in production mode for its private subnets", () => {
        throwsValidation(
            () => loadStackConfig({ ...readStackFiles(root, "prod").config, "fargate-kit:network": '{"vpcId":"vpc-1","publicSubnetIds":["p1","p2"]}' }, {}, "fargate-kit", "prod", () => false),
            'fargate-kit:network.privateSubnetIds: is empty, but the tasks are to run privately (nat "existing" or vpcEndpoints)',
        );
    });
});
