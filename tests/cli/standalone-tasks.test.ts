/**
 * Standalone tasks (stack file `tasks:`, output `tasks`): `run` starts one as `aws ecs run-task`
 * would from the outputs, `logs` reads its log group, and the commands that act on services
 * refuse it. The stack is a stage stack in eu-west-1 (fixtures/eu-stage-outputs.json), read with
 * --outputs so that no pulumi runs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ExecuteCommandCommand, RunTaskCommand } from "@aws-sdk/client-ecs";
import { GetScheduleCommand } from "@aws-sdk/client-scheduler";
import { StackOutputsJson } from "../../cli/outputs";
import { cli, START } from "./support";
import { ecs, healthy, logs, scheduler } from "./mocks";

const STAGE = path.join(__dirname, "fixtures", "eu-stage-outputs.json");
const REINDEX = "arn:aws:ecs:eu-west-1:210987654321:task-definition/fargate-kit-stage-reindex:6";
const SUBNETS = ["subnet-0c1d2e3f405162738", "subnet-0d2e3f40516273849"];
const OWN_GROUP = "sg-04f1e2d3c4b5a6978";
const EFS_CLIENTS = "sg-0e9d8c7b6a5f40312";
const stageTask = (id: string) => `arn:aws:ecs:eu-west-1:210987654321:task/fargate-kit-stage-app/${id}`;
const event = (id: string, stream: string, message: string, at: number) => ({ eventId: id, logStreamName: stream, message, timestamp: at });

/** The stage outputs changed by `change`, in a file for --outputs. */
function stageOutputs(change: (o: StackOutputsJson) => void): string {
    const outputs = JSON.parse(fs.readFileSync(STAGE, "utf8")) as StackOutputsJson;
    change(outputs);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fargate-kit-tasks-")), "outputs.json");
    fs.writeFileSync(file, JSON.stringify(outputs));
    return file;
}

/** The reindex task definition: a non-essential init container that readies the EFS mount, then the app container with its own command. */
function reindexDefinition(): void {
    ecs.on(DescribeTaskDefinitionCommand).resolves({
        taskDefinition: {
            family: "fargate-kit-stage-reindex",
            revision: 6,
            taskDefinitionArn: REINDEX,
            containerDefinitions: [
                { name: "fix-permissions", image: "public.ecr.aws/docker/library/busybox:1.36", essential: false, command: ["chown", "-R", "33:33", "/mnt/uploads"] },
                {
                    name: "reindex",
                    image: "210987654321.dkr.ecr.eu-west-1.amazonaws.com/fargate-kit-stage-app:9b1e4d2",
                    essential: true,
                    command: ["php", "artisan", "app:reindex"],
                    logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/fargate-kit-stage/reindex", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "reindex" } },
                },
            ],
        },
    });
}

/** RunTask starts task `id`, which stops at once with these exit codes. */
function stopsWith(id: string, codes: Record<string, number>): void {
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: stageTask(id) }], failures: [] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [{ lastStatus: "STOPPED", stopCode: "EssentialContainerExited", containers: Object.entries(codes).map(([name, exitCode]) => ({ name, exitCode })) }] });
}

