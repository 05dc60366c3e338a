/**
 * Property-based: generated invalid stack configs are all rejected before any resource exists,
 * with a ValidationError naming the key — never a TypeError, never "undefined".
 */
import * as assert from "assert";
import * as path from "path";
import fc from "fast-check";
import { loadStackConfig } from "../stack/config";
import { ValidationError } from "../components/internal/validation";
import { lastRecording, readStackFiles, runProgram } from "../tools/mock-runtime";

const root = path.join(__dirname, "..");
const PROJECT = "fargate-kit";
const base = readStackFiles(root, "stage").config;
/** Sections of the config: top-level keys, and the named services (webServices.web, workers.worker). */
const STRUCTURED = ["network", "cluster", "app", "web", "worker"] as const;
const TOP_LEVEL = ["imageTag", "protect", "tags", "network", "cluster", "app", "loadBalancer", "webServices", "workers", "web", "worker", "deployments"];
/** Maps whose keys are the user's own (environment variables, labels, secrets by name). */
const RECORD_KEYS = new Set(["environment", "secrets", "dockerLabels", "args"]);
const RUNS = 150;
let cases = 0;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

const section = (key: string): [string, Path] => (key === "web" ? ["webServices", ["web"]] : key === "worker" ? ["workers", ["worker"]] : [key, []]);
const parsedTop = (top: string): Json => JSON.parse(base[`${PROJECT}:${top}`]);
const parsed = (key: string): Json => {
    const [top, prefix] = section(key);
    return prefix.reduce<any>((v, k) => v[k], parsedTop(top));
};

function nodes(value: Json, at: Path = []): { path: Path; value: Json; inRecord: boolean }[] {
    const out: { path: Path; value: Json; inRecord: boolean }[] = [];
    const walk = (v: Json, p: Path, inRecord: boolean) => {
        if (p.length > 0) out.push({ path: p, value: v, inRecord });
        if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i], false));
        else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...p, k], RECORD_KEYS.has(k));
    };
    walk(value, at, false);
    return out;
}

function setAt(root: Json, p: Path, value: Json | undefined): Json {
    const copy = JSON.parse(JSON.stringify(root));
    let cur: any = copy;
    for (const k of p.slice(0, -1)) cur = cur[k];
    if (value === undefined) delete cur[p[p.length - 1]];
    else cur[p[p.length - 1]] = value;
    return copy;
}

const render = (key: string, p: Path) => {
    const [top, prefix] = section(key);
    return [...prefix, ...p].reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : `${acc}.${k}`), `${PROJECT}:${top}`);
};

/** The config patch that sets a section (a top-level key, or one named service) to `value`. */
function patchOf(key: string, value: Json): Record<string, Json> {
    const [top, prefix] = section(key);
    return { [`${PROJECT}:${top}`]: prefix.length ? setAt(parsedTop(top), prefix, value) : value };
}

