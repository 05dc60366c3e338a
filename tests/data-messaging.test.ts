/** Buckets and topics beside the services: wiring, grants, queue policies, ordering and the checks at the typed keys. */
import * as assert from "assert";
import { Bucket } from "../components/data/bucket";
import { BucketEvents } from "../components/data/bucket-events";
import { QueueDelivery, checkFilterPolicy } from "../components/data/queue-delivery";
import { Topic } from "../components/data/topic";
import { checkStatements } from "../components/task/task-spec";
import { Check } from "../components/internal/validation";
import { ProgramRun, RecordedResource, runInMocks, runProgram } from "../tools/mock-runtime";
import { authorizationProblems } from "../tools/iam-check";
import { constraintProblems } from "../tools/aws-constraints";
import { renderTable, resourcelessTable } from "../tools/resourceless-actions";
import { loadStackConfig } from "../stack/config";
import { DATA_REPLACED_BY } from "../components/data/replacements";
import { DATA_CONTROL_IDS, evaluateControls } from "../plan/controls";
import { estimateCost } from "../plan/costs";
import { containerDefs, ofType, one, statements, throwsValidation } from "./support";
import * as fs from "fs";
import * as path from "path";

const TAG = { "fargate-kit:imageTag": "3f2c1ab" };
const DATA = {
    "fargate-kit:buckets": {
        uploads: { variable: "AWS_BUCKET", grants: { web: "readWrite", worker: { access: "read", prefix: "incoming/" } }, notify: { worker: { prefix: "incoming/", suffix: ".csv" } }, cors: [{ allowedOrigins: ["https://app.example.com"], allowedMethods: ["PUT"] }] },
    },
    "fargate-kit:topics": { orders: { publishers: ["web"], subscribers: { worker: { filterPolicy: { event: ["order.paid"] } } } } },
};
const policyOf = (resources: RecordedResource[], name: string) => statements(one(resources, "aws:iam/rolePolicy:RolePolicy", name).inputs.policy);
const envOf = (resources: RecordedResource[], family: string) =>
    Object.fromEntries((containerDefs(ofType(resources, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === `${family}-task`)!)[0].environment as { name: string; value: string }[]).map((e) => [e.name, e.value]));

