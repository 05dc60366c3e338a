/**
 * The npm library as a consumer gets it: `npm pack`, the tarball installed into a fresh
 * TypeScript project next to one copy of the Pulumi SDKs, type-checked strictly, and run.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packLibrary } from "./slow/pack";

const root = path.join(__dirname, "..");
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");

describe("the packed npm library", function () {
    this.timeout(180000);
    let tmp: string;
    let files: string[];
    let consumer: string;

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fargate-kit-pack-"));
        // Built and packed as `npm pack` does it (tests/slow/pack.ts).
        const packed = packLibrary(tmp);
        files = packed.files;
        consumer = path.join(tmp, "consumer");
        const modules = path.join(consumer, "node_modules");
        fs.mkdirSync(modules, { recursive: true });
        // What `npm install <tarball>` does for the package itself; its peers come from one shared copy.
        execFileSync("tar", ["-xzf", packed.tarball, "-C", modules]);
        fs.renameSync(path.join(modules, "package"), path.join(modules, "fargate-kit"));
        for (const dep of ["@pulumi", "@types", "@grpc", "@opentelemetry", "@logdna", "google-protobuf", "protobufjs"]) {
            if (fs.existsSync(path.join(root, "node_modules", dep))) fs.symlinkSync(path.join(root, "node_modules", dep), path.join(modules, dep));
        }
        fs.copyFileSync(path.join(__dirname, "fixtures", "consumer", "index.ts"), path.join(consumer, "index.ts"));
        fs.copyFileSync(path.join(__dirname, "fixtures", "consumer", "unit.ts"), path.join(consumer, "unit.ts"));
        fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, dependencies: { "fargate-kit": `file:${path.basename(packed.tarball)}` } }));
        fs.writeFileSync(
            path.join(consumer, "tsconfig.json"),
            JSON.stringify({ compilerOptions: { strict: true, noImplicitAny: true, target: "ES2021", module: "commonjs", esModuleInterop: true, skipLibCheck: true, outDir: "out", types: ["node"] }, files: ["index.ts", "unit.ts"] }),
        );
    });

    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("ships the built library with its declarations, and no tests, program or tools", () => {
        assert.ok(files.includes("dist/components/index.js") && files.includes("dist/components/index.d.ts"), files.join(", "));
        assert.ok(files.includes("README.md") && files.includes("LICENSE") && files.includes("CHANGELOG.md"));
        assert.deepStrictEqual(files.filter((f) => !/^dist\/(components|cli)\/.*\.(js|d\.ts)$/.test(f) && !["README.md", "LICENSE", "CHANGELOG.md", "package.json"].includes(f)), []);
        const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
        assert.deepStrictEqual(Object.keys(pkg.dependencies ?? {}), [], "no runtime dependencies beyond the peers");
        assert.ok(pkg.peerDependencies["@pulumi/pulumi"] && pkg.peerDependencies["@pulumi/aws"]);
    });

    it("ships the fargate-kit command, which runs without the AWS SDK clients the library never loads", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
        assert.strictEqual(pkg.bin["fargate-kit"], "dist/cli/main.js");
        assert.ok(files.includes("dist/cli/main.js"), files.join(", "));
        const main = path.join(consumer, "node_modules", "fargate-kit", "dist", "cli", "main.js");
        assert.ok(fs.readFileSync(main, "utf8").startsWith("#!/usr/bin/env node"), "the bin starts with a shebang");
        assert.strictEqual(execFileSync(process.execPath, [main, "--version"], { encoding: "utf8" }).trim(), pkg.version);
        for (const client of ["@aws-sdk/client-cloudwatch-logs", "@aws-sdk/client-sqs", "@aws-sdk/client-scheduler"]) assert.ok(pkg.peerDependenciesMeta[client].optional, client);
        // The consumer installed no AWS SDK client: the command names the one it needs.
        const status = require("child_process").spawnSync(process.execPath, [main, "status", "--outputs", path.join(root, "tests", "cli", "fixtures", "prod-outputs.json")], { cwd: consumer, encoding: "utf8" });
        assert.strictEqual(status.status, 2);
        assert.match(status.stderr, /this command needs @aws-sdk\/client-ecs, an optional dependency of fargate-kit that is not installed: npm install --save-dev @aws-sdk\/client-ecs/);
    });

    it("type-checks a consumer program in strict mode", () => {
        execFileSync(process.execPath, [tsc, "-p", consumer], { cwd: consumer, encoding: "utf8" });
        assert.ok(fs.existsSync(path.join(consumer, "out", "index.js")));
    });

    it("runs the consumer under mocks with FargateWebService, QueueWorker and RegistryRepo, on one copy of the SDK", () => {
        const result = JSON.parse(execFileSync(process.execPath, [path.join(consumer, "out", "index.js")], { cwd: consumer, encoding: "utf8" }).trim().split("\n").pop()!);
        for (const token of ["fargate-kit:index:RegistryRepo", "fargate-kit:index:Cluster", "fargate-kit:index:FargateWebService", "fargate-kit:index:QueueWorker"]) {
            assert.ok(result.registered.includes(token), token);
        }
        assert.strictEqual(result.registered.filter((t: string) => t === "aws:ecs/service:Service").length, 2);
        assert.match(result.refused, /^QueueWorker "bad": task\.cpu: is 300; allowed Fargate CPU units/);
        assert.strictEqual(result.webRollout, 70);
        const sdkFrom = (dir: string) => fs.realpathSync(require.resolve("@pulumi/pulumi", { paths: [dir] }));
        assert.strictEqual(sdkFrom(path.join(consumer, "node_modules", "fargate-kit")), sdkFrom(consumer));
    });

    it("gives library users test helpers: their own unit test with fargate-kit/testing is a few lines", () => {
        const result = JSON.parse(execFileSync(process.execPath, [path.join(consumer, "out", "unit.js")], { cwd: consumer, encoding: "utf8" }).trim().split("\n").pop()!);
        assert.deepStrictEqual(result, { services: 2, cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/shop-dev-app" });
        assert.ok(fs.readFileSync(path.join(__dirname, "fixtures", "consumer", "unit.ts"), "utf8").split("\n").length < 30);
    });
});
