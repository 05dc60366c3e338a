/**
 * Where containers write: task-scoped volumes behind `writablePaths` under a read-only root
 * filesystem, optionally seeded from the image.
 */
import { Check, show } from "../internal/validation";
import type { ContainerSpec } from "./containers";

/** The name of the container that seeds a container's writable paths from its image. */
export function seedContainerName(container: string): string {
    return `${container}-seed`;
}

/** A container's `writablePaths` and `seedWritablePaths`. */
export function checkWritablePaths(check: Check, c: ContainerSpec, names: string[]): void {
    (c.writablePaths ?? []).forEach((p, j) => check.at("writablePaths").at(j).matches(p, /^\/[^\0]*$/, "an absolute path"));
    if (c.seedWritablePaths && (c.writablePaths ?? []).length === 0) {
        check.at("seedWritablePaths").fail("is true, but the container has no writablePaths to seed");
    }
    if (c.seedWritablePaths && names.includes(seedContainerName(c.name))) {
        check.at("seedWritablePaths").fail(`is true, which adds a container named ${show(seedContainerName(c.name))}, but the task already has one`);
    }
}
