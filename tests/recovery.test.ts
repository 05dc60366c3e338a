/**
 * Nothing is lost when a deploy goes wrong, and every re-run converges: what the program sends so
 * that a port change, a rolled-back deploy and a failed green revision end where a re-run can
 * continue. The engine's and the provider's part is modelled from their source (named at each).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ProgramRun, runProgram } from "../tools/mock-runtime";
import { replacementProblems } from "../tools/provider-rules";
import { bothStacks, one, serviceConfig, withWeb } from "./support";

const root = path.join(__dirname, "..");
const stageWeb = () => serviceConfig("stage", "webServices", "web");
const withPort = (port: number) => {
    const web = stageWeb();
    web.task.containers = web.task.containers.map((c: any) => (c.ports ? { ...c, ports: [port] } : c));
    return web;
};
const run = (web: Record<string, unknown>): Promise<ProgramRun> => runProgram({ stack: "stage", overrides: { "fargate-kit:imageTag": "3f2c1ab", ...withWeb(web) } });

describe("a container-port change", () => {
    let before: ProgramRun;
    let after: ProgramRun;
    it("replaces the target group create-before-delete under a new name, and the listener rule moves to it in place", async () => {
        before = await run(withPort(8080));
        after = await run(withPort(8000));
        const [oldGroup, newGroup] = [one(before.resources, "aws:lb/targetGroup:TargetGroup"), one(after.resources, "aws:lb/targetGroup:TargetGroup")];
        assert.notStrictEqual(oldGroup.inputs.name, newGroup.inputs.name);
        assert.strictEqual(newGroup.deleteBeforeReplace, false);
        assert.deepStrictEqual(replacementProblems(before.resources, after.resources), []);
        // The rule itself: without the option, the bridge deletes the group first, while the rule still forwards to it.
        const providerChoice = after.resources.map((r) => (r.type === "aws:lb/targetGroup:TargetGroup" ? { ...r, deleteBeforeReplace: undefined } : r));
        assert.deepStrictEqual(replacementProblems(before.resources, providerChoice), [
            { resource: "aws:lb/targetGroup:TargetGroup::web-tg", message: "is replaced delete-before-create (an explicit name), and deleting it fails while ListenerRule web-route still uses it" },
        ]);
    });

    it("moves the security-group rules to the new port in place (from_port/to_port are not ForceNew)", () => {
        const rule = (r: ProgramRun) => one(r.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-tasks-from-lb");
        assert.deepStrictEqual([rule(before).inputs.fromPort, rule(after).inputs.fromPort], [8080, 8000]);
        assert.strictEqual(rule(after).deleteBeforeReplace, undefined);
    });
});

describe("a deploy ECS rolled back", () => {
    it("is seen by the next run: every up, preview and destroy refreshes first (Pulumi.yaml options.refresh)", () => {
        const project = YAML.parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));
        assert.deepStrictEqual(project.options, { refresh: "always" });
    });

    it("keeps the previous task definition revision registered, for ECS's rollback and a rollback by tag", async () => {
        const stage = await run(stageWeb());
        for (const td of stage.resources.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")) assert.strictEqual(td.inputs.skipDestroy, true, td.name);
    });
});

describe("a green revision that never starts", () => {
    it("trips the circuit breaker with BLUE_GREEN, as with ROLLING; CANARY and LINEAR only when asked", async () => {
        const breaker = async (deployment: Record<string, unknown>) => one((await run({ ...stageWeb(), deployment })).resources, "aws:ecs/service:Service", "web").inputs.deploymentCircuitBreaker;
        assert.deepStrictEqual(await breaker({ strategy: "BLUE_GREEN" }), { enable: true, rollback: true });
        assert.deepStrictEqual(await breaker({ strategy: "CANARY" }), { enable: false, rollback: false });
        assert.deepStrictEqual(await breaker({ strategy: "LINEAR", circuitBreaker: true }), { enable: true, rollback: true });
        assert.deepStrictEqual(await breaker({}), { enable: true, rollback: true });
    });
});

describe("a migration that outlives its credentials, and jobs Laravel would kill", () => {
    const { loadStackConfig } = require("../stack/config") as typeof import("../stack/config");
    const { readStackFiles } = require("../tools/mock-runtime") as typeof import("../tools/mock-runtime");
    const { throwsValidation } = require("./support") as typeof import("./support");
    const raw = readStackFiles(root, "prod").config;
    const load = (patch: Record<string, unknown>) => loadStackConfig({ ...raw, ...Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, JSON.stringify(v)])) }, {}, "fargate-kit", "prod", () => false);
    const prod = (key: string) => JSON.parse(raw[`fargate-kit:${key}`]);

    it("refuses a migration timeout the Deployments session cannot cover, with the session to set", () => {
        throwsValidation(
            () => load({ "fargate-kit:migration": { ...prod("migration"), timeoutMinutes: 120 } }),
            'fargate-kit:migration.timeoutMinutes: is 120: a migration may run 120 minutes, but Pulumi Deployments\' AWS credentials last 60 minutes (fargate-kit:deployments.sessionDuration, default "1h") and the services still roll after it; set fargate-kit:deployments.sessionDuration to "2h15m" or more',
        );
        load({ "fargate-kit:migration": { ...prod("migration"), timeoutMinutes: 120 }, "fargate-kit:deployments": { ...prod("deployments"), sessionDuration: "2h15m" } });
        throwsValidation(() => load({ "fargate-kit:deployments": { ...prod("deployments"), sessionDuration: "20m" } }), 'fargate-kit:migration.timeoutMinutes: is 15: a migration may run 15 minutes, but Pulumi Deployments\' AWS credentials last 20 minutes (fargate-kit:deployments.sessionDuration) and the services still roll after it; set fargate-kit:deployments.sessionDuration to "30m" or more');
        const { timeoutMinutes: _default, ...migration } = prod("migration");
        throwsValidation(() => load({ "fargate-kit:migration": migration, "fargate-kit:deployments": { ...prod("deployments"), sessionDuration: "20m" } }), 'fargate-kit:deployments.sessionDuration: is "20m": a migration may run 15 minutes');
        throwsValidation(() => load({ "fargate-kit:deployments": { ...prod("deployments"), sessionDuration: "13h" } }), 'fargate-kit:deployments.sessionDuration: is "13h" (46800 s); allowed: 15m to 12h');
    });

    it("lets the deploy role's session last as long as the Deployments session asks (STS refuses more than the role's maximum)", async () => {
        const role = async (sessionDuration?: string) =>
            one((await runProgram({ stack: "prod", overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:deployments": { ...prod("deployments"), sessionDuration } } })).resources, "aws:iam/role:Role", "deploy-role").inputs.maxSessionDuration;
        assert.deepStrictEqual([await role(undefined), await role("45m"), await role("3h")], [3600, 3600, 10800]);
    });

    it("refuses queue:work whose --timeout would kill jobs maxJobSeconds allows, or outlast the visibility timeout", () => {
        const worker = prod("workers").worker;
        const withCommand = (command: string[]) => ({ "fargate-kit:workers": { worker: { ...worker, task: { ...worker.task, containers: [{ ...worker.task.containers[0], command }] } } } });
        throwsValidation(
            () => load(withCommand(["php", "artisan", "queue:work", "sqs"])),
            'fargate-kit:workers.worker.task.containers[0].command: runs queue:work with no --timeout (Laravel\'s default: 60 s), shorter than maxJobSeconds 120: Laravel kills a job the queue lets run 120 s; add "--timeout=120"',
        );
        throwsValidation(() => load(withCommand(["php", "artisan", "queue:work", "--timeout", "600"])), "runs queue:work with --timeout 600, not below the visibility timeout 150 s");
        load(withCommand(["php", "artisan", "queue:work", "--timeout=120"]));
    });
});

describe("turning protection off to tear prod down", () => {
    it("changes only what refuses deletion: logs keep their retention, retained resources stay retained, images are not force-deleted, the network and access logs stay", async () => {
        const { prod } = await bothStacks();
        const off = await runProgram({ stack: "prod", overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:protect": false } });
        const key = (r: { type: string; name: string; parent: string | null }) => `${r.type}::${r.parent}::${r.name}`;
        assert.deepStrictEqual(off.resources.map(key).sort(), prod.resources.map(key).sort(), "the same resources (registration order may differ: some register in callbacks)");
        const changed: string[] = [];
        for (const r of off.resources) {
            const before = prod.resources.find((p) => key(p) === key(r))!;
            for (const k of new Set([...Object.keys(before.inputs), ...Object.keys(r.inputs)])) {
                if (JSON.stringify(before.inputs[k]) !== JSON.stringify(r.inputs[k])) changed.push(`${r.type.split(":").pop()} ${r.name} ${k}`);
            }
            if (before.retainOnDelete !== r.retainOnDelete) changed.push(`${r.type.split(":").pop()} ${r.name} retainOnDelete`);
        }
        // Deletion protection (the load balancer's, the database's) is what follows protect: it refuses deletion.
        // The database keeps its standby, backups and final snapshot.
        assert.deepStrictEqual(changed, ["LoadBalancer app-lb enableDeletionProtection", "Cluster main deletionProtection"]);
        assert.deepStrictEqual(
            [prod.resources.filter((r) => r.protect).length > 0, off.resources.filter((r) => r.protect).length, off.resources.filter((r) => r.retainOnDelete).length],
            [true, 0, prod.resources.filter((r) => r.retainOnDelete).length],
        );
        assert.ok(off.resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup").every((g) => g.inputs.retentionInDays >= 365));
        assert.strictEqual(one(off.resources, "aws:ecr/repository:Repository").inputs.forceDelete, false);
    });

    it("stage opts out of each explicitly: no retention, a month of logs, images deleted with the repository, no access logs", async () => {
        const { stage } = await bothStacks();
        // The OIDC providers are account-wide (prod may use stage's by oidcProviderArn): a destroy leaves them.
        const shared = ["aws:iam/openIdConnectProvider:OpenIdConnectProvider", "pulumi:pulumi:StackReference"];
        assert.deepStrictEqual(
            [stage.resources.filter((r) => (r.retainOnDelete || r.protect) && !shared.includes(r.type)).length, one(stage.resources, "aws:ecr/repository:Repository").inputs.forceDelete, stage.resources.filter((r) => r.type === "aws:s3/bucket:Bucket").length],
            [0, true, 0],
        );
        const oidc = stage.resources.filter((r) => r.type === shared[0]);
        assert.deepStrictEqual([oidc.length, oidc.every((r) => r.retainOnDelete)], [2, true]);
        assert.ok(stage.resources.filter((r) => r.type === "aws:cloudwatch/logGroup:LogGroup").every((g) => g.inputs.retentionInDays === 30));
    });
});

describe("a fifo toggle on a queue that holds messages", () => {
    const { queueTypeChanges } = require("../stack/previous") as typeof import("../stack/previous");
    const workers = { worker: { fifo: true, task: { cpu: 256, memory: 512, containers: [] } }, mailer: { task: { cpu: 256, memory: 512, containers: [] } } } as any;
    const urls = { worker: "https://sqs.us-east-1.amazonaws.com/123456789012/fargate-kit-stage-worker", mailer: "https://sqs.us-east-1.amazonaws.com/123456789012/fargate-kit-stage-mailer" };

    it("is said before the plan replaces the queues, with what happens to the messages", async () => {
        assert.deepStrictEqual(queueTypeChanges({ project: "fargate-kit", protect: false, workers }, urls), [
            "fargate-kit:workers.worker.fifo turns its standard queue into a FIFO one, which SQS cannot do: the queue and its dead-letter queue are replaced, and the old ones are deleted with every message still in them. Drain the queue first (stop the producers, let worker empty it), or add a new worker for the FIFO queue and retire this one.",
        ]);
        assert.match(queueTypeChanges({ project: "fargate-kit", protect: true, workers }, urls)[0], /and pulumi up stops at deleting the protected old ones\./);
        // Through the program: the stack's last outputs hold the standard queue; the file now asks for FIFO.
        const warnings: string[] = [];
        const pulumi: typeof import("@pulumi/pulumi") = require("@pulumi/pulumi");
        const warn = pulumi.log.warn;
        (pulumi.log as any).warn = (m: string) => void warnings.push(m);
        try {
            const worker = serviceConfig("stage", "workers", "worker");
            await runProgram({ stack: "stage", overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:workers": { worker: { ...worker, fifo: true } } }, previousOutputs: { workers: { worker: { queueUrl: urls.worker } } } });
        } finally {
            (pulumi.log as any).warn = warn;
        }
        assert.ok(warnings.some((w) => w.startsWith("fargate-kit:workers.worker.fifo turns its standard queue into a FIFO one")), warnings.join("\n"));
    });
});
