/**
 * More ports of one web service behind its load balancer: each gets a target group, a listener
 * rule and a health check of its own, on the same tasks (ECS registers every task of the service
 * in each of its target groups, and a task counts as healthy once it is healthy in all of them).
 * E.g. an admin UI on port 9000 under `/admin/*`, a websocket server on 6001 under `/app/*`.
 *
 * Rules: ECS attaches at most five target groups to a service ("Registering multiple target groups
 * with a service", ECS developer guide; the API says "load balancers can have at most 5 items");
 * the provider sends a changed `load_balancer` set with UpdateService, which rolling services
 * accept (internal/service/ecs/service.go). Blue/green here moves one pair of target groups, so
 * additional targets need ROLLING.
 */
import { TargetProtocol, TargetProtocolVersion } from "../enums";
import { Check, show } from "../internal/validation";
import { Route, effectivePaths, matchesEveryPath, routeProblems } from "../internal/routing";
import type { ContainerSpec } from "../task/containers";
import { ResolvedHealth, WebHealthCheckArgs, checkHealth, checkHealthTarget, resolveHealth } from "./web-health-check";
import { ResolvedTarget, WebStickinessArgs, checkTargetSettings, resolveTarget } from "./web-target";
import { HOSTNAME, PATH_PATTERN, webRoute } from "./web-route-args";
import type { FargateWebServiceSettings } from "./web-service-args";

/** Another port of the service, reached through the same load balancer by its own hosts and/or paths. */
export interface WebAdditionalTargetArgs {
    /**
     * Its name, unique in the service: 1–20 lower-case letters, digits and hyphens, starting with
     * a letter. Resource names derive from it (`<service>-<name>-tg`), so renaming replaces them.
     */
    name: string;
    /**
     * The port, 1–65535, a port of one of the task's containers other than the service's
     * `containerPort`.
     * A whole number.
     */
    containerPort: number;
    /**
     * The container that listens on it.
     * Default: the container whose ports include containerPort.
     * @default - the container whose ports include containerPort
     */
    containerName?: string | undefined;
    /**
     * Path patterns routed to this port, e.g. `["/admin/*"]`. Give `paths`, `hosts` or both.
     * Default: every path (of its hosts).
     * @default - every path (of its hosts)
     */
    paths?: string[] | undefined;
    /**
     * Host names routed to this port, e.g. `["admin.example.com"]`. On an HTTPS load balancer each
     * must be on its certificate: a service's own load balancer adds them (with alias records);
     * a shared one must list them in its `domainNames`.
     * Default: the service's hosts (`domainName`, `aliases`) on a shared load balancer; any host on one of its own.
     * @default - the service's hosts on a shared load balancer; any host on one of its own
     */
    hosts?: string[] | undefined;
    /**
     * Listener-rule priority, 1–50000 (lower wins).
     * A whole number.
     * Default: derived from the route, like the service's.
     * @default - derived from the route, like the service's
     */
    priority?: number | undefined;
    /**
     * The load balancer's health check of this port (`gracePeriodSeconds` is the service's).
     * Default: `/` every 5 s, healthy after 2, unhealthy after 3.
     * @default - `/` every 5 s, healthy after 2, unhealthy after 3
     */
    healthCheck?: WebHealthCheckArgs | undefined;
    /**
     * Protocol from the load balancer to this port.
     * Default: "HTTP".
     * @default "HTTP"
     */
    targetProtocol?: TargetProtocol;
    /**
     * HTTP version to this port: HTTP2 needs an HTTPS listener, and then only requests that reach
     * the load balancer over HTTP/2 are forwarded (HTTP/1.1 ones, WebSocket upgrades included, get 464).
     * Default: "HTTP1".
     * @default "HTTP1"
     */
    targetProtocolVersion?: TargetProtocolVersion;
    /**
     * Sticky sessions on this port.
     * Default: off.
     * @default - off
     */
    stickiness?: WebStickinessArgs | undefined;
    /**
     * Seconds a new task's share of this port's requests ramps up, 30–900, or 0 for off.
     * A whole number.
     * Default: 0.
     * @default 0
     */
    slowStartSeconds?: number | undefined;
}

