/**
 * The app's data stores in the stack: `databases` and `caches` from the stack file, validated with
 * the components' own rules, created before the services that use them, and handed to exactly
 * those services (variables, secrets by full ARN and JSON key, the access group). A protected
 * stack refuses, before it creates anything, a change that would replace one.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cache, CacheArgs, cacheIdentity, validateCacheArgs } from "../components/data/cache";
import { replacementIdentity } from "../components/internal/stateful";
import { bucketIdentity } from "../components/data/bucket";
import { fileSystemIdentity } from "../components/data/file-system";
import { bucketResourceName } from "./data-program";
import { DataConnection } from "../components/data/access";
import { Database, databaseIdentity } from "../components/data/database";
import { DEFAULT_DATABASE_VARIABLES, DatabaseArgs, validateDatabaseArgs } from "../components/data/database-args";
import { DataStoreIdentity, STATEFUL_KINDS, isDataStoreIdentity, replacementReasons } from "../components/internal/stateful";
import { Check, Problem, show } from "../components/internal/validation";
import { ENV_NAME, FargateTaskSpec } from "../components/task/task-spec";
import { CacheConfig, DatabaseConfig } from "./data-schema";
import { ContainerConfig, TaskConfig } from "./schema";
import { StackConfig } from "./stack-config";
import { MIGRATION_NAME } from "./services";
import { receivesDataStores } from "./derive";

type DataContext = Pick<StackConfig, "project" | "stack" | "protect" | "retainOnDelete" | "webServices" | "workers" | "scheduledTasks" | "migration" | "tasks" | "app" | "databases" | "caches"> & Partial<Pick<StackConfig, "buckets" | "fileSystems">>;
type Placement = { vpcId: pulumi.Input<string>; subnetIds: pulumi.Input<pulumi.Input<string>[]>; tags?: Record<string, string> };

/** The component args of a database of the stack file. */
/**
 * The component args of a database of the stack file. A standby in another AZ and two weeks of
 * backups are on unless the stack file turns them off, whatever `protect` says: turning protection
 * off to tear a stack down must not drop the standby first (stage opts out explicitly).
 */
export function databaseArgs(ctx: Pick<StackConfig, "protect" | "retainOnDelete">, db: DatabaseConfig, placement: Placement): DatabaseArgs {
    const { usedBy: _u, variables: _v, ...own } = db;
    const defaults = db.adopt ? {} : { multiAz: true, backupRetentionDays: 14 };
    return { ...defaults, ...own, ...placement, protect: ctx.protect, retainOnDelete: ctx.retainOnDelete };
}

export function cacheArgs(ctx: Pick<StackConfig, "protect" | "retainOnDelete">, cache: CacheConfig, placement: Placement): CacheArgs {
    const { usedBy: _u, variables: _v, ...own } = cache;
    const defaults = cache.adopt ? {} : { snapshotRetentionDays: 7, ...(cache.kind === "node" ? { multiAz: true } : {}) };
    return { ...defaults, ...own, ...placement, protect: ctx.protect, retainOnDelete: ctx.retainOnDelete };
}

const PLACEHOLDER: Placement = { vpcId: "vpc-00000000", subnetIds: [] };

/** The variables a data store hands to its services, by what they hold. */
function variableNames(kind: "databases" | "caches", store: DatabaseConfig | CacheConfig): Record<string, string> {
    if (kind === "databases") return { ...DEFAULT_DATABASE_VARIABLES, ...((store as DatabaseConfig).variables ?? {}) };
    return { host: "REDIS_HOST", port: "REDIS_PORT", scheme: "REDIS_SCHEME", ...((store as CacheConfig).variables ?? {}) };
}

/** Every service of the stack a data store may name in `usedBy`. */
function serviceNames(ctx: DataContext): string[] {
    return [...Object.keys(ctx.webServices), ...Object.keys(ctx.workers), ...Object.keys(ctx.scheduledTasks), ...Object.keys(ctx.tasks), ...(ctx.migration ? [MIGRATION_NAME] : [])];
}

/** The containers of a service that a data store's variables reach (receivesDataStores). */
function dataContainers(task: TaskConfig): ContainerConfig[] {
    return task.containers.filter(receivesDataStores);
}

