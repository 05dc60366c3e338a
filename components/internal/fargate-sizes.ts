import { Check, show } from "./validation";

/**
 * The task sizes Fargate accepts (Linux), in CPU units and MiB.
 * Source: ECS API RegisterTaskDefinitionRequest.memory; AWS "task-cpu-memory-error" page.
 * 8 and 16 vCPU need platform version 1.4.0, which LATEST is.
 */
const FARGATE_SIZES: ReadonlyArray<{ cpu: number; memory: readonly number[] }> = [
    { cpu: 256, memory: [512, 1024, 2048] },
    { cpu: 512, memory: [1024, 2048, 3072, 4096] },
    { cpu: 1024, memory: steps(2048, 8192, 1024) },
    { cpu: 2048, memory: steps(4096, 16384, 1024) },
    { cpu: 4096, memory: steps(8192, 30720, 1024) },
    { cpu: 8192, memory: steps(16384, 61440, 4096) },
    { cpu: 16384, memory: steps(32768, 122880, 8192) },
];

function steps(from: number, to: number, step: number): number[] {
    const out: number[] = [];
    for (let v = from; v <= to; v += step) {
        out.push(v);
    }
    return out;
}

/** Valid Fargate CPU values, in CPU units (1024 = 1 vCPU). */
export const FARGATE_CPU_VALUES: readonly number[] = FARGATE_SIZES.map((s) => s.cpu);

/** Memory values (MiB) Fargate accepts for a CPU value; empty when the CPU value is invalid. */
export function fargateMemoryFor(cpu: number): readonly number[] {
    return FARGATE_SIZES.find((s) => s.cpu === cpu)?.memory ?? [];
}

function describeMemory(memory: readonly number[]): string {
    if (memory.length <= 4) {
        return memory.join(", ");
    }
    const step = memory[1] - memory[0];
    return `${memory[0]} to ${memory[memory.length - 1]} in steps of ${step}`;
}

/** Checks a task-level cpu/memory pair against the Fargate table. */
export function checkFargateSize(check: Check, cpu: number, memory: number): void {
    if (!FARGATE_CPU_VALUES.includes(cpu)) {
        const vcpuHint = typeof cpu === "number" && cpu > 0 && cpu <= 16 ? ` — CPU units, not vCPU: ${cpu} vCPU is ${cpu * 1024}` : "";
        check.at("cpu").fail(`is ${show(cpu)}; allowed Fargate CPU units: ${FARGATE_CPU_VALUES.join(", ")} (1024 = 1 vCPU${vcpuHint})`);
        return;
    }
    const allowed = fargateMemoryFor(cpu);
    if (typeof memory !== "number") {
        check.at("memory").fail(`is ${show(memory)}; allowed: MiB as a number, ${describeMemory(allowed)} with cpu ${cpu} (1 GB is 1024)`);
    } else if (!allowed.includes(memory)) {
        check.at("memory").fail(`is ${memory} MiB, which Fargate does not offer with cpu ${cpu}; allowed: ${describeMemory(allowed)} MiB`);
    }
}
