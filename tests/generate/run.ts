/**
 * Plans a generated stack file the way `npm run synth -- --stack-file` does — written to a temp
 * directory as `Pulumi.<stack>.yaml`, run through the real index.ts under mocks — and checks the
 * invariants. A failing property prints the (shrunk) stack file as YAML, ready to paste into a
 * regression test.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import * as YAML from "yaml";
import { runProgram } from "../../tools/mock-runtime";
import { GeneratedStack, validStackFile } from "./stack-file";
import { invariantProblems } from "./invariants";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fargate-kit-generated-"));

export function toYaml(file: GeneratedStack): string {
    return YAML.stringify({ config: file.config });
}

/** Plans one generated file; returns what is wrong (an error, or broken invariants). */
export async function planProblems(file: GeneratedStack): Promise<string[]> {
    const stackFile = path.join(dir, `Pulumi.${file.stack}.yaml`);
    fs.writeFileSync(stackFile, toYaml(file));
    const warnings: string[] = [];
    const warn = pulumi.log.warn;
    (pulumi.log as { warn: typeof warn }).warn = (message: string) => {
        warnings.push(message);
        return Promise.resolve();
    };
    try {
        const run = await runProgram({ stack: file.stack, stackFile, overrides: { "fargate-kit:imageTag": "9fceb02" } });
        return invariantProblems(file, run, warnings);
    } catch (e) {
        return [`did not plan: ${(e as Error).message}`];
    } finally {
        (pulumi.log as { warn: typeof warn }).warn = warn;
    }
}

/** Checks `runs` generated files from `seed`; throws with the shrunk file and its problems. */
export async function checkGeneratedStacks(options: { seed: number; runs: number; size?: { maxWeb: number; maxWorkers: number }; timeLimitMs?: number }): Promise<void> {
    const result = await fc.check(
        fc.asyncProperty(validStackFile(options.size), async (file) => {
            const problems = await planProblems(file);
            if (problems.length > 0) throw new Error(problems.join("\n"));
        }),
        // Shrinking replans the file many times: bounded, it still reports the smallest file found so far.
        // A run that hangs is a failure too (markInterruptAsFailure), never a silent pass.
        { seed: options.seed, numRuns: options.runs, interruptAfterTimeLimit: options.timeLimitMs ?? 90_000, markInterruptAsFailure: true },
    );
    if (result.failed) {
        const [file] = result.counterexample ?? [];
        const cause = "errorInstance" in result ? result.errorInstance : "too many skipped or interrupted runs";
        const error = cause instanceof Error ? cause.message : String(cause);
        throw new Error(
            `a generated stack file does not plan as it should (seed ${result.seed}, path ${JSON.stringify(result.counterexamplePath)}, after ${result.numShrinks} shrinks):\n${error}\n\n` +
                `# Pulumi.${(file as GeneratedStack | undefined)?.stack ?? "<stack>"}.yaml\n${file ? toYaml(file as GeneratedStack) : "(no counterexample)"}`,
        );
    }
}