function taskOf(ctx: DataContext, service: string): TaskConfig | undefined {
    return service === MIGRATION_NAME && ctx.migration ? ctx.migration.task : (ctx.webServices[service] ?? ctx.workers[service] ?? ctx.scheduledTasks[service] ?? ctx.tasks[service])?.task;
}

/** Checks `databases` and `caches` where they were typed; every problem at once. */
export function checkDataConfig(check: (key: string) => Check, ctx: DataContext): void {
    const known = serviceNames(ctx);
    /** Which store gives each service each variable, to find two that give the same one. */
    const given = new Map<string, string>();
    const stores: ["databases" | "caches", string, DatabaseConfig | CacheConfig][] = [
        ...Object.entries(ctx.databases).map(([n, d]) => ["databases", n, d] as ["databases", string, DatabaseConfig]),
        ...Object.entries(ctx.caches).map(([n, c]) => ["caches", n, c] as ["caches", string, CacheConfig]),
    ];
    // Physical names begin with the project: RDS and ElastiCache names must begin with a letter.
    if (stores.length > 0 && !/^[a-z]/i.test(ctx.project)) check(stores[0][0]).fail(`names its AWS resources after the project ${show(ctx.project)}, which does not begin with a letter as RDS and ElastiCache names must; rename the project`);
    for (const [kind, name, store] of stores) {
        const at = check(kind).at(name);
        at.matches(name, /^[a-z][a-z0-9-]{0,19}$/, "1-20 lower-case letters, digits and '-', starting with a letter (it names the AWS resources)");
        if (kind === "databases") validateDatabaseArgs(at, databaseArgs(ctx, store as DatabaseConfig, PLACEHOLDER));
        else validateCacheArgs(at, cacheArgs(ctx, store as CacheConfig, PLACEHOLDER));
        const names = variableNames(kind, store);
        for (const [what, variable] of Object.entries(names)) at.at("variables").at(what).matches(variable, ENV_NAME, "an environment variable name (letters, digits, '_', not starting with a digit)");
        store.usedBy.forEach((service, i) => {
            const task = taskOf(ctx, service);
            if (task === undefined) {
                at.at("usedBy").at(i).fail(`is ${show(service)}, which is not a service of this stack; known: ${known.length ? known.map(show).join(", ") : "none"}`);
                return;
            }
            if (dataContainers(task).length === 0) at.at("usedBy").at(i).fail(`names ${show(service)}, which has no container that receives data stores' variables (one with the app's environment, or dataStoreVariables: true): the variables would reach none`);
            for (const variable of Object.values(names)) {
                const other = given.get(`${service}/${variable}`);
                if (other !== undefined) at.at("variables").fail(`gives ${service} the variable ${variable}, which ${other} gives it too; rename one (variables)`);
                given.set(`${service}/${variable}`, `${kind}.${name}`);
                task.containers.forEach((c, ci) => {
                    if (c.environment?.[variable] !== undefined || c.secrets?.[variable] !== undefined) {
                        at.at("usedBy").at(i).fail(`gives ${service} the variable ${variable}, which its container ${show(c.name)} (task.containers[${ci}]) also sets; remove it there, or rename it here (variables)`);
                    }
                });
            }
            const dup = store.usedBy.indexOf(service);
            if (dup !== i) at.at("usedBy").at(i).fail(`names ${show(service)} twice`);
        });
        // What the app gives every app container: a hand-written DB_PASSWORD or endpoint would hide this store's.
        for (const variable of Object.values(names)) {
            for (const where of ["environment", "secrets"] as const) {
                if (ctx.app[where]?.[variable] !== undefined) {
                    check("app").at(where).at(variable).fail(`is also given by ${ctx.project}:${kind}.${name} to ${store.usedBy.join(", ")}; remove it here: the ${kind === "databases" ? "database" : "cache"} hands it on${where === "secrets" ? " (by the secret RDS keeps)" : ""}`);
                }
            }
        }
    }
}

/** The stack-file keys of the stores whose replacement is guarded, and their components. */
type StoreKind = "databases" | "caches" | "buckets" | "fileSystems";
const COMPONENT_OF: Record<StoreKind, string> = { databases: "Database", caches: "Cache", buckets: "Bucket", fileSystems: "FileSystem" };

/** Stack-output key of a data store. */
const storeKey = (kind: StoreKind, name: string) => `${kind}.${name}`;

