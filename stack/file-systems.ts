/**
 * EFS file systems of the stack (`fileSystems.<name>`), created or adopted, and the containers
 * that mount them (`mounts: [{ fileSystem: uploads, accessPoint: app, path: /var/www/storage }]`).
 * A mount of a file system becomes a task volume with `efs` (TLS, IAM authorization) and the
 * service's task role gets ClientMount, plus ClientWrite when a container mounts it read-write.
 * Services that mount one carry its clients' security group and wait for its mount targets.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { FileSystem, FileSystemArgs, checkFileSystemArgs } from "../components/data/file-system";
import { Check, show } from "../components/internal/validation";
import { TaskVolume, VolumeMount } from "../components/task/task-spec";
import { NetworkConfig, TaskConfig } from "./schema";
import { MIGRATION_NAME, StackConfig } from "./stack-config";

const str = z.string().min(1);
const int = z.number().int();

export const fileSystemSchema = z.strictObject({
    /** Access points by name: the user (uid/gid) and directory (path) each mount through it gets. */
    accessPoints: z.record(z.string(), z.strictObject({ uid: int, gid: int, path: str, permissions: str.optional() })).optional(),
    throughputMode: str.optional(),
    transitionToIaDays: int.optional(),
    kmsKeyArn: str.optional(),
    /** AWS Backup's daily plan; default: on in production (`protect`). */
    backups: z.boolean().optional(),
    /** What the plan assumes for its cost: GB stored, and GB read and written per month (elastic throughput). */
    sizeGb: z.number().positive().optional(),
    readGbPerMonth: z.number().nonnegative().optional(),
    writeGbPerMonth: z.number().nonnegative().optional(),
    /** Let one deployment of a protected stack replace the file system (a new, empty one). */
    allowReplacement: z.boolean().optional(),
    /** An existing file system: nothing of EFS is created. */
    adopt: z
        .strictObject({
            fileSystemId: str,
            accessPoints: z.record(z.string(), str).optional(),
            mountTargetSecurityGroupId: str.optional(),
            clientSecurityGroupId: str.optional(),
        })
        .optional(),
});
export const fileSystemsSchema = z.record(z.string(), fileSystemSchema);
export type FileSystemConfig = z.infer<typeof fileSystemSchema>;

/** A container mount as the stack file gives it: a task volume, or a file system (through an access point). */
export interface MountConfig {
    volume?: string;
    fileSystem?: string;
    accessPoint?: string;
    path: string;
    readOnly?: boolean;
}

/** The ids the program got from the file systems it made; placeholders while validating. */
export type FileSystemIds = Record<string, { fileSystemId: pulumi.Input<string>; accessPointIds: Record<string, pulumi.Input<string>> }>;

/** The task volume of a file-system mount: one per file system and access point in a task. */
export const fileSystemVolumeName = (fileSystem: string, accessPoint?: string) => `efs-${fileSystem}${accessPoint ? `-${accessPoint}` : ""}`;

/** Access point names of a file system's config. */
export function accessPointsOf(fs: FileSystemConfig): string[] {
    return Object.keys((fs.adopt ? fs.adopt.accessPoints : fs.accessPoints) ?? {});
}

/** Placeholder ids for validation: the shape the components check, before anything exists. */
export function placeholderIds(fileSystems: Record<string, FileSystemConfig>): FileSystemIds {
    return Object.fromEntries(Object.entries(fileSystems).map(([n, fs]) => [n, { fileSystemId: "fs-00000000", accessPointIds: Object.fromEntries(accessPointsOf(fs).map((a) => [a, "fsap-00000000"])) }]));
}

/**
 * A task's file-system mounts as task volumes and volume mounts. Mounts naming an unknown file
 * system or access point are left out here: `checkFileSystemMounts` reports them where typed.
 */
export function withFileSystemMounts(task: TaskConfig, fileSystems: Record<string, FileSystemConfig>, ids: FileSystemIds): { volumes?: TaskVolume[]; mountsOf: (mounts: MountConfig[] | undefined) => VolumeMount[] | undefined } {
    const resolvable = (m: MountConfig) => m.fileSystem !== undefined && m.fileSystem in fileSystems && ids[m.fileSystem] !== undefined && (m.accessPoint === undefined || accessPointsOf(fileSystems[m.fileSystem]).includes(m.accessPoint));
    const efs = new Map<string, TaskVolume>();
    for (const c of task.containers) {
        for (const m of (c.mounts ?? []) as MountConfig[]) {
            if (!resolvable(m)) continue;
            const name = fileSystemVolumeName(m.fileSystem!, m.accessPoint);
            const id = ids[m.fileSystem!];
            efs.set(name, { name, efs: { fileSystemId: id.fileSystemId, accessPointId: m.accessPoint !== undefined ? id.accessPointIds[m.accessPoint] : undefined } });
        }
    }
    const volumes = task.volumes || efs.size > 0 ? [...(task.volumes ?? []), ...efs.values()] : undefined;
    const mountsOf = (mounts: MountConfig[] | undefined) =>
        mounts?.flatMap((m): VolumeMount[] => {
            if (m.fileSystem === undefined) return [{ volume: m.volume as string, path: m.path, readOnly: m.readOnly }];
            return resolvable(m) ? [{ volume: fileSystemVolumeName(m.fileSystem, m.accessPoint), path: m.path, readOnly: m.readOnly }] : [];
        });
    return { volumes, mountsOf };
}