describe("fargate-kit run <standalone task>", () => {
    beforeEach(() => {
        healthy();
        reindexDefinition();
    });

    it("runs the deployed revision in the tasks' subnets with every security group and the task's own command (no override), streaming its logs", async () => {
        stopsWith("7e2f0c4d9a8b4e1f9c3d2b1a0f9e8d7c", { "fix-permissions": 0, reindex: 0 });
        logs.on(FilterLogEventsCommand).resolvesOnce({ events: [] }).resolves({ events: [event("e1", "reindex/reindex/7e2f0c4d9a8b4e1f9c3d2b1a0f9e8d7c", "Reindexed 1204 posts", START + 4000)] });
        const r = await cli(["run", "reindex", "--outputs", STAGE]);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.deepStrictEqual(ecs.commandCalls(RunTaskCommand)[0].args[0].input, {
            cluster: "fargate-kit-stage-app",
            taskDefinition: REINDEX,
            launchType: "FARGATE",
            networkConfiguration: { awsvpcConfiguration: { subnets: SUBNETS, securityGroups: [OWN_GROUP, EFS_CLIENTS], assignPublicIp: "DISABLED" } },
            startedBy: "fargate-kit-run",
            propagateTags: "TASK_DEFINITION",
        });
        // The revision the stack deployed, not the family's newest; no service or schedule is asked.
        assert.deepStrictEqual(ecs.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input.taskDefinition), [REINDEX]);
        assert.strictEqual(ecs.commandCalls(DescribeServicesCommand).length, 0);
        assert.strictEqual(scheduler.commandCalls(GetScheduleCommand).length, 0);
        assert.deepStrictEqual(logs.commandCalls(FilterLogEventsCommand)[0].args[0].input.logStreamNames, ["reindex/reindex/7e2f0c4d9a8b4e1f9c3d2b1a0f9e8d7c"]);
        assert.strictEqual(r.stdout, "2026-12-06T09:00:04.000Z [reindex 7e2f0c4d] Reindexed 1204 posts\n");
        assert.match(r.stderr, /^started task 7e2f0c4d9a8b4e1f9c3d2b1a0f9e8d7c of fargate-kit-stage-reindex:6 in fargate-kit-stage-app: its own command \(php artisan app:reindex\)\n/);
        // The first essential container's exit code counts, not the init container's.
        assert.match(r.stderr, /task 7e2f0c4d9a8b4e1f9c3d2b1a0f9e8d7c stopped: reindex exited 0\n$/);
    });

    it("a command after -- replaces the first essential container's; --container chooses another; --json has no command when none was given", async () => {
        stopsWith("1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6", { "fix-permissions": 1, reindex: 0 });
        logs.on(FilterLogEventsCommand).resolves({ events: [] });
        let r = await cli(["run", "reindex", "--outputs", STAGE, "--json", "--", "php", "artisan", "app:reindex", "--only=posts"]);
        assert.strictEqual(r.code, 0, r.stderr);
        let input = ecs.commandCalls(RunTaskCommand)[0].args[0].input;
        assert.deepStrictEqual(input.overrides, { containerOverrides: [{ name: "reindex", command: ["php", "artisan", "app:reindex", "--only=posts"] }] });
        assert.deepStrictEqual(input.networkConfiguration?.awsvpcConfiguration?.securityGroups, [OWN_GROUP, EFS_CLIENTS]);
        assert.deepStrictEqual(JSON.parse(r.stdout), { target: "reindex", taskArn: stageTask("1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6"), container: "reindex", command: ["php", "artisan", "app:reindex", "--only=posts"], exitCode: 0, stopCode: "EssentialContainerExited", timedOut: false });

        ecs.resetHistory();
        r = await cli(["run", "reindex", "--outputs", STAGE, "-c", "fix-permissions", "--", "ls", "-ln", "/mnt/uploads"]);
        assert.strictEqual(r.code, 1, "the chosen container's exit code");
        input = ecs.commandCalls(RunTaskCommand)[0].args[0].input;
        assert.deepStrictEqual(input.overrides, { containerOverrides: [{ name: "fix-permissions", command: ["ls", "-ln", "/mnt/uploads"] }] });

        ecs.resetHistory();
        r = await cli(["run", "reindex", "--outputs", STAGE, "--json"]);
        assert.strictEqual(ecs.commandCalls(RunTaskCommand)[0].args[0].input.overrides, undefined);
        assert.deepStrictEqual(JSON.parse(r.stdout), { target: "reindex", taskArn: stageTask("1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6"), container: "reindex", exitCode: 0, stopCode: "EssentialContainerExited", timedOut: false });
    });

    it("an older stack without securityGroupIds passes securityGroupId; tasksHavePublicIp gives a public IP", async () => {
        stopsWith("5c6d7e8f9a0b41c2d3e4f5a6b7c8d9e0", { reindex: 0 });
        logs.on(FilterLogEventsCommand).resolves({ events: [] });
        const file = stageOutputs((o) => {
            delete o.tasks!.reindex.securityGroupIds;
            o.tasksHavePublicIp = true;
        });
        const r = await cli(["run", "reindex", "--outputs", file]);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.deepStrictEqual(ecs.commandCalls(RunTaskCommand)[0].args[0].input.networkConfiguration, { awsvpcConfiguration: { subnets: SUBNETS, securityGroups: [OWN_GROUP], assignPublicIp: "ENABLED" } });
    });

    it("errors: outputs without taskSubnetIds, an unknown name listing the standalone tasks, a service still needs a command", async () => {
        let r = await cli(["run", "reindex", "--outputs", stageOutputs((o) => delete o.taskSubnetIds)]);
        assert.deepStrictEqual([r.code, r.stderr], [2, "fargate-kit: the stack's outputs have no taskSubnetIds, which running standalone task reindex needs: deploy the stack again (pulumi up) to add them\n"]);
        assert.strictEqual(ecs.commandCalls(RunTaskCommand).length, 0);
        r = await cli(["run", "reindx", "--outputs", STAGE]);
        assert.strictEqual(r.stderr, 'fargate-kit: unknown service or task "reindx" (did you mean reindex?); the stack has: web (web service), reindex (standalone task)\n');
        r = await cli(["run", "web", "--outputs", STAGE]);
        assert.strictEqual(r.stderr, "fargate-kit: give the command after --, e.g. fargate-kit run web -- php artisan migrate:status\n");
        assert.strictEqual(ecs.commandCalls(RunTaskCommand).length, 0);
    });
});

