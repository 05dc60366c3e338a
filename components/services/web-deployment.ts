import { Check, show } from "../internal/validation";
import { DeploymentStrategy } from "../enums";
import { CIDR } from "./web-route-args";
import { checkRollingDeployment } from "./rolling-deployment";

/** How new versions roll out. */
export interface WebDeploymentArgs {
    /**
     * `ROLLING` (default) replaces tasks behind the same target group, guarded by the circuit
     * breaker. `BLUE_GREEN`, `CANARY` and `LINEAR` are ECS-native: a full green set behind a second
     * target group, traffic shifted by a listener rule, rolled back by alarms.
     * Default: "ROLLING".
     * @default "ROLLING"
     */
    strategy?: DeploymentStrategy;
    /**
     * Roll back a deploy whose new tasks fail to start or stay unhealthy (deployment circuit
     * breaker), in minutes instead of at the timeout. ECS's developer guide ("Amazon ECS deployment
     * failure detection") supports it with rolling and blue/green deployments; for CANARY and
     * LINEAR it is off unless you turn it on.
     * Default: true for ROLLING and BLUE_GREEN.
     * @default - true for ROLLING and BLUE_GREEN
     */
    circuitBreaker?: boolean | undefined;
    /**
     * Roll back when the 5xx-rate or unhealthy-host alarms fire during a deploy.
     * Default: false for ROLLING (the circuit breaker guards it); true for the other strategies.
     * @default - false for ROLLING (the circuit breaker guards it); true for the other strategies
     */
    rollbackOnAlarms?: boolean | undefined;
    /**
     * Rolling: never run two tasks at once, not even during a deploy (minimum healthy 0 %,
     * maximum 100 %): the old task stops before the new one starts, so the service is briefly
     * down on each deploy. For an app that must never run twice; it then runs exactly one task.
     * Default: false.
     * @default false
     */
    singleton?: boolean | undefined;
    /**
     * Rolling: percent of desired tasks kept healthy during a deploy, 0–100.
     * A whole number.
     * Default: 100.
     * @default 100
     */
    minimumHealthyPercent?: number | undefined;
    /**
     * Rolling: percent of desired tasks allowed during a deploy, 100–200.
     * A whole number.
     * Default: 200.
     * @default 200
     */
    maximumPercent?: number | undefined;
    /**
     * BLUE_GREEN/CANARY/LINEAR: minutes blue keeps running after all traffic moved to green, 0–1440.
     * A whole number.
     * Default: 5.
     * @default 5
     */
    bakeTimeMinutes?: number | undefined;
    /**
     * CANARY: percent of traffic sent to green first, 0.1–100 in steps of 0.1.
     * Default: 10.
     * @default 10
     */
    canaryPercent?: number | undefined;
    /**
     * CANARY: minutes at the canary percentage, 0–1440.
     * A whole number.
     * Default: 5.
     * @default 5
     */
    canaryBakeTimeMinutes?: number | undefined;
    /**
     * LINEAR: percent of traffic moved per step, 3–100 in steps of 0.1.
     * Default: 25.
     * @default 25
     */
    linearStepPercent?: number | undefined;
    /**
     * LINEAR: minutes between steps, 0–1440.
     * A whole number.
     * Default: 2.
     * @default 2
     */
    linearStepBakeTimeMinutes?: number | undefined;
    /**
     * BLUE_GREEN/CANARY/LINEAR: a listener port that always reaches green, for testing before the shift.
     * Reachable only from `testListenerCidrs`.
     * A whole number.
     * Default: no test listener.
     * @default - no test listener
     */
    testListenerPort?: number | undefined;
    /**
     * CIDRs allowed to the test listener.
     * Default: required with testListenerPort.
     * @default - required with testListenerPort
     */
    testListenerCidrs?: string[] | undefined;
}

/** ECS takes traffic percentages in steps of 0.1 (API model: CanaryPercent 0.1–100, StepPercent 3–100). */
function checkTenths(check: Check, value: number | undefined, min: number, max: number): void {
    if (value === undefined) return;
    if (typeof value !== "number" || !(value >= min && value <= max) || Math.abs(value * 10 - Math.round(value * 10)) > 1e-9) {
        check.fail(`is ${show(value)}; allowed: ${min} to ${max} percent in steps of 0.1 (e.g. 5 or 12.5)`);
    }
}

/**
 * Checks how new versions roll out, against what each strategy allows. `fewest`–`most`: the task
 * counts the service may run (desiredCount, or the autoscaling range).
 */
export function checkDeployment(check: Check, d: WebDeploymentArgs, fewest: number, most: number, countKeys: string): void {
    const strategy = d.strategy ?? "ROLLING";
    check.at("strategy").oneOf(d.strategy, Object.values(DeploymentStrategy));
    check.at("bakeTimeMinutes").intRange(d.bakeTimeMinutes, 0, 1440, "minutes");
    checkTenths(check.at("canaryPercent"), d.canaryPercent, 0.1, 100);
    check.at("canaryBakeTimeMinutes").intRange(d.canaryBakeTimeMinutes, 0, 1440, "minutes");
    checkTenths(check.at("linearStepPercent"), d.linearStepPercent, 3, 100);
    check.at("linearStepBakeTimeMinutes").intRange(d.linearStepBakeTimeMinutes, 0, 1440, "minutes");
    const only: Array<[keyof WebDeploymentArgs, string]> = [
        ["canaryPercent", "CANARY"],
        ["canaryBakeTimeMinutes", "CANARY"],
        ["linearStepPercent", "LINEAR"],
        ["linearStepBakeTimeMinutes", "LINEAR"],
    ];
    for (const [key, s] of only) {
        if (d[key] !== undefined && strategy !== s) {
            check.at(key).fail(`applies only to the ${s} strategy; strategy is ${strategy}`);
        }
    }
    if (strategy === "ROLLING") {
        for (const key of ["bakeTimeMinutes", "testListenerPort", "testListenerCidrs"] as const) {
            if (d[key] !== undefined) {
                check.at(key).fail("applies only to BLUE_GREEN, CANARY and LINEAR");
            }
        }
        checkRollingDeployment(check, d, fewest, most, countKeys);
    } else if (d.minimumHealthyPercent !== undefined || d.maximumPercent !== undefined) {
        check.fail(`minimumHealthyPercent and maximumPercent apply to ROLLING; ${strategy} starts a full green set`);
    }
    if (strategy !== "ROLLING" && d.singleton) {
        check.at("singleton").fail(`applies to ROLLING; ${strategy} starts a full green set beside the running one, so two versions run at once`);
    }
    check.at("testListenerPort").intRange(d.testListenerPort, 1, 65535);
    if ([80, 443].includes(d.testListenerPort ?? 0)) {
        check.at("testListenerPort").fail(`is ${d.testListenerPort}, which the production listeners use`);
    }
    if (d.testListenerPort !== undefined && (d.testListenerCidrs ?? []).length === 0) {
        check.at("testListenerCidrs").fail("is empty; say who may reach the test listener (e.g. your office or VPN CIDR)");
    }
    (d.testListenerCidrs ?? []).forEach((c, i) => check.at("testListenerCidrs").at(i).matches(c, CIDR, "an IPv4 CIDR"));
}