/** The file systems a task mounts. */
export function fileSystemsMountedBy(task: TaskConfig): string[] {
    return [...new Set(task.containers.flatMap((c) => ((c.mounts ?? []) as MountConfig[]).map((m) => m.fileSystem).filter((f): f is string => f !== undefined)))];
}

/** Every task of the stack with the key path it was typed at. */
export function stackTasks(config: StackConfig): [string, TaskConfig][] {
    return [
        ...Object.entries(config.webServices).map(([n, w]): [string, TaskConfig] => [`webServices.${n}`, w.task]),
        ...Object.entries(config.workers).map(([n, w]): [string, TaskConfig] => [`workers.${n}`, w.task]),
        ...Object.entries(config.scheduledTasks).map(([n, j]): [string, TaskConfig] => [`scheduledTasks.${n}`, j.task]),
        ...(config.migration ? [["migration", config.migration.task] as [string, TaskConfig]] : []),
        ...Object.entries(config.tasks).map(([n, t]): [string, TaskConfig] => [`tasks.${n}`, t.task]),
    ];
}

const FS_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** The `fileSystems` key: names, the component's own rules (with placeholder network values). */
export function checkFileSystems(check: Check, config: StackConfig): void {
    for (const [name, fs] of Object.entries(config.fileSystems)) {
        const at = check.at(name);
        at.matches(name, FS_NAME, "a lowercase letter, then up to 30 lowercase letters, digits or '-'");
        checkFileSystemArgs(at, fileSystemArgs(config, name, fs, ["subnet-00000000"], "vpc-00000000"));
        for (const key of ["sizeGb", "readGbPerMonth", "writeGbPerMonth"] as const) if (fs.adopt && fs[key] !== undefined) at.at(key).fail("prices a new file system; an adopted one is not priced in this stack's plan (leave it out)");
    }
}

/**
 * Every container mount: exactly one of `volume` or `fileSystem`; known file systems and access
 * points (the known ones listed); an access point where the file system has them. A standalone
 * task mounts too: its `securityGroupIds` output lists the clients group its runner must pass.
 */
export function checkFileSystemMounts(at: (where: string) => Check, config: StackConfig): void {
    const known = Object.keys(config.fileSystems);
    for (const [where, task] of stackTasks(config)) {
        task.containers.forEach((c, i) =>
            ((c.mounts ?? []) as MountConfig[]).forEach((m, j) => {
                const mc = at(where).at("task").at("containers").at(i).at("mounts").at(j);
                if (m.fileSystem === undefined) {
                    if (m.volume === undefined) mc.fail("names neither a volume nor a fileSystem; give one, e.g. { volume: \"php-socket\", path: \"/var/run/php\" } or { fileSystem: \"uploads\", accessPoint: \"app\", path: \"/var/www/storage\" }");
                    if (m.accessPoint !== undefined) mc.at("accessPoint").fail("is set without fileSystem; an access point belongs to a file system (fileSystems.<name>.accessPoints)");
                    return;
                }
                if (m.volume !== undefined) mc.fail(`names both volume ${show(m.volume)} and fileSystem ${show(m.fileSystem)}; a mount takes one`);
                const fs = config.fileSystems[m.fileSystem];
                if (fs === undefined) {
                    mc.at("fileSystem").fail(`is ${show(m.fileSystem)}, which is not a file system of the stack; fileSystems: ${known.length > 0 ? known.map(show).join(", ") : `none (declare it under ${config.project}:fileSystems)`}`);
                    return;
                }
                const points = accessPointsOf(fs);
                if (m.accessPoint === undefined) {
                    if (points.length > 0) mc.at("accessPoint").fail(`is missing; file system ${show(m.fileSystem)} is mounted only through an access point (its policy refuses other mounts): ${points.map(show).join(", ")}`);
                } else if (!points.includes(m.accessPoint)) {
                    mc.at("accessPoint").fail(`is ${show(m.accessPoint)}, which is not an access point of file system ${show(m.fileSystem)}; accessPoints: ${points.length > 0 ? points.map(show).join(", ") : "none"}`);
                }
            }),
        );
    }
}

/** ECS: at most 5 security groups on a task's network interface. */
const MAX_TASK_SECURITY_GROUPS = 5;

/**
 * A task's groups fit in 5: its own, its `securityGroupIds`, the access group of each database and
 * cache it uses, and the clients group of each file system it mounts. ECS refuses more at deploy.
 */
