import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ECS_NO_HEALTH_CHECK_SECONDS, estimateRollout, RolloutEstimate, serviceTimeouts } from "../internal/rollout";
import { Check, show } from "../internal/validation";
import { ROLLING_WORKER_DEPLOYMENT, ServiceBaseArgs, baseServiceArgs, checkServiceBaseArgs, componentDependsOn, scalableTarget, serviceTaskOptions, targetTrackingPolicy, taskSecurityGroup, tasksNotRunningAlarm } from "./service-base";
import { AlarmNotificationArgs, alarmTopic, checkAlarmNotification } from "../internal/alarms";
import { createFargateTask } from "../task/task-definition";
import { checkTaskSpec } from "../task/task-spec";
import { MetricTargetArgs, ScheduledScalingArgs, StepScalingArgs, checkScalingSignals, createScalingSignals, hasScalingSignals } from "./scaling-signals";
import { RollingDeploymentArgs, RollingPercents, checkRollingDeployment, rollingPercents } from "./rolling-deployment";

/** How many tasks a plain worker runs. */
export interface PlainWorkerScalingArgs {
    /**
     * Fewest tasks, ≥ 1: nothing would start a worker at zero (its jobs do not come from a queue this stack sees).
     * A whole number.
     * Default: 1.
     * @default 1
     */
    minTasks?: number | undefined;
    /**
     * Most tasks; above `minTasks` it scales on CPU (and memory).
     * A whole number.
     * Default: minTasks (no autoscaling)
     * @default - minTasks (no autoscaling)
     */
    maxTasks?: number | undefined;
    /**
     * Scale on average CPU (`cpuPercent`) when autoscaled. Turn it off to scale only on memory,
     * your metrics, steps or schedules.
     * Default: true.
     * @default true
     */
    scaleOnCpu?: boolean | undefined;
    /**
     * Average CPU to hold when autoscaled, 10–90 %.
     * A whole number.
     * Default: 70.
     * @default 70
     */
    cpuPercent?: number | undefined;
    /**
     * Average memory to hold when autoscaled, 10–90 %.
     * A whole number.
     * Default: not scaled on memory.
     * @default - not scaled on memory
     */
    memoryPercent?: number | undefined;
    /**
     * Seconds after a scale-in before the next one.
     * A whole number.
     * Default: 300.
     * @default 300
     */
    scaleInCooldownSeconds?: number | undefined;
    /**
     * Seconds after a scale-out before the next one.
     * A whole number.
     * Default: 60.
     * @default 60
     */
    scaleOutCooldownSeconds?: number | undefined;
    /**
     * Target tracking on CloudWatch metrics, e.g. a Redis queue's latency your app publishes.
     * Default: none.
     * @default - none
     */
    metrics?: MetricTargetArgs[] | undefined;
    /**
     * Step scaling: an alarm per direction on a metric, each step a change of the task count.
     * Default: none.
     * @default - none
     */
    steps?: StepScalingArgs[] | undefined;
    /**
     * Scheduled changes of the count's range (minTasks may be 0 here, e.g. a stage at night).
     * Default: none.
     * @default - none
     */
    schedules?: ScheduledScalingArgs[] | undefined;
}

/** Alarms of a plain worker. */
export interface PlainWorkerAlarmsArgs extends AlarmNotificationArgs {
    /**
     * Create the alarms.
     * Default: true.
     * @default true
     */
    enabled?: boolean | undefined;
    /**
     * Alarm when tasks keep failing to run (crash loop, no image, no secret) for this many minutes.
     * A whole number.
     * Default: 10.
     * @default 10
     */
    notRunningMinutes?: number | undefined;
}

export interface WorkerArgs extends ServiceBaseArgs {
    /**
     * Seconds a task gets after SIGTERM to finish the job in hand, 2–120 (e.g. Sidekiq's `-t 25` plus margin).
     * A whole number.
     * Default: 30.
     * @default 30
     */
    stopTimeoutSeconds?: number | undefined;
    /**
     * Default: 1 task, not autoscaled.
     * @default - 1 task, not autoscaled
     */
    scaling?: PlainWorkerScalingArgs | undefined;
    /**
     * Default: on, without notification target.
     * @default - on, without notification target
     */
    alarms?: PlainWorkerAlarmsArgs | undefined;
    /**
     * How a new version rolls out: `singleton` for a process that must never run twice (a
     * scheduler), or the minimum-healthy and maximum percentages.
     * Default: 100 %/200 % (new tasks start before old ones stop), circuit breaker with rollback.
     * @default - 100 %/200 % (new tasks start before old ones stop), circuit breaker with rollback
     */
    deployment?: RollingDeploymentArgs | undefined;
}

