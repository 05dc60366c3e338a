import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkKmsKeyArn } from "../internal/arns";
import { physicalName } from "../internal/names";
import { DataStoreIdentity, dataStoreIdentity, rememberIdentity } from "../internal/stateful";
import { Check, known } from "../internal/validation";
import { DataConnection, createAccess } from "./access";

/** Valkey (the open-source fork, about a third cheaper on ElastiCache) or Redis OSS. */
export const CacheEngine = { valkey: "valkey", redis: "redis" } as const;
export type CacheEngine = (typeof CacheEngine)[keyof typeof CacheEngine];

/** ElastiCache Serverless, or a node-based replication group (one node, or two with Multi-AZ). */
export const CacheKind = { serverless: "serverless", node: "node" } as const;
export type CacheKind = (typeof CacheKind)[keyof typeof CacheKind];

/** Names of the variables a service gets; Laravel's by default. */
export interface CacheVariables {
    /**
     * The host name.
     * Default: "REDIS_HOST".
     * @default "REDIS_HOST"
     */
    host?: string | undefined;
    /**
     * The port.
     * Default: "REDIS_PORT".
     * @default "REDIS_PORT"
     */
    port?: string | undefined;
    /**
     * Set to `tls`: the cache accepts TLS connections only.
     * Default: "REDIS_SCHEME".
     * @default "REDIS_SCHEME"
     */
    scheme?: string | undefined;
    /**
     * A variable holding the whole URL, `rediss://<host>:<port>` (`redis://` without TLS), for
     * clients that read one as it is: Sidekiq's and redis-rb's `REDIS_URL`, node-redis. Celery
     * refuses `rediss://` without `?ssl_cert_reqs=…`: build its URL from host and port. Set only when named.
     * Default: none.
     * @default - none
     */
    url?: string | undefined;
}

/** A cache this stack does not create: it is admitted to, nothing more. */
export interface CacheAdoption {
    /** Its host name (the primary or serverless endpoint). */
    endpoint: string;
    /** Its port, e.g. 6379. A whole number. */
    port: number;
    /** Its security group: a rule admitting the access group is added to it. */
    securityGroupId: string;
    /**
     * Whether it takes TLS connections (the services get `REDIS_SCHEME=tls`, or `tcp` when false).
     * Default: true.
     * @default true
     */
    tls?: boolean | undefined;
}

