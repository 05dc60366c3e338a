/** The arguments of a `FileSystem` and their checks, made before any resource exists. */
import * as pulumi from "@pulumi/pulumi";
import { checkKmsKeyArn } from "../internal/arns";
import { Check, show } from "../internal/validation";

/** EFS throughput modes fargate-kit offers (provisioned throughput is not offered: it bills per MiB/s all month). */
export const EFS_THROUGHPUT_MODES = ["elastic", "bursting"] as const;
/** The days after which EFS can move a file not read to Infrequent Access (its lifecycle rules). */
export const EFS_IA_DAYS = [1, 7, 14, 30, 60, 90, 180, 270, 365] as const;
/** The tag the stack's permissions boundary matches on file systems its task roles may mount. */
export { FILE_SYSTEM_TAG } from "../internal/boundary";

/** A named access point: every mount through it acts as `uid`/`gid` and sees only `path`. */
export interface FileSystemAccessPointArgs {
    /** Its name, unique in the file system (letters, digits, `-`); mounts name it. */
    name: string;
    /** The user id every file operation through it runs as (0–4294967295), e.g. 33 for www-data on Debian. */
    uid: number;
    /** The group id every file operation through it runs as (0–4294967295). */
    gid: number;
    /** Its root directory on the file system, created on first use owned by uid/gid, e.g. `"/uploads"`. */
    path: string;
    /**
     * Mode of that directory when EFS creates it, in octal.
     * Default: "0750".
     * @default "0750"
     */
    permissions?: string | undefined;
}

/** An access point of an adopted file system. */
export interface FileSystemAdoptedAccessPoint {
    /** The name mounts use for it. */
    name: string;
    /** Its id, `"fsap-…"`. */
    accessPointId: pulumi.Input<string>;
}

/** An existing file system: nothing of EFS is created. */
export interface FileSystemAdoptArgs {
    /** The file system's id, `"fs-…"`. */
    fileSystemId: pulumi.Input<string>;
    /**
     * Its access points the services mount through, by name.
     * Default: none; mounts give the directory to mount instead.
     * @default - none
     */
    accessPoints?: FileSystemAdoptedAccessPoint[] | undefined;
    /**
     * The security group of its mount targets: the stack adds an NFS rule admitting the tasks that mount it.
     * Default: none; then `clientSecurityGroupId` is required.
     * @default - none; then `clientSecurityGroupId` is required
     */
    mountTargetSecurityGroupId?: pulumi.Input<string> | undefined;
    /**
     * A security group the mount targets already admit (yours to manage); the tasks that mount it get it.
     * Default: none; then `mountTargetSecurityGroupId` is required.
     * @default - none; then `mountTargetSecurityGroupId` is required
     */
    clientSecurityGroupId?: pulumi.Input<string> | undefined;
}

/** What the offline plan assumes a file system holds and moves; nothing in AWS reads it. */
export interface FileSystemUsageEstimate {
    /**
     * GB stored (billed per GB-month, Standard; files moved to Infrequent Access cost less).
     * Default: 10.
     * @default 10
     */
    storedGb?: number | undefined;
    /**
     * GB read per month (elastic throughput bills each GB read).
     * Default: 10.
     * @default 10
     */
    readGbPerMonth?: number | undefined;
    /**
     * GB written per month (elastic throughput bills each GB written).
     * Default: 2.
     * @default 2
     */
    writeGbPerMonth?: number | undefined;
}

