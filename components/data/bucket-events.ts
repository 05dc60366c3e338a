import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Check, show } from "../internal/validation";

export interface BucketEventsArgs {
    /** The bucket's name (`Bucket.bucketName`). */
    bucket: pulumi.Input<string>;
    /** The queues notified, each with its events and key filter. */
    queues: BucketQueueEventArgs[];
}

/** Events of a bucket sent to one queue. */
export interface BucketQueueEventArgs {
    /** The queue's ARN; a `QueueDelivery` of that queue must admit the bucket. */
    queueArn: pulumi.Input<string>;
    /**
     * S3 event types, e.g. `["s3:ObjectCreated:*"]`.
     * Default: ["s3:ObjectCreated:*"].
     * @default ["s3:ObjectCreated:*"]
     */
    events?: string[] | undefined;
    /**
     * Only keys that start with this, e.g. `"uploads/"`.
     * Default: every key.
     * @default - every key
     */
    filterPrefix?: string | undefined;
    /**
     * Only keys that end with this, e.g. `".csv"`.
     * Default: every key.
     * @default - every key
     */
    filterSuffix?: string | undefined;
}

/** Event types S3 can notify (S3 User Guide, "Supported event types for SQS, SNS and Lambda"). */
export const S3_EVENT_TYPES = [
    "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy", "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete",
    "s3:ReducedRedundancyLostObject",
    "s3:Replication:*", "s3:Replication:OperationFailedReplication", "s3:Replication:OperationMissedThreshold", "s3:Replication:OperationReplicatedAfterThreshold", "s3:Replication:OperationNotTracked",
    "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated", "s3:LifecycleTransition",
    "s3:IntelligentTiering", "s3:ObjectTagging:*", "s3:ObjectTagging:Put", "s3:ObjectTagging:Delete", "s3:ObjectAcl:Put",
] as const;

/**
 * A bucket's event notifications to the queues of workers (a file uploaded → a job). S3 keeps one
 * notification configuration per bucket, so every queue a bucket notifies is in one `BucketEvents`;
 * create it after the `QueueDelivery` that admits the bucket (S3 sends a test message and refuses
 * a queue it may not send to: "Unable to validate the following destination configurations").
 */
export class BucketEvents extends pulumi.ComponentResource {
    readonly notification: aws.s3.BucketNotification;

    constructor(name: string, args: BucketEventsArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before registering anything.
        const check = Check.root();
        checkBucketEventsArgs(check, args);
        check.throwIfFailed(`BucketEvents "${name}"`);
        super("fargate-kit:index:BucketEvents", name, {}, opts);
        this.notification = new aws.s3.BucketNotification(
            name,
            {
                bucket: args.bucket,
                queues: args.queues.map((q, i) => ({ id: `queue-${i}`, queueArn: q.queueArn, events: q.events ?? ["s3:ObjectCreated:*"], filterPrefix: q.filterPrefix, filterSuffix: q.filterSuffix })),
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}

/** The event types `a` covers (a `:*` covers its family). */
const covers = (a: string, b: string) => a === b || (a.endsWith(":*") && b.startsWith(a.slice(0, -1)));

export function checkBucketEventsArgs(check: Check, args: BucketEventsArgs): void {
    if (!check.at("queues").list(args.queues, "of queues", true)) return;
    if (args.queues.length === 0) check.at("queues").fail("is empty; give the queues to notify");
    args.queues.forEach((q, i) => {
        const qc = check.at("queues").at(i);
        const events = q.events ?? ["s3:ObjectCreated:*"];
        if (events.length === 0) qc.at("events").fail(`is empty; e.g. ["s3:ObjectCreated:*"]`);
        events.forEach((e, j) => qc.at("events").at(j).oneOf(e, S3_EVENT_TYPES as readonly string[]));
        if (q.filterPrefix !== undefined && q.filterPrefix.length > 1024) qc.at("filterPrefix").fail("is longer than 1024 characters, S3's longest object key");
        if (q.filterSuffix !== undefined && q.filterSuffix.length > 1024) qc.at("filterSuffix").fail("is longer than 1024 characters, S3's longest object key");
        // S3 refuses two configurations whose events and keys overlap ("Configurations overlap").
        for (let k = 0; k < i; k++) {
            const o = args.queues[k];
            const oEvents = o.events ?? ["s3:ObjectCreated:*"];
            const sharedEvent = events.find((e) => oEvents.some((f) => covers(e, f) || covers(f, e)));
            const p1 = q.filterPrefix ?? "", p2 = o.filterPrefix ?? "", s1 = q.filterSuffix ?? "", s2 = o.filterSuffix ?? "";
            const prefixesOverlap = p1.startsWith(p2) || p2.startsWith(p1);
            const suffixesOverlap = s1.endsWith(s2) || s2.endsWith(s1);
            if (sharedEvent && prefixesOverlap && suffixesOverlap) {
                qc.fail(`overlaps queues[${k}] (both get ${show(sharedEvent)} for keys ${show(p1 || p2 ? `${p1 || p2}…` : "any")}${s1 || s2 ? ` ending ${show(s1 || s2)}` : ""}); S3 refuses overlapping notifications: give them prefixes or suffixes that do not overlap`);
            }
        }
    });
}
