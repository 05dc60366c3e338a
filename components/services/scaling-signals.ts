/**
 * What a service's task count may follow besides CPU and memory: target tracking on any
 * CloudWatch metric, step scaling on alarms, and scheduled changes of the count's range
 * (business hours, a stage at zero at night). Shared by web services and plain workers; the
 * queue worker takes the schedules.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MetricStatistic } from "../enums";
import { physicalName } from "../internal/names";
import { checkScheduleExpression, checkTimezone } from "../internal/schedule-expression";
import { Check, show } from "../internal/validation";

/** One dimension of a CloudWatch metric. */
export interface MetricDimensionArgs {
    /** The dimension's name, e.g. `"QueueName"`. */
    name: string;
    /** Its value, e.g. `"jobs"`. */
    value: string;
}

/** Target tracking on a CloudWatch metric: the task count follows so that the metric stays at `targetValue`. */
export interface MetricTargetArgs {
    /** The metric's namespace, e.g. `"MyApp"` or `"AWS/SQS"`. */
    namespace: string;
    /** The metric's name, e.g. `"ActiveSessions"`. */
    metricName: string;
    /**
     * The metric's dimensions, exactly as it is published (a metric with other dimensions is another metric).
     * Default: none.
     * @default - none
     */
    dimensions?: MetricDimensionArgs[] | undefined;
    /**
     * How the metric's data points are combined per minute.
     * Default: "Average".
     * @default "Average"
     */
    statistic?: MetricStatistic;
    /**
     * The metric's unit, when it is published with one (e.g. `"Count"`, `"Seconds"`).
     * Default: any unit.
     * @default - any unit
     */
    unit?: string | undefined;
    /**
     * The value to hold. The metric must move with the task count (per-task load, latency,
     * backlog per task): a total that does not fall when tasks are added makes the service climb to its maximum.
     */
    targetValue: number;
}

/** One step of step scaling: when the metric is at or above `lower` (scale out) or at or below `upper` (scale in), change the count by `change`. */
export interface ScalingStepArgs {
    /**
     * Scale out from this metric value up (to the next step's `lower`). Give `lower` or `upper`.
     * Default: none.
     * @default - none
     */
    lower?: number | undefined;
    /**
     * Scale in from this metric value down (to the next step's `upper`). Give `lower` or `upper`.
     * Default: none.
     * @default - none
     */
    upper?: number | undefined;
    /**
     * Tasks to add (positive, with `lower`) or remove (negative, with `upper`).
     * A whole number.
     */
    change: number;
}

/** Step scaling on a CloudWatch metric: an alarm per direction, each step a change of the task count. */
export interface StepScalingArgs {
    /** The metric's namespace, e.g. `"AWS/SQS"`. */
    namespace: string;
    /** The metric's name, e.g. `"ApproximateAgeOfOldestMessage"`. */
    metricName: string;
    /**
     * The metric's dimensions.
     * Default: none.
     * @default - none
     */
    dimensions?: MetricDimensionArgs[] | undefined;
    /**
     * Statistic of the alarm.
     * Default: "Average".
     * @default "Average"
     */
    statistic?: MetricStatistic;
    /**
     * Seconds per data point: 10, 20, 30 or a multiple of 60.
     * A whole number.
     * Default: 60.
     * @default 60
     */
    periodSeconds?: number | undefined;
    /**
     * Data points that must breach before a step is taken.
     * A whole number.
     * Default: 1.
     * @default 1
     */
    evaluationPeriods?: number | undefined;
    /**
     * Seconds after a step before the next one of the same direction.
     * A whole number.
     * Default: 60 for scale-out, 300 for scale-in.
     * @default - 60 for scale-out, 300 for scale-in
     */
    cooldownSeconds?: number | undefined;
    /** The steps, e.g. `[{ upper: 10, change: -1 }, { lower: 100, change: 1 }, { lower: 500, change: 3 }]`. */
    steps: ScalingStepArgs[];
}

