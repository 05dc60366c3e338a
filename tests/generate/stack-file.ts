/**
 * Valid stack files in the variety users write them: their own zones (apex and www, deep
 * subdomains, public suffixes such as co.uk, trailing dots, a zone id, certificates of their own),
 * every commercial region, one to six web services routed by host and/or path, queue and plain
 * workers sending to each other, schedules of every form, each network mode, Spot or ARM64,
 * secrets by name and by full ARN, alarm e-mails and tags. Each generated file must plan; the
 * invariants (tests/generate/invariants.ts) are then checked on what the program recorded.
 *
 * Every value is one a user could type; rules that span keys (routes that may not overlap, queue
 * variables that may not collide, no Spot on ARM64) are satisfied by construction, not filtered.
 */
import fc from "fast-check";
import { validSchedule, validTimezone } from "./schedules";

export const PROJECT = "fargate-kit";
const ACCOUNT = "123456789012";

/** The commercial regions (opt-in ones included): a stack file may name any of them. */
export const COMMERCIAL_REGIONS = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "mx-central-1", "sa-east-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
    "il-central-1", "me-south-1", "me-central-1", "af-south-1",
    "ap-south-1", "ap-south-2", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
];

/** A generated stack file: its name and its `config:` map, as written in `Pulumi.<stack>.yaml`. */
export interface GeneratedStack {
    stack: string;
    config: Record<string, any>;
}

const label = fc.stringMatching(/^[a-z][a-z0-9]{1,9}(-[a-z0-9]{1,6})?$/);
const SUFFIXES = ["com", "io", "dev", "app", "de", "fr", "nl", "co.uk", "org.uk", "com.br", "com.au", "co.jp", "co.nz", "ch", "se", "cloud", "tech"];

/** A zone users own: `acme.com`, `shop.example-corp.co.uk`, `eu.payments.io`. */
const zoneName = fc.tuple(fc.array(label, { minLength: 1, maxLength: 2 }), fc.constantFrom(...SUFFIXES)).map(([labels, suffix]) => [...labels, suffix].join("."));

/** A service name as users pick them, up to 32 characters (the names AWS limits are cut with a hash). */
const serviceName = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("web", "api", "admin", "app", "storefront", "checkout", "graphql", "docs", "status", "portal", "customer-portal", "partner-api-v2", "backoffice", "www") },
    { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5}){0,2}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{31}$/) },
    { weight: 1, arbitrary: fc.constantFrom("Admin", "PublicApi", "web_v2") },
);
const workerName = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("worker", "mailer", "orders", "image-resizer", "sidekiq", "horizon", "exports", "webhooks", "search-indexer", "notifications") },
    { weight: 2, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,10}(-[a-z0-9]{1,8}){0,2}$/) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{45}$/) },
    { weight: 1, arbitrary: fc.constantFrom("ImageResizer", "mail_sender", "PDFExport") },
);

/** Fargate's cpu/memory pairs at the small end, where apps start. */
const taskSize = fc.constantFrom<[number, number]>([256, 512], [256, 1024], [512, 1024], [512, 2048], [1024, 2048], [1024, 4096], [2048, 4096]);
const webPort = fc.constantFrom(80, 3000, 8000, 8080, 5000, 4000, 9000, 1337);

const EMAIL_USERS = ["ops", "alerts", "oncall+prod", "platform.team", "devops"];

type Zone = { kind: "name" | "dotted" | "id" | "certificates" | "adopt" | "none"; name: string };

/** How the load balancer gets its certificate, and the zone its hosts live in. */
function zoneArbitrary(region: string): fc.Arbitrary<{ zone: Zone; loadBalancer: Record<string, unknown> }> {
    return fc.tuple(fc.constantFrom<Zone["kind"]>("name", "name", "dotted", "id", "certificates", "adopt", "none"), zoneName, fc.stringMatching(/^Z[0-9A-Z]{12,20}$/), fc.uuid()).map(([kind, name, id, uuid]) => {
        const zone = { kind, name };
        if (kind === "name") return { zone, loadBalancer: { hostedZoneName: name } };
        if (kind === "dotted") return { zone, loadBalancer: { hostedZoneName: `${name}.` } };
        // As the console and the CLI show it: bare, or as "/hostedzone/<id>".
        if (kind === "id") return { zone, loadBalancer: { hostedZoneId: id.length % 2 === 0 ? `/hostedzone/${id}` : id } };
        if (kind === "certificates") return { zone, loadBalancer: { certificateArns: [`arn:aws:acm:${region}:${ACCOUNT}:certificate/${uuid}`] } };
        if (kind === "adopt") {
            // The platform team's shared ALB: its listener, certificates and DNS are theirs.
            const lb = `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}:loadbalancer/app/platform-edge/0123456789abcdef`;
            return { zone, loadBalancer: { adopt: { loadBalancerArn: lb, listenerArn: `${lb.replace(":loadbalancer/", ":listener/")}/fedcba9876543210`, securityGroupId: "sg-0fedcba9876543210", https: true } } };
        }
        return { zone, loadBalancer: {} };
    });
}