describe("buckets and topics in a stack file", () => {
    let stage: ProgramRun;
    let prod: ProgramRun;
    before(async function () {
        this.timeout(60000);
        stage = await runProgram({ stack: "stage", overrides: { ...TAG, ...DATA } });
        prod = await runProgram({ stack: "prod", overrides: { ...TAG, ...DATA } });
    });

    it("hands each service the bucket's name and the topic's ARN in the variables named, and no one else", () => {
        const web = envOf(stage.resources, "web");
        const worker = envOf(stage.resources, "worker");
        assert.match(web.AWS_BUCKET, /^fargate-kit-stage-uploads-bucket-/);
        assert.strictEqual(web.ORDERS_TOPIC_ARN, "arn:aws:sns:us-east-1:123456789012:fargate-kit-stage-orders-topic");
        assert.strictEqual(worker.AWS_BUCKET, web.AWS_BUCKET);
        assert.strictEqual(worker.ORDERS_TOPIC_ARN, undefined, "a subscriber does not publish");
    });

    it("grants exactly the actions of each access, the prefix by s3:prefix, and sns:Publish to publishers only", () => {
        const web = policyOf(stage.resources, "web-task");
        const bucket = "arn:aws:s3:::" + envOf(stage.resources, "web").AWS_BUCKET;
        const has = (st: typeof web, actions: string[], resources: string[], condition?: unknown) =>
            assert.ok(st.some((s: any) => JSON.stringify(s.Action) === JSON.stringify(actions) && JSON.stringify(s.Resource) === JSON.stringify(resources) && JSON.stringify(s.Condition) === JSON.stringify(condition)), `${actions} on ${resources} in ${JSON.stringify(st)}`);
        has(web, ["s3:GetObject"], [`${bucket}/*`]);
        has(web, ["s3:ListBucket"], [bucket]);
        has(web, ["s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"], [`${bucket}/*`]);
        has(web, ["sns:Publish"], ["arn:aws:sns:us-east-1:123456789012:fargate-kit-stage-orders-topic"]);
        const worker = policyOf(stage.resources, "worker-task");
        has(worker, ["s3:GetObject"], [`${bucket}/incoming/*`]);
        has(worker, ["s3:ListBucket"], [bucket], { StringLike: { "s3:prefix": ["incoming/*"] } });
        assert.ok(!worker.some((s: any) => s.Action.includes("s3:PutObject") || s.Action.includes("sns:Publish")), "read only, no publish");
        assert.deepStrictEqual(authorizationProblems([...web, ...worker], "task roles"), []);
    });

    it("admits into the worker's queue exactly the topic and the bucket, and subscribes and notifies after that policy", () => {
        const policy = one(stage.resources, "aws:sqs/queuePolicy:QueuePolicy", "worker-delivery");
        const doc = JSON.parse(policy.inputs.policy);
        const queue = "arn:aws:sqs:us-east-1:123456789012:fargate-kit-stage-worker";
        const bucket = "arn:aws:s3:::" + envOf(stage.resources, "web").AWS_BUCKET;
        assert.deepStrictEqual(doc.Statement, [
            { Sid: "Topics", Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage", Resource: queue, Condition: { ArnEquals: { "aws:SourceArn": ["arn:aws:sns:us-east-1:123456789012:fargate-kit-stage-orders-topic"] } } },
            { Sid: "BucketEvents", Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sqs:SendMessage", Resource: queue, Condition: { ArnEquals: { "aws:SourceArn": [bucket] }, StringEquals: { "aws:SourceAccount": "123456789012" } } },
        ]);
        const sub = one(stage.resources, "aws:sns/topicSubscription:TopicSubscription");
        assert.deepStrictEqual([sub.inputs.protocol, sub.inputs.endpoint, sub.inputs.rawMessageDelivery, JSON.parse(sub.inputs.filterPolicy), sub.inputs.filterPolicyScope], ["sqs", queue, true, { event: ["order.paid"] }, "MessageAttributes"]);
        assert.ok(sub.dependsOn.includes("aws:sqs/queuePolicy:QueuePolicy::worker-delivery"), sub.dependsOn.join());
        const note = one(stage.resources, "aws:s3/bucketNotification:BucketNotification");
        assert.deepStrictEqual(note.inputs.queues, [{ id: "queue-0", queueArn: queue, events: ["s3:ObjectCreated:*"], filterPrefix: "incoming/", filterSuffix: ".csv" }]);
        assert.strictEqual(note.parent, "fargate-kit:index:BucketEvents::uploads-events");
        const events = one(stage.resources, "fargate-kit:index:BucketEvents", "uploads-events");
        // Waiting on the component waits on its children: S3 checks the queue policy when the notification is put.
        assert.ok(events.dependsOn.includes("aws:sqs/queuePolicy:QueuePolicy::worker-delivery"), events.dependsOn.join());
    });

    it("creates the bucket and topic before the services that use them", () => {
        for (const family of ["web", "worker"]) {
            const td = ofType(stage.resources, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === `${family}-task`)!;
            assert.ok(td.dependsOn.some((d) => d === "aws:s3/bucket:Bucket::uploads-bucket"), `${family}: ${td.dependsOn.join()}`);
        }
        const webTd = ofType(stage.resources, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === "web-task")!;
        assert.ok(webTd.dependsOn.includes("aws:sns/topic:Topic::orders-topic"), webTd.dependsOn.join());
        const order = stage.resources.map((r) => `${r.type}::${r.name}`);
        assert.ok(order.indexOf("aws:s3/bucket:Bucket::uploads-bucket") < order.indexOf("aws:ecs/service:Service::worker"));
    });

    it("keeps the bucket private, encrypted and TLS-only; versions, protects and retains it in prod only", () => {
        for (const run of [stage, prod]) {
            const pab = one(run.resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "uploads-bucket").inputs;
            assert.deepStrictEqual([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets], [true, true, true, true]);
            assert.strictEqual(one(run.resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "uploads-bucket").inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "AES256");
            const tls = JSON.parse(one(run.resources, "aws:s3/bucketPolicy:BucketPolicy", "uploads-bucket").inputs.policy).Statement[0];
            assert.deepStrictEqual([tls.Effect, tls.Action, tls.Condition], ["Deny", "s3:*", { Bool: { "aws:SecureTransport": "false" } }]);
            assert.strictEqual(one(run.resources, "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration").inputs.corsRules[0].allowedMethods[0], "PUT");
        }
        const bucket = (run: ProgramRun) => one(run.resources, "aws:s3/bucket:Bucket", "uploads-bucket");
        assert.deepStrictEqual([bucket(prod).protect, bucket(prod).retainOnDelete, bucket(prod).inputs.forceDestroy], [true, true, false]);
        assert.strictEqual(one(prod.resources, "aws:sns/topic:Topic", "orders-topic").protect, true);
        assert.strictEqual(one(prod.resources, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration.status, "Enabled");
        assert.strictEqual(ofType(stage.resources, "aws:s3/bucketVersioning:BucketVersioning").length, 0, "stage: protect false");
        const rules = one(prod.resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "uploads-bucket");
        assert.deepStrictEqual(rules.inputs.rules.map((r: any) => r.id), ["abort-incomplete-uploads", "expire-noncurrent-versions"]);
        assert.ok(rules.dependsOn.includes("aws:s3/bucketVersioning:BucketVersioning::uploads-bucket"), "noncurrent-version rules after versioning");
        assert.strictEqual(one(prod.resources, "aws:sns/topic:Topic", "orders-topic").inputs.kmsMasterKeyId, "alias/aws/sns");
    });

    it("passes the S3 and SNS controls in prod; stage opts out of versioning only (protect: false), and each control catches its violation", () => {
        const status = (rs: RecordedResource[]) => Object.fromEntries(evaluateControls(rs).filter((c) => DATA_CONTROL_IDS.includes(c.id)).map((c) => [c.id, c.status]));
        assert.deepStrictEqual(status(prod.resources), Object.fromEntries(DATA_CONTROL_IDS.map((id) => [id, "pass"])));
        assert.deepStrictEqual(status(stage.resources), Object.fromEntries(DATA_CONTROL_IDS.map((id) => [id, id === "S3.14" ? "fail" : "pass"])));
        const without = (type: string) => prod.resources.filter((r) => r.type !== type);
        for (const [id, type] of [["S3.8", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"], ["S3.5", "aws:s3/bucketPolicy:BucketPolicy"], ["S3.12", "aws:s3/bucketOwnershipControls:BucketOwnershipControls"], ["S3.13", "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"], ["S3.14", "aws:s3/bucketVersioning:BucketVersioning"]]) {
            assert.strictEqual(status(without(type))[id], "fail", id);
        }
        const plain = prod.resources.map((r) => (r.name === "orders-topic" && r.type === "aws:sns/topic:Topic" ? { ...r, inputs: { ...r.inputs, kmsMasterKeyId: undefined, policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sns:Publish"}]}' } } : r));
        assert.deepStrictEqual([status(plain)["SNS.1"], status(plain)["SNS.4"]], ["fail", "fail"]);
    });

    it("prices the bucket and the topic, saying what is assumed", () => {
        const lines = estimateCost(prod).lines.filter((l) => l.category === "data" && /^(Bucket|Topic) /.test(l.item));
        assert.deepStrictEqual(lines.map((l) => [l.item, l.monthly]), [
            ["Bucket uploads-bucket: 10 GB, 100,000 writes and 1,000,000 reads a month assumed", 1.13],
            ["Topic orders-topic: 2,000,000 publishes a month assumed (first 1,000,000 free per account)", 0.5],
        ]);
    });

    it("sends S3 and SNS only names AWS accepts (a long project and stack name included)", async () => {
        assert.deepStrictEqual(constraintProblems([...stage.resources, ...prod.resources]), []);
        const long = await runInMocks(() => [new Bucket("a-very-long-bucket-name-for-exports-and-imports"), new Topic("t".repeat(250), { fifo: true })], { project: "Shop_Project", stack: "production-eu" });
        assert.deepStrictEqual(constraintProblems(long.resources), []);
        assert.ok(one(long.resources, "aws:s3/bucket:Bucket").inputs.bucketPrefix.length <= 37, "the provider refuses a longer bucket_prefix");
        const bad = { type: "aws:s3/bucket:Bucket", name: "b", inputs: { bucketPrefix: "Shop-prod-uploads-" } } as unknown as RecordedResource;
        assert.deepStrictEqual(constraintProblems([bad]), ['Bucket b bucketPrefix: "Shop-prod-uploads-" is not a bucket prefix (lower case, at most 37 characters)']);
    });

    it("records the inputs whose change replaces a bucket or a topic (for the prod replacement check)", () => {
        const bucket = one(prod.resources, "aws:s3/bucket:Bucket", "uploads-bucket");
        const topic = one(prod.resources, "aws:sns/topic:Topic", "orders-topic");
        assert.match(bucket.inputs.bucketPrefix, /^fargate-kit-prod-uploads-bucket-$/);
        assert.deepStrictEqual([topic.inputs.name, topic.inputs.fifoTopic], ["fargate-kit-prod-orders-topic", undefined]);
        for (const type of Object.keys(DATA_REPLACED_BY)) assert.ok(prod.resources.some((r) => r.type === type), type);
    });

    it("refuses mistakes at the keys typed", async () => {
        const refused = (overrides: Record<string, unknown>, ...fragments: string[]) =>
            runProgram({ stack: "stage", overrides: { ...TAG, ...overrides } }).then(
                () => assert.fail("planned"),
                (e: Error) => fragments.forEach((f) => assert.ok(e.message.includes(f), `lacks ${f}:\n${e.message}`)),
            );
        await refused({ "fargate-kit:buckets": { uploads: { grants: { wbe: "read" } } } }, 'fargate-kit:buckets.uploads.grants.wbe: is not a service of this stack; services of this stack: "web", "worker"');
        await refused({ "fargate-kit:buckets": { Uploads: {} } }, "fargate-kit:buckets.Uploads: is a bucket name of");
        await refused({ "fargate-kit:buckets": { uploads: { notify: { web: {} } } } }, 'fargate-kit:buckets.uploads.notify.web: is "web", which is not a queue worker');
        await refused({ "fargate-kit:buckets": { uploads: { notify: { worker: { events: ["s3:ObjectCreated"] } } } } }, "fargate-kit:buckets.uploads.notify.worker.events[0]");
        await refused({ "fargate-kit:buckets": { uploads: { grants: { web: "read" }, variable: "SQS_QUEUE" } } }, 'fargate-kit:buckets.uploads.grants.web: gives "web" the variable SQS_QUEUE');
        await refused({ "fargate-kit:buckets": { uploads: { lifecycle: [{ transitions: [{ days: 7, storageClass: "STANDARD_IA" }] }] } } }, "fargate-kit:buckets.uploads.lifecycle[0].transitions[0].days: is 7; S3 moves objects to STANDARD_IA only after at least 30 days");
        await refused({ "fargate-kit:topics": { orders: { publishers: ["web"], subscribers: { worker: { filterPolicy: { a: ["1"], b: { c: ["2"] } } } } } } }, "fargate-kit:topics.orders.subscribers.worker.filterPolicy: nests");
        await refused({ "fargate-kit:topics": { orders: { publishers: ["web"], fifo: true, subscribers: { worker: {} } } } }, "SNS delivers a FIFO topic only to FIFO queues");
        await refused({ "fargate-kit:topics": { orders: { publishers: ["web"], subscribers: { worker: {} } } }, "fargate-kit:buckets": { orders: { variable: "ORDERS_TOPIC_ARN", grants: { web: "read" } } } }, "ORDERS_TOPIC_ARN");
    });
});

describe("a subscriber's queue under a customer key", () => {
    it("is said before deploying: SNS and S3 deliver only if the key's policy admits them", () => {
        const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const worker = { kmsKeyArn: key, task: { cpu: 256, memory: 512, containers: [{ name: "w", image: "public.ecr.aws/docker/library/busybox:1.36", command: ["run"] }] } };
        const config = loadStackConfig(
            { "aws:region": "us-east-1", "fargate-kit:workers": JSON.stringify({ mailer: worker }), "fargate-kit:webServices": JSON.stringify({ web: { task: { cpu: 256, memory: 512, containers: [{ name: "app", image: "public.ecr.aws/nginx/nginx:1.27", ports: [80] }] } } }), "fargate-kit:topics": JSON.stringify({ orders: { publishers: ["web"], subscribers: { mailer: {} } } }) },
            {},
            "fargate-kit",
            "dev",
            () => false,
        );
        assert.ok(config.warnings.some((w) => w.startsWith(`fargate-kit:workers.mailer encrypts its queue with ${key}: a topic's messages reach it only if that key's policy lets sns.amazonaws.com`)), config.warnings.join("\n"));
    });
});

describe("Bucket, Topic, QueueDelivery and BucketEvents in code", () => {
    it("adds a customer key to the grants, and refuses overlapping notifications and unfit filter policies", async () => {
        const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        const run = await runInMocks(() => new Bucket("files", { kmsKeyArn: key }));
        const specs = await new Promise<any>((resolve) => (require("@pulumi/pulumi") as typeof import("@pulumi/pulumi")).output(run.result.grantStatements("write") as any).apply(resolve));
        assert.deepStrictEqual(specs[specs.length - 1], { actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [key] });
        const sse = one(run.resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules[0];
        assert.deepStrictEqual([sse.applyServerSideEncryptionByDefault.sseAlgorithm, sse.bucketKeyEnabled], ["aws:kms", true]);
        throwsValidation(() => new BucketEvents("e", { bucket: "b", queues: [{ queueArn: "q1", filterPrefix: "in/" }, { queueArn: "q2", filterPrefix: "in/csv/" }] }), "queues[1]: overlaps queues[0]");
        throwsValidation(() => new QueueDelivery("d", { queueArn: "q", queueUrl: "u" }), "nothing delivers into the queue");
        const c = Check.root("filterPolicy");
        checkFilterPolicy(c, JSON.stringify({ a: [1, 2, 3, 4, 5, 6], b: ["x", "y", "z", "w", "v"], c: ["1", "2", "3", "4", "5", "6"] }), "MessageAttributes");
        assert.deepStrictEqual(c.problems.map((p) => p.message), ["has 180 combinations of values (the product of the lists' lengths); SNS allows 150"]);
        const c2 = Check.root("filterPolicy");
        checkFilterPolicy(c2, JSON.stringify({ a: ["1"], b: ["1"], c: ["1"], d: ["1"], e: ["1"], f: ["1"] }), "MessageAttributes");
        assert.match(c2.problems[0].message, /has 6 keys .*SNS allows 5/);
        const topic = await runInMocks(() => new Topic("events", { fifo: true }));
        assert.deepStrictEqual([topic.resources[1].inputs.name, topic.resources[1].inputs.fifoTopic], ["fargate-kit-test-events.fifo", true]);
    });
});

describe("task-role statements on \"*\"", () => {
    it("are allowed for actions AWS authorizes on no resource type, with conditions, and refused for the others by name", () => {
        const ok = Check.root("taskRoleStatements");
        checkStatements(ok, [
            { actions: ["cloudwatch:PutMetricData"], resources: ["*"], conditions: [{ operator: "StringEquals", key: "cloudwatch:namespace", values: ["Shop"] }] },
            { actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] },
        ]);
        assert.deepStrictEqual(ok.problems, []);
        const bad = Check.root("taskRoleStatements");
        checkStatements(bad, [
            { actions: ["cloudwatch:PutMetricData", "s3:GetObject"], resources: ["*"] },
            { actions: ["xray:PutTraceSegments"], resources: ["*", "arn:aws:s3:::b"] },
            { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"], conditions: [{ operator: "StringEqual", key: "s3:prefix", values: ["a"] }, { operator: "StringLikeIfExists", key: "nokey", values: [] }] },
        ]);
        assert.deepStrictEqual(bad.problems.map((p) => p.path), ["taskRoleStatements[0].resources[0]", "taskRoleStatements[1].resources", "taskRoleStatements[2].conditions[0].operator", "taskRoleStatements[2].conditions[1].key", "taskRoleStatements[2].conditions[1].values"]);
        assert.match(bad.problems[0].message, /^is "\*"; name the ARNs the app needs: AWS authorizes "s3:GetObject" on a resource type/);
    });

    it("reach the task role with their conditions, the boundary carries them, and AWS's data agrees", async () => {
        const run = await runProgram({
            stack: "prod",
            overrides: {
                ...TAG,
                "fargate-kit:deployments": { organization: "acme", repository: "acme/shop" },
                "fargate-kit:webServices": {
                    web: { domainName: "app.example.com", task: { cpu: 256, memory: 512, containers: [{ name: "app", ports: [8080] }], taskRoleStatements: [{ actions: ["cloudwatch:PutMetricData"], resources: ["*"], conditions: [{ operator: "StringEquals", key: "cloudwatch:namespace", values: ["Shop"] }] }] } },
                },
            },
        });
        const grant = policyOf(run.resources, "web-task").find((s: any) => s.Action.includes("cloudwatch:PutMetricData")) as any;
        assert.deepStrictEqual([grant.Resource, grant.Condition], [["*"], { StringEquals: { "cloudwatch:namespace": ["Shop"] } }]);
        const boundary = JSON.parse(one(run.resources, "aws:iam/policy:Policy", "deploy-boundary").inputs.policy).Statement as any[];
        const carried = boundary.find((s) => s.Action.includes("cloudwatch:PutMetricData"));
        assert.deepStrictEqual([carried.Resource, carried.Condition], [["*"], { StringEquals: { "cloudwatch:namespace": ["Shop"] } }]);
    });

    it("the shipped table equals AWS's data as installed (regenerate with tools/resourceless-actions.ts)", () => {
        const shipped = fs.readFileSync(path.join(__dirname, "..", "components", "internal", "resourceless-actions.ts"), "utf8");
        assert.ok(shipped === renderTable(resourcelessTable()), "components/internal/resourceless-actions.ts is stale: run node -r ./tools/register.js tools/resourceless-actions.ts");
    });
});
