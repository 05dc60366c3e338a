import * as pulumi from "@pulumi/pulumi";
import { TLS_POLICY } from "../platform/load-balancer";
import { Check, show } from "../internal/validation";
import { ServiceBaseArgs, checkServiceBaseArgs } from "./service-base";
import { checkTaskSpec } from "../task/task-spec";
import { DeploymentStrategy, TargetProtocol, TargetProtocolVersion } from "../enums";
import { ResolvedTarget, WebStickinessArgs, checkTargetSettings, resolveTarget } from "./web-target";
import { ResolvedHealth, WebHealthCheckArgs, checkHealth, checkHealthTarget, resolveHealth } from "./web-health-check";
import { WebDeploymentArgs, checkDeployment } from "./web-deployment";
import { rollingPercents } from "./rolling-deployment";
import { WebAutoscalingArgs, checkAutoscaling } from "./web-autoscaling";
import { WebAlarmsArgs, checkWebAlarms } from "./web-alarms";
import { ResolvedAdditionalTarget, WebAdditionalTargetArgs, checkServiceTargets, resolveAdditionalTargets } from "./web-additional-targets";
import { HOSTNAME, CIDR, LoadBalancerAttachment, checkDomain, checkRouting, webRoute } from "./web-route-args";

/*
 * The web service's args, one concept a file: health check (web-health-check.ts), rollout
 * (web-deployment.ts), task-count scaling (web-autoscaling.ts), alarms (web-alarms.ts), route,
 * domain and load balancer (web-route-args.ts). This file holds the whole and what ties it together.
 */
export type { WebAdditionalTargetArgs, WebHealthCheckArgs, WebDeploymentArgs, WebAutoscalingArgs, WebAlarmsArgs, LoadBalancerAttachment };
export { webRoute };

