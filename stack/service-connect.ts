/**
 * Service to service in a stack file: `reachableFrom: [web]` on a web service or a plain worker
 * publishes its port in the stack's Service Connect namespace under its own name
 * (`http://api:8080`), hands each named client the address as `<NAME>_URL`, and admits only those
 * clients' tasks on that port. One rule, checked like `sendsTo`: a variable comes from one place.
 */
import { Check, show } from "../components/internal/validation";
import { AppConfig } from "./schema";
import { WebConfig, WorkerConfig } from "./service-schema";

interface Services {
    webServices: Record<string, WebConfig>;
    workers: Record<string, WorkerConfig>;
}

/** What a published service offers its clients. */
export interface Published {
    /** The name clients call: the service's name in lower case, `_` as `-`. */
    dnsName: string;
    port: number;
    containerName: string;
    /** The variable its clients get, e.g. `API_URL`. */
    variable: string;
    url: string;
}

/** The stack's Service Connect wiring: who publishes what, and who calls whom. */
export interface ConnectPlan {
    published: Map<string, Published>;
    /** Client → the publishers it may call. */
    clientsOf: Map<string, string[]>;
}

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const dnsNameOf = (service: string) => service.toLowerCase().replace(/_/g, "-");
const variableOf = (service: string) => `${service.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^(\d)/, "_$1")}_URL`;

/** The port a service serves on: a web service's target, a plain worker's first port. */
function servedPort(config: WebConfig | WorkerConfig, web: boolean): { containerName: string; port: number } | undefined {
    const containers = config.task.containers;
    if (web) {
        const w = config as WebConfig;
        const c = w.containerName !== undefined ? containers.find((x) => x.name === w.containerName) : containers.find((x) => (x.ports ?? []).length > 0);
        const port = w.containerPort ?? c?.ports?.[0]?.containerPort;
        return c && port !== undefined ? { containerName: c.name, port } : undefined;
    }
    const c = containers.find((x) => (x.ports ?? []).length > 0);
    return c ? { containerName: c.name, port: c.ports![0].containerPort } : undefined;
}

/** The plan, or undefined when no service is reachable from another. */
export function connectPlan(s: Services): ConnectPlan | undefined {
    const published = new Map<string, Published>();
    const clientsOf = new Map<string, string[]>();
    const entries: [string, WebConfig | WorkerConfig, boolean][] = [...Object.entries(s.webServices).map(([n, c]): [string, WebConfig, boolean] => [n, c, true]), ...Object.entries(s.workers).map(([n, c]): [string, WorkerConfig, boolean] => [n, c, false])];
    for (const [name, config, web] of entries) {
        if (!config.reachableFrom?.length) continue;
        const served = servedPort(config, web);
        if (!served) continue;
        const dnsName = dnsNameOf(name);
        published.set(name, { dnsName, ...served, variable: variableOf(name), url: `http://${dnsName}:${served.port}` });
        for (const client of config.reachableFrom) clientsOf.set(client, [...(clientsOf.get(client) ?? []), name]);
    }
    return published.size > 0 ? { published, clientsOf } : undefined;
}

/** The variables a client gets: `<NAME>_URL` of every service it may call. */
export function connectEnvironment(plan: ConnectPlan | undefined, client: string): Record<string, string> {
    return Object.fromEntries((plan?.clientsOf.get(client) ?? []).map((p) => [plan!.published.get(p)!.variable, plan!.published.get(p)!.url]));
}

/** A published service's task config with its served port named (Service Connect publishes named ports). */
export function withNamedPort<T extends WebConfig | WorkerConfig>(plan: ConnectPlan | undefined, name: string, config: T): T {
    const p = plan?.published.get(name);
    if (!p) return config;
    const containers = config.task.containers.map((c) =>
        c.name !== p.containerName ? c : { ...c, ports: (c.ports ?? []).map((port) => (port.containerPort === p.port && port.name === undefined ? { ...port, name: p.dnsName } : port)) },
    );
    return { ...config, task: { ...config.task, containers } };
}

/** The port name the published service's Service Connect entry names. */
export function publishedPortName(plan: ConnectPlan, name: string, config: WebConfig | WorkerConfig): string {
    const p = plan.published.get(name)!;
    const port = config.task.containers.find((c) => c.name === p.containerName)!.ports!.find((x) => x.containerPort === p.port)!;
    return port.name ?? p.dnsName;
}

/**
 * Checks `reachableFrom` across the stack: known clients, a service that serves (a web service or
 * a plain worker with a port), names clients can call, variables that collide nowhere, no cycle.
 */
