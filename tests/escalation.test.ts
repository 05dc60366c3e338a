/**
 * The deploy role cannot escalate beyond its stack. It may create, change and pass only the
 * stack's roles, and only with the stack's permissions boundary on them (tests/deployer.test.ts);
 * here: every role the stack creates carries that boundary, the boundary covers exactly what each
 * role is granted (nothing is cut at run time), and what the boundary allows — so the most any
 * reachable role can ever do — reaches no IAM or STS, no Organizations, no other stack's resources
 * and no secret the stack file does not name. AWS's evaluation is modelled by tools/iam-check.ts.
 */
import * as assert from "assert";
import * as path from "path";
import { ProgramRun, RecordedResource, runProgram } from "../tools/mock-runtime";
import { PolicyStatement, allows } from "../tools/iam-check";
import { ofType, one } from "./support";

const ACCOUNT = "123456789012";
const DEPLOYMENTS = { organization: "acme", repository: "acme/app" };
const boundaryArn = (stack: string) => `arn:aws:iam::${ACCOUNT}:policy/fargate-kit-deploy/fargate-kit-${stack}-boundary`;
const statementsOf = (r: RecordedResource): PolicyStatement[] => JSON.parse(r.inputs.policy).Statement;

describe("the deploy role cannot escalate beyond its stack", () => {
    const runs: ProgramRun[] = [];
    before(async function () {
        this.timeout(60000);
        const example = (name: string) => path.join(__dirname, "..", "examples", "stacks", `Pulumi.${name}.yaml`);
        const tag = { "fargate-kit:imageTag": "3f2c1ab" };
        runs.push(
            await runProgram({ stack: "stage", overrides: tag }),
            await runProgram({ stack: "prod", overrides: tag }),
            await runProgram({ stack: "lean", stackFile: example("lean"), overrides: { ...tag, "fargate-kit:deployments": DEPLOYMENTS } }),
            await runProgram({ stack: "multi", stackFile: example("multi"), overrides: { ...tag, "fargate-kit:deployments": DEPLOYMENTS } }),
            // Deployments from CodeCommit: EventBridge's role for the push trigger.
            await runProgram({ stack: "codecommit", stackFile: example("codecommit"), overrides: tag }),
            // Named images (one outside the stack, with credentials), a standalone task, queue workers in a circle.
            await runProgram({ stack: "shapes", stackFile: example("shapes"), overrides: { ...tag, "fargate-kit:deployments": DEPLOYMENTS } }),
            // NAT instances, blue/green's infrastructure role, ECS Exec, a CodeBuild push role and secrets of every kind.
            await runProgram({
                stack: "prod",
                overrides: {
                    ...tag,
                    "fargate-kit:network": { availabilityZones: 2, nat: "instance" },
                    "fargate-kit:app": {
                        ciPush: { provider: "codebuild", repository: "app-build", codeBuildProject: "app-image" },
                        secrets: {
                            APP_KEY: { secretsManager: "laravel/prod/app", jsonKey: "APP_KEY" },
                            STRIPE: { secretsManager: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:payments/stripe-AbC123` },
                            SENTRY_DSN: { ssmParameter: "/app/prod/sentry", kmsKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
                        },
                    },
                    // The stack's own bucket and topic: the web app reads, writes and publishes; the worker is notified and subscribed.
                    "fargate-kit:buckets": { uploads: { grants: { web: "readWrite", worker: { access: "read", prefix: "in/" } }, notify: { worker: { prefix: "in/" } } } },
                    "fargate-kit:topics": { orders: { publishers: ["web"], subscribers: { worker: {} } } },
                    "fargate-kit:webServices": {
                        web: {
                            domainName: "app.example.com",
                            enableExecuteCommand: true,
                            sendsTo: ["worker"],
                            deployment: { strategy: "BLUE_GREEN" },
                            task: {
                                cpu: 256, memory: 512, containers: [{ name: "app", ports: [8080], readonlyRootFilesystem: false }],
                                taskRoleStatements: [
                                    { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::acme-uploads/*"] },
                                    // A resource-less action on "*", narrowed by a condition the boundary carries too.
                                    { actions: ["cloudwatch:PutMetricData"], resources: ["*"], conditions: [{ operator: "StringEquals", key: "cloudwatch:namespace", values: ["Shop"] }] },
                                ],
                                logSubscriptions: [{ destinationArn: `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/app-logs` }],
                            },
                        },
                    },
                },
            }),
        );
    });

    it("puts the stack's boundary on every role the stack creates (the deploy role, made by an administrator, aside)", () => {
        for (const run of runs) {
            one(run.resources, "aws:iam/policy:Policy", "deploy-boundary");
            const roles = ofType(run.resources, "aws:iam/role:Role").filter((r) => r.name !== "deploy-role");
            assert.ok(roles.length >= 4, `${run.stack}: ${roles.length} roles`);
            for (const role of roles) assert.strictEqual(role.inputs.permissionsBoundary, boundaryArn(run.stack), `${run.stack} ${role.name}`);
        }
    });

    it("allows each role everything it is granted: nothing the stack needs is cut at run time", () => {
        for (const run of runs) {
            const boundary = statementsOf(one(run.resources, "aws:iam/policy:Policy", "deploy-boundary"));
            const cut: string[] = [];
            for (const policy of ofType(run.resources, "aws:iam/rolePolicy:RolePolicy").filter((r) => r.name !== "deploy-role")) {
                for (const st of statementsOf(policy)) {
                    // The request context a granted call carries: the NAT resources' tag, the service a role is passed to.
                    const context = { "aws:ResourceTag/fargate-kit-nat": `fargate-kit-${run.stack}-app-nat`, "iam:PassedToService": "ecs-tasks.amazonaws.com", "cloudwatch:namespace": "Shop" };
                    // An EFS file system's tags, as IAM reads them on the file system a mount names (mock ids are `<name>-id`).
                    const fileSystemTags = (resource: string): Record<string, string> => {
                        const fs = run.resources.find((r) => r.type === "aws:efs/fileSystem:FileSystem" && resource.endsWith(`:file-system/${r.name}-id`));
                        return Object.fromEntries(Object.entries(fs?.inputs.tags ?? {}).map(([k, v]) => [`aws:ResourceTag/${k}`, String(v)]));
                    };
                    for (const action of [st.Action].flat()) {
                        for (const resource of [st.Resource].flat()) {
                            if (!allows(boundary, { action, resources: [resource], context: { ...context, ...fileSystemTags(resource) } })) cut.push(`${policy.name}: ${action} on ${resource}`);
                        }
                    }
                }
            }
            assert.deepStrictEqual(cut, [], run.stack);
        }
    });

    it("reaches no IAM, STS, Organizations or account setting, no other stack's resources and no unnamed secret", () => {
        for (const run of runs) {
            const boundary = statementsOf(one(run.resources, "aws:iam/policy:Policy", "deploy-boundary"));
            const other = run.stack === "stage" ? "prod" : "stage";
            const arn = (service: string, resource: string) => `arn:aws:${service}:us-east-1:${ACCOUNT}:${resource}`;
            const forbidden: { action: string; resources: string[]; context?: Record<string, string> }[] = [
                ...["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:DeleteRolePermissionsBoundary"].map((action) => ({ action, resources: [`arn:aws:iam::${ACCOUNT}:role/fargate-kit/fargate-kit/${run.stack}/x`] })),
                { action: "iam:CreateUser", resources: [`arn:aws:iam::${ACCOUNT}:user/x`] },
                { action: "iam:CreateAccessKey", resources: [`arn:aws:iam::${ACCOUNT}:user/x`] },
                { action: "iam:CreatePolicyVersion", resources: [boundaryArn(run.stack)] },
                { action: "iam:PassRole", resources: [`arn:aws:iam::${ACCOUNT}:role/Admin`], context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
                { action: "iam:PassRole", resources: [`arn:aws:iam::${ACCOUNT}:role/fargate-kit/fargate-kit/${run.stack}/x`], context: { "iam:PassedToService": "lambda.amazonaws.com" } },
                { action: "sts:AssumeRole", resources: [`arn:aws:iam::${ACCOUNT}:role/Admin`] },
                { action: "organizations:LeaveOrganization", resources: ["*"] },
                { action: "account:PutAlternateContact", resources: ["*"] },
                { action: "sqs:SendMessage", resources: [arn("sqs", `fargate-kit-${other}-worker`)] },
                { action: "sqs:ReceiveMessage", resources: [arn("sqs", "billing-invoices")] },
                { action: "ecs:RunTask", resources: [arn("ecs", `task-definition/fargate-kit-${other}-migrate:3`)] },
                { action: "ecs:UpdateTaskProtection", resources: [arn("ecs", `task/fargate-kit-${other}-app/0123`)] },
                { action: "logs:PutLogEvents", resources: [arn("logs", `log-group:/ecs/fargate-kit-${other}/web:log-stream:x`)] },
                { action: "ecr:PutImage", resources: [arn("ecr", `repository/fargate-kit-${other}-app`)] },
                { action: "secretsmanager:GetSecretValue", resources: [arn("secretsmanager", "secret:someone-else/db-AbCdEf")] },
                { action: "ssm:GetParameters", resources: [arn("ssm", "parameter/someone-else/db")] },
                { action: "kms:Decrypt", resources: [arn("kms", "key/ffffffff-0000-0000-0000-000000000000")] },
                { action: "s3:GetObject", resources: ["arn:aws:s3:::someone-elses-bucket/x"] },
                { action: "s3:PutObject", resources: [`arn:aws:s3:::fargate-kit-${other}-uploads-bucket-0123/x`] },
                { action: "sns:Publish", resources: [arn("sns", `fargate-kit-${other}-orders-topic`)] },
                { action: "firehose:PutRecordBatch", resources: [arn("firehose", "deliverystream/someone-elses")] },
                // PutMetricData outside the namespace the stack file narrowed it to.
                { action: "cloudwatch:PutMetricData", resources: ["*"], context: { "cloudwatch:namespace": "SomethingElse" } },
                { action: "elasticloadbalancing:ModifyListener", resources: [arn("elasticloadbalancing", `listener/app/fargate-kit-${other}-app/50dc6c495c0c9188/x`)] },
                { action: "ec2:AttachNetworkInterface", resources: [arn("ec2", "network-interface/eni-1")], context: { "aws:ResourceTag/fargate-kit-nat": `fargate-kit-${other}-app-nat` } },
                { action: "ec2:TerminateInstances", resources: [arn("ec2", "instance/i-1")] },
                { action: "events:InvokeApiDestination", resources: [arn("events", `api-destination/fargate-kit-${other}-deploy-pulumi-api/1a2b`)] },
            ];
            const reached = forbidden.filter((request) => allows(boundary, request)).map((r) => `${r.action} on ${r.resources.join(", ")}`);
            assert.deepStrictEqual(reached, [], run.stack);
        }
    });
});

describe("statements the boundary would cut", () => {
    it("are refused at the key, in a stack file and in the library, instead of failing with AccessDenied at run time", async () => {
        const { loadStackConfig } = require("../stack/config") as typeof import("../stack/config");
        const { readStackFiles, runInMocks } = require("../tools/mock-runtime") as typeof import("../tools/mock-runtime");
        const { throwsValidation } = require("./support") as typeof import("./support");
        const raw = readStackFiles(path.join(__dirname, ".."), "prod").config;
        const workers = JSON.parse(raw["fargate-kit:workers"]);
        workers.worker.task.taskRoleStatements = [{ actions: ["s3:GetObject", "iam:PassRole"], resources: ["arn:aws:s3:::acme/*"] }];
        throwsValidation(
            () => loadStackConfig({ ...raw, "fargate-kit:workers": JSON.stringify(workers) }, {}, "fargate-kit", "prod", () => false),
            'fargate-kit:workers.worker.task.taskRoleStatements[0].actions[1]: is "iam:PassRole", which the stack\'s permissions boundary (fargate-kit-prod-boundary) never allows a task role',
        );
        const aws = require("@pulumi/aws");
        const { Worker } = require("../components/services/worker");
        const task = { image: "nginx:1.27", cpu: 256, memory: 512, containers: [{ name: "w", command: ["run"] }], taskRoleStatements: [{ actions: ["sts:AssumeRole"], resources: ["arn:aws:iam::123456789012:role/Admin"] }] };
        await assert.rejects(
            runInMocks(() => new Worker("w", { cluster: new aws.ecs.Cluster("c", {}), vpcId: "vpc-1", subnetIds: ["a"], task, permissionsBoundary: boundaryArn("prod") })),
            /task\.taskRoleStatements\[0\]\.actions\[0\]: is "sts:AssumeRole", which the permissions boundary never allows a task role/,
        );
    });
});
