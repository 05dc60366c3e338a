import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkAcmArn } from "../internal/arns";
import { Route } from "../internal/routing";
import { TLS_POLICY } from "../platform/load-balancer";
import { Check, show } from "../internal/validation";
import { ServiceBaseArgs, checkServiceBaseArgs } from "./service-base";
import { AlarmNotificationArgs, checkAlarmNotification } from "../internal/alarms";
import { checkTaskSpec } from "../task/task-spec";
import { DeploymentStrategy } from "../enums";

/** The load balancer's health check of the target container. */
export interface WebHealthCheckArgs {
    /**
     * Path the load balancer requests.
     * Default: "/".
     * @default "/"
     */
    path?: string | undefined;
    /**
     * HTTP codes that count as healthy.
     * Default: "200-399".
     * @default "200-399"
     */
    matcher?: string | undefined;
    /**
     * Seconds between checks, 5–300. With `healthyThreshold` it decides how fast a new task takes
     * traffic: 2 × 5 s = 10 s, against 5 × 30 s = 150 s with the AWS defaults.
     * A whole number.
     * Default: 5.
     * @default 5
     */
    intervalSeconds?: number | undefined;
    /**
     * Seconds before a check fails, 2–120 and less than the interval.
     * A whole number.
     * Default: 4.
     * @default 4
     */
    timeoutSeconds?: number | undefined;
    /**
     * Consecutive successes before a target is healthy, 2–10.
     * A whole number.
     * Default: 2.
     * @default 2
     */
    healthyThreshold?: number | undefined;
    /**
     * Consecutive failures before a target is unhealthy, 2–10.
     * A whole number.
     * Default: 3.
     * @default 3
     */
    unhealthyThreshold?: number | undefined;
    /**
     * Seconds after a task starts during which ECS ignores failing health checks (boot time).
     * It does not slow a rollout: a task that is healthy sooner takes traffic sooner.
     * A whole number.
     * Default: 60.
     * @default 60
     */
    gracePeriodSeconds?: number | undefined;
}

/** How new versions roll out. */
export interface WebDeploymentArgs {
    /**
     * `ROLLING` (default) replaces tasks behind the same target group, guarded by the circuit
     * breaker. `BLUE_GREEN`, `CANARY` and `LINEAR` are ECS-native: a full green set behind a second
     * target group, traffic shifted by a listener rule, rolled back by alarms.
     * Default: "ROLLING".
     * @default "ROLLING"
     */
    strategy?: DeploymentStrategy;
    /**
     * Roll back a deploy whose new tasks fail to start or stay unhealthy (deployment circuit
     * breaker), in minutes instead of at the timeout. ECS's developer guide ("Amazon ECS deployment
     * failure detection") supports it with rolling and blue/green deployments; for CANARY and
     * LINEAR it is off unless you turn it on.
     * Default: true for ROLLING and BLUE_GREEN.
     * @default - true for ROLLING and BLUE_GREEN
     */
    circuitBreaker?: boolean | undefined;
    /**
     * Roll back when the 5xx-rate or unhealthy-host alarms fire during a deploy.
     * Default: false for ROLLING (the circuit breaker guards it); true for the other strategies.
     * @default - false for ROLLING (the circuit breaker guards it); true for the other strategies
     */
    rollbackOnAlarms?: boolean | undefined;
    /**
     * Rolling: percent of desired tasks kept healthy during a deploy, 0–100.
     * A whole number.
     * Default: 100.
     * @default 100
     */
    minimumHealthyPercent?: number | undefined;
    /**
     * Rolling: percent of desired tasks allowed during a deploy, 100–200.
     * A whole number.
     * Default: 200.
     * @default 200
     */
    maximumPercent?: number | undefined;
    /**
     * BLUE_GREEN/CANARY/LINEAR: minutes blue keeps running after all traffic moved to green, 0–1440.
     * A whole number.
     * Default: 5.
     * @default 5
     */
    bakeTimeMinutes?: number | undefined;
    /**
     * CANARY: percent of traffic sent to green first, 0.1–100 in steps of 0.1.
     * Default: 10.
     * @default 10
     */
    canaryPercent?: number | undefined;
    /**
     * CANARY: minutes at the canary percentage, 0–1440.
     * A whole number.
     * Default: 5.
     * @default 5
     */
    canaryBakeTimeMinutes?: number | undefined;
    /**
     * LINEAR: percent of traffic moved per step, 3–100 in steps of 0.1.
     * Default: 25.
     * @default 25
     */
    linearStepPercent?: number | undefined;
    /**
     * LINEAR: minutes between steps, 0–1440.
     * A whole number.
     * Default: 2.
     * @default 2
     */
    linearStepBakeTimeMinutes?: number | undefined;
    /**
     * BLUE_GREEN/CANARY/LINEAR: a listener port that always reaches green, for testing before the shift.
     * Reachable only from `testListenerCidrs`.
     * A whole number.
     * Default: no test listener.
     * @default - no test listener
     */
    testListenerPort?: number | undefined;
    /**
     * CIDRs allowed to the test listener.
     * Default: required with testListenerPort.
     * @default - required with testListenerPort
     */
    testListenerCidrs?: string[] | undefined;
}

