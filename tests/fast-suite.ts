/**
 * Loaded by `npm test` only (.mocharc.json `require`, after tests/setup.ts): a test that starts a
 * Node process (the offline plan as a command, npm, tsc) costs seconds of the suite's 15 s, as the
 * process loads the whole program again. Those tests belong in tests/slow/ (`npm run test:slow`);
 * here starting one fails, naming where. Short non-Node processes (bash -n) stay allowed.
 */
import * as childProcess from "child_process";
import * as path from "path";

const NODE_COMMANDS = new Set([process.execPath, "node", "npm", "npx", "tsc"]);

function refuse(command: unknown, args: unknown): void {
    const name = String(command);
    const list = Array.isArray(args) ? args.map(String) : [];
    const shell = /^(?:\S*\/)?(?:node|npm|npx|tsc)\b/.test(name);
    if (NODE_COMMANDS.has(name) || NODE_COMMANDS.has(path.basename(name)) || shell) {
        throw new Error(`npm test starts no Node processes (${[name, ...list].join(" ").slice(0, 120)}): move this test to tests/slow/ (npm run test:slow)`);
    }
}

const cp = childProcess as unknown as Record<string, (...args: unknown[]) => unknown>;
// Only in mocha's workers: the main process forks them.
const inWorker = process.env.MOCHA_WORKER_ID !== undefined;
for (const method of inWorker ? ["spawn", "spawnSync", "execFile", "execFileSync", "fork"] : []) {
    const original = cp[method];
    cp[method] = function (this: unknown, command: unknown, args: unknown, ...rest: unknown[]) {
        refuse(method === "fork" ? process.execPath : command, args);
        return original.call(this, command, args, ...rest);
    };
}
for (const method of inWorker ? ["exec", "execSync"] : []) {
    const original = cp[method];
    cp[method] = function (this: unknown, command: unknown, ...rest: unknown[]) {
        refuse(command, []);
        return original.call(this, command, ...rest);
    };
}
