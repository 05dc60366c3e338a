/**
 * What the offline plan reads off the recorded resources: each ECS service's size, counts and
 * placement, and each scheduled task's schedule and size. Shared by the plan and the cost model.
 */
import { RecordedResource } from "../tools/mock-runtime";
import { firingMinutes, runsPerMonth } from "./schedules";

/** What the plan needs to know about one ECS service, read from its recorded resources. */
export interface ServiceFacts {
    name: string;
    component: string | null;
    service: RecordedResource;
    cpu: number;
    memoryMiB: number;
    arch: "X86_64" | "ARM64";
    ephemeralGiB: number;
    containers: any[];
    /** Task volumes on EFS by name, with the file system id (they outlive the task, unlike bind mounts). */
    efsVolumes: Record<string, string>;
    minTasks: number;
    maxTasks: number;
    autoscaled: boolean;
    publicIp: boolean;
    targetGroup?: RecordedResource;
    /** The groups of a web service's additional targets (`<service>-<target>-tg`). */
    additionalTargetGroups: RecordedResource[];
    /** With scheduled scaling: the month's average of the minimum in force, what the plan prices. */
    scheduled?: ScheduledCount;
}

export function serviceFacts(resources: RecordedResource[]): ServiceFacts[] {
    const taskDefs = resources.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
    return resources
        .filter((r) => r.type === "aws:ecs/service:Service")
        .map((service) => {
            const family = String(service.inputs.taskDefinition ?? "").split("/").pop()?.split(":")[0];
            const td = taskDefs.find((t) => t.inputs.family === family);
            if (!td) {
                throw new Error(`service ${service.name}: no task definition of family ${family} in the plan`);
            }
            // Children are found by their component and stable names (`<service>-scaling`, `<service>-tg`).
            const sibling = (type: string, name: string) => resources.find((r) => r.type === type && r.parent === service.parent && r.name === name);
            const target = sibling("aws:appautoscaling/target:Target", `${service.name}-scaling`);
            const lb = service.inputs.loadBalancers?.[0];
            return {
                name: service.name,
                component: service.parent,
                service,
                cpu: Number(td.inputs.cpu),
                memoryMiB: Number(td.inputs.memory),
                arch: td.inputs.runtimePlatform?.cpuArchitecture ?? "X86_64",
                ephemeralGiB: td.inputs.ephemeralStorage?.sizeInGib ?? 20,
                containers: JSON.parse(td.inputs.containerDefinitions),
                efsVolumes: Object.fromEntries((td.inputs.volumes ?? []).filter((v: any) => v.efsVolumeConfiguration).map((v: any) => [v.name, String(v.efsVolumeConfiguration.fileSystemId)])),
                minTasks: target ? target.inputs.minCapacity : service.inputs.desiredCount ?? 1,
                maxTasks: target ? target.inputs.maxCapacity : service.inputs.desiredCount ?? 1,
                autoscaled: target !== undefined,
                publicIp: service.inputs.networkConfiguration?.assignPublicIp === true,
                targetGroup: lb ? sibling("aws:lb/targetGroup:TargetGroup", `${service.name}-tg`) : undefined,
                additionalTargetGroups: resources.filter((r) => r.type === "aws:lb/targetGroup:TargetGroup" && r.parent === service.parent && r.name !== `${service.name}-tg` && r.name.startsWith(`${service.name}-`) && r.name.endsWith("-tg")),
                scheduled: target ? scheduledCount(target, resources.filter((r) => r.type === "aws:appautoscaling/scheduledAction:ScheduledAction" && r.parent === service.parent && r.name.startsWith(`${service.name}-schedule-`))) : undefined,
            };
        });
}

/** Scheduled tasks: their schedule, task size and expected run time (a tag of their task definition). */
export function scheduledJobs(resources: RecordedResource[]) {
    return resources
        .filter((r) => r.type === "aws:scheduler/schedule:Schedule")
        .map((s) => {
            const family = String(s.inputs.target?.ecsParameters?.taskDefinitionArn ?? "").split("/").pop()?.split(":")[0];
            const td = resources.find((t) => t.type === "aws:ecs/taskDefinition:TaskDefinition" && t.inputs.family === family);
            const expression = String(s.inputs.scheduleExpression);
            return {
                name: s.name,
                expression,
                timezone: String(s.inputs.scheduleExpressionTimezone ?? "UTC"),
                enabled: s.inputs.state !== "DISABLED",
                runs: s.inputs.state === "DISABLED" ? 0 : runsPerMonth(expression),
                runSeconds: Number(td?.inputs.tags?.["fargate-kit-run-seconds"] ?? 60),
                cpu: Number(td?.inputs.cpu ?? 256),
                memoryMiB: Number(td?.inputs.memory ?? 512),
                arch: (td?.inputs.runtimePlatform?.cpuArchitecture ?? "X86_64") as "X86_64" | "ARM64",
            };
        });
}

/** How many of `tasks` run on Spot under the service's capacity-provider strategy. */
export function spotTasks(strategies: { capacityProvider: string; weight?: number; base?: number }[] | undefined, tasks: number): number {
    const spot = strategies?.find((s) => s.capacityProvider === "FARGATE_SPOT");
    if (!spot) return 0;
    const base = (strategies ?? []).reduce((b, s) => b + (s.base ?? 0), 0);
    const baseOnSpot = Math.min(tasks, spot.base ?? 0);
    const rest = Math.max(0, tasks - base);
    const totalWeight = (strategies ?? []).reduce((w, s) => w + (s.weight ?? 0), 0);
    return baseOnSpot + (totalWeight > 0 ? (rest * (spot.weight ?? 0)) / totalWeight : 0);
}


/** A service's task count under its scheduled actions, over the plan's model month. */
export interface ScheduledCount {
    /** Average tasks: the minimum in force, held at each moment (autoscaled services are priced at their minimum). */
    averageTasks: number;
    /** The same with every moment at the maximum in force. */
    averageMaxTasks: number;
    /** Actions the model could not place (at(), unreadable): they change nothing in it. */
    ignored: string[];
}

/**
 * Replays the scheduled actions over the 30-day model month (starting on a Monday, each action's
 * time zone taken as UTC: a shift moves every action alike and leaves the average). The month is
 * played twice so that its first hours start from the range its last action left.
 */
export function scheduledCount(target: RecordedResource, actions: RecordedResource[]): ScheduledCount | undefined {
    if (actions.length === 0) return undefined;
    const ignored: string[] = [];
    const events: { at: number; min?: number; max?: number }[] = [];
    for (const a of actions) {
        const minutes = firingMinutes(String(a.inputs.schedule));
        if (!minutes) {
            ignored.push(String(a.inputs.name));
            continue;
        }
        for (const at of minutes) events.push({ at, min: a.inputs.scalableTargetAction?.minCapacity, max: a.inputs.scalableTargetAction?.maxCapacity });
    }
    events.sort((x, y) => x.at - y.at);
    const month = 30 * 1440;
    let min = Number(target.inputs.minCapacity);
    let max = Number(target.inputs.maxCapacity);
    let minSum = 0;
    let maxSum = 0;
    for (const pass of [0, 1]) {
        let t = 0;
        for (const e of [...events, { at: month }]) {
            if (pass === 1) {
                minSum += Math.min(min, max) * (e.at - t);
                maxSum += max * (e.at - t);
            }
            t = e.at;
            const ev = e as { min?: number; max?: number };
            if (ev.min !== undefined) min = ev.min;
            if (ev.max !== undefined) max = ev.max;
        }
    }
    return { averageTasks: minSum / month, averageMaxTasks: maxSum / month, ignored };
}
