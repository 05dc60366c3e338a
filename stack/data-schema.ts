/**
 * Stack-file keys of the app's data stores: `databases` and `caches`, by name. Each mirrors its
 * component's args (without the network it is placed in and the stack's protect/retain/tags), plus
 * what only the stack file has: the services that use it, the variable names they get, and the
 * explicit permission to replace it.
 */
import { z } from "zod";
import { CacheEngine, CacheKind } from "../components/data/cache";
import { DatabaseEngine, DatabaseKind } from "../components/data/database-args";

const str = z.string().min(1);
const int = z.number().int();

/** Services (web services, workers, scheduled tasks, or "migrate") that connect to it. */
const usedBy = z.array(str).min(1);

export const databaseSchema = z.strictObject({
    engine: z.enum(DatabaseEngine).optional(),
    kind: z.enum(DatabaseKind).optional(),
    version: str.optional(),
    minCapacity: z.number().optional(),
    maxCapacity: z.number().optional(),
    secondsUntilAutoPause: int.optional(),
    instanceClass: str.optional(),
    allocatedStorageGiB: int.optional(),
    databaseName: str.optional(),
    masterUsername: str.optional(),
    multiAz: z.boolean().optional(),
    backupRetentionDays: int.optional(),
    performanceInsights: z.boolean().optional(),
    kmsKeyArn: str.optional(),
    secretKmsKeyArn: str.optional(),
    adopt: z.strictObject({ endpoint: str, port: int, securityGroupId: str, secret: str, databaseName: str.optional() }).optional(),
    usedBy,
    /** Variable names (defaults: DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME, DB_PASSWORD). */
    variables: z.strictObject({ host: str.optional(), port: str.optional(), name: str.optional(), username: str.optional(), password: str.optional() }).optional(),
    /** A protected stack refuses a change that replaces the database unless this is true. */
    allowReplacement: z.boolean().optional(),
});

export const cacheSchema = z.strictObject({
    engine: z.enum(CacheEngine).optional(),
    kind: z.enum(CacheKind).optional(),
    version: str.optional(),
    nodeType: str.optional(),
    multiAz: z.boolean().optional(),
    maxDataGB: int.optional(),
    maxEcpuPerSecond: int.optional(),
    snapshotRetentionDays: int.optional(),
    kmsKeyArn: str.optional(),
    adopt: z.strictObject({ endpoint: str, port: int, securityGroupId: str, tls: z.boolean().optional() }).optional(),
    usedBy,
    /** Variable names (defaults: REDIS_HOST, REDIS_PORT, REDIS_SCHEME). */
    variables: z.strictObject({ host: str.optional(), port: str.optional(), scheme: str.optional(), url: str.optional() }).optional(),
    allowReplacement: z.boolean().optional(),
});

export const databasesSchema = z.record(z.string(), databaseSchema);
export const cachesSchema = z.record(z.string(), cacheSchema);
export type DatabaseConfig = z.infer<typeof databaseSchema>;
export type CacheConfig = z.infer<typeof cacheSchema>;
