import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "./names";
import { Check, known } from "./validation";

/** What differs between this library's alarms; the rest is shared (see `alarm`). */
export interface AlarmSpec {
    description: pulumi.Input<string>;
    threshold: number;
    /** Evaluation periods; all must breach unless `datapoints` says fewer. */
    periods: number;
    datapoints?: number | undefined;
    /** A single metric… */
    namespace?: string | undefined;
    metricName?: string | undefined;
    dimensions?: Record<string, pulumi.Input<string>> | undefined;
    statistic?: string | undefined;
    extendedStatistic?: string | undefined;
    period?: number | undefined;
    /** …or metric math. */
    metricQueries?: aws.types.input.cloudwatch.MetricAlarmMetricQuery[] | undefined;
    /** @default "notBreaching" (no data is not a problem: no traffic, no tasks) */
    treatMissingData?: string | undefined;
    tags?: Record<string, string> | undefined;
}

/** A "greater than threshold" alarm that notifies `actions` when it fires and when it clears. */
export function alarm(name: string, spec: AlarmSpec, actions: pulumi.Input<string>[], parent: pulumi.Resource): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(
        name,
        {
            name: physicalName(name, { max: 255 }),
            alarmDescription: spec.description,
            comparisonOperator: "GreaterThanThreshold",
            threshold: spec.threshold,
            evaluationPeriods: spec.periods,
            datapointsToAlarm: spec.datapoints ?? spec.periods,
            namespace: spec.namespace,
            metricName: spec.metricName,
            dimensions: spec.dimensions,
            statistic: spec.statistic,
            extendedStatistic: spec.extendedStatistic,
            period: spec.metricQueries ? undefined : spec.period ?? 60,
            metricQueries: spec.metricQueries,
            treatMissingData: spec.treatMissingData ?? "notBreaching",
            alarmActions: actions,
            okActions: actions,
            tags: spec.tags,
        },
        { parent },
    );
}

/** Where alarms notify. */
export interface AlarmNotificationArgs {
    /**
     * Email address subscribed to a new SNS topic for this service's alarms (confirm the email AWS sends).
     * Default: no subscription.
     * @default - no subscription
     */
    email?: string | undefined;
    /**
     * An existing SNS topic ARN to notify instead of creating one.
     * Default: a topic is created when `email` is set; otherwise alarms have no action.
     * @default - a topic is created when `email` is set; otherwise alarms have no action
     */
    topicArn?: pulumi.Input<string> | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkAlarmNotification(check: Check, args: AlarmNotificationArgs | undefined): void {
    check.at("email").matches(args?.email, EMAIL, "an email address");
    if (args?.email !== undefined && args.topicArn !== undefined) {
        check.fail("sets both email and topicArn; subscribe the email to your own topic, or let the service create one");
    }
    const topic = known(args?.topicArn);
    check.at("topicArn").matches(topic, /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/, "an SNS topic ARN");
}

/** The SNS topic alarms notify, created (encrypted) only when an email is given. */
export function alarmTopic(name: string, args: AlarmNotificationArgs | undefined, parent: pulumi.Resource, tags?: Record<string, string>): pulumi.Output<string> | undefined {
    if (args?.topicArn !== undefined) {
        return pulumi.output(args.topicArn);
    }
    if (args?.email === undefined) {
        return undefined;
    }
    // Not encrypted with alias/aws/sns: CloudWatch cannot publish to a topic under that AWS-managed
    // key (its policy cannot be changed to admit cloudwatch.amazonaws.com), and alarms would be
    // dropped silently. Alarm notifications carry no secrets; bring a topic with a customer key
    // that admits CloudWatch (topicArn) where encryption is required.
    const topic = new aws.sns.Topic(`${name}-alarms`, { name: physicalName(`${name}-alarms`, { max: 256 }), tags }, { parent });
    new aws.sns.TopicSubscription(`${name}-alarms-email`, { topic: topic.arn, protocol: "email", endpoint: args.email }, { parent });
    return topic.arn;
}
