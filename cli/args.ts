/**
 * A small argument parser: `--name value`, `--name=value`, boolean flags, `--` passing the rest
 * through untouched (the command of `exec` and `run`). An unknown option is an error that names
 * the nearest known one, so a typo never silently changes what runs.
 */
import { CliError } from "./errors";

export interface OptionSpec {
    /** A flag takes no value; a string option takes one. */
    type: "flag" | "string";
    /** One-letter alias, e.g. `f` for `--follow`. */
    short?: string;
    /** One line for `--help`. */
    help: string;
}

export interface CommandSpec {
    name: string;
    /** Usage after the command name, e.g. `<service> [-- command…]`. */
    usage: string;
    summary: string;
    options: Record<string, OptionSpec>;
    /** How many positional arguments the command takes at most (before `--`). */
    maxPositionals: number;
}

export interface Parsed {
    options: Record<string, string | boolean | undefined>;
    positionals: string[];
    /** What followed `--`, or undefined when there was no `--`. */
    rest: string[] | undefined;
}

/** Options every command takes. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
    stack: { type: "string", short: "s", help: "the Pulumi stack (default: the selected stack)" },
    outputs: { type: "string", help: "read the stack outputs from this JSON file (`pulumi stack output --json > FILE`) instead of running pulumi" },
    region: { type: "string", help: "the AWS region (default: the stack's own region output)" },
    cwd: { type: "string", help: "the Pulumi project directory (default: the current directory)" },
    help: { type: "flag", short: "h", help: "show this help" },
};

export function parseArgs(spec: CommandSpec, argv: string[]): Parsed {
    const known: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS, ...spec.options };
    const byShort = new Map(Object.entries(known).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
    const options: Parsed["options"] = {};
    const positionals: string[] = [];
    let rest: string[] | undefined;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--") {
            rest = argv.slice(i + 1);
            break;
        }
        if (!arg.startsWith("-") || arg === "-") {
            positionals.push(arg);
            continue;
        }
        const eq = arg.indexOf("=");
        const raw = arg.startsWith("--") ? arg.slice(2, eq > 0 ? eq : undefined) : arg.slice(1, eq > 0 ? eq : undefined);
        const name = arg.startsWith("--") ? raw : byShort.get(raw);
        if (name === undefined || !(name in known)) {
            const near = nearest(raw, Object.keys(known));
            throw new CliError(`unknown option ${arg.slice(0, eq > 0 ? eq : undefined)} for "${spec.name}"${near ? `; did you mean --${near}?` : ""} (see fargate-kit ${spec.name} --help)`, 2);
        }
        const option = known[name];
        if (option.type === "flag") {
            if (eq > 0) throw new CliError(`option --${name} takes no value`, 2);
            options[name] = true;
            continue;
        }
        const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new CliError(`option --${name} needs a value`, 2);
        options[name] = value;
    }
    if (positionals.length > spec.maxPositionals) {
        throw new CliError(`too many arguments for "${spec.name}": ${positionals.slice(spec.maxPositionals).join(" ")} (usage: fargate-kit ${spec.name} ${spec.usage}; a command goes after --)`, 2);
    }
    return { options, positionals, rest };
}

/** The closest candidate within a small edit distance, or undefined. */
export function nearest(word: string, candidates: string[]): string | undefined {
    let best: { name: string; d: number } | undefined;
    for (const c of candidates) {
        const d = distance(word.toLowerCase(), c.toLowerCase());
        if (best === undefined || d < best.d) best = { name: c, d };
    }
    if (best === undefined) return undefined;
    return best.d <= Math.max(2, Math.floor(word.length / 3)) || best.name.startsWith(word) ? best.name : undefined;
}

function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = row[j];
            row[j] = next;
        }
    }
    return row[b.length];
}

export function helpText(spec: CommandSpec): string {
    const lines = [`fargate-kit ${spec.name} ${spec.usage}`, "", spec.summary, "", "Options:"];
    const all = { ...spec.options, ...GLOBAL_OPTIONS };
    for (const [name, o] of Object.entries(all)) {
        const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? " <value>" : ""}`;
        lines.push(`  ${flag.padEnd(28)} ${o.help}`);
    }
    return lines.join("\n") + "\n";
}

/** Parses a duration like `10m`, `2h`, `30s`, `1d` into milliseconds. */
export function parseDuration(value: string, option: string): number {
    const m = /^(\d+)(s|m|h|d)$/.exec(value.trim());
    if (!m) throw new CliError(`--${option} is "${value}"; allowed: a number and a unit, e.g. 30s, 10m, 2h, 1d`, 2);
    return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "s" | "m" | "h" | "d"];
}
