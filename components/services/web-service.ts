import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarm } from "../internal/alarms";
import { SharedLoadBalancer } from "../platform/load-balancer";
import { namePrefix } from "../internal/names";
import { attachToLoadBalancer, WebAttachment } from "./web-routing";
import { checkPlacement, claimRoutes, ownDomainNames, routeUrl } from "./web-placement";
import { estimateRollout, RolloutEstimate, serviceTimeouts } from "../internal/rollout";
import { serviceTrustPolicy } from "../internal/iam";
import { baseServiceArgs, componentDependsOn, scalableTarget, serviceTaskOptions, targetTrackingPolicy, taskSecurityGroup, tasksNotRunningAlarm } from "./service-base";
import { alarmTopic } from "../internal/alarms";
import { createScalingSignals } from "./scaling-signals";
import { createFargateTask, FargateTaskResources } from "../task/task-definition";
import { FargateWebServiceArgs, LoadBalancerAttachment, normalizeWebServiceArgs, webRoute, WebSettings } from "./web-service-args";
import { clusterName } from "../internal/resource-inputs";

/** The shared load balancer a service joined or made: kept off the class, whose properties are its outputs. */
const joined = new WeakMap<FargateWebService, LoadBalancerAttachment>();

/**
 * A web app on Fargate behind an Application Load Balancer (internet-facing, or internal with `public: false`).
 *
 * Safe by default — circuit breaker with rollback, 100 %/200 % rolling, `pulumi up` waits for
 * healthy tasks, tasks reachable only from the load balancer, TLS 1.3 policy, invalid headers
 * dropped — and fast: health checks every 5 s with a healthy threshold of 2 and a drain equal to
 * `maxRequestSeconds` (30 s) make a rolling wave ~70 s instead of ~480 s with AWS's defaults.
 *
 * @example
 * // nginx in front of php-fpm (Laravel), HTTPS on a domain
 * const web = new FargateWebService("web", {
 *     cluster: cluster.cluster, vpcId: network.vpcId,
 *     subnetIds: network.taskSubnetIds, assignPublicIp: network.assignPublicIp,
 *     loadBalancerSubnetIds: network.publicSubnetIds,
 *     domainName: "app.example.com", hostedZoneName: "example.com",
 *     healthCheck: { path: "/up" },
 *     task: {
 *         image: repo.imageUri, cpu: 512, memory: 1024,
 *         containers: [
 *             { name: "nginx", image: "public.ecr.aws/nginx/nginx:1.27", ports: [{ containerPort: 8080 }],
 *               dependsOn: [{ containerName: "php", condition: "HEALTHY" }], writablePaths: ["/var/cache/nginx", "/tmp"] },
 *             { name: "php", healthCheck: { command: ["CMD-SHELL", "php-fpm-healthcheck"] }, writablePaths: ["/var/www/storage"] },
 *         ],
 *     },
 * });
 */
export class FargateWebService extends pulumi.ComponentResource {
    readonly service: aws.ecs.Service;
    readonly taskDefinition: aws.ecs.TaskDefinition;
    readonly taskRole: aws.iam.Role;
    readonly executionRole: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly loadBalancer: pulumi.Output<aws.lb.LoadBalancer>;
    readonly targetGroup: aws.lb.TargetGroup;
    /** The green target group of BLUE_GREEN/CANARY/LINEAR deployments. */
    readonly alternateTargetGroup: aws.lb.TargetGroup | undefined;
    /** The target groups of `additionalTargets`, by target name. */
    readonly additionalTargetGroups: Record<string, aws.lb.TargetGroup>;
    readonly listener: pulumi.Output<aws.lb.Listener>;
    /** The service's rule on the listener. */
    readonly listenerRule: aws.lb.ListenerRule;
    readonly loadBalancerSecurityGroup: pulumi.Output<aws.ec2.SecurityGroup>;
    readonly taskSecurityGroup: aws.ec2.SecurityGroup;
    /** Alarms by purpose (serverErrors, unhealthyHosts, p95, p99, cpu, memory, notRunning; `serverErrors:<target>` and `unhealthyHosts:<target>` per additional target). */
    readonly alarms: Record<string, aws.cloudwatch.MetricAlarm>;
    /** `https://<domain>` or `http://<load balancer DNS name>`. */
    readonly url: pulumi.Output<string>;
    /** Modelled duration of a deploy with these settings (see `components/internal/rollout.ts`). */
    readonly rolloutEstimate: RolloutEstimate;

