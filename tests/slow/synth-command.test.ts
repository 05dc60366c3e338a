/**
 * The offline plan as a command (`npm run synth`): each test runs plan/synth.ts in a process of its
 * own (exit codes, stdout and stderr as a user sees them). Process-spawning tests live in
 * test:slow: each process loads the whole program (tests/synth.test.ts covers the plan in-process).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Plan } from "../../plan/plan";

const root = path.join(__dirname, "..", "..");

function synth(args: string[], env: Record<string, string> = {}) {
    const r = spawnSync(process.execPath, ["-r", "./tools/register.js", "plan/synth.ts", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, IMAGE_TAG: "", FARGATE_KIT_PRICES: "bundled", ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("offline plan as a command (npm run synth)", function () {
    this.timeout(120000);

    it("runs for a region it cannot price (eu-central-1) as a command, exit 0", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "region-"));
        for (const f of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(root, f), path.join(dir, f));
        for (const d of ["stack", "components", "node_modules"]) fs.symlinkSync(path.join(root, d), path.join(dir, d));
        fs.writeFileSync(path.join(dir, "Pulumi.stage.yaml"), fs.readFileSync(path.join(root, "Pulumi.stage.yaml"), "utf8").replace("aws:region: us-east-1", "aws:region: eu-central-1"));
        const r = spawnSync(process.execPath, ["-r", path.join(root, "tools/register.js"), path.join(root, "plan/synth.ts"), "--stack", "stage", "--image-tag", "abc1234"], { cwd: dir, encoding: "utf8", env: { ...process.env, IMAGE_TAG: "", FARGATE_KIT_PRICES: "bundled" } });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stdout, /Monthly cost estimate: not priced: eu-central-1 is not in the bundled price table \(plan\/prices\.ts, [\d-]+: us-east-1, ap-northeast-1\) and FARGATE_KIT_PRICES=bundled keeps the plan off the AWS Price List API; missing: every price the plan uses \(Fargate x86 vCPU-hour, /);
        assert.strictEqual(r.stdout.match(/not priced/g)?.length, 1, "said once");
    });

    it("runs as a command: writes the plan JSON with --out, and exits 1 with only the message on bad config", () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "synth-")), "plan.json");
        const ok = synth(["--stack", "stage", "--out", out], { IMAGE_TAG: "abc1234" });
        assert.strictEqual(ok.code, 0, ok.stderr);
        assert.deepStrictEqual(Object.keys(JSON.parse(fs.readFileSync(out, "utf8"))), ["project", "stack", "resources", "outputs", "estimate", "rollout"]);
        assert.match(ok.stdout, /Monthly cost estimate/);

        const bad = synth(["--stack", "stage"], { IMAGE_TAG: "not a tag" });
        assert.strictEqual(bad.code, 1);
        assert.strictEqual(bad.stderr.trim(), 'Stack config of "stage": $IMAGE_TAG: is "not a tag"; allowed: a Docker tag such as a git SHA');
        assert.doesNotMatch(bad.stderr, /\n\s+at /);
    });

    it("plans the tag given with --image-tag (it travels like CI's $IMAGE_TAG), and a placeholder without one", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-"));
        const image = (file: string) => {
            const plan: Plan = JSON.parse(fs.readFileSync(file, "utf8"));
            const td = plan.resources.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.name === "web-task")!;
            return JSON.parse(String(td.inputs.containerDefinitions))[0].image;
        };
        const tagged = synth(["--stack", "stage", "--image-tag", "9f8e7d6", "--out", path.join(dir, "tagged.json")]);
        assert.strictEqual(tagged.code, 0, tagged.stderr);
        assert.strictEqual(image(path.join(dir, "tagged.json")), "123456789012.dkr.ecr.us-east-1.amazonaws.com/fargate-kit-stage-app:9f8e7d6");
        assert.doesNotMatch(tagged.stdout, /placeholder/);
        const untagged = synth(["--stack", "stage", "--out", path.join(dir, "untagged.json")]);
        assert.strictEqual(untagged.code, 0, untagged.stderr);
        assert.match(image(path.join(dir, "untagged.json")), /:0000000$/);
        assert.match(untagged.stdout, /image tag: placeholder 0000000/);
    });
});
