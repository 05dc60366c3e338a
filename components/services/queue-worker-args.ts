import * as pulumi from "@pulumi/pulumi";
import { checkKmsKeyArn, checkSqsArn } from "../internal/arns";
import { Check, show } from "../internal/validation";
import { ServiceBaseArgs, checkServiceBaseArgs } from "./service-base";
import { AlarmNotificationArgs, checkAlarmNotification } from "../internal/alarms";
import { ENV_NAME, checkTaskSpec } from "../task/task-spec";
import { ScheduledScalingArgs, checkScalingSignals } from "./scaling-signals";
import { RollingDeploymentArgs, RollingPercents, checkRollingDeployment, rollingPercents } from "./rolling-deployment";

/** Scaling on the queue's backlog. */
export interface WorkerScalingArgs {
    /**
     * Fewest tasks; 0 lets an idle worker cost nothing.
     * A whole number.
     * Default: 0.
     * @default 0
     */
    minTasks?: number | undefined;
    /**
     * Most tasks.
     * A whole number.
     * Default: 10 (1 with deployment.singleton).
     * @default 10 (1 with deployment.singleton)
     */
    maxTasks?: number | undefined;
    /**
     * Acceptable visible messages per running task: your acceptable latency divided by the average
     * job time (60 s latency / 2 s jobs = 30). Target tracking holds this backlog per task.
     * A whole number.
     * Default: 10.
     * @default 10
     */
    backlogPerTask?: number | undefined;
    /**
     * Tasks started when messages arrive while none run.
     * A whole number.
     * Default: 1.
     * @default 1
     */
    scaleFromZeroTasks?: number | undefined;
    /**
     * Seconds between scale-ins; slower than scale-out so a burst does not flap.
     * A whole number.
     * Default: 300.
     * @default 300
     */
    scaleInCooldownSeconds?: number | undefined;
    /**
     * Seconds between scale-outs.
     * A whole number.
     * Default: 60.
     * @default 60
     */
    scaleOutCooldownSeconds?: number | undefined;
    /**
     * Scheduled changes of the count's range, e.g. more tasks ahead of a nightly import.
     * Default: none.
     * @default - none
     */
    schedules?: ScheduledScalingArgs[] | undefined;
}

/** Alarms of the worker. */
export interface WorkerAlarmsArgs extends AlarmNotificationArgs {
    /**
     * Create the alarms.
     * Default: true.
     * @default true
     */
    enabled?: boolean | undefined;
    /**
     * Alarm when the oldest message has waited longer than this, seconds.
     * A whole number.
     * Default: 900.
     * @default 900
     */
    oldestMessageAgeSeconds?: number | undefined;
    /**
     * Alarm when tasks keep failing to run (crash loop, no image, no secret) for this many minutes.
     * A whole number.
     * Default: 10.
     * @default 10
     */
    notRunningMinutes?: number | undefined;
}

export interface QueueWorkerArgs extends ServiceBaseArgs {
    /**
     * Adopt an existing SQS queue instead of creating one with its dead-letter queue.
     * Default: a new encrypted queue and dead-letter queue.
     * @default - a new encrypted queue and dead-letter queue
     */
    queueArn?: pulumi.Input<string> | undefined;
    /**
     * The adopted queue's dead-letter queue, for its alarm.
     * Default: no DLQ alarm for an adopted queue.
     * @default - no DLQ alarm for an adopted queue
     */
    deadLetterQueueArn?: pulumi.Input<string> | undefined;
    /**
     * Create FIFO queues (exactly-once, ordered per message group).
     * Default: false.
     * @default false
     */
    fifo?: boolean | undefined;
    /**
     * Receives before a message moves to the dead-letter queue, 1–1000.
     * A whole number.
     * Default: 5.
     * @default 5
     */
    maxReceiveCount?: number | undefined;
    /**
     * Days the queue keeps a message, 1–14. (The dead-letter queue keeps 14.)
     * A whole number.
     * Default: 4.
     * @default 4
     */
    messageRetentionDays?: number | undefined;
    /**
     * Customer-managed KMS key of the queue (new: encrypts it; adopted: the key it uses). The task
     * role gets `kms:Decrypt` on it.
     * Default: SQS-managed encryption (SSE-SQS)
     * @default - SQS-managed encryption (SSE-SQS)
     */
    kmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * The longest job, in seconds. The visibility timeout is never shorter, and containers get
     * `min(120, maxJobSeconds)` after SIGTERM to finish the job in hand.
     * A whole number.
     * Default: 60.
     * @default 60
     */
    maxJobSeconds?: number | undefined;
    /**
     * Visibility timeout, ≥ maxJobSeconds and ≤ 43200.
     * A whole number.
     * Default: maxJobSeconds + 30.
     * @default maxJobSeconds + 30
     */
    visibilityTimeoutSeconds?: number | undefined;
    /**
     * Environment variable with the queue URL.
     * Default: "QUEUE_URL".
     * @default "QUEUE_URL"
     */
    queueUrlVariable?: string | undefined;
    /**
     * Environment variable with the queue name (Laravel: "SQS_QUEUE").
     * Default: "QUEUE_NAME".
     * @default "QUEUE_NAME"
     */
    queueNameVariable?: string | undefined;
    /**
     * Scaling on backlog per task, to zero when idle.
     * Default: 0 to 10 tasks, 10 visible messages per task, 1 task started from zero.
     * @default - 0 to 10 tasks, 10 visible messages per task, 1 task started from zero
     */
    scaling?: WorkerScalingArgs | undefined;
    /**
     * Alarms on dead letters, the oldest message's age and tasks that fail to run.
     * Default: on, without notification target.
     * @default - on, without notification target
     */
    alarms?: WorkerAlarmsArgs | undefined;
    /**
     * How a new version rolls out: `singleton` for a consumer that must never run twice (then at
     * most one task: `scaling.maxTasks` defaults to 1), or the minimum-healthy and maximum percentages.
     * Default: 100 %/200 % (new tasks start before old ones stop), circuit breaker with rollback.
     * @default - 100 %/200 % (new tasks start before old ones stop), circuit breaker with rollback
     */
    deployment?: RollingDeploymentArgs | undefined;
}

