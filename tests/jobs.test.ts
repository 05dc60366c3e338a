/**
 * Jobs on the task schema: the migration gate's task runner against a mocked ECS client
 * (aws-sdk-client-mock), and scheduled tasks and the gate in the stacks.
 */
import * as assert from "assert";
import { DescribeTasksCommand, ECSClient, ListTasksCommand, RunTaskCommand, StopTaskCommand } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { MigrationRunInputs, migrationNeedsRun, migrationStartedBy, runMigrationTask } from "../components/services/migration-run";

const INPUT: MigrationRunInputs = {
    region: "us-east-1",
    clusterArn: "arn:aws:ecs:us-east-1:123456789012:cluster/fargate-kit-stage-app",
    taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/fargate-kit-stage-migrate:7",
    subnets: ["subnet-a"],
    securityGroups: ["sg-1"],
    assignPublicIp: true,
    timeoutSeconds: 60,
    logGroupName: "/ecs/fargate-kit-stage/migrate",
    logStreamPrefix: "migrate",
};
const TASK = "arn:aws:ecs:us-east-1:123456789012:task/fargate-kit-stage-app/0123456789abcdef";

/** A clock that moves 6 s on each sleep, so the runner never waits for real. */
function fakeClock() {
    let t = 0;
    return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

describe("migration gate: the task runner against ECS", () => {
    const ecs = mockClient(ECSClient);
    beforeEach(() => ecs.reset());

    it("starts the task on Fargate in the given network and succeeds when every container exits 0", async () => {
        ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK, lastStatus: "PROVISIONING" }] });
        ecs.on(DescribeTasksCommand)
            .resolvesOnce({ tasks: [{ taskArn: TASK, lastStatus: "RUNNING", containers: [{ name: "migrate" }] }] })
            .resolves({ tasks: [{ taskArn: TASK, lastStatus: "STOPPED", stopCode: "EssentialContainerExited", containers: [{ name: "migrate", exitCode: 0 }] }] });
        const result = await runMigrationTask(new ECSClient({ region: "us-east-1" }), INPUT, fakeClock());
        assert.deepStrictEqual(result, { taskArn: TASK, exitCode: 0 });
        const run = ecs.commandCalls(RunTaskCommand)[0].args[0].input;
        assert.deepStrictEqual([run.cluster, run.taskDefinition, run.launchType, run.count], [INPUT.clusterArn, INPUT.taskDefinitionArn, "FARGATE", 1]);
        assert.deepStrictEqual(run.networkConfiguration, { awsvpcConfiguration: { subnets: ["subnet-a"], securityGroups: ["sg-1"], assignPublicIp: "ENABLED" } });
        assert.strictEqual(ecs.commandCalls(DescribeTasksCommand).length, 2);
    });

    it("fails with the exit code, the stopped reason and the log stream when the migration exits non-zero", async () => {
        ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK }] });
        ecs.on(DescribeTasksCommand).resolves({ tasks: [{ taskArn: TASK, lastStatus: "STOPPED", stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers: [{ name: "migrate", exitCode: 1 }] }] });
        await assert.rejects(
            runMigrationTask(new ECSClient({ region: "us-east-1" }), INPUT, fakeClock()),
            (e: Error) => {
                assert.strictEqual(
                    e.message,
                    'Migration task 0123456789abcdef failed: Essential container in task exited; container "migrate" exited with code 1. The services keep their current version. Logs: CloudWatch Logs group /ecs/fargate-kit-stage/migrate, stream migrate/migrate/0123456789abcdef',
                );
                return true;
            },
        );
    });

    it("fails when the task cannot start (CannotPullContainerError), naming the reason", async () => {
        ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK }] });
        ecs.on(DescribeTasksCommand).resolves({
            tasks: [{ taskArn: TASK, lastStatus: "STOPPED", stopCode: "TaskFailedToStart", stoppedReason: "CannotPullContainerError: pull image manifest has been retried 5 time(s)", containers: [{ name: "migrate", reason: "CannotPullContainerError" }] }],
        });
        await assert.rejects(runMigrationTask(new ECSClient({ region: "us-east-1" }), INPUT, fakeClock()), /failed: CannotPullContainerError: pull image manifest has been retried 5 time\(s\); container "migrate" did not run \(CannotPullContainerError\)\. The services keep their current version/);
    });

    it("fails when ECS refuses to start it at all", async () => {
        ecs.on(RunTaskCommand).resolves({ tasks: [], failures: [{ reason: "RESOURCE:MEMORY", detail: "no capacity" }] });
        await assert.rejects(runMigrationTask(new ECSClient({ region: "us-east-1" }), INPUT, fakeClock()), /^Error: Migration task could not be started: RESOURCE:MEMORY \(no capacity\)$/);
    });

    it("stops the task and fails when it outlasts the timeout", async () => {
        ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK }] });
        ecs.on(DescribeTasksCommand).resolves({ tasks: [{ taskArn: TASK, lastStatus: "RUNNING", containers: [{ name: "migrate" }] }] });
        ecs.on(StopTaskCommand).resolves({});
        await assert.rejects(runMigrationTask(new ECSClient({ region: "us-east-1" }), INPUT, fakeClock()), /did not finish within 60s \(last status RUNNING\); it was stopped and the services keep their current version/);
        assert.deepStrictEqual(ecs.commandCalls(StopTaskCommand)[0].args[0].input, { cluster: INPUT.clusterArn, task: TASK, reason: "fargate-kit: migration timed out after 60s" });
        // 60 s at one look every 6 s.
        assert.strictEqual(ecs.commandCalls(DescribeTasksCommand).length, 11);
    });

    it("tags each task with its revision, in the characters and length RunTask takes", async () => {
        ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK }] });
        ecs.on(DescribeTasksCommand).resolves({ tasks: [{ taskArn: TASK, lastStatus: "STOPPED", containers: [{ name: "migrate", exitCode: 0 }] }] });
        await runMigrationTask(new ECSClient({ region: "us-east-1" }), INPUT, fakeClock());
        assert.strictEqual(ecs.commandCalls(RunTaskCommand)[0].args[0].input.startedBy, "fargate-kit-migration/fargate-kit-stage-migrate-7");
        const long = migrationStartedBy(`arn:aws:ecs:us-east-1:123456789012:task-definition/${"x".repeat(250)}:12`);
        assert.ok(long.length <= 128 && /^[A-Za-z0-9/_-]+$/.test(long), long);
        assert.deepStrictEqual(ecs.commandCalls(ListTasksCommand)[0].args[0].input, { cluster: INPUT.clusterArn, family: "fargate-kit-stage-migrate", desiredStatus: "RUNNING" });
    });

    it("adopts this revision's migration still running (a killed pulumi up) instead of starting a second", async () => {
        const running = `${TASK}-earlier`;
        ecs.on(ListTasksCommand).resolves({ taskArns: [running] });
        ecs.on(DescribeTasksCommand)
            .resolvesOnce({ tasks: [{ taskArn: running, taskDefinitionArn: INPUT.taskDefinitionArn, lastStatus: "RUNNING" }] })
            .resolves({ tasks: [{ taskArn: running, lastStatus: "STOPPED", containers: [{ name: "migrate", exitCode: 0 }] }] });
        const result = await runMigrationTask(new ECSClient({ region: "us-east-1" }), INPUT, fakeClock());
        assert.deepStrictEqual([result, ecs.commandCalls(RunTaskCommand).length], [{ taskArn: running, exitCode: 0 }, 0]);
    });

    it("waits for another revision's migration to end before starting its own, and gives up at the timeout without stopping it", async () => {
        const other = `${TASK}-rev6`;
        ecs.on(ListTasksCommand).resolves({ taskArns: [other] });
        ecs.on(DescribeTasksCommand, { tasks: [other] })
            .resolvesOnce({ tasks: [{ taskArn: other, taskDefinitionArn: INPUT.taskDefinitionArn.replace(":7", ":6"), lastStatus: "RUNNING" }] })
            .resolvesOnce({ tasks: [{ taskArn: other, lastStatus: "RUNNING" }] })
            .resolves({ tasks: [{ taskArn: other, lastStatus: "STOPPED", containers: [{ name: "migrate", exitCode: 0 }] }] });
        ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK }] });
        ecs.on(DescribeTasksCommand, { tasks: [TASK] }).resolves({ tasks: [{ taskArn: TASK, lastStatus: "STOPPED", containers: [{ name: "migrate", exitCode: 0 }] }] });
        assert.deepStrictEqual(await runMigrationTask(new ECSClient({ region: "us-east-1" }), INPUT, fakeClock()), { taskArn: TASK, exitCode: 0 });
        assert.strictEqual(ecs.commandCalls(RunTaskCommand).length, 1);

        ecs.reset();
        ecs.on(ListTasksCommand).resolves({ taskArns: [other] });
        ecs.on(DescribeTasksCommand).resolves({ tasks: [{ taskArn: other, taskDefinitionArn: INPUT.taskDefinitionArn.replace(":7", ":6"), lastStatus: "RUNNING" }] });
        await assert.rejects(runMigrationTask(new ECSClient({ region: "us-east-1" }), INPUT, fakeClock()), /Migration task 0123456789abcdef-rev6 of \S+:6 was still running after 60s, so this revision's migration did not start\. Let it finish \(or stop it: aws ecs stop-task/);
        assert.deepStrictEqual([ecs.commandCalls(RunTaskCommand).length, ecs.commandCalls(StopTaskCommand).length], [0, 0]);
    });

    it("stops its task when it can no longer watch it (expired credentials), and says so", async () => {
        ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK }] });
        ecs.on(DescribeTasksCommand).rejects(new Error("The security token included in the request is expired"));
        ecs.on(StopTaskCommand).resolves({});
        await assert.rejects(runMigrationTask(new ECSClient({ region: "us-east-1" }), INPUT, fakeClock()), /^Error: Watching migration task 0123456789abcdef failed 5 times in a row \(The security token included in the request is expired\); it was stopped\. The services keep their current version\.$/);
        assert.strictEqual(ecs.commandCalls(StopTaskCommand)[0].args[0].input.reason, "fargate-kit: the migration could no longer be watched");
        ecs.on(StopTaskCommand).rejects(new Error("The security token included in the request is expired"));
        await assert.rejects(runMigrationTask(new ECSClient({ region: "us-east-1" }), INPUT, fakeClock()), /stopping it failed too \(The security token included in the request is expired\): run aws ecs stop-task --cluster \S+ --task \S+0123456789abcdef/);
    });

    it("runs again only when the task definition changed (a new image or command), not for the same one", () => {
        assert.strictEqual(migrationNeedsRun(INPUT, { ...INPUT }), false);
        assert.strictEqual(migrationNeedsRun(INPUT, { ...INPUT, timeoutSeconds: 120, subnets: ["subnet-b"] }), false);
        assert.strictEqual(migrationNeedsRun(INPUT, { ...INPUT, taskDefinitionArn: INPUT.taskDefinitionArn.replace(":7", ":8") }), true);
    });
});

