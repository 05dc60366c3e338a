/**
 * Runs Pulumi code under the SDK's mock runtime and records every resource it registers:
 * type, name, parent, protect/retainOnDelete and the inputs as registered. The tests and
 * the offline plan (`npm run synth`) both use it, so what the plan shows is what is tested.
 *
 * Mocks answer with deterministic ids and ARNs (account 123456789012) and answer the
 * look-ups the components make (region, account, partition, AZs, ELB log account, zones).
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import * as YAML from "yaml";
import { OFFLINE_PLAN_ENV } from "../stack/placeholders";
import { StackValue, applyProjectConfig } from "./cli-config";
import { awsMocks } from "../components/testing";
import { suggest } from "../components/internal/validation";

export { MOCK_ACCOUNT } from "../components/testing";

/**
 * The SDK stamps every RPC promise with `new Error().stack` (runtime/debuggable.js), which it
 * prints only for PULUMI_DEBUG_PROMISE_LEAKS: capturing and formatting those traces is about a
 * third of the CPU of a program run under mocks. Without that variable the stamp is taken with
 * no frames; the promises are tracked (and leaks reported) exactly as before.
 */
if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) {
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T> };
    const stamp = debuggable.debuggablePromise;
    debuggable.debuggablePromise = <T>(p: Promise<T>, ctx: unknown): Promise<T> => {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return stamp(p, ctx);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
}

// Marked @internal in the SDK's typings, but it is how the SDK itself waits for outstanding registrations.
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };

export interface RecordedResource {
    type: string;
    name: string;
    /** `<parent type>::<parent name>`, or null for resources at the top of the program. */
    parent: string | null;
    protect: boolean;
    retainOnDelete: boolean;
    custom: boolean;
    inputs: Record<string, any>;
    /** Resources this one waits for (`dependsOn`, and inputs taken from them), as `type::name`. */
    dependsOn: string[];
    /** `customTimeouts` the program set (as the provider receives them), if any. */
    customTimeouts?: { create?: string; update?: string; delete?: string };
    /** `deleteBeforeReplace` when the program set it (either way); the provider's choice otherwise. */
    deleteBeforeReplace?: boolean;
    /** `ignoreChanges` the program set, when any. */
    ignoreChanges?: string[];
}

/** A message the program logged with `pulumi.log.info` / `pulumi.log.warn`. */
export interface LogMessage {
    severity: "info" | "warning";
    message: string;
}

/**
 * What the runs since the last `installMocks` logged. Without an engine the SDK prints
 * `warning: [runtime] …` between the test reporter's lines; recorded here instead, the tests
 * assert on them where they matter (`ProgramRun.log`, `lastLog()`), and `npm run synth` prints them.
 */
let logged: LogMessage[] = [];
let echoLog = false;
{
    const log = pulumi.log as unknown as { info: (msg: string, ...rest: unknown[]) => void; warn: (msg: string, ...rest: unknown[]) => void };
    const record = (severity: LogMessage["severity"], print: (msg: string, ...rest: unknown[]) => void) => (message: string, ...rest: unknown[]) => {
        logged.push({ severity, message });
        if (echoLog) print(message, ...rest);
    };
    log.info = record("info", log.info);
    log.warn = record("warning", log.warn);
}

/** What the most recent run logged (info and warnings), in order. */
export function lastLog(): LogMessage[] {
    return [...logged];
}

/** Data-source tokens the runs since the last `installMocks` invoked (e.g. `aws:route53/getZone:getZone`). */
let invoked = new Set<string>();

export interface MockRun<T = unknown> {
    resources: RecordedResource[];
    result: T;
}

/** The marker the SDK puts on a serialized secret (`specialSigKey` / `specialSecretSig` in its rpc module). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Replaces every secret value by "[secret]", so no plan, test log or snapshot shows one. */
export function redactSecrets(value: unknown): any {
    if (Array.isArray(value)) return value.map(redactSecrets);
    if (value !== null && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (o[SECRET_SIG_KEY] === SECRET_SIG) return "[secret]";
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, redactSecrets(v)]));
    }
    return value;
}

/**
 * Installs the mocks and a recorder. Each call starts a fresh recording; the returned array
 * fills as resources register.
 */
let latest: RecordedResource[] = [];

/** What the most recent run registered, also when it failed part-way (e.g. on invalid input). */
export function lastRecording(): RecordedResource[] {
    return latest;
}

/** The data sources the most recent run invoked. */
export function lastInvokes(): string[] {
    return [...invoked].sort();
}

