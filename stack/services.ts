/**
 * From a service's config to its component's settings: the app's image, environment and secrets
 * (given once under `app`), the queues it sends to, its tags, and production mode. The same
 * builders serve validation (with a placeholder image) and the program.
 */
import * as pulumi from "@pulumi/pulumi";
import { Check, show } from "../components/internal/validation";
import { QueueWorkerSettings, checkQueueWorkerSettings } from "../components/services/queue-worker-args";
import { FargateWebServiceSettings, WebAdditionalTargetArgs, checkWebServiceSettings } from "../components/services/web-service-args";
import { PlainWorkerSettings, checkPlainWorkerSettings } from "../components/services/worker";
import { FileSystemRefs, NamedImageRefs, taskFromConfig } from "./derive";
import { placeholderIds } from "./file-systems";
import { MIGRATION_NAME } from "./stack-config";
import { APP_IMAGE } from "./images";
import { ScheduledTaskSettings, checkScheduledTaskSettings } from "../components/services/scheduled-task";
import { PolicyStatementSpec } from "../components/task/task-spec";
import { MigrationGateSettings, checkMigrationGateSettings } from "../components/services/migration-gate";
import { MigrationConfig, ScheduledTaskConfig, StandaloneTaskConfig, WebConfig, WorkerConfig } from "./service-schema";
import { StandaloneTaskSettings, checkStandaloneTaskSettings } from "../components/services/standalone-task";
import { ServiceContext } from "./stack-config";

/** The queues a service sends jobs to: their variables and the permission to send. */
export interface QueueProducer {
    environment: Record<string, pulumi.Input<string>>;
    statements: PolicyStatementSpec[];
}

/** The stack's named images as a service's containers see them: placeholders until the program has made them. */
function namedImages(ctx: ServiceContext): NamedImageRefs {
    const images = ctx.images ?? {};
    return { images, uris: ctx.imageUris ?? Object.fromEntries(Object.keys(images).map((n) => [n, "placeholder:tag"])) };
}

/** The stack's file systems as a service's tasks see them: placeholder ids until the program has made them. */
function fileSystemRefs(ctx: ServiceContext): FileSystemRefs {
    const fileSystems = ctx.fileSystems ?? {};
    return { fileSystems, ids: ctx.fileSystemIds ?? placeholderIds(fileSystems) };
}

/** Tags of a service's resources: the app, the stack and the service, then the stack's and its own. */
export function serviceTags(ctx: ServiceContext, service: string, own: Record<string, string> | undefined): Record<string, string> {
    return { ...ctx.tags, ...(own ?? {}), app: ctx.project, stack: ctx.stack, service };
}

const withProducer = (task: ReturnType<typeof taskFromConfig>, producer?: QueueProducer) => ({
    ...task,
    taskRoleStatements: [...(task.taskRoleStatements ?? []), ...(producer?.statements ?? [])],
});

/** What the stack decides for every service, apart from `protect`: retention and log retention. */
const keep = (ctx: ServiceContext) => ({ protect: ctx.protect, retainOnDelete: ctx.retainOnDelete });
const stackTask = (ctx: ServiceContext, task: ReturnType<typeof taskFromConfig>) => ({ ...task, logRetentionDays: task.logRetentionDays ?? ctx.logRetentionDays });

export function webSettings(ctx: ServiceContext, name: string, web: WebConfig, image: pulumi.Input<string>, producer?: QueueProducer): FargateWebServiceSettings {
    const { sendsTo: _sendsTo, reachableFrom: _reachableFrom, default: isDefault, tags, additionalTargets, ...own } = web;
    const task = stackTask(ctx, taskFromConfig(ctx.app, web.task, image, producer?.environment, namedImages(ctx), fileSystemRefs(ctx)));
    return { ...own, defaultRoute: isDefault, additionalTargets: targetList(additionalTargets), task: withProducer(task, producer), ...keep(ctx), tags: serviceTags(ctx, name, tags) };
}

