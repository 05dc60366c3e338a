import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarm } from "../internal/alarms";
import { IAM_PATH } from "../internal/iam";
import { namePrefix } from "../internal/names";
import { Check } from "../internal/validation";
import { TaskBuildOptions } from "../task/task-definition";
import { FargateTaskSpec } from "../task/task-spec";
import { ClusterInput, clusterArn, clusterConfiguration, clusterName } from "../internal/resource-inputs";
import { ServiceConnectArgs, checkServiceConnect, serviceConnectConfiguration } from "./service-connect";

/** What every fargate-kit service takes: where it runs, its task, and how it is operated. */
export interface ServiceBaseArgs {
    /**
     * The ECS cluster, e.g. `Cluster.cluster`, or an existing one via `aws.ecs.Cluster.get`. With a
     * fargate-kit `Cluster`, pass `{ dependsOn: [cluster] }` in the service's options: the ECS
     * service then waits for the cluster's FARGATE/FARGATE_SPOT capacity providers.
     */
    cluster: pulumi.Input<aws.ecs.Cluster>;
    /** The VPC of the subnets. */
    vpcId: pulumi.Input<string>;
    /** Subnets the tasks run in, e.g. `Network.taskSubnetIds`. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Give tasks a public IP. Needed only in public subnets without NAT (see `Network.assignPublicIp`).
     * Default: false.
     * @default false
     */
    assignPublicIp?: pulumi.Input<boolean> | undefined;
    /**
     * Extra security groups for the tasks, e.g. one that RDS or Redis already admits.
     * Default: only the service's own group.
     * @default - only the service's own group
     */
    securityGroupIds?: pulumi.Input<string>[] | undefined;
    /** The task: containers, sizes, image. The same schema for web services and workers. */
    task: FargateTaskSpec;
    /**
     * Allow `aws ecs execute-command` into the tasks (ECS Exec). Adds the SSM channel permissions to
     * the task role; incompatible with a read-only root filesystem.
     * Default: false.
     * @default false
     */
    enableExecuteCommand?: boolean | undefined;
    /**
     * Run tasks above `onDemandBaseTasks` on Fargate Spot (up to ~70 % cheaper, two-minute
     * interruption notice). Spot runs only X86_64 Linux tasks.
     * Default: false.
     * @default false
     */
    spot?: boolean | undefined;
    /**
     * With `spot`: tasks that always run on regular Fargate.
     * A whole number.
     * Default: 1.
     * @default 1
     */
    onDemandBaseTasks?: number | undefined;
    /**
     * With `spot`: percentage of the tasks above the base that run on Spot.
     * A whole number.
     * Default: 100.
     * @default 100
     */
    spotPercent?: number | undefined;
    /**
     * Production mode: protect stateful resources (log groups, queues, log bucket) from deletion,
     * turn on load-balancer deletion protection and access logs.
     * Default: false.
     * @default false
     */
    protect?: boolean | undefined;
    /**
     * Leave its stateful resources (log groups, queues, the access-log bucket) in AWS when it is removed from the stack or the stack is destroyed, independent
     * of \`protect\` (which only refuses the deletion): turning \`protect\` off to tear a stack down
     * then loses nothing it keeps.
     * Default: the value of \`protect\`.
     * @default - the value of \`protect\`
     */
    retainOnDelete?: boolean | undefined;
    /**
     * IAM path of the roles this service creates (task, execution and infrastructure roles). A
     * per-stack path lets a deploy role manage exactly the stack's roles (see `PulumiDeployments`).
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
     * ECS Service Connect: the Cloud Map namespace the service joins and the named ports it
     * publishes there; services of the namespace call them by name (`http://api:8080`). ECS adds a
     * proxy container to each task, which takes some of the task's CPU and memory.
     * Default: not in a namespace.
     * @default - not in a namespace
     */
    serviceConnect?: ServiceConnectArgs | undefined;
    /**
     * Tags for the service's resources (ECS propagates them to tasks).
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;
}

/** Checks the args every service shares. `path` of the task is `task`. */
/**
 * The nested settings of a service and the type each is: another Pulumi language (or a hand-built
 * object) can send a string where a map belongs, which would otherwise pass unnoticed.
 */
const NESTED_SETTINGS: Record<string, string> = {
    alarms: "alarm settings",
    healthCheck: "WebHealthCheckArgs",
    deployment: "WebDeploymentArgs",
    autoscaling: "WebAutoscalingArgs",
    scaling: "scaling settings",
    tags: "tag names to values",
    environment: "variable names to values",
};

export function checkServiceBaseArgs(check: Check, args: Omit<ServiceBaseArgs, "cluster" | "vpcId" | "subnetIds">): void {
    for (const [key, what] of Object.entries(NESTED_SETTINGS)) {
        const value = (args as Record<string, unknown>)[key];
        if (value !== undefined) check.at(key).object(value, what);
    }
    for (const key of ["securityGroupIds", "sendsTo", "paths", "aliases"]) check.at(key).list((args as Record<string, unknown>)[key], "of strings");
    const arch = args.task?.cpuArchitecture ?? "X86_64";
    if (args.spot && arch === "ARM64") {
        check.at("spot").fail('is true, but the task is ARM64; Fargate Spot runs only X86_64 Linux tasks. Use cpuArchitecture "X86_64" or turn spot off');
    }
    if (!args.spot && (args.onDemandBaseTasks !== undefined || args.spotPercent !== undefined)) {
        check.fail("onDemandBaseTasks and spotPercent apply only with spot: true");
    }
    check.at("onDemandBaseTasks").intRange(args.onDemandBaseTasks, 0, 100000);
    check.at("spotPercent").intRange(args.spotPercent, 1, 100, "percent");
    checkServiceConnect(check.at("serviceConnect"), args.serviceConnect, args.task);
    check.at("iamPath").matches(args.iamPath, IAM_PATH, 'an IAM path such as "/fargate-kit/shop/prod/" (starts and ends with "/")');
    if (args.enableExecuteCommand) {
        const readOnly = (args.task?.containers ?? []).filter((c) => c.readonlyRootFilesystem !== false).map((c) => c.name);
        if (readOnly.length > 0) {
            check.at("enableExecuteCommand").fail(
                `is true, but containers ${readOnly.map((n) => JSON.stringify(n)).join(", ")} have a read-only root filesystem (the default), where the ECS Exec agent cannot run; set readonlyRootFilesystem: false on them or turn exec off`,
            );
        }
    }
}


/** Capacity-provider strategy: all regular Fargate, or a regular base plus Spot above it. */
export function capacityStrategies(args: ServiceBaseArgs): aws.types.input.ecs.ServiceCapacityProviderStrategy[] {
    if (!args.spot) {
        return [{ capacityProvider: "FARGATE", weight: 1, base: 0 }];
    }
    const spotPercent = args.spotPercent ?? 100;
    const base = args.onDemandBaseTasks ?? 1;
    const onDemand = { capacityProvider: "FARGATE", weight: 100 - spotPercent, base };
    // An on-demand entry with neither base nor weight would place nothing.
    return [...(base > 0 || spotPercent < 100 ? [onDemand] : []), { capacityProvider: "FARGATE_SPOT", weight: spotPercent, base: 0 }];
}


/** The security group of the tasks, allowing all egress (image pulls, AWS APIs) and no ingress. */
export function taskSecurityGroup(name: string, vpcId: pulumi.Input<string>, parent: pulumi.Resource, tags?: Record<string, string>): aws.ec2.SecurityGroup {
    return new aws.ec2.SecurityGroup(
        `${name}-tasks`,
        {
            namePrefix: namePrefix(`${name}-tasks`, 100),
            vpcId,
            description: `Tasks of ${name}`,
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "Image pulls, AWS APIs and outbound calls of the app" }],
            tags,
        },
        { parent },
    );
}

