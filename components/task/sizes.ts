/**
 * CPU and memory: the task's Fargate size and what its containers take of it, by ECS's rules
 * (ECS API reference, ContainerDefinition `memory` and `memoryReservation`): a container's hard
 * limit (`memory`) is at least 6 MiB and above its reservation when both are set; the task's memory
 * must hold what every container reserves — its `memoryReservation`, or its `memory` without one.
 */
import { Check, show } from "../internal/validation";
import type { ContainerSpec } from "./containers";
import { LOG_ROUTER_MEMORY_RESERVATION } from "./logging";
import type { FargateTaskSpec } from "./task-spec";

/** Docker 20.10+ reserves 6 MiB for a container: less is refused. */
const MIN_CONTAINER_MIB = 6;

/** One container's cpu, memory and memoryReservation, each within the task's. */
export function checkContainerSize(check: Check, c: ContainerSpec, spec: FargateTaskSpec): void {
    check.at("cpu").intRange(c.cpu, 0, spec.cpu, "CPU units (at most the task's cpu)");
    const hard = check.at("memory").intRange(c.memory, MIN_CONTAINER_MIB, spec.memory, "MiB (at most the task's memory)");
    const soft = check.at("memoryReservation").intRange(c.memoryReservation, MIN_CONTAINER_MIB, spec.memory, "MiB (at most the task's memory)");
    if (hard && soft && c.memory !== undefined && c.memoryReservation !== undefined && c.memoryReservation >= c.memory) {
        check.at("memoryReservation").fail(`is ${c.memoryReservation} MiB, but memory (the hard limit) is ${c.memory} MiB; ECS requires memory to be greater than memoryReservation`);
    }
}

/**
 * What the containers take together fits the task: CPU units, and the memory ECS reserves for each
 * (its reservation, else its hard limit), with the FireLens router's reservation when the task has one.
 */
export function checkTaskSizes(check: Check, containers: ContainerSpec[], spec: FargateTaskSpec): void {
    sumAtMost(check, containers.map((c) => c.cpu), spec.cpu, "cpu", "CPU units");
    const reserved = containers.filter((c) => (c.memoryReservation ?? c.memory) !== undefined).map((c) => ({ name: c.name, mib: (c.memoryReservation ?? c.memory)! }));
    if (containers.some((c) => c.logging?.fireLens)) reserved.push({ name: "the FireLens log router", mib: LOG_ROUTER_MEMORY_RESERVATION });
    const total = reserved.reduce((a, r) => a + r.mib, 0);
    if (total > spec.memory) {
        const parts = reserved.map((r) => `${r.name.startsWith("the ") ? r.name : show(r.name)} ${r.mib}`).join(", ");
        check.fail(`containers reserve ${total} MiB of memory in total (${parts}), more than the task's ${spec.memory}; ECS counts each container's memoryReservation, or its memory when it has none`);
    }
}

function sumAtMost(check: Check, values: (number | undefined)[], limit: number, field: string, unit: string): void {
    const total = values.reduce<number>((a, v) => a + (v ?? 0), 0);
    if (total > limit) {
        check.fail(`containers reserve ${total} ${unit} of ${field} in total, more than the task's ${limit}`);
    }
}
