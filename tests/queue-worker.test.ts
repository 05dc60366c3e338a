import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { QueueWorker } from "../components/services/queue-worker";
import { QueueWorkerArgs } from "../components/services/queue-worker-args";
import { ProgramRun, RecordedResource, runInMocks } from "../tools/mock-runtime";
import { containerDefs, ofType, one, statements, throwsValidation, bothStacks } from "./support";

const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/laravel:3f2c1ab";
type Settings = Omit<QueueWorkerArgs, "cluster" | "vpcId" | "subnetIds">;
const laravelWorker = (): Settings => ({
    task: { image: IMAGE, cpu: 256, memory: 512, containers: [{ name: "worker", command: ["php", "artisan", "queue:work", "sqs"], writablePaths: ["/tmp"] }] },
    maxJobSeconds: 90,
});

async function worker(settings: Settings): Promise<{ resources: RecordedResource[]; worker: QueueWorker }> {
    const run = await runInMocks(() => {
        const cluster = new aws.ecs.Cluster("cluster", {});
        return new QueueWorker("worker", { ...settings, cluster, vpcId: "vpc-1", subnetIds: ["private-a", "private-b"] });
    });
    return { resources: run.resources, worker: run.result };
}
const byName = (resources: RecordedResource[], type: string) => Object.fromEntries(ofType(resources, type).map((r) => [r.name, r]));

