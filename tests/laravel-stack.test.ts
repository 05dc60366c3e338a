/**
 * A whole Laravel app written from scratch as a stack file (examples/stacks/Pulumi.laravel.yaml):
 * web (nginx on its own image + php-fpm), a queue worker, an SNS consumer, the scheduler, the
 * migration, Postgres, Valkey, a bucket and a topic, in Tokyo under a real-looking zone. Nothing in
 * the file names an endpoint, a password or a grant: each service gets exactly the variables,
 * secrets and permissions of the stores it names, and the migration waits for the database.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ProgramRun, runProgram } from "../tools/mock-runtime";
import { containerDefs, one, statements } from "./support";

const FILE = path.join(__dirname, "..", "examples", "stacks", "Pulumi.laravel.yaml");
const RDS_SECRET = /^arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!cluster-[0-9a-f-]+-[A-Za-z0-9]{6}$/;

describe("a Laravel app from scratch (examples/stacks/Pulumi.laravel.yaml)", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram({ stack: "laravel", stackFile: FILE, overrides: { "fargate-kit:imageTag": "3f2c1ab9e0d4" } });
    });
    const container = (service: string, name: string) => containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", `${service}-task`)).find((c: { name: string }) => c.name === name);
    const env = (c: { environment?: { name: string; value: string }[] }) => Object.fromEntries((c.environment ?? []).map((e) => [e.name, e.value]));
    const secrets = (c: { secrets?: { name: string; valueFrom: string }[] }) => Object.fromEntries((c.secrets ?? []).map((s) => [s.name, s.valueFrom]));

    it("writes no endpoint, password or grant by hand", () => {
        const text = fs.readFileSync(FILE, "utf8").replace(/^\s*#.*$/gm, "");
        assert.doesNotMatch(text, /DB_HOST|DB_PASSWORD|REDIS_HOST|rds\.amazonaws|cache\.amazonaws|taskRoleStatements|s3:|sns:/);
    });

    it("hands each service the variables and secrets of exactly the stores it names", () => {
        const php = container("web", "php");
        assert.deepStrictEqual(
            ["DB_HOST", "DB_PORT", "DB_DATABASE", "REDIS_HOST", "REDIS_PORT", "REDIS_SCHEME", "AWS_BUCKET", "ORDERS_TOPIC_ARN", "SQS_QUEUE"].filter((k) => env(php)[k] === undefined),
            [],
        );
        assert.strictEqual(env(php).REDIS_SCHEME, "tls");
        assert.strictEqual(env(php).DB_DATABASE, "kaiseki");
        const s = secrets(php);
        assert.match(s.DB_PASSWORD, new RegExp(`${RDS_SECRET.source.slice(1, -1)}:password::$`));
        assert.match(s.DB_USERNAME, new RegExp(`${RDS_SECRET.source.slice(1, -1)}:username::$`));
        // nginx runs an image of its own: no app environment, no database credentials.
        const nginx = container("web", "nginx");
        assert.deepStrictEqual([Object.keys(env(nginx)).filter((k) => /^(DB|REDIS)_/.test(k)), Object.keys(secrets(nginx))], [[], []]);
        // The SNS consumer uses the database only; the scheduler the database and the cache, no bucket.
        const notifier = container("notifier", "notifier");
        assert.deepStrictEqual([env(notifier).DB_HOST !== undefined, env(notifier).REDIS_HOST, env(notifier).AWS_BUCKET], [true, undefined, undefined]);
        const scheduler = container("scheduler", "scheduler");
        assert.deepStrictEqual([env(scheduler).REDIS_HOST !== undefined, env(scheduler).AWS_BUCKET, env(scheduler).ORDERS_TOPIC_ARN], [true, undefined, undefined]);
    });

    it("grants exactly what each service was given, by full ARN", () => {
        const task = (service: string) => statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", `${service}-task`).inputs.policy);
        const actions = (service: string) => task(service).flatMap((s) => s.Action).sort();
        assert.ok(actions("jobs").includes("sns:Publish") && actions("jobs").includes("s3:PutObject"));
        assert.ok(!actions("notifier").some((a: string) => /^(s3|sns):/.test(a)), "the consumer neither reads the bucket nor publishes");
        const readSecrets = (service: string) => statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", `${service}-execution`).inputs.policy).find((s) => s.Sid === "ReadSecrets")?.Resource ?? [];
        for (const service of ["web", "jobs", "notifier", "scheduler", "migrate"]) assert.ok(readSecrets(service).some((r) => RDS_SECRET.test(r)), service);
    });

    it("runs the migration only after the database, its instances and the rule that admits the migration exist", () => {
        const gate = one(run.resources, "pulumi-nodejs:dynamic/fargate-kit:MigrationRun");
        for (const d of ["aws:rds/cluster:Cluster::main", "aws:rds/clusterInstance:ClusterInstance::main-writer", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::main-database-from-access"]) {
            assert.ok(gate.dependsOn.includes(d), d);
        }
    });
});

describe("a prod change that would replace the bucket or the file system", () => {
    const yaml = require("yaml");
    const laravel = yaml.parse(fs.readFileSync(FILE, "utf8")).config;
    const micro = yaml.parse(fs.readFileSync(path.join(__dirname, "..", "examples", "stacks", "Pulumi.micro.yaml"), "utf8")).config;
    const TAG = { "fargate-kit:imageTag": "3f2c1ab9e0d4" };

    it("refuses a renamed bucket key in a protected stack, saying how to retire the old one, and records buckets for the next deploy", async () => {
        const first = await runProgram({ stack: "laravel", stackFile: FILE, overrides: TAG });
        assert.deepStrictEqual((first.outputs.dataStores as Record<string, unknown>)["buckets.uploads"], { type: "aws:s3/bucket:Bucket", inputs: { bucketPrefix: "fargate-kit-laravel-uploads-bucket-" } });
        const renamed = { files: laravel["fargate-kit:buckets"].uploads };
        await assert.rejects(runProgram({ stack: "laravel", stackFile: FILE, overrides: { ...TAG, "fargate-kit:buckets": renamed }, previousOutputs: first.outputs }), (e: Error) => {
            assert.match(e.message, /fargate-kit:buckets\.uploads: is no longer in the stack file \(fargate-kit:buckets\.files is new: a renamed key makes a new, empty bucket\), but the last deployment has it\. The stack is protected, so nothing was changed\./);
            assert.match(e.message, /pulumi state unprotect 'urn:pulumi:laravel::fargate-kit::fargate-kit:index:Bucket\$aws:s3\/bucket:Bucket::uploads'/);
            return true;
        });
    });

    it("refuses a file system's new key (ForceNew) unless allowReplacement says so", async function () {
        this.timeout(30000);
        const microFile = path.join(__dirname, "..", "examples", "stacks", "Pulumi.micro.yaml");
        const first = await runProgram({ stack: "micro", stackFile: microFile, overrides: TAG });
        const media = micro["fargate-kit:fileSystems"].media;
        const key = "arn:aws:kms:ap-southeast-2:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789";
        await assert.rejects(runProgram({ stack: "micro", stackFile: microFile, overrides: { ...TAG, "fargate-kit:fileSystems": { media: { ...media, kmsKeyArn: key } } }, previousOutputs: first.outputs }), (e: Error) => {
            assert.match(e.message, /fargate-kit:fileSystems\.media: kmsKeyId changes .*the file system would be replaced by a new, empty one\. The stack is protected, so nothing was changed\..*fargate-kit:fileSystems\.media\.allowReplacement: true/s);
            return true;
        });
        const allowed = await runProgram({ stack: "micro", stackFile: microFile, overrides: { ...TAG, "fargate-kit:fileSystems": { media: { ...media, kmsKeyArn: key, allowReplacement: true } } }, previousOutputs: first.outputs });
        assert.ok(allowed.resources.length > 0);
    });
});
