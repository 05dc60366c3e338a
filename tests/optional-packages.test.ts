/**
 * The optional peer packages (@pulumi/pulumiservice, @pulumi/awsx, @aws-sdk/client-ecs) are loaded
 * only by the features that need them; without one, that feature says which package to install,
 * before it creates anything. (tests/slow/consumer-typescript.test.ts compiles a consumer without them.)
 */
import * as assert from "assert";
import Module = require("module");
import { PulumiDeployments } from "../components/platform/deployments";
import { Network } from "../components/platform/network";
import { OPTIONAL_PACKAGES, requireOptional } from "../components/internal/optional-package";
import { lastRecording, runInMocks } from "../tools/mock-runtime";

/** Runs `body` as if `pkg` were not installed (Node's own MODULE_NOT_FOUND for it and its modules). */
async function without<T>(pkg: string, body: () => Promise<T>): Promise<T> {
    // Module._load sees every require, also of a module already loaded (the worker may have loaded it).
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const load = loader._load;
    loader._load = function (request: string, ...rest: unknown[]) {
        if (request === pkg || request.startsWith(`${pkg}/`)) throw Object.assign(new Error(`Cannot find module '${request}'`), { code: "MODULE_NOT_FOUND" });
        return load.call(this, request, ...rest);
    };
    try {
        return await body();
    } finally {
        loader._load = load;
    }
}

async function refusal(build: () => unknown): Promise<string> {
    try {
        await runInMocks(build);
        return "constructed";
    } catch (e) {
        return (e as Error).message;
    }
}

describe("optional packages", () => {
    it("PulumiDeployments without @pulumi/pulumiservice names the package and creates nothing", async () => {
        const message = await without("@pulumi/pulumiservice", () => refusal(() => new PulumiDeployments("deploy", { organization: "acme", repository: "acme/app" })));
        assert.strictEqual(message, 'PulumiDeployments "deploy": needs the optional package @pulumi/pulumiservice, which is not installed (used by PulumiDeployments); install it: npm install @pulumi/pulumiservice');
        assert.deepStrictEqual(lastRecording().filter((r) => r.custom).map((r) => r.type), []);
    });

    it("Network creating a VPC without @pulumi/awsx names the package; adopting a VPC needs none", async () => {
        const message = await without("@pulumi/awsx", () => refusal(() => new Network("app", { nat: "single" })));
        assert.match(message, /^Network "app": needs the optional package @pulumi\/awsx, which is not installed \(used by Network creating a VPC/);
        const adopted = await without("@pulumi/awsx", () => refusal(() => new Network("app", { vpcId: "vpc-1", publicSubnetIds: ["subnet-a", "subnet-b"] })));
        assert.strictEqual(adopted, "constructed");
    });

    it("passes other load errors through unchanged (a missing module inside the package is not the package missing)", () => {
        const inner = Object.assign(new Error("Cannot find module 'protobufjs'"), { code: "MODULE_NOT_FOUND" });
        assert.throws(() => requireOptional("@pulumi/pulumiservice", "@pulumi/pulumiservice", "x", () => { throw inner; }), (e) => e === inner);
        assert.strictEqual(requireOptional<number>("@aws-sdk/client-ecs", "@aws-sdk/client-ecs", "x", () => 42), 42);
        assert.deepStrictEqual(Object.keys(OPTIONAL_PACKAGES).sort(), ["@aws-sdk/client-ecs", "@pulumi/awsx", "@pulumi/pulumiservice"]);
    });
});
