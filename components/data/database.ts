import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "../internal/names";
import { DataStoreIdentity, dataStoreIdentity, rememberIdentity } from "../internal/stateful";
import { Check } from "../internal/validation";
import { SecretSpec } from "../task/task-spec";
import { DataConnection, createAccess } from "./access";
import { DATABASE_PORTS, DEFAULT_DATABASE_VARIABLES, DatabaseArgs, DatabaseVariables, engineVersion, validateDatabaseArgs } from "./database-args";

export { DatabaseEngine, DatabaseKind, validateDatabaseArgs } from "./database-args";
export type { DatabaseAdoption, DatabaseArgs, DatabaseVariables } from "./database-args";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/instance:Instance";

/**
 * A PostgreSQL or MySQL database for the services: Aurora Serverless v2 (or one RDS instance) in a
 * subnet group of the given (private) subnets, storage always encrypted, the master password
 * created and kept by RDS in Secrets Manager, and a security group that admits only tasks carrying
 * its access group. In production (`protect`): deletion protection, a final snapshot, two weeks of
 * backups, a standby in another Availability Zone, and Pulumi's protect.
 *
 * Services connect with `connection()`: host, port and name as variables, user and password as
 * secrets by full ARN and JSON key (the execution role may read exactly that secret), and the
 * access group to carry.
 *
 * ```ts
 * const db = new Database("main", { vpcId: network.vpcId, subnetIds: network.taskSubnetIds, protect: true });
 * const c = db.connection();
 * // task containers: environment { ...c.environment }, secrets { ...c.secrets }; service: securityGroupIds [c.securityGroupId]
 * ```
 */
