/**
 * Resources that hold data, and the inputs that make the AWS provider replace them (`ForceNew` /
 * `RequiresReplace` in its schema). A replacement of one of these is a new, empty resource: the
 * old one's data is not carried over. The table is the one source both guards read:
 *
 * - the program, before it registers anything, compares what each data store would be created with
 *   (its *identity*: the type and these inputs) with what the stack recorded at its last deployment
 *   (`dataStores` in the stack outputs), and refuses a change in a protected stack unless the stack
 *   file allows it (`allowReplacement`);
 * - the offline plan compares two program runs' recorded inputs (tools/provider-rules.ts).
 *
 * A new kind of data store is one more entry here.
 */

/** A kind of data store: what it is called in messages, and its inputs that force a replacement. */
export interface StatefulKind {
    what: string;
    forceNew: readonly string[];
    /** Where the list comes from (hashicorp/terraform-provider-aws). */
    source: string;
}

export const STATEFUL_KINDS: Readonly<Record<string, StatefulKind>> = {
    // cluster.go schema: ForceNew on engine, engine_mode, cluster_identifier(_prefix), database_name,
    // master_username, kms_key_id, storage_encrypted, db_subnet_group_name, availability_zones,
    // snapshot_identifier, source_region, cluster_scalability_type, db_system_id.
    "aws:rds/cluster:Cluster": {
        what: "database",
        forceNew: ["engine", "engineMode", "clusterIdentifier", "databaseName", "masterUsername", "kmsKeyId", "storageEncrypted", "dbSubnetGroupName", "availabilityZones", "snapshotIdentifier", "clusterScalabilityType"],
        source: "internal/service/rds/cluster.go",
    },
    // instance.go schema: ForceNew on identifier, engine (outside custom engines), db_name, username,
    // kms_key_id, storage_encrypted, availability_zone, character_set_name, snapshot_identifier.
    "aws:rds/instance:Instance": {
        what: "database",
        forceNew: ["identifier", "engine", "dbName", "username", "kmsKeyId", "storageEncrypted", "availabilityZone", "characterSetName", "snapshotIdentifier"],
        source: "internal/service/rds/instance.go",
    },
    // serverless_cache.go schema: RequiresReplace on engine, name, kms_key_id, major_engine_version,
    // subnet_ids, snapshot_arns_to_restore. Its delete takes no final snapshot (FinalSnapshotName nil).
    "aws:elasticache/serverlessCache:ServerlessCache": {
        what: "cache",
        forceNew: ["engine", "name", "kmsKeyId", "majorEngineVersion", "subnetIds", "snapshotArnsToRestores"],
        source: "internal/service/elasticache/serverless_cache.go",
    },
    // replication_group.go schema: ForceNew on replication_group_id, at_rest_encryption_enabled,
    // kms_key_id, port, subnet_group_name, snapshot_name, snapshot_arns.
    "aws:elasticache/replicationGroup:ReplicationGroup": {
        what: "cache",
        forceNew: ["replicationGroupId", "atRestEncryptionEnabled", "kmsKeyId", "port", "subnetGroupName", "snapshotName", "snapshotArns"],
        source: "internal/service/elasticache/replication_group.go",
    },
    // s3/bucket.go schema: ForceNew on bucket, bucket_prefix, object_lock_enabled.
    "aws:s3/bucket:Bucket": {
        what: "bucket",
        forceNew: ["bucket", "bucketPrefix", "objectLockEnabled"],
        source: "internal/service/s3/bucket.go",
    },
    // efs/file_system.go schema: ForceNew on creation_token, encrypted, kms_key_id, performance_mode,
    // availability_zone_name.
    "aws:efs/fileSystem:FileSystem": {
        what: "file system",
        forceNew: ["creationToken", "encrypted", "kmsKeyId", "performanceMode", "availabilityZoneName"],
        source: "internal/service/efs/file_system.go",
    },
};

/**
 * What a data store is created with, as far as a replacement goes: its resource type and the
 * ForceNew inputs the program sets to plain values (an Output, e.g. subnet ids from the network,
 * is left out: it is not known before the deployment). Recorded in the stack outputs.
 */
export interface DataStoreIdentity {
    type: string;
    inputs: Record<string, unknown>;
}

/**
 * Each Database's and Cache's identity as created, kept beside the component rather than on it:
 * plain data for the program's replacement check, not an output other Pulumi languages read (the
 * schema analyzer refuses its `unknown` values on any class property, private ones included).
 */
const IDENTITIES = new WeakMap<object, DataStoreIdentity>();

export function rememberIdentity(component: object, identity: DataStoreIdentity | undefined): void {
    if (identity) IDENTITIES.set(component, identity);
}

/** What forces a Database's or Cache's replacement, as created; undefined when adopted. */
export function replacementIdentity(component: object): DataStoreIdentity | undefined {
    return IDENTITIES.get(component);
}

/** The identity of a resource of a stateful `type` created with `inputs`. */
export function dataStoreIdentity(type: string, inputs: Record<string, unknown>): DataStoreIdentity {
    const kind = STATEFUL_KINDS[type];
    if (!kind) throw new Error(`${type} is not a known data store kind (components/internal/stateful.ts)`);
    const plain = (v: unknown): boolean => v === null || ["string", "number", "boolean"].includes(typeof v) || (Array.isArray(v) && v.every(plain));
    const picked = kind.forceNew.filter((k) => inputs[k] !== undefined && plain(inputs[k])).map((k) => [k, inputs[k]] as const);
    return { type, inputs: Object.fromEntries(picked) };
}

/** Inputs that hold the physical name. */
const NAME_KEYS = ["clusterIdentifier", "identifier", "name", "replicationGroupId"];

/** What differs between the deployed identity and the new one, in words; empty when nothing forces a replacement. */
export function replacementReasons(before: DataStoreIdentity, after: DataStoreIdentity): string[] {
    if (before.type !== after.type) {
        return [`its kind changes (${before.type.split(":").pop()} to ${after.type.split(":").pop()}), which creates a new one and deletes the old`];
    }
    const keys = [...new Set([...Object.keys(before.inputs ?? {}), ...Object.keys(after.inputs ?? {})])];
    const changed = keys.filter((k) => JSON.stringify(before.inputs?.[k]) !== JSON.stringify(after.inputs?.[k]));
    // The physical name ends in a hash of the other inputs: it changes with them, and alone only when the name itself does.
    const causes = changed.filter((k) => !NAME_KEYS.includes(k));
    return (causes.length > 0 ? causes : changed)
        .map((k) => `${k} changes from ${JSON.stringify(before.inputs?.[k]) ?? "unset"} to ${JSON.stringify(after.inputs?.[k]) ?? "unset"} (ForceNew: a replacement)`);
}

/** Whether a stack output value is a recorded identity. */
export function isDataStoreIdentity(value: unknown): value is DataStoreIdentity {
    return typeof value === "object" && value !== null && typeof (value as DataStoreIdentity).type === "string" && typeof (value as DataStoreIdentity).inputs === "object";
}
