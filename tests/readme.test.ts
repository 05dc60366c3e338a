/**
 * The README is the first hour: its first screen names the file to edit and the commands, its
 * stack-file sample plans as written, and every link from it and from docs/ leads somewhere.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { runProgram } from "../tools/mock-runtime";
import { buildPlan } from "../plan/plan";

const root = path.join(__dirname, "..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");

/** Docs other branches add (linked from the README ahead of their merge); every other link must resolve now. */
const ADDED_IN_PARALLEL: string[] = [];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchors = (markdown: string) =>
    new Set(
        [...markdown.replace(/```[\s\S]*?```/g, "").matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
            m[1].trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-"),
        ),
    );

describe("README and docs", () => {
    it("names the file to edit, the plan, the test and the reference on its first screen (30 lines)", () => {
        const first = readme.split("\n").slice(0, 30).join("\n");
        for (const needle of ["Pulumi.stage.yaml", "npm install", "npm run synth -- --stack stage", "npm test", "docs/stack-file.md", "webServices", "healthCheck", "workers", "domainName"]) {
            assert.ok(first.includes(needle), `the README's first 30 lines lack ${needle}`);
        }
        assert.ok(readme.split("\n").length < 120, "the README stays a first page; long content goes to docs/");
    });

    it("has a Quickstart stack-file sample that plans as written (with a region and a tag)", async () => {
        const sample = /```yaml\n([\s\S]*?)```/.exec(readme)![1].replace(/^ {3}/gm, "");
        const config = { "aws:region": "us-east-1", "fargate-kit:imageTag": "3f2c1ab9e0d4", ...parse(sample) };
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-"));
        const file = path.join(dir, "Pulumi.readme.yaml");
        fs.writeFileSync(file, JSON.stringify({ config }));
        const run = await runProgram({ stack: "readme", stackFile: file });
        const plan = buildPlan(run);
        const services = plan.resources.filter((r) => r.type === "aws:ecs/service:Service").map((r) => r.name).sort();
        assert.deepStrictEqual(services, ["web", "worker"]);
        const rule = plan.resources.find((r) => r.type === "aws:lb/listenerRule:ListenerRule" && r.name === "web-route")!;
        assert.ok(JSON.stringify(rule.inputs).includes("shop.example.com") || plan.resources.some((r) => r.type === "aws:route53/record:Record" && JSON.stringify(r.inputs).includes("shop.example.com")));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("links only to files and headings that exist", () => {
        const files = ["README.md", ...fs.readdirSync(path.join(root, "docs")).map((f) => `docs/${f}`)].filter((f) => f.endsWith(".md"));
        const broken: string[] = [];
        for (const file of files) {
            const text = fs.readFileSync(path.join(root, file), "utf8").replace(/```[\s\S]*?```/g, "");
            for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
                const [target, anchor] = m[1].split("#");
                if (/^[a-z]+:/.test(target)) continue;
                const resolved = target ? path.posix.normalize(path.posix.join(path.posix.dirname(file), target)) : file;
                if (ADDED_IN_PARALLEL.includes(resolved)) continue;
                if (!fs.existsSync(path.join(root, resolved))) broken.push(`${file}: ${m[1]}`);
                else if (anchor && resolved.endsWith(".md") && !anchors(fs.readFileSync(path.join(root, resolved), "utf8")).has(anchor)) broken.push(`${file}: ${m[1]} (no such heading)`);
            }
        }
        assert.deepStrictEqual(broken, []);
    });

    it("shows the image build with --platform and one tag length wherever it tags by commit", () => {
        for (const file of ["README.md", "docs/delivery.md", "docs/operations.md"]) {
            const text = fs.readFileSync(path.join(root, file), "utf8");
            for (const line of text.split("\n").filter((l) => /^docker build /.test(l))) assert.match(line, /--platform /, `${file}: ${line}`);
            for (const m of text.matchAll(/git rev-parse --short(=\d+)?/g)) assert.strictEqual(m[1], "=12", `${file}: ${m[0]}`);
        }
    });
});