export type PlainWorkerSettings = Omit<WorkerArgs, "cluster" | "vpcId" | "subnetIds">;

/**
 * A long-running worker whose jobs come from elsewhere (Redis for Sidekiq or Horizon, a stream, a
 * poller): the app's task schema with its own command, no load balancer and no queue, at least one
 * task, CPU target tracking when `maxTasks` is above `minTasks`, and an alarm when tasks keep
 * failing to run. For jobs on SQS use `QueueWorker`, which scales on the backlog.
 *
 * @example
 * new Worker("sidekiq", { ...placement, task: withCommand(task, ["bundle", "exec", "sidekiq", "-t", "25"]), scaling: { minTasks: 1, maxTasks: 4 } });
 */
export class Worker extends pulumi.ComponentResource {
    readonly service: aws.ecs.Service;
    readonly taskDefinition: aws.ecs.TaskDefinition;
    readonly taskRole: aws.iam.Role;
    readonly executionRole: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly taskSecurityGroup: aws.ec2.SecurityGroup;
    readonly alarms: Record<string, aws.cloudwatch.MetricAlarm>;
    readonly rolloutEstimate: RolloutEstimate;

    constructor(name: string, args: WorkerArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers: a refused input creates nothing, not even the component.
        const s = normalizeWorkerArgs(name, args);
        super("fargate-kit:index:Worker", name, {}, opts);
        this.taskSecurityGroup = taskSecurityGroup(name, args.vpcId, this, args.tags);
        const task = createFargateTask(name, args.task, serviceTaskOptions(args, s.stopTimeoutSeconds), this);
        this.rolloutEstimate = plainWorkerRolloutEstimate(s, args);
        this.service = new aws.ecs.Service(
            name,
            {
                ...baseServiceArgs(args, task.taskDefinition, this.taskSecurityGroup, task.logGroup, this),
                desiredCount: s.minTasks,
                ...ROLLING_WORKER_DEPLOYMENT,
                deploymentMinimumHealthyPercent: s.deployment.minimumHealthyPercent,
                deploymentMaximumPercent: s.deployment.maximumPercent,
            },
            { parent: this, dependsOn: componentDependsOn(opts), ignoreChanges: s.autoscaled ? ["desiredCount"] : [], customTimeouts: serviceTimeouts(this.rolloutEstimate) },
        );
        this.createScaling(name, args, s);
        const topic = alarmTopic(name, args.alarms, this, args.tags);
        this.alarms = s.alarmsEnabled ? { notRunning: tasksNotRunningAlarm(name, args.cluster, this.service, s.notRunningMinutes, topic ? [topic] : [], this, args.tags) } : {};
        this.taskDefinition = task.taskDefinition;
        this.taskRole = task.taskRole;
        this.executionRole = task.executionRole;
        this.logGroup = task.logGroup;
        this.registerOutputs({ service: this.service, taskDefinition: this.taskDefinition });
    }

    private createScaling(name: string, args: WorkerArgs, s: ResolvedWorker): void {
        if (!s.autoscaled) return;
        const target = scalableTarget(name, this.service, args.cluster, s.minTasks, s.maxTasks, this, args.tags);
        const policy = (suffix: string, targetValue: number, predefinedMetricType: string) =>
            targetTrackingPolicy(`${name}-${suffix}`, target, s, { targetValue, predefinedMetricSpecification: { predefinedMetricType } }, this);
        // A fixed range scaled only by its schedules needs no CPU policy.
        if (s.scaleOnCpu && s.maxTasks > s.minTasks) policy("cpu", s.cpuPercent, "ECSServiceAverageCPUUtilization");
        if (s.memoryPercent !== undefined) policy("memory", s.memoryPercent, "ECSServiceAverageMemoryUtilization");
        createScalingSignals(name, target, args.scaling ?? {}, s, this, args.tags);
    }
}

