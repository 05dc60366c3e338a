/**
 * The stack file's buckets and topics: which services they are handed to (grants, publishers),
 * which queue workers they deliver to (notify, subscribers), and the variables each service gets,
 * each rule reported at the key the user typed.
 */
import { BucketAccess } from "../components/enums";
import { checkBucketArgs } from "../components/data/bucket-args";
import { checkBucketEventsArgs } from "../components/data/bucket-events";
import { checkFilterPolicy } from "../components/data/queue-delivery";
import { TOPIC_NAME, checkTopicArgs } from "../components/data/topic";
import { ENV_NAME } from "../components/task/task-spec";
import { Check, show } from "../components/internal/validation";
import { BucketConfig, TopicConfig } from "./schema";
import { queueVariables } from "./service-config";
import { StackConfig } from "./stack-config";

/** A stack file's bucket key: lower-case letters, digits and hyphens (it becomes part of the bucket's name). */
const BUCKET_KEY = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** A name as the start of an environment variable: `image-exports` → `IMAGE_EXPORTS`. */
const envPrefix = (name: string) => name.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^(\d)/, "_$1");
export const bucketVariable = (name: string, b: BucketConfig) => b.variable ?? `${envPrefix(name)}_BUCKET`;
export const topicVariable = (name: string, t: TopicConfig) => t.variable ?? `${envPrefix(name)}_TOPIC_ARN`;

/** What one service gets from the stack's buckets and topics. */
export interface DataWiring {
    buckets: { bucket: string; access: BucketAccess; prefix?: string }[];
    topics: string[];
    /** Variable → the bucket or topic key that gives it (`buckets.uploads`). */
    variables: Map<string, string>;
}

export function dataWiring(config: Pick<StackConfig, "buckets" | "topics">, service: string): DataWiring {
    const out: DataWiring = { buckets: [], topics: [], variables: new Map() };
    for (const [name, b] of Object.entries(config.buckets)) {
        const grant = b.grants?.[service];
        if (grant === undefined) continue;
        out.buckets.push({ bucket: name, access: grant.access, prefix: grant.prefix });
        out.variables.set(bucketVariable(name, b), `buckets.${name}`);
    }
    for (const [name, t] of Object.entries(config.topics)) {
        if (!(t.publishers ?? []).includes(service)) continue;
        out.topics.push(name);
        out.variables.set(topicVariable(name, t), `topics.${name}`);
    }
    return out;
}

/** Services a bucket or topic may be handed to, by name: standalone tasks too (whoever runs them gets the grants). */
function serviceNames(config: StackConfig): string[] {
    return [...Object.keys(config.webServices), ...Object.keys(config.workers), ...Object.keys(config.scheduledTasks), ...Object.keys(config.tasks)];
}

