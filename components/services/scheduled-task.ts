import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarm } from "../internal/alarms";
import { awsLocation } from "../internal/arns";
import { IAM_PATH, policyDocument } from "../internal/iam";
import { physicalName, namePrefix } from "../internal/names";
import { checkScheduleExpression, checkTimezone } from "../internal/schedule-expression";
import { Check, show } from "../internal/validation";
import { componentDependsOn, taskSecurityGroup } from "./service-base";
import { AlarmNotificationArgs, alarmTopic, checkAlarmNotification } from "../internal/alarms";
import { createFargateTask } from "../task/task-definition";
import { FargateTaskSpec, checkTaskSpec } from "../task/task-spec";
import { clusterArn, clusterName } from "../internal/resource-inputs";

export interface ScheduledTaskArgs {
    /** The ECS cluster the task runs in. */
    cluster: pulumi.Input<aws.ecs.Cluster>;
    /** The VPC of the subnets. */
    vpcId: pulumi.Input<string>;
    /** Subnets the task runs in, e.g. `Network.taskSubnetIds`. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Give the task a public IP (public subnets without NAT).
     * Default: false.
     * @default false
     */
    assignPublicIp?: pulumi.Input<boolean> | undefined;
    /**
     * Extra security groups, e.g. one the database admits.
     * Default: only the task's own group.
     * @default - only the task's own group
     */
    securityGroupIds?: pulumi.Input<string>[] | undefined;
    /** The task: the app's schema, with the job's command. */
    task: FargateTaskSpec;
    /**
     * When it runs: `rate(1 minute)`, `rate(6 hours)`, `cron(0 3 * * ? *)` (minutes hours
     * day-of-month month day-of-week year) or `at(2026-12-01T09:00:00)` (EventBridge Scheduler).
     */
    schedule: string;
    /**
     * Time zone of cron and at expressions, e.g. `"Europe/Berlin"`.
     * Default: "UTC".
     * @default "UTC"
     */
    timezone?: string | undefined;
    /**
     * Let Scheduler start a run up to this many minutes late to spread load, 1–1440.
     * A whole number.
     * Default: on time.
     * @default - on time
     */
    flexibleWindowMinutes?: number | undefined;
    /**
     * Retries when Scheduler cannot start the task (not when the task fails), 0–185.
     * A whole number.
     * Default: 2.
     * @default 2
     */
    retryAttempts?: number | undefined;
    /**
     * Give up starting a run this many seconds after its time, 60–86400.
     * A whole number.
     * Default: 3600.
     * @default 3600
     */
    maxEventAgeSeconds?: number | undefined;
    /**
     * Typical length of a run, for the offline plan's cost estimate.
     * A whole number.
     * Default: 60.
     * @default 60
     */
    expectedRunSeconds?: number | undefined;
    /**
     * Turn the schedule off without deleting it.
     * Default: true.
     * @default true
     */
    enabled?: boolean | undefined;
    /**
     * Where the alarm on failed runs (could not start, or exited non-zero) notifies.
     * Default: the alarm, without notification target.
     * @default - the alarm, without notification target
     */
    alarms?: AlarmNotificationArgs | undefined;
    /**
     * IAM path of the roles this creates.
     * Default: "/".
     * @default "/"
     */
    iamPath?: string | undefined;
    /**
     * Permissions boundary of every role this creates (e.g. \`PulumiDeployments.permissionsBoundaryArn\`):
     * whatever policy a role is given, it can do no more than the boundary allows.
     * Default: none.
     * @default - none
     */
    permissionsBoundary?: pulumi.Input<string> | undefined;
    /**
     * Production mode: protect the log group and keep logs a year.
     * Default: false.
     * @default false
     */
    protect?: boolean | undefined;
    /**
     * Leave its log group and dead-letter queue in AWS when it is removed from the stack or the stack is destroyed, independent
     * of \`protect\` (which only refuses the deletion): turning \`protect\` off to tear a stack down
     * then loses nothing it keeps.
     * Default: the value of \`protect\`.
     * @default - the value of \`protect\`
     */
    retainOnDelete?: boolean | undefined;
    /**
     * Tags of every resource.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;
}

export type ScheduledTaskSettings = Omit<ScheduledTaskArgs, "cluster" | "vpcId" | "subnetIds">;

/**
 * A job on the app's task schema that EventBridge Scheduler starts on a schedule (Laravel's
 * `schedule:run` every minute, a nightly report): ECS RunTask on Fargate in the service subnets,
 * with retries and a dead-letter queue that collects every failed run (not started, failed to
 * start, exited non-zero) and an alarm on it.
 *
 * Overlap: neither Scheduler nor ECS knows a run is still going, so a run that outlasts its
 * interval overlaps the next one. Guard the job itself (Laravel `withoutOverlapping()` with a
 * shared cache, a database advisory lock in Rails).
 *
 * @example
 * new ScheduledTask("scheduler", { ...placement, schedule: "rate(1 minute)", task: withCommand(task, ["php", "artisan", "schedule:run"]) });
 */
export class ScheduledTask extends pulumi.ComponentResource {
    readonly schedule: aws.scheduler.Schedule;
    readonly taskDefinition: aws.ecs.TaskDefinition;
    readonly taskRole: aws.iam.Role;
    readonly executionRole: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** The role Scheduler uses to start the task. */
    readonly schedulerRole: aws.iam.Role;
    /** Runs Scheduler could not start after its retries. */
    readonly deadLetterQueue: aws.sqs.Queue;
    readonly alarms: Record<string, aws.cloudwatch.MetricAlarm>;

