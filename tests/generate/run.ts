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
import { readStackFiles, runProgram } from "../../tools/mock-runtime";
import { loadStackConfig } from "../../stack/config";
import { ValidationError } from "../../components/internal/validation";
import { GeneratedStack, PROJECT, validStackFile } from "./stack-file";
import { hasKeyPath, invariantProblems } from "./invariants";
import { Mutation, mutated } from "./mutations";

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

/** Loads a stack file's config as `pulumi up` would hand it to the program, validating it. */
export function loadGenerated(file: GeneratedStack): void {
    const stackFile = path.join(dir, `Pulumi.${file.stack}.yaml`);
    fs.writeFileSync(stackFile, toYaml(file));
    const files = readStackFiles(path.join(__dirname, "..", ".."), file.stack, {}, stackFile);
    loadStackConfig(files.config, { IMAGE_TAG: "9fceb02" }, files.project, file.stack, () => false);
}

/** What is wrong with how a mutated file was refused (empty when it was refused as it should be). */
export function refusalProblems(m: Mutation): string[] {
    try {
        loadGenerated(m.file);
    } catch (e) {
        if (!(e instanceof ValidationError)) return [`${m.what}: not a ValidationError: ${(e as Error)?.stack ?? e}`];
        const out: string[] = [];
        const expected = e.problems.find((p) => p.path === `${PROJECT}:${m.key}`);
        if (!expected) out.push(`${m.what}: refused, but not at ${PROJECT}:${m.key}:\n${e.message}`);
        else if (!expected.message.includes(m.says)) out.push(`${m.what}: ${expected.path}: "${expected.message}" does not say "${m.says}"`);
        for (const p of e.problems) {
            if (!p.path.startsWith(`${PROJECT}:`)) continue;
            // A key may be named that the file lacks only to say it is missing (or mistyped).
            if (!hasKeyPath(m.file, p.path.slice(PROJECT.length + 1)) && !/^(is not a known setting|is missing)/.test(p.message)) out.push(`${m.what}: the problem "${p.path}: ${p.message}" names a key the file does not have`);
            if (/\bundefined\b|TypeError|Cannot read/.test(p.message)) out.push(`${m.what}: ${p.path}: ${p.message}`);
        }
        return out;
    }
    return [`${m.what}: accepted`];
}

/** Checks `runs` mutated files from `seed`; throws with the shrunk file and what went wrong. */
export function checkMutations(options: { seed: number; runs: number }): number {
    let cases = 0;
    const result = fc.check(
        fc.property(mutated(validStackFile()), (m) => {
            cases++;
            const problems = refusalProblems(m);
            if (problems.length > 0) throw new Error(problems.join("\n"));
        }),
        { seed: options.seed, numRuns: options.runs },
    );
    if (result.failed) {
        const m = result.counterexample?.[0] as Mutation | undefined;
        const cause = "errorInstance" in result ? result.errorInstance : "too many skipped runs";
        throw new Error(`a mistake in a generated stack file was not refused at its key (seed ${result.seed}):\n${cause instanceof Error ? cause.message : String(cause)}\n\n# Pulumi.${m?.file.stack}.yaml\n${m ? toYaml(m.file) : ""}`);
    }
    return cases;
}
