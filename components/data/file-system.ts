/**
 * An EFS file system the stack's services share: encrypted at rest, mounted only over TLS with IAM
 * authorization, reachable on NFS (TCP 2049) only from the tasks of the services that mount it,
 * with named access points that pin each mount to a user and a directory. In production it is
 * protected, kept on delete and backed up (AWS Backup's daily plan). Or an existing file system,
 * adopted: nothing of EFS is created, and its mount targets admit the stack's clients.
 */
import * as aws from "@pulumi/aws";
import { DataStoreIdentity, dataStoreIdentity } from "../internal/stateful";
import * as pulumi from "@pulumi/pulumi";
import { namePrefix } from "../internal/names";
import { Check } from "../internal/validation";
import { checkFileSystemArgs } from "./file-system-args";
import type { FileSystemAccessPointArgs, FileSystemArgs } from "./file-system-args";

export type { FileSystemAccessPointArgs, FileSystemArgs, FileSystemAdoptArgs, FileSystemAdoptedAccessPoint, FileSystemUsageEstimate } from "./file-system-args";
export { checkFileSystemArgs, EFS_THROUGHPUT_MODES, EFS_IA_DAYS, FILE_SYSTEM_TAG } from "./file-system-args";
import { FILE_SYSTEM_TAG } from "./file-system-args";

/** What the plan assumes when the stack does not say: a small app's uploads. */
export const DEFAULT_ESTIMATE = { storedGb: 10, readGbPerMonth: 10, writeGbPerMonth: 2 } as const;

/** The NFS port EFS mount targets listen on. */
export const NFS_PORT = 2049;

export class FileSystem extends pulumi.ComponentResource {
    /** The file system's id (`fs-…`), created or adopted. */
    readonly fileSystemId: pulumi.Output<string>;
    /** Access point ids by name. */
    readonly accessPointIds: Record<string, pulumi.Output<string>>;
    /** The security group a task carries to reach the mount targets (the services that mount it get it). */
    readonly clientSecurityGroupId: pulumi.Output<string>;
    /** Services that mount the file system wait for these: a task cannot start before its mount target is available. */
    readonly mountTargets: aws.efs.MountTarget[];
    /** The file system (absent when adopted). */
    readonly efsFileSystem?: aws.efs.FileSystem;

    constructor(name: string, args: FileSystemArgs, opts?: pulumi.ComponentResourceOptions) {
        // The plan's usage estimate is the component's only input: it prices storage and throughput from it.
        // Validated before the component registers: a refused input creates nothing, not even the component.
        checkFileSystemArgs(Check.root(), args).throwIfFailed(`FileSystem "${name}"`);
        super("fargate-kit:index:FileSystem", name, { estimate: { storedGb: args?.estimate?.storedGb ?? DEFAULT_ESTIMATE.storedGb, readGbPerMonth: args?.estimate?.readGbPerMonth ?? DEFAULT_ESTIMATE.readGbPerMonth, writeGbPerMonth: args?.estimate?.writeGbPerMonth ?? DEFAULT_ESTIMATE.writeGbPerMonth } }, opts);
        this.mountTargets = [];
        if (args.adopt !== undefined) {
            this.fileSystemId = pulumi.output(args.adopt.fileSystemId);
            this.accessPointIds = Object.fromEntries((args.adopt.accessPoints ?? []).map((a) => [a.name, pulumi.output(a.accessPointId)]));
            this.clientSecurityGroupId = this.adoptedClients(name, args);
        } else {
            const protect = args.protect ?? false;
            const keep = { parent: this, protect, retainOnDelete: args.retainOnDelete ?? protect };
            this.efsFileSystem = this.createFileSystem(name, args, keep);
            this.fileSystemId = this.efsFileSystem.id;
            if (args.backups ?? protect) this.createBackupPolicy(name, keep);
            this.accessPointIds = Object.fromEntries((args.accessPoints ?? []).map((a) => [a.name, this.createAccessPoint(name, a, args.tags).id]));
            const { clients, mounts } = this.createSecurityGroups(name, args);
            this.clientSecurityGroupId = clients.id;
            this.mountTargets = args.subnetIds.map((subnetId, i) => new aws.efs.MountTarget(`${name}-mount-${i}`, { fileSystemId: this.efsFileSystem!.id, subnetId, securityGroups: [mounts.id] }, { parent: this }));
            this.createPolicy(name, (args.accessPoints ?? []).length > 0);
        }
        this.registerOutputs({ fileSystemId: this.fileSystemId, accessPointIds: this.accessPointIds, clientSecurityGroupId: this.clientSecurityGroupId });
    }

    private createFileSystem(name: string, args: FileSystemArgs, keep: pulumi.CustomResourceOptions): aws.efs.FileSystem {
        return new aws.efs.FileSystem(
            name,
            {
                encrypted: true,
                kmsKeyId: args.kmsKeyArn,
                performanceMode: "generalPurpose",
                // Elastic: pay per GB read or written, no credits to run out of on a small file system
                // (bursting gives 50 KiB/s per GB stored: a 10 GB file system bursts, then crawls).
                throughputMode: args.throughputMode ?? "elastic",
                lifecyclePolicies: args.transitionToIaDays !== undefined ? [{ transitionToIa: `AFTER_${args.transitionToIaDays}_${args.transitionToIaDays === 1 ? "DAY" : "DAYS"}` }, { transitionToPrimaryStorageClass: "AFTER_1_ACCESS" }] : undefined,
                // The tag the stack's permissions boundary matches: task roles may mount only these file systems.
                tags: { ...args.tags, Name: name, ...(args.stackTag !== undefined ? { [FILE_SYSTEM_TAG]: args.stackTag } : {}) },
            },
            keep,
        );
    }

