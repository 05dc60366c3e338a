import { Check } from "../internal/validation";
import { MetricTargetArgs, ScheduledScalingArgs, StepScalingArgs, checkScalingSignals } from "./scaling-signals";

/** Target-tracking autoscaling of the task count. */
export interface WebAutoscalingArgs {
    /**
     * Fewest tasks, ≥ 1.
     * A whole number.
     */
    minTasks: number;
    /**
     * Most tasks.
     * A whole number.
     */
    maxTasks: number;
    /**
     * Scale on average CPU (`cpuPercent`). Turn it off to scale only on requests, memory, your
     * metrics, steps or schedules.
     * Default: true.
     * @default true
     */
    scaleOnCpu?: boolean | undefined;
    /**
     * Average CPU to hold, 10–90 %.
     * A whole number.
     * Default: 60.
     * @default 60
     */
    cpuPercent?: number | undefined;
    /**
     * Average memory to hold, 10–90 %.
     * A whole number.
     * Default: not scaled on memory.
     * @default - not scaled on memory
     */
    memoryPercent?: number | undefined;
    /**
     * Requests per task per minute to hold.
     * A whole number.
     * Default: not scaled on requests.
     * @default - not scaled on requests
     */
    requestsPerTarget?: number | undefined;
    /**
     * Seconds after a scale-in before the next one: slower than scale-out on purpose.
     * A whole number.
     * Default: 300.
     * @default 300
     */
    scaleInCooldownSeconds?: number | undefined;
    /**
     * Seconds after a scale-out before the next one.
     * A whole number.
     * Default: 60.
     * @default 60
     */
    scaleOutCooldownSeconds?: number | undefined;
    /**
     * Target tracking on CloudWatch metrics of your own or of another service, e.g. active
     * sessions per task, each a policy beside the others (the count follows the one asking for most tasks).
     * Default: none.
     * @default - none
     */
    metrics?: MetricTargetArgs[] | undefined;
    /**
     * Step scaling: an alarm per direction on a metric, each step a change of the task count.
     * Default: none.
     * @default - none
     */
    steps?: StepScalingArgs[] | undefined;
    /**
     * Scheduled changes of the count's range, e.g. `{ name: "night", schedule: "cron(0 20 ? * * *)", minTasks: 0, maxTasks: 0 }`
     * and `{ name: "morning", schedule: "cron(0 7 ? * MON-FRI *)", minTasks: 2, maxTasks: 10 }`. A
     * deploy while a schedule's range is in force puts back minTasks/maxTasks until the next action.
     * Default: none.
     * @default - none
     */
    schedules?: ScheduledScalingArgs[] | undefined;
}

/** Checks the task-count range and the target-tracking settings. */
export function checkAutoscaling(check: Check, a: WebAutoscalingArgs, desired: number | undefined): void {
    check.at("minTasks").intRange(a.minTasks, 1, 5000, "(a web service keeps at least one task)");
    check.at("maxTasks").intRange(a.maxTasks, 1, 5000);
    if (a.maxTasks < a.minTasks) {
        check.at("maxTasks").fail(`is ${a.maxTasks}, below minTasks ${a.minTasks}`);
    }
    if (desired !== undefined && (desired < a.minTasks || desired > a.maxTasks)) {
        check.at("minTasks").fail(`and maxTasks (${a.minTasks}–${a.maxTasks}) do not include desiredCount ${desired}`);
    }
    check.at("cpuPercent").intRange(a.cpuPercent, 10, 90, "percent");
    check.at("memoryPercent").intRange(a.memoryPercent, 10, 90, "percent");
    check.at("requestsPerTarget").intRange(a.requestsPerTarget, 1, 1000000, "requests per minute");
    check.at("scaleInCooldownSeconds").intRange(a.scaleInCooldownSeconds, 0, 3600, "seconds");
    check.at("scaleOutCooldownSeconds").intRange(a.scaleOutCooldownSeconds, 0, 3600, "seconds");
    if (a.scaleOnCpu === false && a.cpuPercent !== undefined) check.at("cpuPercent").fail("is set, but scaleOnCpu is false; remove one");
    if (a.scaleOnCpu === false && a.memoryPercent === undefined && a.requestsPerTarget === undefined && !(a.metrics?.length || a.steps?.length || a.schedules?.length)) {
        check.at("scaleOnCpu").fail("is false and nothing else scales the service; give requestsPerTarget, memoryPercent, metrics, steps or schedules");
    }
    checkScalingSignals(check, a, a.minTasks, a.maxTasks);
    if ((a.scaleInCooldownSeconds ?? 300) < (a.scaleOutCooldownSeconds ?? 60)) {
        check.at("scaleInCooldownSeconds").fail(`is shorter than scaleOutCooldownSeconds; scale in more slowly than out, or the service flaps`);
    }
}
