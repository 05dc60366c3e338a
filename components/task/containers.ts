/**
 * One container of a task and the rules between the containers of a task: names, the essential
 * one, start-up order (`dependsOn`) and health checks. Images, ports, environment, volumes, logs,
 * Linux settings and sizes have their own files.
 */
import * as pulumi from "@pulumi/pulumi";
import { Check, show } from "../internal/validation";
import { DependencyCondition } from "../enums";
import { checkContainerImage } from "./images";
import { ContainerCapabilities, UlimitSpec, checkLinuxParameters } from "./linux";
import { ContainerLogging, checkLogging } from "./logging";
import { PortSpec, checkPort } from "./ports";
import { SecretSpec, checkEnvironment } from "./secrets";
import { checkContainerSize } from "./sizes";
import type { FargateTaskSpec } from "./task-spec";
import { VolumeMount, checkWritablePaths } from "./volumes";

/** One container of a task. */
export interface ContainerSpec {
    /** Container name, unique in the task (letters, digits, `-`, `_`). */
    name: string;
    /**
     * Image of this container.
     * Default: the task's `image`.
     * @default - the task's `image`
     */
    image?: pulumi.Input<string> | undefined;
    /**
     * Overrides the image's CMD, e.g. `["php", "artisan", "queue:work"]`.
     * Default: the image's CMD.
     * @default - the image's CMD
     */
    command?: string[] | undefined;
    /**
     * Overrides the image's ENTRYPOINT.
     * Default: the image's ENTRYPOINT.
     * @default - the image's ENTRYPOINT
     */
    entryPoint?: string[] | undefined;
    /**
     * Working directory inside the container.
     * Default: the image's WORKDIR.
     * @default - the image's WORKDIR
     */
    workingDirectory?: string | undefined;
    /**
     * Ports the container listens on. In awsvpc mode the host port always equals the container port.
     * Default: none.
     * @default - none
     */
    ports?: PortSpec[] | undefined;
    /**
     * Plain environment variables. Never put secrets here; use `secrets`.
     * Default: none.
     * @default - none
     */
    environment?: Record<string, pulumi.Input<string>> | undefined;
    /**
     * Environment variables injected by ECS from Secrets Manager or SSM at container start.
     * Default: none.
     * @default - none
     */
    secrets?: Record<string, SecretSpec> | undefined;
    /**
     * Container health check run by ECS (a Dockerfile HEALTHCHECK is ignored by ECS).
     * Default: none.
     * @default - none
     */
    healthCheck?: ContainerHealthCheck | undefined;
    /**
     * Containers that must reach a state before this one starts, e.g. php-fpm HEALTHY before nginx.
     * Default: none.
     * @default - none
     */
    dependsOn?: ContainerDependency[] | undefined;
    /**
     * Resource limits. Fargate already sets nofile to 65535.
     * Default: none.
     * @default - none
     */
    ulimits?: UlimitSpec[] | undefined;
    /**
     * Linux capabilities to add (Fargate: only `SYS_PTRACE`) or drop (any, e.g. `["ALL"]`).
     * Default: Docker's default set.
     * @default - Docker's default set
     */
    capabilities?: ContainerCapabilities | undefined;
    /**
     * User to run as (`uid`, `uid:gid`, `user`, `user:group`); non-root is recommended.
     * Default: the image's USER.
     * @default - the image's USER
     */
    user?: string | undefined;
    /**
     * Mount the root filesystem read-only (Security Hub ECS.5). Give the paths the app writes to
     * in `writablePaths`. Not compatible with ECS Exec.
     * Default: true.
     * @default true
     */
    readonlyRootFilesystem?: boolean | undefined;
    /**
     * Absolute paths that stay writable under a read-only root filesystem, e.g. `["/tmp", "/var/www/storage"]`.
     * Each is a fresh task-scoped volume, which starts EMPTY and owned by root: it hides whatever
     * the image has at that path (Laravel's `storage/framework/*`, Rails' `tmp/`), and a non-root
     * `user` cannot write to it. Set `seedWritablePaths` to start them with the image's content.
     * Default: none.
     * @default - none
     */
    writablePaths?: string[] | undefined;
    /**
     * The task's `volumes` this container mounts, e.g. `[{ volume: "php-socket", path: "/var/run/php" }]`:
     * what one container writes there, the others that mount it see.
     * Default: none.
     * @default - none
     */
    mounts?: VolumeMount[] | undefined;
    /**
     * Start each of `writablePaths` with what the image has there, owned by `user`: a short-lived
     * `<name>-seed` container (the same image, run as root with `sh` and `cp`) copies it in before
     * this container starts, which waits for it to succeed. Needs `sh` and `cp` in the image.
     * Default: false.
     * @default false
     */
    seedWritablePaths?: boolean | undefined;
    /**
     * Whether the task stops when this container stops.
     * Default: true.
     * @default true
     */
    essential?: boolean | undefined;
    /**
     * Seconds ECS waits after SIGTERM before SIGKILL, 2–120. Services derive a default from
     * their draining or job time.
     * A whole number.
     * Default: set by the service (web: drain time; worker: max job time, at most 120)
     * @default - set by the service (web: drain time; worker: max job time, at most 120)
     */
    stopTimeout?: number | undefined;
    /**
     * Seconds to wait for `dependsOn` conditions, 2–120.
     * A whole number.
     * Default: ECS default.
     * @default - ECS default
     */
    startTimeout?: number | undefined;
    /**
     * CPU units reserved for this container.
     * A whole number.
     * Default: shares the task's CPU.
     * @default - shares the task's CPU
     */
    cpu?: number | undefined;
    /**
     * Hard memory limit in MiB, 6 up to the task's memory: the container is killed above it.
     * A whole number.
     * Default: the task's memory.
     * @default - the task's memory
     */
    memory?: number | undefined;
    /**
     * Soft memory reservation in MiB, at least 6 and below `memory` when both are set. ECS counts
     * each container's reservation (or, without one, its `memory`) against the task's memory.
     * A whole number.
     * Default: none.
     * @default - none
     */
    memoryReservation?: number | undefined;
    /**
     * Run an init process (tini) as PID 1, forwarding signals and reaping zombies. Needed for ECS Exec.
     * Default: true.
     * @default true
     */
    initProcessEnabled?: boolean | undefined;
    /**
     * Secrets Manager secret (name or full ARN) holding `{"username","password"}` for a private
     * registry outside ECR, e.g. GitLab's.
     * Default: none (ECR or public images)
     * @default - none (ECR or public images)
     */
    repositoryCredentialsSecret?: pulumi.Input<string> | undefined;
    /**
     * Docker labels.
     * Default: none.
     * @default - none
     */
    dockerLabels?: Record<string, string> | undefined;
    /**
     * How the container's output goes to CloudWatch Logs (the awslogs driver, in the task's log group).
     * Default: stream prefix = the component's name, non-blocking with a 25 MB buffer, one event per line.
     * @default - stream prefix = the component's name, non-blocking with a 25 MB buffer, one event per line
     */
    logging?: ContainerLogging | undefined;
}

