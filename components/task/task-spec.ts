import * as pulumi from "@pulumi/pulumi";
import { checkKmsKeyArn, checkSecretsManagerRef, checkSsmParameterRef } from "../internal/arns";
import { checkFargateSize } from "../internal/fargate-sizes";
import { Check, show } from "../internal/validation";
import { authorizedOnAnyResource, knownService } from "../internal/any-resource";
import { LogRouterSpec, LogSubscriptionSpec, checkLogRouting } from "./log-routing";
import { AppProtocol, CpuArchitecture, DependencyCondition, LogMode, PortProtocol, UlimitName } from "../enums";

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
    image?: pulumi.Input<string>;
    /**
     * The FireLens log router's image, when a container sends its logs through FireLens.
     * Default: AWS for Fluent Bit, public.ecr.aws/aws-observability/aws-for-fluent-bit:stable.
     * @default "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"
     */
    logRouterImage?: pulumi.Input<string>;
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
    ephemeralStorageGiB?: number;
    /**
     * Days to keep container logs in CloudWatch (a value CloudWatch accepts, e.g. 7, 14, 30, 90, 365).
     * A whole number.
     * Default: 30, or 365 when the service is in production mode (`protect`)
     * @default 30, or 365 when the service is in production mode (`protect`)
     */
    logRetentionDays?: number;
    /**
     * Customer-managed KMS key ARN to encrypt the log group with.
     * Default: CloudWatch Logs' own encryption.
     * @default - CloudWatch Logs' own encryption
     */
    logKmsKeyArn?: pulumi.Input<string>;
    /** The containers of the task; at least one must be essential. */
    containers: ContainerSpec[];
    /**
     * Extra permissions for the app itself (the task role), e.g. access to an S3 bucket.
     * Wildcard actions such as `s3:*` are rejected.
     * Default: none beyond what the service needs.
     * @default - none beyond what the service needs
     */
    taskRoleStatements?: PolicyStatementSpec[];
    /**
     * The FireLens router's CPU, memory and configuration file, when a container uses `logging.fireLens`.
     * Default: 50 MiB reserved, FireLens's generated configuration.
     * @default - 50 MiB reserved, the generated configuration
     */
    logRouter?: LogRouterSpec;
    /**
     * Subscription filters on the task's log group: its events also go to a Kinesis or Firehose
     * stream (through a role the stack creates) or another account's log destination; at most 2.
     * Default: none.
     * @default - none
     */
    logSubscriptions?: LogSubscriptionSpec[];
}

/** One container of a task. */
/** Options of the awslogs driver for one container. */
export interface ContainerLogging {
    /**
     * Streams are named `<prefix>/<container>/<task id>`.
     * Default: the component's name.
     * @default - the component's name
     */
    streamPrefix?: string;
    /**
     * A regular expression that starts a new log event; lines until the next match join it (stack
     * traces), e.g. `^\\[\\d{4}-` for Laravel's `[2026-12-03 10:00:00]` lines.
     * Default: one event per line.
     * @default - one event per line
     */
    multilinePattern?: string;
    /**
     * A strftime format that starts a new log event, e.g. `%Y-%m-%d %H:%M:%S` (instead of `multilinePattern`).
     * Default: one event per line.
     * @default - one event per line
     */
    datetimeFormat?: string;
    /**
     * `non-blocking`: the app never waits for CloudWatch, and a full buffer drops lines; `blocking`: no line is lost, and a slow CloudWatch stalls the app's writes.
     * Default: "non-blocking".
     * @default "non-blocking"
     */
    mode?: LogMode;
    /**
     * The non-blocking buffer, e.g. `"25m"` (bytes with k, m or g).
     * Default: "25m".
     * @default "25m"
     */
    maxBufferSize?: string;
    /**
     * Send this container's output through FireLens instead: a Fluent Bit log router added to the
     * task forwards it to `name` (a Fluent Bit output: `datadog`, `kinesis_firehose`, `s3`,
     * `cloudwatch_logs`, …). The router's own logs go to the task's log group. The task role needs
     * the destination's permissions (e.g. `firehose:PutRecordBatch`, in `taskRoleStatements`).
     * Default: the awslogs driver.
     * @default - the awslogs driver
     */
    fireLens?: FireLensOutput;
}