describe("QueueWorker", () => {
    let created: RecordedResource[];
    before(async () => {
        created = (await worker(laravelWorker())).resources;
    });

    it("creates an encrypted queue with a dead-letter queue (14 days) and a redrive policy", () => {
        const queues = byName(created, "aws:sqs/queue:Queue");
        assert.deepStrictEqual(
            [queues["worker-dlq"].inputs.messageRetentionSeconds, queues["worker-dlq"].inputs.sqsManagedSseEnabled],
            [1209600, true],
        );
        const q = queues["worker-queue"].inputs;
        assert.deepStrictEqual(JSON.parse(q.redrivePolicy), { deadLetterTargetArn: "arn:aws:sqs:us-east-1:123456789012:fargate-kit-test-worker-dlq", maxReceiveCount: 5 });
        assert.deepStrictEqual([q.sqsManagedSseEnabled, q.receiveWaitTimeSeconds, q.messageRetentionSeconds], [true, 20, 4 * 86400]);
        const allow = one(created, "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy");
        assert.deepStrictEqual(JSON.parse(allow.inputs.redriveAllowPolicy), { redrivePermission: "byQueue", sourceQueueArns: ["arn:aws:sqs:us-east-1:123456789012:fargate-kit-test-worker"] });
    });

    it("keeps the visibility timeout above the longest job and gives containers time to finish one", () => {
        assert.strictEqual(byName(created, "aws:sqs/queue:Queue")["worker-queue"].inputs.visibilityTimeoutSeconds, 120);
        assert.strictEqual(containerDefs(one(created, "aws:ecs/taskDefinition:TaskDefinition"))[0].stopTimeout, 90);
    });

    it("injects the queue URL and name, and runs the image with the worker's command", () => {
        const [c] = containerDefs(one(created, "aws:ecs/taskDefinition:TaskDefinition"));
        assert.deepStrictEqual(c.environment, [
            { name: "QUEUE_NAME", value: "fargate-kit-test-worker" },
            { name: "QUEUE_URL", value: "https://sqs.us-east-1.amazonaws.com/123456789012/fargate-kit-test-worker" },
        ]);
        assert.deepStrictEqual([c.image, c.command], [IMAGE, ["php", "artisan", "queue:work", "sqs"]]);
        assert.deepStrictEqual(c.portMappings, []);
    });

    it("grants exactly the queue actions it needs and task protection on its cluster's tasks only", () => {
        const policy = statements(one(created, "aws:iam/rolePolicy:RolePolicy", "worker-task").inputs.policy);
        assert.deepStrictEqual(policy, [
            {
                Effect: "Allow",
                Sid: "ConsumeQueue",
                Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
                Resource: ["arn:aws:sqs:us-east-1:123456789012:fargate-kit-test-worker"],
            },
            { Effect: "Allow", Sid: "ProtectOwnTasks", Action: ["ecs:UpdateTaskProtection", "ecs:GetTaskProtection"], Resource: ["arn:aws:ecs:us-east-1:123456789012:task/cluster-0000000/*"] },
        ]);
    });

    it("adds kms:Decrypt only for a customer-managed key", async () => {
        const key = "arn:aws:kms:us-east-1:123456789012:key/abcd";
        const { resources } = await worker({ ...laravelWorker(), kmsKeyArn: key });
        const decrypt = statements(one(resources, "aws:iam/rolePolicy:RolePolicy", "worker-task").inputs.policy).find((s) => s.Sid === "DecryptQueue");
        assert.deepStrictEqual(decrypt, { Effect: "Allow", Sid: "DecryptQueue", Action: ["kms:Decrypt"], Resource: [key] });
        const q = byName(resources, "aws:sqs/queue:Queue")["worker-queue"].inputs;
        assert.deepStrictEqual([q.kmsMasterKeyId, q.sqsManagedSseEnabled], [key, undefined]);
    });

    it("gives producers of a customer-key queue kms:GenerateDataKey and kms:Decrypt on that key", async () => {
        const key = "arn:aws:kms:us-east-1:123456789012:key/abcd";
        const withKey = (await worker({ ...laravelWorker(), kmsKeyArn: key })).worker.producerStatements();
        assert.deepStrictEqual(withKey[1], { actions: ["kms:GenerateDataKey", "kms:Decrypt"], resources: [key] });
        assert.strictEqual((await worker(laravelWorker())).worker.producerStatements().length, 1);
    });

    it("scales on backlog per task with AWS's metric math, guarded against zero tasks", () => {
        const policy = byName(created, "aws:appautoscaling/policy:Policy")["worker-backlog"].inputs;
        const cfg = policy.targetTrackingScalingPolicyConfiguration;
        assert.deepStrictEqual([policy.policyType, cfg.targetValue, cfg.scaleInCooldown, cfg.scaleOutCooldown], ["TargetTrackingScaling", 10, 300, 60]);
        assert.deepStrictEqual(cfg.customizedMetricSpecification.metrics, [
            {
                id: "visible",
                returnData: false,
                metricStat: { metric: { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: [{ name: "QueueName", value: "fargate-kit-test-worker" }] }, stat: "Sum" },
            },
            {
                id: "running",
                returnData: false,
                metricStat: {
                    metric: {
                        namespace: "ECS/ContainerInsights",
                        metricName: "RunningTaskCount",
                        dimensions: [
                            { name: "ClusterName", value: "cluster-0000000" },
                            { name: "ServiceName", value: "worker-0000000" },
                        ],
                    },
                    stat: "Average",
                },
            },
            { id: "backlog", label: "Visible messages per running task", expression: "IF(running > 0, visible / running, visible)", returnData: true },
        ]);
        const target = one(created, "aws:appautoscaling/target:Target").inputs;
        assert.deepStrictEqual([target.minCapacity, target.maxCapacity], [0, 10]);
        const svc = one(created, "aws:ecs/service:Service").inputs;
        assert.deepStrictEqual([svc.desiredCount, svc.loadBalancers, svc.deploymentCircuitBreaker], [0, undefined, { enable: true, rollback: true }]);
    });

    it("scales out from zero on the first message with a step policy on an alarm that fires only when no task runs", () => {
        const step = byName(created, "aws:appautoscaling/policy:Policy")["worker-from-zero"].inputs;
        assert.deepStrictEqual([step.policyType, step.stepScalingPolicyConfiguration.adjustmentType, step.stepScalingPolicyConfiguration.stepAdjustments], [
            "StepScaling",
            "ExactCapacity",
            [{ metricIntervalLowerBound: "0", scalingAdjustment: 1 }],
        ]);
        const alarm = byName(created, "aws:cloudwatch/metricAlarm:MetricAlarm")["worker-from-zero"].inputs;
        assert.deepStrictEqual(alarm.alarmActions, ["arn:aws:mock:us-east-1:123456789012:Policy/worker-from-zero-0000000"]);
        assert.strictEqual(alarm.metricQueries.find((q: any) => q.returnData).expression, "IF(FILL(visible, 0) > 0, 1, 0) * IF(FILL(running, 0) == 0, 1, 0)");
        assert.deepStrictEqual([alarm.threshold, alarm.comparisonOperator, alarm.evaluationPeriods], [0, "GreaterThanThreshold", 1]);
    });

    it("has no scale-from-zero machinery when it never goes to zero", async () => {
        const { resources } = await worker({ ...laravelWorker(), scaling: { minTasks: 1, maxTasks: 4 } });
        assert.deepStrictEqual(Object.keys(byName(resources, "aws:appautoscaling/policy:Policy")), ["worker-backlog"]);
    });

    it("alarms on dead letters, old messages and tasks that keep failing to run", () => {
        const alarms = byName(created, "aws:cloudwatch/metricAlarm:MetricAlarm");
        assert.deepStrictEqual(Object.keys(alarms).sort(), ["worker-dead-letters", "worker-from-zero", "worker-not-running", "worker-oldest-message"]);
        assert.deepStrictEqual([alarms["worker-dead-letters"].inputs.dimensions, alarms["worker-dead-letters"].inputs.threshold], [{ QueueName: "fargate-kit-test-worker-dlq" }, 0]);
        assert.deepStrictEqual([alarms["worker-oldest-message"].inputs.metricName, alarms["worker-oldest-message"].inputs.threshold], ["ApproximateAgeOfOldestMessage", 900]);
        const notRunning = alarms["worker-not-running"].inputs;
        assert.strictEqual(notRunning.metricQueries.find((q: any) => q.returnData).expression, "FILL(desired, 0) - FILL(running, 0)");
        assert.deepStrictEqual([notRunning.evaluationPeriods, notRunning.datapointsToAlarm], [10, 10]);
    });

    it("adopts an existing queue by ARN: no queues created, the same least-privilege grant", async () => {
        const arn = "arn:aws:sqs:eu-west-1:123456789012:legacy-jobs";
        const { resources, worker: w } = await worker({ ...laravelWorker(), queueArn: arn, deadLetterQueueArn: "arn:aws:sqs:eu-west-1:123456789012:legacy-jobs-dlq" });
        assert.strictEqual(ofType(resources, "aws:sqs/queue:Queue").length, 0);
        const [c] = containerDefs(one(resources, "aws:ecs/taskDefinition:TaskDefinition"));
        assert.deepStrictEqual(c.environment, [
            { name: "QUEUE_NAME", value: "legacy-jobs" },
            { name: "QUEUE_URL", value: "https://sqs.eu-west-1.amazonaws.com/123456789012/legacy-jobs" },
        ]);
        const consume = statements(one(resources, "aws:iam/rolePolicy:RolePolicy", "worker-task").inputs.policy)[0];
        assert.deepStrictEqual(consume.Resource, [arn]);
        assert.strictEqual(byName(resources, "aws:cloudwatch/metricAlarm:MetricAlarm")["worker-dead-letters"].inputs.dimensions.QueueName, "legacy-jobs-dlq");
        assert.strictEqual(w.queue, undefined);
    });

    it("creates FIFO queues with names ending in .fifo", async () => {
        const { resources } = await worker({ ...laravelWorker(), fifo: true });
        const queues = byName(resources, "aws:sqs/queue:Queue");
        assert.deepStrictEqual([queues["worker-queue"].inputs.name, queues["worker-queue"].inputs.fifoQueue, queues["worker-queue"].inputs.contentBasedDeduplication], ["fargate-kit-test-worker.fifo", true, true]);
        assert.strictEqual(queues["worker-dlq"].inputs.name, "fargate-kit-test-worker-dlq.fifo");
    });

    it("runs on Fargate Spot above an on-demand base, and refuses Spot with ARM64", async () => {
        const { resources } = await worker({ ...laravelWorker(), spot: true, onDemandBaseTasks: 1 });
        assert.deepStrictEqual(one(resources, "aws:ecs/service:Service").inputs.capacityProviderStrategies, [
            { capacityProvider: "FARGATE", weight: 0, base: 1 },
            { capacityProvider: "FARGATE_SPOT", weight: 100, base: 0 },
        ]);
        const arm = laravelWorker();
        arm.task.cpuArchitecture = "ARM64";
        throwsValidation(() => new QueueWorker("w-arm", { ...arm, spot: true } as QueueWorkerArgs), 'QueueWorker "w-arm": spot: is true, but the task is ARM64; Fargate Spot runs only X86_64 Linux tasks');
    });

    it("protects its queues in prod", async () => {
        const { resources } = await worker({ ...laravelWorker(), protect: true });
        for (const q of ofType(resources, "aws:sqs/queue:Queue")) assert.deepStrictEqual([q.name, q.protect, q.retainOnDelete], [q.name, true, true]);
    });

    it("rejects inconsistent options with the field, value and what is allowed", () => {
        const cases: Array<[Settings, string]> = [
            [{ ...laravelWorker(), visibilityTimeoutSeconds: 60 }, "visibilityTimeoutSeconds: is 60, shorter than maxJobSeconds 90; a message would reappear and run twice"],
            [{ ...laravelWorker(), queueArn: "arn:aws:sqs:us-east-1:123456789012:q", maxReceiveCount: 3 }, "maxReceiveCount: applies to a queue this worker creates"],
            [{ ...laravelWorker(), queueArn: "https://sqs.us-east-1.amazonaws.com/123456789012/q" }, 'queueArn: is "https://sqs.us-east-1.amazonaws.com/123456789012/q"; allowed: an SQS queue ARN'],
            [{ ...laravelWorker(), deadLetterQueueArn: "arn:aws:sqs:us-east-1:123456789012:d" }, "deadLetterQueueArn: is set without queueArn"],
            [{ ...laravelWorker(), maxReceiveCount: 0 }, "maxReceiveCount: is 0; allowed: a whole number from 1 to 1000"],
            [{ ...laravelWorker(), messageRetentionDays: 15 }, "messageRetentionDays: is 15; allowed: a whole number from 1 to 14 days"],
            [{ ...laravelWorker(), scaling: { minTasks: 3, maxTasks: 2 } }, "scaling.maxTasks: is 2, below minTasks 3"],
            [{ ...laravelWorker(), scaling: { backlogPerTask: 0 } }, "scaling.backlogPerTask: is 0; allowed: a whole number from 1 to 100000 messages"],
            [{ ...laravelWorker(), queueNameVariable: "queue-name" }, 'queueNameVariable: is "queue-name"; allowed: an environment variable name'],
            [{ ...laravelWorker(), task: { ...laravelWorker().task, containers: [{ name: "worker", stopTimeout: 300 }] } }, "task.containers[0].stopTimeout: is 300; allowed: a whole number from 2 to 120 seconds"],
        ];
        cases.forEach(([settings, message], i) => throwsValidation(() => new QueueWorker(`bad${i}`, settings as QueueWorkerArgs), `QueueWorker "bad${i}"`, message));
        const long = "w".repeat(47);
        throwsValidation(() => new QueueWorker(long, laravelWorker() as QueueWorkerArgs), `the component name "${long}" has 47 characters; at most 46 fit`);
    });
});

