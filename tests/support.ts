/** Shared test helpers: finding recorded resources and checking error messages. */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as shapesFile from "./fixtures/ecs-shapes.json";
import { ProgramRun, RecordedResource, runProgram } from "../tools/mock-runtime";
import { ValidationError } from "../components/internal/validation";

export function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

/** The one resource of `type` (named `name`, if given); fails if there is not exactly one. */
export function one(resources: RecordedResource[], type: string, name?: string): RecordedResource {
    const found = resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    assert.strictEqual(found.length, 1, `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    return found[0];
}

/** Parsed IAM policy statements of a recorded policy input. */
export function statements(policy: string): { Sid?: string; Action: string[]; Resource: string[]; Effect: string }[] {
    return JSON.parse(policy).Statement;
}

export function containerDefs(taskDefinition: RecordedResource): any[] {
    return JSON.parse(taskDefinition.inputs.containerDefinitions);
}

/** Asserts `fn` throws a ValidationError whose message contains every fragment. */
export function throwsValidation(fn: () => unknown, ...fragments: string[]): ValidationError {
    let caught: unknown;
    try {
        fn();
    } catch (e) {
        caught = e;
    }
    assert.ok(caught instanceof ValidationError, `expected a ValidationError, got ${caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught)}`);
    for (const f of fragments) {
        assert.ok(caught.message.includes(f), `message lacks ${JSON.stringify(f)}:\n${caught.message}`);
    }
    return caught;
}

/** A bare component to parent children to in tests of builder functions. */
export class TestParent extends pulumi.ComponentResource {
    constructor(name = "parent") {
        super("fargate-kit:index:TestParent", name, {});
    }
}

type Shape = { type: string; members?: Record<string, { shape: string }>; member?: { shape: string }; value?: { shape: string }; enum?: string[]; required?: string[] };
const SHAPES = (shapesFile as unknown as { shapes: Record<string, Shape> }).shapes;

/** Problems of `value` against an ECS API shape from AWS's model (empty when it conforms). */
export function apiShapeProblems(value: unknown, shapeName: string, path = shapeName): string[] {
    const shape = SHAPES[shapeName];
    switch (shape.type) {
        case "structure": {
            if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${path}: not an object`];
            const out: string[] = [];
            for (const req of shape.required ?? []) if (!(req in value)) out.push(`${path}.${req}: required`);
            for (const [k, v] of Object.entries(value)) {
                const m = shape.members?.[k];
                if (!m) out.push(`${path}.${k}: not a member of ${shapeName}`);
                else out.push(...apiShapeProblems(v, m.shape, `${path}.${k}`));
            }
            return out;
        }
        case "list":
            return Array.isArray(value) ? value.flatMap((v, i) => apiShapeProblems(v, shape.member!.shape, `${path}[${i}]`)) : [`${path}: not a list`];
        case "map":
            return typeof value === "object" && value !== null ? Object.entries(value).flatMap(([k, v]) => apiShapeProblems(v, shape.value!.shape, `${path}.${k}`)) : [`${path}: not a map`];
        case "string":
            if (typeof value !== "string") return [`${path}: not a string`];
            return shape.enum && !shape.enum.includes(value) ? [`${path}: ${value} not in ${shape.enum.join("|")}`] : [];
        case "integer":
            return Number.isInteger(value) ? [] : [`${path}: not an integer`];
        case "boolean":
            return typeof value === "boolean" ? [] : [`${path}: not a boolean`];
        default:
            return [];
    }
}

let shared: Promise<{ stage: ProgramRun; prod: ProgramRun }> | undefined;

/**
 * The stage and prod stacks run once through the real index.ts with image tag 3f2c1ab, shared
 * by every test file that only reads them (tests must not modify the runs).
 */
export function bothStacks(): Promise<{ stage: ProgramRun; prod: ProgramRun }> {
    shared ??= (async () => ({
        stage: await runProgram({ stack: "stage", overrides: { "fargate-kit:imageTag": "3f2c1ab" } }),
        prod: await runProgram({ stack: "prod", overrides: { "fargate-kit:imageTag": "3f2c1ab" } }),
    }))();
    return shared;
}

/** A named service's config from a stack file, to vary it in a test. */
export function serviceConfig(stack: string, kind: "webServices" | "workers", name: string): Record<string, any> {
    const YAML = require("yaml");
    const file = YAML.parse(require("fs").readFileSync(require("path").join(__dirname, "..", `Pulumi.${stack}.yaml`), "utf8"));
    return file.config[`fargate-kit:${kind}`][name];
}

/** Overrides that replace the stack file's `web` service with `web` (other web services are dropped). */
export function withWeb(web: Record<string, unknown>): Record<string, unknown> {
    return { "fargate-kit:webServices": { web } };
}
