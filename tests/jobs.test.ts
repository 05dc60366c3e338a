/**
 * Jobs on the task schema: the migration gate's task runner against a mocked ECS client
 * (aws-sdk-client-mock), and scheduled tasks and the gate in the stacks.
 */
import * as assert from "assert";
import { DescribeTasksCommand, ECSClient, RunTaskCommand, StopTaskCommand } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { MigrationRunInputs, migrationNeedsRun, runMigrationTask } from "../components/migration-run";

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

    it("runs again only when the task definition changed (a new image or command), not for the same one", () => {
        assert.strictEqual(migrationNeedsRun(INPUT, { ...INPUT }), false);
        assert.strictEqual(migrationNeedsRun(INPUT, { ...INPUT, timeoutSeconds: 120, subnets: ["subnet-b"] }), false);
        assert.strictEqual(migrationNeedsRun(INPUT, { ...INPUT, taskDefinitionArn: INPUT.taskDefinitionArn.replace(":7", ":8") }), true);
    });
});
