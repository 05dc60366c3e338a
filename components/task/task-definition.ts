import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsLocation, awsLocation, ecrRepositoryArnOfImage, resolveSecretArn, ssmParameterArn } from "../internal/arns";
import { InputStatement, Statement, policyDocument, renderPolicy, serviceTrustPolicy } from "../internal/iam";
import { namePrefix } from "../internal/names";
import { ValidationError } from "../internal/validation";
import { BOUNDARY_FORBIDDEN_SERVICES, boundaryForbids } from "../internal/boundary";
import { ContainerSpec, DEFAULT_LOG_RETENTION_DAYS, FargateTaskSpec, PROD_LOG_RETENTION_DAYS, SecretSpec, conditionBlock, seedContainerName } from "./task-spec";
import { LOG_ROUTER_MEMORY_RESERVATION } from "./logging";
import { writableVolumeName } from "./volumes";
import { createLogSubscriptions } from "./log-routing";
import { efsStatements, efsVolumeConfiguration } from "./efs-volumes";

/** What a service adds to a task spec when it builds the task definition. */
export interface TaskBuildOptions {
    /** Stop timeout for containers that do not set one (seconds, 2–120). */
    defaultStopTimeout: number;
    /** Adds the ECS Exec permissions to the task role. */
    enableExecuteCommand: boolean;
    /** The cluster's ECS Exec session log group, which the task role must be able to write. */
    execLogGroupName?: pulumi.Input<string | undefined> | undefined;
    /** The cluster's ECS Exec KMS key: the task role must be able to decrypt with it. */
    execKmsKeyId?: pulumi.Input<string | undefined> | undefined;
    /** Task-role permissions the service itself needs (queue access, task protection…). */
    serviceStatements?: InputStatement[] | undefined;
    /** Plain environment variables the service injects into every essential container. */
    serviceEnvironment?: Record<string, pulumi.Input<string>> | undefined;
    /**
     * IAM path of the task and execution roles.
     * Default: "/".
     * @default "/"
     */
    iamPath?: string | undefined;
    /**
     * Tags of the task definition, its roles and its log group.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;
    /** Production mode: protect the log group from deletion and keep logs a year by default. */
    protect: boolean;
    /** Leave the log group in AWS when it leaves the stack (default: the value of `protect`). */
    retainOnDelete?: boolean | undefined;
    /** Permissions boundary of the task and execution roles. */
    permissionsBoundary?: pulumi.Input<string> | undefined;
}

/** The children that make up one Fargate task definition. */
export interface FargateTaskResources {
    taskDefinition: aws.ecs.TaskDefinition;
    executionRole: aws.iam.Role;
    taskRole: aws.iam.Role;
    logGroup: aws.cloudwatch.LogGroup;
}

/** ECS Exec channels, granted on "*" because Session Manager offers no resource ARN. */
const EXEC_STATEMENT: Statement = {
    Sid: "EcsExec",
    Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
    Resource: ["*"],
};