/** Target-tracking autoscaling of the task count. */
export interface WebAutoscalingArgs {
    /**
     * Fewest tasks, ≥ 1.
     * A whole number.
     */
    minTasks: number;
    /**
     * Most tasks.
     * A whole number.
     */
    maxTasks: number;
    /**
     * Average CPU to hold, 10–90 %.
     * A whole number.
     * Default: 60.
     * @default 60
     */
    cpuPercent?: number | undefined;
    /**
     * Average memory to hold, 10–90 %.
     * A whole number.
     * Default: not scaled on memory.
     * @default - not scaled on memory
     */
    memoryPercent?: number | undefined;
    /**
     * Requests per task per minute to hold.
     * A whole number.
     * Default: not scaled on requests.
     * @default - not scaled on requests
     */
    requestsPerTarget?: number | undefined;
    /**
     * Seconds after a scale-in before the next one: slower than scale-out on purpose.
     * A whole number.
     * Default: 300.
     * @default 300
     */
    scaleInCooldownSeconds?: number | undefined;
    /**
     * Seconds after a scale-out before the next one.
     * A whole number.
     * Default: 60.
     * @default 60
     */
    scaleOutCooldownSeconds?: number | undefined;
}

/** Alarms of the web service. */
export interface WebAlarmsArgs extends AlarmNotificationArgs {
    /**
     * Create the alarms.
     * Default: true.
     * @default true
     */
    enabled?: boolean | undefined;
    /**
     * 5xx responses (target and load balancer) as a percent of requests.
     * Default: 5.
     * @default 5
     */
    serverErrorPercent?: number | undefined;
    /**
     * p95 target response time, seconds.
     * Default: 1.
     * @default 1
     */
    p95Seconds?: number | undefined;
    /**
     * p99 target response time, seconds.
     * Default: 3.
     * @default 3
     */
    p99Seconds?: number | undefined;
    /**
     * Average service CPU, percent.
     * A whole number.
     * Default: 85.
     * @default 85
     */
    cpuPercent?: number | undefined;
    /**
     * Average service memory, percent.
     * A whole number.
     * Default: 85.
     * @default 85
     */
    memoryPercent?: number | undefined;
    /**
     * Alarm when tasks keep failing to run (crash loop, no image, no secret) for this many minutes.
     * A whole number.
     * Default: 10.
     * @default 10
     */
    notRunningMinutes?: number | undefined;
}

/**
 * A load balancer a web service joins. In TypeScript, pass a `SharedLoadBalancer` as it is (it has
 * these members, and checks the routes of all its services against each other); from another
 * Pulumi language, pass that component's `loadBalancer`, `listener`, `securityGroup`, `https`,
 * `certificateArn` and `domainNames` outputs.
 */
