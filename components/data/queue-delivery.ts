import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FilterPolicyScope } from "../enums";
import { awsLocation } from "../internal/arns";
import { Check, show } from "../internal/validation";

export interface QueueDeliveryArgs {
    /** The queue that receives (e.g. `QueueWorker.queueArn`). */
    queueArn: pulumi.Input<string>;
    /** Its URL (`QueueWorker.queueUrl`): the queue policy is set by URL. */
    queueUrl: pulumi.Input<string>;
    /**
     * Topics the queue subscribes to.
     * Default: none.
     * @default - none
     */
    topics?: QueueTopicSubscriptionArgs[] | undefined;
    /**
     * Buckets (ARNs) whose event notifications the queue receives (see `BucketEvents`).
     * Default: none.
     * @default - none
     */
    bucketArns?: pulumi.Input<string>[] | undefined;
}

/** A subscription of the queue to a topic. */
export interface QueueTopicSubscriptionArgs {
    /** The topic's ARN (`Topic.topicArn`). */
    topicArn: pulumi.Input<string>;
    /**
     * A filter policy as JSON, e.g. `{"event":["order.paid"]}`: only matching messages reach the queue.
     * Default: every message.
     * @default - every message
     */
    filterPolicy?: string | undefined;
    /**
     * What the filter policy matches: message attributes, or the (JSON) message body.
     * Default: "MessageAttributes".
     * @default "MessageAttributes"
     */
    filterPolicyScope?: FilterPolicyScope;
    /**
     * Deliver the published message as is, without SNS's JSON envelope (what a Laravel job
     * payload needs to be read as a job).
     * Default: true.
     * @default true
     */
    rawMessageDelivery?: boolean | undefined;
}

/**
 * What delivers into one queue: its subscriptions to topics, and the queue policy that admits
 * exactly those topics (`sns.amazonaws.com`, by `aws:SourceArn`) and buckets (`s3.amazonaws.com`,
 * by `aws:SourceArn` and `aws:SourceAccount`) to send to it. SQS has one policy per queue, so every
 * source of a queue goes through one `QueueDelivery`.
 *
 * The queue's encryption must admit them: SQS-managed SSE does; with a customer key, its key
 * policy must let `sns.amazonaws.com`/`s3.amazonaws.com` use it (`kms:GenerateDataKey`, `kms:Decrypt`).
 */
export class QueueDelivery extends pulumi.ComponentResource {
    readonly policy: aws.sqs.QueuePolicy;
    readonly subscriptions: aws.sns.TopicSubscription[];