export interface CacheArgs {
    /** The VPC of the subnets. */
    vpcId: pulumi.Input<string>;
    /** Subnets of the cache, in at least two Availability Zones for serverless: the private ones. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The engine.
     * Default: "valkey".
     * @default "valkey"
     */
    engine?: CacheEngine;
    /**
     * ElastiCache Serverless (pay per GB stored and per request, spread over the AZs) or nodes.
     * Default: "serverless".
     * @default "serverless"
     */
    kind?: CacheKind;
    /**
     * Serverless: the major version ("8" or "7" for Valkey, "7" for Redis OSS); changing it replaces
     * the cache. Nodes: "8.0", "7.2" (Valkey) or "7.1", "7.0", "6.2" (Redis OSS).
     * Default: "8" / "8.0" (Valkey), "7" / "7.1" (Redis OSS).
     * @default "8" / "8.0" (Valkey), "7" / "7.1" (Redis OSS)
     */
    version?: string | undefined;
    /**
     * Nodes: the node type.
     * Default: "cache.t4g.micro".
     * @default "cache.t4g.micro"
     */
    nodeType?: string | undefined;
    /**
     * Nodes: a replica in another Availability Zone with automatic failover (two nodes).
     * Default: the value of `protect`.
     * @default - the value of `protect`
     */
    multiAz?: boolean | undefined;
    /**
     * Serverless: the most data it may hold, in GB (1–5000); a cap on the bill.
     * A whole number.
     * Default: no limit.
     * @default - no limit
     */
    maxDataGB?: number | undefined;
    /**
     * Serverless: the most ElastiCache Processing Units per second (1000–15000000).
     * A whole number.
     * Default: no limit.
     * @default - no limit
     */
    maxEcpuPerSecond?: number | undefined;
    /**
     * Days of daily snapshots, 0 to 35 (Security Hub ElastiCache.1 asks for at least 1).
     * A whole number.
     * Default: 7 with `protect`, else 1.
     * @default 7 with `protect`, else 1
     */
    snapshotRetentionDays?: number | undefined;
    /**
     * Customer-managed KMS key for the data at rest (always encrypted, and TLS in transit).
     * Default: the AWS-owned key.
     * @default - the AWS-owned key
     */
    kmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * Use this existing cache instead of creating one.
     * Default: a new cache.
     * @default - a new cache
     */
    adopt?: CacheAdoption | undefined;
    /**
     * Production mode: Pulumi's protect, a week of snapshots, Multi-AZ nodes, a final snapshot.
     * Default: false.
     * @default false
     */
    protect?: boolean | undefined;
    /**
     * Lift Pulumi's protect from the cache itself for this deployment, so that a change which replaces
     * it (a new, empty one) can go through; with `retainOnDelete` the old one stays in AWS. Set it
     * for the one deployment that is meant to replace it, then remove it.
     * Default: false.
     * @default false
     */
    allowReplacement?: boolean | undefined;
    /**
     * Leave the cache in AWS when it leaves the stack or the stack is destroyed.
     * Default: the value of `protect`.
     * @default - the value of `protect`
     */
    retainOnDelete?: boolean | undefined;
    /**
     * Tags of every resource this component creates.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;
}

const SERVERLESS = "aws:elasticache/serverlessCache:ServerlessCache";
const NODES = "aws:elasticache/replicationGroup:ReplicationGroup";
const PORT = 6379;
/** ElastiCache versions (ElastiCache User Guide, "Supported engines and versions"). */
const VERSIONS = {
    serverless: { valkey: ["7", "8"], redis: ["7"] },
    node: { valkey: ["7.2", "8.0", "8.1"], redis: ["6.2", "7.0", "7.1"] },
} as const;
const DEFAULT_VERSION = { serverless: { valkey: "8", redis: "7" }, node: { valkey: "8.0", redis: "7.1" } } as const;
const NODE_TYPE = /^cache\.[a-z0-9]+\.[a-z0-9]+$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export function validateCacheArgs(check: Check, args: CacheArgs): Check {
    if (args.adopt !== undefined) {
        const a = args.adopt;
        const at = check.at("adopt");
        if (!at.object(a, "endpoint, port, securityGroupId")) return check;
        for (const key of ["engine", "kind", "version", "nodeType", "multiAz", "maxDataGB", "maxEcpuPerSecond", "snapshotRetentionDays", "kmsKeyArn"] as const) {
            if (args[key] !== undefined) check.at(key).fail("applies to a cache this stack creates; this one is adopted (adopt)");
        }
        if (a.endpoint === undefined) at.at("endpoint").fail("is missing; the cache's host name");
        else at.at("endpoint").matches(known(a.endpoint), HOST, "a host name without scheme or port");
        if (a.port === undefined) at.at("port").fail("is missing; e.g. 6379");
        else at.at("port").intRange(a.port, 1, 65535);
        if (a.securityGroupId === undefined) at.at("securityGroupId").fail("is missing; the cache's security group, which will admit the services");
        else at.at("securityGroupId").matches(known(a.securityGroupId), /^sg-[0-9a-f]{8,17}$/, 'a security group id ("sg-…")');
        return check;
    }
    check.at("engine").oneOf(args.engine, Object.values(CacheEngine));
    check.at("kind").oneOf(args.kind, Object.values(CacheKind));
    if (!check.ok) return check;
    const engine = args.engine ?? "valkey";
    const kind = args.kind ?? "serverless";
    check.at("version").oneOf(args.version, VERSIONS[kind][engine] as readonly string[]);
    if (kind === "serverless") {
        for (const key of ["nodeType", "multiAz"] as const) if (args[key] !== undefined) check.at(key).fail('applies to kind "node"; a serverless cache spreads over the Availability Zones itself');
        check.at("maxDataGB").intRange(args.maxDataGB, 1, 5000, "GB");
        check.at("maxEcpuPerSecond").intRange(args.maxEcpuPerSecond, 1000, 15000000);
    } else {
        for (const key of ["maxDataGB", "maxEcpuPerSecond"] as const) if (args[key] !== undefined) check.at(key).fail('applies to kind "serverless"; nodes are sized by nodeType');
        check.at("nodeType").matches(args.nodeType, NODE_TYPE, 'an ElastiCache node type such as "cache.t4g.micro"');
    }
    check.at("snapshotRetentionDays").intRange(args.snapshotRetentionDays, 0, 35, "days");
    if (args.kmsKeyArn !== undefined) checkKmsKeyArn(check.at("kmsKeyArn"), args.kmsKeyArn);
    return check;
}

/** What a new cache named `name` is created with, as far as a replacement goes (undefined when adopted). */
export function cacheIdentity(name: string, args: CacheArgs): DataStoreIdentity | undefined {
    if (args.adopt) return undefined;
    const engine = args.engine ?? "valkey";
    if ((args.kind ?? "serverless") === "serverless") {
        const fixed = dataStoreIdentity(SERVERLESS, { engine, majorEngineVersion: args.version ?? DEFAULT_VERSION.serverless[engine], kmsKeyId: args.kmsKeyArn }).inputs;
        return dataStoreIdentity(SERVERLESS, { ...fixed, name: physicalName(name, { max: 40, lower: true, replaceOn: JSON.stringify(fixed) }) });
    }
    const fixed = dataStoreIdentity(NODES, { atRestEncryptionEnabled: true, kmsKeyId: args.kmsKeyArn, port: PORT }).inputs;
    return dataStoreIdentity(NODES, { ...fixed, replicationGroupId: physicalName(name, { max: 40, lower: true, replaceOn: JSON.stringify(fixed) }) });
}

/**
 * A Valkey or Redis OSS cache for the services: ElastiCache Serverless (or nodes) in the given
 * (private) subnets, encrypted at rest and reachable over TLS only, behind a security group that
 * admits only tasks carrying its access group. Services connect with `connection()`.
 */
export class Cache extends pulumi.ComponentResource {
    /** Host name of the (primary) endpoint. */
    readonly endpoint: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    /** The cache's security group (or the adopted one). */
    readonly securityGroupId: pulumi.Output<string>;
    /** The group a task carries to be admitted. */
    readonly accessSecurityGroupId: pulumi.Output<string>;
    readonly serverlessCache?: aws.elasticache.ServerlessCache;
    readonly replicationGroup?: aws.elasticache.ReplicationGroup;
    /** What forces its replacement, as created; undefined when adopted. */
    private readonly tls: boolean;

    constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers: a refused input creates nothing, not even the component.
        validateCacheArgs(Check.root(), args).throwIfFailed(`Cache "${name}"`);
        const protect = args.protect ?? false;
        const keep = { protect: protect && !(args.allowReplacement ?? false), retainOnDelete: args.retainOnDelete ?? protect };
        const kind = args.kind ?? "serverless";
        const port = args.adopt?.port ?? PORT;
        super("fargate-kit:index:Cache", name, {}, opts);
        // A serverless cache also answers on port + 1, its reader endpoint.
        const access = createAccess(name, "cache", args.vpcId, port, args.adopt?.securityGroupId, this, args.tags, !args.adopt && kind === "serverless" ? 1 : 0);
        this.securityGroupId = access.storeGroupId;
        this.accessSecurityGroupId = access.accessGroup.id;
        this.port = pulumi.output(port);
        const identity = cacheIdentity(name, args);
        rememberIdentity(this, identity);
        this.tls = args.adopt?.tls ?? true;
        const snapshots = args.snapshotRetentionDays ?? (protect ? 7 : 1);
        if (args.adopt) {
            this.endpoint = pulumi.output(args.adopt.endpoint);
        } else if (kind === "serverless") {
            const limits = args.maxDataGB !== undefined || args.maxEcpuPerSecond !== undefined;
            this.serverlessCache = new aws.elasticache.ServerlessCache(
                name,
                {
                    ...identity!.inputs,
                    engine: args.engine ?? "valkey",
                    name: String(identity!.inputs.name),
                    kmsKeyId: args.kmsKeyArn,
                    description: `Cache ${name}`,
                    subnetIds: args.subnetIds,
                    securityGroupIds: [access.storeGroupId],
                    snapshotRetentionLimit: snapshots,
                    cacheUsageLimits: limits
                        ? { dataStorage: args.maxDataGB !== undefined ? { maximum: args.maxDataGB, unit: "GB" } : undefined, ecpuPerSeconds: args.maxEcpuPerSecond !== undefined ? [{ maximum: args.maxEcpuPerSecond }] : undefined }
                        : undefined,
                    tags: args.tags,
                },
                { parent: this, ...keep },
            );
            this.endpoint = this.serverlessCache.endpoints.apply((e) => e[0].address!);
        } else {
            const subnetGroup = new aws.elasticache.SubnetGroup(name, { name: physicalName(name, { max: 255, lower: true }), subnetIds: args.subnetIds, description: `Cache ${name}`, tags: args.tags }, { parent: this });
            const multiAz = args.multiAz ?? protect;
            const id = String(identity!.inputs.replicationGroupId);
            this.replicationGroup = new aws.elasticache.ReplicationGroup(
                name,
                {
                    replicationGroupId: id,
                    description: `Cache ${name}`,
                    engine: args.engine ?? "valkey",
                    engineVersion: args.version ?? DEFAULT_VERSION.node[args.engine ?? "valkey"],
                    nodeType: args.nodeType ?? "cache.t4g.micro",
                    port: PORT,
                    numCacheClusters: multiAz ? 2 : 1,
                    automaticFailoverEnabled: multiAz,
                    multiAzEnabled: multiAz,
                    subnetGroupName: subnetGroup.name,
                    securityGroupIds: [access.storeGroupId],
                    atRestEncryptionEnabled: true,
                    kmsKeyId: args.kmsKeyArn,
                    transitEncryptionEnabled: true,
                    autoMinorVersionUpgrade: true,
                    snapshotRetentionLimit: snapshots,
                    finalSnapshotIdentifier: protect || keep.retainOnDelete ? `${id}-final` : undefined,
                    tags: args.tags,
                },
                { parent: this, ...keep },
            );
            this.endpoint = this.replicationGroup.primaryEndpointAddress;
        }
        this.registerOutputs({ endpoint: this.endpoint, port: this.port, securityGroupId: this.securityGroupId, accessSecurityGroupId: this.accessSecurityGroupId });
    }


    /** What a service needs to connect: host, port and `tls` as variables, and the access group. */
    connection(variables: CacheVariables = {}): DataConnection {
        const v = { host: "REDIS_HOST", port: "REDIS_PORT", scheme: "REDIS_SCHEME", ...variables };
        const environment: Record<string, pulumi.Output<string>> = { [v.host]: this.endpoint, [v.port]: this.port.apply(String), [v.scheme]: pulumi.output(this.tls ? "tls" : "tcp") };
        // No password in it: the cache admits by security group, so the URL is no secret.
        if (v.url !== undefined) environment[v.url] = pulumi.interpolate`${this.tls ? "rediss" : "redis"}://${this.endpoint}:${this.port}`;
        return { environment, secrets: {}, securityGroupId: this.accessSecurityGroupId };
    }
}

