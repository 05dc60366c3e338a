/** The ports a task's containers listen on (awsvpc: one network interface per task). */
import { Check, show } from "../internal/validation";
import { AppProtocol, PortProtocol } from "../enums";
import type { ContainerSpec } from "./containers";

/** A port a container listens on. */
export interface PortSpec {
    /**
     * Port number, 1–65535.
     * A whole number.
     */
    containerPort: number;
    /**
     * Must equal `containerPort` in awsvpc mode; accepted only for compatibility.
     * A whole number.
     * Default: containerPort.
     * @default - containerPort
     */
    hostPort?: number | undefined;
    /**
     * Default: "tcp".
     * @default "tcp"
     */
    protocol?: PortProtocol;
    /**
     * Port name (Service Connect).
     * Default: none.
     * @default - none
     */
    name?: string | undefined;
    /**
     * Application protocol (Service Connect).
     * Default: none.
     * @default - none
     */
    appProtocol?: AppProtocol;
}

export function checkPort(check: Check, p: PortSpec): void {
    // A bare number is the stack file's shorthand, not the library's (JavaScript callers pass one too).
    if (typeof p === "number") {
        check.fail(`is ${p}; expected an object such as { containerPort: ${p} }`);
        return;
    }
    if (!check.object(p, "PortSpec")) return;
    if (p.containerPort === undefined) check.at("containerPort").fail("is missing; give the port the container listens on, 1–65535");
    check.at("containerPort").intRange(p.containerPort, 1, 65535);
    if (p.hostPort !== undefined && p.hostPort !== p.containerPort) {
        check.at("hostPort").fail(`is ${p.hostPort}, but Fargate uses awsvpc networking, where hostPort must equal containerPort (${p.containerPort}) or be left out`);
    }
    check.at("protocol").oneOf(p.protocol, Object.values(PortProtocol));
    check.at("appProtocol").oneOf(p.appProtocol, Object.values(AppProtocol));
}

/** All containers share the task's network namespace, so two cannot listen on one port. */
export function checkPortsUnique(check: Check, containers: ContainerSpec[]): void {
    const ports = new Map<number, string>();
    for (const c of containers) {
        for (const p of (c.ports ?? []).filter((x) => typeof x?.containerPort === "number")) {
            const owner = ports.get(p.containerPort);
            if (owner !== undefined) {
                check.fail(`port ${p.containerPort} is used by both ${show(owner)} and ${show(c.name)}; containers of a task share one network interface`);
            }
            ports.set(p.containerPort, c.name);
        }
    }
}
