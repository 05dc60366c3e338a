/**
 * A consumer's TypeScript project, as an app team has it: the packed tarball installed by npm from
 * the tarball (with @pulumi/pulumi, @pulumi/aws and @types/node, none of the optional packages),
 * and the README's library example compiled by TypeScript 5.x, 6.x and 7.x, each under its own
 * `tsc --init` defaults (strict, exactOptionalPropertyTypes, verbatimModuleSyntax, nodenext) and
 * under Pulumi's TypeScript template tsconfig (no skipLibCheck: the shipped declarations are checked).
 *
 * The library example is read from the docs, so they cannot drift: the first ```ts block, in
 * docs/library.md if that file exists, else in README.md, whose first line imports from "fargate-kit"
 * and which constructs a FargateWebService.
 */
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT, packLibrary } from "./pack";

/** The compilers: the newest of each major the registry has (`npm view typescript versions`). */
const TYPESCRIPTS = { "5": "5.9.3", "6": "6.0.3", "7": "7.0.2" } as const;
/** Pulumi's aws-typescript template tsconfig (pulumi/templates, aws-typescript/tsconfig.json, 2026-03 "Use moduleResolution: nodenext"). */
const PULUMI_TEMPLATE_TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "nodenext",
        moduleResolution: "nodenext",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};
const OPTIONAL_PACKAGES = ["@pulumi/pulumiservice", "@pulumi/awsx", "@aws-sdk/client-ecs"];

/** The README's (or docs/library.md's) library example; see the file comment for how it is found. */
export function libraryExample(root = ROOT): { file: string; code: string } {
    for (const file of ["docs/library.md", "README.md"]) {
        const full = path.join(root, file);
        if (!fs.existsSync(full)) continue;
        for (const [, code] of fs.readFileSync(full, "utf8").matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
            if (/^import [^\n]* from "fargate-kit";/.test(code) && code.includes("new FargateWebService(")) return { file, code };
        }
        if (file === "docs/library.md") throw new Error("docs/library.md has no ```ts block importing from \"fargate-kit\" that constructs a FargateWebService");
    }
    throw new Error("README.md has no ```ts block importing from \"fargate-kit\" that constructs a FargateWebService");
}

/** What every consumer writes beside the example: values that may be undefined, as exactOptionalPropertyTypes sees them. */
const EXACT_OPTIONAL = `import { Cluster, FargateWebService, RegistryRepo, QueueWorker, withCommand } from "fargate-kit";
import { mockFargateKit } from "fargate-kit/testing";

const repo = new RegistryRepo("exact", { imageTag: process.env.IMAGE_TAG });
const cluster = new Cluster("exact", { containerInsights: "enhanced" });
const task = { image: repo.imageUri, cpu: 512, memory: 1024, containers: [{ name: "web", ports: [{ containerPort: 8080 }] }] };
const web = new FargateWebService("exact", { cluster: cluster.cluster, vpcId: "vpc-1", subnetIds: ["subnet-a"], loadBalancerSubnetIds: ["subnet-b", "subnet-c"], task, domainName: process.env.DOMAIN_NAME });
new QueueWorker("exact", { cluster: cluster.cluster, vpcId: "vpc-1", subnetIds: ["subnet-a"], task: withCommand(task, ["bin/jobs"]), maxJobSeconds: undefined });
export const url = web.url;
export const mocks = mockFargateKit;
`;

