/** Linux settings of a container: resource limits (ulimits). */
import { Check } from "../internal/validation";
import { UlimitName } from "../enums";
import type { ContainerSpec } from "./containers";

export interface UlimitSpec {
    name: UlimitName;
    softLimit: number;
    hardLimit: number;
}

export const ULIMIT_NAMES = ["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"] as const;

/** A container's `ulimits`. */
export function checkLinuxParameters(check: Check, c: ContainerSpec): void {
    (c.ulimits ?? []).forEach((u, j) => {
        const uc = check.at("ulimits").at(j);
        uc.at("name").oneOf(u.name, ULIMIT_NAMES);
        if (u.softLimit > u.hardLimit) {
            uc.fail(`softLimit ${u.softLimit} is above hardLimit ${u.hardLimit}`);
        }
    });
}
