import * as pulumi from "@pulumi/pulumi";

/**
 * Validation plumbing shared by every component and by the stack config loader.
 *
 * Rules live next to the thing they validate (task specs, services, queues) and are
 * written against a `Check`, which knows the path of the value it is looking at. The
 * same rule therefore reports `task.containers[1].stopTimeout` when a component is
 * constructed in code, and `fargate-kit:worker.containers[1].stopTimeout` when the
 * value came from stack config: the user always sees the name they actually typed.
 */

/** One thing wrong with the input: where it is and what is wrong with it. */
export interface Problem {
    /** Path of the offending value, e.g. `task.containers[0].healthCheck.timeout`. */
    readonly path: string;
    /** What is wrong, including the bad value and what is allowed. */
    readonly message: string;
}

/**
 * Thrown before any resource is registered when input is invalid. Carries every
 * problem found, not just the first, so a user fixes their config in one pass.
 * It is a `pulumi.RunError`, which the Pulumi CLI reports as a plain message
 * without a stack trace.
 */
export class ValidationError extends pulumi.RunError {
    readonly problems: readonly Problem[];
    readonly subject: string;

    constructor(subject: string, problems: readonly Problem[]) {
        super(ValidationError.format(subject, problems));
        this.name = "ValidationError";
        this.subject = subject;
        this.problems = problems;
    }

    static format(subject: string, problems: readonly Problem[]): string {
        const lines = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
        if (lines.length === 1) {
            return `${subject}: ${lines[0]}`;
        }
        return `${subject} has ${lines.length} problems:\n${lines.map((l) => `  - ${l}`).join("\n")}`;
    }
}

/** Renders a value the way a user would have typed it. */
export function show(value: unknown): string {
    if (typeof value === "string") {
        return JSON.stringify(value);
    }
    if (value === undefined) {
        return "undefined";
    }
    try {
        return JSON.stringify(value);
    } catch {
        return String(value);
    }
}

/** A cursor on one value of the input, collecting problems into a shared list. */
export class Check {
    constructor(
        private readonly sink: Problem[],
        readonly path: string,
    ) {}

    /** Starts a new collection rooted at `path` (may be empty). */
    static root(path = ""): Check {
        return new Check([], path);
    }

    /** The check for a member (`.key`) or an element (`[i]`) of this value. */
    at(key: string | number): Check {
        const suffix = typeof key === "number" ? `[${key}]` : this.path ? `.${key}` : key;
        return new Check(this.sink, `${this.path}${suffix}`);
    }

    fail(message: string): void {
        this.sink.push({ path: this.path, message });
    }

    get problems(): readonly Problem[] {
        return this.sink;
    }

    get ok(): boolean {
        return this.sink.length === 0;
    }

    /** Throws a ValidationError naming `subject` if any problem was recorded. */
    throwIfFailed(subject: string): void {
        if (this.sink.length > 0) {
            throw new ValidationError(subject, [...this.sink]);
        }
    }

    /**
     * Records a problem unless `value` is an object (not a list): what arrives from another
     * language, or from a hand-written stack file, may have another shape than the types say.
     */
    object(value: unknown, what: string): boolean {
        if (value !== null && typeof value === "object" && !Array.isArray(value)) return true;
        this.fail(`is ${value === undefined ? "missing" : show(value)}; expected an object (${what})`);
        return false;
    }

    /** Records a problem unless `value` is a list. Undefined passes unless `required`. */
    list(value: unknown, what: string, required = false): boolean {
        if (Array.isArray(value) || (value === undefined && !required)) return true;
        this.fail(`is ${value === undefined ? "missing" : show(value)}; expected a list${what ? ` ${what}` : ""}`);
        return false;
    }

    /** Records a problem unless `value` is an integer in [min, max]. Undefined passes. */
    intRange(value: number | undefined, min: number, max: number, unit = ""): boolean {
        if (value === undefined) {
            return true;
        }
        const u = unit ? ` ${unit}` : "";
        if (!Number.isInteger(value) || value < min || value > max) {
            this.fail(`is ${show(value)}; allowed: a whole number from ${min} to ${max}${u}`);
            return false;
        }
        return true;
    }

    /** Records a problem unless `value` is a number in [min, max]. Undefined passes. */
    numRange(value: number | undefined, min: number, max: number, unit = ""): boolean {
        if (value === undefined) {
            return true;
        }
        const u = unit ? ` ${unit}` : "";
        if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
            this.fail(`is ${show(value)}; allowed: ${min} to ${max}${u}`);
            return false;
        }
        return true;
    }

    /** Records a problem unless `value` is one of `allowed`. Undefined passes. */
    oneOf<T>(value: T | undefined, allowed: readonly T[]): boolean {
        if (value === undefined || allowed.includes(value)) {
            return true;
        }
        this.fail(`is ${show(value)}; allowed: ${allowed.map(show).join(", ")}`);
        return false;
    }

    /** Records a problem unless `value` is a non-empty string matching `pattern`. Undefined passes. */
    matches(value: string | undefined, pattern: RegExp, description: string): boolean {
        if (value === undefined) {
            return true;
        }
        if (typeof value !== "string" || !pattern.test(value)) {
            this.fail(`is ${show(value)}; allowed: ${description}`);
            return false;
        }
        return true;
    }
}

/** Plain (already known) string, or undefined when the value is a Pulumi Output/Promise. */
export function known(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** Levenshtein distance, for "did you mean" suggestions on mistyped keys. */
export function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const tmp = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = tmp;
        }
    }
    return row[b.length];
}

/** The closest of `candidates` to `key`, if it is close enough to be a likely typo. */
export function suggest(key: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const c of candidates) {
        const d = editDistance(key.toLowerCase(), c.toLowerCase());
        if (d < bestDistance) {
            best = c;
            bestDistance = d;
        }
    }
    const tolerance = Math.max(2, Math.floor(key.length / 3));
    if (bestDistance <= tolerance) return best;
    // A short form of a longer key ("port" for containerPort, "name" for containerName): the one
    // known key that ends with it, when only one does.
    const ending = key.length >= 3 ? candidates.filter((c) => c.toLowerCase().endsWith(key.toLowerCase()) && c.length > key.length) : [];
    return ending.length === 1 ? ending[0] : undefined;
}
