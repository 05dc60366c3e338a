/**
 * `fargate-kit wait`: the Pulumi Deployment (REST API through an injected fetch), then the ECS
 * rollouts it started. A rollout the circuit breaker rolled back fails the wait although the
 * deployment succeeded: the AWS provider's steady-state waiter takes ROLLBACK_SUCCESSFUL as done.
 */
import * as assert from "assert";
import * as fs from "fs";
import { DescribeServiceDeploymentsCommand, DescribeTasksCommand, ListServiceDeploymentsCommand, ListTasksCommand } from "@aws-sdk/client-ecs";
import { PROD_OUTPUTS, cli } from "./support";
import { ecs, healthy, taskArn } from "./mocks";

const API = "https://api.pulumi.com/api/stacks/acme/fargate-kit/prod";
const ENV = { PULUMI_ACCESS_TOKEN: "pul-test", PULUMI_STACK: "acme/fargate-kit/prod" };
const outputs = JSON.parse(fs.readFileSync(PROD_OUTPUTS, "utf8"));

/** The Pulumi Cloud API: the deployment moves through `statuses`, one a poll. */
function cloud(statuses: string[], seen: { url: string; auth?: string }[] = []) {
    let i = 0;
    return (url: string, init?: RequestInit) => {
        seen.push({ url, auth: (init?.headers as Record<string, string>)?.Authorization });
        if (url === `${API}/deployments/dep-1`) return { status: 200, body: { id: "dep-1", version: 42, created: "2026-12-06T08:59:00Z", status: statuses[Math.min(i++, statuses.length - 1)], jobs: [{ steps: [{ name: "pulumi up", status: "running" }] }] } };
        if (url === `${API}/deployments?page=1&pageSize=10`) return { status: 200, body: { deployments: [{ id: "dep-0", created: "2026-12-05T10:00:00Z", status: "succeeded" }, { id: "dep-1", created: "2026-12-06T08:59:00Z", status: "running" }] } };
        if (url === `${API}/export`) return { status: 200, body: { version: 3, deployment: { resources: [{ type: "pulumi:pulumi:Stack", outputs }, { type: "aws:ecs/service:Service" }] } } };
        return { status: 404, body: {} };
    };
}

const SD = "arn:aws:ecs:us-east-1:123456789012:service-deployment/fargate-kit-prod-app/web-7d41e2a/sd1";

