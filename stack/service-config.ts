/**
 * The stack's services as a whole: the single-service keys of 0.1 read as named services, and
 * the rules that span services (routes on the shared listener, hosts and the zone, test ports,
 * `sendsTo`), each reported at the key the user typed.
 */
import { checkReachableFrom } from "./service-connect";
import { Check, show } from "../components/internal/validation";
import { Route, RouteProblem, routeProblems } from "../components/internal/routing";
import { additionalRoutes } from "../components/services/web-additional-targets";
import { checkLoadBalancerSettings, isInZone } from "../components/platform/load-balancer";
import { webRoute } from "../components/services/web-service-args";
import { AppConfig } from "./schema";
import { LegacyWebConfig, LegacyWorkerConfig, LoadBalancerConfig, WebConfig, WorkerConfig } from "./service-schema";
import { ServiceContext } from "./stack-config";
import { checkWebConfig, checkWorkerConfig, targetList } from "./services";

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
                `${[web && `${project}:webServices.web`, worker && `${project}:workers.worker`].filter(Boolean).join(" and ")}. To migrate, see docs/apps.md ("Migrating a 0.1 stack file").`,
        );
    }
    return out;
}

/**
 * Whether a web service takes unmatched requests: as configured, and a stack's only web service by
 * default — unless the load balancer is adopted, whose listener may serve other apps too.
 */
export function isDefaultService(s: Pick<Services, "webServices" | "loadBalancer">, name: string): boolean {
    const web = s.webServices[name];
    // Each load balancer has its own default: the only service on it, unless it is adopted (the internal one never is).
    const peers = Object.values(s.webServices).filter((w) => isInternal(w) === isInternal(web));
    return web.default ?? (peers.length === 1 && (isInternal(web) || s.loadBalancer.adopt === undefined));
}

/** Whether a web service sits behind the stack's internal load balancer (`public: false`). */
export const isInternal = (web: Pick<WebConfig, "public">): boolean => web.public === false;

/** Where the user typed a thing: a top-level key, or one service (`<project>:webServices.admin`). */
export interface ConfigPaths {
    key(key: "loadBalancer" | "workers"): Check;
    service(kind: "webServices" | "workers", name: string): Check;
}

/** Records `message` at `check` unless that very problem is there already. */
function failOnce(check: Check, message: string): void {
    if (!check.problems.some((p) => p.path === check.path && p.message === message)) check.fail(message);
}

