/**
 * Runs one ECS task to completion and reports how it ended: what a migration gate does on every
 * new task definition. Plain AWS SDK v3 (`@aws-sdk/client-ecs`): it works wherever `pulumi up`
 * runs, with the deploy role's credentials and no AWS CLI or Docker.
 *
 * Kept free of Pulumi so it runs inside the dynamic provider and is tested against a mocked
 * ECS client (aws-sdk-client-mock).
 */

/**
 * What the runner needs of an `ECSClient` (`@aws-sdk/client-ecs`): its `send`. Typed here so the
 * package's declarations do not require the SDK of users who never run a migration.
 */
export interface EcsCommandSender {
    send(command: unknown): Promise<any>;
}

export interface MigrationRunInputs {
    region: string;
    clusterArn: string;
    taskDefinitionArn: string;
    subnets: string[];
    securityGroups: string[];
    assignPublicIp: boolean;
    /**
     * Give up (and stop the task) after this long.
     * A whole number.
     */
    timeoutSeconds: number;
    /** Where the containers log: `<group>`, streams `<prefix>/<container>/<task id>`. */
    logGroupName: string;
    logStreamPrefix: string;
}

export interface MigrationRunResult {
    taskArn: string;
    exitCode: number;
}

/** Seconds between DescribeTasks calls. */
const POLL_SECONDS = 6;

/**
 * Starts the task, waits until it stops, and throws with the stopped reason, the exit code and
 * where its logs are unless every essential container exited 0. `sleep` and `now` are injected so
 * tests need not wait.
 */
export async function runMigrationTask(
    ecs: EcsCommandSender,
    input: MigrationRunInputs,
    clock: { sleep: (ms: number) => Promise<void>; now: () => number } = { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), now: () => Date.now() },
): Promise<MigrationRunResult> {
    // Loaded here, not at the top: the dynamic provider carries this function into its own process.
    const sdk: typeof import("@aws-sdk/client-ecs") = require("@aws-sdk/client-ecs");
    const started: import("@aws-sdk/client-ecs").RunTaskCommandOutput = await ecs.send(
        new sdk.RunTaskCommand({
            cluster: input.clusterArn,
            taskDefinition: input.taskDefinitionArn,
            launchType: "FARGATE",
            platformVersion: "LATEST",
            count: 1,
            startedBy: "fargate-kit-migration",
            networkConfiguration: { awsvpcConfiguration: { subnets: input.subnets, securityGroups: input.securityGroups, assignPublicIp: input.assignPublicIp ? "ENABLED" : "DISABLED" } },
        }),
    );
    const task = started.tasks?.[0];
    if (!task?.taskArn) {
        const reasons = (started.failures ?? []).map((f) => `${f.reason ?? "unknown"}${f.detail ? ` (${f.detail})` : ""}`).join("; ");
        throw new Error(`Migration task could not be started: ${reasons || "ECS returned no task"}`);
    }
    const taskArn = task.taskArn;
    const taskId = taskArn.split("/").pop()!;
    const deadline = clock.now() + input.timeoutSeconds * 1000;
    for (;;) {
        const described: import("@aws-sdk/client-ecs").DescribeTasksCommandOutput = await ecs.send(new sdk.DescribeTasksCommand({ cluster: input.clusterArn, tasks: [taskArn] }));
        const t = described.tasks?.[0];
        if (t?.lastStatus === "STOPPED") {
            // Every container must have run and exited 0; a task that could not start has none that did.
            const failed = (t.containers ?? []).filter((c) => c.exitCode !== 0);
            if (failed.length === 0 && t.stopCode !== "TaskFailedToStart") return { taskArn, exitCode: 0 };
            const first = failed[0];
            const logs = (t.containers ?? []).map((c) => `${input.logStreamPrefix}/${c.name}/${taskId}`).join(", ");
            throw new Error(
                `Migration task ${taskId} failed: ${t.stoppedReason ?? t.stopCode ?? "stopped"}` +
                    `${first ? `; container ${JSON.stringify(first.name)} ${first.exitCode !== undefined ? `exited with code ${first.exitCode}` : `did not run${first.reason ? ` (${first.reason})` : ""}`}` : ""}. ` +
                    `The services keep their current version. Logs: CloudWatch Logs group ${input.logGroupName}, stream ${logs}`,
            );
        }
        if (clock.now() >= deadline) {
            await ecs.send(new sdk.StopTaskCommand({ cluster: input.clusterArn, task: taskArn, reason: `fargate-kit: migration timed out after ${input.timeoutSeconds}s` }));
            throw new Error(
                `Migration task ${taskId} did not finish within ${input.timeoutSeconds}s (last status ${t?.lastStatus ?? "unknown"}); it was stopped and the services keep their current version. ` +
                    `Logs: CloudWatch Logs group ${input.logGroupName}, stream ${input.logStreamPrefix}/<container>/${taskId}`,
            );
        }
        await clock.sleep(POLL_SECONDS * 1000);
    }
}

/** Whether a change of inputs means the migration must run again: only a new task definition (image, command, env, secrets). */
export function migrationNeedsRun(olds: Partial<MigrationRunInputs>, news: MigrationRunInputs): boolean {
    return olds.taskDefinitionArn !== news.taskDefinitionArn;
}
