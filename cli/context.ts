/**
 * Everything the commands touch outside themselves, in one object, so tests replace each part:
 * the output streams, the environment, the clock, `fetch`, child processes and the AWS clients.
 */
import { spawn, spawnSync } from "child_process";
import { AwsClients, sdkClients } from "./aws";

export interface Writer {
    write(text: string): void;
    /** A terminal: progress rewrites one live line; otherwise (CI, a pipe) it prints plain lines. */
    isTTY?: boolean;
}

export interface SpawnResult {
    status: number | null;
    stdout: string;
    stderr: string;
    /** Set when the program could not be started (ENOENT: not installed). */
    error?: NodeJS.ErrnoException;
}

export interface Context {
    stdout: Writer;
    stderr: Writer;
    env: NodeJS.ProcessEnv;
    cwd: string;
    now(): number;
    sleep(ms: number): Promise<void>;
    fetch: typeof fetch;
    /** Runs a program to completion and captures its output (pulumi, session-manager-plugin's check). */
    capture(command: string, args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): SpawnResult;
    /** Runs a program attached to this terminal (the Session Manager plugin, `pulumi up`); resolves with its exit code. */
    interactive(command: string, args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<number>;
    /** Asks a yes/no question on the terminal; false when there is no terminal. */
    confirm(question: string): Promise<boolean>;
    aws: AwsClients;
    /** True once the user pressed Ctrl-C: `logs --follow` then ends cleanly. */
    interrupted(): boolean;
}

let interrupted = false;
/** Programs attached to the terminal: Ctrl-C is theirs (the remote shell's, pulumi's). */
let attached = 0;

export function processContext(): Context {
    // The first Ctrl-C lets a loop end cleanly (logs --follow, run's wait); a second, or two seconds, ends the process.
    process.on("SIGINT", () => {
        if (attached > 0) return;
        if (interrupted) process.exit(130);
        interrupted = true;
        setTimeout(() => process.exit(130), 2000).unref();
    });
    return {
        stdout: process.stdout,
        stderr: process.stderr,
        env: process.env,
        cwd: process.cwd(),
        now: () => Date.now(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        fetch: (...args) => fetch(...args),
        capture: (command, args, options) => {
            const r = spawnSync(command, args, { cwd: options?.cwd, env: options?.env ?? process.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
            return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error as NodeJS.ErrnoException | undefined };
        },
        interactive: (command, args, options) =>
            new Promise((resolve, reject) => {
                const child = spawn(command, args, { cwd: options?.cwd, env: options?.env ?? process.env, stdio: "inherit" });
                attached++;
                child.on("error", (e) => {
                    attached--;
                    reject(e);
                });
                child.on("exit", (code, signal) => {
                    attached--;
                    resolve(code ?? (signal ? 128 + 2 : 1));
                });
            }),
        confirm: async (question) => {
            if (!process.stdin.isTTY) return false;
            const readline = await import("readline");
            const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
            const answer = await new Promise<string>((resolve) => rl.question(`${question} [y/N] `, resolve));
            rl.close();
            return /^y(es)?$/i.test(answer.trim());
        },
        aws: sdkClients(),
        interrupted: () => interrupted,
    };
}