/** ECS Exec: the session channels, writing session logs to the cluster's log group, and its KMS key (if it has them). */
function execStatements(logGroupName: pulumi.Input<string | undefined> | undefined, kmsKeyId: pulumi.Input<string | undefined> | undefined, where: pulumi.Output<AwsLocation>): InputStatement[] {
    const group = pulumi.all([pulumi.output(logGroupName), where]).apply(([n, loc]) => (n ? [`arn:${loc.partition}:logs:${loc.region}:${loc.accountId}:log-group:${n}:*`] : []));
    return [
        EXEC_STATEMENT,
        { Sid: "EcsExecLogs", Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"], Resource: group },
        { Sid: "EcsExecLogGroups", Action: ["logs:DescribeLogGroups"], Resource: group.apply((g) => (g.length > 0 ? ["*"] : [])) },
        // With a customer key on the cluster's exec configuration, the agent decrypts the session with it.
        { Sid: "EcsExecKms", Action: ["kms:Decrypt"], Resource: pulumi.output(kmsKeyId).apply((k) => (k ? [k] : [])) },
    ];
}

/**
 * Builds the task definition for a validated spec, with its execution role (pull the image, read
 * exactly the referenced secrets, write logs), task role (what the app and service need) and log
 * group. Children are named `${name}-…` and parented to `parent`, so they show under the service.
 */
export function createFargateTask(name: string, spec: FargateTaskSpec, options: TaskBuildOptions, parent: pulumi.Resource): FargateTaskResources {
    refuseWhatTheBoundaryCuts(name, spec, options);
    const opts = { parent };
    const where = awsLocation(parent);
    const retainOpts = { parent, protect: options.protect, retainOnDelete: options.retainOnDelete ?? options.protect };

    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-logs`,
        {
            name: `/ecs/${pulumi.getProject()}-${pulumi.getStack()}/${name}`,
            // Prod keeps a year (Security Hub CloudWatch.16's default); elsewhere a month.
            retentionInDays: spec.logRetentionDays ?? (options.protect ? PROD_LOG_RETENTION_DAYS : DEFAULT_LOG_RETENTION_DAYS),
            kmsKeyId: spec.logKmsKeyArn,
            tags: options.tags,
        },
        retainOpts,
    );

    createLogSubscriptions(name, spec.logSubscriptions ?? [], logGroup, where, { iamPath: options.iamPath, permissionsBoundary: options.permissionsBoundary, tags: options.tags }, parent);

    const executionRole = new aws.iam.Role(
        `${name}-execution`,
        {
            namePrefix: namePrefix(`${name}-execution`, 38),
            description: `ECS pulls the image, reads the secrets and writes the logs of ${name}`,
            path: options.iamPath,
            permissionsBoundary: options.permissionsBoundary,
            assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com", where.accountId),
            tags: options.tags,
        },
        opts,
    );
    new aws.iam.RolePolicy(`${name}-execution`, { role: executionRole.name, policy: executionPolicy(spec, logGroup, where, parent) }, opts);

    const taskRole = new aws.iam.Role(
        `${name}-task`,
        {
            namePrefix: namePrefix(`${name}-task`, 38),
            description: `What the containers of ${name} may call`,
            path: options.iamPath,
            permissionsBoundary: options.permissionsBoundary,
            assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com", where.accountId),
            tags: options.tags,
        },
        opts,
    );
    const taskStatements: InputStatement[] = [
        ...(options.serviceStatements ?? []),
        ...(spec.taskRoleStatements ?? []).map((s, i) => ({ Sid: `App${i}`, Action: s.actions, Resource: s.resources, Condition: conditionBlock(s.conditions) })),
        ...(options.enableExecuteCommand ? execStatements(options.execLogGroupName, options.execKmsKeyId, where) : []),
        ...efsStatements(spec, where),
    ];
    // IAM rejects a policy without statements, so a task that needs no AWS access gets none.
    if (taskStatements.length > 0) {
        new aws.iam.RolePolicy(`${name}-task`, { role: taskRole.name, policy: policyDocument(taskStatements) }, opts);
    }

    const containers = withLogRouter(spec, withSeedContainers(spec.containers.map((c) => (c.stopTimeout === undefined ? { ...c, stopTimeout: options.defaultStopTimeout } : c))));
    const taskDefinition = new aws.ecs.TaskDefinition(
        `${name}-task`,
        {
            family: `${pulumi.getProject()}-${pulumi.getStack()}-${name}`,
            // A new revision leaves the previous one registered: after a failed deploy ECS's
            // circuit breaker rolls the service back to it, and a rollback by tag re-runs it — a
            // deregistered (INACTIVE) revision can no longer start new tasks.
            skipDestroy: true,
            requiresCompatibilities: ["FARGATE"],
            networkMode: "awsvpc",
            cpu: String(spec.cpu),
            memory: String(spec.memory),
            runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: spec.cpuArchitecture ?? "X86_64" },
            ephemeralStorage: spec.ephemeralStorageGiB !== undefined ? { sizeInGib: spec.ephemeralStorageGiB } : undefined,
            executionRoleArn: executionRole.arn,
            taskRoleArn: taskRole.arn,
            volumes: [...writableVolumes(containers).map((v) => ({ name: v.volume })), ...(spec.volumes ?? []).map((v) => ({ name: v.name, efsVolumeConfiguration: v.efs && efsVolumeConfiguration(v.efs) }))],
            containerDefinitions: containerDefinitions(name, spec, containers, options, logGroup, where, parent),
            tags: options.tags,
        },
        opts,
    );
    return { taskDefinition, executionRole, taskRole, logGroup };
}

/** A container's writable paths and the task-scoped volumes that back them. */
function volumesOf(c: ContainerSpec): { container: string; path: string; volume: string }[] {
    return (c.writablePaths ?? []).map((path, i) => ({ container: c.name, path, volume: writableVolumeName(c.name, i) }));
}

/** Task-scoped volumes backing each container's `writablePaths` (seed containers mount their owner's). */
function writableVolumes(containers: ContainerSpec[]): { container: string; path: string; volume: string }[] {
    return containers.filter((c) => !isSeed(c)).flatMap(volumesOf);
}

/** Where a seed container mounts the volume it fills: not at the real path, which must show the image's content. */
const SEED_MOUNT = "/fargate-kit-seed";
const SEED_OF = Symbol("seedOf");
type SeedContainer = ContainerSpec & { [SEED_OF]: ContainerSpec };
const isSeed = (c: ContainerSpec): c is SeedContainer => SEED_OF in c;
const shellQuote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * For each container with `seedWritablePaths`, a non-essential `<name>-seed` container from the
 * same image that copies the image's content at each writable path into its (empty, root-owned)
 * volume and hands it to the container's user; the container starts only once that succeeded.
 */
function withSeedContainers(containers: ContainerSpec[]): ContainerSpec[] {
    return containers.flatMap((c) => {
        if (!c.seedWritablePaths || (c.writablePaths ?? []).length === 0) return [c];
        const steps = volumesOf(c).map((v, i) => {
            const from = shellQuote(v.path);
            const to = shellQuote(`${SEED_MOUNT}/${i}`);
            // `cp -a src/. dst/` copies the content and the directory's own mode and owner (e.g. /tmp's 1777).
            return `if [ -d ${from} ]; then cp -a ${from}/. ${to}/; fi${c.user ? `; chown -R ${shellQuote(c.user)} ${to}` : ""}`;
        });
        const seed: SeedContainer = {
            name: seedContainerName(c.name),
            image: c.image,
            essential: false,
            entryPoint: ["sh", "-c"],
            command: [["set -e", ...steps].join("; ")],
            user: "0",
            readonlyRootFilesystem: true,
            initProcessEnabled: false,
            stopTimeout: 2,
            [SEED_OF]: c,
        };
        const seeded: ContainerSpec = { ...c, dependsOn: [{ containerName: seed.name, condition: "SUCCESS" }, ...(c.dependsOn ?? [])] };
        return [seeded, seed];
    });
}

/** The FireLens log router, AWS for Fluent Bit unless the task names another image. */
export const LOG_ROUTER_IMAGE = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable";
export const LOG_ROUTER_NAME = "log-router";
const LOG_ROUTER = Symbol("logRouter");
const isLogRouter = (c: ContainerSpec) => LOG_ROUTER in c;

/**
 * With a container sending its logs through FireLens, the task gets the Fluent Bit router
 * (essential: without it those logs would be lost) and those containers start after it.
 */
function withLogRouter(spec: FargateTaskSpec, containers: ContainerSpec[]): ContainerSpec[] {
    if (!containers.some((c) => c.logging?.fireLens)) return containers;
    const router = {
        name: LOG_ROUTER_NAME,
        image: spec.logRouterImage ?? LOG_ROUTER_IMAGE,
        essential: true,
        user: "0",
        // Fluent Bit writes its generated configuration and buffers in its own filesystem.
        readonlyRootFilesystem: false,
        cpu: spec.logRouter?.cpu,
        memory: spec.logRouter?.memory,
        memoryReservation: spec.logRouter?.memoryReservation ?? LOG_ROUTER_MEMORY_RESERVATION,
        stopTimeout: 10,
        // The router carries its configuration file (or true) under the marker.
        [LOG_ROUTER]: spec.logRouter?.configFile ?? true,
    } as ContainerSpec;
    const routed = containers.map((c) => (c.logging?.fireLens ? { ...c, dependsOn: [{ containerName: LOG_ROUTER_NAME, condition: "START" as const }, ...(c.dependsOn ?? [])] } : c));
    return [...routed, router];
}

interface ResolvedSecret {
    valueFrom: string;
    grant: string;
    action: "secretsmanager:GetSecretValue" | "ssm:GetParameters";
}

/**
 * Each secret's `valueFrom` and grant. Secrets Manager references resolve to the secret's full ARN
 * (see `resolveSecretArn`); SSM parameters to their ARN.
 */
function resolveSecrets(secrets: SecretSpec[], where: pulumi.Output<AwsLocation>, parent: pulumi.Resource): pulumi.Output<ResolvedSecret[]> {
    return pulumi.all(
        secrets.map((s) => {
            if (s.secretsManager !== undefined) {
                const suffix = s.jsonKey || s.versionStage || s.versionId ? `:${s.jsonKey ?? ""}:${s.versionStage ?? ""}:${s.versionId ?? ""}` : "";
                return resolveSecretArn(s.secretsManager, parent).apply((arn): ResolvedSecret => ({ valueFrom: `${arn}${suffix}`, grant: arn, action: "secretsmanager:GetSecretValue" }));
            }
            return pulumi.all([pulumi.output(s.ssmParameter!), where]).apply(([ref, loc]): ResolvedSecret => {
                const arn = ssmParameterArn(ref, loc);
                return { valueFrom: arn, grant: arn, action: "ssm:GetParameters" };
            });
        }),
    );
}

function executionPolicy(spec: FargateTaskSpec, logGroup: aws.cloudwatch.LogGroup, where: pulumi.Output<AwsLocation>, parent: pulumi.Resource): pulumi.Output<string> {
    // The FireLens router's image is pulled with the same role (e.g. a copy in the account's ECR).
    const routerImages = spec.containers.some((c) => c.logging?.fireLens) ? [spec.logRouterImage ?? LOG_ROUTER_IMAGE] : [];
    const images = [...spec.containers.map((c) => c.image ?? spec.image ?? ""), ...routerImages];
    const secrets = spec.containers.flatMap((c) => [...Object.values(c.secrets ?? {}), ...Object.values(c.logging?.fireLens?.secretOptions ?? {})]);
    const credentials = spec.containers.flatMap((c) => (c.repositoryCredentialsSecret !== undefined ? [resolveSecretArn(c.repositoryCredentialsSecret, parent)] : []));
    const kmsKeys = secrets.flatMap((s) => (s.kmsKeyArn !== undefined ? [s.kmsKeyArn] : []));
    return pulumi
        .all([where, logGroup.arn, pulumi.all(images), resolveSecrets(secrets, where, parent), pulumi.all(credentials), pulumi.all(kmsKeys)])
        .apply(([loc, logArn, imgs, resolved, creds, keys]) => {
            const repos = imgs.map((i) => ecrRepositoryArnOfImage(i, loc.partition)).filter((r): r is string => r !== undefined);
            const statements: Statement[] = [
                { Sid: "WriteLogs", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${logArn}:*`] },
                { Sid: "EcrLogin", Action: ["ecr:GetAuthorizationToken"], Resource: repos.length > 0 ? ["*"] : [] },
                { Sid: "PullImage", Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], Resource: repos },
                {
                    Sid: "ReadSecrets",
                    Action: ["secretsmanager:GetSecretValue"],
                    Resource: [...resolved.filter((r) => r.action === "secretsmanager:GetSecretValue").map((r) => r.grant), ...creds],
                },
                { Sid: "ReadParameters", Action: ["ssm:GetParameters"], Resource: resolved.filter((r) => r.action === "ssm:GetParameters").map((r) => r.grant) },
                { Sid: "DecryptSecrets", Action: ["kms:Decrypt"], Resource: keys },
            ];
            return renderPolicy(statements);
        });
}

