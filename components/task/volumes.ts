/**
 * Where containers write: task-scoped volumes behind `writablePaths` under a read-only root
 * filesystem (optionally seeded from the image), and named task volumes several containers of one
 * task mount (a php-fpm socket directory nginx reads, files one container writes for another).
 * On Fargate a task volume is a bind mount without a host path: it lives as long as the task, on
 * its ephemeral storage, and starts empty and owned by root.
 */
import { Check, show } from "../internal/validation";
import type { ContainerSpec } from "./containers";
import { EfsVolumeSpec, checkEfsVolume } from "./efs-volumes";
import type { FargateTaskSpec } from "./task-spec";

/** A task volume the containers of one task share; it lives as long as the task, on its ephemeral storage. */
export interface TaskVolume {
    /** The volume's name, unique in the task (letters, digits, `-`, `_`); containers mount it by this name. */
    name: string;
    /**
     * An EFS file system instead of task storage: it outlives the task and is shared between
     * tasks and services (mounted with TLS and IAM authorization; the task role gets the grants).
     * Default: none; a bind mount on the task's ephemeral storage.
     * @default - none; a bind mount on the task's ephemeral storage
     */
    efs?: EfsVolumeSpec | undefined;
}

/** Where a container mounts one of the task's `volumes`. */
export interface VolumeMount {
    /** The task volume's name. */
    volume: string;
    /** Absolute path in the container, e.g. `"/var/run/php"`. */
    path: string;
    /**
     * Mount it read-only in this container (the one that only reads what another writes).
     * Default: false.
     * @default false
     */
    readOnly?: boolean | undefined;
}

/** The name of the container that seeds a container's writable paths from its image. */
export function seedContainerName(container: string): string {
    return `${container}-seed`;
}

/** The task volume behind a container's i-th writable path. */
export const writableVolumeName = (container: string, i: number) => `${container}-writable-${i}`;

const VOLUME_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ABSOLUTE = /^\/[^\0]*$/;

/** A container's `writablePaths`, `seedWritablePaths` and `mounts`. */
export function checkWritablePaths(check: Check, c: ContainerSpec, names: string[], spec?: FargateTaskSpec): void {
    (c.writablePaths ?? []).forEach((p, j) => check.at("writablePaths").at(j).matches(p, ABSOLUTE, "an absolute path"));
    if (c.seedWritablePaths && (c.writablePaths ?? []).length === 0) {
        check.at("seedWritablePaths").fail("is true, but the container has no writablePaths to seed");
    }
    if (c.seedWritablePaths && names.includes(seedContainerName(c.name))) {
        check.at("seedWritablePaths").fail(`is true, which adds a container named ${show(seedContainerName(c.name))}, but the task already has one`);
    }
    const volumes = Array.isArray(spec?.volumes) ? spec!.volumes.map((v) => v?.name) : [];
    const paths = new Map<string, string>((c.writablePaths ?? []).map((p, j) => [p, `writablePaths[${j}]`]));
    (c.mounts ?? []).forEach((m, j) => {
        const at = check.at("mounts").at(j);
        if (!at.object(m, "VolumeMount: volume, path, readOnly")) return;
        if (!volumes.includes(m.volume)) at.at("volume").fail(`is ${show(m.volume)}, which is not a volume of this task; volumes: ${volumes.length > 0 ? volumes.map(show).join(", ") : "none (declare it under the task's volumes)"}`);
        if (at.at("path").matches(m.path, ABSOLUTE, "an absolute path")) {
            const other = paths.get(m.path);
            if (other !== undefined) at.at("path").fail(`is ${show(m.path)}, which ${other} of this container already mounts; a path takes one volume`);
            paths.set(m.path, `mounts[${j}]`);
        }
    });
}

/** The task's `volumes`: names unique, apart from those behind writable paths, and each mounted by a container. */
export function checkTaskVolumes(check: Check, spec: FargateTaskSpec): void {
    if (!check.list(spec.volumes, "of task volumes, e.g. [{ name: \"php-socket\" }]")) return;
    const generated = new Set(spec.containers.flatMap((c) => (c.writablePaths ?? []).map((_, i) => writableVolumeName(c.name, i))));
    const seen = new Set<string>();
    (spec.volumes ?? []).forEach((v, i) => {
        const at = check.at(i);
        if (!at.object(v, "TaskVolume: name, efs")) return;
        if (v.efs !== undefined) checkEfsVolume(at.at("efs"), v.efs);
        if (!at.at("name").matches(v.name, VOLUME_NAME, "1-255 letters, digits, '-' or '_'")) return;
        if (seen.has(v.name)) at.at("name").fail(`is ${show(v.name)} again; volume names are unique in a task`);
        if (generated.has(v.name)) at.at("name").fail(`is ${show(v.name)}, the name of the volume behind a container's writablePaths; give it another name`);
        seen.add(v.name);
        if (!spec.containers.some((c) => (c.mounts ?? []).some((m) => m?.volume === v.name))) at.fail(`is mounted by no container; mount it with a container's mounts: [{ volume: ${show(v.name)}, path: "/…" }] or remove it`);
    });
}