export interface FileSystemArgs {
    /** The VPC of the tasks that mount it. */
    vpcId: pulumi.Input<string>;
    /** The task subnets: one mount target in each (one per Availability Zone). */
    subnetIds: pulumi.Input<string>[];
    /**
     * Named access points, each with the user and directory its mounts get.
     * Default: none.
     * @default - none
     */
    accessPoints?: FileSystemAccessPointArgs[] | undefined;
    /**
     * Throughput mode: "elastic" bills per GB read and written; "bursting" is included in storage
     * but gives 50 KiB/s per GB stored beyond its burst credits.
     * Default: "elastic".
     * @default "elastic"
     */
    throughputMode?: string | undefined;
    /**
     * Move files not read for this many days to Infrequent Access (cheaper to keep, billed per GB read);
     * a read moves them back. One of 1, 7, 14, 30, 60, 90, 180, 270, 365.
     * Default: none; every file stays in Standard.
     * @default - none; every file stays in Standard
     */
    transitionToIaDays?: number | undefined;
    /**
     * Customer-managed KMS key ARN to encrypt it with (it is always encrypted).
     * Default: the AWS managed key for EFS.
     * @default - the AWS managed key aws/elasticfilesystem
     */
    kmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * Back it up with AWS Backup's default plan (daily, kept 35 days). False is an explicit opt-out.
     * Default: the value of `protect`.
     * @default - the value of `protect`
     */
    backups?: boolean | undefined;
    /**
     * Production mode: refuse to delete the file system.
     * Default: false.
     * @default false
     */
    protect?: boolean | undefined;
    /**
     * Leave the file system (and its backup policy) in AWS when it leaves the stack.
     * Default: the value of `protect`.
     * @default - the value of `protect`
     */
    retainOnDelete?: boolean | undefined;
    /**
     * Value of the `fargate-kit-efs` tag, which a fargate-kit stack's permissions boundary matches (`<project>-<stack>`).
     * Default: no such tag.
     * @default - no such tag
     */
    stackTag?: string | undefined;
    /**
     * An existing file system instead of a new one.
     * Default: a new file system.
     * @default - a new file system
     */
    adopt?: FileSystemAdoptArgs | undefined;
    /**
     * What the offline plan prices it at (storage, reads, writes); recorded on the component only.
     * Default: 10 GB stored, 10 GB read and 2 GB written a month.
     * @default - 10 GB stored, 10 GB read and 2 GB written a month
     */
    estimate?: FileSystemUsageEstimate | undefined;
    /**
     * Tags of its resources.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;
}

const NAME = /^[A-Za-z][A-Za-z0-9-]{0,62}$/;
const UID_MAX = 4294967295;
const SETTINGS_OF_NEW = ["accessPoints", "throughputMode", "transitionToIaDays", "kmsKeyArn", "backups"] as const;

/** Checks a file system's args; records every problem under `check` and returns it. */
export function checkFileSystemArgs(check: Check, args: FileSystemArgs): Check {
    if (!check.object(args, "FileSystemArgs: vpcId, subnetIds, accessPoints, …")) return check;
    if (args.adopt !== undefined) {
        checkAdopt(check.at("adopt"), args.adopt);
        for (const key of SETTINGS_OF_NEW) if (args[key] !== undefined) check.at(key).fail("describes a new file system; an adopted one keeps its own settings (leave it out, or leave out adopt)");
        return check;
    }
    if (!Array.isArray(args.subnetIds) || args.subnetIds.length === 0) check.at("subnetIds").fail("is empty; a file system needs a mount target in each task subnet");
    check.at("throughputMode").oneOf(args.throughputMode, EFS_THROUGHPUT_MODES as readonly string[]);
    check.at("transitionToIaDays").oneOf(args.transitionToIaDays, EFS_IA_DAYS as readonly number[]);
    if (typeof args.kmsKeyArn === "string") checkKmsKeyArn(check.at("kmsKeyArn"), args.kmsKeyArn);
    for (const key of ["storedGb", "readGbPerMonth", "writeGbPerMonth"] as const) {
        const v = args.estimate?.[key];
        if (v !== undefined && !(typeof v === "number" && Number.isFinite(v) && v >= 0)) check.at("estimate").at(key).fail(`is ${show(v)}; allowed: a number of GB, 0 or more`);
    }
    if (!check.at("accessPoints").list(args.accessPoints, "of access points")) return check;
    const seen = new Set<string>();
    (args.accessPoints ?? []).forEach((a, i) => {
        const at = check.at("accessPoints").at(i);
        if (!at.object(a, "FileSystemAccessPointArgs: name, uid, gid, path")) return;
        if (at.at("name").matches(a.name, NAME, "a letter, then up to 62 letters, digits or '-'") && seen.has(a.name)) at.at("name").fail(`is ${show(a.name)} again; access point names are unique in a file system`);
        seen.add(a.name);
        checkPosixId(at.at("uid"), a.uid);
        checkPosixId(at.at("gid"), a.gid);
        checkAccessPointPath(at.at("path"), a.path);
        if (a.permissions !== undefined) at.at("permissions").matches(a.permissions, /^0?[0-7]{3}$/, "an octal mode such as \"0750\" or \"755\"");
    });
    return check;
}

/** A POSIX user or group id as EFS takes it. Root (0) is allowed but then every mount acts as root on the file system. */
export function checkPosixId(check: Check, id: number | undefined): void {
    if (id === undefined) check.fail("is missing; give a numeric id, e.g. 1000");
    else check.intRange(id, 0, UID_MAX);
}

/** An access point's directory: absolute, at most 100 characters, not the file system's root. */
export function checkAccessPointPath(check: Check, path: string | undefined): void {
    if (!check.matches(path, /^\/[^\0]{0,99}$/, "an absolute path of at most 100 characters, e.g. \"/uploads\"")) return;
    if (path === undefined) check.fail("is missing; give the access point's directory, e.g. \"/uploads\"");
    else if (path === "/") check.fail("is \"/\", the root of the file system; give each access point its own directory (Security Hub EFS.3), e.g. \"/uploads\"");
}

function checkAdopt(check: Check, adopt: FileSystemAdoptArgs): void {
    if (!check.object(adopt, "FileSystemAdoptArgs: fileSystemId, accessPoints, mountTargetSecurityGroupId | clientSecurityGroupId")) return;
    if (typeof adopt.fileSystemId === "string") check.at("fileSystemId").matches(adopt.fileSystemId, /^fs-[0-9a-f]{8,40}$/, "an EFS file system id, e.g. \"fs-0123456789abcdef0\"");
    else if (adopt.fileSystemId === undefined) check.at("fileSystemId").fail("is missing; give the file system's id, e.g. \"fs-0123456789abcdef0\"");
    const groups = [adopt.mountTargetSecurityGroupId, adopt.clientSecurityGroupId].filter((g) => g !== undefined).length;
    if (groups !== 1) check.fail(`sets ${groups === 0 ? "neither" : "both"} mountTargetSecurityGroupId and clientSecurityGroupId; set one: the mount targets' group (the stack adds an NFS rule to it) or a client group they already admit (yours to manage)`);
    for (const key of ["mountTargetSecurityGroupId", "clientSecurityGroupId"] as const) {
        const v = adopt[key];
        if (typeof v === "string") check.at(key).matches(v, /^sg-[0-9a-f]{8,17}$/, "a security group id, e.g. \"sg-0123456789abcdef0\"");
    }
    if (!check.at("accessPoints").list(adopt.accessPoints, "of access points")) return;
    const seen = new Set<string>();
    (adopt.accessPoints ?? []).forEach((a, i) => {
        const at = check.at("accessPoints").at(i);
        if (!at.object(a, "FileSystemAdoptedAccessPoint: name, accessPointId")) return;
        if (at.at("name").matches(a.name, NAME, "a letter, then up to 62 letters, digits or '-'") && seen.has(a.name)) at.at("name").fail(`is ${show(a.name)} again; access point names are unique in a file system`);
        seen.add(a.name);
        if (typeof a.accessPointId === "string") at.at("accessPointId").matches(a.accessPointId, /^fsap-[0-9a-f]{8,40}$/, "an EFS access point id, e.g. \"fsap-0123456789abcdef0\"");
    });
}