/** Fails the deploy, with a clear message, when a Pulumi secret reaches a plain environment variable. */
function refuseSecretEnvironment(name: string, containers: ContainerSpec[], extra: Record<string, pulumi.Input<string>>): pulumi.Output<void> {
    const checks = containers.flatMap((c) =>
        Object.entries({ ...extra, ...(c.environment ?? {}) }).map(([key, value]) =>
            pulumi.isSecret(pulumi.output(value)).then((secret) => (secret ? `${c.name}.environment.${key}` : undefined)),
        ),
    );
    return pulumi.output(Promise.all(checks)).apply((found) => {
        const leaks = found.filter((f): f is string => f !== undefined);
        if (leaks.length > 0) {
            throw new ValidationError(
                `task "${name}"`,
                leaks.map((path) => ({ path, message: "is a Pulumi secret; a plain environment variable would store it in clear text in the task definition, so put it in Secrets Manager or SSM and reference it under secrets" })),
            );
        }
    });
}

function containerDefinitions(
    name: string,
    spec: FargateTaskSpec,
    containers: ContainerSpec[],
    options: TaskBuildOptions,
    logGroup: aws.cloudwatch.LogGroup,
    where: pulumi.Output<AwsLocation>,
    parent: pulumi.Resource,
): pulumi.Output<string> {
    const serviceEnv = options.serviceEnvironment ?? {};
    const volumes = writableVolumes(containers);
    const guard = refuseSecretEnvironment(name, containers, serviceEnv);
    const perContainer = containers.map((c) => {
        const env = { ...(c.essential !== false && !isLogRouter(c) ? serviceEnv : {}), ...(c.environment ?? {}) };
        const secretEntries = Object.entries(c.secrets ?? {});
        const logSecretEntries = Object.entries(c.logging?.fireLens?.secretOptions ?? {});
        return pulumi
            .all([
                c.image ?? spec.image ?? "",
                pulumi.all(env),
                resolveSecrets(secretEntries.map(([, s]) => s), where, parent),
                resolveSecrets(logSecretEntries.map(([, s]) => s), where, parent),
                c.repositoryCredentialsSecret !== undefined ? resolveSecretArn(c.repositoryCredentialsSecret, parent) : "",
                where,
                logGroup.name,
            ])
            .apply(([image, resolvedEnv, resolved, resolvedLogSecrets, credentials, loc, logGroupName]) =>
                containerDefinition(c, {
                    image,
                    environment: resolvedEnv,
                    secrets: secretEntries.map(([key], i) => ({ name: key, valueFrom: resolved[i].valueFrom })),
                    credentials: credentials || undefined,
                    mounts: isSeed(c)
                        ? volumesOf(c[SEED_OF]).map((v, i) => ({ ...v, path: `${SEED_MOUNT}/${i}` }))
                        : [...volumes.filter((v) => v.container === c.name), ...(c.mounts ?? []).map((m) => ({ path: m.path, volume: m.volume, readOnly: m.readOnly }))],
                    log: { group: logGroupName, region: loc.region, prefix: name, secretOptions: logSecretEntries.map(([key], i) => ({ name: key, valueFrom: resolvedLogSecrets[i].valueFrom })) },
                }),
            );
    });
    return pulumi.all([guard, pulumi.all(perContainer)]).apply(([, defs]) => JSON.stringify(defs));
}