/** Rules across the services, each reported where the user typed it. */
export function checkServices(paths: ConfigPaths, ctx: ServiceContext, s: Services): void {
    const webAt = (name: string) => paths.service("webServices", name);
    for (const [name, web] of Object.entries(s.webServices)) checkWebConfig(webAt(name), ctx, name, web);
    for (const [name, worker] of Object.entries(s.workers)) checkWorkerConfig(paths.service("workers", name), ctx, name, worker);
    for (const [name, web] of Object.entries(s.webServices)) {
        if (name in s.workers) webAt(name).fail(`is also the name of a worker; service names must be unique in a stack`);
        // A target's resources are named <service>-<target>-tg, -route…: those of a web service of that name.
        for (const target of Object.keys(web.additionalTargets ?? {})) {
            if (`${name}-${target}` in s.webServices) webAt(name).at("additionalTargets").at(target).fail(`names resources "${name}-${target}-tg", "${name}-${target}-route", as the web service ${show(`${name}-${target}`)} does; rename the target`);
        }
    }

    const allRoutes: Route[] = Object.entries(s.webServices).flatMap(([name, web]) => {
        const own = webRoute(name, { ...web, defaultRoute: isDefaultService(s, name) }, true);
        return [own, ...additionalRoutes(name, targetList(web.additionalTargets), own.hosts)];
    });
    const routeAt = (r: Pick<RouteProblem, "service" | "target">) => (r.target === undefined ? webAt(r.service) : webAt(r.service).at("additionalTargets").at(r.target));
    // Each load balancer's routes apart: the internal one has its own listener, priorities and default.
    const [routes, internalRoutes] = [allRoutes.filter((r) => !isInternal(s.webServices[r.service])), allRoutes.filter((r) => isInternal(s.webServices[r.service]))];
    for (const group of [routes, internalRoutes]) {
        // A service's own routes against each other are its component's check too: reported once.
        for (const p of routeProblems(group)) failOnce(routeAt(p).at(p.field), p.message);
    }
    for (const [name, web] of Object.entries(s.webServices).filter(([, w]) => isInternal(w))) {
        const hostKeys = [...(["domainName", "aliases"] as const).filter((k) => web[k] !== undefined).map((k) => webAt(name).at(k)), ...Object.entries(web.additionalTargets ?? {}).filter(([, t]) => t.hosts !== undefined).map(([t]) => webAt(name).at("additionalTargets").at(t).at("hosts"))];
        for (const key of hostKeys) {
            key.fail(`is set on an internal service (public: false), which is reached at the internal load balancer's DNS name over HTTP inside the VPC: a public zone would publish private addresses. Route it by paths, or make it public`);
        }
    }

    const hosts = [...new Set(routes.flatMap((r) => r.hosts))];
    const lbCheck = paths.key("loadBalancer");
    // The load balancer's own settings here; what the hosts need, at each service's hosts below.
    checkLoadBalancerSettings(lbCheck, s.loadBalancer, hosts.length > 0, ctx.region);
    const lb = s.loadBalancer;
    if (lb.adopt === undefined && hosts.length > 10 && (lb.certificateArns ?? []).length === 0) {
        lbCheck.fail(`serves ${hosts.length} host names, but an ACM certificate holds 10 by default; give certificateArns`);
    }
    // An adopted listener has its own certificates; a new one needs a zone or certificates.
    const hasCertificateSource = lb.adopt !== undefined || lb.hostedZoneName !== undefined || lb.hostedZoneId !== undefined || (lb.certificateArns ?? []).length > 0;
    const zone = lb.hostedZoneName?.replace(/\.+$/, "");
    for (const r of routes) {
        const web = s.webServices[r.service];
        // An additional target's hosts where it gave them (else they are its service's, reported there).
        const given = r.target !== undefined ? web.additionalTargets?.[r.target]?.hosts : undefined;
        if (r.target !== undefined && given === undefined) continue;
        r.hosts.forEach((h, i) => {
            const key =
                r.target !== undefined
                    ? routeAt(r).at("hosts").at(i)
                    : i === 0 && web.domainName !== undefined
                      ? webAt(r.service).at("domainName")
                      : webAt(r.service).at("aliases").at(web.domainName !== undefined ? i - 1 : i);
            if (zone !== undefined && !isInZone(h, zone)) key.fail(`is ${show(h)}, which is outside the zone ${show(zone)} (${ctx.project}:loadBalancer.hostedZoneName)`);
            if (!hasCertificateSource) key.fail(`is ${show(h)}, but ${ctx.project}:loadBalancer has no hostedZoneName/hostedZoneId to issue its certificate in, nor certificateArns`);
        });
    }
    if (s.loadBalancer.adopt !== undefined) {
        for (const r of routes) {
            if (!r.isDefault && r.hosts.length === 0 && r.paths.length === 0) {
                webAt(r.service).fail(`joins the adopted load balancer (${ctx.project}:loadBalancer.adopt), whose listener may serve other apps: give domainName, aliases or paths to route by, or default: true to take every request no other rule matches`);
            }
        }
    }

    // HTTP/2 to a target needs an HTTPS listener: the internet-facing load balancer has one with a
    // host (or as adopted), the internal one never. Said here, at the key, before the component would.
    const httpsPublic = lb.adopt !== undefined ? lb.adopt.https : hosts.length > 0;
    for (const [name, web] of Object.entries(s.webServices)) {
        if (!isInternal(web) && httpsPublic) continue;
        const why = isInternal(web) ? "the internal load balancer listens on HTTP" : lb.adopt ? "the adopted listener is HTTP (adopt.https: false)" : "the stack's load balancer is HTTP (no service has a domainName or aliases)";
        const fix = isInternal(web) ? "use HTTP1" : lb.adopt ? "use HTTP1" : "give a service a domainName (HTTPS), or use HTTP1";
        const keys: [Check, string | undefined][] = [[webAt(name), web.targetProtocolVersion], ...Object.entries(web.additionalTargets ?? {}).map(([t, x]): [Check, string | undefined] => [webAt(name).at("additionalTargets").at(t), x.targetProtocolVersion])];
        for (const [at, version] of keys) if (version === "HTTP2") at.at("targetProtocolVersion").fail(`is HTTP2, which ELB offers only behind an HTTPS listener, and ${why}; ${fix}`);
    }

    const testPorts = new Map<string, string>();
    for (const [name, web] of Object.entries(s.webServices)) {
        const port = web.deployment?.testListenerPort;
        if (port === undefined) continue;
        const other = testPorts.get(`${isInternal(web)}/${port}`);
        if (other !== undefined) webAt(name).at("deployment").at("testListenerPort").fail(`is ${port}, which ${show(other)} already uses on the ${isInternal(web) ? "internal" : "shared"} load balancer`);
        testPorts.set(`${isInternal(web)}/${port}`, name);
    }
    checkSendsTo(paths, s, ctx.app);
    checkReachableFrom((kind, name) => paths.service(kind, name), s, ctx.app);
}

