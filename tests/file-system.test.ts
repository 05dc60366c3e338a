/**
 * EFS file systems (components/data/file-system.ts, stack/file-systems.ts): what the program sends
 * for a prod stack whose web service writes uploads and whose worker only reads them, what the
 * task roles, the permissions boundary and the deploy role allow, and every refusal of the stack file.
 */
import * as assert from "assert";
import * as path from "path";
import { ProgramRun, readStackFiles, runProgram } from "../tools/mock-runtime";
import { PolicyStatement, allows, authorizationProblems, exampleResources } from "../tools/iam-check";
import { PROVIDER_CALLS } from "../tools/provider-calls";
import { loadStackConfig } from "../stack/config";
import { Check, ValidationError } from "../components/internal/validation";
import { checkTaskSpec } from "../components/task/task-spec";
import { estimateCost } from "../plan/costs";
import { evaluateControls } from "../plan/controls";
import { ofType, one, serviceConfig } from "./support";

const root = path.join(__dirname, "..");
const UPLOADS = { accessPoints: { app: { uid: 33, gid: 33, path: "/uploads" }, reports: { uid: 1000, gid: 1000, path: "/reports", permissions: "0700" } }, sizeGb: 40, readGbPerMonth: 100, writeGbPerMonth: 20 };
const worker = (mounts: unknown[]) => ({ queue: false, task: { cpu: 256, memory: 512, containers: [{ name: "worker", command: ["php", "artisan", "x"], mounts }] } });

function efsOverrides(): Record<string, unknown> {
    const web = serviceConfig("prod", "webServices", "web");
    web.task.containers = web.task.containers.map((c: any) => (c.name === "php" ? { ...c, mounts: [...(c.mounts ?? []), { fileSystem: "uploads", accessPoint: "app", path: "/var/www/uploads" }] } : c));
    return {
        "fargate-kit:imageTag": "3f2c1ab",
        "fargate-kit:fileSystems": { uploads: UPLOADS },
        "fargate-kit:webServices": { web },
        "fargate-kit:workers": {
            // The web service sends jobs to this one; it mounts nothing.
            worker: serviceConfig("prod", "workers", "worker"),
            reader: worker([{ fileSystem: "uploads", accessPoint: "app", path: "/data", readOnly: true }]),
            reporter: worker([{ fileSystem: "uploads", accessPoint: "reports", path: "/reports" }]),
            plain: worker([]),
        },
    };
}

const policyOf = (run: ProgramRun, name: string): PolicyStatement[] => JSON.parse(one(run.resources, "aws:iam/rolePolicy:RolePolicy", name).inputs.policy).Statement;
const td = (run: ProgramRun, name: string) => one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", `${name}-task`);
const service = (run: ProgramRun, name: string) => one(run.resources, "aws:ecs/service:Service", name);