export function checkSecurityGroupCount(at: (where: string) => Check, config: StackConfig): void {
    type Grouped = { securityGroupIds?: string[]; task: TaskConfig };
    const services: [string, string, Grouped][] = [
        ...Object.entries(config.webServices).map(([n, w]): [string, string, Grouped] => [`webServices.${n}`, n, w]),
        ...Object.entries(config.workers).map(([n, w]): [string, string, Grouped] => [`workers.${n}`, n, w]),
        ...Object.entries(config.scheduledTasks).map(([n, j]): [string, string, Grouped] => [`scheduledTasks.${n}`, n, j]),
        ...(config.migration ? [["migration", MIGRATION_NAME, config.migration] as [string, string, Grouped]] : []),
        ...Object.entries(config.tasks).map(([n, t]): [string, string, Grouped] => [`tasks.${n}`, n, t]),
    ];
    const stores = [...Object.entries(config.databases).map(([n, d]) => [`databases.${n}`, d.usedBy] as const), ...Object.entries(config.caches).map(([n, c]) => [`caches.${n}`, c.usedBy] as const)];
    for (const [where, name, s] of services) {
        const mounted = fileSystemsMountedBy(s.task).filter((f) => f in config.fileSystems);
        const used = stores.filter(([, usedBy]) => (usedBy ?? []).includes(name)).map(([store]) => store);
        const total = 1 + (s.securityGroupIds ?? []).length + used.length + mounted.length;
        if (total > MAX_TASK_SECURITY_GROUPS) {
            const extra = (s.securityGroupIds ?? []).length;
            const parts = [`its own`, `${extra} in securityGroupIds`, ...(used.length ? [`one per data store it uses: ${used.join(", ")}`] : []), ...(mounted.length ? [`one per file system it mounts: ${mounted.map(show).join(", ")}`] : [])];
            const listed = `${parts.slice(0, -1).join(", ")}, and ${parts[parts.length - 1]}`;
            at(where).fail(`needs ${total} security groups on its tasks (${listed}); ECS allows ${MAX_TASK_SECURITY_GROUPS}: ${extra > 0 ? "give fewer securityGroupIds" : "use fewer data stores or file systems"}`);
        }
    }
}

/** The task subnets' count, known before they exist: one mount target each. */
export function taskSubnetCount(network: NetworkConfig): number {
    if (network.vpcId === undefined) return network.availabilityZones ?? 2;
    const privateTasks = (network.nat ?? "none") !== "none" || (network.vpcEndpoints ?? false);
    return ((privateTasks ? network.privateSubnetIds : network.publicSubnetIds) ?? []).length;
}

/** A file system's component args from its config. */
export function fileSystemArgs(config: Pick<StackConfig, "project" | "stack" | "protect" | "retainOnDelete">, name: string, fs: FileSystemConfig, subnetIds: pulumi.Input<string>[], vpcId: pulumi.Input<string>, tags?: Record<string, string>): FileSystemArgs {
    const adopt = fs.adopt && {
        fileSystemId: fs.adopt.fileSystemId,
        accessPoints: Object.entries(fs.adopt.accessPoints ?? {}).map(([n, accessPointId]) => ({ name: n, accessPointId })),
        mountTargetSecurityGroupId: fs.adopt.mountTargetSecurityGroupId,
        clientSecurityGroupId: fs.adopt.clientSecurityGroupId,
    };
    return {
        vpcId,
        subnetIds,
        accessPoints: fs.accessPoints && Object.entries(fs.accessPoints).map(([n, a]) => ({ name: n, ...a })),
        throughputMode: fs.throughputMode,
        transitionToIaDays: fs.transitionToIaDays,
        kmsKeyArn: fs.kmsKeyArn,
        // Backups follow protect, not allowReplacement, which lifts protect for one deployment only.
        backups: fs.adopt ? fs.backups : fs.backups ?? config.protect,
        protect: config.protect && fs.allowReplacement !== true,
        retainOnDelete: config.retainOnDelete,
        stackTag: `${config.project}-${config.stack}`,
        adopt,
        estimate: fs.adopt ? undefined : { storedGb: fs.sizeGb, readGbPerMonth: fs.readGbPerMonth, writeGbPerMonth: fs.writeGbPerMonth },
        tags: { ...tags, "fargate-kit-file-system": name },
    };
}

/** The stack's file systems, made before the services that mount them. */
export function createFileSystems(config: StackConfig, vpcId: pulumi.Input<string>, taskSubnetIds: pulumi.Output<string[]>, tags: Record<string, string>): Record<string, FileSystem> {
    const count = taskSubnetCount(config.network);
    const subnetIds = Array.from({ length: count }, (_, i) => taskSubnetIds.apply((ids) => ids[i]));
    return Object.fromEntries(Object.entries(config.fileSystems).map(([n, fs]) => [n, new FileSystem(n, fileSystemArgs(config, n, fs, subnetIds, vpcId, tags))]));
}

/** What a service that mounts file systems adds: their clients' groups, and waiting for their mount targets. */
export function mountingOptions(task: TaskConfig, made: Record<string, FileSystem>): { securityGroupIds: pulumi.Input<string>[]; dependsOn: pulumi.Resource[] } {
    const used = fileSystemsMountedBy(task).map((n) => made[n]).filter((f): f is FileSystem => f !== undefined);
    return { securityGroupIds: used.map((f) => f.clientSecurityGroupId), dependsOn: used.flatMap((f) => f.mountTargets) };
}
