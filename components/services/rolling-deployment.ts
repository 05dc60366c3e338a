/**
 * How many tasks a rolling deploy may stop and start at once, for every kind of service: the
 * minimum-healthy and maximum percentages, and the singleton shape (stop before start) for a
 * process that must never run twice, such as a scheduler.
 */
import { Check } from "../internal/validation";

/** How a service without a load balancer rolls out a new version (ECS rolling update). */
export interface RollingDeploymentArgs {
    /**
     * Never run two tasks at once, not even during a deploy: ECS stops the old task before it
     * starts the new one (minimum healthy 0 %, maximum 100 %). For a scheduler or any process that
     * must not run twice (Sidekiq's scheduler, Laravel's `schedule:work`, a single consumer). The
     * service then runs exactly one task, and is briefly down on each deploy.
     * Default: false.
     * @default false
     */
    singleton?: boolean | undefined;
    /**
     * Percent of the task count kept running during a deploy, 0–100 (ECS rounds the task count up).
     * A whole number.
     * Default: 100.
     * @default 100
     */
    minimumHealthyPercent?: number | undefined;
    /**
     * Percent of the task count allowed during a deploy, 100–200 (ECS rounds the task count down).
     * A whole number.
     * Default: 200.
     * @default 200
     */
    maximumPercent?: number | undefined;
}

/** The percentages ECS is given. */
export interface RollingPercents {
    minimumHealthyPercent: number;
    maximumPercent: number;
}

/** What `singleton` means to ECS. */
export const SINGLETON_PERCENTS: RollingPercents = { minimumHealthyPercent: 0, maximumPercent: 100 };

/** The percentages of resolved args: singleton, or the given ones over ECS's defaults (100/200). */
export function rollingPercents(d: RollingDeploymentArgs | undefined): RollingPercents {
    if (d?.singleton) return { ...SINGLETON_PERCENTS };
    return { minimumHealthyPercent: d?.minimumHealthyPercent ?? 100, maximumPercent: d?.maximumPercent ?? 200 };
}

/**
 * A rolling deploy of `count` tasks can start at all when ECS may start a new task (the maximum,
 * rounded down, is above the count) or stop an old one (the minimum, rounded up, is below it).
 * ECS's API reference (DeploymentConfiguration) gives the rounding.
 */
export function rollingCanProgress(count: number, p: RollingPercents): boolean {
    if (count <= 0) return true;
    return Math.floor((count * p.maximumPercent) / 100) > count || Math.ceil((count * p.minimumHealthyPercent) / 100) < count;
}

/**
 * Checks the percentages and the singleton shape against the task counts the service may run
 * (`fewest`–`most`; a fixed count gives the same number twice). `countKeys` names the keys that set
 * the count, for the message.
 */
export function checkRollingDeployment(check: Check, d: RollingDeploymentArgs | undefined, fewest: number, most: number, countKeys: string): void {
    if (d === undefined) return;
    check.at("minimumHealthyPercent").intRange(d.minimumHealthyPercent, 0, 100, "percent");
    check.at("maximumPercent").intRange(d.maximumPercent, 100, 200, "percent");
    if (d.singleton) {
        for (const key of ["minimumHealthyPercent", "maximumPercent"] as const) {
            if (d[key] !== undefined) check.at(key).fail(`is set with singleton: true, which means minimumHealthyPercent 0 and maximumPercent 100; give one or the other`);
        }
        if (most > 1) check.at("singleton").fail(`is true, but ${countKeys} allow ${most} tasks; a singleton runs one task (set the count to 1)`);
        return;
    }
    const p = rollingPercents(d);
    if (!valid(p)) return;
    if (p.maximumPercent <= p.minimumHealthyPercent) {
        check.at("maximumPercent").fail(`is ${p.maximumPercent}, not above minimumHealthyPercent ${p.minimumHealthyPercent}; ECS could neither start a new task nor stop an old one`);
        return;
    }
    // Rounding can still leave no room for a small count: 1 task at 50 %/150 % keeps 1 and allows 1.
    for (let n = Math.max(1, fewest); n <= Math.min(most, 5000); n++) {
        if (!rollingCanProgress(n, p)) {
            check.fail(
                `minimumHealthyPercent ${p.minimumHealthyPercent} and maximumPercent ${p.maximumPercent} let ${n} task${n === 1 ? "" : "s"} neither stop one (at least ${Math.ceil((n * p.minimumHealthyPercent) / 100)} must keep running) nor start one (at most ${Math.floor((n * p.maximumPercent) / 100)} may run): a deploy would never start; lower minimumHealthyPercent (0 stops before starting) or raise maximumPercent`,
            );
            return;
        }
    }
}

function valid(p: RollingPercents): boolean {
    return Number.isInteger(p.minimumHealthyPercent) && Number.isInteger(p.maximumPercent) && p.minimumHealthyPercent >= 0 && p.minimumHealthyPercent <= 100 && p.maximumPercent >= 100 && p.maximumPercent <= 200;
}
