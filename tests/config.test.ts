import * as assert from "assert";
import * as path from "path";
import { loadStackConfig } from "../stack/config";
import { lastRecording, readStackFiles, runProgram } from "../tools/mock-runtime";
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
    });

    it("names the key path, the bad value and what is allowed", () => {
        throwsValidation(() => load({ "fargate-kit:network": '{"nat":"perAZ"}' }), 'fargate-kit:network.nat: is "perAZ"; allowed: "none", "single", "perAz", "existing"');
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