/** A scheduled change of the task count's range, e.g. business hours or a stage at zero at night. */
export interface ScheduledScalingArgs {
    /** The action's name, unique in the service: lower-case letters, digits and hyphens, e.g. `"night"`. */
    name: string;
    /**
     * When: `cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)`, `rate(<n> <unit>)` or
     * `at(yyyy-mm-ddThh:mm:ss)`, e.g. `"cron(0 20 ? * MON-FRI *)"`.
     */
    schedule: string;
    /**
     * IANA time zone of the schedule, e.g. `"Europe/Berlin"`.
     * Default: "UTC".
     * @default "UTC"
     */
    timezone?: string | undefined;
    /**
     * Fewest tasks from then on; 0 stops the service (a stage at night).
     * A whole number.
     * Default: unchanged.
     * @default - unchanged
     */
    minTasks?: number | undefined;
    /**
     * Most tasks from then on.
     * A whole number.
     * Default: unchanged.
     * @default - unchanged
     */
    maxTasks?: number | undefined;
}

/** The scaling signals a service's scaling args carry. */
export interface ScalingSignals {
    metrics?: MetricTargetArgs[] | undefined;
    steps?: StepScalingArgs[] | undefined;
    schedules?: ScheduledScalingArgs[] | undefined;
}

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
/** CloudWatch's units (PutMetricData StandardUnit). */
const UNITS = [
    "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits",
    "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second",
    "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
];

function checkMetric(check: Check, m: { namespace: string; metricName: string; dimensions?: MetricDimensionArgs[]; statistic?: string }): void {
    const text = (c: Check, v: unknown, max: number, what: string) => {
        if (typeof v !== "string" || v.length < 1 || v.length > max) c.fail(`is ${v === undefined ? "missing" : show(v)}; allowed: ${what} of 1 to ${max} characters`);
    };
    text(check.at("namespace"), m.namespace, 255, "a CloudWatch namespace");
    text(check.at("metricName"), m.metricName, 255, "a metric name");
    if (check.at("dimensions").list(m.dimensions, "of { name, value }")) {
        const dims = m.dimensions ?? [];
        if (dims.length > 30) check.at("dimensions").fail(`has ${dims.length} entries; CloudWatch allows 30`);
        const seen = new Set<string>();
        dims.forEach((d, i) => {
            text(check.at("dimensions").at(i).at("name"), d?.name, 255, "a dimension name");
            text(check.at("dimensions").at(i).at("value"), d?.value, 1024, "a dimension value");
            if (seen.has(d?.name)) check.at("dimensions").at(i).at("name").fail(`is ${show(d.name)} again; each dimension once`);
            seen.add(d?.name);
        });
    }
    check.at("statistic").oneOf(m.statistic, Object.values(MetricStatistic));
}

/**
 * Checks the signals against the service's task-count range `min`–`max`. `path` names where the
 * scaling settings are (`autoscaling`, `scaling`), for the messages.
 */
export function checkScalingSignals(check: Check, s: ScalingSignals, min: number, max: number): void {
    if (check.at("metrics").list(s.metrics, "of metric targets")) {
        (s.metrics ?? []).forEach((m, i) => {
            const c = check.at("metrics").at(i);
            checkMetric(c, m);
            if (m.unit !== undefined && !UNITS.includes(m.unit)) c.at("unit").fail(`is ${show(m.unit)}; allowed: a CloudWatch unit (${UNITS.join(", ")})`);
            if (typeof m.targetValue !== "number" || !Number.isFinite(m.targetValue) || m.targetValue <= 0) c.at("targetValue").fail(`is ${show(m.targetValue)}; allowed: a number above 0`);
        });
    }
    if (check.at("steps").list(s.steps, "of step-scaling policies")) {
        (s.steps ?? []).forEach((p, i) => checkSteps(check.at("steps").at(i), p));
    }
    if (check.at("schedules").list(s.schedules, "of scheduled actions")) {
        const names = new Set<string>();
        (s.schedules ?? []).forEach((a, i) => {
            const c = check.at("schedules").at(i);
            if (!c.at("name").matches(a.name, NAME, 'lower-case letters, digits and hyphens, at most 40 characters, e.g. "night"')) {
                // reported
            } else if (names.has(a.name)) c.at("name").fail(`is ${show(a.name)} again; each schedule needs its own name`);
            names.add(a.name);
            checkScheduleExpression(c.at("schedule"), a.schedule);
            checkTimezone(c.at("timezone"), a.timezone);
            c.at("minTasks").intRange(a.minTasks, 0, 5000);
            c.at("maxTasks").intRange(a.maxTasks, 0, 5000);
            if (a.minTasks === undefined && a.maxTasks === undefined) c.fail("sets neither minTasks nor maxTasks; give the range from then on");
            if (a.minTasks !== undefined && a.maxTasks !== undefined && a.maxTasks < a.minTasks) c.at("maxTasks").fail(`is ${a.maxTasks}, below minTasks ${a.minTasks}`);
            // Application Auto Scaling refuses a minimum above the maximum in force (and the reverse).
            if (a.maxTasks === undefined && a.minTasks !== undefined && a.minTasks > max) c.at("minTasks").fail(`is ${a.minTasks}, above the maximum ${max} in force; give maxTasks too`);
            if (a.minTasks === undefined && a.maxTasks !== undefined && a.maxTasks < min) c.at("maxTasks").fail(`is ${a.maxTasks}, below the minimum ${min} in force; give minTasks too`);
        });
    }
}

