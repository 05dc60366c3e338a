import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarm } from "../internal/alarms";
import { awsLocation } from "../internal/arns";
import { InputStatement } from "../internal/iam";
import { physicalName } from "../internal/names";
import { ECS_NO_HEALTH_CHECK_SECONDS, estimateRollout, RolloutEstimate, serviceTimeouts } from "../internal/rollout";
import { QueueWorkerArgs, WorkerSettings, normalizeQueueWorkerArgs } from "./queue-worker-args";
import { createScalingSignals } from "./scaling-signals";
import { ROLLING_WORKER_DEPLOYMENT, baseServiceArgs, componentDependsOn, scalableTarget, serviceTaskOptions, taskSecurityGroup, tasksNotRunningAlarm } from "./service-base";
import { alarmTopic } from "../internal/alarms";
import { createFargateTask, FargateTaskResources } from "../task/task-definition";
import { clusterName } from "../internal/resource-inputs";

/** The queue a worker consumes. */
interface Queues {
    arn: pulumi.Output<string>;
    url: pulumi.Output<string>;
    name: pulumi.Output<string>;
    queue?: aws.sqs.Queue;
    deadLetterQueue?: aws.sqs.Queue;
    deadLetterQueueName?: pulumi.Output<string>;
}

/**
 * A worker service that consumes an SQS queue: the same task schema (and usually the same image)
 * as the web app, with its own command, no load balancer, and scaling on backlog per task.
 *
 * - The queue has a dead-letter queue (14 days), both encrypted; the visibility timeout is never
 *   shorter than `maxJobSeconds`.
 * - Scaling holds `backlogPerTask` visible messages per running task (AWS's metric-math target
 *   tracking), scales to zero when idle, and a step policy starts the first task when a message
 *   arrives while none run — which target tracking alone cannot do.
 * - Scale-in must not kill a job: the task role may call `UpdateTaskProtection` on its own tasks.
 *   The worker protects itself around each job through the ECS agent:
 *   `curl -X PUT "$ECS_AGENT_URI/task-protection/v1/state" -d '{"ProtectionEnabled":true,"ExpiresInMinutes":15}'`
 *   before the job and `{"ProtectionEnabled":false}` after it.
 *
 * @example
 * const worker = new QueueWorker("worker", {
 *     cluster: cluster.cluster, vpcId: network.vpcId, subnetIds: network.taskSubnetIds,
 *     task: withCommand(webTask, ["php", "artisan", "queue:work", "sqs", "--max-time=3600"]),
 *     maxJobSeconds: 120, queueNameVariable: "SQS_QUEUE", spot: true,
 * });
 */
export class QueueWorker extends pulumi.ComponentResource {
    readonly service: aws.ecs.Service;
    readonly taskDefinition: aws.ecs.TaskDefinition;
    readonly taskRole: aws.iam.Role;
    readonly executionRole: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly taskSecurityGroup: aws.ec2.SecurityGroup;
    /** The queue this worker created; undefined when it adopted one. */
    readonly queue: aws.sqs.Queue | undefined;
    /** The dead-letter queue this worker created; undefined when it adopted a queue. */
    readonly deadLetterQueue: aws.sqs.Queue | undefined;
    readonly queueArn: pulumi.Output<string>;
    readonly queueUrl: pulumi.Output<string>;
    readonly queueName: pulumi.Output<string>;
    readonly deadLetterQueueUrl: pulumi.Output<string> | undefined;
    readonly deadLetterQueueArn: pulumi.Output<string> | undefined;
    readonly alarms: Record<string, aws.cloudwatch.MetricAlarm>;
    readonly rolloutEstimate: RolloutEstimate;
    /** The customer-managed key of the queue, if any. */
    readonly kmsKeyArn: pulumi.Input<string> | undefined;
    /** The variables the worker's containers get (queue URL and name): give producers the same. */
    readonly queueEnvironment: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: QueueWorkerArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers: a refused input creates nothing, not even the component.
        const s = normalizeQueueWorkerArgs(name, args);
        super("fargate-kit:index:QueueWorker", name, {}, opts);
        this.kmsKeyArn = args.kmsKeyArn;

