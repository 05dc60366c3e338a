#!/usr/bin/env node
/**
 * `fargate-kit`: day 2 of a fargate-kit stack from one command. Reads the stack's outputs
 * (`pulumi stack output --json`, or --outputs FILE) and talks to AWS with the SDK v3 and the
 * standard credential chain. Exit codes: 0 fine, 1 unhealthy / failed, 2 usage or setup problem;
 * `run` and `exec` return the remote command's own code.
 */
import * as fs from "fs";
import * as path from "path";
import { CommandSpec, Parsed, helpText, nearest, parseArgs } from "./args";
import { Context, processContext } from "./context";
import { CliError, explainAwsError } from "./errors";
import { Stack, StackOptions, loadStack } from "./outputs";
import { exec, execSpec } from "./commands/exec";
import { logs, logsSpec } from "./commands/logs";
import { rollback, rollbackSpec } from "./commands/rollback";
import { run, runSpec } from "./commands/run";
import { formatStatus, status, statusSpec } from "./commands/status";
import { wait, waitSpec } from "./commands/wait";

const str = (p: Parsed, k: string) => p.options[k] as string | undefined;
const flag = (p: Parsed, k: string) => p.options[k] === true;

interface Command {
    spec: CommandSpec;
    /** Needs the stack's outputs first (every command but wait). */
    stack: boolean;
    run(ctx: Context, p: Parsed, stack: Stack | undefined): Promise<number>;
}

const need = (p: Parsed, what: string, spec: CommandSpec): string => {
    const v = p.positionals[0];
    if (v === undefined) throw new CliError(`give the ${what}: fargate-kit ${spec.name} ${spec.usage}`);
    return v;
};

const COMMANDS: Record<string, Command> = {
    status: {
        spec: statusSpec,
        stack: true,
        async run(ctx, p, stack) {
            const r = await status(ctx, stack!, p.positionals[0]);
            ctx.stdout.write(flag(p, "json") ? JSON.stringify(r, null, 2) + "\n" : formatStatus(r));
            return r.healthy ? 0 : 1;
        },
    },
    logs: {
        spec: logsSpec,
        stack: true,
        run: (ctx, p, stack) => logs(ctx, stack!, need(p, "service or task", logsSpec), { container: str(p, "container"), since: str(p, "since"), follow: flag(p, "follow"), filter: str(p, "filter"), json: flag(p, "json") }),
    },
    exec: {
        spec: execSpec,
        stack: true,
        run: (ctx, p, stack) => exec(ctx, stack!, need(p, "service", execSpec), { container: str(p, "container"), task: str(p, "task") }, p.rest),
    },
    run: {
        spec: runSpec,
        stack: true,
        run: async (ctx, p, stack) => (await run(ctx, stack!, need(p, "service or task", runSpec), { container: str(p, "container"), timeout: str(p, "timeout"), json: flag(p, "json") }, p.rest)).code,
    },
    wait: {
        spec: waitSpec,
        stack: false,
        run: async (ctx, p) => (await wait(ctx, p.options as Record<string, never>)).code,
    },
    rollback: {
        spec: rollbackSpec,
        stack: true,
        run: (ctx, p, stack) => rollback(ctx, stack!, p.positionals[0], { to: str(p, "to"), yes: flag(p, "yes"), "dry-run": flag(p, "dry-run"), json: flag(p, "json"), cwd: str(p, "cwd") }),
    },
};

export function usage(): string {
    const lines = ["fargate-kit: day 2 of a fargate-kit stack", "", "Usage: fargate-kit <command> [options]", "", "Commands:"];
    for (const c of Object.values(COMMANDS)) lines.push(`  ${c.spec.name.padEnd(9)} ${c.spec.summary}`);
    lines.push("", "Every command takes --stack NAME, --outputs FILE, --region, --cwd DIR and --help.", "Guide: docs/operations.md");
    return lines.join("\n") + "\n";
}

/** Runs one command line; resolves with the exit code (tests call this with a fake context). */
export async function runCli(argv: string[], ctx: Context): Promise<number> {
    const [name, ...rest] = argv;
    if (name === undefined || name === "help" || name === "--help" || name === "-h") {
        ctx.stdout.write(usage());
        return name === undefined ? 2 : 0;
    }
    if (name === "--version" || name === "version") {
        // ../package.json from cli/ in the repository, ../../package.json from dist/cli/ in the package.
        const pkg = ["..", "../.."].map((up) => path.join(__dirname, up, "package.json")).find((f) => fs.existsSync(f));
        ctx.stdout.write(`${pkg ? JSON.parse(fs.readFileSync(pkg, "utf8")).version : "unknown"}\n`);
        return 0;
    }
    const command = COMMANDS[name];
    let region: string | undefined;
    let stackRegion: string | undefined;
    let cluster: string | undefined;
    try {
        if (!command) {
            const near = nearest(name, Object.keys(COMMANDS));
            throw new CliError(`unknown command "${name}"${near ? `; did you mean ${near}?` : ""} (commands: ${Object.keys(COMMANDS).join(", ")})`);
        }
        const parsed = parseArgs(command.spec, rest);
        if (parsed.options.help) {
            ctx.stdout.write(helpText(command.spec));
            return 0;
        }
        if (parsed.rest !== undefined && !["exec", "run"].includes(name)) throw new CliError(`${name} takes no command after --`);
        let stack: Stack | undefined;
        if (command.stack) {
            const options: StackOptions = { stack: str(parsed, "stack"), outputs: str(parsed, "outputs"), region: str(parsed, "region"), cwd: str(parsed, "cwd") };
            stack = loadStack(ctx, options);
            region = stack.region;
            stackRegion = stack.outputs.region;
            cluster = stack.outputs.clusterName;
        }
        return await command.run(ctx, parsed, stack);
    } catch (e) {
        const err = region ? explainAwsError(e, { region, stackRegion, cluster }) : e instanceof CliError ? e : explainAwsError(e, { region: ctx.env.AWS_REGION ?? "?" });
        if (err instanceof CliError) {
            ctx.stderr.write(`fargate-kit: ${err.message}\n`);
            return err.exitCode;
        }
        ctx.stderr.write(`fargate-kit: ${(err as Error).name ?? "Error"}: ${(err as Error).message}\n`);
        return 1;
    }
}

if (require.main === module) {
    runCli(process.argv.slice(2), processContext()).then(
        (code) => {
            process.exitCode = code;
        },
        (e) => {
            process.stderr.write(`fargate-kit: ${(e as Error).stack ?? e}\n`);
            process.exitCode = 1;
        },
    );
}