/** Hosts in a zone: the apex, www, a subdomain, a deeper one. */
const hostIn = (zone: string) => fc.oneof(fc.constant(zone), fc.constant(`www.${zone}`), label.map((l) => `${l}.${zone}`), fc.tuple(label, label).map(([a, b]) => `${a}.${b}.${zone}`));

type Route = { kind: "default" | "host" | "path" | "hostPath" };

/** The web services, routed so that no two claim the same requests (as users are told to). */
function webServicesArbitrary(zone: Zone, names: string[], spotAllowed: boolean): fc.Arbitrary<Record<string, any>> {
    const https = zone.kind !== "none";
    const routeKinds: Route["kind"][] = https ? ["host", "path", "hostPath"] : ["path"];
    return fc
        .tuple(
            fc.boolean(),
            fc.array(fc.constantFrom(...routeKinds), { minLength: names.length, maxLength: names.length }),
            fc.uniqueArray(hostIn(zone.name), { minLength: names.length * 2 + 2, maxLength: names.length * 2 + 2 }),
            fc.array(fc.tuple(taskSize, webPort, fc.constantFrom("ROLLING", "ROLLING", "ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"), fc.boolean(), fc.constantFrom("/", "/up", "/healthz", "/health/ready")), { minLength: names.length, maxLength: names.length }),
            fc.array(
                fc.record({
                    shape: fc.constantFrom("single", "single", "nginx-php", "sidecar"),
                    scaling: fc.constantFrom("none", "desired", "cpu", "requests"),
                    testPort: fc.boolean(),
                    // Real apps' shapes (docs/service-shapes.md): scaling signals, target settings, a singleton.
                    shapes: fc.constantFrom("none", "none", "requests-only", "schedules", "metric", "sticky", "https", "singleton"),
                }),
                { minLength: names.length, maxLength: names.length },
            ),
        )
        .map(([hasDefault, kinds, hosts, shapes, extras]) => {
            const out: Record<string, any> = {};
            let hostIndex = 0;
            let internalTaken = false;
            names.forEach((name, i) => {
                const [[cpu, memory], port, strategy, spot, healthPath] = shapes[i];
                const extra = extras[i];
                const web: Record<string, any> = { healthCheck: { path: healthPath }, task: { cpu, memory, containers: webContainers(extra.shape, i % 2 === 0 ? "app" : name.slice(0, 20), port) } };
                if (extra.scaling === "desired") web.desiredCount = 1 + (i % 3);
                if (extra.scaling === "cpu") web.autoscaling = { minTasks: 1, maxTasks: 4 + i, cpuPercent: 60 };
                if (extra.scaling === "requests" && strategy === "ROLLING") web.autoscaling = { minTasks: 2, maxTasks: 10, requestsPerTarget: 500 };
                // A stack's only web service takes every request (paths would be refused on it).
                const isDefault = (hasDefault && i === 0) || names.length === 1;
                const kind = isDefault ? "default" : kinds[i];
                if (isDefault) {
                    web.default = names.length > 1 ? true : undefined;
                    if (https) {
                        web.domainName = hosts[hostIndex++];
                        if (i % 2 === 0) web.aliases = [hosts[hostIndex++]];
                    }
                } else if (kind === "host") {
                    web.domainName = hosts[hostIndex++];
                } else if (kind === "path") {
                    web.paths = [`/${name}/*`];
                } else {
                    web.domainName = hosts[hostIndex++];
                    web.paths = [`/${name}/*`, `/${name}`];
                }
                if (strategy !== "ROLLING") web.deployment = { strategy, ...(extra.testPort ? { testListenerPort: 8443 + i, testListenerCidrs: ["10.0.0.0/8"] } : {}) };
                if (spot && spotAllowed) web.spot = true;
                webShapes(web, extra.shapes, strategy, https);
                // Another port of the same tasks, drawn from existing choices (the files generated
                // before keep their other keys): a sticky ROLLING service gets a path-routed target,
                // and the first service, with a host, a host-routed one too (its host joins the certificate).
                const taken = (t: string) => names.includes(`${name}-${t}`);
                // A long service name gets the longest target name (20): their resource names meet AWS's limits together.
                const consoleName = name.length > 15 ? "operations-dashboard" : "console";
                if (extra.shapes === "sticky" && web.deployment?.strategy === undefined && !taken(consoleName) && !taken("live")) {
                    web.task.containers[0].ports.push(port + 1);
                    web.additionalTargets = { [consoleName]: { containerPort: port + 1, paths: [`/${name}-console/*`], healthCheck: { path: "/console/health", intervalSeconds: 10 } } };
                    if (i === 0 && web.domainName !== undefined) {
                        web.task.containers[0].ports.push(port + 2);
                        web.additionalTargets.live = { containerPort: port + 2, hosts: [`live.${web.domainName}`], stickiness: { durationSeconds: 600 } };
                    }
                }
                // One path-routed service (not the first, which may get the file's host) moves to the
                // internal ALB, where it is the only service and so its default: no paths there.
                // Drawn from existing choices (no new draw), so the files generated before stay the same.
                if (extra.shapes === "none" && extra.testPort && i > 0 && !internalTaken && web.paths && web.domainName === undefined) {
                    web.public = false;
                    delete web.paths;
                    internalTaken = true;
                }
                out[name] = JSON.parse(JSON.stringify(web));
            });
            // The one service left on the internet-facing ALB is its default, which takes no paths.
            const publicOnes = Object.values(out).filter((w) => w.public !== false);
            if (internalTaken && publicOnes.length === 1) delete publicOnes[0].paths;
            // A zone or certificate is there for a host: a file with one names at least one.
            if (https && hostIndex === 0 && names.length > 0) out[names[0]].domainName = hosts[hostIndex++];
            return out;
        });
}