/** ECS container health check; ranges from the ECS API `HealthCheck` shape. */
export interface ContainerHealthCheck {
    /** `["CMD", "curl", "-f", "http://localhost/"]` or `["CMD-SHELL", "curl -f http://localhost/ || exit 1"]`. */
    command: string[];
    /**
     * Seconds between checks, 5–300.
     * A whole number.
     * Default: 10.
     * @default 10
     */
    interval?: number | undefined;
    /**
     * Seconds before a check fails, 2–60.
     * A whole number.
     * Default: 5.
     * @default 5
     */
    timeout?: number | undefined;
    /**
     * Consecutive failures before UNHEALTHY, 1–10.
     * A whole number.
     * Default: 3.
     * @default 3
     */
    retries?: number | undefined;
    /**
     * Grace period in seconds, 0–300.
     * A whole number.
     * Default: 0.
     * @default 0
     */
    startPeriod?: number | undefined;
}

/** A start-up dependency on another container of the task. */
export interface ContainerDependency {
    /** The container depended on. */
    containerName: string;
    /** START, COMPLETE, SUCCESS or HEALTHY (needs a health check on that container). */
    condition: DependencyCondition;
}

export const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** One container on its own; `names` are the task's container names (for `dependsOn`). */
export function checkContainer(check: Check, c: ContainerSpec, spec: FargateTaskSpec, names: string[]): void {
    checkLogging(check.at("logging"), c.logging);
    if (!check.at("name").matches(c.name, CONTAINER_NAME, "1-255 letters, digits, '-' or '_'")) {
        return;
    }
    checkContainerImage(check, c, spec);
    (c.ports ?? []).forEach((p, j) => checkPort(check.at("ports").at(j), p));
    if (c.healthCheck) {
        checkHealthCheck(check.at("healthCheck"), c.healthCheck);
    }
    check.at("stopTimeout").intRange(c.stopTimeout, 2, 120, "seconds (the Fargate maximum is 120)");
    check.at("startTimeout").intRange(c.startTimeout, 2, 120, "seconds");
    checkContainerSize(check, c, spec);
    checkWritablePaths(check, c, names, spec);
    checkEnvironment(check, c);
    checkLinuxParameters(check, c);
    (c.dependsOn ?? []).forEach((d, j) => {
        const dc = check.at("dependsOn").at(j);
        dc.at("condition").oneOf(d.condition, Object.values(DependencyCondition));
        if (d.containerName === c.name) {
            dc.at("containerName").fail(`is ${show(d.containerName)}, the container itself`);
        } else if (!names.includes(d.containerName)) {
            dc.at("containerName").fail(`is ${show(d.containerName)}, which is not a container of this task; containers: ${names.map(show).join(", ")}`);
        }
    });
}

