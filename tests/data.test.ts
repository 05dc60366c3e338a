/**
 * The app's data stores (components/data, stack/data.ts) on recorded inputs: what each database and
 * cache is created with, who is admitted and handed what, the order of creation, validation at the
 * typed key paths, and the refusal of a change that would replace one in a protected stack.
 */
import * as assert from "assert";
import { ProgramRun, RecordedResource, runProgram } from "../tools/mock-runtime";
import { dataStoreReplacements } from "../tools/provider-rules";
import { PROVIDER_CALLS } from "../tools/provider-calls";
import { allows, exampleResources } from "../tools/iam-check";
import { evaluateControls } from "../plan/controls";
import { estimateCost } from "../plan/costs";
import { loadStackConfig } from "../stack/config";
import { readStackFiles } from "../tools/mock-runtime";
import { bothStacks, containerDefs, ofType, one, statements, throwsValidation } from "./support";

const TAG = { "fargate-kit:imageTag": "3f2c1ab" };
const RDS_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7-Ab12Cd";
const SERVICES = ["web", "worker", "scheduler", "migrate"];

const sgOf = (run: ProgramRun, service: string): string[] => {
    const schedule = run.resources.find((r) => r.type === "aws:scheduler/schedule:Schedule" && r.name === service);
    if (schedule) return schedule.inputs.target.ecsParameters.networkConfiguration.securityGroups;
    return one(run.resources, "aws:ecs/service:Service", service).inputs.networkConfiguration.securityGroups;
};
const taskDef = (run: ProgramRun, service: string) => one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", `${service}-task`);
const executionPolicy = (run: ProgramRun, service: string) => statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", `${service}-execution`).inputs.policy);
const readSecrets = (run: ProgramRun, service: string) => executionPolicy(run, service).find((s) => s.Sid === "ReadSecrets")?.Resource ?? [];
const migrationGroups = (run: ProgramRun): string[] => {
    const r = one(run.resources, "pulumi-nodejs:dynamic/fargate-kit:MigrationRun");
    return JSON.stringify(r.inputs).match(/"securityGroups":\[([^\]]*)\]/)![1].split(",").map((s) => JSON.parse(s));
};
const groupsOf = (run: ProgramRun, service: string) => (service === "migrate" ? migrationGroups(run) : sgOf(run, service));