/** The service shapes of real apps on a generated web service (additive to its other branches). */
function webShapes(web: Record<string, any>, shape: string, strategy: string, https: boolean): void {
    const rolling = (web.deployment?.strategy ?? "ROLLING") === "ROLLING" && strategy !== undefined;
    if (shape === "requests-only" && rolling) {
        web.autoscaling = { minTasks: 2, maxTasks: 8, scaleOnCpu: false, requestsPerTarget: 400 };
        delete web.desiredCount;
    }
    if (shape === "schedules") {
        web.autoscaling = { minTasks: 1, maxTasks: 6, schedules: [{ name: "office", schedule: "cron(0 8 ? * MON-FRI *)", timezone: "Europe/Berlin", minTasks: 2, maxTasks: 6 }, { name: "night", schedule: "cron(0 19 ? * MON-FRI *)", timezone: "Europe/Berlin", minTasks: 1, maxTasks: 6 }] };
        delete web.desiredCount;
    }
    if (shape === "metric") {
        web.autoscaling = { minTasks: 1, maxTasks: 5, metrics: [{ namespace: "App/Web", metricName: "SessionsPerTask", dimensions: [{ name: "Service", value: "web" }], targetValue: 100 }] };
        delete web.desiredCount;
    }
    if (shape === "sticky") Object.assign(web, { stickiness: { type: "lb_cookie", durationSeconds: 3600 }, slowStartSeconds: 60 });
    if (shape === "https") Object.assign(web, { targetProtocol: "HTTPS", ...(https ? { targetProtocolVersion: "HTTP2" } : {}) });
    if (shape === "singleton" && rolling && !web.autoscaling && !web.spot) {
        web.deployment = { ...(web.deployment ?? {}), singleton: true };
        delete web.desiredCount;
    }
}

