/**
 * `npm run synth -- --stack <name> [--out plan.json] [--image-tag <tag>]`
 * `npm run synth -- --stack-file <path/Pulumi.<name>.yaml> [--out plan.json] [--image-tag <tag>]`
 * `npm run synth -- --diff <stackA> <stackB>`
 *
 * Runs the real program (index.ts) for a stack under Pulumi's mock runtime — no AWS
 * credentials, no Pulumi CLI — and prints the resource tree, key settings, a monthly cost
 * estimate and the modelled rollout time of each service. Invalid config exits 1 with the
 * validation message only.
 */
import * as fs from "fs";
import * as path from "path";
import { listStacks, readStackFiles, runProgram } from "../tools/mock-runtime";
import { buildPlan, diffPlans, summarize } from "./plan";

/** The tag the plan shows when CI has not set one: services appear as they would after the first push. */
const PLACEHOLDER_TAG = "0000000";

interface Options {
    stack?: string;
    stackFile?: string;
    out?: string;
    diff?: [string, string];
    imageTag?: string;
}

function parse(argv: string[]): Options {
    const o: Options = {};
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--stack") o.stack = argv[++i];
        else if (a === "--out") o.out = argv[++i];
        else if (a === "--stack-file") {
            o.stackFile = argv[++i];
            const m = /^Pulumi\.(.+)\.yaml$/.exec(path.basename(o.stackFile ?? ""));
            if (!m) throw new UsageError(`--stack-file takes a file named Pulumi.<stack>.yaml, not ${JSON.stringify(o.stackFile)}`);
            o.stack = m[1];
        }
        else if (a === "--image-tag") o.imageTag = argv[++i];
        else if (a === "--diff") o.diff = [argv[++i], argv[++i]];
        else throw new UsageError(`unknown argument ${JSON.stringify(a)}`);
    }
    if (!o.stack && !o.diff) throw new UsageError("give --stack <name> or --diff <stackA> <stackB>");
    if (o.diff && (!o.diff[0] || !o.diff[1])) throw new UsageError("--diff takes two stack names");
    return o;
}

class UsageError extends Error {}

async function plan(stack: string, imageTag: string | undefined, stackFile?: string) {
    // --image-tag travels the way CI's tag does, as $IMAGE_TAG. Without any tag (here or in the
    // stack file) the plan shows the services with a placeholder tag, and says so.
    const files = readStackFiles(process.cwd(), stack, {}, stackFile);
    const configured = files.config[`${files.project}:imageTag`];
    const tag = imageTag ?? (process.env.IMAGE_TAG || undefined);
    const placeholder = tag === undefined && !configured;
    process.env.IMAGE_TAG = placeholder ? PLACEHOLDER_TAG : tag ?? "";
    const run = await runProgram({ root: process.cwd(), stack, stackFile, printLog: true });
    return { run, plan: buildPlan(run), placeholder };
}

async function main(): Promise<number> {
    const o = parse(process.argv.slice(2));
    if (o.diff) {
        const [a, b] = o.diff;
        const left = await plan(a, o.imageTag);
        const right = await plan(b, o.imageTag);
        console.log(diffPlans(left.plan, right.plan));
        return 0;
    }
    const { run, plan: p, placeholder } = await plan(o.stack!, o.imageTag, o.stackFile && path.resolve(o.stackFile));
    console.log(summarize(p, run));
    if (placeholder) console.log(`\n(image tag: placeholder ${PLACEHOLDER_TAG}; set $IMAGE_TAG or --image-tag to plan a real one)`);
    if (o.out) {
        fs.writeFileSync(o.out, JSON.stringify(p, null, 2) + "\n");
        console.log(`\nPlan written to ${o.out}`);
    }
    return 0;
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        const e = err as Error & { problems?: unknown };
        if (err instanceof UsageError) {
            console.error(`synth: ${e.message}\nusage: npm run synth -- --stack <${listStacks(process.cwd()).join("|")}> [--out plan.json] [--image-tag <tag>]\n       npm run synth -- --diff <stackA> <stackB>`);
            process.exit(2);
        }
        // Validation and setup errors are for the user: the message, never a stack trace.
        console.error(e?.message ?? String(err));
        process.exit(1);
    },
);