/** The scalable target of a service's desired count. */
export function scalableTarget(name: string, service: aws.ecs.Service, cluster: ClusterInput, min: number, max: number, parent: pulumi.Resource, tags?: Record<string, string>): aws.appautoscaling.Target {
    return new aws.appautoscaling.Target(
        `${name}-scaling`,
        {
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: pulumi.interpolate`service/${clusterName(cluster)}/${service.name}`,
            minCapacity: min,
            maxCapacity: max,
            tags,
        },
        { parent },
    );
}

/**
 * Deployment settings of a service without a load balancer: rolling 100 %/200 %, the circuit
 * breaker rolls a failed deploy back, a `pulumi up` cancelled gracefully (one Ctrl-C: Pulumi waits
 * for what is in flight, and the provider stops the ECS deployment) rolls back too — a hard kill
 * (a second Ctrl-C, a killed CI job) does not: see docs/recovery.md, "When a deploy goes wrong" —, and
 * `forceNewDeployment` (the provider refuses to change a running service's capacity-provider
 * strategy without it).
 */
export const ROLLING_WORKER_DEPLOYMENT = {
    deploymentCircuitBreaker: { enable: true, rollback: true },
    deploymentMinimumHealthyPercent: 100,
    deploymentMaximumPercent: 200,
    deploymentConfiguration: { strategy: "ROLLING" },
    sigintRollback: true,
    forceNewDeployment: true,
} satisfies Partial<aws.ecs.ServiceArgs>;

/** A target-tracking policy on a service's scalable target; scale-in cooldown defaults slower than scale-out. */
export function targetTrackingPolicy(
    name: string,
    target: aws.appautoscaling.Target,
    cooldowns: { scaleInCooldownSeconds?: number; scaleOutCooldownSeconds?: number },
    config: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfiguration,
    parent: pulumi.Resource,
): aws.appautoscaling.Policy {
    return new aws.appautoscaling.Policy(
        name,
        {
            policyType: "TargetTrackingScaling",
            resourceId: target.resourceId,
            scalableDimension: target.scalableDimension,
            serviceNamespace: target.serviceNamespace,
            targetTrackingScalingPolicyConfiguration: { scaleInCooldown: cooldowns.scaleInCooldownSeconds ?? 300, scaleOutCooldown: cooldowns.scaleOutCooldownSeconds ?? 60, ...config },
        },
        { parent },
    );
}

