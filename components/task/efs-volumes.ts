/**
 * EFS file systems as task volumes: the task definition's `efsVolumeConfiguration` (always with
 * encryption in transit and IAM authorization) and the task-role grants that go with it. A
 * service that only reads a file system gets `elasticfilesystem:ClientMount` alone; one container
 * mounting it read-write adds `ClientWrite`. With an access point the grant is scoped to it.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsLocation } from "../internal/arns";
import { InputStatement } from "../internal/iam";
import { Check, show } from "../internal/validation";
import type { FargateTaskSpec } from "./task-spec";
import type { TaskVolume } from "./volumes";

/** An EFS file system behind a task volume. */
export interface EfsVolumeSpec {
    /** The file system's id, e.g. a `FileSystem`'s `fileSystemId` or `"fs-0123456789abcdef0"`. */
    fileSystemId: pulumi.Input<string>;
    /**
     * The access point to mount through (`"fsap-…"`): it enforces its user and root directory.
     * Default: none; the task mounts `rootDirectory` of the file system.
     * @default - none; the task mounts `rootDirectory` of the file system
     */
    accessPointId?: pulumi.Input<string> | undefined;
    /**
     * Directory of the file system to mount, without an access point (with one, the access point's directory).
     * Default: "/".
     * @default "/"
     */
    rootDirectory?: string | undefined;
}

const FILE_SYSTEM_ID = /^fs-[0-9a-f]{8,40}$/;
const ACCESS_POINT_ID = /^fsap-[0-9a-f]{8,40}$/;

/** A task volume's `efs`: ids well formed, a root directory only without an access point. */
export function checkEfsVolume(check: Check, efs: EfsVolumeSpec): void {
    if (!check.object(efs, "EfsVolumeSpec: fileSystemId, accessPointId, rootDirectory")) return;
    if (efs.fileSystemId === undefined) check.at("fileSystemId").fail("is missing; give the file system's id, e.g. \"fs-0123456789abcdef0\"");
    else if (typeof efs.fileSystemId === "string") check.at("fileSystemId").matches(efs.fileSystemId, FILE_SYSTEM_ID, "an EFS file system id, e.g. \"fs-0123456789abcdef0\"");
    if (typeof efs.accessPointId === "string") check.at("accessPointId").matches(efs.accessPointId, ACCESS_POINT_ID, "an EFS access point id, e.g. \"fsap-0123456789abcdef0\"");
    if (efs.rootDirectory !== undefined) {
        check.at("rootDirectory").matches(efs.rootDirectory, /^\/[^\0]{0,99}$/, "an absolute path of at most 100 characters");
        // ECS: with an access point, rootDirectory must be omitted or "/" (the access point's own directory applies).
        if (efs.accessPointId !== undefined && efs.rootDirectory !== "/") check.at("rootDirectory").fail(`is ${show(efs.rootDirectory)} together with accessPointId; the access point's own directory is mounted, so leave rootDirectory out`);
    }
}

/** The task definition's entry for an EFS volume: in-transit encryption and IAM authorization, always. */
export function efsVolumeConfiguration(efs: EfsVolumeSpec) {
    return {
        fileSystemId: efs.fileSystemId,
        // IAM authorization requires TLS; both are on for every mount (a FileSystem's policy refuses plain NFS anyway).
        transitEncryption: "ENABLED",
        authorizationConfig: { accessPointId: efs.accessPointId, iam: "ENABLED" },
        rootDirectory: efs.accessPointId === undefined ? efs.rootDirectory ?? "/" : undefined,
    };
}

/** Whether any container of the task mounts `volume` read-write. */
export function writesTo(spec: FargateTaskSpec, volume: string): boolean {
    return spec.containers.some((c) => (c.mounts ?? []).some((m) => m.volume === volume && m.readOnly !== true));
}

/** The EFS volumes of a task. */
export function efsVolumes(spec: FargateTaskSpec): (TaskVolume & { efs: EfsVolumeSpec })[] {
    return (spec.volumes ?? []).filter((v): v is TaskVolume & { efs: EfsVolumeSpec } => v.efs !== undefined);
}

/**
 * The task role's grants on its file systems: mount (and write, when a container writes) on the
 * file system's ARN, scoped to the access point when there is one. No ClientRootAccess: root in
 * the container is squashed to an unprivileged user on the file system.
 */
export function efsStatements(spec: FargateTaskSpec, where: pulumi.Output<AwsLocation>): InputStatement[] {
    return efsVolumes(spec).map((v, i) => {
        const fileSystemArn = pulumi.interpolate`arn:${where.partition}:elasticfilesystem:${where.region}:${where.accountId}:file-system/${v.efs.fileSystemId}`;
        const accessPointArn = v.efs.accessPointId === undefined ? undefined : pulumi.interpolate`arn:${where.partition}:elasticfilesystem:${where.region}:${where.accountId}:access-point/${v.efs.accessPointId}`;
        return {
            Sid: `FileSystem${i}`,
            Action: ["elasticfilesystem:ClientMount", ...(writesTo(spec, v.name) ? ["elasticfilesystem:ClientWrite"] : [])],
            Resource: [fileSystemArn],
            Condition: accessPointArn === undefined ? undefined : { StringEquals: { "elasticfilesystem:AccessPointArn": accessPointArn } },
        };
    });
}