describe("data stores: the shipped Laravel stacks", () => {
    let stage: ProgramRun;
    let prod: ProgramRun;
    before(async () => {
        ({ stage, prod } = await bothStacks());
    });

    it("prod: Aurora Serverless v2 PostgreSQL, encrypted, RDS-managed password, deletion protection, a stable final snapshot, two weeks of backups, protected and retained", () => {
        const c = one(prod.resources, "aws:rds/cluster:Cluster");
        const i = c.inputs;
        assert.deepStrictEqual(
            [i.engine, i.engineMode, i.engineVersion, i.serverlessv2ScalingConfiguration, i.manageMasterUserPassword, i.masterPassword, i.storageEncrypted, i.deletionProtection, i.skipFinalSnapshot, i.backupRetentionPeriod, i.copyTagsToSnapshot],
            ["aurora-postgresql", "provisioned", "16.6", { minCapacity: 0.5, maxCapacity: 8 }, true, undefined, true, true, false, 14, true],
        );
        assert.match(i.clusterIdentifier, /^fargate-kit-prod-main-[0-9a-f]{4}$/);
        assert.strictEqual(i.finalSnapshotIdentifier, `${i.clusterIdentifier}-final`, "a fixed name, not a timestamp that changes the plan on every run");
        assert.deepStrictEqual([c.protect, c.retainOnDelete], [true, true]);
        // Multi-AZ: a reader in promotion tier 1 beside the writer.
        const members = ofType(prod.resources, "aws:rds/clusterInstance:ClusterInstance");
        assert.deepStrictEqual(members.map((m) => [m.name, m.inputs.instanceClass, m.inputs.promotionTier, m.inputs.publiclyAccessible]), [["main-writer", "db.serverless", 0, false], ["main-reader", "db.serverless", 1, false]]);
        // In the tasks' private subnets.
        assert.deepStrictEqual(one(prod.resources, "aws:rds/subnetGroup:SubnetGroup").inputs.subnetIds, ["subnet-private-0", "subnet-private-1"]);
    });

    it("stage: one RDS instance, no deletion protection and no final snapshot (protect: false), a week of backups", () => {
        const db = one(stage.resources, "aws:rds/instance:Instance");
        const i = db.inputs;
        assert.deepStrictEqual(
            [i.engine, i.engineVersion, i.instanceClass, i.allocatedStorage, i.storageType, i.storageEncrypted, i.manageMasterUserPassword, i.multiAz, i.deletionProtection, i.skipFinalSnapshot, i.finalSnapshotIdentifier, i.backupRetentionPeriod, i.publiclyAccessible],
            ["postgres", "16.6", "db.t4g.micro", 20, "gp3", true, true, false, false, true, undefined, 7, false],
        );
        assert.deepStrictEqual([db.protect, db.retainOnDelete], [false, false]);
        assert.strictEqual(ofType(stage.resources, "aws:rds/cluster:Cluster").length, 0);
    });

    it("admits only its access group, on its port; the access group and the store's group have no other rule", () => {
        for (const run of [stage, prod]) {
            const rules = ofType(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.parent?.startsWith("fargate-kit:index:Database") || r.parent?.startsWith("fargate-kit:index:Cache"));
            assert.deepStrictEqual(
                rules.map((r) => [r.inputs.securityGroupId, r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]),
                [["main-database-id", "main-database-access-id", 5432, 5432, undefined], ["main-cache-id", "main-cache-access-id", 6379, 6380, undefined]],
            );
            for (const name of ["main-database", "main-database-access", "main-cache", "main-cache-access"]) {
                const g = one(run.resources, "aws:ec2/securityGroup:SecurityGroup", name);
                assert.deepStrictEqual([g.inputs.ingress, g.inputs.egress], [[], []], name);
            }
        }
    });

    it("gives exactly the usedBy services the access groups, variables and secrets; the cache skips the migration", () => {
        for (const service of SERVICES) {
            const groups = groupsOf(prod, service);
            assert.ok(groups.includes("main-database-access-id"), `${service} carries the database's access group`);
            assert.strictEqual(groups.includes("main-cache-access-id"), service !== "migrate", `${service} and the cache`);
        }
        const [nginx, php] = containerDefs(taskDef(prod, "web"));
        const env = Object.fromEntries(php.environment.map((e: { name: string; value: string }) => [e.name, e.value]));
        assert.deepStrictEqual(
            [env.DB_HOST, env.DB_PORT, env.DB_DATABASE, env.REDIS_HOST, env.REDIS_PORT, env.REDIS_SCHEME, env.DB_CONNECTION],
            ["fargate-kit-prod-main-" + env.DB_HOST.split("fargate-kit-prod-main-")[1], "5432", "app", env.REDIS_HOST, "6379", "tls", "pgsql"],
        );
        assert.match(env.DB_HOST, /\.cluster-c0ffee0example\.us-east-1\.rds\.amazonaws\.com$/);
        assert.match(env.REDIS_HOST, /\.serverless\.use1\.cache\.amazonaws\.com$/);
        const secrets = Object.fromEntries(php.secrets.map((s: { name: string; valueFrom: string }) => [s.name, s.valueFrom]));
        assert.deepStrictEqual([secrets.DB_USERNAME, secrets.DB_PASSWORD], [`${RDS_SECRET}:username::`, `${RDS_SECRET}:password::`]);
        // nginx runs the app image without the app's environment: no database credentials.
        assert.deepStrictEqual([(nginx.environment ?? []).filter((e: { name: string }) => e.name.startsWith("DB_")), (nginx.secrets ?? []).length], [[], 0]);
        // The execution role reads exactly that secret, by full ARN; no hand-written DB_PASSWORD is left.
        for (const service of SERVICES) assert.ok(readSecrets(prod, service).includes(RDS_SECRET), service);
        assert.ok(!JSON.stringify(prod.resources).includes("laravel/prod/db"));
    });

    it("creates the data stores before the services that use them: the migration and every service wait for the database, its rule and its instances", () => {
        const waits = (r: RecordedResource, on: string[]) => on.every((d) => r.dependsOn.includes(d));
        const db = ["aws:rds/cluster:Cluster::main", "aws:rds/clusterInstance:ClusterInstance::main-writer", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::main-database-from-access"];
        const cache = ["aws:elasticache/serverlessCache:ServerlessCache::main", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::main-cache-from-access"];
        assert.ok(waits(one(prod.resources, "pulumi-nodejs:dynamic/fargate-kit:MigrationRun"), db), "the migration gate waits for the database");
        assert.ok(!waits(one(prod.resources, "pulumi-nodejs:dynamic/fargate-kit:MigrationRun"), cache), "but not for the cache it does not use");
        for (const s of ["web", "worker"]) assert.ok(waits(one(prod.resources, "aws:ecs/service:Service", s), [...db, ...cache]), s);
        assert.ok(waits(one(prod.resources, "aws:scheduler/schedule:Schedule", "scheduler"), [...db, ...cache]));
    });

    it("records what would replace each store, and their endpoints, in the stack outputs", () => {
        const stores = prod.outputs.dataStores as Record<string, { type: string; inputs: Record<string, unknown> }>;
        assert.deepStrictEqual(Object.keys(stores), ["databases.main", "caches.main"]);
        assert.deepStrictEqual(stores["databases.main"].inputs.engine, "aurora-postgresql");
        assert.deepStrictEqual(stores["caches.main"].inputs.majorEngineVersion, "8");
        assert.strictEqual((prod.outputs.databases as any).main.secretArn, RDS_SECRET);
    });

    it("passes the RDS and ElastiCache controls in prod; stage opts out of Multi-AZ and deletion protection only", () => {
        const failing = (run: ProgramRun) => evaluateControls(run.resources).filter((c) => c.status === "fail" && /^(RDS|ElastiCache)\./.test(c.id)).map((c) => c.id);
        assert.deepStrictEqual(failing(prod), []);
        assert.deepStrictEqual(failing(stage), ["RDS.5", "RDS.8"]);
    });

    it("prices the stores in the plan: Aurora at its minimum ACUs per instance, its maximum at scale; RDS hours and gp3; Valkey at its 100 MB minimum", () => {
        const data = (run: ProgramRun) => estimateCost(run).lines.filter((l) => l.category === "data");
        const [aurora, valkey] = data(prod);
        // 2 instances × 0.5 ACU × 730 h × $0.12 + 10 GB × $0.10 + 10M I/O × $0.20.
        assert.deepStrictEqual([aurora.monthly, aurora.atMaxScale], [90.6, 2 * 8 * 730 * 0.12 + 1 + 2]);
        assert.strictEqual(valkey.monthly, Math.round((0.1 * 0.084 * 730 + 100 * 0.0023) * 100) / 100);
        const [rds] = data(stage);
        assert.strictEqual(rds.monthly, Math.round((0.016 * 730 + 20 * 0.115) * 100) / 100);
    });
});

describe("data stores: other shapes", () => {
    it("nodes and an RDS instance in prod: Multi-AZ, encrypted in transit and at rest, final snapshots; the deploy role allows every provider call on their names", async () => {
        const run = await runProgram({
            stack: "prod",
            overrides: {
                ...TAG,
                "fargate-kit:databases": { main: { engine: "mysql", kind: "instance", instanceClass: "db.t4g.small", usedBy: ["web"] } },
                "fargate-kit:caches": { main: { engine: "redis", kind: "node", usedBy: ["worker"] } },
            },
        });
        const db = one(run.resources, "aws:rds/instance:Instance").inputs;
        assert.deepStrictEqual([db.engine, db.engineVersion, db.multiAz, db.deletionProtection, db.skipFinalSnapshot, db.finalSnapshotIdentifier], ["mysql", "8.0.40", true, true, false, `${db.identifier}-final`]);
        const g = one(run.resources, "aws:elasticache/replicationGroup:ReplicationGroup").inputs;
        assert.deepStrictEqual(
            [g.engine, g.engineVersion, g.numCacheClusters, g.automaticFailoverEnabled, g.multiAzEnabled, g.atRestEncryptionEnabled, g.transitEncryptionEnabled, g.snapshotRetentionLimit, g.finalSnapshotIdentifier],
            ["redis", "7.1", 2, true, true, true, true, 7, `${g.replicationGroupId}-final`],
        );
        // Only web gets the database; only worker the cache.
        assert.deepStrictEqual([sgOf(run, "web").includes("main-database-access-id"), sgOf(run, "worker").includes("main-database-access-id")], [true, false]);
        assert.deepStrictEqual([sgOf(run, "web").includes("main-cache-access-id"), sgOf(run, "worker").includes("main-cache-access-id")], [false, true]);
        const instanceSecret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7-Ef34Gh";
        assert.deepStrictEqual([readSecrets(run, "web").includes(instanceSecret), readSecrets(run, "worker").includes(instanceSecret), readSecrets(run, "scheduler").includes(instanceSecret)], [true, false, false]);
        const workerEnv = containerDefs(taskDef(run, "worker"))[0].environment.map((e: { name: string }) => e.name);
        assert.deepStrictEqual([workerEnv.includes("DB_HOST"), workerEnv.includes("REDIS_HOST")], [false, true]);
        assert.deepStrictEqual(evaluateControls(run.resources).filter((c) => c.status === "fail" && /^(RDS|ElastiCache)\./.test(c.id)), []);
        // The deploy role, against AWS's authorization data, on the names this stack gives its stores.
        const policy = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "deploy-role").inputs.policy) as any;
        const names: Record<string, string> = {
            Partition: "aws", Region: "us-east-1", Account: "123456789012",
            DbInstanceName: db.identifier, SnapshotName: `${db.identifier}-final`, SubnetGroupName: "fargate-kit-prod-main", OptionGroupName: "default:mysql-8-0", ParameterGroupName: "default.mysql8.0",
            ReplicationGroupId: g.replicationGroupId, CacheClusterId: `${g.replicationGroupId}-001`, CacheSubnetGroupName: "fargate-kit-prod-main", CacheParameterGroupName: "default.redis7",
        };
        const denied: string[] = [];
        for (const type of ["aws:rds/instance:Instance", "aws:rds/subnetGroup:SubnetGroup", "aws:elasticache/replicationGroup:ReplicationGroup", "aws:elasticache/subnetGroup:SubnetGroup"]) {
            for (const call of PROVIDER_CALLS[type]) {
                const resources = call.resource ? [call.resource({ partition: "aws", accountId: "123456789012" })] : exampleResources(call.action, call.resourceType, (n) => names[n]);
                if (!allows(policy, { action: call.action, resources, context: call.context })) denied.push(`${type} ${call.action} ${resources.join(",")}`);
            }
        }
        assert.deepStrictEqual(denied, []);
        // Another stack's database is out of reach.
        assert.ok(!allows(policy, { action: "rds:DeleteDBInstance", resources: ["arn:aws:rds:us-east-1:123456789012:db:fargate-kit-stage-main-1a2b"] }));
    });

    it("adopts an existing database: admits the access group into its group, hands on its secret by full ARN, creates no database", async () => {
        const run = await runProgram({
            stack: "prod",
            overrides: {
                ...TAG,
                "fargate-kit:databases": { legacy: { adopt: { endpoint: "shop.cluster-abc.us-east-1.rds.amazonaws.com", port: 5432, securityGroupId: "sg-0123456789abcdef0", secret: "laravel/prod/db" }, usedBy: ["web", "migrate"] } },
                "fargate-kit:caches": undefined,
            },
        });
        assert.deepStrictEqual(ofType(run.resources, "aws:rds/cluster:Cluster").length + ofType(run.resources, "aws:rds/instance:Instance").length, 0);
        const rule = one(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "legacy-database-from-access").inputs;
        assert.deepStrictEqual([rule.securityGroupId, rule.referencedSecurityGroupId, rule.fromPort], ["sg-0123456789abcdef0", "legacy-database-access-id", 5432]);
        const php = containerDefs(taskDef(run, "web"))[1];
        const password = php.secrets.find((s: { name: string }) => s.name === "DB_PASSWORD").valueFrom;
        assert.match(password, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:laravel\/prod\/db-[A-Za-z0-9]{6}:password::$/);
        assert.ok(readSecrets(run, "web").includes(password.replace(/:password::$/, "")));
        assert.deepStrictEqual((run.outputs.dataStores as object), {}, "an adopted database is not this stack's to replace");
    });

    it("renames the variables when the stack file says so", async () => {
        const run = await runProgram({
            stack: "stage",
            overrides: { ...TAG, "fargate-kit:databases": { main: { kind: "instance", usedBy: ["web"], variables: { host: "PGHOST", password: "PGPASSWORD" } } }, "fargate-kit:caches": undefined },
        });
        const php = containerDefs(taskDef(run, "web"))[1];
        assert.deepStrictEqual([php.environment.some((e: { name: string }) => e.name === "PGHOST"), php.secrets.map((s: { name: string }) => s.name).sort()], [true, ["APP_KEY", "DB_USERNAME", "PGPASSWORD"]]);
    });

    it("hands a data store's variables to a sidecar that asks (dataStoreVariables), without the app's secrets, and keeps them from an app container that opts out", async () => {
        const web = JSON.parse(readStackFiles(require("path").join(__dirname, ".."), "stage").config["fargate-kit:webServices"]);
        const [nginx, php] = web.web.task.containers;
        web.web.task.containers = [{ ...nginx, dataStoreVariables: false }, php, { name: "pgbouncer", image: "public.ecr.aws/bitnami/pgbouncer:1.23.1", essential: false, readonlyRootFilesystem: false, dataStoreVariables: true }];
        const run = await runProgram({ stack: "stage", overrides: { ...TAG, "fargate-kit:webServices": web, "fargate-kit:caches": undefined, "fargate-kit:databases": { main: { kind: "instance", usedBy: ["web"] } } } });
        const defs = containerDefs(taskDef(run, "web"));
        const names = (c: any, key: "environment" | "secrets") => (c[key] ?? []).map((e: { name: string }) => e.name);
        const [n, p, b] = ["nginx", "php", "pgbouncer"].map((x) => defs.find((d: any) => d.name === x));
        assert.ok(names(b, "environment").includes("DB_HOST") && names(b, "secrets").includes("DB_PASSWORD"), JSON.stringify(b));
        assert.ok(!names(b, "secrets").includes("APP_KEY"), "no app secret in the sidecar");
        assert.ok(!names(n, "environment").includes("DB_HOST") && !names(n, "secrets").includes("DB_PASSWORD"), JSON.stringify(n));
        assert.ok(names(p, "secrets").includes("DB_PASSWORD"));
    });

    it("hands a cache's whole URL to clients that read one (Sidekiq, Celery) only when named: rediss:// for TLS, redis:// for an adopted cache without", async () => {
        const envOf = (run: ProgramRun) => Object.fromEntries(containerDefs(taskDef(run, "web"))[1].environment.map((e: { name: string; value: string }) => [e.name, e.value]));
        const created = await runProgram({ stack: "stage", overrides: { ...TAG, "fargate-kit:databases": undefined, "fargate-kit:caches": { main: { usedBy: ["web"], variables: { url: "REDIS_URL" } } } } });
        const env = envOf(created);
        assert.strictEqual(env.REDIS_URL, `rediss://${env.REDIS_HOST}:${env.REDIS_PORT}`);
        assert.match(env.REDIS_URL, /^rediss:\/\/[a-z0-9.-]+:\d+$/);
        const adopted = await runProgram({
            stack: "stage",
            overrides: { ...TAG, "fargate-kit:databases": undefined, "fargate-kit:caches": { old: { adopt: { endpoint: "old-redis.abc123.0001.use1.cache.amazonaws.com", port: 6380, securityGroupId: "sg-0123456789abcdef0", tls: false }, usedBy: ["web"], variables: { url: "SIDEKIQ_REDIS_URL" } } } },
        });
        assert.strictEqual(envOf(adopted).SIDEKIQ_REDIS_URL, "redis://old-redis.abc123.0001.use1.cache.amazonaws.com:6380");
        const plain = await runProgram({ stack: "stage", overrides: { ...TAG, "fargate-kit:databases": undefined, "fargate-kit:caches": { main: { usedBy: ["web"] } } } });
        assert.ok(!Object.keys(envOf(plain)).some((k) => k.endsWith("_URL") && k.startsWith("REDIS")), "no URL unless named");
    });
});