/** Where FireLens forwards a container's logs: a Fluent Bit output and its settings. */
export interface FireLensOutput {
    /** The Fluent Bit output plugin, e.g. `"datadog"`, `"kinesis_firehose"`, `"s3"`. */
    name: string;
    /**
     * Its settings, e.g. `{ Host: "http-intake.logs.datadoghq.eu", TLS: "on", dd_service: "shop" }`.
     * Default: none.
     * @default - none
     */
    options?: Record<string, string>;
    /**
     * Settings taken from Secrets Manager or SSM at task start, e.g. `{ apikey: { secretsManager: "datadog/api-key" } }`;
     * the execution role may read exactly these.
     * Default: none.
     * @default - none
     */
    secretOptions?: Record<string, SecretSpec>;
}

export interface ContainerSpec {
    /** Container name, unique in the task (letters, digits, `-`, `_`). */
    name: string;
    /**
     * Image of this container.
     * Default: the task's `image`.
     * @default - the task's `image`
     */
    image?: pulumi.Input<string>;
    /**
     * Overrides the image's CMD, e.g. `["php", "artisan", "queue:work"]`.
     * Default: the image's CMD.
     * @default - the image's CMD
     */
    command?: string[];
    /**
     * Overrides the image's ENTRYPOINT.
     * Default: the image's ENTRYPOINT.
     * @default - the image's ENTRYPOINT
     */
    entryPoint?: string[];
    /**
     * Working directory inside the container.
     * Default: the image's WORKDIR.
     * @default - the image's WORKDIR
     */
    workingDirectory?: string;
    /**
     * Ports the container listens on. In awsvpc mode the host port always equals the container port.
     * Default: none.
     * @default - none
     */
    ports?: PortSpec[];
    /**
     * Plain environment variables. Never put secrets here; use `secrets`.
     * Default: none.
     * @default - none
     */
    environment?: Record<string, pulumi.Input<string>>;
    /**
     * Environment variables injected by ECS from Secrets Manager or SSM at container start.
     * Default: none.
     * @default - none
     */
    secrets?: Record<string, SecretSpec>;
    /**
     * Container health check run by ECS (a Dockerfile HEALTHCHECK is ignored by ECS).
     * Default: none.
     * @default - none
     */
    healthCheck?: ContainerHealthCheck;
    /**
     * Containers that must reach a state before this one starts, e.g. php-fpm HEALTHY before nginx.
     * Default: none.
     * @default - none
     */
    dependsOn?: ContainerDependency[];
    /**
     * Resource limits. Fargate already sets nofile to 65535.
     * Default: none.
     * @default - none
     */
    ulimits?: UlimitSpec[];
    /**
     * User to run as (`uid`, `uid:gid`, `user`, `user:group`); non-root is recommended.
     * Default: the image's USER.
     * @default - the image's USER
     */
    user?: string;
    /**
     * Mount the root filesystem read-only (Security Hub ECS.5). Give the paths the app writes to
     * in `writablePaths`. Not compatible with ECS Exec.
     * Default: true.
     * @default true
     */
    readonlyRootFilesystem?: boolean;
    /**
     * Absolute paths that stay writable under a read-only root filesystem, e.g. `["/tmp", "/var/www/storage"]`.
     * Each is a fresh task-scoped volume, which starts EMPTY and owned by root: it hides whatever
     * the image has at that path (Laravel's `storage/framework/*`, Rails' `tmp/`), and a non-root
     * `user` cannot write to it. Set `seedWritablePaths` to start them with the image's content.
     * Default: none.
     * @default - none
     */
    writablePaths?: string[];
    /**
     * Start each of `writablePaths` with what the image has there, owned by `user`: a short-lived
     * `<name>-seed` container (the same image, run as root with `sh` and `cp`) copies it in before
     * this container starts, which waits for it to succeed. Needs `sh` and `cp` in the image.
     * Default: false.
     * @default false
     */
    seedWritablePaths?: boolean;
    /**
     * Whether the task stops when this container stops.
     * Default: true.
     * @default true
     */
    essential?: boolean;
    /**
     * Seconds ECS waits after SIGTERM before SIGKILL, 2–120. Services derive a default from
     * their draining or job time.
     * A whole number.
     * Default: set by the service (web: drain time; worker: max job time, at most 120)
     * @default - set by the service (web: drain time; worker: max job time, at most 120)
     */
    stopTimeout?: number;
    /**
     * Seconds to wait for `dependsOn` conditions, 2–120.
     * A whole number.
     * Default: ECS default.
     * @default - ECS default
     */
    startTimeout?: number;
    /**
     * CPU units reserved for this container.
     * A whole number.
     * Default: shares the task's CPU.
     * @default - shares the task's CPU
     */
    cpu?: number;
    /**
     * Hard memory limit in MiB.
     * A whole number.
     * Default: the task's memory.
     * @default - the task's memory
     */
    memory?: number;
    /**
     * Soft memory reservation in MiB.
     * A whole number.
     * Default: none.
     * @default - none
     */
    memoryReservation?: number;
    /**
     * Run an init process (tini) as PID 1, forwarding signals and reaping zombies. Needed for ECS Exec.
     * Default: true.
     * @default true
     */
    initProcessEnabled?: boolean;
    /**
     * Secrets Manager secret (name or full ARN) holding `{"username","password"}` for a private
     * registry outside ECR, e.g. GitLab's.
     * Default: none (ECR or public images)
     * @default - none (ECR or public images)
     */
    repositoryCredentialsSecret?: pulumi.Input<string>;
    /**
     * Docker labels.
     * Default: none.
     * @default - none
     */
    dockerLabels?: Record<string, string>;
    /**
     * How the container's output goes to CloudWatch Logs (the awslogs driver, in the task's log group).
     * Default: stream prefix = the component's name, non-blocking with a 25 MB buffer, one event per line.
     * @default - stream prefix = the component's name, non-blocking with a 25 MB buffer, one event per line
     */
    logging?: ContainerLogging;
}

