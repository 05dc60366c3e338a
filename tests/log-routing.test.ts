/** Log routing: subscription filters of a task's log group (with the role CloudWatch Logs uses) and the FireLens router's size and configuration file. */
import * as assert from "assert";
import { ProgramRun, runProgram } from "../tools/mock-runtime";
import { allows, authorizationProblems } from "../tools/iam-check";
import { containerDefs, ofType, one, statements } from "./support";

const TAG = { "fargate-kit:imageTag": "3f2c1ab" };
const ACCOUNT = "123456789012";
const FIREHOSE = `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/app-logs`;
const DESTINATION = "arn:aws:logs:us-east-1:210987654321:destination:central-logs";
const worker = (task: Record<string, unknown>) => ({
    "fargate-kit:workers": {
        worker: {
            maxJobSeconds: 120,
            task: { cpu: 512, memory: 1024, containers: [{ name: "worker", command: ["php", "artisan", "queue:work", "sqs", "--timeout=120"], writablePaths: ["/tmp"] }], ...task },
        },
    },
});

describe("log routing", () => {
    let run: ProgramRun;
    before(async function () {
        this.timeout(60000);
        run = await runProgram({
            stack: "prod",
            overrides: {
                ...TAG,
                "fargate-kit:deployments": { organization: "acme", repository: "acme/shop" },
                ...worker({ logSubscriptions: [{ destinationArn: FIREHOSE, filterPattern: "ERROR" }, { destinationArn: DESTINATION }] }),
            },
        });
    });

    it("subscribes the task's log group to each destination, through a role only CloudWatch Logs of this account assumes", () => {
        const filters = ofType(run.resources, "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter").sort((a, b) => a.name.localeCompare(b.name));
        const role = one(run.resources, "aws:iam/role:Role", "worker-log-subscription");
        assert.deepStrictEqual(
            filters.map((f) => [f.inputs.logGroup, f.inputs.destinationArn, f.inputs.filterPattern, f.inputs.roleArn === undefined]),
            [
                ["/ecs/fargate-kit-prod/worker", FIREHOSE, "ERROR", false],
                ["/ecs/fargate-kit-prod/worker", DESTINATION, "", true],
            ],
        );
        assert.deepStrictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Condition, { StringLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${ACCOUNT}:*` } });
        assert.ok(role.inputs.permissionsBoundary, "the role carries the stack's boundary");
        const policy = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "worker-log-subscription").inputs.policy);
        assert.deepStrictEqual(policy.map((s) => [s.Action, s.Resource]), [[["firehose:PutRecord", "firehose:PutRecordBatch"], [FIREHOSE]]]);
        assert.deepStrictEqual(authorizationProblems(policy, "log subscription role"), []);
        for (const f of filters.filter((x) => x.inputs.roleArn !== undefined)) assert.ok(f.dependsOn.includes("aws:iam/rolePolicy:RolePolicy::worker-log-subscription"), "the role can write before the filter is put (CloudWatch Logs tests the destination)");
        const boundary = statements(one(run.resources, "aws:iam/policy:Policy", "deploy-boundary").inputs.policy);
        assert.ok(allows(boundary as any, { action: "firehose:PutRecordBatch", resources: [FIREHOSE] }), "the boundary lets the role write there");
        assert.ok(!allows(boundary as any, { action: "firehose:PutRecordBatch", resources: [`arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/someone-elses`] }));
        const deploy = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "deploy-role").inputs.policy);
        assert.ok(allows(deploy as any, { action: "iam:PassRole", resources: [`arn:aws:iam::${ACCOUNT}:role/fargate-kit/fargate-kit/prod/worker-logsub-x`], context: { "iam:PassedToService": "logs.amazonaws.com" } }));
    });

    it("sizes the FireLens router and gives it the configuration file in its image", async () => {
        const fire = await runProgram({
            stack: "stage",
            overrides: {
                ...TAG,
                ...worker({
                    logRouterImage: "123456789012.dkr.ecr.us-east-1.amazonaws.com/fluent-bit:1",
                    logRouter: { cpu: 64, memory: 128, memoryReservation: 64, configFile: "/fluent-bit/etc/extra.conf" },
                    containers: [{ name: "worker", command: ["php", "artisan", "queue:work", "sqs", "--timeout=120"], writablePaths: ["/tmp"], logging: { fireLens: { name: "datadog", options: { Host: "http-intake.logs.datadoghq.eu" } } } }],
                }),
            },
        });
        const td = ofType(fire.resources, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === "worker-task")!;
        const router = containerDefs(td).find((c) => c.firelensConfiguration);
        assert.deepStrictEqual([router.cpu, router.memory, router.memoryReservation], [64, 128, 64]);
        assert.deepStrictEqual(router.firelensConfiguration.options, { "enable-ecs-log-metadata": "true", "config-file-type": "file", "config-file-value": "/fluent-bit/etc/extra.conf" });
    });

    it("refuses what CloudWatch Logs and FireLens refuse, at the typed key", async () => {
        const refused = (task: Record<string, unknown>, ...fragments: string[]) =>
            runProgram({ stack: "stage", overrides: { ...TAG, ...worker(task) } }).then(
                () => assert.fail("planned"),
                (e: Error) => fragments.forEach((f) => assert.ok(e.message.includes(f), `lacks ${f}:\n${e.message}`)),
            );
        const at = "fargate-kit:workers.worker.task";
        await refused({ logSubscriptions: [{ destinationArn: "arn:aws:lambda:us-east-1:123456789012:function:ship" }] }, `${at}.logSubscriptions[0].destinationArn: is "arn:aws:lambda`, "lambda:AddPermission");
        await refused({ logSubscriptions: [{ destinationArn: FIREHOSE }, { destinationArn: DESTINATION }, { destinationArn: "arn:aws:kinesis:us-east-1:123456789012:stream/x" }] }, `${at}.logSubscriptions: has 3 filters; CloudWatch Logs allows 2`);
        await refused({ logSubscriptions: [{ destinationArn: FIREHOSE, filterPattern: "x".repeat(1025) }] }, `${at}.logSubscriptions[0].filterPattern: is 1025 characters`);
        await refused({ logRouter: { cpu: 64 } }, `${at}.logRouter: is set, but no container sends its logs through FireLens`);
        await refused(
            { logRouter: { configFile: "arn:aws:s3:::configs/extra.conf" }, containers: [{ name: "worker", command: ["php", "artisan", "queue:work", "--timeout=120"], logging: { fireLens: { name: "datadog" } } }] },
            `${at}.logRouter.configFile: is "arn:aws:s3:::configs/extra.conf", in S3`,
        );
        await refused(
            { logRouter: { memory: 2048 }, containers: [{ name: "worker", command: ["php", "artisan", "queue:work", "--timeout=120"], logging: { fireLens: { name: "datadog" } } }] },
            `${at}.logRouter.memory: is 2048`,
        );
    });
});