describe("data stores: validation at the typed key paths", () => {
    const load = (overrides: Record<string, unknown>) => {
        const files = readStackFiles(require("path").join(__dirname, ".."), "prod", overrides);
        return () => loadStackConfig(files.config, {}, files.project, "prod", () => false);
    };
    const db = (main: Record<string, unknown>) => ({ "fargate-kit:databases": { main: { usedBy: ["web"], ...main } } });

    it("names unknown services and lists the known ones", () => {
        throwsValidation(load(db({ usedBy: ["web", "wrker"] })), 'fargate-kit:databases.main.usedBy[1]: is "wrker", which is not a service of this stack; known: "web", "worker", "scheduler", "migrate"');
    });

    it("refuses 0 ACUs on a version without auto-pause, capacities off the half-ACU grid or beyond 256, and settings of the other kind", () => {
        throwsValidation(load(db({ version: "16.2", minCapacity: 0 })), "fargate-kit:databases.main.minCapacity: is 0 (auto-pause), which version \"16.2\" does not support; it needs Aurora PostgreSQL 13.15+, 14.12+, 15.7+, 16.3+ or 17.4+");
        throwsValidation(load(db({ minCapacity: 0.25, maxCapacity: 300 })), "databases.main.minCapacity: is 0.25; allowed: 0 to 256 ACUs in steps of 0.5", "databases.main.maxCapacity: is 300; allowed: 1 to 256 ACUs in steps of 0.5");
        throwsValidation(load(db({ minCapacity: 4, maxCapacity: 2 })), "databases.main.maxCapacity: is 2, below minCapacity 4");
        throwsValidation(load(db({ kind: "instance", minCapacity: 1 })), 'databases.main.minCapacity: applies to kind "serverless"');
        throwsValidation(load(db({ engine: "mysql", version: "3.01.0" })), 'databases.main.version: is "3.01.0"; allowed: an Aurora MySQL 3 version with Serverless v2');
        throwsValidation(load(db({ masterUsername: "rdsadmin" })), "databases.main.masterUsername: is \"rdsadmin\", a name RDS reserves for itself");
        // 0 ACUs where the engine supports it is fine.
        load(db({ version: "16.3", minCapacity: 0 }))();
        load(db({ engine: "mysql", version: "3.08.0", minCapacity: 0 }))();
    });

    it("refuses a hand-written variable the database hands on, at the key where it was typed", () => {
        throwsValidation(
            load({ ...db({}), "fargate-kit:app": { secrets: { DB_PASSWORD: { secretsManager: "laravel/prod/db", jsonKey: "password" } } } }),
            "fargate-kit:app.secrets.DB_PASSWORD: is also given by fargate-kit:databases.main to web; remove it here",
        );
    });

    it("checks caches: versions by kind, limits, adoption", () => {
        throwsValidation(load({ "fargate-kit:caches": { main: { version: "8.0", usedBy: ["web"] } } }), 'fargate-kit:caches.main.version: is "8.0"; allowed: "7", "8"');
        throwsValidation(load({ "fargate-kit:caches": { main: { maxDataGB: 0, nodeType: "cache.t4g.micro", usedBy: ["web"] } } }), "caches.main.nodeType: applies to kind \"node\"", "caches.main.maxDataGB: is 0; allowed: a whole number from 1 to 5000 GB");
        throwsValidation(load({ "fargate-kit:caches": { main: { adopt: { endpoint: "redis://x:6379", port: 6379, securityGroupId: "sg-1" }, usedBy: ["web"] } } }), "caches.main.adopt.endpoint: is \"redis://x:6379\"; allowed: a host name without scheme or port", 'caches.main.adopt.securityGroupId: is "sg-1"');
    });
});

