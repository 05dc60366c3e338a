/**
 * `Database`'s args, their defaults and their validation: engine versions and capacities as the
 * RDS API and the AWS provider accept them, names as RDS allows them.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkKmsKeyArn, checkSecretsManagerRef } from "../internal/arns";
import { Check, known, show } from "../internal/validation";

/** The database engine: Aurora PostgreSQL / RDS for PostgreSQL, or Aurora MySQL / RDS for MySQL. */
export const DatabaseEngine = { postgres: "postgres", mysql: "mysql" } as const;
export type DatabaseEngine = (typeof DatabaseEngine)[keyof typeof DatabaseEngine];

/** Aurora Serverless v2 (scales in ACUs, down to 0 with auto-pause), or one RDS instance. */
export const DatabaseKind = { serverless: "serverless", instance: "instance" } as const;
export type DatabaseKind = (typeof DatabaseKind)[keyof typeof DatabaseKind];

/** Names of the variables a service gets; Laravel's by default (Rails reads them with `ENV.fetch`). */
export interface DatabaseVariables {
    /**
     * The host name.
     * Default: "DB_HOST".
     * @default "DB_HOST"
     */
    host?: string | undefined;
    /**
     * The port.
     * Default: "DB_PORT".
     * @default "DB_PORT"
     */
    port?: string | undefined;
    /**
     * The database name.
     * Default: "DB_DATABASE".
     * @default "DB_DATABASE"
     */
    name?: string | undefined;
    /**
     * The user name (a secret: JSON key `username` of the database's secret).
     * Default: "DB_USERNAME".
     * @default "DB_USERNAME"
     */
    username?: string | undefined;
    /**
     * The password (a secret: JSON key `password` of the database's secret).
     * Default: "DB_PASSWORD".
     * @default "DB_PASSWORD"
     */
    password?: string | undefined;
}

/** A database this stack does not create: it is admitted to and its secret handed on, nothing more. */
export interface DatabaseAdoption {
    /** Its host name, e.g. `"shop.cluster-abc.us-east-1.rds.amazonaws.com"`. */
    endpoint: string;
    /** Its port, e.g. 5432. A whole number. */
    port: number;
    /** Its security group: a rule admitting the access group is added to it. */
    securityGroupId: string;
    /** The Secrets Manager secret (name or full ARN) with JSON keys `username` and `password`. */
    secret: string;
    /**
     * The database name handed to the services.
     * Default: "app".
     * @default "app"
     */
    databaseName?: string | undefined;
}

