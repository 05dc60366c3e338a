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
/** Failed DescribeTasks calls in a row (throttling, a network blip) before the run gives up. */
const POLL_RETRIES = 5;

type Clock = { sleep: (ms: number) => Promise<void>; now: () => number };
type Sdk = typeof import("@aws-sdk/client-ecs");
type EcsTask = import("@aws-sdk/client-ecs").Task;

/**
 * The `startedBy` of every migration task of one task definition revision
 * (`fargate-kit-migration/<family>-<revision>`): a later run finds the task by it after `pulumi up`
 * was killed, or its credentials expired, while the task ran. RunTask takes up to 128 of
 * letters, digits, `-`, `/` and `_`.
 */
export function migrationStartedBy(taskDefinitionArn: string): string {
    const revision = taskDefinitionArn.split(":task-definition/").pop() ?? taskDefinitionArn;
    return `fargate-kit-migration/${revision.replace(/:/g, "-").replace(/[^A-Za-z0-9/_-]/g, "_")}`.slice(0, 128);
}

const familyOf = (taskDefinitionArn: string) => (taskDefinitionArn.split(":task-definition/").pop() ?? taskDefinitionArn).replace(/:\d+$/, "");
const idOf = (taskArn: string) => taskArn.split("/").pop()!;

/**
 * Runs the migration of a task definition revision and waits for it to end; throws with the
 * stopped reason, the exit code and where its logs are unless every essential container exited 0.
 *
 * Never two at once: a migration task of the same revision that is still running (a killed
 * `pulumi up`, expired credentials) is adopted and waited for instead of starting a second; one
 * of another revision is waited for before this one starts. A watch that keeps failing stops the
 * task it started before giving up, so no migration runs on unwatched. `sleep` and `now` are
 * injected so tests need not wait.
 */
export async function runMigrationTask(
    ecs: EcsCommandSender,
    input: MigrationRunInputs,
    clock: Clock = { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), now: () => Date.now() },
): Promise<MigrationRunResult> {
    // Loaded here, not at the top: the dynamic provider carries this function into its own process.
    const sdk: Sdk = require("@aws-sdk/client-ecs");
    const deadline = clock.now() + input.timeoutSeconds * 1000;
    const running = await runningMigrations(ecs, sdk, input);
    const own = running.find((t) => t.taskDefinitionArn === input.taskDefinitionArn);
    for (const other of running.filter((t) => t !== own)) {
        // Another revision's migration: ours must not run beside it (schema changes in two orders).
        const ended = await watch(ecs, sdk, input, other.taskArn!, deadline, clock, false);
        if (ended.stopped === undefined) {
            throw new Error(
                `Migration task ${idOf(other.taskArn!)} of ${other.taskDefinitionArn} was still running after ${input.timeoutSeconds}s, so this revision's migration did not start. ` +
                    `Let it finish (or stop it: aws ecs stop-task --cluster ${input.clusterArn} --task ${other.taskArn}), then run pulumi up again.`,
            );
        }
    }
    const taskArn = own?.taskArn ?? (await startTask(ecs, sdk, input));
    const { stopped, lastStatus } = await watch(ecs, sdk, input, taskArn, deadline, clock, true);
    if (stopped === undefined) {
        await ecs.send(new sdk.StopTaskCommand({ cluster: input.clusterArn, task: taskArn, reason: `fargate-kit: migration timed out after ${input.timeoutSeconds}s` }));
        throw new Error(
            `Migration task ${idOf(taskArn)} did not finish within ${input.timeoutSeconds}s (last status ${lastStatus ?? "unknown"}); it was stopped and the services keep their current version. ` +
                `Logs: CloudWatch Logs group ${input.logGroupName}, stream ${input.logStreamPrefix}/<container>/${idOf(taskArn)}`,
        );
    }
    return outcome(input, taskArn, stopped);
}

/** Migration tasks of this family still running in the cluster (ListTasks, then DescribeTasks). */
async function runningMigrations(ecs: EcsCommandSender, sdk: Sdk, input: MigrationRunInputs): Promise<EcsTask[]> {
    const listed: import("@aws-sdk/client-ecs").ListTasksCommandOutput | undefined = await ecs.send(new sdk.ListTasksCommand({ cluster: input.clusterArn, family: familyOf(input.taskDefinitionArn), desiredStatus: "RUNNING" }));
    const arns = listed?.taskArns ?? [];
    if (arns.length === 0) return [];
    const described: import("@aws-sdk/client-ecs").DescribeTasksCommandOutput | undefined = await ecs.send(new sdk.DescribeTasksCommand({ cluster: input.clusterArn, tasks: arns }));
    return (described?.tasks ?? []).filter((t) => t.taskArn && t.lastStatus !== "STOPPED");
}