/** The stack file's settings of a store by its output key (allowReplacement is what is read). */
function storeOf(ctx: DataContext, key: string): { allowReplacement?: boolean | undefined } | undefined {
    const [kind, ...rest] = key.split(".");
    const name = rest.join(".");
    return ({ databases: ctx.databases, caches: ctx.caches, buckets: ctx.buckets ?? {}, fileSystems: ctx.fileSystems ?? {} } as Record<string, Record<string, { allowReplacement?: boolean | undefined }>>)[kind]?.[name];
}

/** What each data store of the stack file would be created with (adopted ones: nothing). */
export function dataStoreIdentities(ctx: DataContext): Record<string, DataStoreIdentity> {
    const out: Record<string, DataStoreIdentity> = {};
    for (const [name, db] of Object.entries(ctx.databases)) {
        const id = databaseIdentity(name, databaseArgs(ctx, db, PLACEHOLDER));
        if (id) out[storeKey("databases", name)] = id;
    }
    for (const [name, cache] of Object.entries(ctx.caches)) {
        const id = cacheIdentity(name, cacheArgs(ctx, cache, PLACEHOLDER));
        if (id) out[storeKey("caches", name)] = id;
    }
    for (const name of Object.keys(ctx.buckets ?? {})) out[storeKey("buckets", name)] = bucketIdentity(bucketResourceName(name));
    for (const [name, fs] of Object.entries(ctx.fileSystems ?? {})) {
        const id = fileSystemIdentity(fs);
        if (id) out[storeKey("fileSystems", name)] = id;
    }
    return out;
}

/**
 * Compares the data stores the stack file describes with what the last deployment recorded. In a
 * protected stack a replacement is an error unless the stack file allows it (`allowReplacement`);
 * elsewhere it is a warning. Returns the problems and the warnings.
 */
export function dataStoreReplacements(ctx: DataContext, previous: Record<string, unknown>): { problems: Problem[]; warnings: string[] } {
    const problems: Problem[] = [];
    const warnings: string[] = [];
    const now = dataStoreIdentities(ctx);
    for (const [key, identity] of Object.entries(now)) {
        const before = previous[key];
        if (!isDataStoreIdentity(before)) continue;
        const reasons = replacementReasons(before, identity);
        if (reasons.length === 0) continue;
        const store = storeOf(ctx, key);
        const what = STATEFUL_KINDS[identity.type].what;
        const path = `${ctx.project}:${key}`;
        const text = `${reasons.join("; ")}: the ${what} would be replaced by a new, empty one`;
        if (!ctx.protect) {
            warnings.push(`${path}: ${text}${ctx.retainOnDelete ? " (the old one stays in AWS: retainOnDelete)" : ", and the old one is deleted with its data"}.`);
        } else if (store?.allowReplacement !== true) {
            problems.push({
                path,
                message:
                    `${text}. The stack is protected, so nothing was changed. If you mean it, first take a snapshot or export the data, then set ${path}.allowReplacement: true for one deployment ` +
                    `(the old ${what} stays in AWS${ctx.retainOnDelete ? "" : " only if retainOnDelete is true"}) and remove it afterwards; otherwise undo the change.`,
            });
        } else {
            warnings.push(`${path}: ${text}; allowed by allowReplacement${ctx.retainOnDelete ? " (the old one stays in AWS under its own name)" : ""}. Remove allowReplacement after this deployment.`);
        }
    }
    // A store the last deployment has and the stack file no longer names (a removed or renamed key):
    // its services would lose it, and a new one under another name would start empty.
    for (const [key, before] of Object.entries(previous)) {
        if (key in now || !isDataStoreIdentity(before)) continue;
        const [kind] = key.split(".") as [StoreKind, string];
        const what = STATEFUL_KINDS[before.type]?.what ?? "data store";
        const renamed = Object.keys(now).filter((k) => k.startsWith(`${kind}.`) && !(k in previous));
        const path = `${ctx.project}:${key}`;
        const text = `is no longer in the stack file${renamed.length ? ` (${renamed.map((r) => `${ctx.project}:${r}`).join(", ")} is new: a renamed key makes a new, empty ${what})` : ""}, but the last deployment has it`;
        if (!ctx.protect) {
            warnings.push(`${path} ${text}: it is ${ctx.retainOnDelete ? "left in AWS (retainOnDelete)" : "deleted with its data"}.`);
            continue;
        }
        const component = COMPONENT_OF[kind] ?? "Database";
        const urn = `urn:pulumi:${ctx.stack}::${ctx.project}::fargate-kit:index:${component}$${before.type}::${key.slice(kind.length + 1)}`;
        problems.push({
            path,
            message: `${text}. The stack is protected, so nothing was changed. If it was renamed by mistake, put the old name back. To retire the ${what}, first remove it from the services (usedBy) and deploy, then run \`pulumi state unprotect '${urn}'\` and remove it${ctx.retainOnDelete ? " (it stays in AWS: retainOnDelete)" : ""}.`,
        });
    }
    return { problems, warnings };
}

