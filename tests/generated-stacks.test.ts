/**
 * Valid stack files, generated in the variety users write (tests/generate/stack-file.ts): each
 * must plan, and what it records must hold the invariants. A fixed seed here; the slow suite runs
 * 1,000 more. Below them, what the generator found, each pinned as a regression test.
 */
import * as assert from "assert";
import { checkGeneratedStacks, planProblems, toYaml } from "./generate/run";
import { coveringSet } from "./generate/coverage";
import { runProgram } from "../tools/mock-runtime";
import { containerDefs, one } from "./support";

/** Every branch of the generator: a branch no generated file takes is a hole in what is tested. */
const BRANCHES = [
    "alarms:email", "alarms:topic", "arch:ARM64", "arch:X86_64", "deployments", "migration", "tags",
    "deployments:codecommit",
    "data:bucket", "data:bucket-prefix", "data:notify", "data:topic", "data:topic-filter", "iam:resourceless",
    "image:circleci", "image:codebuild", "image:ecr", "image:github", "image:gitlab", "image:outside",
    "insights:default", "insights:enabled", "insights:enhanced",
    "lb:adopt", "lb:certificates", "lb:http", "lb:zone-dotted", "lb:zone-id", "lb:zone-name",
    "name:capitals-or-underscore", "name:longest-web", "name:longest-worker", "name:longest-target",
    "network:adopted", "network:adopted-public", "network:default", "network:endpoints", "network:instance", "network:none", "network:perAz", "network:single",
    "protect:false", "protect:true", "keep:defaults", "keep:long-logs", "keep:stage-like", "region:before-2022-08", "region:newer",
    "route:aliases", "route:default", "route:host", "route:host+path", "route:only", "route:path",
    "schedule:at", "schedule:cron", "schedule:rate", "schedule:timezone", "schedule:window",
    "secret:arn", "secret:json-key", "secret:name", "secret:ssm",
    "sends:plain-to-queue", "sends:queue-to-queue", "sends:web-to-queue", "spot:on-demand-base", "spot:web", "spot:worker",
    "strategy:BLUE_GREEN", "strategy:CANARY", "strategy:LINEAR", "strategy:ROLLING", "strategy:test-listener",
    "web-scaling:cpu", "web-scaling:default", "web-scaling:desired", "web-scaling:requests",
    "web-services:0", "web-services:1", "web-services:2", "web-services:3", "web-task:nginx-php", "web-task:sidecar", "web-task:single",
    "worker-container:command", "worker-container:entryPoint", "worker-container:own-image", "worker-scaling:burst", "worker-scaling:plain", "worker-scaling:warm",
    "worker:fifo", "worker:own-variables", "worker:plain", "worker:queue", "workers:0", "workers:1", "workers:2", "workers:3",
    "images:none", "images:nginx", "images:outside", "task:capabilities", "task:memory-reservations", "task:standalone", "task:standalone-efs", "task:standalone-data", "task:shared-volume", "sends:queue-circle",
    "data:none", "database:adopt", "database:auto-pause", "database:instance-mysql", "database:instance-postgres", "database:renamed", "database:sidecar", "database:serverless-mysql", "database:serverless-postgres",
    "cache:adopt", "cache:node-redis", "cache:node-valkey", "cache:serverless-redis", "cache:serverless-valkey", "cache:url",
    // Real apps' service shapes (docs/service-shapes.md).
    "shape:web-https", "shape:web-https-http2", "shape:web-metric", "shape:web-requests-only", "shape:web-schedules", "shape:web-singleton", "shape:web-sticky", "shape:web-target-host", "shape:web-target-path",
    "shape:worker-backend", "shape:worker-schedules", "shape:worker-singleton", "shape:worker-steps",
    "efs:adopted", "efs:created", "efs:allow-replacement", "images:build",
    "shape:web-internal",
];

describe("generated valid stack files", () => {
    // A few generated files that together take every branch (from 250 generated with a fixed seed).
    const { files, covered } = coveringSet(2026_12_06, 250, { maxWeb: 3, maxWorkers: 3 });

    it("reach every branch of the generator", () => {
        assert.deepStrictEqual(covered, [...BRANCHES].sort());
    });

    it(`plan, with hosts on certificates, queues wired, secrets granted exactly, groups closed, IAM and names AWS accepts (${files.length} files taking every branch)`, async function () {
        this.timeout(120000);
        const failures: string[] = [];
        for (const file of files) {
            const problems = await planProblems(file);
            if (problems.length > 0) failures.push(`${problems.join("\n")}\n\n# Pulumi.${file.stack}.yaml\n${toYaml(file)}`);
        }
        assert.deepStrictEqual(failures, []);
    });

    it("plan from a random seed too, shrunk to the smallest failing file", async function () {
        this.timeout(120000);
        await checkGeneratedStacks({ seed: 2026_12_06, runs: 3, size: { maxWeb: 2, maxWorkers: 2 } });
    });
});

describe("what the generator found", () => {
    it("plans a production stack (access logs on) in a Region newer than August 2022, whose log delivery is a service principal", async () => {
        const run = await runProgram({ stack: "prod", overrides: { "aws:region": "ca-west-1", "fargate-kit:imageTag": "9fceb02" } });
        const policy = JSON.parse(one(run.resources, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        assert.deepStrictEqual(policy.Statement[0].Principal, { Service: "logdelivery.elasticloadbalancing.amazonaws.com" });
        assert.ok(!run.invokes.includes("aws:elb/getServiceAccount:getServiceAccount"), "the provider's data source fails outside its table");
    });

    it("hands a producer's queue variables to its containers of their own image too", async () => {
        const problems = await planProblems({
            stack: "stage",
            config: {
                "aws:region": "eu-south-2",
                "fargate-kit:protect": false,
                "fargate-kit:cluster": { containerInsights: "enabled" },
                "fargate-kit:workers": {
                    webhooks: { task: { cpu: 256, memory: 512, containers: [{ name: "worker", command: ["node", "dist/worker.js"] }] } },
                    mailer: { queue: false, sendsTo: ["webhooks"], task: { cpu: 256, memory: 512, containers: [{ name: "mailer", image: "public.ecr.aws/acme/mailer:1.4.2" }] } },
                },
            },
        });
        assert.deepStrictEqual(problems, []);
        const run = await runProgram({
            stack: "stage",
            overrides: {
                "fargate-kit:imageTag": "9fceb02",
                "fargate-kit:workers": { worker: { task: { cpu: 256, memory: 512, containers: [{ name: "worker", command: ["php", "artisan", "queue:work"] }] } }, mailer: { queue: false, sendsTo: ["worker"], task: { cpu: 256, memory: 512, containers: [{ name: "mailer", image: "public.ecr.aws/acme/mailer:1.4.2" }] } } },
            },
        });
        const env = Object.fromEntries(containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "mailer-task"))[0].environment.map((e: any) => [e.name, e.value]));
        assert.match(env.QUEUE_URL, /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/fargate-kit-stage-worker/);
    });
});