describe("fargate-kit wait", () => {
    beforeEach(() => {
        healthy();
        ecs.on(ListServiceDeploymentsCommand, { service: "web-7d41e2a" }).resolves({ serviceDeployments: [{ serviceDeploymentArn: SD, status: "IN_PROGRESS", createdAt: new Date("2026-12-06T09:01:00Z") }] });
        ecs.on(DescribeServiceDeploymentsCommand).resolvesOnce({ serviceDeployments: [{ status: "IN_PROGRESS", lifecycleStage: "BAKE_TIME" }] }).resolves({ serviceDeployments: [{ status: "SUCCESSFUL" }] });
    });

    it("waits for the deployment, then for each ECS rollout it started; exits 0 when all succeeded", async () => {
        const seen: { url: string; auth?: string }[] = [];
        const r = await cli(["wait", "--deployment", "dep-1"], { env: ENV, fetch: cloud(["not-started", "running", "running", "succeeded"], seen) });
        assert.strictEqual(r.code, 0, r.stderr);
        assert.strictEqual(
            r.stdout,
            [
                "Pulumi Deployment 42: succeeded (https://app.pulumi.com/acme/fargate-kit/prod/deployments/42)",
                "  web: SUCCESSFUL",
                "  worker: unchanged (no new ECS rollout)",
                "ok: deployed: the Pulumi Deployment succeeded and 1 ECS rollout(s) completed",
                "",
            ].join("\n"),
        );
        assert.strictEqual(r.stderr, "[0s] Pulumi Deployment 42: not-started (pulumi up)\n[10s] Pulumi Deployment 42: running (pulumi up)\n[30s] web: ECS rollout IN_PROGRESS (BAKE_TIME)\n");
        assert.ok(seen.every((s) => s.auth === "token pul-test"));
        // Rollouts since the deployment began (a minute of clock skew allowed).
        assert.deepStrictEqual(ecs.commandCalls(ListServiceDeploymentsCommand)[0].args[0].input, { cluster: "fargate-kit-prod-app", service: "web-7d41e2a", createdAt: { after: new Date("2026-12-06T08:58:00Z") } });
    });

    it("a live line on a terminal instead of plain lines", async () => {
        const r = await cli(["wait", "-d", "dep-1"], { env: ENV, tty: true, fetch: cloud(["running", "succeeded"]) });
        assert.strictEqual(r.code, 0);
        assert.ok(r.stderr.startsWith("\r\x1b[KPulumi Deployment 42: running (pulumi up) (0s)"), JSON.stringify(r.stderr));
        assert.ok(r.stderr.endsWith("\r\x1b[K"), "the live line is cleared at the end");
    });

    it("a failed Pulumi Deployment: exit 1 with where to read its log", async () => {
        const r = await cli(["wait", "--deployment", "dep-1", "--json"], { env: ENV, fetch: cloud(["running", "failed"]) });
        assert.strictEqual(r.code, 1);
        const j = JSON.parse(r.stdout);
        assert.deepStrictEqual([j.result, j.deployment.status, j.ecsChecked], ["failed", "failed", false]);
        assert.strictEqual(j.message, "the Pulumi Deployment failed: see its log at https://app.pulumi.com/acme/fargate-kit/prod/deployments/42");
    });

    it("a rollout the circuit breaker rolled back fails the wait, with why its tasks stopped, although the deployment succeeded", async () => {
        ecs.on(DescribeServiceDeploymentsCommand).resolves({ serviceDeployments: [{ status: "ROLLBACK_SUCCESSFUL", statusReason: "Service deployment rolled back because the circuit breaker threshold was exceeded.", rollback: { reason: "circuit breaker" } }] });
        ecs.on(ListTasksCommand).resolves({ taskArns: [taskArn("bad1")] });
        ecs.on(DescribeTasksCommand).resolves({ tasks: [{ taskArn: taskArn("bad1"), lastStatus: "STOPPED", stoppedReason: "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/fargate-kit-prod-web/0123456789abcdef)", containers: [{ name: "php", exitCode: 137 }] }] });
        const r = await cli(["wait", "--deployment", "dep-1"], { env: ENV, fetch: cloud(["succeeded"]) });
        assert.strictEqual(r.code, 1);
        assert.match(r.stdout, /^ {2}web: ROLLBACK_SUCCESSFUL: Service deployment rolled back because the circuit breaker threshold was exceeded\.$/m);
        assert.match(r.stdout, /^ {4}stopped task bad1: Task failed ELB health checks in .*; php exit 137$/m);
        assert.match(r.stdout, /^ROLLED BACK: the Pulumi Deployment succeeded, but web ROLLBACK_SUCCESSFUL: the new version is not running\n$/m);
    });

    it("credentials that may not list tasks (the CI push role) still see the rollback, by the deployment's own reason", async () => {
        ecs.on(DescribeServiceDeploymentsCommand).resolves({ serviceDeployments: [{ status: "ROLLBACK_SUCCESSFUL", statusReason: "circuit breaker threshold exceeded" }] });
        ecs.on(ListTasksCommand).rejects(Object.assign(new Error("not authorized to perform: ecs:ListTasks"), { name: "AccessDeniedException" }));
        const r = await cli(["wait", "--deployment", "dep-1", "--json"], { env: ENV, fetch: cloud(["succeeded"]) });
        assert.strictEqual(r.code, 1);
        const j = JSON.parse(r.stdout);
        assert.deepStrictEqual([j.result, j.services[0]], ["rolled back", { name: "web", serviceName: "web-7d41e2a", status: "ROLLBACK_SUCCESSFUL", reason: "circuit breaker threshold exceeded", failedTasks: [] }]);
    });

    it("no --deployment: the stack's newest; --timeout: exit 1 while it still runs", async () => {
        const r = await cli(["wait", "--timeout", "30s", "--json"], { env: ENV, fetch: cloud(["running"]) });
        assert.strictEqual(r.code, 1);
        const j = JSON.parse(r.stdout);
        assert.deepStrictEqual([j.result, j.deployment.id], ["timeout", "dep-1"]);
        assert.match(j.message, /^gave up after 30s: the deployment is still running \(it goes on; see https:\/\/app\.pulumi\.com\/acme\/fargate-kit\/prod\/deployments\/42\)$/);
    });

    it("errors: no token, a short stack name, no AWS credentials (and --skip-ecs to opt out of the ECS check)", async () => {
        let r = await cli(["wait", "-d", "dep-1"], { env: { PULUMI_STACK: "acme/fargate-kit/prod" } });
        assert.deepStrictEqual([r.code, r.stderr], [2, "fargate-kit: PULUMI_ACCESS_TOKEN is not set: wait reads the deployment from the Pulumi Cloud API with it (a token that may read the stack's deployments)\n"]);
        r = await cli(["wait", "-d", "dep-1", "--stack", "prod"], { env: { PULUMI_ACCESS_TOKEN: "t" } });
        assert.strictEqual(r.stderr, 'fargate-kit: wait needs the stack as organization/project/stack (e.g. acme/fargate-kit/prod): pass --stack or set PULUMI_STACK; got "prod"\n');
        r = await cli(["wait", "-d", "dep-1"], { env: ENV, fetch: () => ({ status: 401, body: {} }) });
        assert.match(r.stderr, /the Pulumi Cloud API refused PULUMI_ACCESS_TOKEN \(401\)/);
        ecs.on(ListServiceDeploymentsCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
        r = await cli(["wait", "-d", "dep-1"], { env: ENV, fetch: cloud(["succeeded"]) });
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /no AWS credentials found: .*\. wait checks the ECS rollouts with them, since a rolled-back rollout still ends the Pulumi Deployment green; pass --skip-ecs to check the deployment only\n$/);
        ecs.resetHistory();
        r = await cli(["wait", "-d", "dep-1", "--skip-ecs"], { env: ENV, fetch: cloud(["succeeded"]) });
        assert.strictEqual(r.code, 0);
        assert.match(r.stdout, /ok: the Pulumi Deployment succeeded \(ECS rollouts not checked: --skip-ecs\)/);
        assert.strictEqual(ecs.calls().length, 0);
    });
});