    constructor(name: string, args: FargateWebServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers: a refused input creates nothing, not even the component.
        const shared = args.loadBalancer !== undefined;
        const s = normalizeWebServiceArgs(name, args, shared);
        checkPlacement(name, args, s);
        const route = webRoute(name, args, shared);
        const testPort = s.strategy !== "ROLLING" ? args.deployment?.testListenerPort : undefined;
        // On a shared load balancer the routes are claimed now, against its other services' (all or none).
        const sharedClaim = args.loadBalancer !== undefined ? claimRoutes(args.loadBalancer, route, s, name, testPort) : undefined;
        super("fargate-kit:index:FargateWebService", name, {}, opts);
        this.taskSecurityGroup = taskSecurityGroup(name, args.vpcId, this, args.tags);
        const onLoadBalancer = args.loadBalancer ?? this.createOwnLoadBalancer(name, args, s);
        joined.set(this, onLoadBalancer);
        this.loadBalancer = pulumi.output(onLoadBalancer.loadBalancer);
        // A load balancer of its own has no other routes: what could clash was checked with the args.
        const { priority, additionalPriorities } = sharedClaim ?? claimRoutes(onLoadBalancer, route, s, name, testPort);
        const testListener = args.deployment?.testListenerPort !== undefined ? { port: args.deployment.testListenerPort, cidrs: args.deployment.testListenerCidrs ?? [] } : undefined;
        const lb = attachToLoadBalancer(name, onLoadBalancer, args.vpcId, route, priority, additionalPriorities, s, this.taskSecurityGroup, testListener, args.tags, this);
        const task = this.createTask(name, args, s);
        const topic = alarmTopic(name, args.alarms, this, args.tags);
        const deployAlarms = this.createDeploymentAlarms(name, s, lb, topic, args.tags);
        this.rolloutEstimate = webRolloutEstimate(s);
        this.service = this.createService(name, args, s, lb, task, deployAlarms, componentDependsOn(opts));
        const runtimeAlarms = this.createServiceAlarms(name, args, s, topic);
        this.createAutoscaling(name, args, lb);

        this.taskDefinition = task.taskDefinition;
        this.taskRole = task.taskRole;
        this.executionRole = task.executionRole;
        this.logGroup = task.logGroup;
        this.targetGroup = lb.targetGroup;
        this.alternateTargetGroup = lb.alternateTargetGroup;
        this.additionalTargetGroups = Object.fromEntries(lb.additional.map((a) => [a.name, a.targetGroup]));
        this.listener = pulumi.output(onLoadBalancer.listener);
        this.listenerRule = lb.productionRule;
        this.loadBalancerSecurityGroup = pulumi.output(onLoadBalancer.securityGroup);
        this.alarms = { ...deployAlarms, ...runtimeAlarms };
        this.url = routeUrl(onLoadBalancer, args);
        this.registerOutputs({
            url: this.url,
            service: this.service,
            taskDefinition: this.taskDefinition,
            loadBalancer: this.loadBalancer,
            targetGroup: this.targetGroup,
            alternateTargetGroup: this.alternateTargetGroup,
            additionalTargetGroups: this.additionalTargetGroups,
            loadBalancerSecurityGroup: this.loadBalancerSecurityGroup,
            taskSecurityGroup: this.taskSecurityGroup,
        });
    }

    /** The load balancer the service is on, when it is a `SharedLoadBalancer` (joined or its own). */
    get sharedLoadBalancer(): SharedLoadBalancer | undefined {
        const lb = joined.get(this);
        return lb instanceof SharedLoadBalancer ? lb : undefined;
    }

    /** A load balancer of the service's own, from its flat settings (the single-service shape). */
    private createOwnLoadBalancer(name: string, args: FargateWebServiceArgs, s: WebSettings): SharedLoadBalancer {
        return new SharedLoadBalancer(
            name,
            {
                vpcId: args.vpcId,
                subnetIds: args.loadBalancerSubnetIds!,
                internal: args.public === false ? true : undefined,
                domainNames: ownDomainNames(args),
                hostedZoneName: args.hostedZoneName,
                hostedZoneId: args.hostedZoneId,
                certificateArns: args.certificateArn !== undefined ? [args.certificateArn] : undefined,
                // An internal one admits its VPC unless told otherwise (the normalized default is the world's).
                allowedCidrs: args.public === false ? args.allowedCidrs : s.allowedCidrs,
                idleTimeoutSeconds: s.idleTimeoutSeconds,
                deletionProtection: s.deletionProtection,
                accessLogs: s.accessLogs,
                accessLogRetentionDays: s.accessLogRetentionDays,
                protect: args.protect,
                retainOnDelete: args.retainOnDelete,
                tags: args.tags,
            },
            { parent: this },
        );
    }