describe("EFS file systems: a prod stack sharing uploads between a web service and workers", () => {
    let prod: ProgramRun;
    let stage: ProgramRun;
    before(async function () {
        this.timeout(60000);
        prod = await runProgram({ stack: "prod", overrides: efsOverrides() });
        stage = await runProgram({ stack: "stage", overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:fileSystems": { uploads: { accessPoints: { app: { uid: 33, gid: 33, path: "/uploads" } } } }, "fargate-kit:workers": { worker: serviceConfig("stage", "workers", "worker"), reader: worker([{ fileSystem: "uploads", accessPoint: "app", path: "/data" }]) } } });
    });

    it("creates an encrypted, elastic file system, protected, kept and backed up in prod; tagged for the boundary", () => {
        const fs = one(prod.resources, "aws:efs/fileSystem:FileSystem", "uploads");
        assert.deepStrictEqual([fs.inputs.encrypted, fs.inputs.throughputMode, fs.inputs.performanceMode, fs.protect, fs.retainOnDelete], [true, "elastic", "generalPurpose", true, true]);
        assert.strictEqual(fs.inputs.tags["fargate-kit-efs"], "fargate-kit-prod");
        const backups = one(prod.resources, "aws:efs/backupPolicy:BackupPolicy", "uploads-backups");
        assert.deepStrictEqual([backups.inputs.backupPolicy, backups.protect, backups.retainOnDelete], [{ status: "ENABLED" }, true, true]);
        // Stage: neither protected nor backed up (protect: false), each explicit in its stack file.
        const stageFs = one(stage.resources, "aws:efs/fileSystem:FileSystem", "uploads");
        assert.deepStrictEqual([stageFs.protect, stageFs.retainOnDelete], [false, false]);
        assert.strictEqual(ofType(stage.resources, "aws:efs/backupPolicy:BackupPolicy").length, 0);
    });

    it("gives each access point its user and its own directory, created owned by that user", () => {
        const ap = one(prod.resources, "aws:efs/accessPoint:AccessPoint", "uploads-reports");
        assert.deepStrictEqual(ap.inputs.posixUser, { uid: 1000, gid: 1000 });
        assert.deepStrictEqual(ap.inputs.rootDirectory, { path: "/reports", creationInfo: { ownerUid: 1000, ownerGid: 1000, permissions: "0700" } });
        assert.strictEqual(one(prod.resources, "aws:efs/accessPoint:AccessPoint", "uploads-app").inputs.rootDirectory.creationInfo.permissions, "0750");
    });

    it("puts a mount target in each task subnet, admitting NFS only from the clients' group the mounting services carry", () => {
        const targets = ofType(prod.resources, "aws:efs/mountTarget:MountTarget");
        assert.strictEqual(targets.length, 2, "one per AZ of the prod network");
        const mounts = one(prod.resources, "aws:ec2/securityGroup:SecurityGroup", "uploads-mounts");
        const clients = one(prod.resources, "aws:ec2/securityGroup:SecurityGroup", "uploads-clients");
        // Every mount target carries the mount targets' group, and only it.
        for (const t of targets) assert.strictEqual(t.inputs.securityGroups.length, 1);
        assert.strictEqual(new Set(targets.map((t) => t.inputs.securityGroups[0])).size, 1);
        assert.deepStrictEqual(mounts.inputs.egress, []);
        const rules = ofType(prod.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.parent === "fargate-kit:index:FileSystem::uploads");
        assert.strictEqual(rules.length, 1);
        assert.deepStrictEqual([rules[0].inputs.ipProtocol, rules[0].inputs.fromPort, rules[0].inputs.toPort, rules[0].inputs.cidrIpv4], ["tcp", 2049, 2049, undefined]);
        assert.strictEqual(rules[0].inputs.securityGroupId, targets[0].inputs.securityGroups[0], "the rule is on the mount targets' group");
        const clientId = rules[0].inputs.referencedSecurityGroupId;
        assert.notStrictEqual(clientId, rules[0].inputs.securityGroupId);
        for (const name of ["web", "reader", "reporter"]) assert.ok(service(prod, name).inputs.networkConfiguration.securityGroups.includes(clientId), `${name} carries the clients' group`);
        assert.ok(!service(prod, "plain").inputs.networkConfiguration.securityGroups.includes(clientId), "a service that mounts nothing does not");
        void clients;
    });

    it("makes mounting services wait for every mount target (tasks cannot mount before); the others do not", () => {
        const waits = (type: string, name: string) => prod.resources.find((r) => r.type === type && r.name === name)!.dependsOn.filter((d) => d.startsWith("aws:efs/mountTarget")).sort();
        const both = ["aws:efs/mountTarget:MountTarget::uploads-mount-0", "aws:efs/mountTarget:MountTarget::uploads-mount-1"];
        assert.deepStrictEqual(waits("fargate-kit:index:Worker", "reader"), both);
        assert.deepStrictEqual(waits("fargate-kit:index:FargateWebService", "web"), both);
        assert.deepStrictEqual(waits("fargate-kit:index:Worker", "plain"), []);
    });

    it("mounts with TLS and IAM authorization through the access point; read-only where the stack file says", () => {
        const volume = td(prod, "reader").inputs.volumes.find((v: any) => v.name === "efs-uploads-app");
        assert.deepStrictEqual(volume.efsVolumeConfiguration, { fileSystemId: volume.efsVolumeConfiguration.fileSystemId, transitEncryption: "ENABLED", authorizationConfig: { accessPointId: volume.efsVolumeConfiguration.authorizationConfig.accessPointId, iam: "ENABLED" } });
        assert.match(String(volume.efsVolumeConfiguration.authorizationConfig.accessPointId), /uploads-app/);
        const mountPoints = JSON.parse(td(prod, "reader").inputs.containerDefinitions)[0].mountPoints;
        assert.deepStrictEqual(mountPoints, [{ sourceVolume: "efs-uploads-app", containerPath: "/data", readOnly: true }]);
        assert.deepStrictEqual(td(prod, "plain").inputs.volumes.filter((v: any) => v.efsVolumeConfiguration), []);
    });

    it("grants ClientMount to every mounting task role, ClientWrite only where a container writes, scoped to its access point", () => {
        const grant = (name: string) => policyOf(prod, `${name}-task`).filter((s) => s.Sid?.startsWith("FileSystem"));
        const [reader] = grant("reader");
        assert.deepStrictEqual(reader.Action, ["elasticfilesystem:ClientMount"]);
        assert.match(String(reader.Resource), /^arn:aws:elasticfilesystem:us-east-1:123456789012:file-system\//);
        assert.match(String(reader.Condition!.StringEquals["elasticfilesystem:AccessPointArn"]), /^arn:aws:elasticfilesystem:us-east-1:123456789012:access-point\/.*uploads-app/);
        assert.deepStrictEqual(grant("reporter")[0].Action, ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]);
        assert.deepStrictEqual(grant("web")[0].Action, ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]);
        // A task that mounts nothing and calls nothing gets no task-role policy at all.
        assert.strictEqual(ofType(prod.resources, "aws:iam/rolePolicy:RolePolicy").filter((r) => r.name === "plain-task").length, 0);
        assert.ok(!policyOf(prod, "reader-task").some((s) => (s.Action as string[]).includes("elasticfilesystem:ClientRootAccess")));
    });

    it("refuses plain NFS and mounts that bypass the access points in the file system's policy", () => {
        const policy = JSON.parse(one(prod.resources, "aws:efs/fileSystemPolicy:FileSystemPolicy", "uploads-policy").inputs.policy);
        const [tls, ap] = policy.Statement;
        assert.deepStrictEqual([tls.Effect, tls.Condition], ["Deny", { Bool: { "aws:SecureTransport": "false" } }]);
        assert.deepStrictEqual([ap.Effect, ap.Condition], ["Deny", { Null: { "elasticfilesystem:AccessPointArn": "true" } }]);
        assert.ok(policy.Statement.every((s: any) => s.Effect === "Deny"), "grants come from the task roles, never from the policy");
    });

    it("lets the boundary allow exactly the stack's tagged file systems to its task roles", () => {
        const boundary = JSON.parse(one(prod.resources, "aws:iam/policy:Policy", "deploy-boundary").inputs.policy).Statement as PolicyStatement[];
        const fsArn = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0";
        const ours = { "aws:ResourceTag/fargate-kit-efs": "fargate-kit-prod" };
        for (const action of ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]) {
            assert.ok(allows(boundary, { action, resources: [fsArn], context: ours }), action);
            assert.ok(!allows(boundary, { action, resources: [fsArn], context: { "aws:ResourceTag/fargate-kit-efs": "fargate-kit-other" } }), `${action} on another stack's`);
            assert.ok(!allows(boundary, { action, resources: [fsArn] }), `${action} on an untagged one`);
        }
        assert.ok(!allows(boundary, { action: "elasticfilesystem:ClientRootAccess", resources: [fsArn], context: ours }));
        assert.deepStrictEqual(authorizationProblems(boundary, "boundary"), []);
    });

    it("lets the deploy role make every call the provider makes for EFS, and tag file systems only at creation or when already the stack's", () => {
        const deploy = JSON.parse(one(prod.resources, "aws:iam/rolePolicy:RolePolicy", "deploy-role").inputs.policy).Statement as PolicyStatement[];
        const fill = (n: string) => ({ Partition: "aws", Region: "us-east-1", Account: "123456789012", FileSystemId: "fs-0123456789abcdef0", AccessPointId: "fsap-0123456789abcdef0" } as Record<string, string>)[n];
        const types = Object.keys(PROVIDER_CALLS).filter((t) => t.startsWith("aws:efs/"));
        assert.deepStrictEqual(types.sort(), [...new Set(prod.resources.map((r) => r.type).filter((t) => t.startsWith("aws:efs/")))].sort());
        const denied = types.flatMap((t) =>
            PROVIDER_CALLS[t].filter((call) => {
                const context = call.context && Object.fromEntries(Object.entries(call.context).map(([k, v]) => [k, v.replace("<stack>", "prod")]));
                return !allows(deploy, { action: call.action, resources: exampleResources(call.action, call.resourceType, fill), context });
            }).map((call) => `${t}: ${call.action}`),
        );
        assert.deepStrictEqual(denied, []);
        const fsArn = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0aaaaaaaaaaaaaaaa";
        assert.ok(!allows(deploy, { action: "elasticfilesystem:TagResource", resources: [fsArn], context: {} }), "another file system of the account is not the deploy role's to tag");
        assert.ok(!allows(deploy, { action: "elasticfilesystem:CreateFileSystem", resources: ["*"], context: { "elasticfilesystem:Encrypted": "false" } }), "never unencrypted");
        assert.deepStrictEqual(authorizationProblems(deploy, "deploy-role"), []);
    });

    it("prices storage, elastic throughput and backups as the stack file states", () => {
        const lines = estimateCost(prod).lines.filter((l) => l.category === "file systems").map((l) => [l.item, l.monthly]);
        assert.deepStrictEqual(lines, [
            ["EFS uploads: 40 GB Standard stored", 12],
            ["EFS uploads: elastic throughput, 100 GB read + 20 GB written a month", 4.2],
            ["EFS uploads: AWS Backup, 40 GB warm (daily, 35 days; changes only, assumed ≈ one copy)", 2],
        ]);
        // Defaults said plainly: 10 GB stored, 10 read, 2 written; no backups in stage.
        assert.deepStrictEqual(estimateCost(stage).lines.filter((l) => l.category === "file systems").map((l) => l.item), ["EFS uploads: 10 GB Standard stored", "EFS uploads: elastic throughput, 10 GB read + 2 GB written a month"]);
    });

    it("passes the EFS Security Hub controls on what it records", () => {
        const results = evaluateControls(prod.resources).filter((c) => c.id.startsWith("EFS."));
        assert.deepStrictEqual(results.map((c) => [c.id, c.status]), [["EFS.1", "pass"], ["EFS.2", "pass"], ["EFS.3", "pass"], ["EFS.4", "pass"], ["EFS.6", "pass"], ["EFS.7", "pass"], ["EFS.8", "pass"]]);
        const stageResults = evaluateControls(stage.resources).filter((c) => c.id === "EFS.2" || c.id === "EFS.6");
        // Stage: no backups, and its tasks (and so the mount targets) are in public subnets (nat: none).
        assert.deepStrictEqual(stageResults.map((c) => [c.id, c.status]), [["EFS.2", "fail"], ["EFS.6", "fail"]]);
    });
});

