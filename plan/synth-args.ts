/**
 * The command line of `npm run synth`: its options, their usage text and the parser. Kept apart
 * from plan/synth.ts (which runs the program) so that tests check them in-process.
 */
import * as path from "path";
import { suggest } from "../components/internal/validation";

export interface SynthOptions {
    stack?: string;
    stackFile?: string;
    out?: string;
    diff?: [string, string];
    imageTag?: string;
    refreshPrices?: boolean;
    help?: boolean;
}

/** Exit codes: 0 planned (or --help), 1 the stack file is invalid or cannot be read, 2 a usage error. */
export const EXIT = { ok: 0, invalidConfig: 1, usage: 2 } as const;

interface OptionSpec {
    flag: string;
    /** What follows the flag, as the usage shows it; none for a switch. */
    value?: string;
    /** How many values it takes (default 1 with `value`). */
    arity?: number;
    description: string;
}

/** Every option, in the order `--help` lists them. */
export const SYNTH_OPTIONS: readonly OptionSpec[] = [
    { flag: "--stack", value: "<name>", description: "plan Pulumi.<name>.yaml of this directory" },
    { flag: "--stack-file", value: "<path>", description: "plan a stack file kept elsewhere (named Pulumi.<name>.yaml)" },
    { flag: "--diff", value: "<stackA> <stackB>", arity: 2, description: "what differs between two stacks: cost first, then resources" },
    { flag: "--out", value: "<file>", description: "also write the plan as JSON (resources, outputs, estimate, rollout)" },
    { flag: "--image-tag", value: "<tag>", description: "plan this image tag (as CI's $IMAGE_TAG would); default: $IMAGE_TAG, else a placeholder" },
    { flag: "--refresh-prices", description: "read the region's prices from the AWS Price List API even when cached (needs AWS credentials; see docs/prices.md)" },
    { flag: "--help", description: "print this help (also -h)" },
];

export class UsageError extends Error {}

/** The usage text; `stacks` are the stack files found beside Pulumi.yaml. */
export function usage(stacks: readonly string[]): string {
    const names = stacks.length ? stacks.join("|") : "name";
    const width = Math.max(...SYNTH_OPTIONS.map((o) => `${o.flag} ${o.value ?? ""}`.trimEnd().length));
    return [
        "npm run synth: the offline plan of a stack — resources, monthly cost, rollout time, Security Hub",
        "controls — from the real program under Pulumi's mock runtime. No AWS credentials, no Pulumi CLI.",
        "",
        "usage:",
        `  npm run synth -- --stack <${names}> [--out plan.json] [--image-tag <tag>]`,
        "  npm run synth -- --stack-file <path/Pulumi.<name>.yaml> [--out plan.json] [--image-tag <tag>]",
        "  npm run synth -- --diff <stackA> <stackB>",
        "",
        "options:",
        ...SYNTH_OPTIONS.map((o) => `  ${`${o.flag} ${o.value ?? ""}`.trimEnd().padEnd(width)}  ${o.description}`),
        "",
        `exit codes: ${EXIT.ok} planned · ${EXIT.invalidConfig} invalid stack file (the message names the key) · ${EXIT.usage} usage error`,
        "reference of the stack file: docs/stack-file.md",
    ].join("\n");
}

/** Parses the arguments after `npm run synth --`. Throws a UsageError that says what to type instead. */
export function parseSynthArgs(argv: readonly string[]): SynthOptions {
    // --help wins over everything else on the line, mistakes included: it is what one types when unsure.
    if (argv.some((a) => a === "-h" || a === "--help")) return { help: true };
    const o: SynthOptions = {};
    const flags = SYNTH_OPTIONS.map((s) => s.flag);
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        // --stack=stage is --stack stage
        const eq = /^(--[\w-]+)=(.*)$/.exec(arg);
        const flag = eq ? eq[1] : arg;
        const spec = SYNTH_OPTIONS.find((s) => s.flag === flag);
        if (!spec) {
            if (!arg.startsWith("-")) {
                // `npm run synth --stack stage` (no `--`): npm takes the option and passes only "stage".
                throw new UsageError(`unexpected argument ${JSON.stringify(arg)}${i === 0 ? `; did you mean \`npm run synth -- --stack ${arg}\`? (npm passes options on only after --)` : ""}`);
            }
            const guess = suggest(flag.replace(/^-+/, ""), flags.map((f) => f.slice(2)));
            throw new UsageError(`unknown option ${flag}${guess ? `; did you mean --${guess}?` : ""}`);
        }
        const arity = spec.value ? spec.arity ?? 1 : 0;
        const values: string[] = eq ? [eq[2]] : [];
        while (values.length < arity && i + 1 < argv.length && !argv[i + 1].startsWith("--")) values.push(argv[++i]);
        if (values.length < arity || values.some((v) => v === "")) throw new UsageError(`${flag} takes ${arity === 1 ? "a value" : `${arity} values`}: ${flag} ${spec.value}`);
        switch (flag) {
            case "--stack":
                if (o.stackFile !== undefined) throw new UsageError("give --stack or --stack-file, not both");
                o.stack = values[0];
                break;
            case "--stack-file": {
                if (o.stack !== undefined && o.stackFile === undefined) throw new UsageError("give --stack or --stack-file, not both");
                const m = /^Pulumi\.(.+)\.yaml$/.exec(path.basename(values[0]));
                if (!m) throw new UsageError(`--stack-file takes a file named Pulumi.<name>.yaml, not ${JSON.stringify(values[0])}`);
                o.stackFile = values[0];
                o.stack = m[1];
                break;
            }
            case "--diff":
                o.diff = [values[0], values[1]];
                break;
            case "--out":
                o.out = values[0];
                break;
            case "--image-tag":
                o.imageTag = values[0];
                break;
            case "--refresh-prices":
                o.refreshPrices = true;
                break;
        }
    }
    if (o.diff && (o.stack || o.out)) throw new UsageError("--diff compares two stacks by name; give it alone (without --stack, --stack-file or --out)");
    if (!o.stack && !o.diff) throw new UsageError("give --stack <name>, --stack-file <path> or --diff <stackA> <stackB>");
    return o;
}