export interface FargateWebServiceArgs extends ServiceBaseArgs {
    /**
     * A load balancer shared with other web services: the service joins it with its own target
     * group and a listener rule by `domainName`/`aliases` and/or `paths`. The load balancer's own
     * settings (zone, certificates, allowed CIDRs, idle timeout, deletion protection, access logs)
     * are then its own, not the service's. A `SharedLoadBalancer` also checks the service's route
     * against the others' and picks a free priority; joined by its parts (other languages), give
     * `priority` where two services' derived priorities could meet.
     * Default: the service gets a load balancer of its own (a child `SharedLoadBalancer`)
     * @default - the service gets a load balancer of its own (a child `SharedLoadBalancer`)
     */
    loadBalancer?: LoadBalancerAttachment | undefined;
    /**
     * Public subnets of the service's own load balancer (two or more AZs), e.g. `Network.publicSubnetIds`.
     * Default: required without `loadBalancer`.
     * @default - required without `loadBalancer`
     */
    loadBalancerSubnetIds?: pulumi.Input<pulumi.Input<string>[]> | undefined;
    /**
     * More host names of the service, e.g. `["www.example.com"]`: each routes to it, gets an alias
     * record and is on the certificate.
     * Default: none.
     * @default - none
     */
    aliases?: string[] | undefined;
    /**
     * Path patterns routed to the service, e.g. `["/api/*"]` (`*` and `?` wildcards, case-sensitive).
     * Together with `domainName`/`aliases` a request must match both.
     * Default: every path (of the service's hosts)
     * @default - every path (of the service's hosts)
     */
    paths?: string[] | undefined;
    /**
     * Listener-rule priority, 1–50000 (lower wins).
     * A whole number.
     * Default: derived from the route: host and path rules first, then host-only, then path-only, longer paths first.
     * @default - derived from the route: host and path rules first, then host-only, then path-only, longer paths first
     */
    priority?: number | undefined;
    /**
     * Whether the service is reachable from the internet. `false`: it sits behind an internal
     * load balancer (private addresses only, reachable from inside the VPC): its own load balancer
     * is then internal (give the tasks' subnets as `loadBalancerSubnetIds`; HTTP on port 80 unless
     * `certificateArn` is given; no DNS records), and a shared `loadBalancer` must be an internal
     * `SharedLoadBalancer`. For service-to-service calls without a load balancer, see Service Connect.
     * Default: the scheme of the shared load balancer; true (internet-facing) for a load balancer of its own.
     * @default - the scheme of the shared load balancer; true for a load balancer of its own
     */
    public?: boolean | undefined;
    /**
     * Take the requests no other service's rule matches.
     * Default: true for a service with a load balancer of its own, false on a shared one.
     * @default - true for a service with a load balancer of its own, false on a shared one
     */
    defaultRoute?: boolean | undefined;
    /**
     * The container the load balancer sends traffic to, e.g. `"nginx"` in front of php-fpm.
     * Default: the first container with a port.
     * @default - the first container with a port
     */
    containerName?: string | undefined;
    /**
     * Its port.
     * A whole number.
     * Default: that container's first port.
     * @default - that container's first port
     */
    containerPort?: number | undefined;
    /**
     * More ports of the service behind the same load balancer, each with its own target group,
     * listener rule (by its `paths` and/or `hosts`) and health check, e.g. an admin UI on 9000
     * under `/admin/*`. ECS attaches at most 5 target groups to a service (the service's own and
     * 4 more); with ROLLING deployments only.
     * Default: none.
     * @default - none
     * @example
     * additionalTargets: [{ name: "admin", containerPort: 9000, paths: ["/admin/*"], healthCheck: { path: "/admin/health" } }]
     */
    additionalTargets?: WebAdditionalTargetArgs[] | undefined;
    /**
     * Protocol from the load balancer to the container: HTTPS for a TLS sidecar (e.g. nginx with a
     * self-signed certificate; the load balancer does not verify the target's certificate).
     * Changing it replaces the target group (created before the old one is removed).
     * Default: "HTTP".
     * @default "HTTP"
     */
    targetProtocol?: TargetProtocol;
    /**
     * HTTP version to the container: HTTP2 needs an HTTPS listener (a domainName), and then only
     * requests that reach the load balancer over HTTP/2 are forwarded (HTTP/1.1 ones, WebSocket
     * upgrades included, are answered 464).
     * Default: "HTTP1".
     * @default "HTTP1"
     */
    targetProtocolVersion?: TargetProtocolVersion;
    /**
     * Sticky sessions, for an app that keeps session state in its tasks.
     * Default: off.
     * @default - off
     */
    stickiness?: WebStickinessArgs | undefined;
    /**
     * Seconds a new task's share of requests ramps up from zero (slow start), 30–900, for an
     * app that warms caches or JIT on its first requests.
     * A whole number.
     * Default: 0 (full share at once).
     * @default 0
     */
    slowStartSeconds?: number | undefined;
    /**
     * The longest request the app serves, in seconds. Old tasks drain this long before they stop
     * (deregistration delay), and it is the containers' stopTimeout (at most 120). The AWS default
     * drain is 300 s per wave; most apps answer in well under 30 s.
     * A whole number.
     * Default: 30.
     * @default 30
     */
    maxRequestSeconds?: number | undefined;
    /**
     * Load balancer idle timeout, 1–4000 s.
     * A whole number.
     * Default: 60, or maxRequestSeconds if larger.
     * @default - 60, or maxRequestSeconds if larger
     */
    idleTimeoutSeconds?: number | undefined;
    /**
     * The load balancer's health check of the target container.
     * Default: `/` every 5 s, healthy after 2, unhealthy after 3, 60 s grace period.
     * @default - `/` every 5 s, healthy after 2, unhealthy after 3, 60 s grace period
     */
    healthCheck?: WebHealthCheckArgs | undefined;
    /**
     * The site's domain, e.g. `"app.example.com"`. Turns on HTTPS with a TLS 1.3 policy and an
     * HTTP→HTTPS redirect. Without it the service is plain HTTP on the load balancer's DNS name.
     * Default: HTTP only.
     * @default - HTTP only
     */
    domainName?: string | undefined;
    /**
     * Route 53 public zone of the domain, e.g. `"example.com"`: validates the certificate and gets the alias record.
     * Default: see hostedZoneId.
     * @default - see hostedZoneId
     */
    hostedZoneName?: string | undefined;
    /**
     * The zone by id instead of name.
     * Default: see hostedZoneName.
     * @default - see hostedZoneName
     */
    hostedZoneId?: pulumi.Input<string> | undefined;
    /**
     * An existing ACM certificate for the domain. Without a zone, no DNS record is made (DNS kept elsewhere).
     * Default: a DNS-validated certificate is issued in the zone.
     * @default - a DNS-validated certificate is issued in the zone
     */
    certificateArn?: pulumi.Input<string> | undefined;
    /**
     * CIDRs that may reach the listeners.
     * Default: ["0.0.0.0/0"].
     * @default ["0.0.0.0/0"]
     */
    allowedCidrs?: string[] | undefined;
    /**
     * Tasks when not autoscaled; the initial count when autoscaled.
     * A whole number.
     * Default: 2 (one per AZ); 1 with deployment.singleton; autoscaling.minTasks when autoscaled.
     * @default 2 (one per AZ); 1 with deployment.singleton; autoscaling.minTasks when autoscaled
     */
    desiredCount?: number | undefined;
    /**
     * Default: a fixed desiredCount.
     * @default - a fixed desiredCount
     */
    autoscaling?: WebAutoscalingArgs | undefined;
    /**
     * How new versions roll out.
     * Default: ROLLING, 100 %/200 %, circuit breaker with rollback.
     * @default - ROLLING, 100 %/200 %, circuit breaker with rollback
     */
    deployment?: WebDeploymentArgs | undefined;
    /**
     * Default: alarms on, no notification target.
     * @default - alarms on, no notification target
     */
    alarms?: WebAlarmsArgs | undefined;
    /**
     * Load balancer deletion protection.
     * Default: the value of `protect`.
     * @default - the value of `protect`
     */
    deletionProtection?: boolean | undefined;
    /**
     * Access logs to a new S3 bucket.
     * Default: the value of `protect`.
     * @default - the value of `protect`
     */
    accessLogs?: boolean | undefined;
    /**
     * Days access logs are kept.
     * A whole number.
     * Default: 90.
     * @default 90
     */
    accessLogRetentionDays?: number | undefined;
}