/** An additional target with every default resolved. */
export interface ResolvedAdditionalTarget {
    name: string;
    containerName: string;
    containerPort: number;
    route: Route;
    health: ResolvedHealth;
    target: ResolvedTarget;
}

/** ECS attaches at most five target groups to a service: its own and four more. */
export const MAX_TARGET_GROUPS = 5;
const TARGET_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/** What the checks need to know of the service. */
export interface AdditionalTargetContext {
    containers: ContainerSpec[];
    /** The service's own target port. */
    containerPort: number | undefined;
    /** Whether the listener is HTTPS; undefined: not known here (a shared load balancer). */
    https: boolean | undefined;
    strategy: string;
}

/** Checks the additional targets of a web service (`check` is at `additionalTargets`). */
export function checkAdditionalTargets(check: Check, targets: WebAdditionalTargetArgs[] | undefined, ctx: AdditionalTargetContext): void {
    if (targets === undefined || !check.list(targets, "of additional targets") || targets.length === 0) return;
    if (ctx.strategy !== "ROLLING") {
        check.fail(`are set, but the deployment strategy is ${ctx.strategy}, which moves traffic between one pair of target groups; additional targets need ROLLING`);
    }
    if (targets.length > MAX_TARGET_GROUPS - 1) {
        check.fail(`has ${targets.length} targets; ECS attaches at most ${MAX_TARGET_GROUPS} target groups to a service, the service's own and ${MAX_TARGET_GROUPS - 1} more`);
    }
    const seen = new Map<string, number>();
    targets.forEach((t, i) => {
        const c = check.at(i);
        if (!c.object(t, "WebAdditionalTargetArgs")) return;
        if (t.name === undefined) c.at("name").fail("is missing; give the target a name, e.g. \"admin\"");
        else if (c.at("name").matches(t.name, TARGET_NAME, "1–20 lower-case letters, digits and hyphens, starting with a letter")) {
            if (seen.has(t.name)) c.at("name").fail(`is ${show(t.name)}, which additionalTargets[${seen.get(t.name)}] has too`);
            seen.set(t.name, i);
        }
        checkTargetPort(c, t, ctx, targets.slice(0, i));
        if (c.at("paths").list(t.paths, "of path patterns") && c.at("hosts").list(t.hosts, "of host names")) {
            if (effectivePaths({ paths: t.paths ?? [] }).length === 0 && (t.hosts ?? []).length === 0) {
                c.fail(`has ${(t.paths ?? []).length > 0 ? `no paths narrower than ${show((t.paths ?? []).find(matchesEveryPath))} (every path)` : "neither paths"} nor hosts: it would take every request from its service; give the path patterns (e.g. ["/admin/*"]) or host names routed to this port`);
            }
            (t.paths ?? []).forEach((p, j) => c.at("paths").at(j).matches(p, PATH_PATTERN, 'a path pattern such as "/admin/*" (starts with "/", at most 128 characters)'));
            (t.hosts ?? []).forEach((h, j) => c.at("hosts").at(j).matches(h, HOSTNAME, 'a lower-case DNS name such as "admin.example.com"'));
        }
        c.at("priority").intRange(t.priority, 1, 50000);
        const health = t.healthCheck ?? {};
        if (c.at("healthCheck").object(health, "WebHealthCheckArgs")) {
            checkHealth(c.at("healthCheck"), health);
            if (health.gracePeriodSeconds !== undefined) c.at("healthCheck").at("gracePeriodSeconds").fail("is the service's, for all its targets; set healthCheck.gracePeriodSeconds of the service");
            checkHealthTarget(c.at("healthCheck"), health, t.containerPort, t.targetProtocol, ctx.containers);
        }
        checkTargetSettings(c, t, ctx.https);
    });
}

