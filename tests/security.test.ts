import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { CONTROLS, DATA_CONTROL_IDS, evaluateControls, unprotectedState } from "../plan/controls";
import { ProgramRun, RecordedResource, readStackFiles, runProgram } from "../tools/mock-runtime";
import { loadStackConfig } from "../stack/config";
import { throwsValidation, bothStacks } from "./support";

const root = path.join(__dirname, "..");
const TAG = { "fargate-kit:imageTag": "3f2c1ab" };

/**
 * What stage opts out of, and the stack-config line that does it. The controls table of docs/security.md
 * lists the same; the test below keeps them in step.
 */
const STAGE_OPT_OUTS: Record<string, string> = {
    "ECS.2": "network.nat: none — tasks get a public IP instead of a NAT gateway",
    "ECS.5": "webServices.web.enableExecuteCommand: true — ECS Exec needs a writable root filesystem",
    "ELB.1": "no webServices.web.domainName — HTTP only, nothing to redirect to",
    "ELB.5": "protect: false — no access-log bucket",
    "ELB.6": "protect: false — the load balancer can be deleted",
    "CloudWatch.16": "protect: false — logs kept 30 days (exec logs 30)",
    "RDS.5": "databases.main.multiAz: false — one database instance, no standby in another AZ",
    "RDS.8": "protect: false — the database can be deleted",
};

/**
 * Data-store controls of a kind one shipped stack does not use (stage: an RDS instance, prod: an
 * Aurora cluster; both: serverless Valkey, no replication group): n/a there. tests/data.test.ts
 * checks them on a stack of the other kinds.
 */
const OTHER_KIND: Record<string, "stage" | "prod" | "both"> = {
    "RDS.3": "prod", "RDS.5": "prod", "RDS.8": "prod", "RDS.11": "prod", "RDS.17": "prod",
    "RDS.7": "stage", "RDS.15": "stage", "RDS.16": "stage", "RDS.27": "stage",
    "ElastiCache.2": "both", "ElastiCache.3": "both", "ElastiCache.4": "both", "ElastiCache.5": "both", "ElastiCache.7": "both",
};
const na = (id: string, stack: "stage" | "prod") => OTHER_KIND[id] === stack || OTHER_KIND[id] === "both";