export class Database extends pulumi.ComponentResource {
    /** Host name of the writer. */
    readonly endpoint: pulumi.Output<string>;
    readonly port: pulumi.Output<number>;
    readonly databaseName: pulumi.Output<string>;
    /** Full ARN of the secret with JSON keys `username` and `password` (RDS-managed, or the adopted one). */
    readonly secretArn: pulumi.Output<string>;
    /** The database's security group (or the adopted one). */
    readonly securityGroupId: pulumi.Output<string>;
    /** The group a task carries to be admitted. */
    readonly accessSecurityGroupId: pulumi.Output<string>;
    /** The Aurora cluster or RDS instance; undefined when adopted. */
    readonly cluster?: aws.rds.Cluster;
    readonly instance?: aws.rds.Instance;
    /** What forces its replacement, as created (see components/internal/stateful.ts); undefined when adopted. */
    private readonly secretKmsKeyArn?: pulumi.Input<string>;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers: a refused input creates nothing, not even the component.
        validateDatabaseArgs(Check.root(), args).throwIfFailed(`Database "${name}"`);
        const protect = args.protect ?? false;
        const keep = { protect: protect && !(args.allowReplacement ?? false), retainOnDelete: args.retainOnDelete ?? protect };
        const engine = args.engine ?? "postgres";
        const port = args.adopt?.port ?? DATABASE_PORTS[engine];
        super("fargate-kit:index:Database", name, {}, opts);
        const access = createAccess(name, "database", args.vpcId, port, args.adopt?.securityGroupId, this, args.tags);
        this.securityGroupId = access.storeGroupId;
        this.accessSecurityGroupId = access.accessGroup.id;
        this.port = pulumi.output(port);
        if (args.adopt) {
            this.endpoint = pulumi.output(args.adopt.endpoint);
            this.databaseName = pulumi.output(args.adopt.databaseName ?? "app");
            this.secretArn = pulumi.output(args.adopt.secret);
        } else {
            const subnetGroup = new aws.rds.SubnetGroup(name, { name: physicalName(name, { max: 255, lower: true }), subnetIds: args.subnetIds, description: `Database ${name}`, tags: args.tags }, { parent: this });
            const made = (args.kind ?? "serverless") === "serverless" ? this.createCluster(name, args, subnetGroup, access.storeGroupId, keep) : this.createInstance(name, args, subnetGroup, access.storeGroupId, keep);
            this.endpoint = made.endpoint;
            this.databaseName = pulumi.output(args.databaseName ?? "app");
            this.secretArn = made.secretArn;
            rememberIdentity(this, made.identity);
            this.secretKmsKeyArn = args.secretKmsKeyArn;
        }
        this.registerOutputs({ endpoint: this.endpoint, port: this.port, databaseName: this.databaseName, secretArn: this.secretArn, securityGroupId: this.securityGroupId, accessSecurityGroupId: this.accessSecurityGroupId });
    }


    /**
     * What a service needs to connect: host, port and name as variables, user name and password
     * as secrets (full ARN, JSON keys `username` and `password`), and the access group.
     */
    connection(variables: DatabaseVariables = {}): DataConnection {
        const v = { ...DEFAULT_DATABASE_VARIABLES, ...variables };
        const secret = (jsonKey: string): SecretSpec => ({ secretsManager: this.secretArn, jsonKey, kmsKeyArn: this.secretKmsKeyArn });
        return {
            environment: { [v.host]: this.endpoint, [v.port]: this.port.apply(String), [v.name]: this.databaseName },
            secrets: { [v.username]: secret("username"), [v.password]: secret("password") },
            securityGroupId: this.accessSecurityGroupId,
        };
    }

    /** Aurora Serverless v2: the cluster, its writer and, with Multi-AZ, a reader to fail over to. */
    private createCluster(name: string, args: DatabaseArgs, subnetGroup: aws.rds.SubnetGroup, groupId: pulumi.Output<string>, keep: { protect: boolean; retainOnDelete: boolean }) {
        const protect = args.protect ?? false;
        const engine = clusterFixed(args).engine;
        const version = engineVersion(args);
        const min = args.minCapacity ?? 0.5;
        const identity = databaseIdentity(name, args)!;
        const identifier = String(identity.inputs.clusterIdentifier);
        const clusterArgs: aws.rds.ClusterArgs = {
            ...clusterFixed(args),
            clusterIdentifier: identifier,
            dbSubnetGroupName: subnetGroup.name,
            engineVersion: version,
            serverlessv2ScalingConfiguration: { minCapacity: min, maxCapacity: args.maxCapacity ?? 4, secondsUntilAutoPause: min === 0 ? args.secondsUntilAutoPause ?? 300 : undefined },
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: args.secretKmsKeyArn,
            vpcSecurityGroupIds: [groupId],
            backupRetentionPeriod: args.backupRetentionDays ?? (protect ? 14 : 7),
            copyTagsToSnapshot: true,
            deletionProtection: protect,
            // The provider requires final_snapshot_identifier unless skip_final_snapshot; a fixed name
            // per cluster (not a timestamp) keeps the plan from changing on every run. Taken whenever
            // the database is kept (protect or retainOnDelete): turning protect off to tear down skips nothing.
            skipFinalSnapshot: !(protect || keep.retainOnDelete),
            finalSnapshotIdentifier: protect || keep.retainOnDelete ? `${identifier}-final` : undefined,
            tags: args.tags,
        };
        const cluster = new aws.rds.Cluster(name, clusterArgs, { parent: this, ...keep });
        const instances = (args.multiAz ?? protect) ? ["writer", "reader"] : ["writer"];
        instances.forEach(
            (role, i) =>
                new aws.rds.ClusterInstance(
                    `${name}-${role}`,
                    {
                        identifier: physicalName(`${name}-${role}`, { max: 63, lower: true }),
                        clusterIdentifier: cluster.id,
                        instanceClass: "db.serverless",
                        engine,
                        engineVersion: version,
                        dbSubnetGroupName: subnetGroup.name,
                        publiclyAccessible: false,
                        // Tier 0-1 readers scale with the writer, so a failover lands on a warm instance.
                        promotionTier: i,
                        autoMinorVersionUpgrade: true,
                        performanceInsightsEnabled: args.performanceInsights ?? false,
                        tags: args.tags,
                    },
                    { parent: this, protect: keep.protect },
                ),
        );
        (this as { cluster?: aws.rds.Cluster }).cluster = cluster;
        return { endpoint: cluster.endpoint, secretArn: cluster.masterUserSecrets.apply((s) => s[0].secretArn), identity };
    }

    /** One RDS instance (Multi-AZ with a standby when asked). */
    private createInstance(name: string, args: DatabaseArgs, subnetGroup: aws.rds.SubnetGroup, groupId: pulumi.Output<string>, keep: { protect: boolean; retainOnDelete: boolean }) {
        const protect = args.protect ?? false;
        const identity = databaseIdentity(name, args)!;
        const identifier = String(identity.inputs.identifier);
        const instance = new aws.rds.Instance(
            name,
            {
                ...instanceFixed(args),
                identifier,
                engineVersion: engineVersion(args),
                instanceClass: args.instanceClass ?? "db.t4g.micro",
                allocatedStorage: args.allocatedStorageGiB ?? 20,
                storageType: "gp3",
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: args.secretKmsKeyArn,
                dbSubnetGroupName: subnetGroup.name,
                vpcSecurityGroupIds: [groupId],
                publiclyAccessible: false,
                multiAz: args.multiAz ?? protect,
                backupRetentionPeriod: args.backupRetentionDays ?? (protect ? 14 : 7),
                copyTagsToSnapshot: true,
                autoMinorVersionUpgrade: true,
                performanceInsightsEnabled: args.performanceInsights ?? false,
                deletionProtection: protect,
                skipFinalSnapshot: !(protect || keep.retainOnDelete),
                finalSnapshotIdentifier: protect || keep.retainOnDelete ? `${identifier}-final` : undefined,
                tags: args.tags,
            },
            { parent: this, ...keep },
        );
        (this as { instance?: aws.rds.Instance }).instance = instance;
        return { endpoint: instance.address, secretArn: instance.masterUserSecrets.apply((s) => s[0].secretArn), identity };
    }
}

