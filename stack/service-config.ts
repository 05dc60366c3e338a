/**
 * The stack's services as a whole: the single-service keys of 0.1 read as named services, and
 * the rules that span services (routes on the shared listener, hosts and the zone, test ports,
 * `sendsTo`), each reported at the key the user typed.
 */
import { Check, show } from "../components/internal/validation";
import { Route, routeProblems } from "../components/internal/routing";
import { validateSharedLoadBalancerArgs } from "../components/load-balancer";
import { webRoute } from "../components/web-service-args";
import { LegacyWebConfig, LegacyWorkerConfig, LoadBalancerConfig, WebConfig, WorkerConfig } from "./service-schema";
import { ServiceContext } from "./stack-config";
import { checkWebConfig, checkWorkerConfig } from "./services";

export interface Services {
    loadBalancer: LoadBalancerConfig;
    webServices: Record<string, WebConfig>;
    workers: Record<string, WorkerConfig>;
}

/**
 * Reads `web`/`worker` (one service each, 0.1) as `webServices.web`/`workers.worker`, the web
 * service's load-balancer settings as `loadBalancer`, and the web app as the worker's producer,
 * as 0.1 wired it.
 */
export function fromSingleServiceKeys(project: string, web: LegacyWebConfig | undefined, worker: LegacyWorkerConfig | undefined, warnings: string[]): Services {
    const out: Services = { loadBalancer: {}, webServices: {}, workers: {} };
    if (web) {
        const { hostedZoneName, hostedZoneId, certificateArn, allowedCidrs, idleTimeoutSeconds, deletionProtection, accessLogs, accessLogRetentionDays, certificateArns: _never, ...service } = web;
        out.loadBalancer = { hostedZoneName, hostedZoneId, certificateArns: certificateArn !== undefined ? [certificateArn] : undefined, allowedCidrs, idleTimeoutSeconds, deletionProtection, accessLogs, accessLogRetentionDays };
        out.webServices.web = { ...service, default: true, sendsTo: worker ? ["worker"] : undefined };
    }
    if (worker) out.workers.worker = worker;
    if (web || worker) {
        warnings.push(
            `${[web && `${project}:web`, worker && `${project}:worker`].filter(Boolean).join(" and ")} use the single-service shape; it is read as ` +
                `${[web && `${project}:webServices.web`, worker && `${project}:workers.worker`].filter(Boolean).join(" and ")}. To migrate, see the README ("Many services").`,
        );
    }
    return out;
}

/** Whether a web service takes unmatched requests: as configured, and a stack's only web service by default. */
export function isDefaultService(s: Pick<Services, "webServices">, name: string): boolean {
    return s.webServices[name].default ?? Object.keys(s.webServices).length === 1;
}

/** Where the user typed a thing: a top-level key, or one service (`<project>:webServices.admin`). */
export interface ConfigPaths {
    key(key: "loadBalancer" | "workers"): Check;
    service(kind: "webServices" | "workers", name: string): Check;
}