/** The port must be a container's, not the service's own target, nor another additional target's. */
function checkTargetPort(c: Check, t: WebAdditionalTargetArgs, ctx: AdditionalTargetContext, before: WebAdditionalTargetArgs[]): void {
    if (t.containerPort === undefined) {
        c.at("containerPort").fail("is missing; give the port this target reaches");
        return;
    }
    if (!c.at("containerPort").intRange(t.containerPort, 1, 65535)) return;
    const owner = ctx.containers.find((x) => (x.ports ?? []).some((p) => p.containerPort === t.containerPort));
    const named = t.containerName !== undefined ? ctx.containers.find((x) => x.name === t.containerName) : owner;
    if (t.containerName !== undefined && named === undefined) {
        c.at("containerName").fail(`is ${show(t.containerName)}, which is not a container of the task; containers: ${ctx.containers.map((x) => show(x.name)).join(", ")}`);
    } else if (named === undefined || !(named.ports ?? []).some((p) => p.containerPort === t.containerPort)) {
        const where = named === undefined ? "no container of the task exposes it" : `container ${show(named.name)} exposes ${(named.ports ?? []).map((p) => p.containerPort).join(", ") || "no port"}`;
        c.at("containerPort").fail(`is ${t.containerPort}, but ${where}; add it to a container's ports`);
    } else if (t.containerPort === ctx.containerPort) {
        c.at("containerPort").fail(`is ${t.containerPort}, the service's own containerPort; route more requests to it with the service's paths or aliases`);
    } else {
        const twin = before.findIndex((b) => b.containerPort === t.containerPort);
        if (twin >= 0) c.at("containerPort").fail(`is ${t.containerPort}, which additionalTargets[${twin}] reaches too; a port has one target: put both targets' paths and hosts on that one`);
    }
}

/** The additional targets, and their routes against the service's own (the load balancer checks them against other services'). */
export function checkServiceTargets(check: Check, args: FargateWebServiceSettings, t: { name?: string; port?: number }, shared: boolean, name: string): void {
    const at = check.at("additionalTargets");
    const serviceHosts = webRoute(name, args, shared).hosts;
    const before = check.problems.length;
    checkAdditionalTargets(at, args.additionalTargets, {
        containers: args.task?.containers ?? [],
        containerPort: t.port,
        https: shared ? undefined : args.domainName !== undefined,
        strategy: args.deployment?.strategy ?? "ROLLING",
    });
    if (check.problems.length > before || (args.additionalTargets ?? []).length === 0) return;
    // A load balancer of the service's own puts the targets' hosts on its certificate, issued in the zone.
    const zone = shared ? undefined : args.hostedZoneName?.replace(/\.$/, "");
    (args.additionalTargets ?? []).forEach((x, i) =>
        (x.hosts ?? []).forEach((h, j) => {
            if (zone !== undefined && h !== zone && !h.endsWith(`.${zone}`)) at.at(i).at("hosts").at(j).fail(`is ${show(h)}, which is outside hostedZoneName ${show(zone)}; the certificate is issued in that zone`);
        }),
    );
    const routes = [webRoute(name, args, shared), ...additionalRoutes(name, args.additionalTargets, serviceHosts)];
    for (const p of routeProblems(routes)) {
        const i = (args.additionalTargets ?? []).findIndex((x) => x.name === p.target);
        if (i >= 0) at.at(i).at(p.field).fail(p.message);
    }
}

/** The routes of the additional targets: their own hosts, else the service's. */
export function additionalRoutes(service: string, targets: WebAdditionalTargetArgs[] | undefined, serviceHosts: string[]): Route[] {
    return (targets ?? []).map((t) => ({
        service,
        target: t.name,
        hosts: t.hosts !== undefined && t.hosts.length > 0 ? t.hosts : serviceHosts,
        paths: t.paths ?? [],
        priority: t.priority,
        isDefault: false,
    }));
}

/** Resolves checked additional targets. */
export function resolveAdditionalTargets(service: string, targets: WebAdditionalTargetArgs[] | undefined, containers: ContainerSpec[], serviceHosts: string[]): ResolvedAdditionalTarget[] {
    const routes = additionalRoutes(service, targets, serviceHosts);
    return (targets ?? []).map((t, i) => ({
        name: t.name,
        containerName: t.containerName ?? containers.find((x) => (x.ports ?? []).some((p) => p.containerPort === t.containerPort))!.name,
        containerPort: t.containerPort,
        route: routes[i],
        health: resolveHealth(t.healthCheck, t.targetProtocol),
        target: resolveTarget(t),
    }));
}

/** Host names the additional targets add to a load balancer's certificate. */
export function additionalHosts(targets: WebAdditionalTargetArgs[] | undefined): string[] {
    return (targets ?? []).flatMap((t) => t.hosts ?? []);
}
