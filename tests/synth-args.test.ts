/** The command line of `npm run synth`: --help lists every option, a mistyped one gets the nearest. */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { EXIT, SYNTH_OPTIONS, UsageError, parseSynthArgs, usage } from "../plan/synth-args";
import { readStackFiles } from "../tools/mock-runtime";

const root = path.join(__dirname, "..");
const fails = (argv: string[], message: string) => assert.throws(() => parseSynthArgs(argv), (e: Error) => e instanceof UsageError && e.message === message);

describe("npm run synth: command line", () => {
    it("--help lists every option the parser takes, each with a description, and the exit codes", () => {
        const text = usage(["prod", "stage"]);
        for (const o of SYNTH_OPTIONS) assert.match(text, new RegExp(`\\n  ${o.flag}${o.value ? ` ${o.value.replace(/[<>]/g, "\\$&")}` : ""} +\\S`), o.flag);
        assert.deepStrictEqual(SYNTH_OPTIONS.map((o) => o.flag), ["--stack", "--stack-file", "--diff", "--out", "--image-tag", "--refresh-prices", "--help"]);
        assert.match(text, /npm run synth -- --stack <prod\|stage>/);
        assert.match(text, /exit codes: 0 planned · 1 invalid stack file .* · 2 usage error/);
        // Each listed option is one the parser accepts (a switch alone; an option with its values).
        for (const o of SYNTH_OPTIONS) {
            const argv = o.flag === "--help" ? ["--help"] : o.flag === "--diff" ? ["--diff", "stage", "prod"] : o.flag === "--stack-file" ? ["--stack-file", "x/Pulumi.multi.yaml"] : ["--stack", "stage", ...(o.flag === "--stack" ? [] : (o.value ? [o.flag, "v"] : [o.flag]))];
            assert.doesNotThrow(() => parseSynthArgs(argv), o.flag);
        }
        assert.deepStrictEqual(parseSynthArgs(["-h"]), { help: true });
        assert.deepStrictEqual(parseSynthArgs(["--stak", "stage", "--help"]), { help: true });
    });

    it("parses what it documents, --flag=value too", () => {
        assert.deepStrictEqual(parseSynthArgs(["--stack", "stage", "--out", "plan.json", "--image-tag", "3f2c1ab"]), { stack: "stage", out: "plan.json", imageTag: "3f2c1ab" });
        assert.deepStrictEqual(parseSynthArgs(["--stack", "prod", "--refresh-prices"]), { stack: "prod", refreshPrices: true });
        assert.deepStrictEqual(parseSynthArgs(["--stack=prod"]), { stack: "prod" });
        assert.deepStrictEqual(parseSynthArgs(["--stack-file", "examples/stacks/Pulumi.multi.yaml"]), { stackFile: "examples/stacks/Pulumi.multi.yaml", stack: "multi" });
        assert.deepStrictEqual(parseSynthArgs(["--diff", "stage", "prod"]), { diff: ["stage", "prod"] });
    });

    it("names the nearest option for a mistyped one, and says what a value-less option takes", () => {
        fails(["--stak", "stage"], "unknown option --stak; did you mean --stack?");
        fails(["--stackfile", "x"], "unknown option --stackfile; did you mean --stack-file?");
        fails(["--imagetag", "x"], "unknown option --imagetag; did you mean --image-tag?");
        fails(["--stack", "stage", "--outt", "p.json"], "unknown option --outt; did you mean --out?");
        fails(["--verbose"], "unknown option --verbose");
        fails(["stage"], 'unexpected argument "stage"; did you mean `npm run synth -- --stack stage`? (npm passes options on only after --)');
        fails(["--stack"], "--stack takes a value: --stack <name>");
        fails(["--stack", "--out", "x"], "--stack takes a value: --stack <name>");
        fails(["--diff", "stage"], "--diff takes 2 values: --diff <stackA> <stackB>");
        fails(["--stack-file", "stage.yaml"], '--stack-file takes a file named Pulumi.<name>.yaml, not "stage.yaml"');
        fails(["--stack", "stage", "--stack-file", "x/Pulumi.multi.yaml"], "give --stack or --stack-file, not both");
        fails(["--diff", "stage", "prod", "--out", "x.json"], "--diff compares two stacks by name; give it alone (without --stack, --stack-file or --out)");
        fails([], "give --stack <name>, --stack-file <path> or --diff <stackA> <stackB>");
    });

    it("names the nearest stack for a mistyped --stack", () => {
        assert.throws(() => readStackFiles(root, "stag"), { message: "no stack file Pulumi.stag.yaml; did you mean --stack stage? stacks: prod, stage" });
        assert.throws(() => readStackFiles(root, "qa"), { message: "no stack file Pulumi.qa.yaml; stacks: prod, stage" });
    });

    it("runs as a command: --help prints the usage on stdout and exits 0", () => {
        // One spawned process (slow on a busy machine); the error path's message and code are the parser's and EXIT.
        const help = spawnSync(process.execPath, ["-r", "./tools/register.js", "plan/synth.ts", "--stak", "--help"], { cwd: root, encoding: "utf8" });
        assert.strictEqual(help.status, EXIT.ok, help.stderr);
        assert.strictEqual(help.stdout.trim(), usage(fs.readdirSync(root).flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []).sort()));
        assert.strictEqual(EXIT.usage, 2);
    });
});