export interface LoadBalancerAttachment {
    /** The application load balancer. */
    loadBalancer: pulumi.Input<aws.lb.LoadBalancer>;
    /** The listener the service adds its rule to: HTTPS, or HTTP without a domain. */
    listener: pulumi.Input<aws.lb.Listener>;
    /** The load balancer's security group: it may reach the service's tasks on their port, and only it. */
    securityGroup: pulumi.Input<aws.ec2.SecurityGroup>;
    /**
     * Whether the listener is HTTPS (a test listener then is too).
     * Default: false.
     * @default false
     */
    https?: boolean | undefined;
    /**
     * The HTTPS listener's certificate, for a blue/green test listener.
     * Default: none.
     * @default - none
     */
    certificateArn?: pulumi.Input<string> | undefined;
    /**
     * Hosts the certificate covers; the service's `domainName` and `aliases` must be among them.
     * Default: not checked.
     * @default - not checked
     */
    domainNames?: string[] | undefined;
}

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
     * Default: 2 (one per AZ); autoscaling.minTasks when autoscaled.
     * @default 2 (one per AZ); autoscaling.minTasks when autoscaled
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
    health: Required<WebHealthCheckArgs>;
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

const HOSTNAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/([0-9]|[12][0-9]|3[0-2])$/;

/** The container and port the load balancer targets, by the rules documented on the args. */
function target(args: FargateWebServiceSettings): { name?: string; port?: number } {
    const containers = args.task?.containers ?? [];
    const c = args.containerName !== undefined ? containers.find((x) => x.name === args.containerName) : containers.find((x) => (x.ports ?? []).length > 0);
    return { name: c?.name ?? args.containerName, port: args.containerPort ?? c?.ports?.[0]?.containerPort };
}

/** ALB path patterns: up to 128 of A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & and the wildcards * ? (ELB rule conditions). */
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.$/~"'@:+&*?]{0,127}$/;

/** The service's route on its listener. */
export function webRoute(name: string, args: Pick<FargateWebServiceSettings, "domainName" | "aliases" | "paths" | "priority" | "defaultRoute">, shared: boolean): Route {
    return {
        service: name,
        hosts: shared ? [...(args.domainName !== undefined ? [args.domainName] : []), ...(args.aliases ?? [])] : [],
        paths: args.paths ?? [],
        priority: args.priority,
        isDefault: args.defaultRoute ?? !shared,
    };
}

/** Checks the routing settings of a web service. */
function checkRouting(check: Check, args: FargateWebServiceSettings): void {
    (args.aliases ?? []).forEach((a, i) => check.at("aliases").at(i).matches(a, HOSTNAME, 'a lower-case DNS name such as "www.example.com"'));
    if ((args.aliases ?? []).length > 0 && args.domainName === undefined) check.at("aliases").fail("are set without domainName; give the primary name first");
    (args.paths ?? []).forEach((p, i) => check.at("paths").at(i).matches(p, PATH_PATTERN, 'a path pattern such as "/api/*" (starts with "/", at most 128 characters)'));
    check.at("priority").intRange(args.priority, 1, 50000);
}

/** Checks everything about a web service that does not need its resources. `shared`: it joins a shared load balancer. */
export function checkWebServiceSettings(check: Check, args: FargateWebServiceSettings, shared = false): void {
    checkRouting(check, args);
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
    checkDeployment(check.at("deployment"), args.deployment ?? {});
    const alarms = check.at("alarms");
    checkAlarmNotification(alarms, args.alarms);
    alarms.at("serverErrorPercent").numRange(args.alarms?.serverErrorPercent, 0.1, 100, "percent");
    alarms.at("p95Seconds").numRange(args.alarms?.p95Seconds, 0.01, 3600, "seconds");
    alarms.at("p99Seconds").numRange(args.alarms?.p99Seconds, 0.01, 3600, "seconds");
    alarms.at("cpuPercent").intRange(args.alarms?.cpuPercent, 1, 100, "percent");
    alarms.at("memoryPercent").intRange(args.alarms?.memoryPercent, 1, 100, "percent");
    alarms.at("notRunningMinutes").intRange(args.alarms?.notRunningMinutes, 2, 1440, "minutes");
    if (args.alarms?.enabled === false && args.deployment?.rollbackOnAlarms) {
        check.at("deployment").at("rollbackOnAlarms").fail("is true, but alarms.enabled is false; rollback needs the alarms");
    }
    check.at("accessLogRetentionDays").intRange(args.accessLogRetentionDays, 1, 3650, "days");
}