/** A web task as apps have them: one container (Rails, Node), nginx in front of php-fpm (Laravel), an app with a sidecar. */
function webContainers(shape: string, name: string, port: number): Record<string, any>[] {
    if (shape === "nginx-php") {
        return [
            { name: "nginx", command: ["nginx", "-g", "daemon off;"], inheritAppEnvironment: false, ports: [port], dependsOn: [{ containerName: "php", condition: "HEALTHY" }] },
            { name: "php", command: ["php-fpm", "--nodaemonize"], healthCheck: { command: ["CMD-SHELL", "php-fpm-healthcheck || exit 1"], interval: 5, startPeriod: 10 } },
        ];
    }
    if (shape === "sidecar") {
        return [
            { name, ports: [{ containerPort: port, name: "http" }], environment: { PORT: String(port) } },
            { name: "metrics", image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1", essential: false },
        ];
    }
    return [{ name, ports: [port] }];
}

const COMMANDS = [["php", "artisan", "queue:work", "sqs"], ["bundle", "exec", "sidekiq"], ["node", "dist/worker.js"], ["python", "-m", "app.worker"]];

/** A worker's container: a command on the app image, an entryPoint of its own, or an image of its own. */
const workerContainer = (name: string) =>
    fc.oneof(
        fc.constantFrom(...COMMANDS).map((command) => ({ name: "worker", command })),
        fc.constant({ name: "worker", entryPoint: ["/usr/local/bin/worker-entrypoint"] }),
        fc.constant({ name: name.slice(0, 20), image: `public.ecr.aws/acme/${name.slice(0, 20)}:1.4.2` }),
    );

/** Workers, queue and plain, and who sends to whom: only to queue workers, no cycles, no clashing variables. */
function workersArbitrary(names: string[], spotAllowed: boolean): fc.Arbitrary<Record<string, any>> {
    const prefix = (n: string) => n.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
    return fc
        .tuple(
            ...names.map((name) =>
                fc.record({
                    queue: fc.boolean(),
                    ownVariables: fc.boolean(),
                    container: workerContainer(name),
                    size: taskSize,
                    spot: fc.boolean(),
                    maxJobSeconds: fc.constantFrom(undefined, 30, 120, 900),
                    sendsTo: fc.subarray(names),
                    fifo: fc.boolean(),
                    scaling: fc.constantFrom("none", "warm", "burst"),
                    shapes: fc.constantFrom("none", "none", "steps", "schedules", "singleton", "backend"),
                }),
            ),
        )
        .map((drafts) => {
            const out: Record<string, any> = {};
            const vars = (i: number) => (drafts[i].ownVariables ? [`${prefix(names[i])}_QUEUE_URL`, `${prefix(names[i])}_QUEUE_NAME`] : ["QUEUE_URL", "QUEUE_NAME"]);
            names.forEach((name, i) => {
                const d = drafts[i];
                const [cpu, memory] = d.size;
                // Laravel's queue:work kills a job at --timeout: users who read the refusal set it to maxJobSeconds.
                const command: string[] | undefined = "command" in d.container ? d.container.command : undefined;
                const container = command?.includes("queue:work") && d.queue ? { ...d.container, command: [...command, `--timeout=${d.maxJobSeconds ?? 60}`] } : d.container;
                const worker: Record<string, any> = { task: { cpu, memory, containers: [container] } };
                if (d.queue) {
                    if (d.ownVariables) Object.assign(worker, { queueUrlVariable: vars(i)[0], queueNameVariable: vars(i)[1] });
                    if (d.maxJobSeconds !== undefined) worker.maxJobSeconds = d.maxJobSeconds;
                    if (d.fifo && i % 3 === 0) worker.fifo = true;
                    if (d.scaling === "warm") worker.scaling = { minTasks: 1, maxTasks: 20, backlogPerTask: 20 };
                    if (d.scaling === "burst") worker.scaling = { maxTasks: 50, backlogPerTask: 5, scaleFromZeroTasks: 2 };
                } else {
                    worker.queue = false;
                    if (d.scaling !== "none") worker.scaling = { minTasks: 1, maxTasks: 3, cpuPercent: 70 };
                    if (d.shapes === "steps") worker.scaling = { minTasks: 1, maxTasks: 4, scaleOnCpu: false, steps: [{ namespace: "App/Jobs", metricName: "WaitSeconds", statistic: "Maximum", steps: [{ upper: 5, change: -1 }, { lower: 60, change: 1 }] }] };
                    if (d.shapes === "schedules") worker.scaling = { minTasks: 1, schedules: [{ name: "night", schedule: "cron(0 22 * * ? *)", minTasks: 0, maxTasks: 0 }, { name: "morning", schedule: "cron(0 6 * * ? *)", minTasks: 1, maxTasks: 1 }] };
                    if (d.shapes === "singleton") {
                        worker.deployment = { singleton: true };
                        delete worker.scaling;
                    }
                    // A backend service reachable from the next worker (Service Connect), on a port of its own:
                    // only a later one, so backends never call each other in a circle (refused, rightly).
                    const client = names[i + 1];
                    if (d.shapes === "backend" && client !== undefined && !("image" in container)) {
                        worker.task.containers = [{ ...container, ports: [9000 + i] }];
                        worker.reachableFrom = [client];
                    }
                }
                if (d.spot && spotAllowed && d.scaling === "warm") worker.onDemandBaseTasks = 1;
                if (d.spot && spotAllowed) worker.spot = true;
                // Queue workers send only to later ones (no cycle); variables stay distinct.
                const taken = new Set<string>(d.queue ? vars(i) : []);
                const sendsTo = d.sendsTo.filter((t) => {
                    const j = names.indexOf(t);
                    if (!drafts[j].queue || j === i || (d.queue && j < i) || vars(j).some((v) => taken.has(v))) return false;
                    vars(j).forEach((v) => taken.add(v));
                    return true;
                });
                if (sendsTo.length > 0) worker.sendsTo = sendsTo;
                out[name] = worker;
            });
            return out;
        });
}

/** Adds `sendsTo` to web services: any queue workers whose variables do not clash. */
function wireWebProducers(webServices: Record<string, any>, workers: Record<string, any>, picks: boolean[]): void {
    const queues = Object.entries(workers).filter(([, w]) => w.queue !== false);
    Object.values(webServices).forEach((web, i) => {
        const taken = new Set<string>();
        const sendsTo = queues
            .filter(([, w], j) => picks[(i * 7 + j) % picks.length])
            .filter(([, w]) => {
                const v = [w.queueUrlVariable ?? "QUEUE_URL", w.queueNameVariable ?? "QUEUE_NAME"];
                if (v.some((x) => taken.has(x))) return false;
                v.forEach((x) => taken.add(x));
                return true;
            })
            .map(([n]) => n);
        if (sendsTo.length > 0) web.sendsTo = sendsTo;
    });
}

/** Secrets by name (resolved at deploy) and by full ARN, with and without a JSON key. */
const secretsArbitrary = (region: string, app: string) =>
    fc.array(
        fc.tuple(fc.constantFrom("APP_KEY", "DB_PASSWORD", "REDIS_PASSWORD", "STRIPE_SECRET", "SECRET_KEY_BASE", "SENTRY_DSN"), fc.boolean(), fc.boolean(), fc.stringMatching(/^[A-Za-z0-9]{6}$/), label),
        { maxLength: 3 },
    ).map((entries) => {
        const out: Record<string, any> = {};
        for (const [key, byArn, jsonKey, suffix, part] of entries) {
            const name = `${app}/${part}/${key.toLowerCase().replace(/_/g, "-")}`;
            const ref = byArn ? `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}-${suffix}` : name;
            if (key === "SENTRY_DSN") out[key] = { ssmParameter: byArn ? `arn:aws:ssm:${region}:${ACCOUNT}:parameter/${name}` : `/${name}` };
            else out[key] = jsonKey ? { secretsManager: ref, jsonKey: key.toLowerCase() } : { secretsManager: ref };
        }
        return out;
    });

const NETWORKS = [{ vpcId: "vpc-0a1b2c3d4e5f60718", nat: "none", publicSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"] }, {}, { nat: "none" }, { nat: "single" }, { nat: "perAz", availabilityZones: 3 }, { nat: "instance" }, { nat: "none", vpcEndpoints: true }, { vpcId: "vpc-0a1b2c3d4e5f60718", nat: "existing", publicSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"], privateSubnetIds: ["subnet-0a1b2c3d4e5f60003", "subnet-0a1b2c3d4e5f60004"] }];

