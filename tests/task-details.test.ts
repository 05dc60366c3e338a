/**
 * Task details real apps need (issue 21, item 7): the containers' memory as ECS counts it, Linux
 * capabilities as Fargate allows them, queue workers that send to each other, and a standalone
 * task definition for one-off runs by other tools.
 */
import * as assert from "assert";
import * as path from "path";
import { Check } from "../components/internal/validation";
import { createFargateTask } from "../components/task/task-definition";
import { FargateTaskSpec, checkTaskSpec } from "../components/task/task-spec";
import { loadStackConfig } from "../stack/config";
import { ProgramRun, readStackFiles, runInMocks, runProgram } from "../tools/mock-runtime";
import { containerDefs, one, statements, TestParent, throwsValidation } from "./support";

const root = path.join(__dirname, "..");
const ACCOUNT = "123456789012";
const TAG = { "fargate-kit:imageTag": "abc1234" };
const PROD = readStackFiles(root, "prod").config;
const prod = (key: string) => JSON.parse(PROD[`fargate-kit:${key}`]);
function load(patch: Record<string, unknown>) {
    const raw = { ...PROD };
    for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete raw[k];
        else raw[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return loadStackConfig(raw, {}, "fargate-kit", "prod", () => false);
}

/** An nginx + app task of 1 GiB with the containers' sizes given. */
const task = (nginx: Record<string, unknown>, app: Record<string, unknown>, more: Partial<FargateTaskSpec> = {}): FargateTaskSpec => ({
    image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:abc",
    cpu: 512,
    memory: 1024,
    containers: [
        { name: "nginx", image: "public.ecr.aws/nginx/nginx:1.27", ports: [{ containerPort: 8080 }], ...nginx },
        { name: "app", ...app },
    ],
    ...more,
});
function validate(spec: FargateTaskSpec): void {
    const check = Check.root("task");
    checkTaskSpec(check, spec);
    check.throwIfFailed('FargateWebService "web"');
}

describe("container memory, as ECS counts it", () => {
    it("counts reservations, not hard limits: two containers may each burst to the task's memory", () => {
        // ECS subtracts memoryReservation where set: 256 + 512 of 1024. The old rule added the hard limits (2048) and refused it.
        validate(task({ memory: 1024, memoryReservation: 256 }, { memory: 1024, memoryReservation: 512 }));
    });

    it("counts a container's hard limit when it has no reservation", () => {
        throwsValidation(() => validate(task({ memory: 512 }, { memoryReservation: 768 })), 'task.containers: containers reserve 1280 MiB of memory in total ("nginx" 512, "app" 768), more than the task\'s 1024; ECS counts each container\'s memoryReservation, or its memory when it has none');
    });

    it("refuses a reservation not below the hard limit, at memoryReservation", () => {
        const err = throwsValidation(() => validate(task({}, { memory: 512, memoryReservation: 512 })), "task.containers[1].memoryReservation: is 512 MiB, but memory (the hard limit) is 512 MiB; ECS requires memory to be greater than memoryReservation");
        assert.strictEqual(err.problems.length, 1);
        validate(task({}, { memory: 512, memoryReservation: 511 }));
    });

    it("refuses less than Docker's 6 MiB and a reservation above the task's memory", () => {
        throwsValidation(() => validate(task({ memoryReservation: 4 }, {})), "task.containers[0].memoryReservation: is 4; allowed: a whole number from 6 to 1024 MiB (at most the task's memory)");
        throwsValidation(() => validate(task({}, { memoryReservation: 2048 })), "task.containers[1].memoryReservation: is 2048; allowed: a whole number from 6 to 1024 MiB");
    });

    it("counts the FireLens log router's 50 MiB", () => {
        const routed = { logging: { fireLens: { name: "datadog" } } };
        validate(task({ memoryReservation: 500 }, { memoryReservation: 474, ...routed }));
        throwsValidation(() => validate(task({ memoryReservation: 500 }, { memoryReservation: 475, ...routed })), 'containers reserve 1025 MiB of memory in total ("nginx" 500, "app" 475, the FireLens log router 50)');
    });

    it("is checked at the key the user typed in a stack file", () => {
        const worker = prod("workers").worker;
        worker.task.containers[0].memory = 512;
        worker.task.containers[0].memoryReservation = 600;
        throwsValidation(() => load({ "fargate-kit:workers": { worker } }), "fargate-kit:workers.worker.task.containers[0].memoryReservation: is 600 MiB, but memory (the hard limit) is 512 MiB");
    });
});

describe("Linux capabilities", () => {
    it("refuses adding anything but SYS_PTRACE on Fargate, naming what is allowed", () => {
        throwsValidation(() => validate(task({}, { capabilities: { add: ["NET_ADMIN"] } })), 'task.containers[1].capabilities.add[0]: is "NET_ADMIN", which Fargate does not let a container add; allowed: "SYS_PTRACE" (drop takes any capability)');
    });

    it("refuses a name that is no capability, a repeat, and one both added and dropped", () => {
        throwsValidation(() => validate(task({}, { capabilities: { drop: ["CAP_NET_RAW" as never] } })), 'task.containers[1].capabilities.drop[0]: is "CAP_NET_RAW"; allowed: "ALL", "AUDIT_CONTROL"');
        throwsValidation(() => validate(task({}, { capabilities: { drop: ["NET_RAW", "NET_RAW"] } })), 'capabilities.drop[1]: is "NET_RAW" again; list a capability once');
        throwsValidation(() => validate(task({}, { capabilities: { add: ["SYS_PTRACE"], drop: ["SYS_PTRACE"] } })), 'task.containers[1].capabilities: adds and drops "SYS_PTRACE"');
    });

    it("refuses them in the stack file at the typed key, by the schema and by Fargate's rule", () => {
        const worker = prod("workers").worker;
        worker.task.containers[0].capabilities = { add: ["SYS_ADMIN"], drop: ["ALL"] };
        throwsValidation(() => load({ "fargate-kit:workers": { worker } }), 'fargate-kit:workers.worker.task.containers[0].capabilities.add[0]: is "SYS_ADMIN", which Fargate does not let a container add');
        worker.task.containers[0].capabilities = { remove: ["ALL"] };
        throwsValidation(() => load({ "fargate-kit:workers": { worker } }), "fargate-kit:workers.worker.task.containers[0].capabilities");
    });

    it("renders KernelCapabilities in linuxParameters, and nothing for a container without them", async () => {
        const spec = task({ capabilities: { drop: ["ALL"] } }, { capabilities: { add: ["SYS_PTRACE"], drop: ["NET_RAW"] } });
        validate(spec);
        const run = await runInMocks(() => createFargateTask("web", spec, { defaultStopTimeout: 30, enableExecuteCommand: false, protect: false }, new TestParent()));
        const [nginx, app] = containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition"));
        assert.deepStrictEqual(nginx.linuxParameters, { initProcessEnabled: true, capabilities: { drop: ["ALL"] } });
        assert.deepStrictEqual(app.linuxParameters, { initProcessEnabled: true, capabilities: { add: ["SYS_PTRACE"], drop: ["NET_RAW"] } });
        const plain = await runInMocks(() => createFargateTask("web", task({}, {}), { defaultStopTimeout: 30, enableExecuteCommand: false, protect: false }, new TestParent()));
        assert.deepStrictEqual(containerDefs(one(plain.resources, "aws:ecs/taskDefinition:TaskDefinition"))[1].linuxParameters, { initProcessEnabled: true });
    });
});

describe("queue workers that send to each other", () => {
    const worker = (name: string, sendsTo: string, prefix: string) => ({
        maxJobSeconds: 60,
        queueUrlVariable: `${prefix}_QUEUE_URL`,
        queueNameVariable: `${prefix}_QUEUE_NAME`,
        sendsTo: [sendsTo],
        task: { cpu: 256, memory: 512, containers: [{ name, command: ["bin/work", name], readonlyRootFilesystem: false }] },
    });
    const workers = { orders: worker("orders", "billing", "ORDERS"), billing: worker("billing", "orders", "BILLING") };
    let run: ProgramRun;
    before(async () => {
        // The stack's database and cache serve the services of this variant.
        const usedBy = (key: string) => Object.fromEntries(Object.entries(prod(key)).map(([n, d]: [string, any]) => [n, { ...d, usedBy: ["web", "orders", "billing"] }]));
        run = await runProgram({ stack: "prod", overrides: { ...TAG, "fargate-kit:workers": workers, "fargate-kit:webServices": { web: { ...prod("webServices").web, sendsTo: ["orders"] } }, "fargate-kit:scheduledTasks": undefined, "fargate-kit:migration": undefined, "fargate-kit:databases": usedBy("databases"), "fargate-kit:caches": usedBy("caches") } });
    });

    it("plans a circle of sendsTo (each queue exists before the task definitions that name it)", () => {
        const url = (q: string) => `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/fargate-kit-prod-${q}`;
        for (const [name, other, own, theirs] of [["orders", "billing", "ORDERS", "BILLING"], ["billing", "orders", "BILLING", "ORDERS"]]) {
            const [c] = containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", `${name}-task`));
            const env = Object.fromEntries(c.environment.map((e: { name: string; value: string }) => [e.name, e.value]));
            assert.deepStrictEqual([env[`${own}_QUEUE_URL`], env[`${theirs}_QUEUE_URL`], env[`${theirs}_QUEUE_NAME`]], [url(name), url(other), `fargate-kit-prod-${other}`], name);
            const send = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", `${name}-task`).inputs.policy).filter((s) => s.Action.includes("sqs:SendMessage"));
            assert.deepStrictEqual(send.flatMap((s) => s.Resource), [`arn:aws:sqs:us-east-1:${ACCOUNT}:fargate-kit-prod-${other}`], name);
        }
    });

    it("still refuses a circle whose queue variables clash", () => {
        const clash = { orders: { ...workers.orders, queueUrlVariable: undefined, queueNameVariable: undefined }, billing: { ...workers.billing, queueUrlVariable: undefined, queueNameVariable: undefined } };
        throwsValidation(() => load({ "fargate-kit:workers": JSON.parse(JSON.stringify(clash)) }), 'fargate-kit:workers.orders.sendsTo[0]: is "billing", whose queue variables QUEUE_URL and QUEUE_NAME are also "orders"\'s own queue\'s');
    });
});

describe("a standalone task definition for one-off runs", () => {
    const seed = { task: { cpu: 256, memory: 512, ephemeralStorageGiB: 30, containers: [{ name: "seed", command: ["php", "artisan", "db:seed", "--force"], writablePaths: ["/tmp"] }] } };
    let run: ProgramRun;
    before(async () => {
        // A seed task uses the database as the services do: named in its usedBy.
        const databases = Object.fromEntries(Object.entries(prod("databases")).map(([n, d]: [string, any]) => [n, { ...d, usedBy: [...d.usedBy, "seed"] }]));
        run = await runProgram({ stack: "prod", overrides: { ...TAG, "fargate-kit:tasks": { seed }, "fargate-kit:databases": databases } });
    });

    it("registers the task definition with its roles, log group and an egress-only security group, and nothing that runs it", () => {
        const parent = "fargate-kit:index:StandaloneTask::seed";
        const children = run.resources.filter((r) => r.parent === parent).map((r) => `${r.type.split(":").pop()} ${r.name}`).sort();
        assert.deepStrictEqual(children, ["LogGroup seed-logs", "Role seed-execution", "Role seed-task", "RolePolicy seed-execution", "SecurityGroup seed-tasks", "TaskDefinition seed-task"]);
        const td = one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "seed-task");
        assert.deepStrictEqual([td.inputs.family, td.inputs.cpu, td.inputs.memory, td.inputs.ephemeralStorage], ["fargate-kit-prod-seed", "256", "512", { sizeInGib: 30 }]);
        const sg = one(run.resources, "aws:ec2/securityGroup:SecurityGroup", "seed-tasks");
        assert.deepStrictEqual(sg.inputs.ingress ?? [], []);
        // Production mode as the stack says: the log group is protected and kept a year.
        const logs = one(run.resources, "aws:cloudwatch/logGroup:LogGroup", "seed-logs");
        assert.deepStrictEqual([logs.protect, logs.inputs.retentionInDays], [true, 365]);
        assert.ok(!run.resources.some((r) => ["aws:ecs/service:Service", "aws:scheduler/schedule:Schedule"].includes(r.type) && r.name.startsWith("seed")));
    });

    it("runs the app image with the app's environment and secrets, as any app container", () => {
        const [c] = containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "seed-task"));
        const [web] = containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "web-task")).filter((d: any) => d.name === "php");
        assert.strictEqual(c.image, web.image);
        assert.deepStrictEqual(c.secrets.map((s: any) => s.name), web.secrets.map((s: any) => s.name));
        const execution = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "seed-execution").inputs.policy);
        assert.ok(execution.some((s) => s.Action.includes("secretsmanager:GetSecretValue") && s.Resource.length > 0));
    });

    it("outputs what aws ecs run-task needs, and the plan lists it", async () => {
        const out = (run.outputs.tasks as any).seed;
        assert.deepStrictEqual(Object.keys(out), ["family", "taskDefinitionArn", "securityGroupId", "securityGroupIds", "logGroupName"]);
        // It uses the database: a run must pass the database's access group too (before, no output said so).
        assert.deepStrictEqual(out.securityGroupIds, [out.securityGroupId, "main-database-access-id"]);
        assert.strictEqual(out.family, "fargate-kit-prod-seed");
        assert.strictEqual(out.logGroupName, "/ecs/fargate-kit-prod/seed");
        const { buildPlan, summarize } = (require("../plan/plan") as typeof import("../plan/plan"));
        assert.match(summarize(buildPlan(run), run), /Standalone tasks .*\n  seed +0\.25 vCPU \/ 0\.5 GB · family fargate-kit-prod-seed/);
    });

    it("refuses a name another service or job has, and checks its task at the typed key", () => {
        throwsValidation(() => load({ "fargate-kit:tasks": { worker: seed } }), 'fargate-kit:tasks.worker: is also the name of a service or scheduled task (or "migrate"); names must be unique in a stack');
        const bad = JSON.parse(JSON.stringify(seed));
        bad.task.ephemeralStorageGiB = 10;
        throwsValidation(() => load({ "fargate-kit:tasks": { seed: bad } }), "fargate-kit:tasks.seed.task.ephemeralStorageGiB: is 10; allowed: a whole number from 21 to 200 GiB");
    });
});