export async function installMocks(project: string, stack: string, region: string, previousOutputs: Record<string, unknown> = {}): Promise<RecordedResource[]> {
    // The offline plan runs stack files that still hold the shipped example values (pulumi up does not).
    process.env[OFFLINE_PLAN_ENV] = "1";
    const recorded: RecordedResource[] = [];
    latest = recorded;
    invoked = new Set<string>();
    logged = [];
    echoLog = false;
    await pulumi.runtime.setMocks(
        awsMocks(region, previousOutputs, { onCall: (args) => invoked.add(args.token) }),
        project,
        stack,
        false,
        // What the CLI reports for a self-managed backend; Pulumi Cloud gives the organization's name.
        "organization",
    );
    // The mock monitor hands `newResource` only type, name and inputs; parent and the
    // protect/retainOnDelete options are on the raw request, so read them there.
    const monitor = getMonitor() as unknown as { registerResource: (req: any, cb: any) => void; readResource: (req: any, cb: any) => void };
    const label = (urn: string) => `${urn.split("::")[2].split("$").pop()}::${urn.split("::")[3]}`;
    const parentOf = (req: any) => (req.getParent() ? label(req.getParent()) : null);
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, cb: any) => {
        recorded.push({
            type: req.getType(),
            name: req.getName(),
            parent: parentOf(req),
            protect: req.getProtect(),
            retainOnDelete: req.getRetainondelete(),
            custom: req.getCustom(),
            inputs: redactSecrets(deserializeProperties(req.getObject())),
            dependsOn: (req.getDependenciesList() as string[]).map(label),
            customTimeouts: timeoutsOf(req),
            deleteBeforeReplace: req.getDeletebeforereplacedefined?.() ? req.getDeletebeforereplace() : undefined,
            ...(req.getIgnorechangesList().length > 0 ? { ignoreChanges: req.getIgnorechangesList() as string[] } : {}),
        });
        register(req, cb);
    };
    // Reads (StackReference, `.get`) create nothing, but they are part of what a program does.
    const read = monitor.readResource.bind(monitor);
    monitor.readResource = (req: any, cb: any) => {
        recorded.push({ type: req.getType(), name: req.getName(), parent: parentOf(req), protect: false, retainOnDelete: false, custom: true, inputs: redactSecrets(deserializeProperties(req.getProperties())), dependsOn: [] });
        read(req, cb);
    };
    return recorded;
}

function timeoutsOf(req: any): RecordedResource["customTimeouts"] {
    const t = req.getCustomtimeouts?.();
    if (!t) return undefined;
    const out = { create: t.getCreate() || undefined, update: t.getUpdate() || undefined, delete: t.getDelete() || undefined };
    return out.create || out.update || out.delete ? out : undefined;
}

/** Resolves every Output (deeply) in a value, for reading a program's exports. */
export async function resolveOutputs(value: unknown): Promise<unknown> {
    const out = pulumi.output(value as any) as pulumi.Output<unknown>;
    return new Promise((resolve) => out.apply((v) => resolve(v)));
}

/**
 * Runs `body` and rethrows the first failed resource registration. The SDK reports those as
 * unhandled rejections (which fail a real `pulumi up`); without this a failing resource would
 * pass unnoticed under mocks.
 */
async function failOnRegistrationErrors<T>(body: (settle: () => Promise<void>) => Promise<T>): Promise<T> {
    const failures: unknown[] = [];
    let failed: () => void = () => undefined;
    const firstFailure = new Promise<void>((resolve) => (failed = resolve));
    const onRejection = (reason: unknown) => {
        failures.push(reason);
        failed();
    };
    process.on("unhandledRejection", onRejection);
    // Waits for every registration, then throws if any failed (their outputs would never resolve).
    // A failed one (an apply that threw) never finishes its RPC: the first failure ends the wait.
    const settle = async () => {
        await Promise.race([waitForRPCs(), firstFailure]);
        await new Promise((resolve) => setImmediate(resolve));
        if (failures.length > 0) {
            // Forget the failed resource's pending outputs so the SDK's exit-time leak report
            // does not blame whatever runs next.
            (require("@pulumi/pulumi/runtime/state") as { getStore: () => { leakCandidates: Set<unknown> } }).getStore().leakCandidates.clear();
            throw failures[0];
        }
    };
    try {
        const result = await body(settle);
        await settle();
        return result;
    } finally {
        process.off("unhandledRejection", onRejection);
    }
}

/** Runs `build` under mocks and returns what it registered, once every registration has finished. */
export async function runInMocks<T>(build: () => T, options: { project?: string; stack?: string; region?: string; config?: Record<string, string> } = {}): Promise<MockRun<T>> {
    const region = options.region ?? "us-east-1";
    pulumi.runtime.setAllConfig({ "aws:region": region, ...(options.config ?? {}) }, []);
    const resources = await installMocks(options.project ?? "fargate-kit", options.stack ?? "test", region);
    return failOnRegistrationErrors(async (settle) => {
        const result = build();
        await settle();
        await resolveOutputs(result);
        return { resources, result };
    });
}

export interface StackFiles {
    project: string;
    stack: string;
    /** Flat Pulumi config, `namespace:key` → string, as the CLI hands it to a program. */
    config: Record<string, string>;
    secretKeys: string[];
    /** ESC environments the stack file imports; offline they cannot be opened. */
    environments: string[];
}

/**
 * Parses a YAML file; a syntax error names the file, line and column, and says when a tab is the
 * cause (YAML indents with spaces only).
 */