/** A port a container listens on. */
export interface PortSpec {
    /**
     * Port number, 1–65535.
     * A whole number.
     */
    containerPort: number;
    /**
     * Must equal `containerPort` in awsvpc mode; accepted only for compatibility.
     * A whole number.
     * Default: containerPort.
     * @default - containerPort
     */
    hostPort?: number;
    /**
     * Default: "tcp".
     * @default "tcp"
     */
    protocol?: PortProtocol;
    /**
     * Port name (Service Connect).
     * Default: none.
     * @default - none
     */
    name?: string;
    /**
     * Application protocol (Service Connect).
     * Default: none.
     * @default - none
     */
    appProtocol?: AppProtocol;
}

/**
 * A secret injected as an environment variable. Give exactly one of `secretsManager` or `ssmParameter`.
 * The execution role is granted exactly `secretsmanager:GetSecretValue` / `ssm:GetParameters` on it.
 */
export interface SecretSpec {
    /**
     * A Secrets Manager secret: its name (`"laravel/prod/app"`, granted as `…:secret:laravel/prod/app-??????`)
     * or its full ARN including the 6-character suffix.
     * Default: none; set this or `ssmParameter`.
     * @default - none; set this or `ssmParameter`
     */
    secretsManager?: pulumi.Input<string>;
    /**
     * One key of a JSON secret, e.g. `"password"`.
     * Default: the whole secret string.
     * @default - the whole secret string
     */
    jsonKey?: string;
    /**
     * Version stage such as `"AWSPREVIOUS"`.
     * Default: "AWSCURRENT".
     * @default "AWSCURRENT"
     */
    versionStage?: string;
    /**
     * Version id. Not together with `versionStage`.
     * Default: current version.
     * @default - current version
     */
    versionId?: string;
    /**
     * An SSM parameter name (`"/app/prod/DB_URL"`) or full ARN.
     * Default: none; set this or `secretsManager`.
     * @default - none; set this or `secretsManager`
     */
    ssmParameter?: pulumi.Input<string>;
    /**
     * Customer-managed KMS key that encrypts the secret; adds `kms:Decrypt` on this key only.
     * Default: AWS-managed key.
     * @default - AWS-managed key
     */
    kmsKeyArn?: pulumi.Input<string>;
}

