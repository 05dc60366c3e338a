/**
 * The mirror of the valid-file generator: one mistake a user makes, put into a generated valid
 * stack file. Each mutation says which key it broke and a fragment the message must carry, so a
 * test can require that the file is refused at that key, with what is allowed, and that no
 * problem names a key the file does not have.
 */
import fc from "fast-check";
import { GeneratedStack, PROJECT } from "./stack-file";

export interface Mutation {
    /** What the user did, for the failure message. */
    what: string;
    file: GeneratedStack;
    /** The key path the refusal must name, without the project (`webServices.api.domainName`). */
    key: string;
    /** A fragment of the message: what is wrong or what is allowed. */
    says: string;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const cfg = (file: GeneratedStack, key: string) => file.config[`${PROJECT}:${key}`];

type Mutator = (file: GeneratedStack, pick: number) => Mutation | undefined;

const nth = <T>(items: T[], pick: number): T | undefined => (items.length === 0 ? undefined : items[pick % items.length]);

const MUTATORS: Mutator[] = [
    // A host typed outside the zone the load balancer's certificate is issued in.
    (file, pick) => {
        const zone: string | undefined = cfg(file, "loadBalancer")?.hostedZoneName?.replace(/\.$/, "");
        const name = nth(Object.keys(cfg(file, "webServices") ?? {}).filter((n) => cfg(file, "webServices")[n].domainName), pick);
        if (!zone || !name) return undefined;
        const out = clone(file);
        out.config[`${PROJECT}:webServices`][name].domainName = `app.not-${zone}`;
        return { what: "a host outside the zone", file: out, key: `webServices.${name}.domainName`, says: "outside the zone" };
    },
    // A host in capitals, as people write their brand.
    (file, pick) => {
        const name = nth(Object.keys(cfg(file, "webServices") ?? {}).filter((n) => cfg(file, "webServices")[n].domainName), pick);
        if (!name) return undefined;
        const out = clone(file);
        const web = out.config[`${PROJECT}:webServices`][name];
        web.domainName = web.domainName.replace(/^[a-z]/, (c: string) => c.toUpperCase());
        return { what: "a host with capitals", file: out, key: `webServices.${name}.domainName`, says: "allowed: a lower-case DNS name" };
    },
    // A certificate from the CloudFront habit: us-east-1 (or eu-west-2 for a us-east-1 stack).
    (file) => {
        const arns: string[] | undefined = cfg(file, "loadBalancer")?.certificateArns;
        if (!arns) return undefined;
        const out = clone(file);
        const region = file.config["aws:region"] === "us-east-1" ? "eu-west-2" : "us-east-1";
        out.config[`${PROJECT}:loadBalancer`].certificateArns = [arns[0].replace(/:acm:[^:]+:/, `:acm:${region}:`)];
        return { what: "a certificate of another region", file: out, key: "loadBalancer.certificateArns[0]", says: "an ALB can use only ACM certificates of its own region" };
    },
    // A queue worker sending to another whose variables are its own queue's.
    (file, pick) => {
        const workers: Record<string, any> = cfg(file, "workers") ?? {};
        const queues = Object.keys(workers).filter((n) => workers[n].queue !== false);
        if (queues.length < 2) return undefined;
        const from = nth(queues, pick)!;
        const to = queues.find((n) => n !== from)!;
        const out = clone(file);
        const ws = out.config[`${PROJECT}:workers`];
        for (const w of Object.values<any>(ws)) delete w.sendsTo;
        for (const n of queues) Object.assign(ws[n], { queueUrlVariable: undefined, queueNameVariable: undefined });
        ws[from].sendsTo = [to];
        for (const w of Object.values<any>(out.config[`${PROJECT}:webServices`] ?? {})) delete w.sendsTo;
        return { what: "sendsTo a queue whose variables are the sender's own", file: clone(out), key: `workers.${from}.sendsTo[0]`, says: "own queue's; set queueUrlVariable and queueNameVariable on" };
    },
    // sendsTo a worker that does not exist (a typo of a real one).
    (file, pick) => {
        const web = nth(Object.keys(cfg(file, "webServices") ?? {}), pick);
        if (!web) return undefined;
        const out = clone(file);
        out.config[`${PROJECT}:webServices`][web].sendsTo = ["mailerr"];
        return { what: "sendsTo an unknown worker", file: out, key: `webServices.${web}.sendsTo[0]`, says: "which is not a worker of this stack" };
    },
    // The cron habit: `*` in both day fields.
    (file, pick) => {
        const job = nth(Object.keys(cfg(file, "scheduledTasks") ?? {}), pick);
        if (!job) return undefined;
        const out = clone(file);
        out.config[`${PROJECT}:scheduledTasks`][job].schedule = "cron(0 3 * * * *)";
        return { what: "cron with * in both day fields", file: out, key: `scheduledTasks.${job}.schedule`, says: 'one of them must be "?"' };
    },
    (file, pick) => {
        const job = nth(Object.keys(cfg(file, "scheduledTasks") ?? {}), pick);
        if (!job) return undefined;
        const out = clone(file);
        out.config[`${PROJECT}:scheduledTasks`][job].timezone = "CET+1";
        return { what: "a time zone that is not IANA", file: out, key: `scheduledTasks.${job}.timezone`, says: "IANA time zone" };
    },
    // A secret by the ARN the console shows without its suffix.
    (file, pick) => {
        const secrets: Record<string, any> = cfg(file, "app")?.secrets ?? {};
        const key = nth(Object.keys(secrets), pick);
        if (!key) return undefined;
        const out = clone(file);
        const ref = `arn:aws:secretsmanager:${file.config["aws:region"]}:123456789012:secret:shop/prod/db`;
        out.config[`${PROJECT}:app`].secrets[key] = { secretsManager: ref };
        return { what: "a partial secret ARN", file: out, key: `app.secrets.${key}.secretsManager`, says: "not a full Secrets Manager ARN" };
    },
    // Memory Fargate does not pair with the cpu.
    (file, pick) => {
        const all = [...Object.keys(cfg(file, "webServices") ?? {}).map((n) => ["webServices", n]), ...Object.keys(cfg(file, "workers") ?? {}).map((n) => ["workers", n])];
        const [kind, name] = nth(all, pick) ?? [];
        if (!kind) return undefined;
        const out = clone(file);
        Object.assign(out.config[`${PROJECT}:${kind}`][name].task, { cpu: 1024, memory: 1536 });
        return { what: "memory Fargate does not offer", file: out, key: `${kind}.${name}.task.memory`, says: "which Fargate does not offer with cpu 1024" };
    },
    // Spot on Graviton.
    (file, pick) => {
        if (cfg(file, "app")?.cpuArchitecture !== "ARM64") return undefined;
        const name = nth(Object.keys(cfg(file, "workers") ?? {}), pick);
        if (!name) return undefined;
        const out = clone(file);
        out.config[`${PROJECT}:workers`][name].spot = true;
        return { what: "Spot with ARM64", file: out, key: `workers.${name}.spot`, says: "ARM64" };
    },
    // A port typed as text, or out of range.
    (file, pick) => {
        const name = nth(Object.keys(cfg(file, "webServices") ?? {}), pick);
        if (!name) return undefined;
        const out = clone(file);
        out.config[`${PROJECT}:webServices`][name].task.containers[0].ports = [70000];
        return { what: "a port out of range", file: out, key: `webServices.${name}.task.containers[0].ports[0]`, says: "65535" };
    },
    // A typo in a key.
    (file, pick) => {
        const name = nth(Object.keys(cfg(file, "webServices") ?? {}), pick);
        if (!name) return undefined;
        const out = clone(file);
        const web = out.config[`${PROJECT}:webServices`][name];
        web.healtCheck = web.healthCheck ?? { path: "/" };
        delete web.healthCheck;
        return { what: "a mistyped key", file: out, key: `webServices.${name}.healtCheck`, says: "is not a known setting" };
    },
    // A worker without a command on the image a web service serves.
    (file, pick) => {
        const webs: Record<string, any> = cfg(file, "webServices") ?? {};
        if (!Object.values(webs).some((w) => w.task.containers.some((c: any) => c.image === undefined))) return undefined;
        const workers: Record<string, any> = cfg(file, "workers") ?? {};
        const name = nth(Object.keys(workers), pick);
        if (!name) return undefined;
        const out = clone(file);
        out.config[`${PROJECT}:workers`][name].task.containers = [{ name: "worker" }];
        return { what: "a worker without a command", file: out, key: `workers.${name}.task.containers[0].command`, says: "would run the default command of the app image" };
    },
    // A retention CloudWatch does not offer (it takes 1, 3, 5, 7, 14, 30, 60, 90, … days).
    (file) => {
        const out = clone(file);
        out.config[`${PROJECT}:logRetentionDays`] = 45;
        return { what: "a log retention CloudWatch does not offer", file: out, key: "logRetentionDays", says: "allowed: 1, 3, 5, 7, 14, 30, 60, 90" };
    },
    // Two web services claiming the default.
    (file) => {
        // Two on the same load balancer: an internal service (public: false) is its own ALB's default.
        const names = Object.entries<any>(cfg(file, "webServices") ?? {}).filter(([, w]) => w.public !== false).map(([n]) => n);
        if (names.length < 2) return undefined;
        const out = clone(file);
        for (const n of names.slice(0, 2)) {
            const web = out.config[`${PROJECT}:webServices`][n];
            delete web.paths;
            web.default = true;
        }
        return { what: "two default web services", file: out, key: `webServices.${names[1]}.default`, says: "only one service can be the default" };
    },
];

/** A generated valid file with one user mistake in it (files no mutator applies to are skipped). */
export function mutated(valid: fc.Arbitrary<GeneratedStack>): fc.Arbitrary<Mutation> {
    return fc
        .tuple(valid, fc.nat({ max: MUTATORS.length - 1 }), fc.nat({ max: 11 }))
        .map(([file, which, pick]) => {
            for (let i = 0; i < MUTATORS.length; i++) {
                const m = MUTATORS[(which + i) % MUTATORS.length](file, pick);
                if (m) return m;
            }
            return undefined;
        })
        .filter((m): m is Mutation => m !== undefined);
}

export const MUTATION_KINDS = MUTATORS.length;