/** FargateWebServiceArgs without the resources it is placed on: what can be checked up front. */
export type FargateWebServiceSettings = Omit<FargateWebServiceArgs, "cluster" | "vpcId" | "subnetIds" | "loadBalancerSubnetIds" | "loadBalancer">;

/** Settings of a service's own load balancer, which a service on a shared one leaves to it. */
export const LOAD_BALANCER_SETTINGS = ["hostedZoneName", "hostedZoneId", "certificateArn", "allowedCidrs", "idleTimeoutSeconds", "deletionProtection", "accessLogs", "accessLogRetentionDays"] as const;

export { TLS_POLICY };

/** Every setting resolved to its value: what the component builds from. */
export interface WebSettings {
    containerName: string;
    containerPort: number;
    maxRequestSeconds: number;
    idleTimeoutSeconds: number;
    stopTimeout: number;
    health: ResolvedHealth;
    target: ResolvedTarget;
    /** More ports behind the load balancer, each its own target group and rule. */
    additionalTargets: ResolvedAdditionalTarget[];
    https: boolean;
    allowedCidrs: string[];
    desiredCount: number;
    strategy: DeploymentStrategy;
    circuitBreaker: boolean;
    rollbackOnAlarms: boolean;
    minimumHealthyPercent: number;
    maximumPercent: number;
    bakeTimeMinutes: number;
    canaryPercent: number;
    canaryBakeTimeMinutes: number;
    linearStepPercent: number;
    linearStepBakeTimeMinutes: number;
    alarms: Required<Omit<WebAlarmsArgs, "email" | "topicArn">>;
    deletionProtection: boolean;
    accessLogs: boolean;
    accessLogRetentionDays: number;
}

