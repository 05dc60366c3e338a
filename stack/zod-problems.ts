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
                    out.push({
                        path: renderPath(prefix, [...issue.path, key]),
                        message: `is not a known setting${guess ? `; did you mean ${show(guess)}?` : ""} Known here: ${known.join(", ")}`,
                    });
                }
                break;
            }
            case "invalid_type":
                out.push({
                    path,
                    message: value === undefined ? `is missing; expected ${issue.expected}` : `is ${show(value)} (${typeName(value)}); expected ${issue.expected === "int" ? "a whole number" : issue.expected}`,
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