    constructor(name: string, args: QueueDeliveryArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before registering anything.
        const check = Check.root();
        checkQueueDeliveryArgs(check, args);
        check.throwIfFailed(`QueueDelivery "${name}"`);
        super("fargate-kit:index:QueueDelivery", name, {}, opts);
        const account = awsLocation(this).accountId;
        const topics = args.topics ?? [];
        const buckets = args.bucketArns ?? [];
        const statements = [
            ...(topics.length > 0
                ? [{ Sid: "Topics", Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage", Resource: args.queueArn, Condition: { ArnEquals: { "aws:SourceArn": topics.map((t) => t.topicArn) } } }]
                : []),
            ...(buckets.length > 0
                ? [{ Sid: "BucketEvents", Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sqs:SendMessage", Resource: args.queueArn, Condition: { ArnEquals: { "aws:SourceArn": buckets }, StringEquals: { "aws:SourceAccount": account } } }]
                : []),
        ];
        this.policy = new aws.sqs.QueuePolicy(name, { queueUrl: args.queueUrl, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements }) }, { parent: this });
        // Messages published before the policy exists would be dropped: subscribe after it.
        this.subscriptions = topics.map(
            (t, i) =>
                new aws.sns.TopicSubscription(
                    `${name}-${i}`,
                    {
                        topic: t.topicArn,
                        protocol: "sqs",
                        endpoint: args.queueArn,
                        rawMessageDelivery: t.rawMessageDelivery ?? true,
                        filterPolicy: t.filterPolicy,
                        filterPolicyScope: t.filterPolicy !== undefined ? (t.filterPolicyScope ?? "MessageAttributes") : undefined,
                    },
                    { parent: this, dependsOn: [this.policy] },
                ),
        );
        this.registerOutputs({});
    }
}

export function checkQueueDeliveryArgs(check: Check, args: QueueDeliveryArgs): void {
    if ((args.topics ?? []).length === 0 && (args.bucketArns ?? []).length === 0) check.fail("has no topics and no bucketArns: nothing delivers into the queue");
    (args.topics ?? []).forEach((t, i) => {
        check.at("topics").at(i).at("filterPolicyScope").oneOf(t.filterPolicyScope, Object.values(FilterPolicyScope));
        if (t.filterPolicy !== undefined) checkFilterPolicy(check.at("topics").at(i).at("filterPolicy"), t.filterPolicy, t.filterPolicyScope ?? "MessageAttributes");
        else if (t.filterPolicyScope !== undefined) check.at("topics").at(i).at("filterPolicyScope").fail("is set without a filterPolicy");
    });
}

/** SNS's limits on a filter policy (SNS Developer Guide, "Filter policy constraints"). */
export const FILTER_POLICY_LIMITS = { keys: 5, combinations: 150, bytes: 256 * 1024 } as const;

/**
 * A filter policy SNS accepts: a JSON object whose leaves are arrays of values (strings, numbers,
 * booleans, null, or operator objects such as `{"prefix":"order."}`), at most 5 keys, at most 150
 * combinations (the product of the arrays' lengths), 256 KB; nested only when matching the body.
 */
export function checkFilterPolicy(check: Check, policy: string, scope: string): void {
    let parsed: unknown;
    try {
        parsed = JSON.parse(policy);
    } catch {
        return check.fail(`is ${show(policy)}, which is not JSON; give an object such as {"event": ["order.paid"]}`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return check.fail(`is ${show(policy)}; a filter policy is an object such as {"event": ["order.paid"]}`);
    if (Buffer.byteLength(policy, "utf8") > FILTER_POLICY_LIMITS.bytes) check.fail(`is ${Buffer.byteLength(policy, "utf8")} bytes; SNS allows 256 KB`);
    const leaves: { path: string; values: unknown[] }[] = [];
    const walk = (node: Record<string, unknown>, path: string) => {
        for (const [key, value] of Object.entries(node)) {
            const at = path ? `${path}.${key}` : key;
            if (Array.isArray(value)) {
                if (value.length === 0) check.fail(`has an empty list at ${show(at)}; give the values to match`);
                leaves.push({ path: at, values: value });
            } else if (value !== null && typeof value === "object" && !key.startsWith("$")) {
                if (scope === "MessageAttributes") check.fail(`nests ${show(at)}, but a filter policy on message attributes must be flat; set filterPolicyScope to "MessageBody" to match a JSON body`);
                walk(value as Record<string, unknown>, at);
            } else if (key !== "$or") {
                check.fail(`has ${show(value)} at ${show(at)}; SNS matches lists of values, e.g. ${show({ [key]: [value] })}`);
            }
        }
    };
    walk(parsed as Record<string, unknown>, "");
    if (leaves.length > FILTER_POLICY_LIMITS.keys) check.fail(`has ${leaves.length} keys (${leaves.map((l) => l.path).join(", ")}); SNS allows ${FILTER_POLICY_LIMITS.keys}`);
    const combinations = leaves.reduce((n, l) => n * Math.max(1, l.values.length), 1);
    if (combinations > FILTER_POLICY_LIMITS.combinations) check.fail(`has ${combinations} combinations of values (the product of the lists' lengths); SNS allows ${FILTER_POLICY_LIMITS.combinations}`);
}