export function checkData(root: Check, config: StackConfig): void {
    const p = config.project;
    const services = serviceNames(config);
    const known = `services of this stack: ${services.map((s) => show(s)).join(", ") || "none"}`;
    const queueWorkers = Object.entries(config.workers).filter(([, w]) => w.queue !== false).map(([n]) => n);
    const checkWorker = (c: Check, name: string, what: string): boolean => {
        const w = config.workers[name];
        if (w === undefined || w.queue === false) {
            c.fail(`is ${show(name)}, which is not a queue worker of this stack; ${what} go to a worker's SQS queue; queue workers: ${queueWorkers.map((s) => show(s)).join(", ") || "none"}`);
            return false;
        }
        if (w.kmsKeyArn !== undefined) {
            config.warnings.push(`${p}:workers.${name} encrypts its queue with ${w.kmsKeyArn}: ${what} reach it only if that key's policy lets sns.amazonaws.com and s3.amazonaws.com use it (kms:GenerateDataKey, kms:Decrypt)`);
        }
        if (w.queueArn !== undefined) {
            c.fail(`is ${show(name)}, which adopts its queue (queueArn): its queue policy is not this stack's to write; give ${show(name)} a queue of its own, or subscribe the adopted queue outside the stack`);
            return false;
        }
        return true;
    };
    for (const [name, b] of Object.entries(config.buckets)) {
        const c = root.at(`${p}:buckets`).at(name);
        if (!BUCKET_KEY.test(name)) c.fail(`is a bucket name of ${show(name)}; allowed: 1-40 lower-case letters, digits and hyphens, starting with a letter or digit (it begins the bucket's S3 name, which allows no upper case)`);
        if (b.variable !== undefined) c.at("variable").matches(b.variable, ENV_NAME, "an environment variable name (letters, digits, '_', not starting with a digit)");
        checkBucketArgs(c, { ...b, protect: config.protect });
        for (const [service, grant] of Object.entries(b.grants ?? {})) {
            const gc = c.at("grants").at(service);
            if (!services.includes(service)) gc.fail(`is not a service of this stack; ${known}`);
            if (grant.prefix !== undefined && (/[*?]/.test(grant.prefix) || grant.prefix.startsWith("/"))) {
                gc.at("prefix").fail(`is ${show(grant.prefix)}; give a key prefix such as "exports/" (no wildcards, no leading "/": S3 keys have none)`);
            }
        }
        const notify = Object.entries(b.notify ?? {});
        notify.forEach(([worker]) => checkWorker(c.at("notify").at(worker), worker, "bucket events"));
        if (notify.length > 0) {
            const events = Check.root();
            checkBucketEventsArgs(events, { bucket: name, queues: notify.map(([, n]) => ({ queueArn: "", events: n.events, filterPrefix: n.prefix, filterSuffix: n.suffix })) });
            for (const problem of events.problems) {
                const m = /^queues\[(\d+)\](.*)$/.exec(problem.path);
                const at = m ? c.at("notify").at(notify[Number(m[1])][0]) : c.at("notify");
                const rest = (m?.[2] ?? "").replace(/^\.filterPrefix/, ".prefix").replace(/^\.filterSuffix/, ".suffix");
                const message = problem.message.replace(/queues\[(\d+)\]/g, (_, k: string) => `notify.${notify[Number(k)][0]}`);
                // The root check's path is empty, so `at` takes the whole path as typed.
                root.at(`${at.path}${rest}`).fail(message);
            }
        }
    }
    for (const [name, t] of Object.entries(config.topics)) {
        const c = root.at(`${p}:topics`).at(name);
        if (!TOPIC_NAME.test(name)) c.fail(`is a topic name of ${show(name)}; allowed: letters, digits, hyphens and underscores (SNS topic names)`);
        if (t.variable !== undefined) c.at("variable").matches(t.variable, ENV_NAME, "an environment variable name (letters, digits, '_', not starting with a digit)");
        checkTopicArgs(c, t);
        (t.publishers ?? []).forEach((s, i) => {
            if (!services.includes(s)) c.at("publishers").at(i).fail(`is ${show(s)}, which is not a service of this stack; ${known}`);
        });
        const subscribers = Object.entries(t.subscribers ?? {});
        if ((t.publishers ?? []).length === 0) c.at("publishers").fail("is empty or missing: no service of the stack publishes to this topic; name the publishers, e.g. [web]");
        if (subscribers.length === 0) c.at("subscribers").fail("is empty or missing: no queue worker gets this topic's messages; name the subscribers, e.g. { worker: {} }");
        for (const [worker, s] of subscribers) {
            const sc = c.at("subscribers").at(worker);
            if (!checkWorker(sc, worker, "a topic's messages")) continue;
            if ((t.fifo ?? false) !== (config.workers[worker].fifo ?? false)) {
                sc.fail(`is ${show(worker)}, whose queue is ${config.workers[worker].fifo ? "FIFO" : "standard"} while the topic is ${t.fifo ? "FIFO" : "standard"}; SNS delivers a FIFO topic only to FIFO queues, and a standard topic only to standard ones: set fifo alike on both`);
            }
            if (s.filterPolicy !== undefined) checkFilterPolicy(sc.at("filterPolicy"), JSON.stringify(s.filterPolicy), s.filterPolicyScope ?? "MessageAttributes");
            else if (s.filterPolicyScope !== undefined) sc.at("filterPolicyScope").fail("is set without a filterPolicy");
        }
    }
    checkDataVariables(root, config);
}

/** The variables a bucket or topic gives a service must be the only source of that variable in it. */
function checkDataVariables(root: Check, config: StackConfig): void {
    const p = config.project;
    type Handed = StackConfig["webServices"][string] | StackConfig["workers"][string] | StackConfig["scheduledTasks"][string] | StackConfig["tasks"][string];
    const services: [string, Handed][] = [...Object.entries(config.webServices), ...Object.entries(config.workers)];
    const jobs: [string, Handed][] = [...Object.entries(config.scheduledTasks), ...Object.entries(config.tasks)];
    const appVars = new Set([...Object.keys(config.app.environment ?? {}), ...Object.keys(config.app.secrets ?? {})]);
    const at = (source: string, service: string) => {
        const [kind, name] = source.split(".");
        return kind === "buckets" ? root.at(`${p}:buckets`).at(name).at("grants").at(service) : root.at(`${p}:topics`).at(name).at("publishers");
    };
    for (const [service, s] of [...services, ...jobs]) {
        const wiring = dataWiring(config, service);
        if (wiring.variables.size === 0) continue;
        const taken = new Map<string, string>();
        for (const v of appVars) taken.set(v, `${p}:app.environment/app.secrets`);
        s.task.containers.forEach((c, i) => {
            if (c.essential === false) return;
            for (const k of [...Object.keys(c.environment ?? {}), ...Object.keys(c.secrets ?? {})]) taken.set(k, `its task.containers[${i}] (${c.name})`);
        });
        const worker = config.workers[service];
        if (worker && worker.queue !== false) for (const v of queueVariables(worker)) taken.set(v, "its own queue's variables");
        for (const target of ("sendsTo" in s ? s.sendsTo ?? [] : [])) {
            const w = config.workers[target];
            if (w && w.queue !== false) for (const v of queueVariables(w)) taken.set(v, `the queue of ${show(target)} (sendsTo)`);
        }
        const seen = new Map<string, string>();
        for (const b of wiring.buckets) {
            const v = bucketVariable(b.bucket, config.buckets[b.bucket]);
            report(`buckets.${b.bucket}`, v);
        }
        for (const t of wiring.topics) report(`topics.${t}`, topicVariable(t, config.topics[t]));
        function report(source: string, v: string) {
            const clash = taken.get(v) ?? (seen.has(v) ? `${p}:${seen.get(v)}` : undefined);
            if (clash !== undefined) at(source, service).fail(`gives ${show(service)} the variable ${v}, which it also gets from ${clash}; a variable comes from one place only: set ${p}:${source}.variable to another name`);
            seen.set(v, source);
        }
    }
}