    constructor(name: string, args: ScheduledTaskArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers: a refused input creates nothing, not even the component.
        validateScheduledTask(name, args);
        const tags = { ...(args.tags ?? {}), "fargate-kit-run-seconds": String(args.expectedRunSeconds ?? 60) };
        super("fargate-kit:index:ScheduledTask", name, {}, opts);
        const sg = taskSecurityGroup(name, args.vpcId, this, args.tags);
        const task = createFargateTask(name, args.task, { defaultStopTimeout: 30, enableExecuteCommand: false, protect: args.protect ?? false, retainOnDelete: args.retainOnDelete, permissionsBoundary: args.permissionsBoundary, iamPath: args.iamPath, tags }, this);
        this.deadLetterQueue = new aws.sqs.Queue(
            `${name}-dlq`,
            { name: physicalName(`${name}-dlq`, { max: 80 }), messageRetentionSeconds: 14 * 86400, sqsManagedSseEnabled: true, tags: args.tags },
            // It holds the details of failed runs: kept in production mode.
            { parent: this, protect: args.protect ?? false, retainOnDelete: args.retainOnDelete ?? args.protect ?? false },
        );
        this.schedulerRole = this.createSchedulerRole(name, args, task.taskDefinition, [task.taskRole, task.executionRole]);
        this.schedule = new aws.scheduler.Schedule(
            name,
            {
                name: physicalName(name, { max: 64 }),
                description: `Runs ${name} (${args.schedule})`,
                scheduleExpression: args.schedule,
                scheduleExpressionTimezone: args.timezone ?? "UTC",
                state: args.enabled === false ? "DISABLED" : "ENABLED",
                flexibleTimeWindow: args.flexibleWindowMinutes ? { mode: "FLEXIBLE", maximumWindowInMinutes: args.flexibleWindowMinutes } : { mode: "OFF" },
                target: {
                    arn: clusterArn(args.cluster),
                    roleArn: this.schedulerRole.arn,
                    deadLetterConfig: { arn: this.deadLetterQueue.arn },
                    retryPolicy: { maximumRetryAttempts: args.retryAttempts ?? 2, maximumEventAgeInSeconds: args.maxEventAgeSeconds ?? 3600 },
                    ecsParameters: {
                        taskDefinitionArn: task.taskDefinition.arn,
                        launchType: "FARGATE",
                        platformVersion: "LATEST",
                        taskCount: 1,
                        enableEcsManagedTags: true,
                        propagateTags: "TASK_DEFINITION",
                        networkConfiguration: { subnets: args.subnetIds, securityGroups: [sg.id, ...(args.securityGroupIds ?? [])], assignPublicIp: args.assignPublicIp ?? false },
                    },
                },
            },
            // A component's dependsOn does not reach its children: the schedule waits itself (e.g. for the migration).
            { parent: this, dependsOn: componentDependsOn(opts) },
        );
        this.alarms = this.createAlarms(name, args, task.taskDefinition);
        this.taskDefinition = task.taskDefinition;
        this.taskRole = task.taskRole;
        this.executionRole = task.executionRole;
        this.logGroup = task.logGroup;
        this.registerOutputs({ schedule: this.schedule, taskDefinition: this.taskDefinition, deadLetterQueue: this.deadLetterQueue });
    }