export function parseYamlFile(file: string): any {
    const text = fs.readFileSync(file, "utf8");
    try {
        return YAML.parse(text, { prettyErrors: true });
    } catch (e) {
        const err = e as { linePos?: { line: number; col: number }[]; message: string };
        const pos = err.linePos?.[0];
        const lineText = pos ? text.split(/\r?\n/)[pos.line - 1] ?? "" : "";
        const tab = /\t/.test(lineText) ? ` — the line has a tab (at column ${lineText.indexOf("\t") + 1}): YAML indents with spaces only` : "";
        const reason = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
        throw new Error(`${path.basename(file)}${pos ? `:${pos.line}:${pos.col}` : ""}: ${reason}${tab}`);
    }
}

/**
 * Reads `Pulumi.yaml` (project name, declared defaults) and `Pulumi.<stack>.yaml` the way the
 * Pulumi CLI would, producing the flat config map a program sees. Secure values cannot be
 * decrypted offline; they become the placeholder "[secret]" and are marked secret.
 */
export function readStackFiles(root: string, stack: string, overrides: Record<string, unknown> = {}, stackFilePath?: string): StackFiles {
    const projectFile = parseYamlFile(path.join(root, "Pulumi.yaml"));
    const stackPath = stackFilePath ?? path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackPath)) {
        const guess = stackFilePath ? undefined : suggest(stack, listStacks(root));
        throw new Error(`no stack file ${path.relative(process.cwd(), stackPath) || stackPath}; ${guess ? `did you mean --stack ${guess}? ` : ""}stacks: ${listStacks(root).join(", ")}`);
    }
    const stackFile = parseYamlFile(stackPath) ?? {};
    const project: string = projectFile.name;
    const qualify = (key: string) => (key.includes(":") ? key : `${project}:${key}`);
    // The stack's own values as the CLI holds them: scalars as text, objects and lists parsed.
    const values: Record<string, StackValue> = {};
    for (const [key, value] of Object.entries<unknown>({ ...(stackFile.config ?? {}), ...overrides })) {
        if (value === undefined) {
            delete values[qualify(key)];
        } else if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
            values[qualify(key)] = { value: "[secret]", secure: true };
        } else {
            values[qualify(key)] = { value: value !== null && typeof value === "object" ? value : String(value), secure: false };
        }
    }
    // The CLI fills project defaults in and rejects missing or mistyped declared keys first.
    const merged = applyProjectConfig(project, stack, projectFile.config ?? {}, values);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, v] of Object.entries(merged)) {
        config[key] = typeof v.value === "string" ? v.value : JSON.stringify(v.value);
        if (v.secure) secretKeys.push(key);
    }
    const environments = Array.isArray(stackFile.environment) ? stackFile.environment.map(String) : stackFile.environment ? ["(inline environment)"] : [];
    return { project, stack, config, secretKeys, environments };
}

export function listStacks(root: string): string[] {
    return fs
        .readdirSync(root)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

export interface ProgramRun {
    project: string;
    stack: string;
    region: string;
    resources: RecordedResource[];
    outputs: Record<string, unknown>;
    environments: string[];
    /** Data-source tokens the program invoked. */
    invokes: string[];
    /** What the program logged (`pulumi.log.info` / `warn`): recorded, not printed. */
    log: LogMessage[];
}

/**
 * Runs the real program (`index.ts` by default) for a stack, exactly as `pulumi up` would
 * evaluate it, but against mocks. `overrides` replace stack config keys (`undefined` deletes).
 */
export async function runProgram(options: {
    root?: string;
    stack: string;
    overrides?: Record<string, unknown>;
    program?: string;
    /** Outputs of the stack's previous deployment, as a StackReference to itself would read them. */
    previousOutputs?: Record<string, unknown>;
    /** A stack file elsewhere than `<root>/Pulumi.<stack>.yaml` (e.g. an example). */
    stackFile?: string;
    /** Also print what the program logs, as the SDK does without an engine (the offline plan shows it). */
    printLog?: boolean;
}): Promise<ProgramRun> {
    const root = options.root ?? path.join(__dirname, "..");
    const files = readStackFiles(root, options.stack, options.overrides, options.stackFile);
    const region = files.config["aws:region"] ?? "us-east-1";
    pulumi.runtime.setAllConfig(files.config, files.secretKeys);
    const resources = await installMocks(files.project, files.stack, region, options.previousOutputs);
    echoLog = options.printLog ?? false;
    const program = require.resolve(path.resolve(root, options.program ?? "index.ts"));
    // The program reads config at load time, so load it afresh for every run.
    const stackDir = path.join(path.dirname(program), "stack") + path.sep;
    for (const id of Object.keys(require.cache)) {
        if (id === program || id.startsWith(stackDir)) {
            delete require.cache[id];
        }
    }
    return failOnRegistrationErrors(async (settle) => {
        const loaded = require(program);
        // A program may export its outputs, or a function returning them (as index.ts does).
        const exported = typeof loaded === "function" ? await loaded() : loaded;
        await settle();
        const outputs = (await resolveOutputs({ ...exported })) as Record<string, unknown>;
        return { project: files.project, stack: files.stack, region, resources, outputs, environments: files.environments, invokes: lastInvokes(), log: lastLog() };
    });
}