describe("data stores: a change that would replace one", () => {
    let first: ProgramRun;
    before(async () => {
        first = await runProgram({ stack: "prod", overrides: TAG });
    });
    const again = (overrides: Record<string, unknown>, previous = first.outputs) => runProgram({ stack: "prod", overrides: { ...TAG, ...overrides }, previousOutputs: previous });
    const prodDb = () => require("yaml").parse(require("fs").readFileSync(require("path").join(__dirname, "..", "Pulumi.prod.yaml"), "utf8")).config["fargate-kit:databases"].main;

    it("passes when nothing that forces a replacement changes (capacity, backups: in place)", async () => {
        const run = await again({ "fargate-kit:databases": { main: { ...prodDb(), maxCapacity: 16, backupRetentionDays: 21 } } });
        assert.deepStrictEqual(dataStoreReplacements(first.resources, run.resources), []);
    });

    it("is refused in prod before anything is created, saying how to allow it", async () => {
        await assert.rejects(again({ "fargate-kit:databases": { main: { ...prodDb(), engine: "mysql", version: "3.08.0" } } }), (e: Error) => {
            assert.match(e.message, /fargate-kit:databases\.main: engine changes from "aurora-postgresql" to "aurora-mysql" \(ForceNew: a replacement\)/);
            assert.match(e.message, /the database would be replaced by a new, empty one\. The stack is protected, so nothing was changed\. If you mean it, first take a snapshot or export the data, then set fargate-kit:databases\.main\.allowReplacement: true for one deployment/);
            return true;
        });
        // A serverless cache's major version is ForceNew too (serverless_cache.go RequiresReplace).
        await assert.rejects(again({ "fargate-kit:caches": { main: { engine: "valkey", version: "7", usedBy: ["web", "worker", "scheduler"] } } }), /fargate-kit:caches\.main: majorEngineVersion changes from "8" to "7"/);
        // So is a change of kind.
        await assert.rejects(again({ "fargate-kit:databases": { main: { ...prodDb(), kind: "instance", minCapacity: undefined, maxCapacity: undefined, version: undefined } } }), /its kind changes \(Cluster to Instance\)/);
    });

    it("goes through with allowReplacement: the old database is left in AWS (retained, its protect lifted for that run), the new one has a new identifier", async () => {
        const run = await again({ "fargate-kit:databases": { main: { ...prodDb(), engine: "mysql", version: "3.08.0", allowReplacement: true } } });
        const before = one(first.resources, "aws:rds/cluster:Cluster");
        const after = one(run.resources, "aws:rds/cluster:Cluster");
        assert.deepStrictEqual([after.protect, after.retainOnDelete], [false, true]);
        assert.notStrictEqual(after.inputs.clusterIdentifier, before.inputs.clusterIdentifier);
        // The offline plan over the two runs says the same.
        assert.deepStrictEqual(dataStoreReplacements(first.resources, run.resources), [{ resource: "aws:rds/cluster:Cluster::main", message: "engine, clusterIdentifier change, which replaces the database (ForceNew)" }]);
    });

    it("refuses a renamed (or removed) database in prod: the old one would be deleted and the new one start empty", async () => {
        await assert.rejects(again({ "fargate-kit:databases": { mian: prodDb() } }), (e: Error) => {
            assert.match(e.message, /fargate-kit:databases\.main: is no longer in the stack file \(fargate-kit:databases\.mian is new: a renamed key makes a new, empty database\), but the last deployment has it\. The stack is protected, so nothing was changed\. If it was renamed by mistake, put the old name back\./);
            assert.match(e.message, /pulumi state unprotect 'urn:pulumi:prod::fargate-kit::fargate-kit:index:Database\$aws:rds\/cluster:Cluster::main'/);
            return true;
        });
    });

    it("hands a customer-managed secret key to the services' execution roles (kms:Decrypt on it) and to the boundary", async () => {
        const key = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
        const run = await again({ "fargate-kit:databases": { main: { ...prodDb(), secretKmsKeyArn: key, usedBy: ["web"] } } });
        assert.strictEqual(one(run.resources, "aws:rds/cluster:Cluster").inputs.masterUserSecretKmsKeyId, key);
        const decrypt = (service: string) => executionPolicy(run, service).find((st) => st.Sid === "DecryptSecrets")?.Resource ?? [];
        assert.deepStrictEqual([decrypt("web"), decrypt("worker")], [[key], []]);
        const boundary = JSON.parse(one(run.resources, "aws:iam/policy:Policy").inputs.policy).Statement;
        assert.ok(boundary.some((st: any) => st.Sid === "NamedKeys" && st.Resource.includes(key)));
        assert.ok(boundary.some((st: any) => st.Sid === "NamedSecrets" && st.Resource.includes("arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-*-??????")));
    });

    it("in an unprotected stack it is a warning, not an error", async () => {
        const stage1 = await runProgram({ stack: "stage", overrides: TAG });
        const db = { engine: "mysql", kind: "instance", usedBy: ["web"] };
        const run = await runProgram({ stack: "stage", overrides: { ...TAG, "fargate-kit:databases": { main: db } }, previousOutputs: stage1.outputs });
        assert.deepStrictEqual(dataStoreReplacements(stage1.resources, run.resources).map((p) => p.resource), ["aws:rds/instance:Instance::main"]);
    });
});