describe("EFS: an adopted file system", () => {
    it("creates nothing of EFS: a clients' group, NFS from it on the adopted mount targets' group, and the boundary names the id", async function () {
        this.timeout(60000);
        const run = await runProgram({
            stack: "prod",
            overrides: {
                ...efsOverrides(),
                "fargate-kit:fileSystems": { uploads: { adopt: { fileSystemId: "fs-0abc12345678def90", accessPoints: { app: "fsap-0abc12345678def90", reports: "fsap-0abc12345678def91" }, mountTargetSecurityGroupId: "sg-0aaaabbbbccccdddd" } } },
            },
        });
        assert.deepStrictEqual(run.resources.filter((r) => r.type.startsWith("aws:efs/")).map((r) => r.type), []);
        const [rule] = ofType(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.parent === "fargate-kit:index:FileSystem::uploads");
        assert.deepStrictEqual([rule.inputs.securityGroupId, rule.inputs.fromPort, rule.inputs.referencedSecurityGroupId], ["sg-0aaaabbbbccccdddd", 2049, "uploads-clients-id"]);
        const volume = td(run, "reader").inputs.volumes.find((v: any) => v.name === "efs-uploads-app");
        assert.deepStrictEqual(volume.efsVolumeConfiguration.authorizationConfig, { accessPointId: "fsap-0abc12345678def90", iam: "ENABLED" });
        assert.strictEqual(volume.efsVolumeConfiguration.fileSystemId, "fs-0abc12345678def90");
        const boundary = JSON.parse(one(run.resources, "aws:iam/policy:Policy", "deploy-boundary").inputs.policy).Statement as PolicyStatement[];
        assert.ok(allows(boundary, { action: "elasticfilesystem:ClientWrite", resources: ["arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0abc12345678def90"] }), "the adopted id, untagged");
        assert.ok(!allows(boundary, { action: "elasticfilesystem:ClientWrite", resources: ["arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0abc12345678def99"] }), "no other");
        assert.strictEqual(estimateCost(run).lines.filter((l) => l.category === "file systems").length, 0, "billed where it was made");
    });
});