export type QueueWorkerSettings = Omit<QueueWorkerArgs, "cluster" | "vpcId" | "subnetIds">;

export interface WorkerSettings {
    adopted: boolean;
    fifo: boolean;
    maxReceiveCount: number;
    messageRetentionSeconds: number;
    maxJobSeconds: number;
    visibilityTimeoutSeconds: number;
    stopTimeout: number;
    queueUrlVariable: string;
    queueNameVariable: string;
    scaling: Required<Omit<WorkerScalingArgs, "schedules">>;
    alarms: Required<Omit<WorkerAlarmsArgs, "email" | "topicArn">>;
    deployment: RollingPercents;
}

export function checkQueueWorkerSettings(check: Check, args: QueueWorkerSettings): void {
    checkTaskSpec(check.at("task"), args.task);
    checkServiceBaseArgs(check, args);
    if (args.queueArn !== undefined) {
        checkSqsArn(check.at("queueArn"), args.queueArn);
        for (const k of ["fifo", "maxReceiveCount", "messageRetentionDays"] as const) {
            if (args[k] !== undefined) {
                check.at(k).fail("applies to a queue this worker creates; the adopted queue (queueArn) keeps its own settings");
            }
        }
    } else if (args.deadLetterQueueArn !== undefined) {
        check.at("deadLetterQueueArn").fail("is set without queueArn; a new queue gets its own dead-letter queue");
    }
    if (args.deadLetterQueueArn !== undefined) {
        checkSqsArn(check.at("deadLetterQueueArn"), args.deadLetterQueueArn);
    }
    if (args.kmsKeyArn !== undefined) {
        checkKmsKeyArn(check.at("kmsKeyArn"), args.kmsKeyArn);
    }
    check.at("maxReceiveCount").intRange(args.maxReceiveCount, 1, 1000);
    check.at("messageRetentionDays").intRange(args.messageRetentionDays, 1, 14, "days");
    check.at("maxJobSeconds").intRange(args.maxJobSeconds, 1, 43200, "seconds (the SQS visibility limit is 12 hours)");
    check.at("visibilityTimeoutSeconds").intRange(args.visibilityTimeoutSeconds, 0, 43200, "seconds");
    const maxJob = args.maxJobSeconds ?? 60;
    if (args.visibilityTimeoutSeconds !== undefined && args.visibilityTimeoutSeconds < maxJob) {
        check.at("visibilityTimeoutSeconds").fail(
            `is ${args.visibilityTimeoutSeconds}, shorter than maxJobSeconds ${maxJob}; a message would reappear and run twice while its first job is still running`,
        );
    }
    check.at("queueUrlVariable").matches(args.queueUrlVariable, ENV_NAME, "an environment variable name");
    check.at("queueNameVariable").matches(args.queueNameVariable, ENV_NAME, "an environment variable name");
    // The worker's own queue variables always name its own queue; a container's value would win over them.
    const own = [args.queueUrlVariable ?? "QUEUE_URL", args.queueNameVariable ?? "QUEUE_NAME"];
    if (Array.isArray(args.task?.containers)) {
        args.task.containers.forEach((c, i) => {
            for (const v of own) {
                if (c?.essential !== false && c?.environment !== null && typeof c?.environment === "object" && v in c.environment) {
                    check.at("task").at("containers").at(i).at("environment").at(v).fail(`is set, but ${v} is this worker's own queue variable (queueUrlVariable/queueNameVariable), which names its own queue; give the other queue's variable another name`);
                }
            }
        });
    }
    const s = args.scaling ?? {};
    const sc = check.at("scaling");
    const maxTasks = s.maxTasks ?? defaultMaxTasks(args);
    sc.at("minTasks").intRange(s.minTasks, 0, 5000);
    sc.at("maxTasks").intRange(s.maxTasks, 1, 5000);
    if (maxTasks < (s.minTasks ?? 0)) {
        sc.at("maxTasks").fail(`is ${maxTasks}, below minTasks ${s.minTasks}`);
    }
    sc.at("backlogPerTask").intRange(s.backlogPerTask, 1, 100000, "messages");
    sc.at("scaleFromZeroTasks").intRange(s.scaleFromZeroTasks, 1, maxTasks, "(at most maxTasks)");
    checkRollingDeployment(check.at("deployment"), args.deployment, s.minTasks ?? 0, maxTasks, "scaling.minTasks/maxTasks");
    checkScalingSignals(sc, { schedules: s.schedules }, s.minTasks ?? 0, maxTasks);
    sc.at("scaleInCooldownSeconds").intRange(s.scaleInCooldownSeconds, 0, 3600, "seconds");
    sc.at("scaleOutCooldownSeconds").intRange(s.scaleOutCooldownSeconds, 0, 3600, "seconds");
    const a = check.at("alarms");
    checkAlarmNotification(a, args.alarms);
    a.at("oldestMessageAgeSeconds").intRange(args.alarms?.oldestMessageAgeSeconds, 60, 1209600, "seconds");
    a.at("notRunningMinutes").intRange(args.alarms?.notRunningMinutes, 2, 1440, "minutes");
}

