/**
 * `npm run synth -- --help` lists the options (plan/synth-args.ts).
 *
 * Prices: a cached Price List read, the Price List API when AWS credentials are configured, else
 * the bundled table (plan/region-prices.ts; `FARGATE_KIT_PRICES=bundled` stays offline).
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
import { EXIT, UsageError, parseSynthArgs, usage } from "./synth-args";
import { resolveRegionPrices } from "./region-prices";

/** The tag the plan shows when CI has not set one: services appear as they would after the first push. */
const PLACEHOLDER_TAG = "0000000";

async function plan(stack: string, imageTag: string | undefined, stackFile?: string, refreshPrices = false) {
    // --image-tag travels the way CI's tag does, as $IMAGE_TAG. Without any tag (here or in the
    // stack file) the plan shows the services with a placeholder tag, and says so.
    const files = readStackFiles(process.cwd(), stack, {}, stackFile);
    const configured = files.config[`${files.project}:imageTag`];
    const tag = imageTag ?? (process.env.IMAGE_TAG || undefined);
    const placeholder = tag === undefined && !configured;
    process.env.IMAGE_TAG = placeholder ? PLACEHOLDER_TAG : tag ?? "";
    const run = await runProgram({ root: process.cwd(), stack, stackFile, printLog: true });
    await resolveRegionPrices(run.region, { refresh: refreshPrices });
    return { run, plan: buildPlan(run), placeholder };
}

async function main(): Promise<number> {
    const o = parseSynthArgs(process.argv.slice(2));
    if (o.help) {
        console.log(usage(listStacks(process.cwd())));
        return EXIT.ok;
    }
    if (o.diff) {
        const [a, b] = o.diff;
        const left = await plan(a, o.imageTag, undefined, o.refreshPrices);
        const right = await plan(b, o.imageTag, undefined, o.refreshPrices);
        console.log(diffPlans(left.plan, right.plan));
        return EXIT.ok;
    }
    const { run, plan: p, placeholder } = await plan(o.stack!, o.imageTag, o.stackFile && path.resolve(o.stackFile), o.refreshPrices);
    console.log(summarize(p, run));
    if (placeholder) console.log(`\n(image tag: placeholder ${PLACEHOLDER_TAG}; set $IMAGE_TAG or --image-tag to plan a real one)`);
    if (o.out) {
        fs.writeFileSync(o.out, JSON.stringify(p, null, 2) + "\n");
        console.log(`\nPlan written to ${o.out}`);
    }
    return EXIT.ok;
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        const e = err as Error & { problems?: unknown };
        if (err instanceof UsageError) {
            console.error(`synth: ${e.message}\nRun \`npm run synth -- --help\` for every option.`);
            process.exit(EXIT.usage);
        }
        // Validation and setup errors are for the user: the message, never a stack trace.
        console.error(e?.message ?? String(err));
        process.exit(EXIT.invalidConfig);
    },
);