    /** Scheduler may run only this task definition family, in this cluster, and pass only its two roles. */
    private createSchedulerRole(name: string, args: ScheduledTaskArgs, taskDefinition: aws.ecs.TaskDefinition, roles: aws.iam.Role[]): aws.iam.Role {
        const where = awsLocation(this);
        const role = new aws.iam.Role(
            `${name}-scheduler`,
            {
                namePrefix: namePrefix(`${name}-scheduler`, 38),
                path: args.iamPath,
                permissionsBoundary: args.permissionsBoundary,
                description: `EventBridge Scheduler starts ${name}`,
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": where.accountId } } }],
                }),
                tags: args.tags,
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-scheduler`,
            {
                role: role.name,
                policy: policyDocument([
                    {
                        Sid: "RunThisTask",
                        Action: ["ecs:RunTask"],
                        Resource: [pulumi.interpolate`arn:${where.partition}:ecs:${where.region}:${where.accountId}:task-definition/${taskDefinition.family}:*`],
                        Condition: { ArnEquals: { "ecs:cluster": clusterArn(args.cluster) } },
                    },
                    // propagateTags / enableEcsManagedTags tag the task RunTask starts.
                    { Sid: "TagItsTasks", Action: ["ecs:TagResource"], Resource: [pulumi.interpolate`arn:${where.partition}:ecs:${where.region}:${where.accountId}:task/${clusterName(args.cluster)}/*`], Condition: { StringEquals: { "ecs:CreateAction": "RunTask" } } },
                    { Sid: "PassItsRoles", Action: ["iam:PassRole"], Resource: roles.map((r) => r.arn), Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } },
                    { Sid: "DeadLetters", Action: ["sqs:SendMessage"], Resource: [this.deadLetterQueue.arn] },
                ]),
            },
            { parent: this },
        );
        return role;
    }

    /**
     * Every failed run ends up in the dead-letter queue: those Scheduler could not start (after its
     * retries), and, from ECS's task state-change events, those whose task stopped with a
     * non-zero exit code or failed to start. One alarm on its depth; the messages hold the details.
     */
    private createAlarms(name: string, args: ScheduledTaskArgs, taskDefinition: aws.ecs.TaskDefinition): Record<string, aws.cloudwatch.MetricAlarm> {
        const rule = new aws.cloudwatch.EventRule(
            `${name}-failed`,
            {
                name: physicalName(`${name}-failed`, { max: 64 }),
                description: `Runs of ${name} that exit non-zero or cannot start`,
                eventPattern: pulumi.jsonStringify({
                    source: ["aws.ecs"],
                    "detail-type": ["ECS Task State Change"],
                    detail: {
                        clusterArn: [clusterArn(args.cluster)],
                        group: [pulumi.interpolate`family:${taskDefinition.family}`],
                        lastStatus: ["STOPPED"],
                        $or: [{ containers: { exitCode: [{ "anything-but": 0 }] } }, { stopCode: ["TaskFailedToStart"] }],
                    },
                }),
                tags: args.tags,
            },
            { parent: this },
        );
        // EventBridge may put only this rule's events into the queue.
        new aws.sqs.QueuePolicy(
            `${name}-failed`,
            {
                queueUrl: this.deadLetterQueue.url,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [{ Sid: "FailedRuns", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: this.deadLetterQueue.arn, Condition: { ArnEquals: { "aws:SourceArn": rule.arn } } }],
                }),
            },
            { parent: this },
        );
        new aws.cloudwatch.EventTarget(`${name}-failed`, { rule: rule.name, arn: this.deadLetterQueue.arn }, { parent: this });
        const topic = alarmTopic(name, args.alarms, this, args.tags);
        const failed = alarm(
            `${name}-failed`,
            {
                description: `Runs of ${name} failed: could not be started, failed to start, or exited non-zero (details in the messages of its dead-letter queue)`,
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: this.deadLetterQueue.name },
                statistic: "Maximum",
                period: 60,
                threshold: 0,
                periods: 1,
                tags: args.tags,
            },
            topic ? [topic] : [],
            this,
        );
        return { failed };
    }
}

export function checkScheduledTaskSettings(check: Check, args: ScheduledTaskSettings): void {
    checkTaskSpec(check.at("task"), args.task);
    checkScheduleExpression(check.at("schedule"), args.schedule);
    checkTimezone(check.at("timezone"), args.timezone);
    check.at("flexibleWindowMinutes").intRange(args.flexibleWindowMinutes, 1, 1440, "minutes");
    check.at("retryAttempts").intRange(args.retryAttempts, 0, 185);
    check.at("maxEventAgeSeconds").intRange(args.maxEventAgeSeconds, 60, 86400, "seconds");
    check.at("expectedRunSeconds").intRange(args.expectedRunSeconds, 1, 86400, "seconds");
    check.at("iamPath").matches(args.iamPath, IAM_PATH, 'an IAM path such as "/fargate-kit/shop/prod/"');
    checkAlarmNotification(check.at("alarms"), args.alarms);
}

function validateScheduledTask(name: string, args: ScheduledTaskArgs): void {
    const check = Check.root();
    if (name.length > 46) check.fail(`the component name ${show(name)} has ${name.length} characters; at most 46 fit in the IAM role names it makes`);
    checkScheduledTaskSettings(check, args);
    check.throwIfFailed(`ScheduledTask "${name}"`);
}