describe("task volumes shared between the containers of one task", () => {
    /** nginx reads php-fpm's socket from a volume php writes it to. */
    const shared = (): FargateTaskSpec =>
        task(
            { mounts: [{ volume: "php-socket", path: "/var/run/php", readOnly: true }], writablePaths: ["/tmp"] },
            { mounts: [{ volume: "php-socket", path: "/var/run/php" }] },
            { volumes: [{ name: "php-socket" }] },
        );

    it("declares the volume once on the task and mounts it in each container, read-only where asked", async () => {
        validate(shared());
        const run = await runInMocks(() => createFargateTask("web", shared(), { defaultStopTimeout: 30, enableExecuteCommand: false, protect: false }, new TestParent()));
        const td = one(run.resources, "aws:ecs/taskDefinition:TaskDefinition");
        assert.deepStrictEqual(td.inputs.volumes, [{ name: "nginx-writable-0" }, { name: "php-socket" }]);
        const [nginx, app] = containerDefs(td);
        assert.deepStrictEqual(nginx.mountPoints, [
            { sourceVolume: "nginx-writable-0", containerPath: "/tmp", readOnly: false },
            { sourceVolume: "php-socket", containerPath: "/var/run/php", readOnly: true },
        ]);
        assert.deepStrictEqual(app.mountPoints, [{ sourceVolume: "php-socket", containerPath: "/var/run/php", readOnly: false }]);
    });

    it("refuses a mount of no volume (listing the task's), a path taken twice, a duplicate or unmounted volume, and a name of a writable path's volume", () => {
        const s = shared();
        s.containers[1].mounts = [{ volume: "php-sock", path: "/var/run/php" }];
        throwsValidation(() => validate(s), 'task.containers[1].mounts[0].volume: is "php-sock", which is not a volume of this task; volumes: "php-socket"');
        throwsValidation(() => validate(task({ writablePaths: ["/tmp"], mounts: [{ volume: "x", path: "/tmp" }] }, {}, { volumes: [{ name: "x" }] })), 'task.containers[0].mounts[0].path: is "/tmp", which writablePaths[0] of this container already mounts');
        throwsValidation(() => validate({ ...shared(), volumes: [{ name: "php-socket" }, { name: "php-socket" }] }), 'task.volumes[1].name: is "php-socket" again');
        throwsValidation(() => validate({ ...shared(), volumes: [{ name: "php-socket" }, { name: "cache" }] }), 'task.volumes[1]: is mounted by no container');
        throwsValidation(() => validate(task({ writablePaths: ["/tmp"], mounts: [{ volume: "nginx-writable-0", path: "/x" }] }, {}, { volumes: [{ name: "nginx-writable-0" }] })), 'task.volumes[0].name: is "nginx-writable-0", the name of the volume behind a container\'s writablePaths');
        throwsValidation(() => validate(task({ mounts: [{ volume: "v", path: "relative" }] }, {}, { volumes: [{ name: "v" }] })), 'task.containers[0].mounts[0].path: is "relative"; allowed: an absolute path');
    });

    it("is typed in the stack file as in the library, and refused at the typed key", () => {
        const worker = prod("workers").worker;
        worker.task.volumes = [{ name: "spool" }];
        worker.task.containers[0].mounts = [{ volume: "spool", path: "/var/spool/app" }];
        load({ "fargate-kit:workers": { worker } });
        worker.task.containers[0].mounts = [{ volume: "spoll", path: "/var/spool/app" }];
        throwsValidation(() => load({ "fargate-kit:workers": { worker } }), 'fargate-kit:workers.worker.task.containers[0].mounts[0].volume: is "spoll", which is not a volume of this task');
    });
});