/**
 * The `dependsOn` a service component was given, for its ECS service: the SDK does not pass a
 * component's dependencies on to its children, and the service is what must wait (e.g. for a
 * cluster's capacity providers).
 */
export function componentDependsOn(opts: pulumi.ComponentResourceOptions | undefined): pulumi.Input<pulumi.Resource>[] {
    const d = opts?.dependsOn;
    return d === undefined ? [] : Array.isArray(d) ? d : [d as pulumi.Input<pulumi.Resource>];
}

/** The cluster's ECS Exec KMS key, if sessions are encrypted with a customer key. */
function execKmsKeyId(cluster: ClusterInput): pulumi.Output<string | undefined> {
    return clusterConfiguration(cluster).apply((c) => c?.executeCommandConfiguration?.kmsKeyId || undefined);
}

/** The cluster's ECS Exec session log group, if it logs sessions to CloudWatch. */
function execLogGroupName(cluster: ClusterInput): pulumi.Output<string | undefined> {
    return clusterConfiguration(cluster).apply((c) => c?.executeCommandConfiguration?.logConfiguration?.cloudWatchLogGroupName);
}

/**
 * How every service's shared args shape its task: ECS Exec (with the cluster's session log group),
 * production mode, and what the service itself adds (stop timeout, permissions, environment).
 */
export function serviceTaskOptions(
    args: ServiceBaseArgs,
    defaultStopTimeout: number,
    extra: Pick<TaskBuildOptions, "serviceStatements" | "serviceEnvironment"> = {},
): TaskBuildOptions {
    return {
        defaultStopTimeout,
        enableExecuteCommand: args.enableExecuteCommand ?? false,
        execLogGroupName: execLogGroupName(args.cluster),
        execKmsKeyId: execKmsKeyId(args.cluster),
        iamPath: args.iamPath,
        protect: args.protect ?? false,
        retainOnDelete: args.retainOnDelete,
        permissionsBoundary: args.permissionsBoundary,
        tags: args.tags,
        ...extra,
    };
}

/** Settings of `aws.ecs.Service` shared by every fargate-kit service. */
export function baseServiceArgs(args: ServiceBaseArgs, taskDefinition: aws.ecs.TaskDefinition, securityGroup: aws.ec2.SecurityGroup, logGroup?: aws.cloudwatch.LogGroup, parent?: pulumi.Resource): aws.ecs.ServiceArgs {
    return {
        cluster: clusterArn(args.cluster),
        taskDefinition: taskDefinition.arn,
        capacityProviderStrategies: capacityStrategies(args),
        platformVersion: "LATEST",
        networkConfiguration: {
            subnets: args.subnetIds,
            securityGroups: [securityGroup.id, ...(args.securityGroupIds ?? [])],
            assignPublicIp: args.assignPublicIp ?? false,
        },
        deploymentController: { type: "ECS" },
        enableExecuteCommand: args.enableExecuteCommand ?? false,
        propagateTags: "SERVICE",
        enableEcsManagedTags: true,
        availabilityZoneRebalancing: "ENABLED",
        // `pulumi up` returns only when the new tasks are healthy, or fails when the circuit
        // breaker rolls back: a deploy that is "done" is done.
        waitForSteadyState: true,
        serviceConnectConfiguration: args.serviceConnect && logGroup && parent ? serviceConnectConfiguration(args.serviceConnect, args.task, logGroup, parent) : undefined,
        tags: args.tags,
    };
}

/**
 * Alarms when the service keeps running fewer tasks than it wants for `minutes`: a crash loop,
 * an image that cannot be pulled, a secret that cannot be read. Needs Container Insights.
 */
export function tasksNotRunningAlarm(
    name: string,
    cluster: ClusterInput,
    service: aws.ecs.Service,
    minutes: number,
    actions: pulumi.Input<string>[],
    parent: pulumi.Resource,
    tags?: Record<string, string>,
): aws.cloudwatch.MetricAlarm {
    const dims = { ClusterName: clusterName(cluster), ServiceName: service.name };
    const metric = (id: string, metricName: string) => ({
        id,
        returnData: false,
        metric: { namespace: "ECS/ContainerInsights", metricName, dimensions: dims, period: 60, stat: "Average" },
    });
    return alarm(
        `${name}-not-running`,
        {
            description: `${name} has run fewer tasks than desired for ${minutes} minutes (crash loop, image pull or secret failure)`,
            threshold: 0,
            periods: minutes,
            metricQueries: [
                metric("desired", "DesiredTaskCount"),
                metric("running", "RunningTaskCount"),
                { id: "missing", expression: "FILL(desired, 0) - FILL(running, 0)", label: "Tasks not running", returnData: true },
            ],
            tags,
        },
        actions,
        parent,
    );
}