/** The cluster's inputs that force its replacement and come from the args alone. */
function clusterFixed(args: DatabaseArgs) {
    return { engine: (args.engine === "mysql" ? "aurora-mysql" : "aurora-postgresql") as "aurora-mysql" | "aurora-postgresql", engineMode: "provisioned", databaseName: args.databaseName ?? "app", masterUsername: args.masterUsername ?? "app_admin", storageEncrypted: true, kmsKeyId: args.kmsKeyArn };
}

function instanceFixed(args: DatabaseArgs) {
    return { engine: args.engine ?? "postgres", dbName: args.databaseName ?? "app", username: args.masterUsername ?? "app_admin", storageEncrypted: true, kmsKeyId: args.kmsKeyArn };
}

/**
 * What a new database named `name` is created with, as far as a replacement goes (undefined when
 * adopted). Its identifier ends in a hash of the rest: a replacement gets a new identifier, so with
 * retainOnDelete the old database stays in AWS under its own while the new one is created.
 * The program compares it with the last deployment's before creating anything.
 */
export function databaseIdentity(name: string, args: DatabaseArgs): DataStoreIdentity | undefined {
    if (args.adopt) return undefined;
    if ((args.kind ?? "serverless") === "serverless") {
        const fixed = dataStoreIdentity(CLUSTER, clusterFixed(args)).inputs;
        return dataStoreIdentity(CLUSTER, { ...fixed, clusterIdentifier: physicalName(name, { max: 63, lower: true, replaceOn: JSON.stringify(fixed) }) });
    }
    const fixed = dataStoreIdentity(INSTANCE, instanceFixed(args)).inputs;
    return dataStoreIdentity(INSTANCE, { ...fixed, identifier: physicalName(name, { max: 63, lower: true, replaceOn: JSON.stringify(fixed) }) });
}