describe("ephemeral storage, priced", () => {
    it("adds what is above Fargate's free 20 GiB to the service's compute line, at the Region's GB-hour price", async () => {
        const { estimateCost } = (require("../plan/costs") as typeof import("../plan/costs"));
        const { ASSUMPTIONS, pricesFor } = (require("../plan/prices") as typeof import("../plan/prices"));
        const worker = prod("workers").worker;
        const base = await runProgram({ stack: "prod", overrides: { ...TAG, "fargate-kit:workers": { worker } } });
        worker.task.ephemeralStorageGiB = 120;
        const big = await runProgram({ stack: "prod", overrides: { ...TAG, "fargate-kit:workers": { worker } } });
        const line = (run: ProgramRun) => estimateCost(run).lines.find((l) => l.category === "compute" && l.service === "worker")!;
        assert.match(line(big).item, /0\.5 vCPU \/ 1 GB x86 \+ 120 GiB storage \(100 above the free 20 priced\)/);
        // One on-demand task (minTasks 1, onDemandBaseTasks 1): 100 GiB × the GB-hour price × the month's hours.
        const expected = 100 * pricesFor("us-east-1")!.ephemeralGbHour * ASSUMPTIONS.hoursPerMonth;
        assert.ok(Math.abs(line(big).monthly - line(base).monthly - expected) < 0.011, `${line(big).monthly} - ${line(base).monthly} vs ${expected}`);
    });
});