    private createTask(name: string, args: FargateWebServiceArgs, s: WebSettings): FargateTaskResources {
        return createFargateTask(name, args.task, serviceTaskOptions(args, s.stopTimeout), this);
    }

    private createService(
        name: string,
        args: FargateWebServiceArgs,
        s: WebSettings,
        lb: WebAttachment,
        task: FargateTaskResources,
        alarms: Record<string, aws.cloudwatch.MetricAlarm>,
        dependsOn: pulumi.Input<pulumi.Resource>[],
    ): aws.ecs.Service {
        const rolling = s.strategy === "ROLLING";
        const infrastructure = rolling ? undefined : this.createInfrastructureRole(name, args.iamPath, args.permissionsBoundary);
        const infrastructureRole = infrastructure?.role;
        // Errors and failing targets roll a deploy back; slow responses alert but do not.
        const alarmNames = Object.keys(alarms).filter((k) => ROLLBACK_ALARMS.includes(k.split(":")[0])).map((k) => alarms[k].name);
        return new aws.ecs.Service(
            name,
            {
                ...baseServiceArgs(args, task.taskDefinition, this.taskSecurityGroup, task.logGroup, this),
                desiredCount: s.desiredCount,
                healthCheckGracePeriodSeconds: s.health.gracePeriodSeconds,
                loadBalancers: [
                    {
                        targetGroupArn: lb.targetGroup.arn,
                        containerName: s.containerName,
                        containerPort: s.containerPort,
                        advancedConfiguration:
                            lb.alternateTargetGroup && infrastructureRole
                                ? { alternateTargetGroupArn: lb.alternateTargetGroup.arn, productionListenerRule: lb.productionRule.arn, testListenerRule: lb.testRule?.arn, roleArn: infrastructureRole.arn }
                                : undefined,
                    },
                    // ECS registers each task in every group; a task is healthy once it is healthy in all.
                    ...lb.additional.map((a) => ({ targetGroupArn: a.targetGroup.arn, containerName: a.containerName, containerPort: a.containerPort })),
                ],
                // With blue/green too: a green revision that never starts fails in minutes (ECS deployment failure detection).
                deploymentCircuitBreaker: { enable: s.circuitBreaker, rollback: s.circuitBreaker },
                deploymentMinimumHealthyPercent: s.minimumHealthyPercent,
                deploymentMaximumPercent: s.maximumPercent,
                deploymentConfiguration: {
                    strategy: s.strategy,
                    // The provider types bake times as strings.
                    bakeTimeInMinutes: rolling ? undefined : String(s.bakeTimeMinutes),
                    canaryConfiguration: s.strategy === "CANARY" ? { canaryPercent: s.canaryPercent, canaryBakeTimeInMinutes: String(s.canaryBakeTimeMinutes) } : undefined,
                    linearConfiguration: s.strategy === "LINEAR" ? { stepPercent: s.linearStepPercent, stepBakeTimeInMinutes: String(s.linearStepBakeTimeMinutes) } : undefined,
                },
                alarms: s.rollbackOnAlarms && alarmNames.length > 0 ? { alarmNames, enable: true, rollback: true } : undefined,
                sigintRollback: rolling,
                // The provider refuses to change the capacity-provider strategy (spot, spotPercent,
                // onDemandBaseTasks) of a running service without it. It sends a new deployment with
                // every update of the service, which a ~70 s rollout makes cheap.
                forceNewDeployment: true,
            },
            {
                parent: this,
                // ECS checks the infrastructure role's permissions when the service is created: the
                // managed policy must be attached by then, not merely the role exist.
                // ECS requires the target group to be on the load balancer: wait for the service's rule.
                dependsOn: [lb.productionRule, ...(lb.testRule ? [lb.testRule] : []), ...lb.additional.map((a) => a.rule), ...(infrastructure ? [infrastructure.attachment] : []), ...dependsOn],
                // Once autoscaling owns the task count, a deploy must not reset it.
                ignoreChanges: args.autoscaling ? ["desiredCount"] : [],
                customTimeouts: serviceTimeouts(this.rolloutEstimate),
            },
        );
    }