/** ECS container health check; ranges from the ECS API `HealthCheck` shape. */
export interface ContainerHealthCheck {
    /** `["CMD", "curl", "-f", "http://localhost/"]` or `["CMD-SHELL", "curl -f http://localhost/ || exit 1"]`. */
    command: string[];
    /**
     * Seconds between checks, 5–300.
     * A whole number.
     * Default: 10.
     * @default 10
     */
    interval?: number;
    /**
     * Seconds before a check fails, 2–60.
     * A whole number.
     * Default: 5.
     * @default 5
     */
    timeout?: number;
    /**
     * Consecutive failures before UNHEALTHY, 1–10.
     * A whole number.
     * Default: 3.
     * @default 3
     */
    retries?: number;
    /**
     * Grace period in seconds, 0–300.
     * A whole number.
     * Default: 0.
     * @default 0
     */
    startPeriod?: number;
}

/** A start-up dependency on another container of the task. */
export interface ContainerDependency {
    /** The container depended on. */
    containerName: string;
    /** START, COMPLETE, SUCCESS or HEALTHY (needs a health check on that container). */
    condition: DependencyCondition;
}

export interface UlimitSpec {
    name: UlimitName;
    softLimit: number;
    hardLimit: number;
}

/** An IAM statement for the task role. */
export interface PolicyStatementSpec {
    /** Actions such as `"s3:GetObject"`; wildcards like `"s3:*"` are rejected. */
    actions: string[];
    /**
     * Resource ARNs. `"*"` only for actions AWS authorizes on no resource type (e.g.
     * `cloudwatch:PutMetricData`, `xray:PutTraceSegments`), and then as the only resource.
     */
    resources: pulumi.Input<string>[];
    /**
     * Conditions that narrow the statement, e.g. `{ operator: "StringEquals", key: "cloudwatch:namespace", values: ["Shop"] }`.
     * Default: none.
     * @default - none
     */
    conditions?: PolicyConditionSpec[];
}

/** One IAM condition: `"Condition": { <operator>: { <key>: <values> } }`. */
export interface PolicyConditionSpec {
    /** The condition operator, e.g. `"StringEquals"`, `"StringLike"`, `"ArnLike"`, `"Bool"`, `"ForAnyValue:StringLike"`, `"StringEqualsIfExists"`. */
    operator: string;
    /** The condition key, e.g. `"cloudwatch:namespace"`, `"aws:SourceVpc"`, `"s3:prefix"`. */
    key: string;
    /** The values to compare with (any one matches). */
    values: pulumi.Input<string>[];
}

/** IAM's condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators"). */
const CONDITION_OPERATORS = [
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
];
/** `ForAllValues:`/`ForAnyValue:` before, `IfExists` after (not on Null). */
export function isConditionOperator(op: string): boolean {
    const m = /^(?:(?:ForAllValues|ForAnyValue):)?([A-Za-z]+?)(IfExists)?$/.exec(op);
    return m !== null && CONDITION_OPERATORS.includes(m[1]) && !(m[1] === "Null" && m[2] !== undefined);
}
const CONDITION_KEY = /^[A-Za-z0-9-]+:[A-Za-z0-9_./${}:-]+$/;

/** The `Condition` block of a statement's conditions (undefined when none). */
export function conditionBlock(conditions: PolicyConditionSpec[] | undefined): Record<string, Record<string, pulumi.Input<string>[]>> | undefined {
    if (conditions === undefined || conditions.length === 0) return undefined;
    const out: Record<string, Record<string, pulumi.Input<string>[]>> = {};
    for (const c of conditions) (out[c.operator] ??= {})[c.key] = c.values;
    return out;
}