function checkHealth(check: Check, h: WebHealthCheckArgs): void {
    check.at("path").matches(h.path, /^\/[^\s]*$/, 'a path starting with "/"');
    check.at("matcher").matches(h.matcher, /^[2-4]\d\d(-[2-4]\d\d)?(,[2-4]\d\d(-[2-4]\d\d)?)*$/, 'HTTP codes from 200 to 499, e.g. "200" or "200-399"');
    check.at("intervalSeconds").intRange(h.intervalSeconds, 5, 300, "seconds");
    check.at("timeoutSeconds").intRange(h.timeoutSeconds, 2, 120, "seconds");
    check.at("healthyThreshold").intRange(h.healthyThreshold, 2, 10);
    check.at("unhealthyThreshold").intRange(h.unhealthyThreshold, 2, 10);
    check.at("gracePeriodSeconds").intRange(h.gracePeriodSeconds, 0, 7200, "seconds");
    const interval = h.intervalSeconds ?? 5;
    const timeout = h.timeoutSeconds ?? Math.min(4, interval - 1);
    if (timeout >= interval) {
        check.at("timeoutSeconds").fail(`is ${timeout}, but it must be less than intervalSeconds (${interval})`);
    }
}

function checkDomain(check: Check, args: FargateWebServiceSettings): void {
    if (args.domainName !== undefined && !HOSTNAME.test(args.domainName)) {
        check.at("domainName").fail(`is ${show(args.domainName)}; allowed: a lower-case DNS name such as "app.example.com"`);
    }
    const hasZone = args.hostedZoneName !== undefined || args.hostedZoneId !== undefined;
    if (args.hostedZoneName !== undefined && args.hostedZoneId !== undefined) {
        check.fail("hostedZoneName and hostedZoneId are both set; give one");
    }
    if (args.domainName === undefined) {
        for (const k of ["hostedZoneName", "hostedZoneId", "certificateArn"] as const) {
            if (args[k] !== undefined) {
                check.at(k).fail("is set without domainName; HTTPS needs the site's domain");
            }
        }
        return;
    }
    if (!hasZone && args.certificateArn === undefined) {
        check.at("domainName").fail("is set without hostedZoneName/hostedZoneId or certificateArn; give the Route 53 zone to issue a certificate in, or an existing certificate");
    }
    const zone = args.hostedZoneName?.replace(/\.$/, "");
    const hosts: [string, string][] = [["domainName", args.domainName], ...(args.aliases ?? []).map((a, i): [string, string] => [`aliases[${i}]`, a])];
    for (const [key, host] of hosts) {
        if (zone !== undefined && !(host === zone || host.endsWith(`.${zone}`))) check.at("hostedZoneName").fail(`is ${show(args.hostedZoneName)}, which does not contain ${key} ${show(host)}`);
    }
    if (args.certificateArn !== undefined) {
        checkAcmArn(check.at("certificateArn"), args.certificateArn);
    }
}