describe("data stores: the generator's invariants catch a broken wiring", () => {
    it("reports a service without its access group, and a password from another secret", async () => {
        const { invariantProblems } = require("./generate/invariants") as typeof import("./generate/invariants");
        const { prod } = await bothStacks();
        const file = { stack: "prod", config: require("yaml").parse(require("fs").readFileSync(require("path").join(__dirname, "..", "Pulumi.prod.yaml"), "utf8")).config };
        const data = (resources: RecordedResource[]) => invariantProblems(file, { ...prod, resources }, []).filter((p) => /access group|secret|DB_PASSWORD/.test(p));
        assert.deepStrictEqual(data(prod.resources), []);
        const tamper = (name: string, patch: (r: any) => void) => prod.resources.map((r) => (r.name === name && r.type === "aws:ecs/service:Service" || r.name === name && r.type === "aws:ecs/taskDefinition:TaskDefinition" ? (() => { const c = JSON.parse(JSON.stringify(r)); patch(c); return c; })() : r));
        const noGroup = tamper("worker", (r) => (r.inputs.networkConfiguration.securityGroups = r.inputs.networkConfiguration.securityGroups.filter((g: string) => g !== "main-database-access-id")));
        assert.deepStrictEqual(data(noGroup), ["worker: lacks the access group of database main"]);
        const otherSecret = tamper("web-task", (r) => (r.inputs.containerDefinitions = r.inputs.containerDefinitions.replace(/rds!cluster-[^"]*:password::/, "laravel/prod/app-AbCdEf:password::")));
        assert.match(data(otherSecret).join("\n"), /web-task\/php: DB_PASSWORD is arn:aws:secretsmanager:us-east-1:123456789012:secret:laravel\/prod\/app-AbCdEf:password::, not the granted secret's key password/);
    });
});