describe("migration gate: the provider as Pulumi serializes it", () => {
    // pulumi up does not call our module: it serializes the provider's closure into the resource's
    // state and the dynamic-provider host loads that text with require-from-string in another
    // process. Load it the same way, so a closure that cannot be serialized or that misses a
    // value at run time fails here.
    const ecs = mockClient(ECSClient);
    beforeEach(() => ecs.reset());
    const pulumi: typeof import("@pulumi/pulumi") = require("@pulumi/pulumi");
    let provider: import("@pulumi/pulumi").dynamic.ResourceProvider;
    let text: string;
    before(async () => {
        const { migrationProvider } = require("../components/services/migration-gate");
        text = (await pulumi.runtime.serializeFunction(() => migrationProvider, { allowSecrets: true })).text;
        const requireFromString = require("require-from-string");
        provider = requireFromString(text, require("path").join(__dirname, "..", "serialized-provider.js")).handler();
    });

    it("serializes to a small self-contained module that loads the AWS SDK itself", () => {
        assert.match(text, /require\("@aws-sdk\/client-ecs"\)/);
        assert.doesNotMatch(text, /@pulumi\/pulumi/, "the Pulumi SDK is not carried along");
        assert.ok(text.length < 20000, `serialized provider is ${text.length} characters`);
    });

    it("create runs the task and returns its ARN; a failed run rejects with the runner's message", async () => {
        ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK }] });
        ecs.on(DescribeTasksCommand)
            .resolvesOnce({ tasks: [{ taskArn: TASK, lastStatus: "STOPPED", containers: [{ name: "migrate", exitCode: 0 }] }] })
            .resolves({ tasks: [{ taskArn: TASK, lastStatus: "STOPPED", stoppedReason: "Essential container in task exited", containers: [{ name: "migrate", exitCode: 2 }] }] });
        const created = await provider.create!(INPUT);
        assert.deepStrictEqual([created.id, created.outs.exitCode, created.outs.taskDefinitionArn], [TASK, 0, INPUT.taskDefinitionArn]);
        assert.strictEqual(ecs.commandCalls(RunTaskCommand)[0].args[0].input.taskDefinition, INPUT.taskDefinitionArn);
        await assert.rejects(provider.update!(TASK, INPUT, INPUT), /container "migrate" exited with code 2\. The services keep their current version/);
    });

    it("diff asks for a run only for a new task definition", async () => {
        assert.deepStrictEqual(await provider.diff!(TASK, INPUT, { ...INPUT, subnets: ["subnet-b"] }), { changes: false, deleteBeforeReplace: false });
        assert.deepStrictEqual(await provider.diff!(TASK, INPUT, { ...INPUT, taskDefinitionArn: INPUT.taskDefinitionArn.replace(":7", ":8") }), { changes: true, deleteBeforeReplace: false });
    });
});