interface ResolvedContainer {
    image: string;
    environment: Record<string, string>;
    secrets: { name: string; valueFrom: string }[];
    credentials?: string;
    mounts: { path: string; volume: string; readOnly?: boolean }[];
    log: { group: string; region: string; prefix: string; secretOptions: { name: string; valueFrom: string }[] };
}

/** FireLens: the router forwards the container's output to a Fluent Bit output. */
function fireLens(out: NonNullable<NonNullable<ContainerSpec["logging"]>["fireLens"]>, secretOptions: { name: string; valueFrom: string }[]): Record<string, unknown> {
    return { logDriver: "awsfirelens", options: { Name: out.name, ...(out.options ?? {}) }, ...(secretOptions.length > 0 ? { secretOptions } : {}) };
}

/** The awslogs driver's options: the task's log group, the container's prefix, mode and event boundaries. */
function awslogs(c: ContainerSpec, log: ResolvedContainer["log"]): Record<string, unknown> {
    const l = c.logging ?? {};
    const mode = l.mode ?? "non-blocking";
    const options: Record<string, string | undefined> = {
        "awslogs-group": log.group,
        "awslogs-region": log.region,
        "awslogs-stream-prefix": l.streamPrefix ?? log.prefix,
        "awslogs-multiline-pattern": l.multilinePattern,
        "awslogs-datetime-format": l.datetimeFormat,
        mode,
        "max-buffer-size": mode === "non-blocking" ? (l.maxBufferSize ?? "25m") : undefined,
    };
    return { logDriver: "awslogs", options: Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
}

/** `KernelCapabilities` with only the lists given, so a container without them keeps its JSON unchanged. */
function capabilities(c: ContainerSpec): { add?: string[]; drop?: string[] } | undefined {
    const add = c.capabilities?.add ?? [];
    const drop = c.capabilities?.drop ?? [];
    if (add.length === 0 && drop.length === 0) return undefined;
    return { ...(add.length > 0 ? { add } : {}), ...(drop.length > 0 ? { drop } : {}) };
}

/** One entry of `containerDefinitions`, in the ECS API's `ContainerDefinition` shape. */
function containerDefinition(c: ContainerSpec, r: ResolvedContainer): Record<string, unknown> {
    const marker = isLogRouter(c) ? (c as unknown as Record<symbol, string | true>)[LOG_ROUTER] : undefined;
    const routerConfigFile = typeof marker === "string" ? marker : undefined;
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    const def: Record<string, unknown> = {
        name: c.name,
        image: r.image,
        essential: c.essential ?? true,
        command: c.command,
        entryPoint: c.entryPoint,
        workingDirectory: c.workingDirectory,
        user: c.user,
        cpu: c.cpu,
        memory: c.memory,
        memoryReservation: c.memoryReservation,
        portMappings: (c.ports ?? []).map((p) => ({
            containerPort: p.containerPort,
            hostPort: p.containerPort,
            protocol: p.protocol ?? "tcp",
            name: p.name,
            appProtocol: p.appProtocol,
        })),
        environment: Object.entries(r.environment)
            .map(([name, value]) => ({ name, value }))
            .sort(byName),
        secrets: [...r.secrets].sort(byName),
        healthCheck: c.healthCheck && {
            command: c.healthCheck.command,
            interval: c.healthCheck.interval ?? 10,
            timeout: c.healthCheck.timeout ?? 5,
            retries: c.healthCheck.retries ?? 3,
            startPeriod: c.healthCheck.startPeriod ?? 0,
        },
        dependsOn: c.dependsOn?.map((d) => ({ containerName: d.containerName, condition: d.condition })),
        ulimits: c.ulimits,
        readonlyRootFilesystem: c.readonlyRootFilesystem ?? true,
        mountPoints: r.mounts.map((m) => ({ sourceVolume: m.volume, containerPath: m.path, readOnly: m.readOnly ?? false })),
        stopTimeout: c.stopTimeout,
        startTimeout: c.startTimeout,
        linuxParameters: { initProcessEnabled: c.initProcessEnabled ?? true, capabilities: capabilities(c) },
        repositoryCredentials: r.credentials ? { credentialsParameter: r.credentials } : undefined,
        dockerLabels: c.dockerLabels,
        logConfiguration: c.logging?.fireLens ? fireLens(c.logging.fireLens, r.log.secretOptions) : awslogs(c, isLogRouter(c) ? { ...r.log, prefix: "firelens" } : r.log),
        firelensConfiguration: isLogRouter(c) ? { type: "fluentbit", options: { "enable-ecs-log-metadata": "true", ...(routerConfigFile ? { "config-file-type": "file", "config-file-value": routerConfigFile } : {}) } } : undefined,
    };
    // Drop unset members so the JSON matches what ECS stores and diffs stay quiet.
    for (const key of Object.keys(def)) {
        const v = def[key];
        if (v === undefined || (Array.isArray(v) && v.length === 0 && key !== "portMappings")) {
            delete def[key];
        }
    }
    return def;
}

/**
 * With a permissions boundary (a stack's, from PulumiDeployments), a task-role statement of IAM,
 * STS, Organizations or account actions would be cut at run time: refused before anything exists.
 */
function refuseWhatTheBoundaryCuts(name: string, spec: FargateTaskSpec, options: TaskBuildOptions): void {
    if (options.permissionsBoundary === undefined) return;
    const problems = (spec.taskRoleStatements ?? []).flatMap((st, i) =>
        st.actions
            .map((action, j) => ({ action, j }))
            .filter(({ action }) => boundaryForbids(action))
            .map(({ action, j }) => ({ path: `task.taskRoleStatements[${i}].actions[${j}]`, message: `is ${JSON.stringify(action)}, which the permissions boundary never allows a task role (no ${BOUNDARY_FORBIDDEN_SERVICES.join(", ")} actions)` })),
    );
    if (problems.length > 0) throw new ValidationError(`${name}`, problems);
}
