/**
 * The task: its size, platform, log group and containers, checked as a whole. Each concept has
 * its file in this folder (containers, images, ports, secrets, volumes, logging, linux, sizes,
 * task-role); this one gathers them, and re-exports them for the package entry.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkKmsKeyArn } from "../internal/arns";
import { checkFargateSize } from "../internal/fargate-sizes";
import { Check } from "../internal/validation";
import { CpuArchitecture } from "../enums";
import { ContainerSpec, checkContainer, checkContainerNames, checkStartOrder } from "./containers";
import { LOG_RETENTION_DAYS } from "./logging";
import { checkPortsUnique } from "./ports";
import { checkTaskSizes } from "./sizes";
import { PolicyStatementSpec, checkStatements } from "./task-role";
import { LogRouterSpec, LogSubscriptionSpec, checkLogRouting } from "./log-routing";
import { TaskVolume, checkTaskVolumes } from "./volumes";

export type { ContainerSpec, ContainerHealthCheck, ContainerDependency } from "./containers";
export { CONTAINER_NAME } from "./containers";
export type { ContainerLogging, FireLensOutput } from "./logging";
export { LOG_RETENTION_DAYS, DEFAULT_LOG_RETENTION_DAYS, PROD_LOG_RETENTION_DAYS } from "./logging";
export type { UlimitSpec, ContainerCapabilities } from "./linux";
export { ULIMIT_NAMES } from "./linux";
export type { PortSpec } from "./ports";
export type { SecretSpec } from "./secrets";
export { ENV_NAME, checkSecretSpec } from "./secrets";
export type { PolicyStatementSpec, PolicyConditionSpec } from "./task-role";
export { checkStatements, conditionBlock, isConditionOperator } from "./task-role";
export { seedContainerName } from "./volumes";
export type { TaskVolume, VolumeMount } from "./volumes";
export type { EfsVolumeSpec } from "./efs-volumes";

/**
 * The one task-definition schema. `FargateWebService` and `QueueWorker` both take a
 * `FargateTaskSpec`, so an app and its queue worker are described the same way and can
 * share an image, environment and secrets, differing only in their command.
 *
 * Sizes, ports, names and timings are plain values (not Outputs) on purpose: they are
 * validated before any resource is created. Images, environment values and secret
 * references may be Outputs.
 */
export interface FargateTaskSpec {
    /**
     * Image used by every container that does not set its own, e.g. a `RegistryRepo`'s
     * `imageUri` or `"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:3f2c1ab"`.
     * Default: each container must set `image`.
     * @default - each container must set `image`
     */
    image?: pulumi.Input<string> | undefined;
    /**
     * The FireLens log router's image, when a container sends its logs through FireLens.
     * Default: AWS for Fluent Bit, public.ecr.aws/aws-observability/aws-for-fluent-bit:stable.
     * @default "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"
     */
    logRouterImage?: pulumi.Input<string> | undefined;
    /**
     * Task CPU units (256 = 0.25 vCPU … 16384 = 16 vCPU); must pair with `memory` as Fargate allows.
     * A whole number.
     */
    cpu: number;
    /**
     * Task memory in MiB, e.g. 512, 1024, 2048; must pair with `cpu` as Fargate allows.
     * A whole number.
     */
    memory: number;
    /**
     * CPU architecture of the image. ARM64 (Graviton) is about 20 % cheaper per vCPU-hour,
     * but cannot run on Fargate Spot and needs an arm64 image.
     * Default: "X86_64".
     * @default "X86_64"
     */
    cpuArchitecture?: CpuArchitecture;
    /**
     * Ephemeral storage in GiB, 21–200. Fargate gives 20 GiB without this.
     * A whole number.
     * Default: 20 GiB (not set)
     * @default - 20 GiB (not set)
     */
    ephemeralStorageGiB?: number | undefined;
    /**
     * Days to keep container logs in CloudWatch (a value CloudWatch accepts, e.g. 7, 14, 30, 90, 365).
     * A whole number.
     * Default: 30, or 365 when the service is in production mode (`protect`)
     * @default 30, or 365 when the service is in production mode (`protect`)
     */
    logRetentionDays?: number | undefined;
    /**
     * Customer-managed KMS key ARN to encrypt the log group with.
     * Default: CloudWatch Logs' own encryption.
     * @default - CloudWatch Logs' own encryption
     */
    logKmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * Task volumes its containers share (each container mounts them with `mounts`); on Fargate a
     * bind mount on the task's ephemeral storage, empty and owned by root at start.
     * Default: none.
     * @default - none
     */
    volumes?: TaskVolume[] | undefined;
    /** The containers of the task; at least one must be essential. */
    containers: ContainerSpec[];
    /**
     * Extra permissions for the app itself (the task role), e.g. access to an S3 bucket.
     * Wildcard actions such as `s3:*` are rejected.
     * Default: none beyond what the service needs.
     * @default - none beyond what the service needs
     */
    taskRoleStatements?: PolicyStatementSpec[] | undefined;
    /**
     * The FireLens router's CPU, memory and configuration file, when a container uses `logging.fireLens`.
     * Default: 50 MiB reserved, FireLens's generated configuration.
     * @default - 50 MiB reserved, the generated configuration
     */
    logRouter?: LogRouterSpec | undefined;
    /**
     * Subscription filters on the task's log group: its events also go to a Kinesis or Firehose
     * stream (through a role the stack creates) or another account's log destination; at most 2.
     * Default: none.
     * @default - none
     */
    logSubscriptions?: LogSubscriptionSpec[] | undefined;
}

