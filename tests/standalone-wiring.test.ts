/**
 * Standalone tasks (`tasks:`, run by other tools or `fargate-kit run`) get what scheduled tasks
 * get: data stores, buckets, topics and EFS mounts. Nothing in the stack runs them, so the groups
 * a run must pass are an output (`tasks.<name>.securityGroupIds`) — before, a standalone task
 * using a database was given the database's access group nowhere, and its runs could not connect.
 * And every task's groups are counted as ECS counts them (at most 5), data stores included.
 */
import * as assert from "assert";
import * as path from "path";
import { ProgramRun, runProgram, readStackFiles } from "../tools/mock-runtime";
import { loadStackConfig } from "../stack/config";
import { containerDefs, one, statements, throwsValidation } from "./support";

const TAG = { "fargate-kit:imageTag": "7e1f0c2" };
const reindex = { task: { cpu: 512, memory: 1024, containers: [{ name: "reindex", command: ["php", "artisan", "media:reindex", "--chunk=500"], mounts: [{ fileSystem: "media", accessPoint: "app", path: "/mnt/media" }] }] } };
const wiring = {
    "fargate-kit:fileSystems": { media: { accessPoints: { app: { uid: 1000, gid: 1000, path: "/media" } } } },
    "fargate-kit:buckets": { exports: { grants: { reindex: { access: "readWrite", prefix: "reindex/" } } } },
    "fargate-kit:topics": { reindexed: { publishers: ["reindex"], subscribers: { worker: {} } } },
    "fargate-kit:databases": { main: { usedBy: ["web", "reindex", "migrate"] } },
    "fargate-kit:tasks": { reindex },
};

describe("standalone tasks wired like the services", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram({ stack: "prod", overrides: { ...TAG, ...wiring } });
    });

    it("outputs every group a run must pass: its own, the database's access group, the file system's clients group", () => {
        const out = (run.outputs.tasks as Record<string, any>).reindex;
        assert.deepStrictEqual(out.securityGroupIds, ["reindex-tasks-id", "main-database-access-id", "media-clients-id"]);
        assert.strictEqual(out.securityGroupId, "reindex-tasks-id");
        // What those groups admit: the database only its access group, the mount targets only the clients group.
        const dbRule = one(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "main-database-from-access");
        assert.strictEqual(dbRule.inputs.referencedSecurityGroupId, "main-database-access-id");
    });

    it("mounts the file system through its access point with TLS and IAM, granted to its task role only for that access point", () => {
        const td = one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "reindex-task");
        assert.deepStrictEqual(td.inputs.volumes, [{ name: "efs-media-app", efsVolumeConfiguration: { fileSystemId: "media-id", transitEncryption: "ENABLED", authorizationConfig: { accessPointId: "media-app-id", iam: "ENABLED" } } }]);
        const efs = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "reindex-task").inputs.policy).find((s) => s.Action.includes("elasticfilesystem:ClientMount"))!;
        assert.deepStrictEqual(efs.Action, ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]);
        assert.deepStrictEqual((efs as any).Condition, { StringEquals: { "elasticfilesystem:AccessPointArn": "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/media-app-id" } });
    });

    it("gets the bucket and topic it is handed: variables, and grants on exactly them", () => {
        const env = Object.fromEntries(containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "reindex-task"))[0].environment.map((e: any) => [e.name, e.value]));
        assert.ok(env.EXPORTS_BUCKET !== undefined && env.REINDEXED_TOPIC_ARN !== undefined, JSON.stringify(env));
        const actions = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "reindex-task").inputs.policy).flatMap((s) => s.Action);
        assert.ok(actions.includes("sns:Publish") && actions.includes("s3:PutObject"), actions.join(" "));
    });
});

describe("security groups per task, as ECS counts them", () => {
    const prod = () => readStackFiles(path.join(__dirname, ".."), "prod").config;
    const load = (patch: Record<string, unknown>) => () => {
        const raw: Record<string, string> = { ...prod() };
        for (const [k, v] of Object.entries(patch)) raw[k] = JSON.stringify(v);
        return loadStackConfig(raw, {}, "fargate-kit", "prod", () => false);
    };

    it("counts the data stores' access groups: a worker with 2 groups of its own, a database, a cache and a file system needs 6", () => {
        const webServices = JSON.parse(prod()["fargate-kit:webServices"]);
        const workers = JSON.parse(prod()["fargate-kit:workers"]);
        const worker = { ...workers.worker, securityGroupIds: ["sg-0aaaaaaaaaaaaaaa1", "sg-0aaaaaaaaaaaaaaa2"], task: { ...workers.worker.task, containers: workers.worker.task.containers.map((c: any, i: number) => (i === 0 ? { ...c, mounts: [{ fileSystem: "media", accessPoint: "app", path: "/mnt/media" }] } : c)) } };
        throwsValidation(
            load({ "fargate-kit:webServices": webServices, "fargate-kit:workers": { ...workers, worker }, "fargate-kit:fileSystems": wiring["fargate-kit:fileSystems"], "fargate-kit:caches": { main: { usedBy: ["web", "worker"] } }, "fargate-kit:databases": { main: { usedBy: ["web", "worker", "migrate"] } } }),
            'fargate-kit:workers.worker: needs 6 security groups on its tasks (its own, 2 in securityGroupIds, one per data store it uses: databases.main, caches.main, and one per file system it mounts: "media"); ECS allows 5: give fewer securityGroupIds',
        );
    });

    it("counts a standalone task's groups too", () => {
        const stores = Object.fromEntries(["a", "b", "c", "d"].map((n) => [n, { usedBy: ["reindex"] }]));
        throwsValidation(load({ "fargate-kit:fileSystems": wiring["fargate-kit:fileSystems"], "fargate-kit:tasks": { reindex }, "fargate-kit:caches": stores }), "fargate-kit:tasks.reindex: needs 6 security groups on its tasks (its own, 0 in securityGroupIds, one per data store it uses: caches.a, caches.b, caches.c, caches.d, and one per file system it mounts: \"media\"); ECS allows 5: use fewer data stores or file systems");
    });
});
