/**
 * Where a task's logs go besides its log group: CloudWatch Logs subscription filters to a Kinesis
 * stream, a Firehose delivery stream or another account's log destination, and the sizing and
 * configuration file of the FireLens router.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsLocation } from "../internal/arns";
import { namePrefix } from "../internal/names";
import { Check, show } from "../internal/validation";
import { renderPolicy } from "../internal/iam";

/** The FireLens log router's size and configuration. */
export interface LogRouterSpec {
    /**
     * CPU units reserved for the router (counted in the task's cpu).
     * Default: none reserved (it shares the task's CPU).
     * @default - none reserved
     */
    cpu?: number | undefined;
    /**
     * Hard memory limit of the router in MiB: it is killed above it, and the task with it (it is essential).
     * Default: no hard limit.
     * @default - no hard limit
     */
    memory?: number | undefined;
    /**
     * Memory reserved for the router in MiB (AWS suggests 50 for Fluent Bit; more with large buffers).
     * Default: 50.
     * @default 50
     */
    memoryReservation?: number | undefined;
    /**
     * A Fluent Bit configuration file inside the router image, e.g. `/fluent-bit/etc/extra.conf`
     * (filters, parsers, more outputs), merged by FireLens into the one it generates. On Fargate
     * FireLens reads it only from the image (config-file-type `file`), not from S3: build an image
     * FROM aws-for-fluent-bit with the file and set `logRouterImage`.
     * Default: FireLens's generated configuration only.
     * @default - the generated configuration only
     */
    configFile?: string | undefined;
}

/** A CloudWatch Logs subscription filter on the task's log group. */
export interface LogSubscriptionSpec {
    /**
     * Where matching events go: a Kinesis stream (`arn:aws:kinesis:…:stream/…`), a Firehose delivery
     * stream (`arn:aws:firehose:…:deliverystream/…`) in the stack's account and region, or a
     * CloudWatch Logs destination of another account (`arn:aws:logs:…:destination:…`).
     */
    destinationArn: string;
    /**
     * CloudWatch Logs filter pattern, e.g. `"ERROR"` or `{ $.level = "error" }`.
     * Default: "" (every event).
     * @default ""
     */
    filterPattern?: string | undefined;
}

const PARTITION = "aws[a-z-]*";
const KINESIS = new RegExp(`^arn:${PARTITION}:kinesis:[a-z0-9-]+:\\d{12}:stream/[A-Za-z0-9_.-]{1,128}$`);
const FIREHOSE = new RegExp(`^arn:${PARTITION}:firehose:[a-z0-9-]+:\\d{12}:deliverystream/[A-Za-z0-9_.-]{1,64}$`);
const LOGS_DESTINATION = new RegExp(`^arn:${PARTITION}:logs:[a-z0-9-]+:\\d{12}:destination:[^:*]{1,512}$`);
const LAMBDA = new RegExp(`^arn:${PARTITION}:lambda:`);
/** CloudWatch Logs allows two subscription filters per log group (CloudWatch Logs quotas). */
export const MAX_SUBSCRIPTION_FILTERS = 2;
/** PutSubscriptionFilter's filterPattern: at most 1024 characters. */
const MAX_FILTER_PATTERN = 1024;

/** What a destination ARN is: which service receives, and whether CloudWatch Logs needs a role to write to it. */
export function destinationKind(arn: string): "kinesis" | "firehose" | "destination" | undefined {
    return KINESIS.test(arn) ? "kinesis" : FIREHOSE.test(arn) ? "firehose" : LOGS_DESTINATION.test(arn) ? "destination" : undefined;
}