describe("QueueWorker in the stacks", () => {
    let stage: ProgramRun;
    let prod: ProgramRun;
    before(async () => {
        ({ stage, prod } = await bothStacks());
    });

    it("runs the web app's image with a different command, and the app's environment and secrets", () => {
        for (const run of [stage, prod]) {
            const tds = byName(run.resources, "aws:ecs/taskDefinition:TaskDefinition");
            const [w] = containerDefs(tds["worker-task"]);
            const php = containerDefs(tds["web-task"]).find((c) => c.name === "php");
            assert.strictEqual(w.image, php.image);
            assert.deepStrictEqual(w.command, ["php", "artisan", "queue:work", "sqs", "--sleep=3", "--tries=3", "--max-time=3600", "--timeout=120"]);
            assert.notDeepStrictEqual(w.command, php.command);
            assert.deepStrictEqual(w.secrets, php.secrets);
        }
    });

    it("gives the web app the queue URL and permission to send, and the worker the same variable", () => {
        const tds = byName(prod.resources, "aws:ecs/taskDefinition:TaskDefinition");
        const php = containerDefs(tds["web-task"]).find((c) => c.name === "php");
        const url = "https://sqs.us-east-1.amazonaws.com/123456789012/fargate-kit-prod-worker";
        assert.deepStrictEqual(php.environment.find((e: any) => e.name === "SQS_QUEUE"), { name: "SQS_QUEUE", value: url });
        assert.deepStrictEqual(containerDefs(tds["worker-task"])[0].environment.find((e: any) => e.name === "SQS_QUEUE"), { name: "SQS_QUEUE", value: url });
        const send = statements(one(prod.resources, "aws:iam/rolePolicy:RolePolicy", "web-task").inputs.policy).find((s) => s.Action.includes("sqs:SendMessage"));
        assert.deepStrictEqual(send?.Resource, ["arn:aws:sqs:us-east-1:123456789012:fargate-kit-prod-worker"]);
        assert.deepStrictEqual((prod.outputs.workers as any).worker.queueUrl, url);
    });

    it("stage scales the worker to zero on Spot; prod keeps one on-demand task warm", () => {
        const target = (run: ProgramRun) => byName(run.resources, "aws:appautoscaling/target:Target")["worker-scaling"].inputs;
        assert.deepStrictEqual([target(stage).minCapacity, target(prod).minCapacity], [0, 1]);
        assert.deepStrictEqual(byName(stage.resources, "aws:ecs/service:Service").worker.inputs.capacityProviderStrategies, [{ capacityProvider: "FARGATE_SPOT", weight: 100, base: 0 }]);
    });
});