/** Rules across the services, each reported where the user typed it. */
export function checkServices(paths: ConfigPaths, ctx: ServiceContext, s: Services): void {
    const webAt = (name: string) => paths.service("webServices", name);
    for (const [name, web] of Object.entries(s.webServices)) checkWebConfig(webAt(name), ctx, name, web);
    for (const [name, worker] of Object.entries(s.workers)) checkWorkerConfig(paths.service("workers", name), ctx, name, worker);
    for (const name of Object.keys(s.webServices)) {
        if (name in s.workers) webAt(name).fail(`is also the name of a worker; service names must be unique in a stack`);
    }

    const routes: Route[] = Object.entries(s.webServices).map(([name, web]) => webRoute(name, { ...web, defaultRoute: isDefaultService(s, name) }, true));
    for (const p of routeProblems(routes)) webAt(p.service).at(p.field === "default" ? "default" : p.field).fail(p.message);

    const hosts = routes.flatMap((r) => r.hosts);
    const lbCheck = paths.key("loadBalancer");
    // The load balancer's own settings here; what the hosts need, at each service's hosts below.
    validateSharedLoadBalancerArgs(lbCheck, { ...s.loadBalancer, domainNames: hosts.length > 0 ? ["example.com"] : [] });
    if (new Set(hosts).size > 10 && (s.loadBalancer.certificateArns ?? []).length === 0) {
        lbCheck.fail(`serves ${new Set(hosts).size} host names, but an ACM certificate holds 10 by default; give certificateArns`);
    }
    const hasCertificateSource = s.loadBalancer.hostedZoneName !== undefined || s.loadBalancer.hostedZoneId !== undefined || (s.loadBalancer.certificateArns ?? []).length > 0;
    const zone = s.loadBalancer.hostedZoneName?.replace(/\.$/, "");
    for (const r of routes) {
        const web = s.webServices[r.service];
        r.hosts.forEach((h, i) => {
            const key = i === 0 && web.domainName !== undefined ? webAt(r.service).at("domainName") : webAt(r.service).at("aliases").at(web.domainName !== undefined ? i - 1 : i);
            if (zone !== undefined && !(h === zone || h.endsWith(`.${zone}`))) key.fail(`is ${show(h)}, which is outside the zone ${show(zone)} (${ctx.project}:loadBalancer.hostedZoneName)`);
            if (!hasCertificateSource) key.fail(`is ${show(h)}, but ${ctx.project}:loadBalancer has no hostedZoneName/hostedZoneId to issue its certificate in, nor certificateArns`);
        });
    }

    const testPorts = new Map<number, string>();
    for (const [name, web] of Object.entries(s.webServices)) {
        const port = web.deployment?.testListenerPort;
        if (port === undefined) continue;
        const other = testPorts.get(port);
        if (other !== undefined) webAt(name).at("deployment").at("testListenerPort").fail(`is ${port}, which ${show(other)} already uses on the shared load balancer`);
        testPorts.set(port, name);
    }
    checkSendsTo(paths, s);
}

/** A service sends to SQS workers of the stack, and their queue variables must not collide in it. */
function checkSendsTo(paths: ConfigPaths, s: Services): void {
    const all: [string, string, WebConfig | WorkerConfig][] = [
        ...Object.entries(s.webServices).map(([n, c]): [string, string, WebConfig] => ["webServices", n, c]),
        ...Object.entries(s.workers).map(([n, c]): [string, string, WorkerConfig] => ["workers", n, c]),
    ];
    for (const [key, name, service] of all) {
        const variables = new Map<string, string>();
        (service.sendsTo ?? []).forEach((target, i) => {
            const c = paths.service(key as "webServices" | "workers", name).at("sendsTo").at(i);
            const worker = s.workers[target];
            if (!worker) return c.fail(`is ${show(target)}, which is not a worker of this stack; workers: ${Object.keys(s.workers).map((w) => show(w)).join(", ") || "none"}`);
            if (worker.queue === false) return c.fail(`is ${show(target)}, a worker without a queue (queue: false): there is nothing to send to`);
            for (const v of [worker.queueUrlVariable ?? "QUEUE_URL", worker.queueNameVariable ?? "QUEUE_NAME"]) {
                const other = variables.get(v);
                if (other !== undefined) c.fail(`is ${show(target)}, whose queue variable ${v} is also ${show(other)}'s; set queueUrlVariable/queueNameVariable on one of them (e.g. MAIL_QUEUE_URL)`);
                variables.set(v, target);
            }
        });
    }
    // A cycle of queue workers sending to each other cannot be built in order.
    const order = queueWorkerOrder(s.workers);
    if (order === undefined) paths.key("workers").fail("sendsTo between queue workers forms a cycle; a worker's queue must exist before the workers that send to it");
}

/** Queue workers in an order where each comes after the workers it sends to; undefined on a cycle. */
export function queueWorkerOrder(workers: Record<string, WorkerConfig>): string[] | undefined {
    const out: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (name: string): boolean => {
        if (state.get(name) === "done") return true;
        if (state.get(name) === "visiting") return false;
        state.set(name, "visiting");
        for (const t of workers[name]?.sendsTo ?? []) if (workers[t] && workers[t].queue !== false && !visit(t)) return false;
        state.set(name, "done");
        out.push(name);
        return true;
    };
    for (const [name, w] of Object.entries(workers)) if (w.queue !== false && !visit(name)) return undefined;
    return out;
}
