import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkKmsKeyArn } from "../internal/arns";
import { physicalName } from "../internal/names";
import { Check } from "../internal/validation";
import { PolicyStatementSpec } from "../task/task-spec";

export interface TopicArgs {
    /**
     * A FIFO topic (ordered, deduplicated): its subscribers must be FIFO queues.
     * Default: false.
     * @default false
     */
    fifo?: boolean | undefined;
    /**
     * Customer-managed KMS key ARN to encrypt messages at rest with; publishers get
     * `kms:GenerateDataKey` and `kms:Decrypt` on it.
     * Default: the AWS managed key `alias/aws/sns`, which admits the account's IAM principals through SNS (no grant needed, no key to pay for).
     * @default "alias/aws/sns"
     */
    kmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * Refuse to delete the topic (Pulumi `protect`).
     * Default: false.
     * @default false
     */
    protect?: boolean | undefined;
    /**
     * Leave the topic in AWS when it leaves the stack.
     * Default: the value of `protect`.
     * @default - the value of `protect`
     */
    retainOnDelete?: boolean | undefined;
    /**
     * Tags of the topic.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;
}

/** SNS topic names: 1-256 letters, digits, hyphens and underscores; a FIFO topic's end in `.fifo` (CreateTopic). */
export const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * An SNS topic the app publishes events to (`order.paid`), fanned out to the queues of the
 * workers that subscribe (see `QueueDelivery`): one publish, each worker its own copy, filtered
 * by message attributes or body.
 *
 * - Encrypted at rest (Security Hub SNS.1) with the AWS managed key, or a customer key.
 * - The topic's access policy stays SNS's default, which admits only this account (SNS.4).
 * - Protected and retained in production.
 *
 * @example
 * const orders = new Topic("orders", { protect: true });
 * const web = { ...webTask, environment: { ORDERS_TOPIC_ARN: orders.topicArn }, taskRoleStatements: orders.publisherStatements() };
 */
export class Topic extends pulumi.ComponentResource {
    /** The SNS topic. */
    readonly snsTopic: aws.sns.Topic;
    readonly topicArn: pulumi.Output<string>;
    readonly topicName: pulumi.Output<string>;
    readonly fifo: boolean;
    /** The customer-managed key of the topic, if any. */
    readonly kmsKeyArn: pulumi.Input<string> | undefined;

    constructor(name: string, args: TopicArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Validated before registering anything.
        const check = Check.root();
        checkTopicArgs(check, args);
        check.throwIfFailed(`Topic "${name}"`);
        super("fargate-kit:index:Topic", name, {}, opts);
        const protect = args.protect ?? false;
        this.fifo = args.fifo ?? false;
        this.kmsKeyArn = args.kmsKeyArn;
        this.snsTopic = new aws.sns.Topic(
            name,
            {
                name: topicName(name, this.fifo),
                fifoTopic: this.fifo || undefined,
                contentBasedDeduplication: this.fifo || undefined,
                kmsMasterKeyId: args.kmsKeyArn ?? "alias/aws/sns",
                tags: args.tags,
            },
            { parent: this, protect, retainOnDelete: args.retainOnDelete ?? protect },
        );
        this.topicArn = this.snsTopic.arn;
        this.topicName = this.snsTopic.name;
        this.registerOutputs({ topicArn: this.topicArn });
    }

    /**
     * What a publisher's task role needs: `sns:Publish` on this topic, and with a customer key
     * `kms:GenerateDataKey` and `kms:Decrypt` on it (SNS Developer Guide, "Configuring KMS
     * permissions" for publishers to an encrypted topic).
     */
    publisherStatements(): PolicyStatementSpec[] {
        return [
            { actions: ["sns:Publish"], resources: [this.topicArn] },
            ...(this.kmsKeyArn !== undefined ? [{ actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [this.kmsKeyArn] }] : []),
        ];
    }
}

/** The topic's physical name: `<project>-<stack>-<name>`, within SNS's 256 characters (".fifo" included). */
export function topicName(name: string, fifo: boolean): string {
    return fifo ? `${physicalName(name, { max: 251 }).replace(/[^A-Za-z0-9_-]/g, "-")}.fifo` : physicalName(name, { max: 256 });
}

export function checkTopicArgs(check: Check, args: TopicArgs): void {
    if (args.kmsKeyArn !== undefined) checkKmsKeyArn(check.at("kmsKeyArn"), args.kmsKeyArn);
}