export function checkLogRouting(check: Check, router: LogRouterSpec | undefined, subscriptions: LogSubscriptionSpec[] | undefined, taskCpu: number, taskMemory: number, usesFireLens: boolean): void {
    if (router !== undefined && check.at("logRouter").object(router, "LogRouterSpec: cpu, memory, memoryReservation, configFile")) {
        const r = check.at("logRouter");
        if (!usesFireLens) r.fail("is set, but no container sends its logs through FireLens (logging.fireLens): there is no router to size");
        r.at("cpu").intRange(router.cpu, 0, taskCpu, "CPU units (at most the task's cpu)");
        r.at("memory").intRange(router.memory, 6, taskMemory, "MiB (at most the task's memory)");
        r.at("memoryReservation").intRange(router.memoryReservation, 6, router.memory ?? taskMemory, "MiB (at most its memory)");
        if (router.configFile !== undefined) {
            if (/^(arn:|s3:\/\/)/.test(router.configFile)) {
                r.at("configFile").fail(`is ${show(router.configFile)}, in S3; on Fargate FireLens reads a configuration file only from the router image: build an image FROM aws-for-fluent-bit with the file, give its path here and the image as logRouterImage`);
            } else if (!/^\/[^\s]*[^/]$/.test(router.configFile)) {
                r.at("configFile").fail(`is ${show(router.configFile)}; give the absolute path of the file in the router image, e.g. "/fluent-bit/etc/extra.conf"`);
            }
        }
    }
    if (!check.at("logSubscriptions").list(subscriptions, "of subscription filters")) return;
    const subs = subscriptions ?? [];
    if (subs.length > MAX_SUBSCRIPTION_FILTERS) check.at("logSubscriptions").fail(`has ${subs.length} filters; CloudWatch Logs allows ${MAX_SUBSCRIPTION_FILTERS} per log group`);
    subs.forEach((s, i) => {
        const c = check.at("logSubscriptions").at(i);
        if (!c.object(s, "LogSubscriptionSpec: destinationArn, filterPattern")) return;
        if (typeof s.destinationArn === "string" && LAMBDA.test(s.destinationArn)) {
            c.at("destinationArn").fail(`is ${show(s.destinationArn)}, a Lambda function: CloudWatch Logs invokes it only with a permission on the function (lambda:AddPermission for logs.amazonaws.com), which is not this stack's to grant; send to a Firehose or Kinesis stream, or add that permission and subscribe outside the stack`);
        } else if (typeof s.destinationArn !== "string" || destinationKind(s.destinationArn) === undefined) {
            c.at("destinationArn").fail(`is ${show(s.destinationArn)}; allowed: a Kinesis stream (arn:aws:kinesis:<region>:<account>:stream/<name>), a Firehose delivery stream (arn:aws:firehose:<region>:<account>:deliverystream/<name>) or a CloudWatch Logs destination (arn:aws:logs:<region>:<account>:destination:<name>)`);
        }
        if (s.filterPattern !== undefined && s.filterPattern.length > MAX_FILTER_PATTERN) c.at("filterPattern").fail(`is ${s.filterPattern.length} characters; CloudWatch Logs allows ${MAX_FILTER_PATTERN}`);
        const other = subs.findIndex((o, j) => j < i && o.destinationArn === s.destinationArn);
        if (other >= 0) c.at("destinationArn").fail(`is also logSubscriptions[${other}]'s; one filter per destination (CloudWatch Logs allows ${MAX_SUBSCRIPTION_FILTERS} per log group)`);
    });
}

/**
 * The subscription filters of a task's log group. CloudWatch Logs writes to a Kinesis or Firehose
 * stream with a role it assumes: one per task, trusted by `logs.amazonaws.com` for this account's
 * log groups only (the confused-deputy guard of the CloudWatch Logs User Guide), allowed to put
 * records into exactly the destinations named. A destination of another account needs no role.
 */
export function createLogSubscriptions(
    name: string,
    subscriptions: LogSubscriptionSpec[],
    logGroup: aws.cloudwatch.LogGroup,
    where: pulumi.Output<AwsLocation>,
    role: { iamPath?: string; permissionsBoundary?: pulumi.Input<string>; tags?: Record<string, string> },
    parent: pulumi.Resource,
): aws.cloudwatch.LogSubscriptionFilter[] {
    if (subscriptions.length === 0) return [];
    const opts = { parent };
    const streams = subscriptions.map((s) => s.destinationArn).filter((a) => destinationKind(a) !== "destination");
    let roleArn: pulumi.Output<string> | undefined;
    let rolePolicy: aws.iam.RolePolicy | undefined;
    if (streams.length > 0) {
        const subscriptionRole = new aws.iam.Role(
            `${name}-log-subscription`,
            {
                namePrefix: namePrefix(`${name}-logsub`, 38),
                description: `CloudWatch Logs sends the logs of ${name} to its subscription destinations`,
                path: role.iamPath,
                permissionsBoundary: role.permissionsBoundary,
                assumeRolePolicy: where.apply((loc) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: { Service: "logs.amazonaws.com" },
                                Action: "sts:AssumeRole",
                                Condition: { StringLike: { "aws:SourceArn": `arn:${loc.partition}:logs:${loc.region}:${loc.accountId}:*` } },
                            },
                        ],
                    }),
                ),
                tags: role.tags,
            },
            opts,
        );
        const kinesis = streams.filter((a) => destinationKind(a) === "kinesis");
        const firehose = streams.filter((a) => destinationKind(a) === "firehose");
        rolePolicy = new aws.iam.RolePolicy(
            `${name}-log-subscription`,
            {
                role: subscriptionRole.name,
                policy: renderPolicy([
                    { Sid: "Kinesis", Action: ["kinesis:PutRecord", "kinesis:PutRecords"], Resource: kinesis },
                    { Sid: "Firehose", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: firehose },
                ]),
            },
            opts,
        );
        roleArn = subscriptionRole.arn;
    }
    return subscriptions.map(
        (s, i) =>
            new aws.cloudwatch.LogSubscriptionFilter(
                `${name}-logs-${i}`,
                {
                    name: `${name}-${i}`,
                    logGroup: logGroup.name,
                    destinationArn: s.destinationArn,
                    filterPattern: s.filterPattern ?? "",
                    roleArn: destinationKind(s.destinationArn) === "destination" ? undefined : roleArn,
                },
                // CloudWatch Logs tests the destination with the role when the filter is put: the role's policy first.
                { parent, dependsOn: rolePolicy ? [rolePolicy] : [] },
            ),
    );
}