/** The whole stack file. `size` bounds the service counts (small in npm test, larger in the slow suite). */
export function validStackFile(size: { maxWeb: number; maxWorkers: number } = { maxWeb: 6, maxWorkers: 4 }): fc.Arbitrary<GeneratedStack> {
    return fc
        .record({
            stack: fc.constantFrom("stage", "prod", "production", "qa-eu", "dev", "staging-2"),
            region: fc.constantFrom(...COMMERCIAL_REGIONS),
            app: fc.constantFrom("shop", "crm", "billing-api", "intranet", "helpdesk"),
            protect: fc.boolean(),
            arm: fc.boolean(),
            network: fc.constantFrom(...NETWORKS),
            webNames: fc.uniqueArray(serviceName, { minLength: 0, maxLength: size.maxWeb }),
            workerNames: fc.uniqueArray(workerName, { minLength: 0, maxLength: size.maxWorkers }),
            webPicks: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
            scheduled: fc.array(fc.tuple(fc.constantFrom("nightly-report", "scheduler", "cleanup", "sitemap", "backup-check"), validSchedule(), fc.option(validTimezone(), { nil: undefined })), { maxLength: 2 }),
            migration: fc.boolean(),
            email: fc.option(fc.tuple(fc.constantFrom(...EMAIL_USERS), zoneName), { nil: undefined }),
            tags: fc.constantFrom<Record<string, string> | undefined>(undefined, { team: "payments" }, { CostCenter: "4711", owner: "platform@acme-corp.de" }, { "cost-center": "eng", environment: "production" }),
            deployments: fc.boolean(),
            image: fc.constantFrom("ecr", "ecr", "github", "gitlab", "circleci", "codebuild", "outside"),
            alarmTopic: fc.boolean(),
            insights: fc.constantFrom("enabled", "enhanced"),
            jobWindow: fc.boolean(),
            keep: fc.constantFrom("defaults", "stage-like", "long-logs"),
            // Issue 21: images of their own, Linux capabilities, memory reservations, a standalone task, queue workers in a circle.
            shapes: fc.record({ images: fc.constantFrom("none", "nginx", "outside"), capabilities: fc.boolean(), memory: fc.boolean(), standalone: fc.boolean(), circle: fc.boolean(), volumes: fc.boolean() }),
            data: dataArbitrary,
            messaging: fc.record({ bucket: fc.constantFrom("none", "readWrite", "prefix"), notify: fc.boolean(), topic: fc.constantFrom("none", "plain", "filter"), metrics: fc.boolean() }),
            // Issue 21: an EFS file system the services share (new, or adopted), mounted read-write or read-only.
            efs: fc.constantFrom("none", "none", "shared", "adopted"),
        })
        .chain((d) => {
            const webNames = d.webNames.length === 0 && d.workerNames.length === 0 ? ["web"] : d.webNames;
            const workerNames = d.workerNames.filter((w) => !webNames.includes(w));
            return fc
                .tuple(zoneArbitrary(d.region), secretsArbitrary(d.region, d.app), workersArbitrary(workerNames, !d.arm))
                .chain(([zone, secrets, workers]) => webServicesArbitrary(zone.zone, webNames, !d.arm).map((web) => ({ zone, secrets, workers, web })))
                .map(({ zone, secrets, workers, web }) => build(d, zone, secrets, workers, web));
        });
}