/** Loads `patch` over the stage config and returns the error (failing if there is none). */
function rejection(patch: Record<string, Json | undefined>, env: Record<string, string> = {}): ValidationError {
    cases++;
    const raw: Record<string, string> = { ...base };
    for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete raw[k];
        else raw[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    try {
        loadStackConfig(raw, env, PROJECT, "stage", () => false);
    } catch (e) {
        assert.ok(e instanceof ValidationError, `not a ValidationError: ${(e as Error)?.stack ?? e}`);
        assert.doesNotMatch(e.message, /\bundefined\b|TypeError|Cannot read/, e.message);
        return e;
    }
    throw new assert.AssertionError({ message: `accepted: ${JSON.stringify(patch)}` });
}

const wrongTypeOf = (v: Json): fc.Arbitrary<Json> => {
    if (typeof v === "number") return fc.constantFrom<Json>("12", "x", true, [1]);
    if (typeof v === "string") return fc.constantFrom<Json>(42, false, [v], { v });
    if (typeof v === "boolean") return fc.constantFrom<Json>("true", 1, []);
    if (Array.isArray(v)) return fc.constantFrom<Json>("list", 3, true);
    return fc.constantFrom<Json>("map", 7, false);
};

describe("invalid stack configs (property-based)", () => {
    it("a value of the wrong type anywhere is rejected, naming its path", () => {
        const all = STRUCTURED.flatMap((key) => nodes(parsed(key)).map((n) => ({ key, ...n })));
        fc.assert(
            fc.property(
                fc.constantFrom(...all).chain((n) => fc.tuple(fc.constant(n), wrongTypeOf(n.value))),
                ([n, bad]) => {
                    const err = rejection(patchOf(n.key, setAt(parsed(n.key), n.path, bad)));
                    assert.ok(err.message.includes(render(n.key, n.path)), `${render(n.key, n.path)} not named in:\n${err.message}`);
                },
            ),
            { numRuns: RUNS },
        );
    });

    it("an unknown key is rejected with the known ones, top-level or nested", () => {
        const objects = STRUCTURED.flatMap((key) => [{ key, path: [] as Path, value: parsed(key), inRecord: false }, ...nodes(parsed(key)).map((n) => ({ key, ...n }))]).filter(
            (n) => n.value !== null && typeof n.value === "object" && !Array.isArray(n.value) && !RECORD_KEYS.has(String(n.path[n.path.length - 1])),
        );
        fc.assert(
            fc.property(fc.constantFrom(...objects), fc.stringMatching(/^[a-z][A-Za-z0-9]{2,12}$/), (n, name) => {
                const key = `zz${name}`;
                const err = rejection(patchOf(n.key, setAt(parsed(n.key), [...n.path, key], 1)));
                assert.ok(err.message.includes(`${render(n.key, [...n.path, key])}: is not a known setting`), err.message);
            }),
            { numRuns: RUNS },
        );
        fc.assert(
            fc.property(fc.stringMatching(/^[a-z][A-Za-z]{3,12}$/).filter((k) => !TOP_LEVEL.includes(k)), (k) => {
                const err = rejection({ [`${PROJECT}:${k}`]: "1" });
                assert.ok(err.message.includes(`${PROJECT}:${k}: is not a known setting`), err.message);
            }),
            { numRuns: 50 },
        );
    });

    it("an out-of-range number is rejected with the allowed range", () => {
        const ranges: Array<[string, Path, number, number]> = [
            ["network", ["availabilityZones"], 2, 6],
            ["web", ["maxRequestSeconds"], 1, 3600],
            ["web", ["desiredCount"], 1, 5000],
            ["web", ["healthCheck", "intervalSeconds"], 5, 300],
            ["web", ["task", "containers", 1, "healthCheck", "interval"], 5, 300],
            ["web", ["task", "containers", 1, "healthCheck", "startPeriod"], 0, 300],
            ["web", ["task", "containers", 0, "ports", 0], 1, 65535],
            ["worker", ["maxJobSeconds"], 1, 43200],
            ["worker", ["scaling", "maxTasks"], 1, 5000],
            ["worker", ["scaling", "backlogPerTask"], 1, 100000],
            ["worker", ["task", "containers", 0, "stopTimeout"], 2, 120],
            ["worker", ["maxReceiveCount"], 1, 1000],
        ];
        fc.assert(
            fc.property(
                fc.constantFrom(...ranges),
                fc.oneof(fc.integer({ min: -100000, max: -1 }), fc.integer({ min: 1, max: 1000000 })),
                ([key, p, min, max], offset) => {
                    const value = offset < 0 ? min + offset : max + offset;
                    const err = rejection(patchOf(key, setAt(parsed(key), p, value)));
                    assert.ok(err.message.includes(render(key, p)), `${render(key, p)} not named in:\n${err.message}`);
                },
            ),
            { numRuns: RUNS },
        );
    });

    it("a malformed ARN is rejected, naming the field", () => {
        const account = fc.stringMatching(/^\d{12}$/);
        const secretName = fc.stringMatching(/^[a-z]{2,10}\/[a-z]{2,10}$/);
        const garbage = fc.stringMatching(/^[a-z:/-]{1,30}$/).filter((s) => !s.startsWith("arn:"));
        fc.assert(
            fc.property(
                fc.oneof(
                    // A partial Secrets Manager ARN: the 6-character-suffix trap.
                    fc.tuple(account, secretName).map(([a, n]) => ({ key: "app", path: ["secrets", "APP_KEY", "secretsManager"], value: `arn:aws:secretsmanager:us-east-1:${a}:secret:${n}` })),
                    garbage.map((g) => ({ key: "app", path: ["secrets", "APP_KEY", "kmsKeyArn"], value: g })),
                    garbage.map((g) => ({ key: "worker", path: ["queueArn"], value: `arn:${g}` })),
                    garbage.map((g) => ({ key: "worker", path: ["kmsKeyArn"], value: g })),
                ),
                (m) => {
                    const err = rejection(patchOf(m.key, setAt(parsed(m.key), m.path as Path, m.value)));
                    assert.ok(err.message.includes(render(m.key, m.path as Path)), err.message);
                },
            ),
            { numRuns: RUNS },
        );
    });

    it("an invalid cpu/memory pair is rejected with the memory Fargate allows", () => {
        const allowed: Record<number, number[]> = { 256: [512, 1024, 2048], 512: [1024, 2048, 3072, 4096] };
        fc.assert(
            fc.property(
                fc.constantFrom(256, 512, 1024, 2048, 4096),
                fc.integer({ min: 1, max: 480 }).map((n) => n * 256),
                fc.constantFrom("web", "worker"),
                (cpu, memory, key) => {
                    const ok = (allowed[cpu] ?? []).includes(memory) || (cpu >= 1024 && memory % 1024 === 0 && memory >= cpu * 2 && memory <= ({ 1024: 8192, 2048: 16384, 4096: 30720 } as Record<number, number>)[cpu]);
                    fc.pre(!ok);
                    const task = setAt(setAt(parsed(key), ["task", "cpu"], cpu), ["task", "memory"], memory);
                    const err = rejection(patchOf(key, task));
                    assert.ok(err.message.includes(`${render(key, ["task", "memory"])}: is ${memory} MiB, which Fargate does not offer with cpu ${cpu}`), err.message);
                },
            ),
            { numRuns: RUNS },
        );
    });

    it("conflicting options are rejected, naming the key", () => {
        const web = parsed("web") as any;
        const worker = parsed("worker") as any;
        const conflicts: Array<{ patch: Record<string, Json | undefined>; env?: Record<string, string>; names: string }> = [
            { patch: { [`${PROJECT}:app`]: { ...(parsed("app") as any), cpuArchitecture: "ARM64" } }, names: `${PROJECT}:workers.worker.spot` },
            { patch: patchOf("web", { ...web, task: { ...web.task, containers: web.task.containers.map((c: any) => ({ ...c, readonlyRootFilesystem: true })) } }), names: `${PROJECT}:webServices.web.enableExecuteCommand` },
            { patch: patchOf("web", { ...web, deployment: { strategy: "BLUE_GREEN", minimumHealthyPercent: 50 } }), names: `${PROJECT}:webServices.web.deployment: minimumHealthyPercent and maximumPercent apply to ROLLING` },
            { patch: patchOf("web", { ...web, domainName: "app.example.com" }), names: `${PROJECT}:webServices.web.domainName` },
            { patch: { [`${PROJECT}:network`]: { nat: "existing" } }, names: `${PROJECT}:network.nat` },
            { patch: { [`${PROJECT}:network`]: { vpcId: "vpc-1", publicSubnetIds: ["a", "b"], privateSubnetIds: ["c"], nat: "none" } }, names: `${PROJECT}:network.privateSubnetIds` },
            { patch: patchOf("worker", { ...worker, visibilityTimeoutSeconds: 30 }), names: `${PROJECT}:workers.worker.visibilityTimeoutSeconds` },
            { patch: { [`${PROJECT}:cluster`]: { containerInsights: "disabled" } }, names: `${PROJECT}:workers.worker` },
            { patch: { [`${PROJECT}:imageTag`]: "abc1234" }, env: { IMAGE_TAG: "def5678" }, names: `${PROJECT}:imageTag` },
            { patch: patchOf("web", { ...web, task: { ...web.task, containers: [{ ...web.task.containers[0], ports: [{ containerPort: 8080, hostPort: 80 }] }, web.task.containers[1]] } }), names: `${PROJECT}:webServices.web.task.containers[0].ports[0].hostPort` },
            { patch: { [`${PROJECT}:app`]: { ...(parsed("app") as any), environment: { APP_KEY: "x" } } }, names: `${PROJECT}:app.secrets.APP_KEY: is also set in app.environment` },
            { patch: { [`${PROJECT}:app`]: { ...(parsed("app") as any), imageRepository: "registry.gitlab.com/acme/site", keepTaggedImages: 5 } }, names: `${PROJECT}:app` },
        ];
        fc.assert(
            fc.property(fc.constantFrom(...conflicts), (c) => {
                const err = rejection(c.patch, c.env);
                assert.ok(err.message.includes(c.names), `${c.names} not named in:\n${err.message}`);
            }),
            { numRuns: conflicts.length * 3 },
        );
    });

    it("registers no resource for an invalid config when the real program runs", async () => {
        const samples = fc.sample(
            fc.constantFrom<Record<string, unknown>>(
                { [`${PROJECT}:network`]: { nat: "perAZ" } },
                { [`${PROJECT}:webServices`]: { web: { task: { cpu: 300, memory: 512, containers: [{ name: "a", ports: [80] }] } } } },
                { [`${PROJECT}:workers`]: { worker: { task: { cpu: 256, memory: 512, containers: [] } } } },
                { [`${PROJECT}:typo`]: "1" },
                { "aws:region": "nowhere" },
            ),
            10,
        );
        for (const overrides of samples) {
            cases++;
            await assert.rejects(runProgram({ stack: "stage", overrides: { [`${PROJECT}:imageTag`]: "abc1234", ...overrides } }), ValidationError);
            assert.deepStrictEqual(lastRecording(), [], JSON.stringify(overrides));
        }
    });

    after(() => {
        // Every property ran its full count (RUNS each for most): none was skipped or cut short.
        assert.ok(cases >= 5 * RUNS, `only ${cases} invalid configs were generated and rejected`);
    });
});