describe("scheduled tasks and the migration gate in the stacks", () => {
    const { bothStacks, one, statements, throwsValidation } = require("./support");
    const { readStackFiles } = require("../tools/mock-runtime");
    const { loadStackConfig } = require("../stack/config");
    const { buildPlan, summarize } = require("../plan/plan");
    const { runsPerMonth } = require("../plan/schedules");
    let stage: any;
    before(async () => {
        ({ stage } = await bothStacks());
    });

    it("runs Laravel's scheduler every minute through EventBridge Scheduler on Fargate in the service subnets", () => {
        const schedule = one(stage.resources, "aws:scheduler/schedule:Schedule", "scheduler");
        assert.deepStrictEqual(
            [schedule.inputs.name, schedule.inputs.scheduleExpression, schedule.inputs.scheduleExpressionTimezone, schedule.inputs.state, schedule.inputs.flexibleTimeWindow],
            ["fargate-kit-stage-scheduler", "rate(1 minute)", "UTC", "ENABLED", { mode: "OFF" }],
        );
        const target = schedule.inputs.target;
        assert.strictEqual(target.arn, "arn:aws:ecs:us-east-1:123456789012:cluster/fargate-kit-stage-app");
        assert.deepStrictEqual(target.retryPolicy, { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 });
        assert.strictEqual(target.deadLetterConfig.arn, "arn:aws:sqs:us-east-1:123456789012:fargate-kit-stage-scheduler-dlq");
        assert.deepStrictEqual(
            [target.ecsParameters.taskDefinitionArn, target.ecsParameters.launchType, target.ecsParameters.platformVersion, target.ecsParameters.taskCount],
            ["arn:aws:ecs:us-east-1:123456789012:task-definition/fargate-kit-stage-scheduler:1", "FARGATE", "LATEST", 1],
        );
        assert.deepStrictEqual(target.ecsParameters.networkConfiguration, { subnets: ["subnet-public-0", "subnet-public-1"], securityGroups: ["scheduler-tasks-id", "main-database-access-id", "main-cache-access-id"], assignPublicIp: true });
        const [container] = JSON.parse(one(stage.resources, "aws:ecs/taskDefinition:TaskDefinition", "scheduler-task").inputs.containerDefinitions);
        assert.deepStrictEqual(container.command, ["php", "artisan", "schedule:run"]);
        assert.ok(container.secrets.some((s: any) => s.name === "APP_KEY"), "the app's secrets");
    });

    it("lets Scheduler run only that task definition family in that cluster and pass only its two roles", () => {
        const role = one(stage.resources, "aws:iam/role:Role", "scheduler-scheduler");
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0], {
            Effect: "Allow",
            Principal: { Service: "scheduler.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
        const bySid = Object.fromEntries(statements(one(stage.resources, "aws:iam/rolePolicy:RolePolicy", "scheduler-scheduler").inputs.policy).map((s: any) => [s.Sid, s]));
        assert.deepStrictEqual(bySid.RunThisTask, {
            Effect: "Allow",
            Sid: "RunThisTask",
            Action: ["ecs:RunTask"],
            Resource: ["arn:aws:ecs:us-east-1:123456789012:task-definition/fargate-kit-stage-scheduler:*"],
            Condition: { ArnEquals: { "ecs:cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/fargate-kit-stage-app" } },
        });
        assert.deepStrictEqual(bySid.PassItsRoles.Resource, [
            "arn:aws:iam::123456789012:role/fargate-kit/fargate-kit/stage/fargate-kit-stage-scheduler-execution-0000000",
            "arn:aws:iam::123456789012:role/fargate-kit/fargate-kit/stage/fargate-kit-stage-scheduler-task-0000000",
        ]);
        assert.deepStrictEqual(bySid.PassItsRoles.Condition, { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } });
        assert.deepStrictEqual(bySid.DeadLetters.Resource, ["arn:aws:sqs:us-east-1:123456789012:fargate-kit-stage-scheduler-dlq"]);
    });

    it("makes failed runs visible: runs that exit non-zero or cannot start land in the dead-letter queue, which alarms", () => {
        const rule = one(stage.resources, "aws:cloudwatch/eventRule:EventRule", "scheduler-failed");
        assert.deepStrictEqual(JSON.parse(rule.inputs.eventPattern), {
            source: ["aws.ecs"],
            "detail-type": ["ECS Task State Change"],
            detail: {
                clusterArn: ["arn:aws:ecs:us-east-1:123456789012:cluster/fargate-kit-stage-app"],
                group: ["family:fargate-kit-stage-scheduler"],
                lastStatus: ["STOPPED"],
                $or: [{ containers: { exitCode: [{ "anything-but": 0 }] } }, { stopCode: ["TaskFailedToStart"] }],
            },
        });
        assert.strictEqual(one(stage.resources, "aws:cloudwatch/eventTarget:EventTarget", "scheduler-failed").inputs.arn, "arn:aws:sqs:us-east-1:123456789012:fargate-kit-stage-scheduler-dlq");
        const queuePolicy = JSON.parse(one(stage.resources, "aws:sqs/queuePolicy:QueuePolicy", "scheduler-failed").inputs.policy).Statement[0];
        assert.deepStrictEqual([queuePolicy.Principal, queuePolicy.Action, queuePolicy.Condition], [{ Service: "events.amazonaws.com" }, "sqs:SendMessage", { ArnEquals: { "aws:SourceArn": "arn:aws:mock:us-east-1:123456789012:EventRule/fargate-kit-stage-scheduler-failed" } }]);
        const failed = one(stage.resources, "aws:cloudwatch/metricAlarm:MetricAlarm", "scheduler-failed");
        assert.deepStrictEqual([failed.inputs.metricName, failed.inputs.dimensions, failed.inputs.threshold], ["ApproximateNumberOfMessagesVisible", { QueueName: "fargate-kit-stage-scheduler-dlq" }, 0]);
    });

    it("runs the migration on the new image first: every service and the schedule wait for it", () => {
        const gate = one(stage.resources, "pulumi-nodejs:dynamic/fargate-kit:MigrationRun", "migrate-run");
        assert.deepStrictEqual([gate.inputs.taskDefinitionArn, gate.inputs.timeoutSeconds, gate.inputs.logGroupName], ["arn:aws:ecs:us-east-1:123456789012:task-definition/fargate-kit-stage-migrate:1", 900, "/ecs/fargate-kit-stage/migrate"]);
        assert.deepStrictEqual(gate.customTimeouts, { create: "20m", update: "20m", delete: undefined });
        const label = "pulumi-nodejs:dynamic/fargate-kit:MigrationRun::migrate-run";
        for (const [type, name] of [["aws:ecs/service:Service", "web"], ["aws:ecs/service:Service", "worker"], ["aws:scheduler/schedule:Schedule", "scheduler"]]) {
            assert.ok(one(stage.resources, type, name).dependsOn.includes(label), `${name} waits for the migration`);
        }
        const [migrate] = JSON.parse(one(stage.resources, "aws:ecs/taskDefinition:TaskDefinition", "migrate-task").inputs.containerDefinitions);
        assert.deepStrictEqual(migrate.command, ["php", "artisan", "migrate", "--force", "--isolated"]);
        assert.match(migrate.image, /:3f2c1ab$/);
        const text = summarize(buildPlan(stage), stage);
        // The services in the order they were registered (the web service now waits for the data stores too).
        assert.match(text, /Migration gate: migrate runs on each new task definition before Schedule scheduler, Service (worker, Service web|web, Service worker); a failure stops the deploy \(timeout 15 min\)/);
        assert.match(text, /scheduler rate\(1 minute\) UTC · 43200 runs\/month × 20 s/);
    });

    it("prices scheduled runs by their count and length (Fargate bills at least a minute)", () => {
        const line = buildPlan(stage).estimate.lines.find((l: any) => l.item.startsWith("Scheduled scheduler"))!;
        // 43200 runs × 60 s = 720 h × (0.25 × $0.04048 + 0.5 × $0.004445) = $8.89
        // ARM64: 720 h × (0.25 × ($0.04048 − $0.03238) + 0.5 × ($0.004445 − $0.00356)) = $1.78 less
        assert.deepStrictEqual(line, {
            item: "Scheduled scheduler: 43200 runs × 20 s (billed ≥ 60 s) × 0.25 vCPU / 0.5 GB x86",
            monthly: 8.89,
            category: "jobs",
            service: "scheduler",
            atMaxScale: 8.89,
            cheaper: { option: "cpuArchitecture: ARM64", saves: 1.78 },
        });
        assert.strictEqual(runsPerMonth("rate(5 minutes)"), 8640);
        assert.strictEqual(runsPerMonth("cron(0 3 * * ? *)"), 30);
        assert.strictEqual(runsPerMonth("cron(0/15 9-17 ? * MON-FRI *)"), 4 * 9 * 22);
        assert.strictEqual(runsPerMonth("cron(0 0 L * ? *)"), 1);
    });

    it("refuses a bad schedule and a job without a command, naming the key", () => {
        const raw = readStackFiles(require("path").join(__dirname, ".."), "stage").config;
        const jobs = JSON.parse(raw["fargate-kit:scheduledTasks"]);
        const load = (patch: Record<string, unknown>) => loadStackConfig({ ...raw, ...Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, JSON.stringify(v)])) }, {}, "fargate-kit", "stage", () => false);
        throwsValidation(() => load({ "fargate-kit:scheduledTasks": { scheduler: { ...jobs.scheduler, schedule: "every minute" } } }), 'fargate-kit:scheduledTasks.scheduler.schedule: is "every minute"; allowed: rate(<n> minute(s)|hour(s)|day(s)), cron(');
        throwsValidation(() => load({ "fargate-kit:scheduledTasks": { scheduler: { ...jobs.scheduler, schedule: "rate(1 minutes)" } } }), 'Scheduler wants "1 minute" but "5 minutes"');
        const noCommand = { ...jobs.scheduler, task: { ...jobs.scheduler.task, containers: [{ name: "scheduler" }] } };
        throwsValidation(() => load({ "fargate-kit:scheduledTasks": { scheduler: noCommand } }), 'fargate-kit:scheduledTasks.scheduler.task.containers[0].command: is missing; container "scheduler" would run the default command of the app image, which web service "web" serves: the web app, not the job; give a command');
        const migration = JSON.parse(raw["fargate-kit:migration"]);
        throwsValidation(() => load({ "fargate-kit:migration": { ...migration, timeoutMinutes: 600 } }), "fargate-kit:migration.timeoutMinutes: is 600; allowed: a whole number from 1 to 120 minutes");
    });
});
