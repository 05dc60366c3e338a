/**
 * What the offline plan reads off the recorded resources: each ECS service's size, counts and
 * placement, and each scheduled task's schedule and size. Shared by the plan and the cost model.
 */
import { RecordedResource } from "../tools/mock-runtime";
import { runsPerMonth } from "./schedules";

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

