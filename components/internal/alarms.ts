import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "./names";

/** What differs between this library's alarms; the rest is shared (see `alarm`). */
export interface AlarmSpec {
    description: pulumi.Input<string>;
    threshold: number;
    /** Evaluation periods; all must breach unless `datapoints` says fewer. */
    periods: number;
    datapoints?: number;
    /** A single metric… */
    namespace?: string;
    metricName?: string;
    dimensions?: Record<string, pulumi.Input<string>>;
    statistic?: string;
    extendedStatistic?: string;
    period?: number;
    /** …or metric math. */
    metricQueries?: aws.types.input.cloudwatch.MetricAlarmMetricQuery[];
    /** @default "notBreaching" (no data is not a problem: no traffic, no tasks) */
    treatMissingData?: string;
    tags?: Record<string, string>;
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