    /** AWS Backup's default plan (daily, 35 days), kept with the file system. */
    private createBackupPolicy(name: string, keep: pulumi.CustomResourceOptions): void {
        new aws.efs.BackupPolicy(`${name}-backups`, { fileSystemId: this.efsFileSystem!.id, backupPolicy: { status: "ENABLED" } }, keep);
    }

    /** An access point: every mount through it acts as uid/gid and sees only its directory, created on first use. */
    private createAccessPoint(name: string, a: FileSystemAccessPointArgs, tags?: Record<string, string>): aws.efs.AccessPoint {
        return new aws.efs.AccessPoint(
            `${name}-${a.name}`,
            {
                fileSystemId: this.efsFileSystem!.id,
                posixUser: { uid: a.uid, gid: a.gid },
                rootDirectory: { path: a.path, creationInfo: { ownerUid: a.uid, ownerGid: a.gid, permissions: a.permissions ?? "0750" } },
                tags: { ...tags, Name: `${name}-${a.name}` },
            },
            { parent: this },
        );
    }

    /** The mount targets' group admits NFS from the clients' group only; the clients' group is what mounting tasks carry. */
    private createSecurityGroups(name: string, args: FileSystemArgs): { clients: aws.ec2.SecurityGroup; mounts: aws.ec2.SecurityGroup } {
        const clients = new aws.ec2.SecurityGroup(`${name}-clients`, { namePrefix: namePrefix(`${name}-clients`, 100), vpcId: args.vpcId, description: `Tasks that mount ${name}`, tags: args.tags }, { parent: this });
        // No egress: a mount target answers, it never connects out.
        const mounts = new aws.ec2.SecurityGroup(`${name}-mounts`, { namePrefix: namePrefix(`${name}-mounts`, 100), vpcId: args.vpcId, description: `Mount targets of ${name}`, egress: [], tags: args.tags }, { parent: this });
        this.allowNfs(`${name}-nfs`, mounts.id, clients.id, args.tags);
        return { clients, mounts };
    }

    private allowNfs(ruleName: string, mountsId: pulumi.Input<string>, clientsId: pulumi.Input<string>, tags?: Record<string, string>): void {
        new aws.vpc.SecurityGroupIngressRule(ruleName, { securityGroupId: mountsId, referencedSecurityGroupId: clientsId, ipProtocol: "tcp", fromPort: NFS_PORT, toPort: NFS_PORT, description: "NFS from the tasks that mount the file system", tags }, { parent: this });
    }

    /** Adopted: the user's client group, or a clients' group of ours admitted by the adopted mount targets' group. */
    private adoptedClients(name: string, args: FileSystemArgs): pulumi.Output<string> {
        const adopt = args.adopt!;
        if (adopt.clientSecurityGroupId !== undefined) return pulumi.output(adopt.clientSecurityGroupId);
        const clients = new aws.ec2.SecurityGroup(`${name}-clients`, { namePrefix: namePrefix(`${name}-clients`, 100), vpcId: args.vpcId, description: `Tasks that mount ${name}`, tags: args.tags }, { parent: this });
        this.allowNfs(`${name}-nfs`, adopt.mountTargetSecurityGroupId!, clients.id, args.tags);
        return clients.id;
    }

    /**
     * The file system's policy refuses plain NFS (no TLS), and — with access points — any mount
     * that does not go through one. It grants nothing: the task roles' own grants (same account)
     * do, so the policy need not name roles created later by the services that mount it.
     */
    private createPolicy(name: string, viaAccessPoints: boolean): void {
        const client = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"];
        const policy = pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
                { Sid: "DenyWithoutTls", Effect: "Deny", Principal: { AWS: "*" }, Action: client, Resource: this.efsFileSystem!.arn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
                ...(viaAccessPoints ? [{ Sid: "DenyWithoutAccessPoint", Effect: "Deny", Principal: { AWS: "*" }, Action: client, Resource: this.efsFileSystem!.arn, Condition: { Null: { "elasticfilesystem:AccessPointArn": "true" } } }] : []),
            ],
        });
        new aws.efs.FileSystemPolicy(`${name}-policy`, { fileSystemId: this.efsFileSystem!.id, policy }, { parent: this });
    }
}

/** The access point names of a file system's args, for messages. */
export function accessPointNames(args: Pick<FileSystemArgs, "accessPoints" | "adopt">): string[] {
    return args.adopt ? (args.adopt.accessPoints ?? []).map((a) => a.name) : (args.accessPoints ?? []).map((a) => a.name);
}

/** What forces a created file system's replacement (components/internal/stateful.ts); undefined when adopted. */
export function fileSystemIdentity(args: { adopt?: unknown; kmsKeyArn?: pulumi.Input<string> | undefined }): DataStoreIdentity | undefined {
    if (args.adopt) return undefined;
    return dataStoreIdentity("aws:efs/fileSystem:FileSystem", { encrypted: true, performanceMode: "generalPurpose", ...(typeof args.kmsKeyArn === "string" ? { kmsKeyId: args.kmsKeyArn } : {}) });
}
