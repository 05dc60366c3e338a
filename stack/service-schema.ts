/**
 * Config schemas of the services and the shared load balancer. Each mirrors the component's
 * settings (its args without the resources it is placed on), so the component's own rules report
 * the path the user typed; what only the stack file has (routing by name, `sendsTo`, `queue`,
 * tags) is described here.
 */
import { z } from "zod";
import { taskSchema } from "./schema";
import { DeploymentStrategy, MetricStatistic, StickinessType, TargetProtocol, TargetProtocolVersion } from "../components/enums";

const str = z.string().min(1);
const int = z.number().int();
const num = z.number();
const stringList = z.array(str);
const tags = z.record(z.string(), z.string());

const alarmTarget = { email: str.optional(), topicArn: str.optional() };

/** What every service takes besides its task. */
const serviceBase = {
    task: taskSchema,
    enableExecuteCommand: z.boolean().optional(),
    spot: z.boolean().optional(),
    onDemandBaseTasks: int.optional(),
    spotPercent: int.optional(),
    securityGroupIds: z.array(str).optional(),
    /** Names of SQS workers this service sends jobs to: it gets their queue variables and may send. */
    sendsTo: stringList.optional(),
    /** Tags of this service's resources, on top of the stack's. */
    tags: tags.optional(),
    /** Services that may call this one by name (Service Connect): they get `<NAME>_URL`, and only they are admitted. */
    reachableFrom: stringList.optional(),
};

const healthCheck = z.strictObject({
    path: str.optional(),
    matcher: str.optional(),
    intervalSeconds: int.optional(),
    timeoutSeconds: int.optional(),
    healthyThreshold: int.optional(),
    unhealthyThreshold: int.optional(),
    gracePeriodSeconds: int.optional(),
    port: int.optional(),
    protocol: z.enum(TargetProtocol).optional(),
});

/** Scaling signals beside CPU and memory (components/services/scaling-signals.ts). */
const metricDimension = z.strictObject({ name: str, value: str });
const metricTarget = z.strictObject({ namespace: str, metricName: str, dimensions: z.array(metricDimension).optional(), statistic: z.enum(MetricStatistic).optional(), unit: str.optional(), targetValue: num });
const scalingStep = z.strictObject({ lower: num.optional(), upper: num.optional(), change: int });
const stepScaling = z.strictObject({
    namespace: str,
    metricName: str,
    dimensions: z.array(metricDimension).optional(),
    statistic: z.enum(MetricStatistic).optional(),
    periodSeconds: int.optional(),
    evaluationPeriods: int.optional(),
    cooldownSeconds: int.optional(),
    steps: z.array(scalingStep),
});
const scheduledScaling = z.strictObject({ name: str, schedule: str, timezone: str.optional(), minTasks: int.optional(), maxTasks: int.optional() });
const scalingSignals = {
    scaleOnCpu: z.boolean().optional(),
    metrics: z.array(metricTarget).optional(),
    steps: z.array(stepScaling).optional(),
    schedules: z.array(scheduledScaling).optional(),
};

const autoscaling = z.strictObject({
    minTasks: int,
    maxTasks: int,
    cpuPercent: int.optional(),
    memoryPercent: int.optional(),
    requestsPerTarget: int.optional(),
    scaleInCooldownSeconds: int.optional(),
    scaleOutCooldownSeconds: int.optional(),
    ...scalingSignals,
});

const deployment = z.strictObject({
    strategy: z.enum(DeploymentStrategy).optional(),
    circuitBreaker: z.boolean().optional(),
    rollbackOnAlarms: z.boolean().optional(),
    minimumHealthyPercent: int.optional(),
    maximumPercent: int.optional(),
    /** Stop before start (0 %/100 %): the app never runs twice. */
    singleton: z.boolean().optional(),
    bakeTimeMinutes: int.optional(),
    canaryPercent: num.optional(),
    canaryBakeTimeMinutes: int.optional(),
    linearStepPercent: num.optional(),
    linearStepBakeTimeMinutes: int.optional(),
    testListenerPort: int.optional(),
    testListenerCidrs: z.array(str).optional(),
});

