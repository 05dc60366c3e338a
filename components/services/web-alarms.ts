import { AlarmNotificationArgs, checkAlarmNotification } from "../internal/alarms";
import { Check } from "../internal/validation";

/** Alarms of the web service. */
export interface WebAlarmsArgs extends AlarmNotificationArgs {
    /**
     * Create the alarms.
     * Default: true.
     * @default true
     */
    enabled?: boolean | undefined;
    /**
     * 5xx responses (target and load balancer) as a percent of requests.
     * Default: 5.
     * @default 5
     */
    serverErrorPercent?: number | undefined;
    /**
     * p95 target response time, seconds.
     * Default: 1.
     * @default 1
     */
    p95Seconds?: number | undefined;
    /**
     * p99 target response time, seconds.
     * Default: 3.
     * @default 3
     */
    p99Seconds?: number | undefined;
    /**
     * Average service CPU, percent.
     * A whole number.
     * Default: 85.
     * @default 85
     */
    cpuPercent?: number | undefined;
    /**
     * Average service memory, percent.
     * A whole number.
     * Default: 85.
     * @default 85
     */
    memoryPercent?: number | undefined;
    /**
     * Alarm when tasks keep failing to run (crash loop, no image, no secret) for this many minutes.
     * A whole number.
     * Default: 10.
     * @default 10
     */
    notRunningMinutes?: number | undefined;
}

/** Checks the alarm thresholds and where notifications go. */
export function checkWebAlarms(check: Check, a: WebAlarmsArgs | undefined): void {
    checkAlarmNotification(check, a);
    check.at("serverErrorPercent").numRange(a?.serverErrorPercent, 0.1, 100, "percent");
    check.at("p95Seconds").numRange(a?.p95Seconds, 0.01, 3600, "seconds");
    check.at("p99Seconds").numRange(a?.p99Seconds, 0.01, 3600, "seconds");
    check.at("cpuPercent").intRange(a?.cpuPercent, 1, 100, "percent");
    check.at("memoryPercent").intRange(a?.memoryPercent, 1, 100, "percent");
    check.at("notRunningMinutes").intRange(a?.notRunningMinutes, 2, 1440, "minutes");
}