function checkHealthCheck(check: Check, h: ContainerHealthCheck): void {
    const cmd = h.command ?? [];
    if (cmd.length < 2 || !["CMD", "CMD-SHELL"].includes(cmd[0])) {
        check.at("command").fail(`is ${show(h.command)}; allowed: ["CMD", "<executable>", …] or ["CMD-SHELL", "<shell command>"]`);
    }
    check.at("interval").intRange(h.interval, 5, 300, "seconds");
    check.at("timeout").intRange(h.timeout, 2, 60, "seconds (the container health check limit; 120 is the load balancer's)");
    check.at("retries").intRange(h.retries, 1, 10);
    check.at("startPeriod").intRange(h.startPeriod, 0, 300, "seconds");
}

/** The containers of a task together: unique names and an essential one. */
export function checkContainerNames(check: Check, containers: ContainerSpec[]): void {
    const seen = new Map<string, number>();
    containers.forEach((c, i) => {
        if (seen.has(c.name)) {
            check.at(i).at("name").fail(`is ${show(c.name)}, already used by containers[${seen.get(c.name)}]; container names must be unique`);
        }
        seen.set(c.name, i);
    });
    if (!containers.some((c) => c.essential !== false)) {
        check.fail("has no essential container; at least one container must have essential: true (the default)");
    }
}

/** A start-up order that can be followed: each condition reachable, no cycle. */
export function checkStartOrder(check: Check, containers: ContainerSpec[]): void {
    const byName = new Map(containers.map((c) => [c.name, c]));
    containers.forEach((c, i) => {
        (c.dependsOn ?? []).forEach((d, j) => {
            const target = byName.get(d.containerName);
            if (!target) {
                return;
            }
            const dc = check.at(i).at("dependsOn").at(j);
            if ((d.condition === "COMPLETE" || d.condition === "SUCCESS") && target.essential !== false) {
                dc.fail(`waits for ${show(d.containerName)} to ${d.condition === "SUCCESS" ? "succeed" : "complete"}, but it is essential, so its exit stops the task; set essential: false on it`);
            }
            if (d.condition === "HEALTHY" && !target.healthCheck) {
                dc.fail(`waits for ${show(d.containerName)} to be HEALTHY, but it has no healthCheck`);
            }
        });
    });
    const cycle = findCycle(containers);
    if (cycle) {
        check.fail(`dependsOn forms a cycle: ${cycle.join(" -> ")}`);
    }
}

function findCycle(containers: ContainerSpec[]): string[] | undefined {
    const edges = new Map(containers.map((c) => [c.name, (c.dependsOn ?? []).map((d) => d.containerName)]));
    const state = new Map<string, "visiting" | "done">();
    const stack: string[] = [];
    const visit = (n: string): string[] | undefined => {
        if (state.get(n) === "done") {
            return undefined;
        }
        if (state.get(n) === "visiting") {
            return [...stack.slice(stack.indexOf(n)), n];
        }
        state.set(n, "visiting");
        stack.push(n);
        for (const m of edges.get(n) ?? []) {
            if (edges.has(m)) {
                const found = visit(m);
                if (found) {
                    return found;
                }
            }
        }
        stack.pop();
        state.set(n, "done");
        return undefined;
    };
    for (const c of containers) {
        const found = visit(c.name);
        if (found) {
            return found;
        }
    }
    return undefined;
}