interface ResolvedWorker {
    stopTimeoutSeconds: number;
    minTasks: number;
    maxTasks: number;
    /** A scalable target exists: a range to scale in, or signals that move the range. */
    autoscaled: boolean;
    scaleOnCpu: boolean;
    cpuPercent: number;
    memoryPercent?: number;
    scaleInCooldownSeconds: number;
    scaleOutCooldownSeconds: number;
    alarmsEnabled: boolean;
    notRunningMinutes: number;
    deployment: RollingPercents;
}

export function checkPlainWorkerSettings(check: Check, args: PlainWorkerSettings): void {
    checkTaskSpec(check.at("task"), args.task);
    checkServiceBaseArgs(check, args);
    check.at("stopTimeoutSeconds").intRange(args.stopTimeoutSeconds, 2, 120, "seconds (the Fargate maximum is 120)");
    const s = args.scaling ?? {};
    const sc = check.at("scaling");
    sc.at("minTasks").intRange(s.minTasks, 1, 5000, "(a worker without a queue never starts from zero)");
    sc.at("maxTasks").intRange(s.maxTasks, 1, 5000);
    if (s.maxTasks !== undefined && s.maxTasks < (s.minTasks ?? 1)) sc.at("maxTasks").fail(`is ${s.maxTasks}, below minTasks ${show(s.minTasks ?? 1)}`);
    sc.at("cpuPercent").intRange(s.cpuPercent, 10, 90, "percent");
    sc.at("memoryPercent").intRange(s.memoryPercent, 10, 90, "percent");
    sc.at("scaleInCooldownSeconds").intRange(s.scaleInCooldownSeconds, 0, 3600, "seconds");
    sc.at("scaleOutCooldownSeconds").intRange(s.scaleOutCooldownSeconds, 0, 3600, "seconds");
    if (s.scaleOnCpu === false && s.cpuPercent !== undefined) sc.at("cpuPercent").fail("is set, but scaleOnCpu is false; remove one");
    checkScalingSignals(sc, s, s.minTasks ?? 1, Math.max(s.minTasks ?? 1, s.maxTasks ?? s.minTasks ?? 1));
    const a = check.at("alarms");
    checkAlarmNotification(a, args.alarms);
    a.at("notRunningMinutes").intRange(args.alarms?.notRunningMinutes, 2, 1440, "minutes");
    const fewest = s.minTasks ?? 1;
    checkRollingDeployment(check.at("deployment"), args.deployment, fewest, Math.max(fewest, s.maxTasks ?? fewest), "scaling.minTasks/maxTasks");
}

function normalizeWorkerArgs(name: string, args: PlainWorkerSettings): ResolvedWorker {
    const check = Check.root();
    if (name.length > 46) {
        check.fail(`the component name ${show(name)} has ${name.length} characters; at most 46 fit, because AWS limits IAM role names (e.g. ${show(`${name}-execution`)} plus Pulumi's 8-character suffix) to 64`);
    }
    checkPlainWorkerSettings(check, args);
    check.throwIfFailed(`Worker "${name}"`);
    const s = args.scaling ?? {};
    const minTasks = s.minTasks ?? 1;
    return {
        stopTimeoutSeconds: args.stopTimeoutSeconds ?? 30,
        minTasks,
        maxTasks: s.maxTasks ?? minTasks,
        autoscaled: (s.maxTasks ?? minTasks) > minTasks || hasScalingSignals(s),
        scaleOnCpu: s.scaleOnCpu ?? true,
        cpuPercent: s.cpuPercent ?? 70,
        memoryPercent: s.memoryPercent,
        scaleInCooldownSeconds: s.scaleInCooldownSeconds ?? 300,
        scaleOutCooldownSeconds: s.scaleOutCooldownSeconds ?? 60,
        alarmsEnabled: args.alarms?.enabled ?? true,
        notRunningMinutes: args.alarms?.notRunningMinutes ?? 10,
        deployment: rollingPercents(args.deployment),
    };
}

/** Modelled deploy time: no load balancer; old tasks get their stop timeout to finish a job. */
function plainWorkerRolloutEstimate(s: ResolvedWorker, args: WorkerArgs): RolloutEstimate {
    const hc = args.task.containers.find((c) => c.essential !== false && c.healthCheck)?.healthCheck;
    return estimateRollout({
        desiredCount: s.minTasks,
        ...s.deployment,
        healthDetectionSeconds: hc ? (hc.startPeriod ?? 0) + (hc.interval ?? 10) : ECS_NO_HEALTH_CHECK_SECONDS,
        drainSeconds: s.stopTimeoutSeconds,
    });
}
