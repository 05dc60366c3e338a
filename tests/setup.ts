/**
 * Loaded into every mocha process (`require` in .mocharc.json and .mocharc.slow.json): `npm test`
 * prints the reporter's lines and nothing between them.
 *
 * - Node's process warnings are recorded instead of printed. The expected ones (below, each with
 *   why) stay silent; any other fails the test file that caused it, naming it.
 * - In a parallel worker (the reporter runs in the main process) whatever a test or the code under
 *   test writes with console.* is still printed, and fails the test file, naming the first lines:
 *   capture it and assert on it instead (the mock runtime records `pulumi.log` messages: `run.log`).
 */
import * as assert from "assert";

interface Expected {
    name: string;
    /** Why it is expected here, and where it matters. */
    why: string;
    when: () => boolean;
}

const EXPECTED: Expected[] = [
    {
        // Any AWS SDK v3 client constructed on Node < 22 (@aws-sdk/core emitWarningIfUnsupportedVersion).
        // package.json's engines still allow Node 20, which the SDK releases after January 2027 drop.
        name: "NodeVersionSupportWarning",
        why: "AWS SDK v3 clients warn once per process on Node < 22",
        when: () => Number(process.versions.node.split(".")[0]) < 22,
    },
];

const unexpected: string[] = [];
const printed: string[] = [];

process.removeAllListeners("warning");
process.on("warning", (warning: Error) => {
    const text = `${warning.name}: ${warning.message}`;
    if (!EXPECTED.some((e) => (warning.name === e.name || warning.message.startsWith(`${e.name}:`)) && e.when())) unexpected.push(text);
});

if (process.env.MOCHA_WORKER_ID !== undefined) {
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
        const original = console[method].bind(console);
        console[method] = (...args: unknown[]) => {
            printed.push(args.map(String).join(" "));
            original(...args);
        };
    }
}

export const mochaHooks = {
    afterAll() {
        const warnings = unexpected.splice(0);
        const lines = printed.splice(0);
        assert.deepStrictEqual(warnings, [], `unexpected process warnings (record and assert them, or add them to EXPECTED in tests/setup.ts with why):\n${warnings.join("\n")}`);
        assert.deepStrictEqual(lines.slice(0, 5), [], `printed between the reporter's lines (${lines.length} calls): capture and assert instead`);
    },
};
