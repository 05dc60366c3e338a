/**
 * What the Pulumi CLI does to config before a program runs, reproduced offline so that the mock
 * runtime and `npm run synth` fail where `pulumi up` would, with the CLI's own words.
 *
 * Source: pulumi/pulumi `pkg/workspace/config.go` (`mergeConfig`, `validateStackConfigValues`,
 * `missingStackConfigurationKeysError`) and `sdk/go/common/workspace/project.go`
 * (`Project.Validate`, `ValidateConfigValue`, `InferFullTypeName`), read at the snapshot of
 * 2026-08-21:
 * - the project file is validated first: `default` and `value` together, a default of the wrong
 *   type, an array without `items`, a foreign-namespace key with a type or default;
 * - a key declared in the project's namespace with neither `default` nor `value` that the stack
 *   does not set is required: "Stack 'stage' is missing configuration value 'imageTag'";
 * - project defaults/values fill in keys the stack does not set;
 * - explicitly typed keys are type-checked: "Stack 'stage' with configuration key 'protect' must
 *   be of type 'boolean'" (strings "true"/"false" pass as booleans, integer strings as integers);
 * - `secret: true` keys must be stored encrypted.
 */

/** A declared config key in Pulumi.yaml (`config:` block), long form or short form. */
export interface ProjectConfigDecl {
    type?: "string" | "integer" | "boolean" | "array" | "object";
    items?: { type: string; items?: unknown };
    description?: string;
    default?: unknown;
    value?: unknown;
    secret?: boolean;
}

export class CliConfigError extends Error {}

const SIMPLE = ["string", "integer", "boolean", "array", "object"];

/** `ValidateConfigValue`: whether `value` (a stack value as the CLI holds it) has `type`. */
export function validConfigValue(type: string, items: { type: string; items?: unknown } | undefined, value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "integer":
            if (typeof value === "number") return Number.isInteger(value);
            // The CLI accepts strings that Go's strconv.Atoi parses.
            return typeof value === "string" && /^[+-]?\d+$/.test(value);
        case "boolean":
            return typeof value === "boolean" || value === "true" || value === "false";
        case "object":
            return value !== null && typeof value === "object" && !Array.isArray(value);
        default:
            return Array.isArray(value) && items !== undefined && value.every((v) => validConfigValue(items.type, items.items as { type: string } | undefined, v));
    }
}

/** `InferFullTypeName`: `array<string>` for arrays, the type name otherwise. */
function fullTypeName(type: string, items: { type: string; items?: unknown } | undefined): string {
    return items ? `array<${fullTypeName(items.type, items.items as { type: string } | undefined)}>` : type;
}

function normalizeDecl(decl: unknown): ProjectConfigDecl {
    // Short form (`key: value`) is a value without a type.
    return decl !== null && typeof decl === "object" && !Array.isArray(decl) ? (decl as ProjectConfigDecl) : { value: decl };
}

const namespacedByProject = (project: string, key: string) => !key.includes(":") || key.startsWith(`${project}:`);

/** `Project.Validate` for the `config:` block. Throws the CLI's message. */
export function validateProjectConfig(project: string, config: Record<string, unknown>): void {
    for (const [key, raw] of Object.entries(config)) {
        const decl = normalizeDecl(raw);
        if (decl.default !== undefined && decl.value !== undefined) {
            throw new CliConfigError(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
        }
        if (decl.type !== undefined && !SIMPLE.includes(decl.type)) {
            throw new CliConfigError(`project config '${key}' has type '${decl.type}'; Pulumi.yaml allows ${SIMPLE.join(", ")}`);
        }
        if (namespacedByProject(project, key)) {
            if (decl.type === "array" && decl.items === undefined) {
                throw new CliConfigError(`The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`);
            }
            if (decl.type !== undefined && decl.default !== undefined && !validConfigValue(decl.type, decl.items, decl.default)) {
                throw new CliConfigError(`The default value specified for configuration key '${key}' is not of the expected type '${fullTypeName(decl.type, decl.items)}'`);
            }
        } else {
            if (decl.type !== undefined) throw new CliConfigError(`Configuration key '${key}' is not namespaced by the project and should not define a type`);
            if (decl.default !== undefined) {
                throw new CliConfigError(`Configuration key '${key}' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?`);
            }
            if (decl.value === undefined) throw new CliConfigError(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
        }
    }
}

/** One stack config value as the CLI holds it: scalars as their text, objects and lists parsed. */
export interface StackValue {
    value: unknown;
    secure: boolean;
}

/** `formatMissingKeys`: 'a', or 'a' and 'b', or 'a', 'b' and 'c' (sorted). */
function formatMissing(keys: string[]): string {
    const q = [...keys].sort().map((k) => `'${k}'`);
    return q.length === 1 ? q[0] : `${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
}

/**
 * `mergeConfig` with validation on: fills project defaults and values into `stack` (keys fully
 * qualified, `<namespace>:<key>`), fails on required keys the stack lacks and on values of the
 * wrong declared type. Returns the merged map.
 */
export function applyProjectConfig(project: string, stackName: string, projectConfig: Record<string, unknown>, stack: Record<string, StackValue>): Record<string, StackValue> {
    validateProjectConfig(project, projectConfig);
    const merged = { ...stack };
    const qualify = (key: string) => (key.includes(":") ? key : `${project}:${key}`);
    const keys = Object.keys(projectConfig).sort();
    const missing: string[] = [];
    for (const key of keys) {
        const decl = normalizeDecl(projectConfig[key]);
        const full = qualify(key);
        if (full in merged) continue;
        if (decl.default === undefined && decl.value === undefined) {
            if (full.split(":")[0] === project) missing.push(key);
            continue;
        }
        const v = decl.default !== undefined ? decl.default : decl.value;
        merged[full] = { value: typeof v === "number" || typeof v === "boolean" ? String(v) : v, secure: false };
    }
    if (missing.length > 0) {
        throw new CliConfigError(`Stack '${stackName}' is missing configuration value${missing.length > 1 ? "s" : ""} ${formatMissing(missing)}`);
    }
    for (const key of keys) {
        const decl = normalizeDecl(projectConfig[key]);
        const stackValue = merged[qualify(key)];
        if (decl.type === undefined || stackValue === undefined) continue;
        if (decl.secret && !stackValue.secure) {
            throw new CliConfigError(`Stack '${stackName}' with configuration key '${key}' must be encrypted as it's secret`);
        }
        if (stackValue.secure) continue; // cannot be decrypted offline
        if (!validConfigValue(decl.type, decl.items, stackValue.value)) {
            throw new CliConfigError(`Stack '${stackName}' with configuration key '${key}' must be of type '${fullTypeName(decl.type, decl.items)}'`);
        }
    }
    return merged;
}