/** The container and port the load balancer targets, by the rules documented on the args. */
function target(args: FargateWebServiceSettings): { name?: string; port?: number } {
    const containers = args.task?.containers ?? [];
    const c = args.containerName !== undefined ? containers.find((x) => x.name === args.containerName) : containers.find((x) => (x.ports ?? []).length > 0);
    return { name: c?.name ?? args.containerName, port: args.containerPort ?? c?.ports?.[0]?.containerPort };
}

/** Checks everything about a web service that does not need its resources. `shared`: it joins a shared load balancer. */
export function checkWebServiceSettings(check: Check, args: FargateWebServiceSettings, shared = false, name = "service"): void {
    checkRouting(check, args);
    if (args.public !== undefined && typeof args.public !== "boolean") check.at("public").fail(`is ${show(args.public)}; allowed: true (internet-facing) or false (an internal load balancer)`);
    if (shared) {
        for (const key of LOAD_BALANCER_SETTINGS) {
            if (args[key] !== undefined) check.at(key).fail("is a setting of the shared load balancer the service joins; set it there");
        }
    }
    checkTaskSpec(check.at("task"), args.task);
    checkServiceBaseArgs(check, args);
    const containers = args.task?.containers ?? [];
    const t = target(args);
    const named = containers.find((c) => c.name === t.name);
    if (args.containerName !== undefined && !named) {
        check.at("containerName").fail(`is ${show(args.containerName)}, which is not a container of the task; containers: ${containers.map((c) => show(c.name)).join(", ")}`);
    } else if (!named || t.port === undefined) {
        check.at("task").at("containers").fail("have no port; the load balancer needs a container with a port (or set containerName and containerPort)");
    } else if (!(named.ports ?? []).some((p) => p.containerPort === t.port)) {
        check.at("containerPort").fail(`is ${t.port}, but container ${show(named.name)} exposes ${(named.ports ?? []).map((p) => p.containerPort).join(", ") || "no port"}`);
    }
    check.at("maxRequestSeconds").intRange(args.maxRequestSeconds, 1, 3600, "seconds");
    check.at("idleTimeoutSeconds").intRange(args.idleTimeoutSeconds, 1, 4000, "seconds");
    checkHealth(check.at("healthCheck"), args.healthCheck ?? {});
    checkTargetSettings(check, args, shared ? undefined : args.domainName !== undefined);
    checkHealthTarget(check.at("healthCheck"), args.healthCheck ?? {}, t.port, args.targetProtocol, containers);
    checkServiceTargets(check, args, t, shared, name);
    if (!shared) checkDomain(check, args);
    else if (args.domainName !== undefined && !HOSTNAME.test(args.domainName)) check.at("domainName").fail(`is ${show(args.domainName)}; allowed: a lower-case DNS name such as "app.example.com"`);
    (args.allowedCidrs ?? []).forEach((c, i) => check.at("allowedCidrs").at(i).matches(c, CIDR, "an IPv4 CIDR such as 203.0.113.0/24"));
    check.at("desiredCount").intRange(args.desiredCount, 1, 5000);
    if (args.autoscaling) {
        checkAutoscaling(check.at("autoscaling"), args.autoscaling, args.desiredCount);
        const strategy = args.deployment?.strategy ?? "ROLLING";
        if (args.autoscaling.requestsPerTarget !== undefined && strategy !== "ROLLING") {
            // ALBRequestCountPerTarget names one target group, but after each ECS blue/green deploy the
            // live group alternates (hashicorp/terraform-provider-aws#45678): half the time it would scale on the idle one.
            check.at("autoscaling").at("requestsPerTarget").fail(`scales on one target group's requests, but ${strategy} deployments move traffic between two; scale on cpuPercent/memoryPercent, or use ROLLING`);
        }
    }
    const fewest = args.autoscaling?.minTasks ?? args.desiredCount ?? defaultCount(args);
    const most = args.autoscaling?.maxTasks ?? args.desiredCount ?? defaultCount(args);
    checkDeployment(check.at("deployment"), args.deployment ?? {}, fewest, most, args.autoscaling ? "autoscaling.minTasks/maxTasks" : args.desiredCount !== undefined ? "desiredCount" : "desiredCount (default 2)");
    checkWebAlarms(check.at("alarms"), args.alarms);
    if (args.alarms?.enabled === false && args.deployment?.rollbackOnAlarms) {
        check.at("deployment").at("rollbackOnAlarms").fail("is true, but alarms.enabled is false; rollback needs the alarms");
    }
    check.at("accessLogRetentionDays").intRange(args.accessLogRetentionDays, 1, 3650, "days");
}

