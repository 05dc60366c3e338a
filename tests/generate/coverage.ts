/**
 * Which of the generator's branches a stack file takes, read from the file itself, and a small
 * set of generated files that together take every branch: npm test plans that set (seconds),
 * the slow suite a thousand random ones.
 */
import fc from "fast-check";
import { ELB_LOG_ACCOUNTS } from "../../components/internal/elb-log-delivery";
import { GeneratedStack, PROJECT, validStackFile } from "./stack-file";

const cfg = (file: GeneratedStack, key: string) => file.config[`${PROJECT}:${key}`];

/** The branches a file takes: zone and network modes, route kinds, task shapes, worker kinds, schedules, secrets… */
export function features(file: GeneratedStack): string[] {
    const out = new Set<string>();
    const add = (f: string) => out.add(f);
    const lb = cfg(file, "loadBalancer") ?? {};
    const webs: Record<string, any> = cfg(file, "webServices") ?? {};
    const workers: Record<string, any> = cfg(file, "workers") ?? {};
    const jobs: Record<string, any> = cfg(file, "scheduledTasks") ?? {};
    const app = cfg(file, "app") ?? {};
    const net = cfg(file, "network") ?? {};
    add(`lb:${lb.adopt ? "adopt" : lb.hostedZoneId ? "zone-id" : lb.hostedZoneName?.endsWith(".") ? "zone-dotted" : lb.hostedZoneName ? "zone-name" : lb.certificateArns ? "certificates" : "http"}`);
    add(`network:${net.vpcId ? (net.privateSubnetIds ? "adopted" : "adopted-public") : net.vpcEndpoints ? "endpoints" : net.nat ?? "default"}`);
    add(`web-services:${Math.min(Object.keys(webs).length, 3)}`);
    add(`workers:${Math.min(Object.keys(workers).length, 3)}`);
    for (const [name, w] of Object.entries(webs)) {
        add(`route:${w.default ? "default" : w.domainName && w.paths ? "host+path" : w.domainName ? "host" : w.paths ? "path" : "only"}`);
        if (w.aliases) add("route:aliases");
        add(`strategy:${w.deployment?.strategy ?? "ROLLING"}`);
        if (w.deployment?.testListenerPort) add("strategy:test-listener");
        add(`web-task:${w.task.containers.length === 1 ? "single" : w.task.containers[0].name === "nginx" ? "nginx-php" : "sidecar"}`);
        add(`web-scaling:${w.autoscaling?.requestsPerTarget ? "requests" : w.autoscaling ? "cpu" : w.desiredCount ? "desired" : "default"}`);
        if (w.sendsTo) add("sends:web-to-queue");
        if (w.spot) add("spot:web");
        if (w.autoscaling?.scaleOnCpu === false) add("shape:web-requests-only");
        if (w.autoscaling?.schedules) add("shape:web-schedules");
        if (w.autoscaling?.metrics) add("shape:web-metric");
        if (w.stickiness) add("shape:web-sticky");
        if (w.targetProtocol === "HTTPS") add(w.targetProtocolVersion ? "shape:web-https-http2" : "shape:web-https");
        if (w.deployment?.singleton) add("shape:web-singleton");
        if (w.public === false) add("shape:web-internal");
        if (w.additionalTargets) add(Object.values(w.additionalTargets).some((t: any) => t.hosts) ? "shape:web-target-host" : "shape:web-target-path");
        if (Object.keys(w.additionalTargets ?? {}).some((t) => t.length === 20)) add("name:longest-target");
        if (name.length === 32) add("name:longest-web");
        if (/[A-Z_]/.test(name)) add("name:capitals-or-underscore");
    }
    for (const [name, w] of Object.entries(workers)) {
        const c = w.task.containers[0];
        add(`worker:${w.queue === false ? "plain" : "queue"}`);
        add(`worker-container:${c.image ? "own-image" : c.entryPoint ? "entryPoint" : "command"}`);
        if (w.fifo) add("worker:fifo");
        if (w.queueUrlVariable) add("worker:own-variables");
        if (w.scaling) add(`worker-scaling:${w.queue === false ? "plain" : w.scaling.minTasks ? "warm" : "burst"}`);
        if (w.sendsTo) add(w.queue === false ? "sends:plain-to-queue" : "sends:queue-to-queue");
        if (w.spot) add("spot:worker");
        if (w.onDemandBaseTasks) add("spot:on-demand-base");
        if (w.scaling?.steps) add("shape:worker-steps");
        if (w.scaling?.schedules) add("shape:worker-schedules");
        if (w.deployment?.singleton) add("shape:worker-singleton");
        if (w.reachableFrom) add("shape:worker-backend");
        if (name.length === 46) add("name:longest-worker");
    }
    const buckets: Record<string, any> = cfg(file, "buckets") ?? {};
    const topics: Record<string, any> = cfg(file, "topics") ?? {};
    for (const b of Object.values<any>(buckets)) {
        add("data:bucket");
        if (Object.values<any>(b.grants ?? {}).some((g) => typeof g === "object" && g.prefix)) add("data:bucket-prefix");
        if (b.notify) add("data:notify");
    }
    for (const t of Object.values<any>(topics)) add(Object.values<any>(t.subscribers ?? {}).some((s) => s.filterPolicy) ? "data:topic-filter" : "data:topic");
    if (Object.values(webs).some((w) => (w.task.taskRoleStatements ?? []).some((s: any) => s.resources.includes("*")))) add("iam:resourceless");
    for (const j of Object.values<any>(jobs)) {
        add(`schedule:${j.schedule.slice(0, j.schedule.indexOf("("))}`);
        if (j.timezone) add("schedule:timezone");
        if (j.flexibleWindowMinutes) add("schedule:window");
    }
    for (const s of Object.values<any>(app.secrets ?? {})) {
        add(`secret:${s.ssmParameter ? "ssm" : s.secretsManager.startsWith("arn:") ? "arn" : "name"}`);
        if (s.jsonKey) add("secret:json-key");
    }
    add(`image:${app.imageRepository ? "outside" : app.ciPush?.provider ?? "ecr"}`);
    const alarms = [...Object.values(webs), ...Object.values(workers)].find((w: any) => w.alarms)?.alarms;
    if (alarms) add(`alarms:${alarms.topicArn ? "topic" : "email"}`);
    add(`insights:${cfg(file, "cluster")?.containerInsights ?? "default"}`);
    add(`protect:${cfg(file, "protect")}`);
    add(`keep:${cfg(file, "retainOnDelete") === false ? "stage-like" : cfg(file, "logRetentionDays") !== undefined ? "long-logs" : "defaults"}`);
    // Regions before and after August 2022 differ (ELB log delivery, the provider's tables).
    add(`region:${file.config["aws:region"] in ELB_LOG_ACCOUNTS ? "before-2022-08" : "newer"}`);
    add(`arch:${app.cpuArchitecture}`);
    if (cfg(file, "deployments")) add("deployments");
    if (cfg(file, "deployments")?.vcsProvider === "codecommit") add("deployments:codecommit");
    if (cfg(file, "migration")) add("migration");
    if (cfg(file, "tags")) add("tags");
    const images = cfg(file, "images") ?? {};
    add(`images:${images.nginx ? "nginx" : images.renderer ? "outside" : "none"}`);
    const containers = [...Object.values(webs), ...Object.values(workers)].flatMap((w: any) => w.task.containers);
    if (containers.some((c: any) => c.capabilities)) add("task:capabilities");
    if (containers.some((c: any) => c.memoryReservation !== undefined && c.memory !== undefined)) add("task:memory-reservations");
    if (cfg(file, "tasks")) add("task:standalone");
    const seed = cfg(file, "tasks")?.["db-seed"];
    if (seed?.task.containers.some((c: any) => (c.mounts ?? []).some((m: any) => m.fileSystem))) add("task:standalone-efs");
    if ([...Object.values<any>(cfg(file, "databases") ?? {}), ...Object.values<any>(cfg(file, "caches") ?? {})].some((s) => s.usedBy.includes("db-seed"))) add("task:standalone-data");
    if (Object.values(webs).some((w: any) => w.task.volumes)) add("task:shared-volume");
    const fileSystem = cfg(file, "fileSystems")?.uploads;
    if (fileSystem) add(fileSystem.adopt ? "efs:adopted" : "efs:created");
    if (fileSystem?.allowReplacement) add("efs:allow-replacement");
    if (images.nginx?.build) add("images:build");
    if (Object.entries(workers).some(([n, w]) => (w.sendsTo ?? []).some((t: string) => (workers[t]?.sendsTo ?? []).includes(n)))) add("sends:queue-circle");
    const dbs = Object.values<any>(cfg(file, "databases") ?? {});
    const caches = Object.values<any>(cfg(file, "caches") ?? {});
    for (const db of dbs) {
        add(`database:${db.adopt ? "adopt" : `${db.kind}-${db.engine}`}`);
        if (db.minCapacity === 0) add("database:auto-pause");
        if (db.variables) add("database:renamed");
        if (Object.values<any>(cfg(file, "webServices") ?? {}).some((w) => w.task.containers.some((c: any) => c.dataStoreVariables))) add("database:sidecar");
    }
    for (const c of caches) {
        add(`cache:${c.adopt ? "adopt" : `${c.kind}-${c.engine}`}`);
        if (c.variables?.url) add("cache:url");
    }
    if (dbs.length + caches.length === 0) add("data:none");
    return [...out];
}

/**
 * A few files that together take every branch seen in `pool` generated ones (greedy set cover),
 * and the branches the pool never took (a generator branch that is unreachable is a test defect).
 */
export function coveringSet(seed: number, pool: number, size?: { maxWeb: number; maxWorkers: number }): { files: GeneratedStack[]; covered: string[] } {
    const candidates = fc.sample(validStackFile(size), { numRuns: pool, seed }).map((file) => ({ file, features: new Set(features(file)) }));
    const covered = new Set(candidates.flatMap((c) => [...c.features]));
    const left = new Set(covered);
    const files: GeneratedStack[] = [];
    while (left.size > 0) {
        const best = candidates.reduce((a, b) => ([...b.features].filter((f) => left.has(f)).length > [...a.features].filter((f) => left.has(f)).length ? b : a));
        files.push(best.file);
        for (const f of best.features) left.delete(f);
    }
    return { files, covered: [...covered].sort() };
}
