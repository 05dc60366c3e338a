/**
 * A microservice-shaped app written from scratch (examples/stacks/Pulumi.micro.yaml, Sydney): a
 * public Node API, a Go orders backend on an image of its own reached only through Service Connect,
 * an SQS worker and the API sharing an EFS file system (the API read-only), a singleton scheduler,
 * Postgres for the backend under the variable names libpq reads, and live tracking on the API's
 * second port (an additional target on a host of its own).
 */
import * as assert from "assert";
import * as path from "path";
import { ProgramRun, runProgram } from "../tools/mock-runtime";
import { containerDefs, ofType, one, statements } from "./support";

const FILE = path.join(__dirname, "..", "examples", "stacks", "Pulumi.micro.yaml");
const env = (c: { environment?: { name: string; value: string }[] }) => Object.fromEntries((c.environment ?? []).map((e) => [e.name, e.value]));

describe("a microservice-shaped app from scratch (examples/stacks/Pulumi.micro.yaml)", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram({ stack: "micro", stackFile: FILE, overrides: { "fargate-kit:imageTag": "9c1e7a2" } });
    });
    const container = (service: string) => containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", `${service}-task`))[0];
    const taskActions = (service: string) => statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", `${service}-task`).inputs.policy).flatMap((s) => s.Action);

    it("runs two images: the API's and the backend's own", () => {
        assert.match(container("api").image, /\/fargate-kit-micro-app:9c1e7a2$/);
        assert.match(container("orders").image, /\/fargate-kit-micro-orders:9c1e7a2$/);
        assert.deepStrictEqual(ofType(run.resources, "aws:ecr/repository:Repository").map((r) => r.name).sort(), ["app", "orders"]);
    });

    it("reaches the backend only through Service Connect, from the API's tasks only, with no load balancer of its own", () => {
        assert.strictEqual(env(container("api")).ORDERS_URL, "http://orders:8080");
        const rules = ofType(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("orders-from-"));
        assert.deepStrictEqual(
            rules.map((r) => [r.name, r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.cidrIpv4]),
            [["orders-from-api", "api-tasks-id", 8080, undefined]],
        );
        assert.ok(!ofType(run.resources, "aws:lb/targetGroup:TargetGroup").some((t) => t.name.startsWith("orders")));
        const orders = one(run.resources, "aws:ecs/service:Service", "orders");
        assert.strictEqual(orders.inputs.serviceConnectConfiguration.enabled, true);
    });

    it("hands the backend its database under libpq's names, on its own image because it asks for the app environment", () => {
        const e = env(container("orders"));
        assert.deepStrictEqual([e.PGDATABASE, e.PGPORT], ["orders", "5432"]);
        assert.match(e.PGHOST, /\.rds\.amazonaws\.com$/);
        const secrets = (container("orders").secrets as { name: string }[]).map((s) => s.name).sort();
        assert.deepStrictEqual(secrets, ["PGPASSWORD", "PGUSER", "SENTRY_DSN"]);
        assert.strictEqual(env(container("api")).PGHOST, undefined, "the API does not use the database");
    });

    it("shares the file system: the worker writes, the API only reads, both through the access point with TLS and IAM", () => {
        assert.deepStrictEqual([taskActions("pod-render").filter((a) => a.startsWith("elasticfilesystem")), taskActions("api").filter((a) => a.startsWith("elasticfilesystem"))], [
            ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
            ["elasticfilesystem:ClientMount"],
        ]);
        for (const service of ["api", "pod-render"]) {
            const volume = one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", `${service}-task`).inputs.volumes.find((v: { name: string }) => v.name === "efs-media-pod");
            assert.deepStrictEqual([volume.efsVolumeConfiguration.transitEncryption, volume.efsVolumeConfiguration.authorizationConfig.iam], ["ENABLED", "ENABLED"], service);
        }
        const nfs = one(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "media-nfs");
        assert.deepStrictEqual([nfs.inputs.referencedSecurityGroupId, nfs.inputs.fromPort], ["media-clients-id", 2049]);
    });

    it("serves live tracking from the API's second port on a host of its own (an additional target)", () => {
        const rule = one(run.resources, "aws:lb/listenerRule:ListenerRule", "api-live-route").inputs;
        assert.deepStrictEqual(rule.conditions, [{ hostHeader: { values: ["live.tidewater-freight.com.au"] } }]);
        const group = one(run.resources, "aws:lb/targetGroup:TargetGroup", "api-live-tg").inputs;
        assert.deepStrictEqual([group.port, group.healthCheck.path, group.stickiness.cookieDuration], [3001, "/live/healthz", 900]);
        assert.deepStrictEqual(one(run.resources, "aws:ecs/service:Service", "api").inputs.loadBalancers.map((l: any) => l.containerPort), [3000, 3001]);
        assert.deepStrictEqual(one(run.resources, "aws:acm/certificate:Certificate", "app-cert").inputs.subjectAlternativeNames, ["live.tidewater-freight.com.au"]);
    });

    it("never runs the scheduler twice: stop before start", () => {
        const s = one(run.resources, "aws:ecs/service:Service", "scheduler");
        assert.deepStrictEqual([s.inputs.desiredCount, s.inputs.deploymentMinimumHealthyPercent, s.inputs.deploymentMaximumPercent], [1, 0, 100]);
    });
});

describe("Service Connect with a backend that sends to its caller's queue (found by the generator)", () => {
    it("plans: the worker does not wait for the backend that needs the worker's queue (that wait held the worker's URN forever)", async function () {
        this.timeout(20000);
        const workers = {
            a: { task: { cpu: 256, memory: 512, containers: [{ name: "a", command: ["run-a"] }] } },
            b: { queue: false, reachableFrom: ["a"], sendsTo: ["a"], task: { cpu: 256, memory: 512, containers: [{ name: "b", command: ["run-b"], ports: [8080] }] } },
        };
        const gone = { "fargate-kit:webServices": undefined, "fargate-kit:scheduledTasks": undefined, "fargate-kit:migration": undefined, "fargate-kit:databases": undefined, "fargate-kit:caches": undefined };
        const run = await runProgram({ stack: "stage", overrides: { "fargate-kit:imageTag": "abc1234", "fargate-kit:workers": workers, ...gone } });
        const a = one(run.resources, "aws:ecs/service:Service", "a");
        const b = one(run.resources, "aws:ecs/service:Service", "b");
        assert.ok(!a.dependsOn.includes(`aws:ecs/service:Service::b`), "a does not wait for b");
        assert.strictEqual(env(containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "a-task"))[0]).B_URL, "http://b:8080");
        assert.ok(b.inputs.serviceConnectConfiguration.enabled);
    });
});
