/**
 * Turns zod issues into the library's `Problem`s: the config key path as the user typed it,
 * the bad value, what is allowed, and a "did you mean" for mistyped keys.
 */
import { z } from "zod";
import { Problem, show, suggest } from "../components/internal/validation";

type Path = ReadonlyArray<PropertyKey>;

function valueAt(root: unknown, path: Path): unknown {
    let v: any = root;
    for (const key of path) {
        if (v === null || typeof v !== "object") {
            return undefined;
        }
        v = v[key as any];
    }
    return v;
}

/** Renders a path below `prefix` the way a user reads it: `fargate-kit:web.containers[0].name`. */
export function renderPath(prefix: string, path: Path): string {
    return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : `${acc}.${String(key)}`), prefix);
}

/** The object keys a schema accepts at `path`, for suggestions. */
function knownKeysAt(schema: z.ZodType, path: Path): string[] {
    let s: any = schema;
    const unwrap = () => {
        for (;;) {
            const t = s?.def?.type;
            if (t === "optional" || t === "default" || t === "nullable" || t === "readonly" || t === "prefault") s = s.def.innerType;
            else if (t === "pipe") s = s.def.out;
            else return;
        }
    };
    unwrap();
    for (const key of path) {
        const t = s?.def?.type;
        if (t === "object") s = s.shape[key as string];
        else if (t === "array") s = s.def.element;
        else if (t === "record") s = s.def.valueType;
        else return [];
        unwrap();
    }
    return s?.def?.type === "object" ? Object.keys(s.shape) : [];
}

function typeName(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    if (typeof v === "object") return "a map";
    return `a ${typeof v}`;
}

/** Problems for every zod issue, with the value found at its path in `input`. */
export function zodProblems(prefix: string, schema: z.ZodType, input: unknown, issues: readonly z.core.$ZodIssue[]): Problem[] {
    const out: Problem[] = [];
    for (const issue of issues) {
        const value = valueAt(input, issue.path);
        const path = renderPath(prefix, issue.path);
        switch (issue.code) {
            case "unrecognized_keys": {
                const known = knownKeysAt(schema, issue.path);
                for (const key of issue.keys) {
                    const guess = suggest(key, known);
                    const home = misplaced(key, known);
                    out.push({
                        path: renderPath(prefix, [...issue.path, key]),
                        message: home
                            ? `is not a setting at this level; ${home}`
                            : `is not a known setting${guess ? `; did you mean ${show(guess)}?` : "."} Known here: ${known.join(", ")}`,
                    });
                }
                break;
            }
            case "invalid_type":
                out.push({
                    path,
                    message:
                        value === undefined
                            ? `is missing; expected ${issue.expected}`
                            : (typeHint(issue.path, value, issue.expected) ?? `is ${show(value)} (${typeName(value)}); expected ${issue.expected === "int" ? "a whole number" : issue.expected}`),
                });
                break;
            case "invalid_value":
                out.push({ path, message: `is ${show(value)}; allowed: ${issue.values.map((v) => show(v)).join(", ")}` });
                break;
            case "too_small":
                out.push({ path, message: `is ${show(value)}; allowed: ${issue.origin === "array" ? `at least ${issue.minimum} item(s)` : issue.origin === "string" ? `at least ${issue.minimum} character(s)` : `at least ${issue.minimum}`}` });
                break;
            case "too_big":
                out.push({ path, message: `is ${show(value)}; allowed: ${issue.origin === "array" ? `at most ${issue.maximum} item(s)` : issue.origin === "string" ? `at most ${issue.maximum} character(s)` : `at most ${issue.maximum}`}` });
                break;
            case "invalid_format":
                out.push({ path, message: `is ${show(value)}; allowed: ${issue.message}` });
                break;
            default:
                out.push({ path, message: `is ${show(value)}; ${issue.message}` });
        }
    }
    return out;
}

/** Settings users put one level off, and where they belong. */
const MISPLACED: Record<string, { unless: string; home: string }> = {
    desiredCount: { unless: "desiredCount", home: "a worker's task count is scaling.minTasks (and scaling.maxTasks)" },
    command: { unless: "command", home: "the command is per container: task.containers[].command, a list such as [\"bin/worker\"]" },
    image: { unless: "image", home: "the image is app.imageRepository (the stack's), or task.containers[].image for a sidecar" },
    cpu: { unless: "cpu", home: "the size is task.cpu (CPU units: 512 = 0.5 vCPU)" },
    memory: { unless: "memory", home: "the size is task.memory (MiB: 1024 = 1 GB)" },
    ports: { unless: "ports", home: "ports are per container: task.containers[].ports, e.g. [3000]" },
    environment: { unless: "environment", home: "the environment is app.environment (every service) or task.containers[].environment" },
};

function misplaced(key: string, known: string[]): string | undefined {
    const m = MISPLACED[key];
    return m && !known.includes(m.unless) ? m.home : undefined;
}

const isSecretValue = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v as object).length === 1 && "secure" in (v as object);

/** A message that says what to write, for the type mistakes people make. */
function typeHint(path: Path, value: unknown, expected: string): string | undefined {
    const key = [...path].reverse().find((k) => typeof k === "string") as string | undefined;
    const last = path[path.length - 1];
    const parent = path[path.length - 2];
    if (isSecretValue(value)) {
        return "is a Pulumi secret (set with `config set --path --secret`); the program does not read secrets from config: keep the value in Secrets Manager and reference it under secrets (e.g. DB_PASSWORD: {secretsManager: app/db, jsonKey: password}), or set it as plain text";
    }
    if (parent === "ports" && typeof last === "number") {
        return `is ${show(value)} (${typeName(value)}); expected a port number such as 3000, or a map such as {containerPort: 3000}`;
    }
    if ((key === "command" || key === "entryPoint") && typeof value === "string") {
        return `is ${show(value)} (a string); write it as a list: ${show(value.trim().split(/\s+/))}`;
    }
    if (key === "cpu" && typeof value === "number") {
        return `is ${show(value)}; expected CPU units as a whole number: 256, 512, 1024, 2048, 4096, 8192 or 16384 (1024 = 1 vCPU${value > 0 && value <= 16 ? `; ${value} vCPU is ${value * 1024}` : ""})`;
    }
    if (key === "memory" && typeof value !== "number") {
        return `is ${show(value)} (${typeName(value)}); expected MiB as a number, e.g. 1024 for 1 GB`;
    }
    if (expected === "string" && (typeof value === "number" || typeof value === "boolean")) {
        return `is ${show(value)} (${typeName(value)}); expected text: quote it in the stack file (${show(String(value))}), or set it with \`pulumi config set --path --type string\``;
    }
    return undefined;
}