describe("security baseline", () => {
    let stage: ProgramRun;
    let prod: ProgramRun;
    before(async () => {
        ({ stage, prod } = await bothStacks());
    });

    describe("Security Hub controls on the recorded resources", () => {
        // The EFS controls apply to file systems, which prod and stage do not have: tests/file-system.test.ts checks them.
        for (const control of CONTROLS.filter((c) => c.id.startsWith("EFS."))) {
            it(`${control.id}: does not apply to prod and stage (no file systems); checked in tests/file-system.test.ts`, () => {
                for (const run of [prod, stage]) assert.strictEqual(evaluateControls(run.resources).find((r) => r.id === control.id)!.status, "n/a");
            });
        }
        // The data controls apply to buckets and topics the shipped stacks do not have: tests/data.test.ts.
        for (const control of CONTROLS.filter((c) => !DATA_CONTROL_IDS.includes(c.id) && !c.id.startsWith("EFS."))) {
            it(`${control.id}: passes in prod${STAGE_OPT_OUTS[control.id] ? "; stage opts out" : " and stage"}`, () => {
                const p = evaluateControls(prod.resources).find((r) => r.id === control.id)!;
                assert.deepStrictEqual([p.status, p.failures], [na(control.id, "prod") ? "n/a" : "pass", []], control.title);
                const s = evaluateControls(stage.resources).find((r) => r.id === control.id)!;
                assert.strictEqual(s.status, na(control.id, "stage") ? "n/a" : STAGE_OPT_OUTS[control.id] ? "fail" : "pass", `${control.id} in stage: ${s.failures.join("; ")}`);
            });
        }

        it("each control catches a violation (the checks are not vacuous)", () => {
            const violate = (resources: RecordedResource[], type: string, patch: (inputs: any) => void) =>
                resources.map((r) => {
                    if (r.type !== type) return r;
                    const inputs = JSON.parse(JSON.stringify(r.inputs));
                    patch(inputs);
                    return { ...r, inputs };
                });
            const fails = (id: string, resources: RecordedResource[]) => assert.strictEqual(evaluateControls(resources).find((r) => r.id === id)!.status, "fail", id);
            fails("ECS.3", violate(prod.resources, "aws:ecs/taskDefinition:TaskDefinition", (i) => (i.pidMode = "host")));
            fails("ECS.4", violate(prod.resources, "aws:ecs/taskDefinition:TaskDefinition", (i) => (i.containerDefinitions = i.containerDefinitions.replace('"essential":true', '"essential":true,"privileged":true'))));
            fails("ECS.8", violate(prod.resources, "aws:ecs/taskDefinition:TaskDefinition", (i) => (i.containerDefinitions = i.containerDefinitions.replace('"environment":[', '"environment":[{"name":"AWS_SECRET_ACCESS_KEY","value":"x"},'))));
            fails("ECS.10", violate(prod.resources, "aws:ecs/service:Service", (i) => (i.platformVersion = "1.3.0")));
            fails("ECS.12", violate(prod.resources, "aws:ecs/cluster:Cluster", (i) => (i.settings = [])));
            fails("ELB.4", violate(prod.resources, "aws:lb/loadBalancer:LoadBalancer", (i) => (i.dropInvalidHeaderFields = false)));
            fails("ELB.12", violate(prod.resources, "aws:lb/loadBalancer:LoadBalancer", (i) => (i.desyncMitigationMode = "monitor")));
            fails("ELB.13", violate(prod.resources, "aws:lb/loadBalancer:LoadBalancer", (i) => (i.subnets = ["one"])));
            fails("ELB.17", violate(prod.resources, "aws:lb/listener:Listener", (i) => i.protocol === "HTTPS" && (i.sslPolicy = "ELBSecurityPolicy-2016-08")));
            fails("ECR.1", violate(prod.resources, "aws:ecr/repository:Repository", (i) => (i.imageScanningConfiguration = { scanOnPush: false })));
            fails("ECR.2", violate(prod.resources, "aws:ecr/repository:Repository", (i) => (i.imageTagMutability = "MUTABLE")));
            fails("ECR.3", prod.resources.filter((r) => r.type !== "aws:ecr/lifecyclePolicy:LifecyclePolicy"));
            fails("SQS.1", violate(prod.resources, "aws:sqs/queue:Queue", (i) => delete i.sqsManagedSseEnabled));
            const wildcard = (i: any) => (i.policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: ["arn:aws:s3:::b"] }] }));
            fails("IAM.21", violate(prod.resources, "aws:iam/rolePolicy:RolePolicy", wildcard));
            fails("IAM.1", violate(prod.resources, "aws:iam/rolePolicy:RolePolicy", (i) => (i.policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }))));
            fails("FK.LeastPrivilege", violate(prod.resources, "aws:iam/rolePolicy:RolePolicy", (i) => (i.policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["sqs:SendMessage"], Resource: "*" }] }))));
            fails("FK.SecretScope", violate(prod.resources, "aws:iam/rolePolicy:RolePolicy", (i) => (i.policy = i.policy.replace(/laravel\/prod\/app-[A-Za-z0-9]{6}/, "laravel/prod/app-*"))));
            fails("FK.NoWorldIngress", violate(prod.resources, "aws:ec2/securityGroup:SecurityGroup", (i) => (i.ingress = [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }])));
        });

        it("the README and docs/ document every control and stage's opt-outs with their reasons", () => {
            // The README, and the docs/ pages it links (a feature's page may document its control first).
            const docsDir = path.join(root, "docs");
            const readme = [fs.readFileSync(path.join(root, "README.md"), "utf8"), ...fs.readdirSync(docsDir).filter((f) => f.endsWith(".md")).map((f) => fs.readFileSync(path.join(docsDir, f), "utf8"))].join("\n");
            for (const c of CONTROLS) assert.ok(readme.includes(`| ${c.id} |`), `README lacks ${c.id}`);
            for (const [id, reason] of Object.entries(STAGE_OPT_OUTS)) assert.ok(readme.includes(`| ${id} | opt-out: ${reason} |`), `README lacks the opt-out row of ${id}`);
        });
    });

    describe("least privilege", () => {
        it("grants no wildcard action and no Resource * beyond the documented exceptions, in either stack", () => {
            for (const run of [stage, prod]) {
                for (const id of ["IAM.1", "IAM.21", "FK.LeastPrivilege", "FK.SecretScope"]) {
                    assert.deepStrictEqual(evaluateControls(run.resources).find((r) => r.id === id)!.failures, [], `${run.stack} ${id}`);
                }
            }
        });
    });

    describe("nothing lost", () => {
        it("prod protects and retains every stateful resource and never force-deletes", () => {
            assert.deepStrictEqual(unprotectedState(prod.resources), []);
            const stateful = prod.resources.filter((r) => ["aws:ecr/repository:Repository", "aws:sqs/queue:Queue", "aws:cloudwatch/logGroup:LogGroup", "aws:s3/bucket:Bucket"].includes(r.type));
            assert.deepStrictEqual(stateful.map((r) => r.name).sort(), ["app", "app-exec", "app-lb-logs", "migrate-logs", "scheduler-dlq", "scheduler-logs", "web-logs", "worker-dlq", "worker-logs", "worker-queue"]);
        });

        it("stage can be torn down on purpose (protect: false), and says so in its config", () => {
            // The repository, the queues, every log group, the database and the cache (Instance main, ServerlessCache main).
            assert.deepStrictEqual(unprotectedState(stage.resources).map((r) => r.split(" ").pop()).sort(), ["app", "app-exec", "main", "main", "migrate-logs", "scheduler-dlq", "scheduler-logs", "web-logs", "worker-dlq", "worker-logs", "worker-queue"]);
            assert.match(fs.readFileSync(path.join(root, "Pulumi.stage.yaml"), "utf8"), /fargate-kit:protect: false/);
        });
    });

    describe("secrets", () => {
        it("inject secrets by reference: no secret value in the task definitions or outputs", () => {
            for (const run of [stage, prod]) {
                const text = JSON.stringify(run.resources.map((r) => r.inputs)) + JSON.stringify(run.outputs);
                assert.doesNotMatch(text, /"(APP_KEY|DB_PASSWORD)","value"/);
                assert.match(text, /"name\\":\\"DB_PASSWORD\\",\\"valueFrom\\":\\"arn:aws:secretsmanager/);
            }
        });

        it("refuses structured config stored as a Pulumi secret (it would land in clear text)", () => {
            const raw = readStackFiles(root, "stage").config;
            throwsValidation(
                () => loadStackConfig(raw, {}, "fargate-kit", "stage", (k) => k === "fargate-kit:app"),
                "fargate-kit:app: is stored as a Pulumi secret, but it configures infrastructure and its values would be written into resource settings in clear text",
            );
        });

        it("fails the program when a secret reaches a plain environment variable", async () => {
            await assert.rejects(runProgram({ stack: "stage", overrides: { ...TAG, "fargate-kit:app": { secure: "v1:abc" } } }), /fargate-kit:app: is stored as a Pulumi secret/);
        });
    });
});
