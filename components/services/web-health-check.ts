import { Check } from "../internal/validation";
import type { ContainerSpec } from "../task/containers";
import { TargetProtocol } from "../enums";

/** The load balancer's health check of the target container. */
export interface WebHealthCheckArgs {
    /**
     * Path the load balancer requests.
     * Default: "/".
     * @default "/"
     */
    path?: string | undefined;
    /**
     * HTTP codes that count as healthy.
     * Default: "200-399".
     * @default "200-399"
     */
    matcher?: string | undefined;
    /**
     * Seconds between checks, 5–300. With `healthyThreshold` it decides how fast a new task takes
     * traffic: 2 × 5 s = 10 s, against 5 × 30 s = 150 s with the AWS defaults.
     * A whole number.
     * Default: 5.
     * @default 5
     */
    intervalSeconds?: number | undefined;
    /**
     * Seconds before a check fails, 2–120 and less than the interval.
     * A whole number.
     * Default: 4.
     * @default 4
     */
    timeoutSeconds?: number | undefined;
    /**
     * Consecutive successes before a target is healthy, 2–10.
     * A whole number.
     * Default: 2.
     * @default 2
     */
    healthyThreshold?: number | undefined;
    /**
     * Consecutive failures before a target is unhealthy, 2–10.
     * A whole number.
     * Default: 3.
     * @default 3
     */
    unhealthyThreshold?: number | undefined;
    /**
     * Seconds after a task starts during which ECS ignores failing health checks (boot time).
     * It does not slow a rollout: a task that is healthy sooner takes traffic sooner.
     * A whole number.
     * Default: 60.
     * @default 60
     */
    gracePeriodSeconds?: number | undefined;
    /**
     * Port the load balancer checks, when the app answers health checks elsewhere than on its
     * traffic port (e.g. a management port). It must be a port of a container of the task; the
     * load balancer may then reach it too.
     * A whole number.
     * Default: the traffic port (containerPort).
     * @default - the traffic port (containerPort)
     */
    port?: number | undefined;
    /**
     * Protocol of the check: HTTPS for a port that speaks TLS.
     * Default: the target protocol (targetProtocol).
     * @default - the target protocol (targetProtocol)
     */
    protocol?: TargetProtocol;
}

/** Checks the load balancer's health check of the target. */
export function checkHealth(check: Check, h: WebHealthCheckArgs): void {
    check.at("path").matches(h.path, /^\/[^\s]*$/, 'a path starting with "/"');
    check.at("matcher").matches(h.matcher, /^[2-4]\d\d(-[2-4]\d\d)?(,[2-4]\d\d(-[2-4]\d\d)?)*$/, 'HTTP codes from 200 to 499, e.g. "200" or "200-399"');
    check.at("intervalSeconds").intRange(h.intervalSeconds, 5, 300, "seconds");
    check.at("timeoutSeconds").intRange(h.timeoutSeconds, 2, 120, "seconds");
    check.at("healthyThreshold").intRange(h.healthyThreshold, 2, 10);
    check.at("unhealthyThreshold").intRange(h.unhealthyThreshold, 2, 10);
    check.at("gracePeriodSeconds").intRange(h.gracePeriodSeconds, 0, 7200, "seconds");
    check.at("port").intRange(h.port, 1, 65535);
    check.at("protocol").oneOf(h.protocol, Object.values(TargetProtocol));
    const interval = h.intervalSeconds ?? 5;
    const timeout = h.timeoutSeconds ?? Math.min(4, interval - 1);
    if (timeout >= interval) {
        check.at("timeoutSeconds").fail(`is ${timeout}, but it must be less than intervalSeconds (${interval})`);
    }
}

/** A target group's health check with every default resolved. */
export type ResolvedHealth = Required<Omit<WebHealthCheckArgs, "port" | "protocol">> & { port?: number | undefined; protocol: TargetProtocol };

/** Resolves the defaults documented on WebHealthCheckArgs; `targetProtocol` is the checked target's. */
export function resolveHealth(h: WebHealthCheckArgs | undefined, targetProtocol: TargetProtocol | undefined): ResolvedHealth {
    const interval = h?.intervalSeconds ?? 5;
    return {
        path: h?.path ?? "/",
        matcher: h?.matcher ?? "200-399",
        intervalSeconds: interval,
        timeoutSeconds: h?.timeoutSeconds ?? Math.min(4, interval - 1),
        healthyThreshold: h?.healthyThreshold ?? 2,
        unhealthyThreshold: h?.unhealthyThreshold ?? 3,
        gracePeriodSeconds: h?.gracePeriodSeconds ?? 60,
        port: h?.port,
        protocol: h?.protocol ?? targetProtocol ?? "HTTP",
    };
}

/**
 * A health check against the target it checks: another port must be one of the task's, and the
 * traffic port is checked in the protocol it speaks (a TLS port does not answer plain HTTP).
 */
export function checkHealthTarget(check: Check, h: WebHealthCheckArgs, trafficPort: number | undefined, targetProtocol: TargetProtocol | undefined, containers: ContainerSpec[]): void {
    const protocol = targetProtocol ?? "HTTP";
    if (h.protocol !== undefined && h.protocol !== protocol && (h.port === undefined || h.port === trafficPort)) {
        check.at("protocol").fail(`is ${h.protocol}, but the traffic port ${trafficPort ?? ""} speaks ${protocol} (targetProtocol); check it with that protocol, or give healthCheck.port for a port that speaks ${h.protocol}`);
    }
    if (h.port !== undefined && h.port !== trafficPort && !containers.some((c) => (c.ports ?? []).some((p) => p.containerPort === h.port))) {
        check.at("port").fail(`is ${h.port}, which no container of the task exposes; add it to a container's ports`);
    }
}