export function checkReachableFrom(at: (kind: "webServices" | "workers", name: string) => Check, s: Services, app: AppConfig): void {
    const all = new Map<string, ["webServices" | "workers", WebConfig | WorkerConfig]>([
        ...Object.entries(s.webServices).map(([n, c]): [string, ["webServices", WebConfig]] => [n, ["webServices", c]]),
        ...Object.entries(s.workers).map(([n, c]): [string, ["workers", WorkerConfig]] => [n, ["workers", c]]),
    ]);
    const dnsNames = new Map<string, string>();
    for (const [name, [kind, config]] of all) {
        const list = config.reachableFrom;
        if (!list?.length) continue;
        const c = at(kind, name).at("reachableFrom");
        if (kind === "workers" && (config as WorkerConfig).queue !== false) {
            c.fail("is set on a worker on an SQS queue, which serves no requests; give it queue: false to make it a backend service");
            continue;
        }
        if (!servedPort(config, kind === "webServices")) {
            c.fail("is set, but the service has no port to be reached on; add ports to one of its containers");
            continue;
        }
        const dns = dnsNameOf(name);
        if (!DNS_LABEL.test(dns)) c.fail(`is set, but ${show(name)} is no DNS name clients could call (as ${show(dns)}); rename the service (letters, digits, hyphens)`);
        const other = dnsNames.get(dns);
        if (other !== undefined) c.fail(`is set, but ${show(name)} and ${show(other)} would both be called ${show(dns)}; rename one`);
        dnsNames.set(dns, name);
        list.forEach((client, i) => {
            if (client === name) c.at(i).fail(`is ${show(name)} itself; a service calls itself without Service Connect`);
            else if (!all.has(client)) c.at(i).fail(`is ${show(client)}, which is not a service of this stack; services: ${[...all.keys()].map(show).join(", ")}`);
        });
        if (new Set(list).size !== list.length) c.fail("names a client twice");
    }
    const plan = connectPlan(s);
    if (!plan) return;
    for (const [client, publishers] of plan.clientsOf) {
        const entry = all.get(client);
        if (!entry) continue;
        const [kind, config] = entry;
        const taken = new Map<string, string>();
        for (const k of [...Object.keys(app.environment ?? {}), ...Object.keys(app.secrets ?? {})]) taken.set(k, "app.environment/app.secrets");
        config.task.containers.forEach((ct, i) => {
            for (const k of [...Object.keys(ct.environment ?? {}), ...Object.keys(ct.secrets ?? {})]) taken.set(k, `${kind}.${client}.task.containers[${i}] (${ct.name})`);
        });
        // Queue variables: a queue worker's own, and those of the queues the client sends to.
        const queueVars = (w: WorkerConfig) => [w.queueUrlVariable ?? "QUEUE_URL", w.queueNameVariable ?? "QUEUE_NAME"];
        if (kind === "workers" && (config as WorkerConfig).queue !== false) for (const v of queueVars(config as WorkerConfig)) taken.set(v, `${client}'s own queue variables`);
        for (const t of config.sendsTo ?? []) if (s.workers[t] && s.workers[t].queue !== false) for (const v of queueVars(s.workers[t])) taken.set(v, `the queue variables of ${t} (sendsTo)`);
        const mine = new Map<string, string>();
        for (const p of publishers) {
            const v = plan.published.get(p)!.variable;
            const c = at(all.get(p)![0], p).at("reachableFrom");
            if (taken.has(v)) c.fail(`names ${show(client)}, which would get ${v} (${plan.published.get(p)!.url}), but ${taken.get(v)} already sets ${v}; a variable comes from one place: remove it there`);
            else if (mine.has(v)) c.fail(`names ${show(client)}, which would get ${v} from ${show(p)} and from ${show(mine.get(v))}; rename one of them`);
            mine.set(v, p);
        }
    }
    // Clients are deployed after the services they call (ECS resolves a name only in tasks started after its publisher's deployment).
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cyclic = (n: string): boolean => {
        if (done.has(n)) return false;
        if (visiting.has(n)) return true;
        visiting.add(n);
        const found = (plan.clientsOf.get(n) ?? []).some(cyclic);
        visiting.delete(n);
        done.add(n);
        return found;
    };
    for (const n of plan.clientsOf.keys()) {
        if (cyclic(n)) {
            at(all.get(n)![0], n).fail("calls services that call it back (reachableFrom forms a cycle); ECS resolves a name only in tasks started after the service behind it, so the services need an order");
            break;
        }
    }
}