/** The data stores, created, and what each service connects to. */
export interface DataStores {
    /** Connections of a service (by name), in stack-file order. */
    connections(service: string): DataConnection[];
    /** The components a service waits for. */
    dependencies(service: string): pulumi.Resource[];
    /** Stack outputs: endpoints and secrets' ARNs, and the identities the next deployment compares with. */
    outputs: { databases: Record<string, { endpoint: pulumi.Output<string>; port: pulumi.Output<number>; secretArn: pulumi.Output<string> }>; caches: Record<string, { endpoint: pulumi.Output<string>; port: pulumi.Output<number> }>; dataStores: Record<string, DataStoreIdentity> };
}

export function createDataStores(config: StackConfig, placement: Placement): DataStores {
    const used = new Map<string, { connection: DataConnection; component: pulumi.Resource }[]>();
    const use = (services: string[], connection: DataConnection, component: pulumi.Resource) => services.forEach((s) => used.set(s, [...(used.get(s) ?? []), { connection, component }]));
    const outputs: DataStores["outputs"] = { databases: {}, caches: {}, dataStores: {} };
    for (const [name, db] of Object.entries(config.databases)) {
        const database = new Database(name, databaseArgs(config, db, placement));
        use(db.usedBy, database.connection(db.variables), database);
        outputs.databases[name] = { endpoint: database.endpoint, port: database.port, secretArn: database.secretArn };
        const dbIdentity = replacementIdentity(database);
        if (dbIdentity) outputs.dataStores[storeKey("databases", name)] = dbIdentity;
    }
    for (const [name, c] of Object.entries(config.caches)) {
        const cache = new Cache(name, cacheArgs(config, c, placement));
        use(c.usedBy, cache.connection(c.variables), cache);
        outputs.caches[name] = { endpoint: cache.endpoint, port: cache.port };
        const cacheId = replacementIdentity(cache);
        if (cacheId) outputs.dataStores[storeKey("caches", name)] = cacheId;
    }
    // Buckets and file systems are created elsewhere (stack/data-program.ts, stack/file-systems.ts),
    // from the same functions their components name and create them with.
    for (const [key, identity] of Object.entries(dataStoreIdentities(config))) if (/^(buckets|fileSystems)\./.test(key)) outputs.dataStores[key] = identity;
    return { connections: (s) => (used.get(s) ?? []).map((u) => u.connection), dependencies: (s) => (used.get(s) ?? []).map((u) => u.component), outputs };
}

/**
 * A service's settings with its data stores: their variables and secrets in every container that
 * runs the app image with the app's environment (as `app.environment` reaches them), and their
 * access groups on its tasks.
 */
export function withData<T extends { task: FargateTaskSpec; securityGroupIds?: pulumi.Input<string>[] }>(settings: T, task: TaskConfig, connections: DataConnection[]): T {
    if (connections.length === 0) return settings;
    const environment = Object.assign({}, ...connections.map((c) => c.environment));
    const secrets = Object.assign({}, ...connections.map((c) => c.secrets));
    const containers = settings.task.containers.map((c, i) => {
        const own = task.containers[i];
        if (own === undefined || !receivesDataStores(own)) return c;
        return { ...c, environment: { ...environment, ...(c.environment ?? {}) }, secrets: { ...secrets, ...(c.secrets ?? {}) } };
    });
    return { ...settings, task: { ...settings.task, containers }, securityGroupIds: [...(settings.securityGroupIds ?? []), ...connections.map((c) => c.securityGroupId)] };
}