/** A service sends to SQS workers of the stack, and their queue variables must not collide in it. */
function checkSendsTo(paths: ConfigPaths, s: Services, app: AppConfig): void {
    const all: [string, string, WebConfig | WorkerConfig][] = [
        ...Object.entries(s.webServices).map(([n, c]): [string, string, WebConfig] => ["webServices", n, c]),
        ...Object.entries(s.workers).map(([n, c]): [string, string, WorkerConfig] => ["workers", n, c]),
    ];
    for (const [key, name, service] of all) {
        const variables = new Map<string, string>();
        // A queue worker's own variables name its own queue: a queue it sends to needs others.
        const own: string[] = key === "workers" && (service as WorkerConfig).queue !== false ? queueVariables(service as WorkerConfig) : [];
        const taken = takenVariables(app, service);
        (service.sendsTo ?? []).forEach((target, i) => {
            const c = paths.service(key as "webServices" | "workers", name).at("sendsTo").at(i);
            const worker = s.workers[target];
            if (!worker) return c.fail(`is ${show(target)}, which is not a worker of this stack; workers: ${Object.keys(s.workers).map((w) => show(w)).join(", ") || "none"}`);
            if (worker.queue === false) return c.fail(`is ${show(target)}, a worker without a queue (queue: false): there is nothing to send to`);
            if (target === name) return c.fail(`is ${show(name)} itself; a queue worker already has its own queue's variables (${own.join(", ")})`);
            const fix = `set queueUrlVariable and queueNameVariable on ${show(target)} (e.g. ${envPrefix(target)}_QUEUE_URL and ${envPrefix(target)}_QUEUE_NAME)`;
            const vars = queueVariables(worker);
            const ownClash = vars.filter((v) => own.includes(v));
            const producerClash = vars.filter((v) => variables.has(v));
            const setClash = vars.filter((v) => taken.has(v));
            const list = (vs: string[]) => vs.join(" and ");
            if (ownClash.length > 0) c.fail(`is ${show(target)}, whose queue variables ${list(ownClash)} are also ${show(name)}'s own queue's; ${fix}`);
            else if (producerClash.length > 0) c.fail(`is ${show(target)}, whose queue variables ${list(producerClash)} are also ${show(variables.get(producerClash[0]))}'s; ${fix}`);
            else if (setClash.length > 0) c.fail(`is ${show(target)}, whose queue variables ${list(setClash)} are also set in ${taken.get(setClash[0])}; a variable comes from one place only: ${fix}, or remove them there`);
            for (const v of vars) variables.set(v, target);
        });
    }
    // Queue workers may send to each other in a circle: queues never depend on their producers, so
    // the program builds them in queueWorkerOrder and hands a back edge its queue once it exists.
}

/** The variables a queue worker's queue is handed over in (its own tasks' and its producers'). */
export function queueVariables(worker: WorkerConfig): [string, string] {
    return [worker.queueUrlVariable ?? "QUEUE_URL", worker.queueNameVariable ?? "QUEUE_NAME"];
}

/** A service name as the start of an environment variable: `image-resizer` → `IMAGE_RESIZER`. */
const envPrefix = (service: string) => service.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^(\d)/, "_$1");

/** Variables a service's essential containers already get from the stack file, and where. */
function takenVariables(app: AppConfig, service: WebConfig | WorkerConfig): Map<string, string> {
    const out = new Map<string, string>();
    for (const k of [...Object.keys(app.environment ?? {}), ...Object.keys(app.secrets ?? {})]) out.set(k, "app.environment/app.secrets");
    service.task.containers.forEach((c, i) => {
        if (c.essential === false) return;
        for (const k of [...Object.keys(c.environment ?? {}), ...Object.keys(c.secrets ?? {})]) out.set(k, `task.containers[${i}] (${c.name})`);
    });
    return out;
}

/**
 * Queue workers in an order where each comes after the workers it sends to, as far as a circle
 * allows: a worker already on the path is a back edge (`laterQueues`), whose queue the program
 * hands over once it exists. Each queue depends only on its own settings, so no resource cycle arises.
 */
export function queueWorkerOrder(workers: Record<string, WorkerConfig>): string[] {
    const out: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (name: string): void => {
        if (state.has(name)) return;
        state.set(name, "visiting");
        for (const t of workers[name]?.sendsTo ?? []) if (workers[t] && workers[t].queue !== false) visit(t);
        state.set(name, "done");
        out.push(name);
    };
    for (const [name, w] of Object.entries(workers)) if (w.queue !== false) visit(name);
    return out;
}