const webAlarms = z.strictObject({
    ...alarmTarget,
    enabled: z.boolean().optional(),
    serverErrorPercent: num.optional(),
    p95Seconds: num.optional(),
    p99Seconds: num.optional(),
    cpuPercent: int.optional(),
    memoryPercent: int.optional(),
    notRunningMinutes: int.optional(),
});

const stickiness = z.strictObject({ type: z.enum(StickinessType).optional(), durationSeconds: int.optional(), cookieName: str.optional() });

/** Another port of a web service's tasks behind the load balancer (components/services/web-additional-targets.ts). */
const additionalTarget = z.strictObject({
    containerPort: int,
    containerName: str.optional(),
    paths: stringList.optional(),
    hosts: stringList.optional(),
    priority: int.optional(),
    /** The grace period is the service's, for all its targets. */
    healthCheck: healthCheck.omit({ gracePeriodSeconds: true }).optional(),
    targetProtocol: z.enum(TargetProtocol).optional(),
    targetProtocolVersion: z.enum(TargetProtocolVersion).optional(),
    stickiness: stickiness.optional(),
    slowStartSeconds: int.optional(),
});

/** One named web service on the stack's shared load balancer. */
export const webServiceSchema = z.strictObject({
    ...serviceBase,
    containerName: str.optional(),
    containerPort: int.optional(),
    maxRequestSeconds: int.optional(),
    healthCheck: healthCheck.optional(),
    /** Its primary host name; routes requests for it here and is on the certificate. */
    domainName: str.optional(),
    /** More host names. */
    aliases: stringList.optional(),
    /** Path patterns routed here, e.g. ["/api/*"]. */
    paths: stringList.optional(),
    /** Listener-rule priority, 1–50000. */
    priority: int.optional(),
    /** Takes the requests no other rule matches. */
    default: z.boolean().optional(),
    desiredCount: int.optional(),
    autoscaling: autoscaling.optional(),
    deployment: deployment.optional(),
    alarms: webAlarms.optional(),
    /** How the load balancer talks to the target (components/services/web-target.ts). */
    targetProtocol: z.enum(TargetProtocol).optional(),
    targetProtocolVersion: z.enum(TargetProtocolVersion).optional(),
    stickiness: stickiness.optional(),
    slowStartSeconds: int.optional(),
    /** More ports of its tasks behind the load balancer, by name. */
    additionalTargets: z.record(z.string(), additionalTarget).optional(),
    /** false: behind the stack's internal load balancer (stack/program.ts createLoadBalancers). */
    public: z.boolean().optional(),
});

/** The load balancer the stack's web services share. */
export const loadBalancerSchema = z.strictObject({
    /**
     * An existing ALB and listener the web services join (rules, target groups and security-group
     * rules only); its certificates, DNS and settings stay with whoever made it.
     */
    adopt: z.strictObject({ loadBalancerArn: str, listenerArn: str, securityGroupId: str, https: z.boolean() }).optional(),
    hostedZoneName: str.optional(),
    hostedZoneId: str.optional(),
    certificateArns: stringList.optional(),
    allowedCidrs: z.array(str).optional(),
    idleTimeoutSeconds: int.optional(),
    deletionProtection: z.boolean().optional(),
    accessLogs: z.boolean().optional(),
    accessLogRetentionDays: int.optional(),
});