describe("a standalone task in the other commands", () => {
    beforeEach(() => {
        healthy();
        reindexDefinition();
    });

    it("logs reads its log group; --container checks its task definition's containers", async () => {
        logs.on(FilterLogEventsCommand).resolves({
            events: [event("1", "reindex/fix-permissions/7e2f0c4d9a8b4e1f9c3d2b1a0f9e8d7c", "done", START - 120000), event("2", "reindex/reindex/7e2f0c4d9a8b4e1f9c3d2b1a0f9e8d7c", "Reindexed 1204 posts", START - 60000)],
        });
        let r = await cli(["logs", "reindex", "--outputs", STAGE, "--since", "1h", "--container", "reindex"]);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.strictEqual(r.stdout, "2026-12-06T08:59:00.000Z [reindex 7e2f0c4d] Reindexed 1204 posts\n");
        const call = logs.commandCalls(FilterLogEventsCommand)[0].args[0].input;
        assert.deepStrictEqual([call.logGroupName, call.startTime], ["/ecs/fargate-kit-stage/reindex", START - 3600000]);
        assert.deepStrictEqual(ecs.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input.taskDefinition), ["fargate-kit-stage-reindex"]);
        r = await cli(["logs", "reindex", "--outputs", STAGE, "-c", "php"]);
        assert.deepStrictEqual([r.code, r.stderr], [2, 'fargate-kit: reindex has no container "php"; its containers: fix-permissions, reindex\n']);
    });

    it("the help of run and logs and the command list name standalone tasks", async () => {
        const run = await cli(["run", "--help"]);
        assert.match(run.stdout, /^fargate-kit run <service\|task> \[--container NAME\] \[--timeout 1h\] \[--json\] \[-- command…\]\n\nRuns a one-off task .*, or a standalone task \(its own command unless one follows --\)/);
        assert.match((await cli(["logs", "--help"])).stdout, /\n\nThe logs of a web service, worker, scheduled task or standalone task, /);
        assert.match((await cli(["help"])).stdout, /\n {2}run +Runs a one-off task .*standalone task/);
    });

    it("status, exec and rollback refuse it, naming its kind, before asking AWS", async () => {
        const hint = "; a standalone task is for fargate-kit run reindex and fargate-kit logs reindex\n";
        let r = await cli(["status", "reindex", "--outputs", STAGE]);
        assert.deepStrictEqual([r.code, r.stderr], [2, `fargate-kit: reindex is a standalone task; this command takes a web service or worker or scheduled task: web (web service)${hint}`]);
        r = await cli(["exec", "reindex", "--outputs", STAGE]);
        assert.deepStrictEqual([r.code, r.stderr], [2, `fargate-kit: reindex is a standalone task; this command takes a web service or worker: web (web service)${hint}`]);
        r = await cli(["rollback", "reindex", "--outputs", STAGE, "--dry-run"]);
        assert.deepStrictEqual([r.code, r.stderr], [2, `fargate-kit: reindex is a standalone task; this command takes a web service or worker: web (web service)${hint}`]);
        assert.deepStrictEqual([ecs.commandCalls(DescribeServicesCommand).length, ecs.commandCalls(ExecuteCommandCommand).length], [0, 0]);
    });

    it("status of the whole stack reports its services only", async () => {
        ecs.on(DescribeServicesCommand).resolves({ services: [{ serviceName: "web-2b7f0c1", desiredCount: 1, runningCount: 1, pendingCount: 0, taskDefinition: "arn:aws:ecs:eu-west-1:210987654321:task-definition/fargate-kit-stage-web:3" }] });
        const r = await cli(["status", "--outputs", STAGE, "--json"]);
        const report = JSON.parse(r.stdout);
        assert.deepStrictEqual([report.services.map((s: { name: string }) => s.name), report.scheduledTasks], [["web"], []]);
        assert.deepStrictEqual(ecs.commandCalls(DescribeServicesCommand)[0].args[0].input.services, ["web-2b7f0c1"]);
        assert.doesNotMatch(r.stdout, /reindex/);
    });
});
