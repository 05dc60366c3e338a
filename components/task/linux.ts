/** Linux settings of a container: resource limits (ulimits) and kernel capabilities. */
import { Check, show } from "../internal/validation";
import { LinuxCapability, UlimitName } from "../enums";
import type { ContainerSpec } from "./containers";

export interface UlimitSpec {
    name: UlimitName;
    softLimit: number;
    hardLimit: number;
}

/**
 * Linux capabilities added to or dropped from Docker's default set (ECS `KernelCapabilities`).
 * Docker drops first, then adds: `drop: ["ALL"], add: ["SYS_PTRACE"]` leaves only SYS_PTRACE.
 */
export interface ContainerCapabilities {
    /**
     * Capabilities to add. Fargate accepts only `SYS_PTRACE` (for debuggers and profilers such as
     * strace or py-spy).
     * Default: none.
     * @default - none
     */
    add?: LinuxCapability[] | undefined;
    /**
     * Capabilities to drop, e.g. `["ALL"]` or `["NET_RAW"]` (no raw sockets, no ping spoofing).
     * Default: none (Docker's default set).
     * @default - none (Docker's default set)
     */
    drop?: LinuxCapability[] | undefined;
}

/** The only capability a Fargate task may add (ECS API reference, KernelCapabilities.add). */
export const FARGATE_ADDABLE_CAPABILITIES: readonly LinuxCapability[] = ["SYS_PTRACE"];

export const ULIMIT_NAMES = ["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"] as const;

/** A container's `ulimits` and `capabilities`. */
export function checkLinuxParameters(check: Check, c: ContainerSpec): void {
    (c.ulimits ?? []).forEach((u, j) => {
        const uc = check.at("ulimits").at(j);
        uc.at("name").oneOf(u.name, ULIMIT_NAMES);
        if (u.softLimit > u.hardLimit) {
            uc.fail(`softLimit ${u.softLimit} is above hardLimit ${u.hardLimit}`);
        }
    });
    checkCapabilities(check.at("capabilities"), c.capabilities);
}

function checkCapabilities(check: Check, caps: ContainerCapabilities | undefined): void {
    if (caps === undefined || !check.object(caps, "ContainerCapabilities: add, drop")) return;
    const all = Object.values(LinuxCapability) as string[];
    for (const key of ["add", "drop"] as const) {
        if (!check.at(key).list(caps[key], "of Linux capabilities, e.g. [\"SYS_PTRACE\"]")) continue;
        const seen = new Set<string>();
        (caps[key] ?? []).forEach((cap, i) => {
            const at = check.at(key).at(i);
            if (!at.oneOf(cap, all)) return;
            if (seen.has(cap)) at.fail(`is ${show(cap)} again; list a capability once`);
            seen.add(cap);
            if (key === "add" && !FARGATE_ADDABLE_CAPABILITIES.includes(cap)) {
                at.fail(`is ${show(cap)}, which Fargate does not let a container add; allowed: ${FARGATE_ADDABLE_CAPABILITIES.map(show).join(", ")} (drop takes any capability)`);
            }
        });
    }
    const both = (caps.add ?? []).filter((cap) => (caps.drop ?? []).includes(cap) && cap !== "ALL");
    for (const cap of new Set(both)) check.fail(`adds and drops ${show(cap)}; Docker drops first and then adds, so it would stay: list it in one of them`);
}