/** The stack file's additional targets by name, as the component's list (in the order written). */
export function targetList(targets: WebConfig["additionalTargets"]): WebAdditionalTargetArgs[] | undefined {
    return targets && Object.entries(targets).map(([name, t]) => ({ name, ...t }));
}

export function queueWorkerSettings(ctx: ServiceContext, name: string, worker: WorkerConfig, image: pulumi.Input<string>, producer?: QueueProducer): QueueWorkerSettings {
    const { sendsTo: _sendsTo, reachableFrom: _reachableFrom, queue: _queue, stopTimeoutSeconds: _stop, tags, scaling, ...own } = worker;
    const { cpuPercent: _cpu, memoryPercent: _memory, scaleOnCpu: _onCpu, metrics: _metrics, steps: _steps, ...queueScaling } = scaling ?? {};
    const task = stackTask(ctx, taskFromConfig(ctx.app, worker.task, image, producer?.environment, namedImages(ctx), fileSystemRefs(ctx)));
    return { ...own, scaling: scaling && queueScaling, task: withProducer(task, producer), ...keep(ctx), tags: serviceTags(ctx, name, tags) };
}

export function plainWorkerSettings(ctx: ServiceContext, name: string, worker: WorkerConfig, image: pulumi.Input<string>, producer?: QueueProducer): PlainWorkerSettings {
    const task = stackTask(ctx, taskFromConfig(ctx.app, worker.task, image, producer?.environment, namedImages(ctx), fileSystemRefs(ctx)));
    return {
        task: withProducer(task, producer),
        enableExecuteCommand: worker.enableExecuteCommand,
        spot: worker.spot,
        onDemandBaseTasks: worker.onDemandBaseTasks,
        spotPercent: worker.spotPercent,
        securityGroupIds: worker.securityGroupIds,
        stopTimeoutSeconds: worker.stopTimeoutSeconds,
        scaling: worker.scaling && {
            minTasks: worker.scaling.minTasks,
            maxTasks: worker.scaling.maxTasks,
            cpuPercent: worker.scaling.cpuPercent,
            memoryPercent: worker.scaling.memoryPercent,
            scaleInCooldownSeconds: worker.scaling.scaleInCooldownSeconds,
            scaleOutCooldownSeconds: worker.scaling.scaleOutCooldownSeconds,
            scaleOnCpu: worker.scaling.scaleOnCpu,
            metrics: worker.scaling.metrics,
            steps: worker.scaling.steps,
            schedules: worker.scaling.schedules,
        },
        alarms: worker.alarms && { email: worker.alarms.email, topicArn: worker.alarms.topicArn, enabled: worker.alarms.enabled, notRunningMinutes: worker.alarms.notRunningMinutes },
        deployment: worker.deployment,
        ...keep(ctx),
        tags: serviceTags(ctx, name, worker.tags),
    };
}

export function scheduledTaskSettings(ctx: ServiceContext, name: string, job: ScheduledTaskConfig, image: pulumi.Input<string>, producer?: QueueProducer): ScheduledTaskSettings {
    const { tags, ...own } = job;
    return { ...own, task: withProducer(stackTask(ctx, taskFromConfig(ctx.app, job.task, image, producer?.environment, namedImages(ctx), fileSystemRefs(ctx))), producer), ...keep(ctx), tags: serviceTags(ctx, name, tags) };
}

export function migrationSettings(ctx: ServiceContext, migration: MigrationConfig, image: pulumi.Input<string>): MigrationGateSettings {
    return { ...migration, task: stackTask(ctx, taskFromConfig(ctx.app, migration.task, image, undefined, namedImages(ctx), fileSystemRefs(ctx))), ...keep(ctx), tags: serviceTags(ctx, MIGRATION_NAME, undefined) };
}

export { MIGRATION_NAME };

