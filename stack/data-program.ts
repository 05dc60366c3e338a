/**
 * The stack's buckets and topics: created before the services that use them, handed to each
 * service as variables and grants, and delivering into the queues of the workers named.
 */
import * as pulumi from "@pulumi/pulumi";
import { Bucket } from "../components/data/bucket";
import { BucketEvents } from "../components/data/bucket-events";
import { QueueDelivery } from "../components/data/queue-delivery";
import { Topic } from "../components/data/topic";
import { QueueWorker } from "../components/services/queue-worker";
import { PolicyStatementSpec } from "../components/task/task-spec";
import { bucketVariable, dataWiring, topicVariable } from "./data-config";
import { StackConfig } from "./stack-config";

export interface StackData {
    buckets: Record<string, Bucket>;
    topics: Record<string, Topic>;
}

/** Logical names of the data resources: `<key>` for buckets and topics alike would collide with services' names, so they carry their kind. */
export const bucketResourceName = (name: string) => `${name}-bucket`;
export const topicResourceName = (name: string) => `${name}-topic`;

export function createData(config: StackConfig, tags: Record<string, string>): StackData {
    const keep = { protect: config.protect, retainOnDelete: config.retainOnDelete };
    const buckets = Object.fromEntries(
        Object.entries(config.buckets).map(([name, b]) => [
            name,
            new Bucket(bucketResourceName(name), { versioning: b.versioning, noncurrentVersionExpireDays: b.noncurrentVersionExpireDays, lifecycle: b.lifecycle, cors: b.cors, kmsKeyArn: b.kmsKeyArn, ...keep, tags: { ...tags, bucket: name } }),
        ]),
    );
    const topics = Object.fromEntries(Object.entries(config.topics).map(([name, t]) => [name, new Topic(topicResourceName(name), { fifo: t.fifo, kmsKeyArn: t.kmsKeyArn, ...keep, tags: { ...tags, topic: name } })]));
    return { buckets, topics };
}

/** A service's variables and grants from the buckets and topics handed to it. */
export function dataFor(config: StackConfig, data: StackData, service: string): { environment: Record<string, pulumi.Input<string>>; statements: PolicyStatementSpec[] } {
    const wiring = dataWiring(config, service);
    const environment: Record<string, pulumi.Input<string>> = {};
    const statements: PolicyStatementSpec[] = [];
    for (const g of wiring.buckets) {
        environment[bucketVariable(g.bucket, config.buckets[g.bucket])] = data.buckets[g.bucket].bucketName;
        statements.push(...data.buckets[g.bucket].grantStatements(g.access, g.prefix));
    }
    for (const t of wiring.topics) {
        environment[topicVariable(t, config.topics[t])] = data.topics[t].topicArn;
        statements.push(...data.topics[t].publisherStatements());
    }
    return { environment, statements };
}

/**
 * For each queue worker a topic or bucket delivers to: one queue policy admitting exactly those
 * sources, and its subscriptions; then each bucket's notifications, after the policies S3 checks.
 */
export function createDeliveries(config: StackConfig, data: StackData, queues: Map<string, QueueWorker>): void {
    const policies = new Map<string, QueueDelivery>();
    for (const [workerName, worker] of queues) {
        const topics = Object.entries(config.topics).filter(([, t]) => t.subscribers?.[workerName] !== undefined);
        const buckets = Object.entries(config.buckets).filter(([, b]) => b.notify?.[workerName] !== undefined);
        if (topics.length === 0 && buckets.length === 0) continue;
        policies.set(
            workerName,
            new QueueDelivery(`${workerName}-delivery`, {
                queueArn: worker.queueArn,
                queueUrl: worker.queueUrl,
                topics: topics.map(([name, t]) => {
                    const s = t.subscribers![workerName];
                    return { topicArn: data.topics[name].topicArn, filterPolicy: s.filterPolicy && JSON.stringify(s.filterPolicy), filterPolicyScope: s.filterPolicyScope, rawMessageDelivery: s.rawMessageDelivery };
                }),
                bucketArns: buckets.map(([name]) => data.buckets[name].bucketArn),
            }),
        );
    }
    for (const [name, b] of Object.entries(config.buckets)) {
        const notify = Object.entries(b.notify ?? {});
        if (notify.length === 0) continue;
        new BucketEvents(
            `${name}-events`,
            { bucket: data.buckets[name].bucketName, queues: notify.map(([w, n]) => ({ queueArn: queues.get(w)!.queueArn, events: n.events, filterPrefix: n.prefix, filterSuffix: n.suffix })) },
            { dependsOn: notify.map(([w]) => policies.get(w)!) },
        );
    }
}
