/**
 * How requests on a shared load balancer reach web services: one listener rule per service, by
 * host and/or path, with priorities that are stable (adding a service never renumbers another,
 * so no two rules ever swap priorities mid-update) and ordered most specific first.
 */
import { createHash } from "crypto";
import { show } from "./validation";

/** One web service's place on the listener. */
export interface Route {
    /** The service, as the user named it (used in messages). */
    service: string;
    /** One of the service's additional targets (another port), by its name; undefined: the service's own route. */
    target?: string | undefined;
    /** Host names (`admin.example.com`); empty means any host. */
    hosts: string[];
    /** Path patterns (`/api/*`); empty means any path. */
    paths: string[];
    /** An explicit rule priority, 1–50000. */
    priority?: number | undefined;
    /** The service for requests no other rule matches. */
    isDefault: boolean;
}

/** ALB rules allow five condition values in all (host and path values together). */
export const MAX_CONDITION_VALUES = 5;
/** The last priority ALB allows; the default service's catch-all rule takes it. */
export const DEFAULT_ROUTE_PRIORITY = 50000;

const literalPrefix = (pattern: string) => pattern.split(/[*?]/)[0];

/**
 * A rule priority from the route alone: host-and-path rules first (1–19999), then host-only
 * (20000–29999), then path-only (30000–49999); among path rules, longer literal paths first (200
 * slots per length); within a slot range, a hash of the route. The default service's rule is the
 * last one (50000).
 */
export function derivedPriority(route: Route): number {
    if (route.priority !== undefined) return route.priority;
    if (route.isDefault) return DEFAULT_ROUTE_PRIORITY;
    const hash = (n: number) => parseInt(createHash("sha1").update(JSON.stringify([route.hosts, route.paths])).digest("hex").slice(0, 8), 16) % n;
    if (route.paths.length === 0) return 20000 + hash(10000);
    const longest = Math.min(99, Math.max(0, ...route.paths.map((p) => literalPrefix(p).length)));
    return (route.hosts.length > 0 ? 1 : 30000) + 200 * (99 - longest) + hash(200);
}

/**
 * The priority a route gets on a listener where `taken` are in use: an explicit one as given;
 * a derived one, or on a (rare) hash collision the next free number after it. Routes are
 * assigned in the order they are given, so the same config always gives the same priorities.
 */
export function assignPriority(route: Route, taken: ReadonlySet<number>): number {
    if (route.priority !== undefined || route.isDefault) return derivedPriority(route);
    let p = derivedPriority(route);
    while (taken.has(p)) p++;
    return p;
}

/**
 * The listener-rule conditions of a route. The default service's rule matches every request (its
 * hosts are on the certificate, but it also takes requests for any other host and path that no
 * other rule takes).
 */
export function routeConditions(route: Route): { hostHeader?: { values: string[] }; pathPattern?: { values: string[] } }[] {
    if (route.isDefault) return [{ pathPattern: { values: ["/*"] } }];
    const out: { hostHeader?: { values: string[] }; pathPattern?: { values: string[] } }[] = [];
    if (route.hosts.length > 0) out.push({ hostHeader: { values: route.hosts } });
    if (route.paths.length > 0) out.push({ pathPattern: { values: route.paths } });
    // A rule needs a condition: the catch-all matches every path.
    return out.length > 0 ? out : [{ pathPattern: { values: ["/*"] } }];
}

/** A route in messages: the service, or its additional target. */
export function routeLabel(route: Pick<Route, "service" | "target">): string {
    return route.target === undefined ? show(route.service) : `${show(route.service)}'s additional target ${show(route.target)}`;
}

/** A key unique per route on a listener (a service's own route and its additional targets'). */
export function routeKey(route: Pick<Route, "service" | "target">): string {
    return route.target === undefined ? route.service : `${route.service}/${route.target}`;
}

/** A path pattern that matches every path ("/*"): a rule with it is as wide as one without paths. */
export const matchesEveryPath = (pattern: string): boolean => /^\/\*+$/.test(pattern);