export function normalizeQueueWorkerArgs(name: string, args: QueueWorkerSettings): WorkerSettings {
    const check = Check.root();
    // IAM role names (`<name>-execution` plus Pulumi's 8-character suffix) may have 64 characters.
    if (name.length > 46) {
        check.fail(`the component name ${show(name)} has ${name.length} characters; at most 46 fit, because AWS limits IAM role names (e.g. ${show(`${name}-execution`)} plus Pulumi's 8-character suffix) to 64`);
    }
    checkQueueWorkerSettings(check, args);
    check.throwIfFailed(`QueueWorker "${name}"`);
    const maxJobSeconds = args.maxJobSeconds ?? 60;
    const s = args.scaling ?? {};
    return {
        adopted: args.queueArn !== undefined,
        fifo: args.fifo ?? false,
        maxReceiveCount: args.maxReceiveCount ?? 5,
        messageRetentionSeconds: (args.messageRetentionDays ?? 4) * 86400,
        maxJobSeconds,
        visibilityTimeoutSeconds: args.visibilityTimeoutSeconds ?? Math.min(43200, maxJobSeconds + 30),
        // Fargate's ceiling; longer jobs rely on task protection (scale-in) and the visibility timeout (deploys).
        stopTimeout: Math.max(2, Math.min(120, maxJobSeconds)),
        queueUrlVariable: args.queueUrlVariable ?? "QUEUE_URL",
        queueNameVariable: args.queueNameVariable ?? "QUEUE_NAME",
        scaling: {
            minTasks: s.minTasks ?? 0,
            maxTasks: s.maxTasks ?? defaultMaxTasks(args),
            backlogPerTask: s.backlogPerTask ?? 10,
            scaleFromZeroTasks: s.scaleFromZeroTasks ?? 1,
            scaleInCooldownSeconds: s.scaleInCooldownSeconds ?? 300,
            scaleOutCooldownSeconds: s.scaleOutCooldownSeconds ?? 60,
        },
        alarms: {
            enabled: args.alarms?.enabled ?? true,
            oldestMessageAgeSeconds: args.alarms?.oldestMessageAgeSeconds ?? 900,
            notRunningMinutes: args.alarms?.notRunningMinutes ?? 10,
        },
        deployment: rollingPercents(args.deployment),
    };
}

/** Most tasks when scaling.maxTasks is not given: 10, or the one of a singleton. */
function defaultMaxTasks(args: QueueWorkerSettings): number {
    return args.deployment?.singleton ? 1 : 10;
}