export interface DatabaseArgs {
    /** The VPC of the subnets. */
    vpcId: pulumi.Input<string>;
    /** Subnets of the subnet group, in at least two Availability Zones (RDS requires two): the private ones. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The engine.
     * Default: "postgres".
     * @default "postgres"
     */
    engine?: DatabaseEngine;
    /**
     * Aurora Serverless v2, or a single RDS instance (cheapest for a small stage).
     * Default: "serverless".
     * @default "serverless"
     */
    kind?: DatabaseKind;
    /**
     * The engine version: for serverless PostgreSQL e.g. "16.6", for serverless MySQL an Aurora MySQL
     * version ("3.08.0", or "8.0.mysql_aurora.3.08.0"); for an instance e.g. "16.6" or "8.0.40".
     * Default: "16.6" (PostgreSQL), "8.0.mysql_aurora.3.08.0" (Aurora MySQL), "8.0.40" (RDS for MySQL).
     * @default "16.6" (PostgreSQL), "8.0.mysql_aurora.3.08.0" (Aurora MySQL), "8.0.40" (RDS for MySQL)
     */
    version?: string | undefined;
    /**
     * Serverless: the fewest ACUs (1 ACU ≈ 2 GiB), in steps of 0.5; 0 pauses an idle database
     * (Aurora PostgreSQL 13.15+, 14.12+, 15.7+, 16.3+; Aurora MySQL 3.08+), which then takes
     * seconds to resume on the next connection.
     * Default: 0.5.
     * @default 0.5
     */
    minCapacity?: number | undefined;
    /**
     * Serverless: the most ACUs, 1 to 256 in steps of 0.5.
     * Default: 4.
     * @default 4
     */
    maxCapacity?: number | undefined;
    /**
     * Serverless with `minCapacity` 0: idle seconds before the database pauses, 300 to 86400.
     * A whole number.
     * Default: 300.
     * @default 300
     */
    secondsUntilAutoPause?: number | undefined;
    /**
     * Instance: the instance class.
     * Default: "db.t4g.micro".
     * @default "db.t4g.micro"
     */
    instanceClass?: string | undefined;
    /**
     * Instance: storage in GiB (gp3), 20 to 65536.
     * A whole number.
     * Default: 20.
     * @default 20
     */
    allocatedStorageGiB?: number | undefined;
    /**
     * The database created in it: 1–63 letters, digits and `_`, starting with a letter.
     * Default: "app".
     * @default "app"
     */
    databaseName?: string | undefined;
    /**
     * The master user: 1–16 letters, digits and `_`, starting with a letter. Its password is
     * created and rotated by RDS in Secrets Manager; no one types it.
     * Default: "app_admin".
     * @default "app_admin"
     */
    masterUsername?: string | undefined;
    /**
     * A second instance in another Availability Zone to fail over to (serverless: an Aurora reader in
     * promotion tier 1; instance: RDS Multi-AZ). Doubles the compute cost.
     * Default: the value of `protect`.
     * @default - the value of `protect`
     */
    multiAz?: boolean | undefined;
    /**
     * Days of automated backups, 1 to 35.
     * A whole number.
     * Default: 7, or 14 with `protect`.
     * @default 7, or 14 with `protect`
     */
    backupRetentionDays?: number | undefined;
    /**
     * Performance Insights (7 days, free tier).
     * Default: false.
     * @default false
     */
    performanceInsights?: boolean | undefined;
    /**
     * Customer-managed KMS key for the storage. Storage is always encrypted.
     * Default: the AWS-managed key aws/rds.
     * @default - the AWS-managed key aws/rds
     */
    kmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * Customer-managed KMS key of the master user's secret; the services' execution roles get kms:Decrypt on it.
     * Default: the AWS-managed key aws/secretsmanager.
     * @default - the AWS-managed key aws/secretsmanager
     */
    secretKmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * Use this existing database instead of creating one.
     * Default: a new database.
     * @default - a new database
     */
    adopt?: DatabaseAdoption | undefined;
    /**
     * Production mode: deletion protection, a final snapshot when deleted, longer backups, Multi-AZ,
     * and Pulumi's protect on the database.
     * Default: false.
     * @default false
     */
    protect?: boolean | undefined;
    /**
     * Lift Pulumi's protect from the database itself for this deployment, so that a change which replaces
     * it (a new, empty one) can go through; with `retainOnDelete` the old one stays in AWS. Set it
     * for the one deployment that is meant to replace it, then remove it.
     * Default: false.
     * @default false
     */
    allowReplacement?: boolean | undefined;
    /**
     * Leave the database in AWS when it leaves the stack or the stack is destroyed.
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

export const DATABASE_PORTS: Readonly<Record<DatabaseEngine, number>> = { postgres: 5432, mysql: 3306 };
export const DEFAULT_DATABASE_VARIABLES: Required<DatabaseVariables> = { host: "DB_HOST", port: "DB_PORT", name: "DB_DATABASE", username: "DB_USERNAME", password: "DB_PASSWORD" };

/** Aurora's versions by engine: the first minor of each major with Serverless v2, and with 0 ACUs (auto-pause). */
const AURORA_POSTGRES: Record<number, { serverless: number; autoPause: number }> = {
    // Aurora User Guide, "Aurora Serverless v2 capacity" and "Requirements and limitations for Aurora Serverless v2".
    13: { serverless: 6, autoPause: 15 },
    14: { serverless: 3, autoPause: 12 },
    15: { serverless: 2, autoPause: 7 },
    16: { serverless: 1, autoPause: 3 },
    17: { serverless: 4, autoPause: 4 },
};
/** Aurora MySQL 3 (MySQL 8.0 compatible): Serverless v2 from 3.02.0, auto-pause from 3.08.0. */
const AURORA_MYSQL = { serverless: 2, autoPause: 8 };
/** RDS for PostgreSQL and MySQL majors in standard support. */
const RDS_POSTGRES_MAJORS = [13, 14, 15, 16, 17];
const RDS_MYSQL_MAJORS = ["8.0", "8.4"];

export const DEFAULT_VERSIONS = { serverless: { postgres: "16.6", mysql: "8.0.mysql_aurora.3.08.0" }, instance: { postgres: "16.6", mysql: "8.0.40" } } as const;

/** The engine version as RDS takes it (Aurora MySQL "3.08.0" is "8.0.mysql_aurora.3.08.0"). */
export function engineVersion(args: Pick<DatabaseArgs, "engine" | "kind" | "version">): string {
    const engine = args.engine ?? "postgres";
    const kind = args.kind ?? "serverless";
    const v = args.version ?? DEFAULT_VERSIONS[kind][engine];
    return kind === "serverless" && engine === "mysql" && /^3\.\d{2}\.\d+$/.test(v) ? `8.0.mysql_aurora.${v}` : v;
}

/** Whether the version supports 0 ACUs; undefined when the version is not one Serverless v2 runs. */
function auroraSupport(engine: DatabaseEngine, version: string): { serverless: boolean; autoPause: boolean } | undefined {
    if (engine === "postgres") {
        const m = /^(\d+)\.(\d+)$/.exec(version);
        const major = m && AURORA_POSTGRES[Number(m[1])];
        if (!m || !major) return undefined;
        return { serverless: Number(m[2]) >= major.serverless, autoPause: Number(m[2]) >= major.autoPause };
    }
    const m = /^8\.0\.mysql_aurora\.3\.(\d{2})\.\d+$/.exec(version);
    if (!m) return undefined;
    return { serverless: Number(m[1]) >= AURORA_MYSQL.serverless, autoPause: Number(m[1]) >= AURORA_MYSQL.autoPause };
}

const half = (n: number) => Number.isFinite(n) && Math.round(n * 2) === n * 2;
const DB_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{0,15}$/;
/** Names RDS keeps for itself (RDS User Guide, "Master user account privileges"). */
const RESERVED_USERS = ["rdsadmin", "rdsrepladmin", "rdsproxyadmin", "rds_superuser", "postgres_superuser"];
const INSTANCE_CLASS = /^db\.[a-z0-9]+\.[a-z0-9]+$/;
const HOST = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const SG_ID = /^sg-[0-9a-f]{8,17}$/;

export function validateDatabaseArgs(check: Check, args: DatabaseArgs): Check {
    if (args.adopt !== undefined) {
        validateAdoption(check, args);
        return check;
    }
    check.at("engine").oneOf(args.engine, Object.values(DatabaseEngine));
    check.at("kind").oneOf(args.kind, Object.values(DatabaseKind));
    const engine = args.engine ?? "postgres";
    const kind = args.kind ?? "serverless";
    if (!check.ok) return check;
    const version = engineVersion(args);
    if (kind === "serverless") {
        const support = auroraSupport(engine, version);
        const allowed = engine === "postgres" ? `an Aurora PostgreSQL version with Serverless v2: ${Object.entries(AURORA_POSTGRES).map(([maj, s]) => `${maj}.${s.serverless}+`).join(", ")} (e.g. "16.6")` : 'an Aurora MySQL 3 version with Serverless v2, 3.02.0 or later (e.g. "3.08.0")';
        if (!support || !support.serverless) check.at("version").fail(`is ${show(args.version ?? version)}; allowed: ${allowed}`);
        const min = args.minCapacity ?? 0.5;
        const max = args.maxCapacity ?? 4;
        if (!half(min) || min < 0 || min > 256) check.at("minCapacity").fail(`is ${show(args.minCapacity)}; allowed: 0 to 256 ACUs in steps of 0.5`);
        else if (min === 0 && support && !support.autoPause) {
            const need = engine === "postgres" ? "Aurora PostgreSQL 13.15+, 14.12+, 15.7+, 16.3+ or 17.4+" : "Aurora MySQL 3.08.0+";
            check.at("minCapacity").fail(`is 0 (auto-pause), which version ${show(version)} does not support; it needs ${need}: raise version, or use 0.5`);
        }
        if (!half(max) || max < 1 || max > 256) check.at("maxCapacity").fail(`is ${show(args.maxCapacity)}; allowed: 1 to 256 ACUs in steps of 0.5`);
        else if (half(min) && max < min) check.at("maxCapacity").fail(`is ${max}, below minCapacity ${min}`);
        if (args.secondsUntilAutoPause !== undefined) {
            if (min !== 0) check.at("secondsUntilAutoPause").fail("applies only with minCapacity 0 (auto-pause)");
            else check.at("secondsUntilAutoPause").intRange(args.secondsUntilAutoPause, 300, 86400, "seconds");
        }
        for (const key of ["instanceClass", "allocatedStorageGiB"] as const) if (args[key] !== undefined) check.at(key).fail('applies to kind "instance"; a serverless database scales in ACUs (minCapacity, maxCapacity)');
    } else {
        const ok = engine === "postgres" ? RDS_POSTGRES_MAJORS.some((m) => new RegExp(`^${m}\\.\\d+$`).test(version)) : RDS_MYSQL_MAJORS.some((m) => new RegExp(`^${m.replace(".", "\\.")}\\.\\d+$`).test(version));
        if (!ok) check.at("version").fail(`is ${show(version)}; allowed: ${engine === "postgres" ? `RDS for PostgreSQL ${RDS_POSTGRES_MAJORS.join(", ")} as "<major>.<minor>" (e.g. "16.6")` : 'RDS for MySQL 8.0 or 8.4 as "8.0.<patch>" (e.g. "8.0.40")'}`);
        check.at("instanceClass").matches(args.instanceClass, INSTANCE_CLASS, 'an RDS instance class such as "db.t4g.micro"');
        check.at("allocatedStorageGiB").intRange(args.allocatedStorageGiB, 20, 65536, "GiB");
        for (const key of ["minCapacity", "maxCapacity", "secondsUntilAutoPause"] as const) if (args[key] !== undefined) check.at(key).fail('applies to kind "serverless"; an instance has an instanceClass');
    }
    check.at("databaseName").matches(args.databaseName, DB_NAME, "1-63 letters, digits and _, starting with a letter");
    if (check.at("masterUsername").matches(args.masterUsername, USERNAME, "1-16 letters, digits and _, starting with a letter") && args.masterUsername !== undefined && RESERVED_USERS.includes(args.masterUsername.toLowerCase())) {
        check.at("masterUsername").fail(`is ${show(args.masterUsername)}, a name RDS reserves for itself`);
    }
    check.at("backupRetentionDays").intRange(args.backupRetentionDays, 1, 35, "days");
    if (args.kmsKeyArn !== undefined) checkKmsKeyArn(check.at("kmsKeyArn"), args.kmsKeyArn);
    if (args.secretKmsKeyArn !== undefined) checkKmsKeyArn(check.at("secretKmsKeyArn"), args.secretKmsKeyArn);
    return check;
}

/** An adopted database: nothing of the new-database settings applies. */
function validateAdoption(check: Check, args: DatabaseArgs): void {
    const a = args.adopt!;
    const at = check.at("adopt");
    if (!at.object(a, "endpoint, port, securityGroupId, secret")) return;
    for (const key of ["engine", "kind", "version", "minCapacity", "maxCapacity", "secondsUntilAutoPause", "instanceClass", "allocatedStorageGiB", "databaseName", "masterUsername", "multiAz", "backupRetentionDays", "performanceInsights", "kmsKeyArn"] as const) {
        if (args[key] !== undefined) check.at(key).fail("applies to a database this stack creates; this one is adopted (adopt), and its settings are its own");
    }
    if (a.endpoint === undefined) at.at("endpoint").fail('is missing; give the host name, e.g. "shop.cluster-abc.us-east-1.rds.amazonaws.com"');
    else at.at("endpoint").matches(known(a.endpoint), HOST, "a host name without scheme or port");
    if (a.port === undefined) at.at("port").fail("is missing; e.g. 5432 (PostgreSQL) or 3306 (MySQL)");
    else at.at("port").intRange(a.port, 1150, 65535);
    if (a.securityGroupId === undefined) at.at("securityGroupId").fail("is missing; the database's security group, which will admit the services");
    else at.at("securityGroupId").matches(known(a.securityGroupId), SG_ID, 'a security group id ("sg-…")');
    if (a.secret === undefined) at.at("secret").fail("is missing; the Secrets Manager secret (name or full ARN) with JSON keys username and password");
    else checkSecretsManagerRef(at.at("secret"), a.secret);
    at.at("databaseName").matches(a.databaseName, DB_NAME, "1-63 letters, digits and _, starting with a letter");
}