describe("EFS in the stack file: refused before anything is created", () => {
    const base = () => readStackFiles(root, "stage").config;
    const problems = (patch: Record<string, unknown>): string[] => {
        const raw: Record<string, string> = { ...base() };
        for (const [k, v] of Object.entries(patch)) raw[k] = JSON.stringify(k === "fargate-kit:workers" ? { ...JSON.parse(raw[k]), ...(v as object) } : v);
        try {
            loadStackConfig(raw, {}, "fargate-kit", "stage", () => false);
        } catch (e) {
            if (e instanceof ValidationError) return e.problems.map((p) => `${p.path}: ${p.message}`);
            throw e;
        }
        return [];
    };
    const withWorkerMounts = (mounts: unknown[], fileSystems: unknown = { uploads: { accessPoints: { app: { uid: 33, gid: 33, path: "/uploads" } } } }) => ({ "fargate-kit:fileSystems": fileSystems, "fargate-kit:workers": { w: worker(mounts) } });

    it("accepts a shared file system mounted through its access point", () => {
        assert.deepStrictEqual(problems(withWorkerMounts([{ fileSystem: "uploads", accessPoint: "app", path: "/data" }])), []);
    });

    it("names unknown file systems and access points with the known ones, and a missing access point", () => {
        assert.deepStrictEqual(problems(withWorkerMounts([{ fileSystem: "upload", accessPoint: "app", path: "/data" }, { fileSystem: "uploads", accessPoint: "ap", path: "/x" }, { fileSystem: "uploads", path: "/y" }])), [
            'fargate-kit:workers.w.task.containers[0].mounts[0].fileSystem: is "upload", which is not a file system of the stack; fileSystems: "uploads"',
            'fargate-kit:workers.w.task.containers[0].mounts[1].accessPoint: is "ap", which is not an access point of file system "uploads"; accessPoints: "app"',
            'fargate-kit:workers.w.task.containers[0].mounts[2].accessPoint: is missing; file system "uploads" is mounted only through an access point (its policy refuses other mounts): "app"',
        ]);
    });

    it("refuses uid/gid out of range, relative or root paths, a bad mode, and an unknown throughput mode or IA age", () => {
        const got = problems(withWorkerMounts([], { uploads: { throughputMode: "provisioned", transitionToIaDays: 3, accessPoints: { app: { uid: -1, gid: 4294967296, path: "uploads", permissions: "0999" }, root: { uid: 1, gid: 1, path: "/" } } } }));
        assert.deepStrictEqual(got, [
            'fargate-kit:fileSystems.uploads.throughputMode: is "provisioned"; allowed: "elastic", "bursting"',
            "fargate-kit:fileSystems.uploads.transitionToIaDays: is 3; allowed: 1, 7, 14, 30, 60, 90, 180, 270, 365",
            "fargate-kit:fileSystems.uploads.accessPoints[0].uid: is -1; allowed: a whole number from 0 to 4294967295",
            "fargate-kit:fileSystems.uploads.accessPoints[0].gid: is 4294967296; allowed: a whole number from 0 to 4294967295",
            'fargate-kit:fileSystems.uploads.accessPoints[0].path: is "uploads"; allowed: an absolute path of at most 100 characters, e.g. "/uploads"',
            'fargate-kit:fileSystems.uploads.accessPoints[0].permissions: is "0999"; allowed: an octal mode such as "0750" or "755"',
            'fargate-kit:fileSystems.uploads.accessPoints[1].path: is "/", the root of the file system; give each access point its own directory (Security Hub EFS.3), e.g. "/uploads"',
        ]);
    });

    it("refuses a mount path used twice in a container and a mount naming both a volume and a file system", () => {
        const got = problems({
            ...withWorkerMounts([{ fileSystem: "uploads", accessPoint: "app", path: "/data" }, { fileSystem: "uploads", accessPoint: "app", path: "/data", readOnly: true }, { volume: "v", fileSystem: "uploads", accessPoint: "app", path: "/z" }]),
            // A standalone task mounts too (its runner passes the groups of its securityGroupIds output).
            "fargate-kit:tasks": { seed: { task: { cpu: 256, memory: 512, containers: [{ name: "seed", command: ["x"], mounts: [{ fileSystem: "uploads", accessPoint: "app", path: "/data" }] }] } } },
        });
        assert.ok(got.includes('fargate-kit:workers.w.task.containers[0].mounts[2]: names both volume "v" and fileSystem "uploads"; a mount takes one'), got.join("\n"));
        assert.ok(got.some((p) => p.startsWith("fargate-kit:workers.w.task.containers[0].mounts[1].path: is \"/data\", which mounts[0] of this container already mounts")), got.join("\n"));
        assert.ok(!got.some((p) => p.startsWith("fargate-kit:tasks.seed")), got.join("\n"));
    });

    it("refuses a mounting service whose tasks would need more than 5 security groups", () => {
        const sg = (i: number) => `sg-0123456789abcdef${i}`;
        const got = problems({ ...withWorkerMounts([]), "fargate-kit:workers": { w: { ...worker([{ fileSystem: "uploads", accessPoint: "app", path: "/data" }]), securityGroupIds: [sg(1), sg(2), sg(3), sg(4)] } } });
        assert.deepStrictEqual(got, ['fargate-kit:workers.w: needs 6 security groups on its tasks (its own, 4 in securityGroupIds, and one per file system it mounts: "uploads"); ECS allows 5: give fewer securityGroupIds']);
        assert.deepStrictEqual(problems({ ...withWorkerMounts([]), "fargate-kit:workers": { w: { ...worker([{ fileSystem: "uploads", accessPoint: "app", path: "/data" }]), securityGroupIds: [sg(1), sg(2), sg(3)] } } }), []);
    });

    it("checks a task spec's EFS volumes in the library: ids, and no root directory with an access point", () => {
        const check = Check.root("task");
        checkTaskSpec(check, {
            cpu: 256,
            memory: 512,
            volumes: [{ name: "a", efs: { fileSystemId: "fs-nope" } }, { name: "b", efs: { fileSystemId: "fs-0123456789abcdef0", accessPointId: "fsap-0123456789abcdef0", rootDirectory: "/x" } }, { name: "c", efs: { fileSystemId: "fs-0123456789abcdef0", rootDirectory: "data" } }],
            containers: [{ name: "app", image: "nginx", mounts: [{ volume: "a", path: "/a" }, { volume: "b", path: "/b" }, { volume: "c", path: "/c" }] }],
        });
        assert.deepStrictEqual(check.problems.map((p) => `${p.path}: ${p.message}`), [
            'task.volumes[0].efs.fileSystemId: is "fs-nope"; allowed: an EFS file system id, e.g. "fs-0123456789abcdef0"',
            'task.volumes[1].efs.rootDirectory: is "/x" together with accessPointId; the access point\'s own directory is mounted, so leave rootDirectory out',
            'task.volumes[2].efs.rootDirectory: is "data"; allowed: an absolute path of at most 100 characters',
        ]);
    });

    it("adopts a file system only with one security-group arrangement, and without the settings of a new one", () => {
        const got = problems(withWorkerMounts([], { old: { adopt: { fileSystemId: "fs-12345678" }, throughputMode: "elastic", sizeGb: 5 }, bad: { adopt: { fileSystemId: "fs-x", mountTargetSecurityGroupId: "sg-0123456789abcdef0", clientSecurityGroupId: "sg-0123456789abcdef1" } } }));
        assert.deepStrictEqual(got, [
            "fargate-kit:fileSystems.old.adopt: sets neither mountTargetSecurityGroupId and clientSecurityGroupId; set one: the mount targets' group (the stack adds an NFS rule to it) or a client group they already admit (yours to manage)",
            "fargate-kit:fileSystems.old.throughputMode: describes a new file system; an adopted one keeps its own settings (leave it out, or leave out adopt)",
            "fargate-kit:fileSystems.old.sizeGb: prices a new file system; an adopted one is not priced in this stack's plan (leave it out)",
            'fargate-kit:fileSystems.bad.adopt.fileSystemId: is "fs-x"; allowed: an EFS file system id, e.g. "fs-0123456789abcdef0"',
            "fargate-kit:fileSystems.bad.adopt: sets both mountTargetSecurityGroupId and clientSecurityGroupId; set one: the mount targets' group (the stack adds an NFS rule to it) or a client group they already admit (yours to manage)",
        ]);
    });
});