function run(command: string, args: string[], cwd: string): { status: number | null; output: string } {
    const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" } });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe("a consumer's TypeScript project (5.x, 6.x, 7.x; tsc --init defaults and Pulumi's template)", function () {
    this.timeout(600000);
    let tmp: string;
    let project: string;
    let installOutput: string;
    let packedFiles: string[];
    const compilers: Record<string, string> = {};

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fargate-kit-consumer-"));
        const packed = packLibrary(tmp);
        packedFiles = packed.files;
        project = path.join(tmp, "project");
        fs.mkdirSync(project);
        const ours = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        // The compilers under aliases, all in the project's own node_modules; the SDKs at the versions we test with.
        const typescripts = Object.fromEntries(Object.entries(TYPESCRIPTS).map(([major, v]) => [`typescript${major}`, `npm:typescript@${v}`]));
        fs.writeFileSync(
            path.join(project, "package.json"),
            JSON.stringify({
                name: "consumer",
                private: true,
                dependencies: { "@pulumi/pulumi": ours.devDependencies["@pulumi/pulumi"], "@pulumi/aws": ours.devDependencies["@pulumi/aws"] },
                devDependencies: { "@types/node": ours.devDependencies["@types/node"], ...typescripts },
                // Every Pulumi program approves @pulumi/pulumi's protobufjs once (npm 11); fargate-kit itself needs no approval.
                allowScripts: { protobufjs: true },
            }),
        );
        const base = run("npm", ["install", "--prefer-offline"], project);
        assert.strictEqual(base.status, 0, base.output);
        const install = run("npm", ["install", "--prefer-offline", packed.tarball], project);
        assert.strictEqual(install.status, 0, install.output);
        installOutput = install.output;
        for (const major of Object.keys(TYPESCRIPTS)) compilers[major] = path.join(project, "node_modules", `typescript${major}`, "bin", "tsc");
    });

    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("installs from the tarball without an install-script warning, and without the optional packages", () => {
        assert.doesNotMatch(installOutput, /install-scripts|install script/i, installOutput);
        for (const pkg of OPTIONAL_PACKAGES) assert.ok(!fs.existsSync(path.join(project, "node_modules", pkg)), `${pkg} was installed`);
        const manifest = JSON.parse(fs.readFileSync(path.join(project, "node_modules", "fargate-kit", "package.json"), "utf8"));
        assert.strictEqual(manifest.scripts, undefined, "the shipped manifest has no scripts (npm 11 lists a dependency's prepare/install scripts)");
        for (const major of Object.keys(TYPESCRIPTS)) assert.ok(fs.existsSync(compilers[major]), compilers[major]);
    });

    it("ships a package.json whose every exports target is a file in the package", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(project, "node_modules", "fargate-kit", "package.json"), "utf8"));
        const targets: string[] = [];
        const walk = (v: unknown) => (typeof v === "string" ? targets.push(v) : v && typeof v === "object" ? Object.values(v).forEach(walk) : undefined);
        walk(manifest.exports);
        assert.ok(targets.includes(manifest.exports["."].default), JSON.stringify(manifest.exports));
        assert.strictEqual(manifest.exports["."].default, "./dist/components/index.js");
        const missing = targets.filter((t) => !packedFiles.includes(t.replace(/^\.\//, "")));
        assert.deepStrictEqual(missing, []);
    });

    /** A source directory of the project with its own package.json (module format) and tsconfig. */
    function sourceDir(name: string, type: "module" | "commonjs", tsconfig: object): string {
        const dir = path.join(project, name);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, type }));
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
        fs.writeFileSync(path.join(dir, "index.ts"), `${libraryExample().code}\nimport "./exact.js";\n`);
        fs.writeFileSync(path.join(dir, "exact.ts"), EXACT_OPTIONAL);
        return dir;
    }

    /** `tsc --init` of that version, as JSON (it writes JSONC with comments and trailing commas). */
    function initConfig(major: string): { compilerOptions: Record<string, unknown> } {
        const dir = fs.mkdtempSync(path.join(tmp, `init${major}-`));
        execFileSync(process.execPath, [compilers[major], "--init"], { cwd: dir, stdio: "ignore" });
        const jsonc = fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8");
        const json = jsonc.replace(/^\s*\/\/.*$/gm, "").replace(/\/\*[\s\S]*?\*\//g, "").replace(/,(\s*[}\]])/g, "$1");
        return JSON.parse(json);
    }

    function compile(major: string, dir: string): string {
        const r = run(process.execPath, [compilers[major], "-p", dir, "--noEmit"], project);
        return r.status === 0 ? "" : r.output;
    }

    it("reads the library example from the docs", () => {
        const { code } = libraryExample();
        assert.match(code, /new FargateWebService\(/);
    });

    for (const major of Object.keys(TYPESCRIPTS)) {
        it(`TypeScript ${major}.x: compiles under its own tsc --init defaults (an ES module program)`, () => {
            const init = initConfig(major);
            // What tsc --init chose and this test relies on: the strict settings the issue names.
            for (const [k, v] of Object.entries({ strict: true, exactOptionalPropertyTypes: true, verbatimModuleSyntax: true, module: "nodenext", skipLibCheck: true })) assert.strictEqual(init.compilerOptions[k], v, `tsc --init of ${major}.x: ${k}`);
            // The one change a Node program makes: `types: []` leaves out @types/node (process.env).
            const dir = sourceDir(`init${major}`, "module", { ...init, compilerOptions: { ...init.compilerOptions, types: ["node"] } });
            assert.strictEqual(compile(major, dir), "");
        });

        it(`TypeScript ${major}.x: the shipped declarations pass its tsc --init defaults with skipLibCheck off`, () => {
            const init = initConfig(major);
            const dir = sourceDir(`init${major}-libcheck`, "module", { ...init, compilerOptions: { ...init.compilerOptions, types: ["node"], skipLibCheck: false } });
            // Other packages' declarations are theirs to fix (@pulumi/* are not written for exactOptionalPropertyTypes); ours and the program must be clean.
            const ours = compile(major, dir)
                .split("\n")
                .filter((l) => /error TS\d+/.test(l) && (!l.startsWith("node_modules/") || l.startsWith("node_modules/fargate-kit/")));
            assert.deepStrictEqual(ours, []);
        });

        it(`TypeScript ${major}.x: compiles under Pulumi's template tsconfig, declarations checked (no skipLibCheck)`, () => {
            const dir = sourceDir(`pulumi${major}`, "commonjs", PULUMI_TEMPLATE_TSCONFIG);
            assert.strictEqual(compile(major, dir), "");
        });
    }

    /**
     * What Pulumi's Node.js language host does with the program's `typescript` (@pulumi/pulumi
     * cmd/run/run.js and tsutils.js, 3.248): it loads `typescript` and `ts-node` from the program's
     * node_modules (ts-node falls back to the SDK's vendored 7.0.1) and registers ts-node with that
     * compiler. TypeScript 7's package has no JavaScript API (`require("typescript")` gives only its
     * version), so ts-node cannot compile: a Pulumi program pins typescript ^5 or ^6.
     */
    function languageHostRuns(major: string): { status: number | null; output: string } {
        const link = path.join(project, "node_modules", "typescript");
        fs.rmSync(link, { recursive: true, force: true });
        fs.symlinkSync(path.join(project, "node_modules", `typescript${major}`), link, "dir");
        const dir = path.join(project, `host${major}`);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: `host${major}`, private: true }));
        fs.writeFileSync(path.join(dir, "index.ts"), `import { FargateWebService } from "fargate-kit";\nconst kind: string = typeof FargateWebService;\nconsole.log(\`loaded \${kind}\`);\n`);
        const host = `
            const tsutils = require("@pulumi/pulumi/tsutils");
            const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
            const ts = require(typescriptRequire);
            const [major, minor] = ts.version.split(".").map(Number);
            const useNodeNext = major > 4 || (major === 4 && minor >= 7);
            require(tsnodeRequire).register({
                compiler: typescriptRequire,
                transpileOnly: undefined,
                skipProject: true,
                compilerOptions: { target: "ES2020", module: useNodeNext ? "nodenext" : "commonjs", moduleResolution: useNodeNext ? "nodenext" : "node", sourceMap: "true" },
            });
            require("./index.ts");`;
        return run(process.execPath, ["-e", host], dir);
    }

    it("Pulumi's language host runs a program with typescript 5.x or 6.x in its node_modules, and fails with 7.x", () => {
        try {
            for (const major of ["5", "6"]) {
                const r = languageHostRuns(major);
                assert.strictEqual(r.status, 0, `typescript ${major}.x: ${r.output}`);
                assert.match(r.output, /loaded function/);
            }
            const seven = languageHostRuns("7");
            assert.notStrictEqual(seven.status, 0, seven.output);
            assert.match(seven.output, /Cannot read properties of undefined/);
        } finally {
            fs.rmSync(path.join(project, "node_modules", "typescript"), { recursive: true, force: true });
        }
    });
});
