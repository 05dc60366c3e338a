/**
 * A model of how long an ECS rollout takes, used to pick defaults and shown by `npm run synth`.
 *
 * Per rolling wave: new tasks start (image pull + boot: an assumption, `taskStartSeconds`), the
 * load balancer sees them healthy (healthy threshold × interval), then the old tasks drain
 * (deregistration delay) before ECS stops them. Waves follow from the desired count and the
 * minimum-healthy / maximum percentages. Blue/green, canary and linear add their bake times.
 */
import { DeploymentStrategy } from "../enums";

/** What ECS and the load balancer do when nothing is set (API defaults; see ecs-fargate-facts §6). */
export const AWS_DEFAULT_ROLLOUT = {
    healthCheckIntervalSeconds: 30,
    healthyThreshold: 5,
    deregistrationDelaySeconds: 300,
    minimumHealthyPercent: 100,
    maximumPercent: 200,
} as const;

/** Assumed seconds from task launch to the app listening: image pull plus boot. */
export const ASSUMED_TASK_START_SECONDS = 30;

/** Without a load balancer or container health check, ECS counts a task healthy 40 s after RUNNING. */
export const ECS_NO_HEALTH_CHECK_SECONDS = 40;

export interface RolloutInputs {
    desiredCount: number;
    minimumHealthyPercent: number;
    maximumPercent: number;
    /** Seconds until ECS considers a new task healthy once it is listening. */
    healthDetectionSeconds: number;
    /** Seconds old tasks keep serving after deregistration (web) or finishing a job (worker). */
    drainSeconds: number;
    taskStartSeconds?: number | undefined;
    strategy?: DeploymentStrategy;
    /** BLUE_GREEN/CANARY/LINEAR: minutes blue and green run side by side after the shift. */
    bakeTimeMinutes?: number | undefined;
    /** CANARY: minutes at the canary percentage. LINEAR: minutes per step. */
    stepBakeMinutes?: number | undefined;
    /** LINEAR: percent of traffic per step. */
    stepPercent?: number | undefined;
}

/** Where a rollout's seconds go. */
export interface RolloutParts {
    /** Seconds from launch to listening (assumed). */
    taskStart: number;
    /** Seconds until the new tasks count as healthy. */
    healthDetection: number;
    /** Seconds old tasks keep serving, or finish their job. */
    drain: number;
    /** Seconds of bake time (blue/green, canary, linear). */
    bake: number;
    /** Rolling waves (whole number). */
    waves: number;
}

/** The modelled length of one rollout. */
export interface RolloutEstimate {
    /** Seconds from the deploy's start to the old tasks gone. */
    seconds: number;
    /** Rolling waves (whole number). */
    waves: number;
    parts: RolloutParts;
}

/** Tasks ECS can replace at once: the room between the minimum-healthy floor and the maximum ceiling. */
export function rollingWaves(desired: number, minHealthyPercent: number, maxPercent: number): number {
    if (desired <= 0) {
        return 0;
    }
    const ceiling = Math.floor((desired * maxPercent) / 100);
    const floor = Math.ceil((desired * minHealthyPercent) / 100);
    const perWave = Math.max(1, ceiling - floor);
    return Math.ceil(desired / perWave);
}

export function estimateRollout(i: RolloutInputs): RolloutEstimate {
    const taskStart = i.taskStartSeconds ?? ASSUMED_TASK_START_SECONDS;
    const strategy = i.strategy ?? "ROLLING";
    if (strategy === "ROLLING") {
        const waves = rollingWaves(Math.max(i.desiredCount, 1), i.minimumHealthyPercent, i.maximumPercent);
        const perWave = taskStart + i.healthDetectionSeconds + i.drainSeconds;
        return { seconds: waves * perWave, waves, parts: { taskStart, healthDetection: i.healthDetectionSeconds, drain: i.drainSeconds, bake: 0, waves } };
    }
    // Green starts in full, traffic shifts (in one go, a canary step, or linear steps), blue bakes, then drains.
    const steps = strategy === "LINEAR" ? Math.ceil(100 / (i.stepPercent ?? 10)) - 1 : strategy === "CANARY" ? 1 : 0;
    const bake = ((i.bakeTimeMinutes ?? 0) + steps * (i.stepBakeMinutes ?? 0)) * 60;
    const seconds = taskStart + i.healthDetectionSeconds + bake + i.drainSeconds;
    return { seconds, waves: 1, parts: { taskStart, healthDetection: i.healthDetectionSeconds, drain: i.drainSeconds, bake, waves: 1 } };
}

/** ECS's default container stop timeout on Fargate. */
export const ECS_DEFAULT_STOP_TIMEOUT_SECONDS = 30;

/**
 * The same service under AWS's defaults, for comparison: behind a load balancer, 5 × 30 s health
 * checks and a 300 s drain; without one, healthy 40 s after RUNNING and the 30 s stop timeout.
 */
export function estimateAwsDefaultRollout(desiredCount: number, loadBalanced = true, taskStartSeconds = ASSUMED_TASK_START_SECONDS): RolloutEstimate {
    const d = AWS_DEFAULT_ROLLOUT;
    return estimateRollout({
        desiredCount,
        minimumHealthyPercent: d.minimumHealthyPercent,
        maximumPercent: d.maximumPercent,
        healthDetectionSeconds: loadBalanced ? d.healthyThreshold * d.healthCheckIntervalSeconds : ECS_NO_HEALTH_CHECK_SECONDS,
        drainSeconds: loadBalanced ? d.deregistrationDelaySeconds : ECS_DEFAULT_STOP_TIMEOUT_SECONDS,
        taskStartSeconds,
    });
}

/** The AWS provider's own default for creating, updating and deleting an ECS service. */
export const PROVIDER_DEFAULT_SERVICE_TIMEOUT_MINUTES = 20;

/**
 * How long `pulumi up` may wait for a service, from its modelled rollout. With
 * `waitForSteadyState` the provider waits until ECS reports the deployment SUCCESSFUL, which
 * includes every bake time; a failing deployment also rolls back inside that wait. So the
 * budget is two rollouts (deploy, then rollback) plus ten minutes for slow image pulls and
 * start-up, and never below the provider's default of 20 minutes.
 */
export function serviceTimeouts(estimate: RolloutEstimate): { create: string; update: string; delete: string } {
    const minutes = Math.max(PROVIDER_DEFAULT_SERVICE_TIMEOUT_MINUTES, Math.ceil((2 * estimate.seconds) / 60) + 10);
    return { create: `${minutes}m`, update: `${minutes}m`, delete: `${PROVIDER_DEFAULT_SERVICE_TIMEOUT_MINUTES}m` };
}