/** The paths a route really narrows to: none (every path) when one of them matches every path. */
export function effectivePaths(route: Pick<Route, "paths">): string[] {
    return route.paths.some(matchesEveryPath) ? [] : route.paths;
}

/** Whether two sets of values can match the same request (an empty set matches everything). */
function overlaps(a: string[], b: string[]): boolean {
    return a.length === 0 || b.length === 0 || a.some((x) => b.includes(x));
}

/** A problem of one route: its service, its additional target (if it is one), the field and what is wrong. */
export interface RouteProblem {
    service: string;
    target?: string | undefined;
    field: string;
    message: string;
}

/**
 * What is wrong with a set of routes on one listener: two services claiming the default, a rule
 * with too many values, two rules that match the same requests at the same specificity (the
 * priority would decide silently), a priority used twice. Each problem names the services.
 */
export function routeProblems(routes: Route[]): RouteProblem[] {
    const out: RouteProblem[] = [];
    const defaults = routes.filter((r) => r.isDefault);
    if (defaults.length > 1) {
        for (const r of defaults.slice(1)) out.push({ service: r.service, field: "default", message: `is true, but ${routeLabel(defaults[0])} already takes the requests no other rule matches; only one service can be the default` });
    }
    for (const r of routes) {
        if (r.isDefault && r.paths.length > 0) out.push({ service: r.service, target: r.target, field: "paths", message: "are set on the default service, which takes every request no other rule matches; give the paths to a service that is not the default" });
        const values = r.hosts.length + r.paths.length;
        if (values > MAX_CONDITION_VALUES) out.push({ service: r.service, target: r.target, field: "paths", message: `with the hosts make ${values} rule conditions; an ALB rule takes at most ${MAX_CONDITION_VALUES} host and path values together` });
        if (!r.isDefault && r.hosts.length === 0 && effectivePaths(r).length === 0 && routes.length > 1) {
            const said = r.paths.length > 0 ? `include ${show(r.paths.find(matchesEveryPath))}, which matches every path,` : "are not set,";
            const hosts = r.target === undefined ? "neither are domainName or aliases" : "neither are hosts";
            out.push({ service: r.service, target: r.target, field: "paths", message: `${said} and ${hosts}; a ${r.target === undefined ? "service" : "target"} on a shared load balancer needs a host or path to route by${r.target === undefined ? ", or default: true" : ""}` });
        }
    }
    for (let i = 0; i < routes.length; i++) {
        for (let j = i + 1; j < routes.length; j++) {
            const [a, b] = [routes[i], routes[j]];
            if (a.isDefault || b.isDefault) continue;
            // "/*" narrows nothing: such a rule is compared as one without paths.
            const [pa, pb] = [effectivePaths(a), effectivePaths(b)];
            const sameShape = (a.hosts.length > 0) === (b.hosts.length > 0) && (pa.length > 0) === (pb.length > 0);
            if (sameShape && overlaps(a.hosts, b.hosts) && overlaps(pa, pb)) {
                const what = [...a.hosts.filter((h) => b.hosts.includes(h)), ...pa.filter((p) => pb.includes(p)), ...b.paths.filter(matchesEveryPath)];
                out.push({ service: b.service, target: b.target, field: b.paths.length > 0 ? "paths" : b.target !== undefined ? "hosts" : "domainName", message: `routes the same requests as ${routeLabel(a)}${what.length ? ` (${what.map((w) => show(w)).join(", ")})` : ""}; give them different hosts or paths` });
            }
        }
    }
    const byPriority = new Map<number, Route>();
    for (const r of routes) {
        const p = assignPriority(r, new Set(byPriority.keys()));
        const other = byPriority.get(p);
        if (other !== undefined && !(r.isDefault && p === DEFAULT_ROUTE_PRIORITY)) out.push({ service: r.service, target: r.target, field: "priority", message: `is ${p}, the same as ${routeLabel(other)}'s; set a different priority` });
        byPriority.set(p, r);
    }
    return out;
}