function checkSteps(check: Check, p: StepScalingArgs): void {
    checkMetric(check, p);
    const period = p.periodSeconds;
    if (period !== undefined && !(Number.isInteger(period) && ([10, 20, 30].includes(period) || (period >= 60 && period % 60 === 0 && period <= 86400)))) {
        check.at("periodSeconds").fail(`is ${show(period)}; allowed: 10, 20, 30 or a multiple of 60 up to 86400 (CloudWatch alarm periods)`);
    }
    check.at("evaluationPeriods").intRange(p.evaluationPeriods, 1, 100);
    check.at("cooldownSeconds").intRange(p.cooldownSeconds, 0, 3600, "seconds");
    if (!check.at("steps").list(p.steps, "of { lower | upper, change }", true)) return;
    if (p.steps.length === 0) check.at("steps").fail("is empty; give at least one step");
    p.steps.forEach((step, i) => {
        const c = check.at("steps").at(i);
        const hasLower = step?.lower !== undefined;
        const hasUpper = step?.upper !== undefined;
        if (hasLower === hasUpper) c.fail(`has ${hasLower ? "both lower and upper" : "neither lower nor upper"}; give lower (scale out at or above it) or upper (scale in at or below it)`);
        c.at("lower").numRange(step?.lower, -1e15, 1e15);
        c.at("upper").numRange(step?.upper, -1e15, 1e15);
        c.at("change").intRange(step?.change, -5000, 5000);
        if (hasLower && !hasUpper && !(step.change > 0)) c.at("change").fail(`is ${show(step.change)}; a step with lower scales out: a positive number of tasks`);
        if (hasUpper && !hasLower && !(step.change < 0)) c.at("change").fail(`is ${show(step.change)}; a step with upper scales in: a negative number of tasks`);
    });
    const out = p.steps.filter((x) => x?.lower !== undefined && x.upper === undefined).map((x) => x.lower!);
    const inn = p.steps.filter((x) => x?.upper !== undefined && x.lower === undefined).map((x) => x.upper!);
    if (new Set(out).size !== out.length) check.at("steps").fail("have two steps with the same lower bound");
    if (new Set(inn).size !== inn.length) check.at("steps").fail("have two steps with the same upper bound");
    if (out.length > 0 && inn.length > 0 && Math.max(...inn) >= Math.min(...out)) {
        check.at("steps").fail(`scale in at or below ${Math.max(...inn)} and out at or above ${Math.min(...out)}: at ${Math.min(...out)} both would fire; keep the scale-in bounds below the scale-out bounds`);
    }
}

/** A step policy's adjustments, relative to its alarm's threshold (the provider types bounds as strings). */
export interface StepPlan {
    direction: "out" | "in";
    threshold: number;
    adjustments: { metricIntervalLowerBound?: string | undefined; metricIntervalUpperBound?: string | undefined; scalingAdjustment: number }[];
}

/**
 * From absolute steps to Application Auto Scaling's form: one policy per direction, its alarm at
 * the step nearest the middle, each step an interval relative to that threshold, the outermost one open.
 */
export function stepPlans(steps: ScalingStepArgs[]): StepPlan[] {
    const plans: StepPlan[] = [];
    const out = steps.filter((s) => s.lower !== undefined).sort((a, b) => a.lower! - b.lower!);
    if (out.length > 0) {
        const t = out[0].lower!;
        plans.push({
            direction: "out",
            threshold: t,
            adjustments: out.map((s, i) => ({ metricIntervalLowerBound: String(s.lower! - t), metricIntervalUpperBound: i + 1 < out.length ? String(out[i + 1].lower! - t) : undefined, scalingAdjustment: s.change })),
        });
    }
    const inn = steps.filter((s) => s.upper !== undefined).sort((a, b) => b.upper! - a.upper!);
    if (inn.length > 0) {
        const t = inn[0].upper!;
        plans.push({
            direction: "in",
            threshold: t,
            adjustments: inn.map((s, i) => ({ metricIntervalUpperBound: String(s.upper! - t), metricIntervalLowerBound: i + 1 < inn.length ? String(inn[i + 1].upper! - t) : undefined, scalingAdjustment: s.change })),
        });
    }
    return plans;
}