function checkAutoscaling(check: Check, a: WebAutoscalingArgs, desired: number | undefined): void {
    check.at("minTasks").intRange(a.minTasks, 1, 5000, "(a web service keeps at least one task)");
    check.at("maxTasks").intRange(a.maxTasks, 1, 5000);
    if (a.maxTasks < a.minTasks) {
        check.at("maxTasks").fail(`is ${a.maxTasks}, below minTasks ${a.minTasks}`);
    }
    if (desired !== undefined && (desired < a.minTasks || desired > a.maxTasks)) {
        check.at("minTasks").fail(`and maxTasks (${a.minTasks}–${a.maxTasks}) do not include desiredCount ${desired}`);
    }
    check.at("cpuPercent").intRange(a.cpuPercent, 10, 90, "percent");
    check.at("memoryPercent").intRange(a.memoryPercent, 10, 90, "percent");
    check.at("requestsPerTarget").intRange(a.requestsPerTarget, 1, 1000000, "requests per minute");
    check.at("scaleInCooldownSeconds").intRange(a.scaleInCooldownSeconds, 0, 3600, "seconds");
    check.at("scaleOutCooldownSeconds").intRange(a.scaleOutCooldownSeconds, 0, 3600, "seconds");
    if ((a.scaleInCooldownSeconds ?? 300) < (a.scaleOutCooldownSeconds ?? 60)) {
        check.at("scaleInCooldownSeconds").fail(`is shorter than scaleOutCooldownSeconds; scale in more slowly than out, or the service flaps`);
    }
}

/** ECS takes traffic percentages in steps of 0.1 (API model: CanaryPercent 0.1–100, StepPercent 3–100). */
function checkTenths(check: Check, value: number | undefined, min: number, max: number): void {
    if (value === undefined) return;
    if (typeof value !== "number" || !(value >= min && value <= max) || Math.abs(value * 10 - Math.round(value * 10)) > 1e-9) {
        check.fail(`is ${show(value)}; allowed: ${min} to ${max} percent in steps of 0.1 (e.g. 5 or 12.5)`);
    }
}

function checkDeployment(check: Check, d: WebDeploymentArgs): void {
    const strategy = d.strategy ?? "ROLLING";
    check.at("strategy").oneOf(d.strategy, Object.values(DeploymentStrategy));
    check.at("minimumHealthyPercent").intRange(d.minimumHealthyPercent, 0, 100, "percent");
    check.at("maximumPercent").intRange(d.maximumPercent, 100, 200, "percent");
    const min = d.minimumHealthyPercent ?? 100;
    const max = d.maximumPercent ?? 200;
    if (max <= min) {
        check.at("maximumPercent").fail(`is ${max}, not above minimumHealthyPercent ${min}; ECS could neither start a new task nor stop an old one`);
    }
    check.at("bakeTimeMinutes").intRange(d.bakeTimeMinutes, 0, 1440, "minutes");
    checkTenths(check.at("canaryPercent"), d.canaryPercent, 0.1, 100);
    check.at("canaryBakeTimeMinutes").intRange(d.canaryBakeTimeMinutes, 0, 1440, "minutes");
    checkTenths(check.at("linearStepPercent"), d.linearStepPercent, 3, 100);
    check.at("linearStepBakeTimeMinutes").intRange(d.linearStepBakeTimeMinutes, 0, 1440, "minutes");
    const only: Array<[keyof WebDeploymentArgs, string]> = [
        ["canaryPercent", "CANARY"],
        ["canaryBakeTimeMinutes", "CANARY"],
        ["linearStepPercent", "LINEAR"],
        ["linearStepBakeTimeMinutes", "LINEAR"],
    ];
    for (const [key, s] of only) {
        if (d[key] !== undefined && strategy !== s) {
            check.at(key).fail(`applies only to the ${s} strategy; strategy is ${strategy}`);
        }
    }
    if (strategy === "ROLLING") {
        for (const key of ["bakeTimeMinutes", "testListenerPort", "testListenerCidrs"] as const) {
            if (d[key] !== undefined) {
                check.at(key).fail("applies only to BLUE_GREEN, CANARY and LINEAR");
            }
        }
    } else if (d.minimumHealthyPercent !== undefined || d.maximumPercent !== undefined) {
        check.fail(`minimumHealthyPercent and maximumPercent apply to ROLLING; ${strategy} starts a full green set`);
    }
    check.at("testListenerPort").intRange(d.testListenerPort, 1, 65535);
    if ([80, 443].includes(d.testListenerPort ?? 0)) {
        check.at("testListenerPort").fail(`is ${d.testListenerPort}, which the production listeners use`);
    }
    if (d.testListenerPort !== undefined && (d.testListenerCidrs ?? []).length === 0) {
        check.at("testListenerCidrs").fail("is empty; say who may reach the test listener (e.g. your office or VPN CIDR)");
    }
    (d.testListenerCidrs ?? []).forEach((c, i) => check.at("testListenerCidrs").at(i).matches(c, CIDR, "an IPv4 CIDR"));
}