/**
 * Checks a task spec; records every problem under `check`. Returns nothing: callers
 * throw once with all problems (see `Check.throwIfFailed`).
 */
export function checkTaskSpec(check: Check, spec: FargateTaskSpec): void {
    if (!check.object(spec, "FargateTaskSpec: cpu, memory, containers")) return;
    if (!check.at("containers").list(spec.containers, "of containers", true)) return;
    checkFargateSize(check, spec.cpu, spec.memory);
    check.at("cpuArchitecture").oneOf(spec.cpuArchitecture, Object.values(CpuArchitecture));
    check.at("ephemeralStorageGiB").intRange(spec.ephemeralStorageGiB, 21, 200, "GiB (Fargate gives 20 GiB without it)");
    check.at("logRetentionDays").oneOf(spec.logRetentionDays, LOG_RETENTION_DAYS);
    if (spec.logKmsKeyArn !== undefined) {
        checkKmsKeyArn(check.at("logKmsKeyArn"), spec.logKmsKeyArn);
    }
    checkStatements(check.at("taskRoleStatements"), spec.taskRoleStatements ?? []);
    checkLogRouting(check, spec.logRouter, spec.logSubscriptions, spec.cpu, spec.memory, (spec.containers ?? []).some((c) => c?.logging?.fireLens !== undefined));

    const containers = spec.containers ?? [];
    if (containers.length === 0) {
        check.at("containers").fail("is empty; a task needs at least one container");
        return;
    }
    const names = containers.map((c) => c?.name);
    let misshapen = false;
    containers.forEach((c, i) => {
        const before = check.problems.length;
        if (!check.at("containers").at(i).object(c, "ContainerSpec: name, image, command, ports, …")) {
            misshapen = true;
            return;
        }
        for (const key of ["environment", "secrets", "dockerLabels", "logging", "healthCheck"] as const) if (c[key] !== undefined) check.at("containers").at(i).at(key).object(c[key], key === "logging" ? "ContainerLogging" : key === "healthCheck" ? "ContainerHealthCheck" : "names to values");
        for (const key of ["command", "entryPoint", "ports", "writablePaths", "dependsOn", "ulimits", "mounts"] as const) check.at("containers").at(i).at(key).list(c[key], key === "ports" ? "of ports" : key === "command" || key === "entryPoint" ? "of strings, e.g. [\"bin/worker\"]" : "");
        // A member of the wrong shape is reported; the other rules assume the shapes.
        if (check.problems.length === before) checkContainer(check.at("containers").at(i), c, spec, names);
        else misshapen = true;
    });
    if (misshapen) return;
    checkContainerNames(check.at("containers"), containers);
    checkPortsUnique(check.at("containers"), containers);
    checkStartOrder(check.at("containers"), containers);
    checkTaskVolumes(check.at("volumes"), spec);
    checkTaskSizes(check.at("containers"), containers, spec);
}

/** Returns a copy of `spec` with `command` set on the named container (or the first one). */
export function withCommand(spec: FargateTaskSpec, command: string[], containerName?: string): FargateTaskSpec {
    const target = containerName ?? spec.containers[0]?.name;
    return { ...spec, containers: spec.containers.map((c) => (c.name === target ? { ...c, command } : c)) };
}