const dimensionMap = (dims: MetricDimensionArgs[] | undefined) => (dims && dims.length > 0 ? Object.fromEntries(dims.map((d) => [d.name, d.value])) : undefined);

/** The policies, alarms and scheduled actions of the signals, on the service's scalable target. */
export function createScalingSignals(
    name: string,
    target: aws.appautoscaling.Target,
    s: ScalingSignals,
    cooldowns: { scaleInCooldownSeconds?: number; scaleOutCooldownSeconds?: number },
    parent: pulumi.Resource,
    tags?: Record<string, string>,
): void {
    const on = { resourceId: target.resourceId, scalableDimension: target.scalableDimension, serviceNamespace: target.serviceNamespace };
    (s.metrics ?? []).forEach((m, i) => {
        new aws.appautoscaling.Policy(
            `${name}-metric-${i}`,
            {
                ...on,
                policyType: "TargetTrackingScaling",
                targetTrackingScalingPolicyConfiguration: {
                    targetValue: m.targetValue,
                    scaleInCooldown: cooldowns.scaleInCooldownSeconds ?? 300,
                    scaleOutCooldown: cooldowns.scaleOutCooldownSeconds ?? 60,
                    customizedMetricSpecification: { namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions?.map((d) => ({ name: d.name, value: d.value })), statistic: m.statistic ?? "Average", unit: m.unit },
                },
            },
            { parent, dependsOn: [target] },
        );
    });
    (s.steps ?? []).forEach((p, i) => {
        for (const plan of stepPlans(p.steps)) {
            const policyName = `${name}-steps-${i}-${plan.direction}`;
            const policy = new aws.appautoscaling.Policy(
                policyName,
                {
                    ...on,
                    policyType: "StepScaling",
                    stepScalingPolicyConfiguration: {
                        adjustmentType: "ChangeInCapacity",
                        cooldown: p.cooldownSeconds ?? (plan.direction === "out" ? 60 : 300),
                        metricAggregationType: p.statistic === "Minimum" || p.statistic === "Maximum" ? p.statistic : "Average",
                        stepAdjustments: plan.adjustments,
                    },
                },
                { parent, dependsOn: [target] },
            );
            new aws.cloudwatch.MetricAlarm(
                policyName,
                {
                    name: physicalName(policyName, { max: 255 }),
                    alarmDescription: `Scales ${name} ${plan.direction} on ${p.namespace} ${p.metricName}`,
                    comparisonOperator: plan.direction === "out" ? "GreaterThanOrEqualToThreshold" : "LessThanOrEqualToThreshold",
                    threshold: plan.threshold,
                    namespace: p.namespace,
                    metricName: p.metricName,
                    dimensions: dimensionMap(p.dimensions),
                    statistic: p.statistic ?? "Average",
                    period: p.periodSeconds ?? 60,
                    evaluationPeriods: p.evaluationPeriods ?? 1,
                    // No data is no load: it neither adds nor removes tasks.
                    treatMissingData: "missing",
                    alarmActions: [policy.arn],
                    tags,
                },
                { parent },
            );
        }
    });
    for (const a of s.schedules ?? []) {
        new aws.appautoscaling.ScheduledAction(
            `${name}-schedule-${a.name}`,
            {
                ...on,
                // Unique per scalable target, which is the service's own.
                name: a.name,
                schedule: a.schedule,
                timezone: a.timezone ?? "UTC",
                scalableTargetAction: { minCapacity: a.minTasks, maxCapacity: a.maxTasks },
            },
            { parent, dependsOn: [target] },
        );
    }
}

/** Whether the signals ask for a scalable target even when the count's range is fixed. */
export function hasScalingSignals(s: ScalingSignals | undefined): boolean {
    return (s?.metrics?.length ?? 0) + (s?.steps?.length ?? 0) + (s?.schedules?.length ?? 0) > 0;
}
