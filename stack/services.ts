/**
 * Config schemas of the services. Each mirrors the component's settings (its args without the
 * resources it is placed on), so the component's own rules report the path the user typed.
 */
import { z } from "zod";
import { Check } from "../components/internal/validation";
import { QueueWorkerSettings, checkQueueWorkerSettings } from "../components/queue-worker-args";
import { FargateWebServiceSettings, checkWebServiceSettings } from "../components/web-service-args";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";
import { taskFromConfig } from "./derive";
import { taskSchema } from "./schema";

const str = z.string().min(1);
const int = z.number().int();
const num = z.number();

const alarmTarget = { email: str.optional(), topicArn: str.optional() };

/** What both services take besides their task. */
const serviceBase = {
    task: taskSchema,
    enableExecuteCommand: z.boolean().optional(),
    spot: z.boolean().optional(),
    onDemandBaseTasks: int.optional(),
    spotPercent: int.optional(),
    securityGroupIds: z.array(str).optional(),
};

export const webSchema = z.strictObject({
    ...serviceBase,
    containerName: str.optional(),
    containerPort: int.optional(),
    maxRequestSeconds: int.optional(),
    idleTimeoutSeconds: int.optional(),
    healthCheck: z
        .strictObject({
            path: str.optional(),
            matcher: str.optional(),
            intervalSeconds: int.optional(),
            timeoutSeconds: int.optional(),
            healthyThreshold: int.optional(),
            unhealthyThreshold: int.optional(),
            gracePeriodSeconds: int.optional(),
        })
        .optional(),
    domainName: str.optional(),
    hostedZoneName: str.optional(),
    hostedZoneId: str.optional(),
    certificateArn: str.optional(),
    allowedCidrs: z.array(str).optional(),
    desiredCount: int.optional(),
    autoscaling: z
        .strictObject({
            minTasks: int,
            maxTasks: int,
            cpuPercent: int.optional(),
            memoryPercent: int.optional(),
            requestsPerTarget: int.optional(),
            scaleInCooldownSeconds: int.optional(),
            scaleOutCooldownSeconds: int.optional(),
        })
        .optional(),
    deployment: z
        .strictObject({
            strategy: z.enum(["ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"]).optional(),
            circuitBreaker: z.boolean().optional(),
            rollbackOnAlarms: z.boolean().optional(),
            minimumHealthyPercent: int.optional(),
            maximumPercent: int.optional(),
            bakeTimeMinutes: int.optional(),
            canaryPercent: num.optional(),
            canaryBakeTimeMinutes: int.optional(),
            linearStepPercent: num.optional(),
            linearStepBakeTimeMinutes: int.optional(),
            testListenerPort: int.optional(),
            testListenerCidrs: z.array(str).optional(),
        })
        .optional(),
    alarms: z
        .strictObject({
            ...alarmTarget,
            enabled: z.boolean().optional(),
            serverErrorPercent: num.optional(),
            p95Seconds: num.optional(),
            p99Seconds: num.optional(),
            cpuPercent: int.optional(),
            memoryPercent: int.optional(),
        })
        .optional(),
    deletionProtection: z.boolean().optional(),
    accessLogs: z.boolean().optional(),
    accessLogRetentionDays: int.optional(),
});

export const workerSchema = z.strictObject({
    ...serviceBase,
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
    scaling: z
        .strictObject({
            minTasks: int.optional(),
            maxTasks: int.optional(),
            backlogPerTask: int.optional(),
            scaleFromZeroTasks: int.optional(),
            scaleInCooldownSeconds: int.optional(),
            scaleOutCooldownSeconds: int.optional(),
        })
        .optional(),
    alarms: z.strictObject({ ...alarmTarget, enabled: z.boolean().optional(), oldestMessageAgeSeconds: int.optional(), notRunningMinutes: int.optional() }).optional(),
});

export type WebConfig = z.infer<typeof webSchema>;
export type WorkerConfig = z.infer<typeof workerSchema>;

/** The queue the web app sends jobs to: its variables and the permission to send. */
export interface QueueProducer {
    environment: Record<string, pulumi.Input<string>>;
    statements: { actions: string[]; resources: pulumi.Input<string>[] }[];
}

/** The web service's settings from config: its own keys, the task with what `app` gives once, and `protect`. */
export function webSettings(config: StackConfig, web: WebConfig, image: pulumi.Input<string>, producer?: QueueProducer): FargateWebServiceSettings {
    const task = taskFromConfig(config.app, web.task, image, producer?.environment);
    return { ...web, task: { ...task, taskRoleStatements: [...(task.taskRoleStatements ?? []), ...(producer?.statements ?? [])] }, protect: config.protect };
}

/** The worker's settings from config; its containers get the app's environment and secrets like the web app's. */
export function workerSettings(config: StackConfig, worker: WorkerConfig, image: pulumi.Input<string>): QueueWorkerSettings {
    return { ...worker, task: taskFromConfig(config.app, worker.task, image), protect: config.protect };
}

export function checkWebConfig(check: Check, config: StackConfig, web: WebConfig): void {
    checkWebServiceSettings(check, webSettings(config, web, "placeholder:tag"));
}

export function checkWorkerConfig(check: Check, config: StackConfig, worker: WorkerConfig): void {
    checkQueueWorkerSettings(check, workerSettings(config, worker, "placeholder:tag"));
    if (config.cluster.containerInsights === "disabled") {
        check.fail(`scales on ECS/ContainerInsights RunningTaskCount, but ${config.project}:cluster.containerInsights is "disabled"; use "enabled"`);
    }
}
