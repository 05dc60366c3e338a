/**
 * The command under test, with nothing real outside it: a fake `pulumi` (and, where a test
 * wants it, a fake `session-manager-plugin`) on a temporary PATH that print recorded outputs and
 * log how they were called; the AWS SDK clients under aws-sdk-client-mock; a clock that moves
 * only when the command sleeps; `fetch` answered from a table.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { sdkClients } from "../../cli/aws";
import { Context } from "../../cli/context";
import { runCli } from "../../cli/main";

export const PROD_OUTPUTS = path.join(__dirname, "fixtures", "prod-outputs.json");
export const REGION = "us-east-1";
export const START = Date.parse("2026-12-06T09:00:00Z");

export interface Fakes {
    dir: string;
    /** Every call of a fake program: its name and arguments, plus IMAGE_TAG as it saw it. */
    calls(): { program: string; args: string[]; imageTag?: string }[];
    /** Makes a fake program on the PATH (exit code, output). */
    program(name: string, script: string): void;
}

/** A directory with a fake `pulumi` that prints the outputs file and records its calls. */
export function fakePrograms(outputsFile: string | null = PROD_OUTPUTS, pulumiScript?: string): Fakes {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fargate-kit-cli-"));
    const log = path.join(dir, "calls.log");
    const program = (name: string, script: string) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, `#!/bin/sh\nprintf '%s\\t%s' "${name}" "IMAGE_TAG=$IMAGE_TAG" >> "${log}"\nfor a in "$@"; do printf '\\t%s' "$a" >> "${log}"; done\necho >> "${log}"\n${script}\n`);
        fs.chmodSync(file, 0o755);
    };
    program(
        "pulumi",
        pulumiScript ??
            `case "$1 $2" in
  "stack output") ${outputsFile ? `cat "${outputsFile}"` : `echo '{}'`} ;;
  "config get") exit 1 ;;
  *) exit 0 ;;
esac`,
    );
    return {
        dir,
        program,
        calls: () =>
            (fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "")
                .split("\n")
                .filter(Boolean)
                .map((l) => {
                    const [program, tag, ...args] = l.split("\t");
                    return { program, args, imageTag: tag.slice("IMAGE_TAG=".length) || undefined };
                }),
    };
}

export interface Captured {
    code: number;
    stdout: string;
    stderr: string;
    ctx: Context;
}

export interface TestOptions {
    fakes?: Fakes;
    env?: Record<string, string>;
    tty?: boolean;
    fetch?: (url: string, init?: RequestInit) => { status: number; body: unknown };
    /** Ctrl-C after this many sleeps. */
    interruptAfterSleeps?: number;
    confirm?: boolean;
    load?: (id: string) => unknown;
}

/** Runs `fargate-kit <argv>` against the fakes and returns what it printed and its exit code. */
export async function cli(argv: string[], options: TestOptions = {}): Promise<Captured> {
    const fakes = options.fakes ?? fakePrograms();
    let stdout = "";
    let stderr = "";
    let clock = START;
    let sleeps = 0;
    const env = { PATH: `${fakes.dir}:/usr/bin:/bin`, HOME: fakes.dir, ...options.env } as NodeJS.ProcessEnv;
    const ctx: Context = {
        stdout: { write: (t) => void (stdout += t), isTTY: options.tty },
        stderr: { write: (t) => void (stderr += t), isTTY: options.tty },
        env,
        cwd: fakes.dir,
        now: () => clock,
        sleep: async (ms) => {
            clock += ms;
            sleeps++;
        },
        fetch: (async (url: string, init?: RequestInit) => {
            const r = options.fetch ? options.fetch(url, init) : { status: 500, body: "no fetch in this test" };
            return { status: r.status, ok: r.status < 400, json: async () => r.body, text: async () => JSON.stringify(r.body) } as unknown as Response;
        }) as typeof fetch,
        capture: (command, args, o) => {
            const r = spawnSync(command, args, { cwd: o?.cwd, env: o?.env ?? env, encoding: "utf8" });
            return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error as NodeJS.ErrnoException | undefined };
        },
        interactive: async (command, args, o) => {
            const r = spawnSync(command, args, { cwd: o?.cwd, env: o?.env ?? env, encoding: "utf8" });
            if (r.error) throw r.error;
            return r.status ?? 1;
        },
        confirm: async () => options.confirm ?? false,
        aws: sdkClients(options.load),
        interrupted: () => options.interruptAfterSleeps !== undefined && sleeps >= options.interruptAfterSleeps,
    };
    const code = await runCli(argv, ctx);
    return { code, stdout, stderr, ctx };
}