/** Keys only an SQS worker has. */
const QUEUE_KEYS = ["queueArn", "deadLetterQueueArn", "fifo", "maxReceiveCount", "messageRetentionDays", "kmsKeyArn", "maxJobSeconds", "visibilityTimeoutSeconds", "queueUrlVariable", "queueNameVariable"] as const;
const QUEUE_SCALING_KEYS = ["backlogPerTask", "scaleFromZeroTasks"] as const;

export function checkWebConfig(check: Check, ctx: ServiceContext, name: string, web: WebConfig): void {
    // The component names a target by its place in its list; the stack file by its key.
    const names = Object.keys(web.additionalTargets ?? {});
    const byKey = (text: string) => text.replace(/additionalTargets\[(\d+)\]/g, (_, i: string) => `additionalTargets.${names[Number(i)]}`);
    const own = Check.root();
    checkWebServiceSettings(own, webSettings(ctx, name, web, "placeholder:tag"), true, name);
    // A target's name is its key in the stack file: a bad one is reported at the key.
    const path = (p: string) => byKey(p).replace(/^(additionalTargets\.[^.]+)\.name$/, "$1");
    for (const p of own.problems) (p.path ? check.at(path(p.path)) : check).fail(byKey(p.message));
}

export function checkWorkerConfig(check: Check, ctx: ServiceContext, name: string, worker: WorkerConfig): void {
    checkRunsOwnCommand(check, ctx, worker.task.containers, "a worker", '["php", "artisan", "queue:work"]');
    if (worker.queue === false) {
        for (const key of QUEUE_KEYS) if (worker[key] !== undefined) check.at(key).fail("applies to a worker on an SQS queue; this one has queue: false");
        for (const key of QUEUE_SCALING_KEYS) if (worker.scaling?.[key] !== undefined) check.at("scaling").at(key).fail("applies to a worker on an SQS queue; this one has queue: false");
        if (worker.alarms?.oldestMessageAgeSeconds !== undefined) check.at("alarms").at("oldestMessageAgeSeconds").fail("applies to a worker on an SQS queue; this one has queue: false");
        checkPlainWorkerSettings(check, plainWorkerSettings(ctx, name, worker, "placeholder:tag"));
        return;
    }
    if (worker.stopTimeoutSeconds !== undefined) check.at("stopTimeoutSeconds").fail("applies to a worker without a queue; an SQS worker's stop timeout follows maxJobSeconds");
    for (const key of ["cpuPercent", "memoryPercent", "scaleOnCpu", "metrics", "steps"] as const) {
        if (worker.scaling?.[key] !== undefined) check.at("scaling").at(key).fail("applies to a worker without a queue (queue: false); an SQS worker scales on its backlog");
    }
    // A variable of app.environment that is this worker's own queue variable is reported once, where it was typed.
    const own = [worker.queueUrlVariable ?? "QUEUE_URL", worker.queueNameVariable ?? "QUEUE_NAME"];
    const clash = own.filter((v) => v in (ctx.app.environment ?? {}));
    if (clash.length > 0) {
        check.fail(`has the queue variables ${clash.join(" and ")}, which ${ctx.project}:app.environment also sets for every app container and would hide this worker's own queue; remove them from app.environment, or set queueUrlVariable/queueNameVariable here to other names`);
    }
    const app = { ...ctx.app, environment: Object.fromEntries(Object.entries(ctx.app.environment ?? {}).filter(([k]) => !clash.includes(k))) };
    checkQueueWorkerSettings(check, queueWorkerSettings({ ...ctx, app }, name, worker, "placeholder:tag"));
    checkLaravelJobTimeout(check, worker);
    if (ctx.cluster.containerInsights === "disabled") {
        check.fail(`scales on ECS/ContainerInsights RunningTaskCount, but ${ctx.project}:cluster.containerInsights is "disabled"; use "enabled"`);
    }
}