    /** The role ECS uses to move listener-rule weights during BLUE_GREEN, CANARY and LINEAR deploys. */
    private createInfrastructureRole(name: string, path: string | undefined, boundary: pulumi.Input<string> | undefined): { role: aws.iam.Role; attachment: aws.iam.RolePolicyAttachment } {
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const role = new aws.iam.Role(
            `${name}-infrastructure`,
            { namePrefix: namePrefix(`${name}-infrastructure`, 38), description: `ECS shifts load-balancer traffic for ${name} deployments`, assumeRolePolicy: serviceTrustPolicy("ecs.amazonaws.com"), path, permissionsBoundary: boundary },
            { parent: this },
        );
        const attachment = new aws.iam.RolePolicyAttachment(
            `${name}-infrastructure`,
            { role: role.name, policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers` },
            { parent: this },
        );
        return { role, attachment };
    }

    /**
     * Alarms on the service's own target groups (so services sharing a load balancer are told
     * apart): 5xx rate and unhealthy hosts (which can roll a deploy back), p95/p99 latency.
     */
    private createDeploymentAlarms(name: string, s: WebSettings, lb: WebAttachment, topic: pulumi.Output<string> | undefined, tags: Record<string, string> | undefined): Record<string, aws.cloudwatch.MetricAlarm> {
        if (!s.alarms.enabled) {
            return {};
        }
        const actions = topic ? [topic] : [];
        const groups = [lb.targetGroup, ...(lb.alternateTargetGroup ? [lb.alternateTargetGroup] : [])];
        const dims = (tg: aws.lb.TargetGroup) => ({ LoadBalancer: this.loadBalancer.arnSuffix, TargetGroup: tg.arnSuffix });
        const sum = (id: string, metricName: string, tg: aws.lb.TargetGroup) => ({ id, returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: dims(tg), period: 60, stat: "Sum" } });
        // The 5xx rate over a set of groups (blue and green count together) and each group's unhealthy hosts.
        const errorRate = (logical: string, what: string, over: aws.lb.TargetGroup[]) => {
            const total = (prefix: string) => over.map((_, i) => `FILL(${prefix}${i}, 0)`).join(" + ");
            return alarm(
                logical,
                {
                    description: `More than ${s.alarms.serverErrorPercent}% of requests to ${what} fail with 5xx`,
                    threshold: s.alarms.serverErrorPercent,
                    periods: 2,
                    metricQueries: [
                        ...over.flatMap((tg, i) => [sum(`errors${i}`, "HTTPCode_Target_5XX_Count", tg), sum(`requests${i}`, "RequestCount", tg)]),
                        { id: "rate", expression: `IF((${total("requests")}) > 0, 100 * (${total("errors")}) / (${total("requests")}), 0)`, label: "5xx %", returnData: true },
                    ],
                    tags,
                },
                actions,
                this,
            );
        };
        const unhealthy = (logical: string, what: string, tg: aws.lb.TargetGroup) =>
            alarm(logical, { description: `Targets of ${what} fail their health check`, namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount", dimensions: dims(tg), statistic: "Maximum", threshold: 0, periods: 2, tags }, actions, this);
        const alarms: Record<string, aws.cloudwatch.MetricAlarm> = { serverErrors: errorRate(`${name}-5xx`, name, groups) };
        groups.forEach((tg, i) => {
            alarms[i === 0 ? "unhealthyHosts" : "unhealthyHostsGreen"] = unhealthy(`${name}-${i === 0 ? "unhealthy" : "unhealthy-green"}`, name, tg);
        });
        // Each additional target on its own: its errors and failing targets are not hidden in the service's totals.
        for (const a of lb.additional) {
            const what = `${name}'s target ${a.name} (port ${a.containerPort})`;
            alarms[`serverErrors:${a.name}`] = errorRate(`${name}-${a.name}-5xx`, what, [a.targetGroup]);
            alarms[`unhealthyHosts:${a.name}`] = unhealthy(`${name}-${a.name}-unhealthy`, what, a.targetGroup);
        }
        for (const [key, threshold] of [["p95", s.alarms.p95Seconds], ["p99", s.alarms.p99Seconds]] as const) {
            alarms[key] = alarm(
                `${name}-${key}`,
                {
                    description: `${key} response time of ${name} above ${threshold}s`,
                    namespace: "AWS/ApplicationELB",
                    metricName: "TargetResponseTime",
                    dimensions: dims(lb.targetGroup),
                    extendedStatistic: key,
                    threshold,
                    periods: 5,
                    datapoints: 3,
                    tags,
                },
                actions,
                this,
            );
        }
        return alarms;
    }

    /** CPU, memory and tasks not running (they need the service's name, so they come after it). */
    private createServiceAlarms(name: string, args: FargateWebServiceArgs, s: WebSettings, topic: pulumi.Output<string> | undefined): Record<string, aws.cloudwatch.MetricAlarm> {
        if (!s.alarms.enabled) {
            return {};
        }
        const actions = topic ? [topic] : [];
        // A web task that never starts (image pull, secret, crash loop) raises this, not the load balancer's alarms.
        const out: Record<string, aws.cloudwatch.MetricAlarm> = { notRunning: tasksNotRunningAlarm(name, args.cluster, this.service, s.alarms.notRunningMinutes, actions, this, args.tags) };
        for (const [key, metricName, threshold] of [["cpu", "CPUUtilization", s.alarms.cpuPercent], ["memory", "MemoryUtilization", s.alarms.memoryPercent]] as const) {
            out[key] = alarm(
                `${name}-${key}`,
                {
                    description: `${metricName} of ${name} above ${threshold}% for 5 minutes`,
                    namespace: "AWS/ECS",
                    metricName,
                    dimensions: { ClusterName: clusterName(args.cluster), ServiceName: this.service.name },
                    statistic: "Average",
                    threshold,
                    periods: 5,
                    treatMissingData: "missing",
                    tags: args.tags,
                },
                actions,
                this,
            );
        }
        return out;
    }

    private createAutoscaling(name: string, args: FargateWebServiceArgs, lb: WebAttachment): void {
        const a = args.autoscaling;
        if (!a) {
            return;
        }
        const target = scalableTarget(name, this.service, args.cluster, a.minTasks, a.maxTasks, this, args.tags);
        const policy = (suffix: string, config: aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfiguration) => targetTrackingPolicy(`${name}-${suffix}`, target, a, config, this);
        if (a.scaleOnCpu !== false) policy("cpu", { targetValue: a.cpuPercent ?? 60, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" } });
        if (a.memoryPercent !== undefined) {
            policy("memory", { targetValue: a.memoryPercent, predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageMemoryUtilization" } });
        }
        if (a.requestsPerTarget !== undefined) {
            policy("requests", {
                targetValue: a.requestsPerTarget,
                predefinedMetricSpecification: {
                    predefinedMetricType: "ALBRequestCountPerTarget",
                    resourceLabel: pulumi.interpolate`${this.loadBalancer.arnSuffix}/${lb.targetGroup.arnSuffix}`,
                },
            });
        }
        createScalingSignals(name, target, a, a, this, args.tags);
    }
}

/** The alarms that roll a deploy back when `rollbackOnAlarms` is on. */
const ROLLBACK_ALARMS = ["serverErrors", "unhealthyHosts", "unhealthyHostsGreen"];

/** The modelled deploy time for resolved web settings. */
export function webRolloutEstimate(s: WebSettings): RolloutEstimate {
    return estimateRollout({
        desiredCount: s.desiredCount,
        minimumHealthyPercent: s.minimumHealthyPercent,
        maximumPercent: s.maximumPercent,
        // A new task takes traffic once healthy in every target group: the slowest check decides.
        healthDetectionSeconds: Math.max(...[s.health, ...s.additionalTargets.map((t) => t.health)].map((h) => h.healthyThreshold * h.intervalSeconds)),
        drainSeconds: s.maxRequestSeconds,
        strategy: s.strategy,
        bakeTimeMinutes: s.bakeTimeMinutes,
        stepBakeMinutes: s.strategy === "CANARY" ? s.canaryBakeTimeMinutes : s.linearStepBakeTimeMinutes,
        stepPercent: s.linearStepPercent,
    });
}