/** One named worker: on an SQS queue (the default), or with `queue: false` a plain long-running service. */
export const workerServiceSchema = z.strictObject({
    ...serviceBase,
    /** False: the worker's jobs come from elsewhere (Redis, a stream); no SQS resources. */
    queue: z.boolean().optional(),
    queueArn: str.optional(),
    deadLetterQueueArn: str.optional(),
    fifo: z.boolean().optional(),
    maxReceiveCount: int.optional(),
    messageRetentionDays: int.optional(),
    kmsKeyArn: str.optional(),
    maxJobSeconds: int.optional(),
    visibilityTimeoutSeconds: int.optional(),
    queueUrlVariable: str.optional(),
    queueNameVariable: str.optional(),
    /** A plain worker's stop timeout (seconds after SIGTERM). */
    stopTimeoutSeconds: int.optional(),
    scaling: z
        .strictObject({
            minTasks: int.optional(),
            maxTasks: int.optional(),
            backlogPerTask: int.optional(),
            scaleFromZeroTasks: int.optional(),
            cpuPercent: int.optional(),
            memoryPercent: int.optional(),
            scaleInCooldownSeconds: int.optional(),
            scaleOutCooldownSeconds: int.optional(),
            ...scalingSignals,
        })
        .optional(),
    alarms: z.strictObject({ ...alarmTarget, enabled: z.boolean().optional(), oldestMessageAgeSeconds: int.optional(), notRunningMinutes: int.optional() }).optional(),
    /** Rolling percentages, or `singleton` (stop before start) for a process that must never run twice. */
    deployment: z.strictObject({ singleton: z.boolean().optional(), minimumHealthyPercent: int.optional(), maximumPercent: int.optional() }).optional(),
});

/** A job the scheduler starts, on the app's task schema. */
export const scheduledTaskSchema = z.strictObject({
    task: taskSchema,
    schedule: str,
    timezone: str.optional(),
    flexibleWindowMinutes: int.optional(),
    retryAttempts: int.optional(),
    maxEventAgeSeconds: int.optional(),
    /** Typical length of a run, for the plan's cost estimate. */
    expectedRunSeconds: int.optional(),
    enabled: z.boolean().optional(),
    alarms: z.strictObject(alarmTarget).optional(),
    securityGroupIds: z.array(str).optional(),
    tags: tags.optional(),
});

/** The migration that runs on each new image before the services roll. */
export const migrationSchema = z.strictObject({
    task: taskSchema,
    timeoutMinutes: int.optional(),
    securityGroupIds: z.array(str).optional(),
});

/** A task definition for one-off runs by other tools (`aws ecs run-task`): nothing here runs it. */
export const standaloneTaskSchema = z.strictObject({
    task: taskSchema,
    tags: tags.optional(),
});

/**
 * The single-service shapes of 0.1 (`fargate-kit:web`, `fargate-kit:worker`): still read, as
 * `webServices.web` and `workers.worker`, with the load balancer's settings lifted out.
 */
export const legacyWebSchema = webServiceSchema
    .omit({ aliases: true, paths: true, priority: true, default: true, sendsTo: true, tags: true, reachableFrom: true, public: true, additionalTargets: true })
    .extend({ ...loadBalancerSchema.omit({ adopt: true }).shape, certificateArn: str.optional(), certificateArns: z.never().optional() })
    .strict();
export const legacyWorkerSchema = workerServiceSchema.omit({ queue: true, stopTimeoutSeconds: true, sendsTo: true, tags: true, reachableFrom: true }).strict();

export const webServicesSchema = z.record(z.string(), webServiceSchema);
export const workersSchema = z.record(z.string(), workerServiceSchema);
export const tagsSchema = tags;
export const scheduledTasksSchema = z.record(z.string(), scheduledTaskSchema);
export const standaloneTasksSchema = z.record(z.string(), standaloneTaskSchema);
export type StandaloneTaskConfig = z.infer<typeof standaloneTaskSchema>;

export type WebConfig = z.infer<typeof webServiceSchema>;
export type WorkerConfig = z.infer<typeof workerServiceSchema>;
export type LoadBalancerConfig = z.infer<typeof loadBalancerSchema>;
export type LegacyWebConfig = z.infer<typeof legacyWebSchema>;
export type LegacyWorkerConfig = z.infer<typeof legacyWorkerSchema>;
export type ScheduledTaskConfig = z.infer<typeof scheduledTaskSchema>;
export type MigrationConfig = z.infer<typeof migrationSchema>;