export function checkScheduledTaskConfig(check: Check, ctx: ServiceContext, name: string, job: ScheduledTaskConfig): void {
    checkRunsOwnCommand(check, ctx, job.task.containers, "the job", '["php", "artisan", "schedule:run"]');
    checkScheduledTaskSettings(check, scheduledTaskSettings(ctx, name, job, "placeholder:tag"));
}

export function standaloneTaskSettings(ctx: ServiceContext, name: string, t: StandaloneTaskConfig, image: pulumi.Input<string>, producer?: QueueProducer): StandaloneTaskSettings {
    return { task: withProducer(stackTask(ctx, taskFromConfig(ctx.app, t.task, image, producer?.environment, namedImages(ctx), fileSystemRefs(ctx))), producer), ...keep(ctx), tags: serviceTags(ctx, name, t.tags) };
}

/** A standalone task needs no command of its own: whoever runs it may give one (`run-task --overrides`). */
export function checkStandaloneTaskConfig(check: Check, ctx: ServiceContext, name: string, t: StandaloneTaskConfig): void {
    checkStandaloneTaskSettings(check, standaloneTaskSettings(ctx, name, t, "placeholder:tag"));
}

export function checkMigrationConfig(check: Check, ctx: ServiceContext, migration: MigrationConfig): void {
    checkRunsOwnCommand(check, ctx, migration.task.containers, "the migration", '["php", "artisan", "migrate", "--force"]');
    checkMigrationGateSettings(check, migrationSettings(ctx, migration, "placeholder:tag"));
}

/**
 * The app image's default command is the web app's when a web service runs that image: an
 * app-image container of a worker or job then needs its own command or entryPoint. Without such a
 * web service the image may well be the worker's own (its ENTRYPOINT or CMD starts it).
 */
function checkRunsOwnCommand(check: Check, ctx: ServiceContext, containers: WorkerConfig["task"]["containers"], what: string, example: string): void {
    const server = Object.entries(ctx.webServices).find(([, web]) => web.task.containers.some((c) => c.image === undefined || c.image === APP_IMAGE))?.[0];
    if (server === undefined) return;
    containers.forEach((c, i) => {
        if ((c.image === undefined || c.image === APP_IMAGE) && c.command === undefined && c.entryPoint === undefined && c.essential !== false) {
            check
                .at("task")
                .at("containers")
                .at(i)
                .at("command")
                .fail(`is missing; container ${show(c.name)} would run the default command of the app image, which web service ${show(server)} serves: the web app, not ${what}; give a command (e.g. ${example}) or an entryPoint`);
        }
    });
}

/**
 * Laravel's `queue:work` kills a job after `--timeout` seconds (60 by default), whatever the queue
 * allows: it must cover `maxJobSeconds`, and stay below the visibility timeout, after which SQS
 * hands the message to another worker while the first still runs it.
 */
function checkLaravelJobTimeout(check: Check, worker: WorkerConfig): void {
    const maxJob = worker.maxJobSeconds ?? 60;
    const visibility = worker.visibilityTimeoutSeconds ?? maxJob + 30;
    worker.task.containers.forEach((c, i) => {
        const command = c.command ?? [];
        if (!command.includes("queue:work")) return;
        const at = command.findIndex((a) => a === "--timeout" || a.startsWith("--timeout="));
        const timeout = at < 0 ? 60 : Number(command[at].includes("=") ? command[at].split("=")[1] : command[at + 1]);
        const said = at < 0 ? "no --timeout (Laravel's default: 60 s)" : `--timeout ${timeout}`;
        if (!(timeout >= maxJob)) {
            check.at("task").at("containers").at(i).at("command").fail(`runs queue:work with ${said}, shorter than maxJobSeconds ${maxJob}: Laravel kills a job the queue lets run ${maxJob} s; add "--timeout=${maxJob}"`);
        } else if (timeout >= visibility) {
            check.at("task").at("containers").at(i).at("command").fail(`runs queue:work with ${said}, not below the visibility timeout ${visibility} s: SQS hands the message to another worker while the first still runs it; use "--timeout=${maxJob}"`);
        }
    });
}
