/**
 * Valid stack files, generated in the variety users write (tests/generate/stack-file.ts): each
 * must plan, and what it records must hold the invariants. A fixed seed here; the slow suite runs
 * 1,000 more. Below them, what the generator found, each pinned as a regression test.
 */
import * as assert from "assert";
import { checkGeneratedStacks, checkMutations, planProblems } from "./generate/run";
import { MUTATION_KINDS } from "./generate/mutations";
import { runProgram } from "../tools/mock-runtime";
import { containerDefs, one } from "./support";

describe("generated valid stack files", () => {
    it("plan, with hosts on certificates, queues wired, secrets granted exactly, groups closed, IAM and names AWS accepts", async function () {
        this.timeout(120000);
        await checkGeneratedStacks({ seed: 2026_12_06, runs: 10, size: { maxWeb: 3, maxWorkers: 3 } });
    });

    it(`with one user mistake (${MUTATION_KINDS} kinds) are refused at the key the user wrote, naming no key the file lacks`, function () {
        this.timeout(60000);
        const cases = checkMutations({ seed: 2026_12_06, runs: 150 });
        assert.strictEqual(cases, 150);
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