/**
 * The load balancer and target groups are autonamed from the component's name (`<name>-lb`,
 * `<name>-tg`, `<name>-tg-green`), and AWS allows 32 characters including Pulumi's "-" and
 * 7 random characters. Too long a name would fail only at deploy time; this fails now.
 */
export function checkWebServiceName(check: Check, name: string, strategy: string | undefined): void {
    const longest = strategy !== undefined && strategy !== "ROLLING" ? "-tg-green" : "-lb";
    const max = 32 - 8 - longest.length;
    if (name.length > max) {
        check.fail(`the component name ${show(name)} has ${name.length} characters; at most ${max} fit, because AWS limits load balancer and target group names (e.g. ${show(name + longest)} plus Pulumi's 8-character suffix) to 32`);
    }
}

/** Validates and resolves every default. Throws a ValidationError naming all problems. */
export function normalizeWebServiceArgs(name: string, args: FargateWebServiceSettings, shared = false): WebSettings {
    const check = Check.root();
    checkWebServiceName(check, name, args.deployment?.strategy);
    checkWebServiceSettings(check, args, shared);
    check.throwIfFailed(`FargateWebService "${name}"`);

    const t = target(args);
    const d = args.deployment ?? {};
    const strategy = d.strategy ?? "ROLLING";
    const maxRequestSeconds = args.maxRequestSeconds ?? 30;
    const interval = args.healthCheck?.intervalSeconds ?? 5;
    const protect = args.protect ?? false;
    return {
        containerName: t.name!,
        containerPort: t.port!,
        maxRequestSeconds,
        idleTimeoutSeconds: args.idleTimeoutSeconds ?? Math.max(60, maxRequestSeconds),
        // In-flight requests finish within maxRequestSeconds; a task stopped without draining
        // (scale-in, Spot) gets that long after SIGTERM, within Fargate's 120 s limit.
        stopTimeout: Math.max(2, Math.min(120, maxRequestSeconds)),
        health: {
            path: args.healthCheck?.path ?? "/",
            matcher: args.healthCheck?.matcher ?? "200-399",
            intervalSeconds: interval,
            timeoutSeconds: args.healthCheck?.timeoutSeconds ?? Math.min(4, interval - 1),
            healthyThreshold: args.healthCheck?.healthyThreshold ?? 2,
            unhealthyThreshold: args.healthCheck?.unhealthyThreshold ?? 3,
            gracePeriodSeconds: args.healthCheck?.gracePeriodSeconds ?? 60,
        },
        https: args.domainName !== undefined,
        allowedCidrs: args.allowedCidrs ?? ["0.0.0.0/0"],
        desiredCount: args.desiredCount ?? args.autoscaling?.minTasks ?? 2,
        strategy,
        circuitBreaker: d.circuitBreaker ?? (strategy === "ROLLING" || strategy === "BLUE_GREEN"),
        rollbackOnAlarms: (args.alarms?.enabled ?? true) && (d.rollbackOnAlarms ?? strategy !== "ROLLING"),
        minimumHealthyPercent: d.minimumHealthyPercent ?? 100,
        maximumPercent: d.maximumPercent ?? 200,
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