async function startTask(ecs: EcsCommandSender, sdk: Sdk, input: MigrationRunInputs): Promise<string> {
    const started: import("@aws-sdk/client-ecs").RunTaskCommandOutput = await ecs.send(
        new sdk.RunTaskCommand({
            cluster: input.clusterArn,
            taskDefinition: input.taskDefinitionArn,
            launchType: "FARGATE",
            platformVersion: "LATEST",
            count: 1,
            startedBy: migrationStartedBy(input.taskDefinitionArn),
            networkConfiguration: { awsvpcConfiguration: { subnets: input.subnets, securityGroups: input.securityGroups, assignPublicIp: input.assignPublicIp ? "ENABLED" : "DISABLED" } },
        }),
    );
    const task = started.tasks?.[0];
    if (!task?.taskArn) {
        const reasons = (started.failures ?? []).map((f) => `${f.reason ?? "unknown"}${f.detail ? ` (${f.detail})` : ""}`).join("; ");
        throw new Error(`Migration task could not be started: ${reasons || "ECS returned no task"}`);
    }
    return task.taskArn;
}

/**
 * Polls a task until it stops (`stopped`) or the deadline passes (its last status). When the calls
 * keep failing, a task this run owns is stopped before the error is thrown — best effort, since
 * expired credentials fail the stop too; the message then says what to run.
 */
async function watch(ecs: EcsCommandSender, sdk: Sdk, input: MigrationRunInputs, taskArn: string, deadline: number, clock: Clock, owned: boolean): Promise<{ stopped?: EcsTask; lastStatus?: string }> {
    let failures = 0;
    let lastStatus: string | undefined;
    for (;;) {
        try {
            const described: import("@aws-sdk/client-ecs").DescribeTasksCommandOutput = await ecs.send(new sdk.DescribeTasksCommand({ cluster: input.clusterArn, tasks: [taskArn] }));
            failures = 0;
            const t = described.tasks?.[0];
            lastStatus = t?.lastStatus;
            if (t?.lastStatus === "STOPPED") return { stopped: t };
        } catch (e) {
            if (++failures >= POLL_RETRIES) {
                const stop = owned
                    ? await ecs.send(new sdk.StopTaskCommand({ cluster: input.clusterArn, task: taskArn, reason: "fargate-kit: the migration could no longer be watched" })).then(
                          () => "it was stopped",
                          (s: Error) => `stopping it failed too (${s.message}): run aws ecs stop-task --cluster ${input.clusterArn} --task ${taskArn}`,
                      )
                    : "it was left running";
                throw new Error(`Watching migration task ${idOf(taskArn)} failed ${POLL_RETRIES} times in a row (${(e as Error).message}); ${stop}. The services keep their current version.`);
            }
        }
        if (clock.now() >= deadline) return { lastStatus };
        await clock.sleep(POLL_SECONDS * 1000);
    }
}

/** Every essential container ran and exited 0, or the error that says why not. */
function outcome(input: MigrationRunInputs, taskArn: string, t: EcsTask): MigrationRunResult {
    const failed = (t.containers ?? []).filter((c) => c.exitCode !== 0);
    if (failed.length === 0 && t.stopCode !== "TaskFailedToStart") return { taskArn, exitCode: 0 };
    const first = failed[0];
    const taskId = idOf(taskArn);
    const logs = (t.containers ?? []).map((c) => `${input.logStreamPrefix}/${c.name}/${taskId}`).join(", ");
    throw new Error(
        `Migration task ${taskId} failed: ${t.stoppedReason ?? t.stopCode ?? "stopped"}` +
            `${first ? `; container ${JSON.stringify(first.name)} ${first.exitCode !== undefined ? `exited with code ${first.exitCode}` : `did not run${first.reason ? ` (${first.reason})` : ""}`}` : ""}. ` +
            `The services keep their current version. Logs: CloudWatch Logs group ${input.logGroupName}, stream ${logs}`,
    );
}

/** Whether a change of inputs means the migration must run again: only a new task definition (image, command, env, secrets). */
export function migrationNeedsRun(olds: Partial<MigrationRunInputs>, news: MigrationRunInputs): boolean {
    return olds.taskDefinitionArn !== news.taskDefinitionArn;
}
