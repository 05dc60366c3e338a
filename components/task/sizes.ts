/** CPU and memory: the task's Fargate size and what its containers reserve of it. */
import { Check } from "../internal/validation";
import type { ContainerSpec } from "./containers";
import type { FargateTaskSpec } from "./task-spec";

/** One container's cpu, memory and memoryReservation, each within the task's. */
export function checkContainerSize(check: Check, c: ContainerSpec, spec: FargateTaskSpec): void {
    check.at("cpu").intRange(c.cpu, 0, spec.cpu, "CPU units (at most the task's cpu)");
    check.at("memory").intRange(c.memory, 6, spec.memory, "MiB (at most the task's memory)");
    check.at("memoryReservation").intRange(c.memoryReservation, 6, c.memory ?? spec.memory, "MiB");
}

/** What the containers reserve together fits the task. */
export function checkTaskSizes(check: Check, containers: ContainerSpec[], spec: FargateTaskSpec): void {
    sumAtMost(check, containers.map((c) => c.cpu), spec.cpu, "cpu", "CPU units");
    sumAtMost(check, containers.map((c) => c.memory ?? c.memoryReservation), spec.memory, "memory", "MiB");
}

function sumAtMost(check: Check, values: (number | undefined)[], limit: number, field: string, unit: string): void {
    const total = values.reduce<number>((a, v) => a + (v ?? 0), 0);
    if (total > limit) {
        check.fail(`containers reserve ${total} ${unit} of ${field} in total, more than the task's ${limit}`);
    }
}