        const queues = s.adopted ? this.adoptQueue(args) : this.createQueues(name, args, s);
        this.taskSecurityGroup = taskSecurityGroup(name, args.vpcId, this, args.tags);
        this.queueEnvironment = { [s.queueUrlVariable]: queues.url, [s.queueNameVariable]: queues.name };
        const task = this.createTask(name, args, s, queues);
        this.rolloutEstimate = workerRolloutEstimate(s, args);
        this.service = this.createService(name, args, s, task, componentDependsOn(opts));
        this.createScaling(name, args, s, queues);
        this.alarms = this.createAlarms(name, args, s, queues);

        this.taskDefinition = task.taskDefinition;
        this.taskRole = task.taskRole;
        this.executionRole = task.executionRole;
        this.logGroup = task.logGroup;
        this.queue = queues.queue;
        this.deadLetterQueue = queues.deadLetterQueue;
        this.queueArn = queues.arn;
        this.queueUrl = queues.url;
        this.queueName = queues.name;
        this.deadLetterQueueUrl = queues.deadLetterQueue?.url;
        this.deadLetterQueueArn = queues.deadLetterQueue?.arn ?? (args.deadLetterQueueArn !== undefined ? pulumi.output(args.deadLetterQueueArn) : undefined);
        this.registerOutputs({
            service: this.service,
            taskDefinition: this.taskDefinition,
            queueArn: this.queueArn,
            queueUrl: this.queueUrl,
            deadLetterQueueArn: this.deadLetterQueueArn,
            deadLetterQueueUrl: this.deadLetterQueueUrl,
        });
    }

    /**
     * Permissions a producer (e.g. the web app) needs to send jobs to this worker's queue. With a
     * customer-managed key, sending needs `kms:GenerateDataKey` and `kms:Decrypt` on it (SQS
     * Developer Guide, "Configure AWS KMS permissions for producers").
     */
    producerStatements(): { actions: string[]; resources: pulumi.Input<string>[] }[] {
        return QueueWorker.producerStatementsFor(this.queueArn, this.kmsKeyArn);
    }

    /** The same, for a queue known by its ARN (and customer-managed key) before its worker exists. */
    static producerStatementsFor(queueArn: pulumi.Input<string>, kmsKeyArn: pulumi.Input<string> | undefined): { actions: string[]; resources: pulumi.Input<string>[] }[] {
        return [
            { actions: ["sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"], resources: [queueArn] },
            ...(kmsKeyArn !== undefined ? [{ actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [kmsKeyArn] }] : []),
        ];
    }

    private createQueues(name: string, args: QueueWorkerArgs, s: WorkerSettings): Queues {
        const protect = args.protect ?? false;
        const retainOnDelete = args.retainOnDelete ?? protect;
        const encryption = args.kmsKeyArn !== undefined ? { kmsMasterKeyId: args.kmsKeyArn, kmsDataKeyReusePeriodSeconds: 300 } : { sqsManagedSseEnabled: true };
        // Names say app and stack; FIFO queue names must end in ".fifo". SQS allows 80 characters.
        const queueName = (suffix: string) => (s.fifo ? `${physicalName(`${name}${suffix}`, { max: 75 })}.fifo` : physicalName(`${name}${suffix}`, { max: 80 }));
        const deadLetterQueue = new aws.sqs.Queue(
            `${name}-dlq`,
            { name: queueName("-dlq"), fifoQueue: s.fifo || undefined, messageRetentionSeconds: 14 * 86400, ...encryption, tags: args.tags },
            { parent: this, protect, retainOnDelete },
        );
        const queue = new aws.sqs.Queue(
            `${name}-queue`,
            {
                name: queueName(""),
                fifoQueue: s.fifo || undefined,
                contentBasedDeduplication: s.fifo || undefined,
                visibilityTimeoutSeconds: s.visibilityTimeoutSeconds,
                messageRetentionSeconds: s.messageRetentionSeconds,
                // Long polling: fewer empty receives, lower cost.
                receiveWaitTimeSeconds: 20,
                redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: deadLetterQueue.arn, maxReceiveCount: s.maxReceiveCount }),
                ...encryption,
                tags: args.tags,
            },
            { parent: this, protect, retainOnDelete },
        );
        new aws.sqs.RedriveAllowPolicy(
            `${name}-dlq`,
            { queueUrl: deadLetterQueue.url, redriveAllowPolicy: pulumi.jsonStringify({ redrivePermission: "byQueue", sourceQueueArns: [queue.arn] }) },
            { parent: this },
        );
        return { arn: queue.arn, url: queue.url, name: queue.name, queue, deadLetterQueue, deadLetterQueueName: deadLetterQueue.name };
    }

    private adoptQueue(args: QueueWorkerArgs): Queues {
        const parts = pulumi.output(args.queueArn!).apply((arn) => arn.split(":"));
        const name = parts.apply((p) => p[5]);
        return {
            arn: pulumi.output(args.queueArn!),
            name,
            url: parts.apply((p) => `https://sqs.${p[3]}.amazonaws.com/${p[4]}/${p[5]}`),
            deadLetterQueueName: args.deadLetterQueueArn !== undefined ? pulumi.output(args.deadLetterQueueArn).apply((arn) => arn.split(":")[5]) : undefined,
        };
    }

    private createTask(name: string, args: QueueWorkerArgs, s: WorkerSettings, queues: Queues): FargateTaskResources {
        const where = awsLocation(this);
        const statements: InputStatement[] = [
            { Sid: "ConsumeQueue", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"], Resource: [queues.arn] },
            {
                // Only tasks of this worker's cluster; the agent endpoint applies it to the calling task.
                Sid: "ProtectOwnTasks",
                Action: ["ecs:UpdateTaskProtection", "ecs:GetTaskProtection"],
                Resource: [pulumi.interpolate`arn:${where.partition}:ecs:${where.region}:${where.accountId}:task/${clusterName(args.cluster)}/*`],
            },
            ...(args.kmsKeyArn !== undefined ? [{ Sid: "DecryptQueue", Action: ["kms:Decrypt"], Resource: [args.kmsKeyArn] }] : []),
        ];
        return createFargateTask(name, args.task, serviceTaskOptions(args, s.stopTimeout, { serviceStatements: statements, serviceEnvironment: this.queueEnvironment }), this);
    }

    private createService(name: string, args: QueueWorkerArgs, s: WorkerSettings, task: FargateTaskResources, dependsOn: pulumi.Input<pulumi.Resource>[]): aws.ecs.Service {
        return new aws.ecs.Service(
            name,
            {
                ...baseServiceArgs(args, task.taskDefinition, this.taskSecurityGroup, task.logGroup, this),
                desiredCount: s.scaling.minTasks,
                ...ROLLING_WORKER_DEPLOYMENT,
                deploymentMinimumHealthyPercent: s.deployment.minimumHealthyPercent,
                deploymentMaximumPercent: s.deployment.maximumPercent,
            },
            // Autoscaling owns the task count.
            { parent: this, dependsOn, ignoreChanges: ["desiredCount"], customTimeouts: serviceTimeouts(this.rolloutEstimate) },
        );
    }

    private createScaling(name: string, args: QueueWorkerArgs, s: WorkerSettings, queues: Queues): void {
        const target = scalableTarget(name, this.service, args.cluster, s.scaling.minTasks, s.scaling.maxTasks, this, args.tags);
        const scaling = { resourceId: target.resourceId, scalableDimension: target.scalableDimension, serviceNamespace: target.serviceNamespace };
        createScalingSignals(name, target, { schedules: args.scaling?.schedules }, s.scaling, this, args.tags);
        const visible = { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: [{ name: "QueueName", value: queues.name }] };
        const running = {
            namespace: "ECS/ContainerInsights",
            metricName: "RunningTaskCount",
            dimensions: [
                { name: "ClusterName", value: clusterName(args.cluster) },
                { name: "ServiceName", value: this.service.name },
            ],
        };
        new aws.appautoscaling.Policy(
            `${name}-backlog`,
            {
                ...scaling,
                policyType: "TargetTrackingScaling",
                targetTrackingScalingPolicyConfiguration: {
                    targetValue: s.scaling.backlogPerTask,
                    scaleInCooldown: s.scaling.scaleInCooldownSeconds,
                    scaleOutCooldown: s.scaling.scaleOutCooldownSeconds,
                    customizedMetricSpecification: {
                        metrics: [
                            { id: "visible", returnData: false, metricStat: { metric: visible, stat: "Sum" } },
                            { id: "running", returnData: false, metricStat: { metric: running, stat: "Average" } },
                            // Guarded: at zero tasks the plain ratio divides by zero.
                            { id: "backlog", label: "Visible messages per running task", expression: "IF(running > 0, visible / running, visible)", returnData: true },
                        ],
                    },
                },
            },
            { parent: this },
        );
        if (s.scaling.minTasks > 0) {
            return;
        }
        // Target tracking multiplies the current count, so from zero it never moves: this alarm
        // fires only when messages wait and no task runs, and sets the count to scaleFromZeroTasks.
        const wake = new aws.appautoscaling.Policy(
            `${name}-from-zero`,
            {
                ...scaling,
                policyType: "StepScaling",
                stepScalingPolicyConfiguration: {
                    adjustmentType: "ExactCapacity",
                    cooldown: s.scaling.scaleOutCooldownSeconds,
                    metricAggregationType: "Maximum",
                    stepAdjustments: [{ metricIntervalLowerBound: "0", scalingAdjustment: s.scaling.scaleFromZeroTasks }],
                },
            },
            { parent: this },
        );
        const dims = (d: { name: string; value: pulumi.Output<string> }[]) => Object.fromEntries(d.map((x) => [x.name, x.value]));
        alarm(
            `${name}-from-zero`,
            {
                description: `Messages wait in the queue of ${name} and no task runs: start ${s.scaling.scaleFromZeroTasks}`,
                threshold: 0,
                periods: 1,
                metricQueries: [
                    { id: "visible", returnData: false, metric: { namespace: visible.namespace, metricName: visible.metricName, dimensions: dims(visible.dimensions), period: 60, stat: "Maximum" } },
                    { id: "running", returnData: false, metric: { namespace: running.namespace, metricName: running.metricName, dimensions: dims(running.dimensions), period: 60, stat: "Maximum" } },
                    { id: "idleWithWork", label: "Messages waiting with no task", expression: "IF(FILL(visible, 0) > 0, 1, 0) * IF(FILL(running, 0) == 0, 1, 0)", returnData: true },
                ],
                tags: args.tags,
            },
            [wake.arn],
            this,
        );
    }

    private createAlarms(name: string, args: QueueWorkerArgs, s: WorkerSettings, queues: Queues): Record<string, aws.cloudwatch.MetricAlarm> {
        if (!s.alarms.enabled) {
            return {};
        }
        const topic = alarmTopic(name, args.alarms, this, args.tags);
        const actions = topic ? [topic] : [];
        const sqsAlarm = (suffix: string, description: string, queueName: pulumi.Input<string>, metricName: string, threshold: number, periods: number) =>
            alarm(`${name}-${suffix}`, { description, namespace: "AWS/SQS", metricName, dimensions: { QueueName: queueName }, statistic: "Maximum", period: 300, threshold, periods, tags: args.tags }, actions, this);
        const alarms: Record<string, aws.cloudwatch.MetricAlarm> = {
            oldestMessage: sqsAlarm("oldest-message", `A message has waited over ${s.alarms.oldestMessageAgeSeconds}s in the queue of ${name}`, queues.name, "ApproximateAgeOfOldestMessage", s.alarms.oldestMessageAgeSeconds, 2),
            notRunning: tasksNotRunningAlarm(name, args.cluster, this.service, s.alarms.notRunningMinutes, actions, this, args.tags),
        };
        if (queues.deadLetterQueueName) {
            alarms.deadLetters = sqsAlarm("dead-letters", `Jobs of ${name} failed ${s.maxReceiveCount} times and sit in the dead-letter queue`, queues.deadLetterQueueName, "ApproximateNumberOfMessagesVisible", 0, 1);
        }
        return alarms;
    }
}

/** Modelled deploy time: new tasks count 40 s after RUNNING (no LB); old ones get up to stopTimeout to finish a job. */
export function workerRolloutEstimate(s: WorkerSettings, args: QueueWorkerArgs): RolloutEstimate {
    const hasHealthCheck = args.task.containers.some((c) => c.essential !== false && c.healthCheck !== undefined);
    const hc = args.task.containers.find((c) => c.healthCheck)?.healthCheck;
    return estimateRollout({
        desiredCount: Math.max(1, s.scaling.minTasks),
        ...s.deployment,
        healthDetectionSeconds: hasHealthCheck ? (hc?.startPeriod ?? 0) + (hc?.interval ?? 10) : ECS_NO_HEALTH_CHECK_SECONDS,
        drainSeconds: s.stopTimeout,
    });
}