/** Where the app image comes from: the stack's ECR repository (pushed by a CI system) or a registry outside. */
function imageSource(kind: string, app: string): Record<string, unknown> {
    switch (kind) {
        case "github":
            return { ciPush: { provider: "github", repository: `${app}-team/${app}`, branches: ["main", "release/*"] } };
        case "gitlab":
            return { ciPush: { provider: "gitlab", repository: `${app}-group/platform/${app}` } };
        case "circleci":
            return { ciPush: { provider: "circleci", repository: `${app}-team/${app}`, circleciOrganizationId: "3f1b2c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d", circleciProjectId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" } };
        case "codebuild":
            return { ciPush: { provider: "codebuild", repository: `${app}-build`, codeBuildProject: `${app}-image` } };
        case "outside":
            return { imageRepository: `registry.gitlab.com/${app}-group/${app}`, imageRepositoryCredentialsSecret: `${app}/gitlab-registry` };
        default:
            return { keepTaggedImages: 30 };
    }
}

function build(d: any, zone: { zone: Zone; loadBalancer: Record<string, unknown> }, secrets: Record<string, any>, drawnWorkers: Record<string, any>, drawnWeb: Record<string, any>): GeneratedStack {
    // fast-check hands the same drawn objects to several files (shrinking, replays): every change
    // below is made on copies, or one file's mounts, statements and sizes would leak into the next.
    const workers: Record<string, any> = structuredClone(drawnWorkers);
    const web: Record<string, any> = structuredClone(drawnWeb);
    wireWebProducers(web, workers, d.webPicks);
    const key = (k: string) => `${PROJECT}:${k}`;
    const config: Record<string, any> = { "aws:region": d.region, [key("protect")]: d.protect };
    // What a destroy keeps and how long logs last: prod's defaults, stage's explicit opt-outs, or years of logs.
    if (d.keep === "stage-like") Object.assign(config, { [key("retainOnDelete")]: false, [key("logRetentionDays")]: 30 });
    if (d.keep === "long-logs") config[key("logRetentionDays")] = 1827;
    if (Object.keys(d.network).length > 0) config[key("network")] = d.network;
    const hasQueues = Object.values(workers).some((w: any) => w.queue !== false);
    const app: Record<string, any> = { cpuArchitecture: d.arm ? "ARM64" : "X86_64", environment: { APP_NAME: d.app, LOG_CHANNEL: "stderr" } };
    if (Object.keys(secrets).length > 0) app.secrets = secrets;
    Object.assign(app, imageSource(d.image, d.app));
    if (d.keep === "stage-like" && app.imageRepository === undefined) app.deleteImagesWithRepository = true;
    config[key("app")] = app;
    if (d.tags) config[key("tags")] = d.tags;
    if (Object.keys(web).length > 0 && Object.keys(zone.loadBalancer).length > 0) config[key("loadBalancer")] = zone.loadBalancer;
    if (d.email) {
        const [user, domain] = d.email;
        const alarms = d.alarmTopic ? { topicArn: `arn:aws:sns:${d.region}:${ACCOUNT}:${d.app}-alerts` } : { email: `${user}@${domain}` };
        for (const w of Object.values(web)) w.alarms = alarms;
        for (const w of Object.values(workers)) w.alarms = alarms;
    }
    if (Object.keys(web).length > 0) config[key("webServices")] = web;
    if (Object.keys(workers).length > 0) config[key("workers")] = workers;
    const serviceNames = new Set([...Object.keys(web), ...Object.keys(workers), "migrate"]);
    const jobs: Record<string, any> = {};
    for (const [name, schedule, timezone] of d.scheduled) {
        if (serviceNames.has(name) || name in jobs) continue;
        jobs[name] = { schedule, ...(timezone ? { timezone } : {}), ...(d.jobWindow ? { flexibleWindowMinutes: 15, retryAttempts: 2 } : {}), task: { cpu: 256, memory: 512, containers: [{ name: "job", command: ["php", "artisan", "schedule:run"] }] } };
    }
    if (Object.keys(jobs).length > 0) config[key("scheduledTasks")] = jobs;
    if (d.migration) config[key("migration")] = { task: { cpu: 256, memory: 512, containers: [{ name: "migrate", command: ["bin/rails", "db:migrate"] }] } };
    if (hasQueues || d.insights === "enhanced") config[key("cluster")] = { containerInsights: d.insights };
    addTaskShapes(d, config, web, workers, serviceNames);
    if (d.deployments && d.image !== "codebuild") config[key("deployments")] = { organization: `${d.app}-team`, repository: `${d.app}-team/${d.app}`, branch: "main" };
    // All-AWS (images built by CodeBuild): the program in CodeCommit, deployed on push through EventBridge.
    if (d.deployments && d.image === "codebuild") {
        config[key("deployments")] = { organization: `${d.app}-team`, vcsProvider: "codecommit", repository: `${d.app}-infra`, branch: "main", gitUsername: `${d.app}-deployer-at-${ACCOUNT}` };
        config[key("deploymentsGitPassword")] = { secure: "v1:generated-git-password" };
        config[key("deploymentsPulumiToken")] = { secure: "v1:generated-pulumi-token" };
    }
    // Standalone tasks last: the services' picks stay those of the files generated before them.
    addDataStores(config, d.data, { ...web, ...workers, ...jobs, ...(d.migration ? { migrate: config[key("migration")] } : {}), ...(config[key("tasks")] ?? {}) });
    addMessaging(d.messaging, config, web, workers, Object.keys(jobs));
    return { stack: d.stack, config: JSON.parse(JSON.stringify(config)) };
}

/**
 * What real apps add (issue 21): nginx on an image of its own (or a renderer from a registry outside
 * the stack) picked by name, dropped capabilities and SYS_PTRACE, memory reservations under hard
 * limits, a task definition for one-off runs, and two queue workers that send to each other.
 */
function addTaskShapes(d: any, config: Record<string, any>, web: Record<string, any>, workers: Record<string, any>, serviceNames: Set<string>): void {
    const key = (k: string) => `${PROJECT}:${k}`;
    const s = d.shapes;
    const webTasks = Object.values<any>(web).map((w) => w.task);
    if (s.images === "nginx") {
        // Built at deploy time from a Dockerfile target, with Linux capabilities drawn (an existing choice).
        config[key("images")] = { nginx: { keepTaggedImages: 10, ...(s.capabilities ? { build: { context: "./docker/nginx", target: "production" } } : {}) } };
        for (const t of webTasks) {
            const nginx = t.containers.find((c: any) => c.name === "nginx");
            if (nginx) {
                delete nginx.inheritAppEnvironment;
                nginx.image = "nginx";
            }
        }
    }
    if (s.images === "outside") {
        config[key("images")] = { renderer: { repository: `registry.gitlab.com/${d.app}-group/renderer`, repositoryCredentialsSecret: `${d.app}/gitlab-registry`, tag: "2.1.0" } };
        for (const w of Object.values<any>(workers)) if (w.task.containers[0].image) w.task.containers[0].image = "renderer";
    }
    if (s.capabilities && webTasks.length > 0) webTasks[0].containers[0].capabilities = d.protect ? { drop: ["NET_RAW"] } : { add: ["SYS_PTRACE"], drop: ["NET_RAW"] };
    if (s.memory) {
        for (const t of webTasks) {
            if (t.containers.length < 2) continue;
            t.containers[0].memoryReservation = 64;
            Object.assign(t.containers[1], { memory: t.memory, memoryReservation: t.memory / 2 });
        }
    }
    if (s.volumes) {
        // php-fpm's socket directory, which nginx only reads.
        for (const t of webTasks) {
            if (t.containers.length < 2 || t.containers[0].name !== "nginx") continue;
            t.volumes = [{ name: "php-socket" }];
            t.containers[0].mounts = [{ volume: "php-socket", path: "/var/run/php", readOnly: true }];
            t.containers[1].mounts = [{ volume: "php-socket", path: "/var/run/php" }];
        }
    }
    if (s.standalone && !serviceNames.has("db-seed") && !(config[key("scheduledTasks")] ?? {})["db-seed"]) {
        config[key("tasks")] = { "db-seed": { task: { cpu: 256, memory: 512, containers: [{ name: "seed", command: ["bin/rails", "db:seed"] }] } } };
    }
    addFileSystems(d, config, web, workers);
    const queues = Object.entries<any>(workers).filter(([, w]) => w.queue !== false);
    if (s.circle && queues.length >= 2) {
        const prefix = (n: string) => n.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
        const [[a, wa], [b, wb]] = queues;
        for (const [n, w] of [[a, wa], [b, wb]] as [string, any][]) Object.assign(w, { queueUrlVariable: `${prefix(n)}_QUEUE_URL`, queueNameVariable: `${prefix(n)}_QUEUE_NAME` });
        wa.sendsTo = [...new Set([...(wa.sendsTo ?? []), b])];
        wb.sendsTo = [...new Set([...(wb.sendsTo ?? []), a])];
    }
}

/** A database and/or a cache (created, or adopted), each used by some of the services. */
const dataArbitrary = fc.record({
    database: fc.constantFrom<"none" | "serverless" | "instance" | "adopt">("none", "none", "serverless", "instance", "adopt"),
    engine: fc.constantFrom("postgres", "mysql"),
    autoPause: fc.boolean(),
    cache: fc.constantFrom<"none" | "serverless" | "node" | "adopt">("none", "none", "serverless", "node", "adopt"),
    cacheEngine: fc.constantFrom("valkey", "redis"),
    picks: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
    renamed: fc.boolean(),
    name: fc.constantFrom("main", "primary", "app-db"),
});

/**
 * `databases` and `caches`, used by services that run the app image with the app's environment (a
 * worker of its own image only would receive nothing, which the stack file refuses). A hand-written
 * DB_PASSWORD in app.secrets goes, as it does when a user adds the database.
 */
function addDataStores(config: Record<string, any>, data: any, services: Record<string, any>): void {
    const key = (k: string) => `${PROJECT}:${k}`;
    const eligible = Object.entries(services).filter(([, s]) => s.task.containers.some((c: any) => c.image === undefined && c.inheritAppEnvironment !== false)).map(([n]) => n);
    if (eligible.length === 0) return;
    const usedBy = (offset: number) => {
        const picked = eligible.filter((_, i) => data.picks[(i + offset) % data.picks.length]);
        return picked.length > 0 ? picked : [eligible[0]];
    };
    if (data.database !== "none") {
        const db: Record<string, any> =
            data.database === "adopt"
                ? { adopt: { endpoint: "legacy.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com", port: 5432, securityGroupId: "sg-0a1b2c3d4e5f60718", secret: "legacy/db" } }
                : { engine: data.engine, kind: data.database, ...(data.database === "serverless" && data.autoPause ? { minCapacity: 0, maxCapacity: 2 } : {}) };
        db.usedBy = usedBy(0);
        // A sidecar on its own image that reads the database (an exporter): its variables, not the app's (an existing draw).
        if (data.picks[11]) for (const n of db.usedBy) for (const c of services[n].task.containers) if (c.name === "metrics" && c.image !== undefined) c.dataStoreVariables = true;
        if (data.renamed) db.variables = { host: "DATABASE_HOST", password: "DATABASE_PASSWORD" };
        config[key("databases")] = { [data.name]: db };
        const app = config[key("app")];
        if (app.secrets && (data.renamed ? "DATABASE_PASSWORD" : "DB_PASSWORD") in app.secrets) delete app.secrets[data.renamed ? "DATABASE_PASSWORD" : "DB_PASSWORD"];
        if (app.secrets && Object.keys(app.secrets).length === 0) delete app.secrets;
    }
    if (data.cache !== "none") {
        const cache: Record<string, any> = data.cache === "adopt" ? { adopt: { endpoint: "sessions.abc123.cache.amazonaws.com", port: 6379, securityGroupId: "sg-0fedcba9876543210" } } : { engine: data.cacheEngine, kind: data.cache };
        cache.usedBy = usedBy(5);
        // With the database renamed (an existing draw), the cache hands its whole URL too (Sidekiq's REDIS_URL).
        if (data.renamed) cache.variables = { url: "REDIS_URL" };
        config[key("caches")] = { sessions: cache };
    }
}

/**
 * A bucket handed to services (read-write, or read under a prefix), its uploads notifying a queue
 * worker, a topic one service publishes to and a queue worker subscribes to (with or without a
 * filter policy), and a resource-less grant (PutMetricData on "*", narrowed to a namespace).
 */
function addMessaging(data: { bucket: string; notify: boolean; topic: string; metrics: boolean }, config: Record<string, any>, web: Record<string, any>, workers: Record<string, any>, jobs: string[]): void {
    const key = (k: string) => `${PROJECT}:${k}`;
    const services = [...Object.keys(web), ...Object.keys(workers), ...jobs];
    const queueWorker = Object.keys(workers).find((w) => workers[w].queue !== false);
    if (data.bucket !== "none" && services.length > 0) {
        const grants: Record<string, unknown> = { [services[0]]: "readWrite" };
        if (data.bucket === "prefix" && services.length > 1) grants[services[1]] = { access: "read", prefix: "exports/" };
        const bucket: Record<string, unknown> = { grants, lifecycle: [{ prefix: "tmp/", expireDays: 7 }] };
        if (data.notify && queueWorker) bucket.notify = { [queueWorker]: { prefix: "incoming/", suffix: ".csv" } };
        config[key("buckets")] = { files: bucket };
    }
    if (data.topic !== "none" && services.length > 0 && queueWorker) {
        const subscriber = data.topic === "filter" ? { filterPolicy: { event: ["order.paid", "order.refunded"] } } : {};
        config[key("topics")] = { events: { publishers: [services[0]], subscribers: { [queueWorker]: subscriber }, ...(workers[queueWorker].fifo ? { fifo: true } : {}) } };
    }
    const firstWeb = Object.values(web)[0];
    if (data.metrics && firstWeb) {
        firstWeb.task.taskRoleStatements = [
            ...(firstWeb.task.taskRoleStatements ?? []),
            { actions: ["cloudwatch:PutMetricData"], resources: ["*"], conditions: [{ operator: "StringEquals", key: "cloudwatch:namespace", values: ["App"] }] },
        ];
    }
}

/**
 * An EFS file system for uploads (issue 21): the first web service's last container writes it, the
 * first worker only reads it; both through the access point. New (with backups following protect),
 * or adopted with its mount targets' security group.
 */
function addFileSystems(d: any, config: Record<string, any>, web: Record<string, any>, workers: Record<string, any>): void {
    if (d.efs === "none") return;
    const webTask = Object.values<any>(web)[0]?.task;
    const workerTask = Object.values<any>(workers)[0]?.task;
    if (!webTask && !workerTask) return;
    config[`${PROJECT}:fileSystems`] = {
        uploads:
            d.efs === "adopted"
                ? { adopt: { fileSystemId: "fs-0123456789abcdef0", accessPoints: { app: "fsap-0123456789abcdef0" }, mountTargetSecurityGroupId: "sg-0123456789abcdef0" } }
                : { accessPoints: { app: { uid: 33, gid: 33, path: "/uploads" } }, transitionToIaDays: 30, sizeGb: 25 },
    };
    // A protected stack letting one deployment replace its file system (drawn from an existing choice).
    if (d.efs !== "adopted" && d.protect && d.keep === "long-logs") config[`${PROJECT}:fileSystems`].uploads.allowReplacement = true;
    const mount = (task: any, readOnly: boolean) => {
        const c = task.containers[task.containers.length - 1];
        // fast-check may hand the same task object to several files: mount once, whatever came before.
        c.mounts = [...(c.mounts ?? []).filter((m: any) => m.fileSystem !== "uploads"), { fileSystem: "uploads", accessPoint: "app", path: "/mnt/uploads", ...(readOnly ? { readOnly: true } : {}) }];
    };
    if (webTask) mount(webTask, false);
    if (workerTask) mount(workerTask, true);
    // The standalone seed task reads it too, with memory reservations drawn (an existing choice).
    const seed = config[`${PROJECT}:tasks`]?.["db-seed"]?.task;
    if (seed && d.shapes.memory) mount(seed, true);
}