/** The name of the container that seeds a container's writable paths from its image. */
export function seedContainerName(container: string): string {
    return `${container}-seed`;
}

export const ULIMIT_NAMES = ["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"] as const;
/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export const DEFAULT_LOG_RETENTION_DAYS = 30;
/** Log retention in production mode (`protect`): Security Hub CloudWatch.16 asks for at least 365 days. */
export const PROD_LOG_RETENTION_DAYS = 365;
export const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
/** An environment variable name: letters, digits and "_", not starting with a digit. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+\*?$/;

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
        for (const key of ["command", "entryPoint", "ports", "writablePaths", "dependsOn", "ulimits"] as const) check.at("containers").at(i).at(key).list(c[key], key === "ports" ? "of ports" : key === "command" || key === "entryPoint" ? "of strings, e.g. [\"bin/worker\"]" : "");
        // A member of the wrong shape is reported; the other rules assume the shapes.
        if (check.problems.length === before) checkContainer(check.at("containers").at(i), c, spec, names);
        else misshapen = true;
    });
    if (misshapen) return;
    checkTaskWide(check.at("containers"), containers, spec);
}

function checkLogging(check: Check, l: ContainerLogging | undefined): void {
    if (l === undefined || !check.object(l, "ContainerLogging")) return;
    check.at("streamPrefix").matches(l.streamPrefix, /^[^:*]{1,256}$/, "a stream prefix without ':' or '*' (at most 256 characters)");
    check.at("mode").oneOf(l.mode, Object.values(LogMode));
    check.at("maxBufferSize").matches(l.maxBufferSize, /^\d+[kmg]$/, 'a size such as "25m" (a number with k, m or g)');
    if (l.maxBufferSize !== undefined && l.mode === "blocking") check.at("maxBufferSize").fail('is set, but mode is "blocking", which has no buffer');
    if (l.multilinePattern !== undefined && l.datetimeFormat !== undefined) check.fail("sets both multilinePattern and datetimeFormat; the awslogs driver takes one (datetimeFormat wins), so give one");
    if (l.multilinePattern !== undefined) {
        try {
            new RegExp(l.multilinePattern);
        } catch (e) {
            check.at("multilinePattern").fail(`is ${show(l.multilinePattern)}, which is not a regular expression (${(e as Error).message})`);
        }
    }
    if (l.datetimeFormat !== undefined && !/%[a-zA-Z]/.test(l.datetimeFormat)) check.at("datetimeFormat").fail(`is ${show(l.datetimeFormat)}; expected a strftime format such as "%Y-%m-%d %H:%M:%S"`);
    if (l.fireLens !== undefined && check.at("fireLens").object(l.fireLens, "FireLensOutput: name, options, secretOptions")) {
        const f = check.at("fireLens");
        f.at("name").matches(l.fireLens.name, /^[a-z][a-z0-9_.-]*$/, 'a Fluent Bit output such as "datadog", "kinesis_firehose" or "s3"');
        if (l.fireLens.options && "Name" in l.fireLens.options) f.at("options").at("Name").fail("is set; the output is fireLens.name");
        for (const [key, secret] of Object.entries(l.fireLens.secretOptions ?? {})) {
            if (l.fireLens.options && key in l.fireLens.options) f.at("secretOptions").at(key).fail("is also in options; a setting comes from one place only");
            checkSecretSpec(f.at("secretOptions").at(key), secret);
        }
        const awslogsOnly = (["streamPrefix", "multilinePattern", "datetimeFormat", "mode", "maxBufferSize"] as const).filter((k) => l[k] !== undefined);
        if (awslogsOnly.length > 0) check.fail(`sets ${awslogsOnly.join(", ")} and fireLens; those are awslogs settings, which a FireLens container does not use`);
    }
}

function checkContainer(check: Check, c: ContainerSpec, spec: FargateTaskSpec, names: string[]): void {
    checkLogging(check.at("logging"), c.logging);
    if (!check.at("name").matches(c.name, CONTAINER_NAME, "1-255 letters, digits, '-' or '_'")) {
        return;
    }
    if (c.image === undefined && spec.image === undefined) {
        check.at("image").fail("is missing; set the container's image or the task's image");
    }
    (c.ports ?? []).forEach((p, j) => checkPort(check.at("ports").at(j), p));
    if (c.healthCheck) {
        checkHealthCheck(check.at("healthCheck"), c.healthCheck);
    }
    check.at("stopTimeout").intRange(c.stopTimeout, 2, 120, "seconds (the Fargate maximum is 120)");
    check.at("startTimeout").intRange(c.startTimeout, 2, 120, "seconds");
    check.at("cpu").intRange(c.cpu, 0, spec.cpu, "CPU units (at most the task's cpu)");
    check.at("memory").intRange(c.memory, 6, spec.memory, "MiB (at most the task's memory)");
    check.at("memoryReservation").intRange(c.memoryReservation, 6, c.memory ?? spec.memory, "MiB");
    (c.writablePaths ?? []).forEach((p, j) => check.at("writablePaths").at(j).matches(p, /^\/[^\0]*$/, "an absolute path"));
    if (c.seedWritablePaths && (c.writablePaths ?? []).length === 0) {
        check.at("seedWritablePaths").fail("is true, but the container has no writablePaths to seed");
    }
    if (c.seedWritablePaths && names.includes(seedContainerName(c.name))) {
        check.at("seedWritablePaths").fail(`is true, which adds a container named ${show(seedContainerName(c.name))}, but the task already has one`);
    }
    checkEnvironment(check, c);
    (c.ulimits ?? []).forEach((u, j) => {
        const uc = check.at("ulimits").at(j);
        uc.at("name").oneOf(u.name, ULIMIT_NAMES);
        if (u.softLimit > u.hardLimit) {
            uc.fail(`softLimit ${u.softLimit} is above hardLimit ${u.hardLimit}`);
        }
    });
    if (c.repositoryCredentialsSecret !== undefined) {
        checkSecretsManagerRef(check.at("repositoryCredentialsSecret"), c.repositoryCredentialsSecret);
    }
    (c.dependsOn ?? []).forEach((d, j) => {
        const dc = check.at("dependsOn").at(j);
        dc.at("condition").oneOf(d.condition, Object.values(DependencyCondition));
        if (d.containerName === c.name) {
            dc.at("containerName").fail(`is ${show(d.containerName)}, the container itself`);
        } else if (!names.includes(d.containerName)) {
            dc.at("containerName").fail(`is ${show(d.containerName)}, which is not a container of this task; containers: ${names.map(show).join(", ")}`);
        }
    });
}

function checkPort(check: Check, p: PortSpec): void {
    check.at("containerPort").intRange(p.containerPort, 1, 65535);
    if (p.hostPort !== undefined && p.hostPort !== p.containerPort) {
        check.at("hostPort").fail(`is ${p.hostPort}, but Fargate uses awsvpc networking, where hostPort must equal containerPort (${p.containerPort}) or be left out`);
    }
    check.at("protocol").oneOf(p.protocol, Object.values(PortProtocol));
    check.at("appProtocol").oneOf(p.appProtocol, Object.values(AppProtocol));
}

function checkHealthCheck(check: Check, h: ContainerHealthCheck): void {
    const cmd = h.command ?? [];
    if (cmd.length < 2 || !["CMD", "CMD-SHELL"].includes(cmd[0])) {
        check.at("command").fail(`is ${show(h.command)}; allowed: ["CMD", "<executable>", …] or ["CMD-SHELL", "<shell command>"]`);
    }
    check.at("interval").intRange(h.interval, 5, 300, "seconds");
    check.at("timeout").intRange(h.timeout, 2, 60, "seconds (the container health check limit; 120 is the load balancer's)");
    check.at("retries").intRange(h.retries, 1, 10);
    check.at("startPeriod").intRange(h.startPeriod, 0, 300, "seconds");
}

function checkEnvironment(check: Check, c: ContainerSpec): void {
    for (const key of Object.keys(c.environment ?? {})) {
        check.at("environment").at(key).matches(key, ENV_NAME, "an environment variable name (letters, digits, '_', not starting with a digit)");
    }
    for (const [key, s] of Object.entries(c.secrets ?? {})) {
        const sc = check.at("secrets").at(key);
        sc.matches(key, ENV_NAME, "an environment variable name (letters, digits, '_', not starting with a digit)");
        if (c.environment && key in c.environment) {
            sc.fail(`is also set in environment; a variable comes from one place only`);
        }
        checkSecretSpec(sc, s);
    }
}

export function checkSecretSpec(check: Check, s: SecretSpec): void {
    const hasSm = s.secretsManager !== undefined;
    const hasSsm = s.ssmParameter !== undefined;
    if (hasSm === hasSsm) {
        check.fail("must set exactly one of secretsManager or ssmParameter");
        return;
    }
    if (hasSm) {
        checkSecretsManagerRef(check.at("secretsManager"), s.secretsManager);
        if (s.versionStage !== undefined && s.versionId !== undefined) {
            check.fail("sets both versionStage and versionId; ECS accepts only one");
        }
    } else {
        checkSsmParameterRef(check.at("ssmParameter"), s.ssmParameter);
        for (const k of ["jsonKey", "versionStage", "versionId"] as const) {
            if (s[k] !== undefined) {
                check.at(k).fail("applies only to secretsManager secrets");
            }
        }
    }
    if (s.kmsKeyArn !== undefined) {
        checkKmsKeyArn(check.at("kmsKeyArn"), s.kmsKeyArn);
    }
}

export function checkStatements(check: Check, statements: PolicyStatementSpec[]): void {
    statements.forEach((s, i) => {
        const sc = check.at(i);
        if (!s.actions || s.actions.length === 0) {
            sc.at("actions").fail("is empty");
        }
        (s.actions ?? []).forEach((a, j) => {
            if (a === "*" || a.endsWith(":*") || !IAM_ACTION.test(a)) {
                sc.at("actions").at(j).fail(`is ${show(a)}; allowed: a specific action such as "s3:GetObject" (wildcard actions break least privilege)`);
            }
        });
        if (!s.resources || s.resources.length === 0) {
            sc.at("resources").fail("is empty");
        }
        const anyResource = (s.resources ?? []).indexOf("*");
        if (anyResource >= 0) {
            const scoped = (s.actions ?? []).filter((a) => IAM_ACTION.test(a) && !authorizedOnAnyResource(a));
            if (scoped.length > 0) {
                sc.at("resources").at(anyResource).fail(
                    `is "*"; name the ARNs the app needs: AWS authorizes ${scoped.map((a) => show(a)).join(", ")} on a resource type${knownService(scoped[0]) ? "" : " (or does not know the service)"}, and "*" is only for actions with no resource type, such as "cloudwatch:PutMetricData" or "xray:PutTraceSegments" (put those in a statement of their own)`,
                );
            } else if (s.resources.length > 1) {
                sc.at("resources").fail(`lists "*" beside other resources; "*" already covers them: give "*" alone`);
            }
        }
        checkConditions(sc.at("conditions"), s.conditions);
    });
}

function checkConditions(check: Check, conditions: PolicyConditionSpec[] | undefined): void {
    if (!check.list(conditions, "of conditions ({ operator, key, values })")) return;
    const seen = new Set<string>();
    (conditions ?? []).forEach((c, i) => {
        const cc = check.at(i);
        if (!cc.object(c, "PolicyConditionSpec: operator, key, values")) return;
        if (typeof c.operator !== "string" || !isConditionOperator(c.operator)) {
            cc.at("operator").fail(`is ${show(c.operator)}; allowed: an IAM condition operator such as "StringEquals", "StringLike", "ArnLike", "Bool", "IpAddress", optionally with "ForAnyValue:"/"ForAllValues:" or "IfExists"`);
        }
        if (typeof c.key !== "string" || !CONDITION_KEY.test(c.key)) cc.at("key").fail(`is ${show(c.key)}; allowed: a condition key such as "cloudwatch:namespace" or "aws:SourceVpc"`);
        if (!Array.isArray(c.values) || c.values.length === 0) cc.at("values").fail("is empty; give at least one value");
        const id = `${c.operator}|${c.key}`;
        if (seen.has(id)) cc.fail(`repeats ${show(c.operator)} on ${show(c.key)}; put all its values in one condition (any one matches)`);
        seen.add(id);
    });
}

function checkTaskWide(check: Check, containers: ContainerSpec[], spec: FargateTaskSpec): void {
    const seen = new Map<string, number>();
    containers.forEach((c, i) => {
        if (seen.has(c.name)) {
            check.at(i).at("name").fail(`is ${show(c.name)}, already used by containers[${seen.get(c.name)}]; container names must be unique`);
        }
        seen.set(c.name, i);
    });
    if (!containers.some((c) => c.essential !== false)) {
        check.fail("has no essential container; at least one container must have essential: true (the default)");
    }
    // All containers share the task's network namespace, so two cannot listen on one port.
    const ports = new Map<number, string>();
    for (const c of containers) {
        for (const p of c.ports ?? []) {
            const owner = ports.get(p.containerPort);
            if (owner !== undefined) {
                check.fail(`port ${p.containerPort} is used by both ${show(owner)} and ${show(c.name)}; containers of a task share one network interface`);
            }
            ports.set(p.containerPort, c.name);
        }
    }
    const byName = new Map(containers.map((c) => [c.name, c]));
    containers.forEach((c, i) => {
        (c.dependsOn ?? []).forEach((d, j) => {
            const target = byName.get(d.containerName);
            if (!target) {
                return;
            }
            const dc = check.at(i).at("dependsOn").at(j);
            if ((d.condition === "COMPLETE" || d.condition === "SUCCESS") && target.essential !== false) {
                dc.fail(`waits for ${show(d.containerName)} to ${d.condition === "SUCCESS" ? "succeed" : "complete"}, but it is essential, so its exit stops the task; set essential: false on it`);
            }
            if (d.condition === "HEALTHY" && !target.healthCheck) {
                dc.fail(`waits for ${show(d.containerName)} to be HEALTHY, but it has no healthCheck`);
            }
        });
    });
    const cycle = findCycle(containers);
    if (cycle) {
        check.fail(`dependsOn forms a cycle: ${cycle.join(" -> ")}`);
    }
    sumAtMost(check, containers.map((c) => c.cpu), spec.cpu, "cpu", "CPU units");
    sumAtMost(check, containers.map((c) => c.memory ?? c.memoryReservation), spec.memory, "memory", "MiB");
}

function sumAtMost(check: Check, values: (number | undefined)[], limit: number, field: string, unit: string): void {
    const total = values.reduce<number>((a, v) => a + (v ?? 0), 0);
    if (total > limit) {
        check.fail(`containers reserve ${total} ${unit} of ${field} in total, more than the task's ${limit}`);
    }
}

function findCycle(containers: ContainerSpec[]): string[] | undefined {
    const edges = new Map(containers.map((c) => [c.name, (c.dependsOn ?? []).map((d) => d.containerName)]));
    const state = new Map<string, "visiting" | "done">();
    const stack: string[] = [];
    const visit = (n: string): string[] | undefined => {
        if (state.get(n) === "done") {
            return undefined;
        }
        if (state.get(n) === "visiting") {
            return [...stack.slice(stack.indexOf(n)), n];
        }
        state.set(n, "visiting");
        stack.push(n);
        for (const m of edges.get(n) ?? []) {
            if (edges.has(m)) {
                const found = visit(m);
                if (found) {
                    return found;
                }
            }
        }
        stack.pop();
        state.set(n, "done");
        return undefined;
    };
    for (const c of containers) {
        const found = visit(c.name);
        if (found) {
            return found;
        }
    }
    return undefined;
}

/** Returns a copy of `spec` with `command` set on the named container (or the first one). */
export function withCommand(spec: FargateTaskSpec, command: string[], containerName?: string): FargateTaskSpec {
    const target = containerName ?? spec.containers[0]?.name;
    return { ...spec, containers: spec.containers.map((c) => (c.name === target ? { ...c, command } : c)) };
}