/** Tasks when neither desiredCount nor autoscaling says: one per AZ, or the one of a singleton. */
function defaultCount(args: FargateWebServiceSettings): number {
    return args.deployment?.singleton ? 1 : 2;
}

/** Validates and resolves every default. Throws a ValidationError naming all problems. */
export function normalizeWebServiceArgs(name: string, args: FargateWebServiceSettings, shared = false): WebSettings {
    const check = Check.root();
    checkWebServiceSettings(check, args, shared, name);
    check.throwIfFailed(`FargateWebService "${name}"`);

    const t = target(args);
    const d = args.deployment ?? {};
    const strategy = d.strategy ?? "ROLLING";
    const maxRequestSeconds = args.maxRequestSeconds ?? 30;
    const protect = args.protect ?? false;
    return {
        containerName: t.name!,
        containerPort: t.port!,
        maxRequestSeconds,
        idleTimeoutSeconds: args.idleTimeoutSeconds ?? Math.max(60, maxRequestSeconds),
        // In-flight requests finish within maxRequestSeconds; a task stopped without draining
        // (scale-in, Spot) gets that long after SIGTERM, within Fargate's 120 s limit.
        stopTimeout: Math.max(2, Math.min(120, maxRequestSeconds)),
        health: resolveHealth(args.healthCheck, args.targetProtocol),
        target: resolveTarget(args),
        additionalTargets: resolveAdditionalTargets(name, args.additionalTargets, args.task.containers ?? [], webRoute(name, args, shared).hosts),
        https: args.domainName !== undefined,
        allowedCidrs: args.allowedCidrs ?? ["0.0.0.0/0"],
        desiredCount: args.desiredCount ?? args.autoscaling?.minTasks ?? defaultCount(args),
        strategy,
        circuitBreaker: d.circuitBreaker ?? (strategy === "ROLLING" || strategy === "BLUE_GREEN"),
        rollbackOnAlarms: (args.alarms?.enabled ?? true) && (d.rollbackOnAlarms ?? strategy !== "ROLLING"),
        ...rollingPercents(d),
        bakeTimeMinutes: d.bakeTimeMinutes ?? 5,
        canaryPercent: d.canaryPercent ?? 10,
        canaryBakeTimeMinutes: d.canaryBakeTimeMinutes ?? 5,
        linearStepPercent: d.linearStepPercent ?? 25,
        linearStepBakeTimeMinutes: d.linearStepBakeTimeMinutes ?? 2,
        alarms: {
            enabled: args.alarms?.enabled ?? true,
            serverErrorPercent: args.alarms?.serverErrorPercent ?? 5,
            p95Seconds: args.alarms?.p95Seconds ?? 1,
            p99Seconds: args.alarms?.p99Seconds ?? 3,
            cpuPercent: args.alarms?.cpuPercent ?? 85,
            memoryPercent: args.alarms?.memoryPercent ?? 85,
            notRunningMinutes: args.alarms?.notRunningMinutes ?? 10,
        },
        deletionProtection: args.deletionProtection ?? protect,
        accessLogs: args.accessLogs ?? protect,
        accessLogRetentionDays: args.accessLogRetentionDays ?? 90,
    };
}
