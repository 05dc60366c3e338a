/** `fargate-kit status`: the healthy report, each kind of unhealthy, --json, and the setup errors. */
import * as assert from "assert";
import { DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServiceDeploymentsCommand, DescribeServicesCommand, DescribeTasksCommand, ListServiceDeploymentsCommand, ListTasksCommand } from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { cli, fakePrograms } from "./support";
import { cloudwatch, ecs, elbv2, healthy, taskArn, td, webService } from "./mocks";

describe("fargate-kit status", () => {
    beforeEach(healthy);

    it("reports every service, the scheduled task and the stack healthy, and exits 0", async () => {
        const r = await cli(["status"]);
        assert.strictEqual(r.stderr, "");
        assert.strictEqual(r.code, 0);
        assert.strictEqual(
            r.stdout,
            [
                "cluster fargate-kit-prod-app (us-east-1), image tag 3f2c1ab",
                "",
                "web (web service) ok",
                "  tasks      2/2 running, 0 pending, image 3f2c1ab",
                "  rollout    COMPLETED fargate-kit-prod-web:12",
                "  breaker    on, rolls back",
                "  targets    2 healthy, 0 unhealthy",
                "",
                "worker (worker) ok",
                "  tasks      1/1 running, 0 pending, image 3f2c1ab",
                "  rollout    COMPLETED fargate-kit-prod-worker:7",
                "  breaker    on, rolls back",
                "  queue      5 waiting, 2 in flight, oldest 42s, 0 dead letters",
                "",
                "scheduler (scheduled task) ok",
                "  schedule   cron(0 3 * * ? *)",
                "  next       2026-12-07T03:00:00.000Z, 2026-12-08T03:00:00.000Z, 2026-12-09T03:00:00.000Z",
                "  dead runs  0",
                "",
                "healthy",
                "",
            ].join("\n"),
        );
    });

    it("--json: the same report for machines", async () => {
        const r = await cli(["status", "--json"]);
        assert.strictEqual(r.code, 0);
        const j = JSON.parse(r.stdout);
        assert.deepStrictEqual([j.healthy, j.cluster, j.region, j.imageTag, j.problems], [true, "fargate-kit-prod-app", "us-east-1", "3f2c1ab", []]);
        assert.deepStrictEqual(j.services.map((s: any) => [s.name, s.kind, s.running, s.desired, s.imageTag, s.rollout.state]), [
            ["web", "web service", 2, 2, "3f2c1ab", "COMPLETED"],
            ["worker", "worker", 1, 1, "3f2c1ab", "COMPLETED"],
        ]);
        assert.deepStrictEqual(j.services[0].targets, { healthy: 2, unhealthy: 0, other: 0, reasons: [] });
        assert.deepStrictEqual(j.services[1].queue, { visible: 5, inFlight: 2, deadLetters: 0, oldestAgeSeconds: 42 });
        assert.deepStrictEqual(j.scheduledTasks[0].nextRuns, ["2026-12-07T03:00:00.000Z", "2026-12-08T03:00:00.000Z", "2026-12-09T03:00:00.000Z"]);
    });

    it("a rollout in progress with failed tasks, why they stopped, its blue/green stage, and an alarm: unhealthy, exit 1", async () => {
        ecs.on(DescribeServicesCommand).callsFake((input) => ({
            services: (input.services as string[]).map((n) =>
                n.startsWith("web")
                    ? webService({
                          runningCount: 1,
                          pendingCount: 1,
                          deployments: [
                              { id: "ecs-svc/3333", status: "PRIMARY", taskDefinition: td("fargate-kit-prod-web", 13), rolloutState: "IN_PROGRESS", rolloutStateReason: "ECS deployment ecs-svc/3333 in progress.", failedTasks: 2 },
                              { id: "ecs-svc/1111", status: "ACTIVE", taskDefinition: td("fargate-kit-prod-web", 12), rolloutState: "COMPLETED" },
                          ],
                      })
                    : { ...webService(), serviceName: "worker-91c0b3f", loadBalancers: [], desiredCount: 1, runningCount: 1 },
            ),
        }));
        ecs.on(ListServiceDeploymentsCommand, { service: "web-7d41e2a" }).resolves({
            serviceDeployments: [
                { serviceDeploymentArn: "arn:aws:ecs:us-east-1:123456789012:service-deployment/fargate-kit-prod-app/web-7d41e2a/old", status: "SUCCESSFUL", createdAt: new Date("2026-12-06T06:00:00Z") },
                { serviceDeploymentArn: "arn:aws:ecs:us-east-1:123456789012:service-deployment/fargate-kit-prod-app/web-7d41e2a/new", status: "IN_PROGRESS", createdAt: new Date("2026-12-06T08:55:00Z") },
            ],
        });
        ecs.on(DescribeServiceDeploymentsCommand).resolves({ serviceDeployments: [{ status: "IN_PROGRESS", lifecycleStage: "BAKE_TIME" }] });
        ecs.on(ListTasksCommand, { serviceName: "web-7d41e2a" }).resolves({ taskArns: [taskArn("aaaabbbbccccdddd1111")] });
        ecs.on(DescribeTasksCommand).resolves({
            tasks: [
                {
                    taskArn: taskArn("aaaabbbbccccdddd1111"),
                    taskDefinitionArn: td("fargate-kit-prod-web", 13),
                    lastStatus: "STOPPED",
                    stopCode: "EssentialContainerExited",
                    stoppedReason: "Essential container in task exited",
                    stoppedAt: new Date("2026-12-06T08:58:00Z"),
                    containers: [{ name: "php", exitCode: 255, reason: undefined }, { name: "nginx", exitCode: 0 }],
                },
            ],
        });
        elbv2.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [{ TargetHealth: { State: "unhealthy", Reason: "Target.ResponseCodeMismatch", Description: "Health checks failed with these codes: [502]" } }] });
        cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: "fargate-kit-prod-worker-not-running" }, { AlarmName: "fargate-kit-prod-app-alb-5xx" }, { AlarmName: "other-app-prod-web-5xx" }] });
        const r = await cli(["status"]);
        assert.strictEqual(r.code, 1);
        assert.match(r.stdout, /^web \(web service\) UNHEALTHY$/m);
        assert.match(r.stdout, /^ {2}tasks {6}1\/2 running, 1 pending, image 3f2c1ab$/m);
        assert.match(r.stdout, /^ {2}rollout {4}IN_PROGRESS fargate-kit-prod-web:13 \(stage BAKE_TIME, 2 failed task\(s\), 1 older deployment\(s\) draining\)$/m);
        assert.match(r.stdout, /^ {2}stopped {4}aaaabbbbcccc 2026-12-06T08:58:00.000Z: Essential container in task exited; php exit 255$/m);
        assert.match(r.stdout, /^ {2}! no healthy target behind the load balancer \(1 unhealthy: Health checks failed with these codes: \[502\]\)$/m);
        assert.match(r.stdout, /^ {2}! alarm fargate-kit-prod-worker-not-running is in ALARM$/m);
        // A stack-wide alarm is listed once; another stack's alarm is not this stack's business.
        assert.match(r.stdout, /^! alarm fargate-kit-prod-app-alb-5xx is in ALARM$/m);
        assert.doesNotMatch(r.stdout, /other-app/);
        // A rollout in progress is not "1 of 2 running" yet.
        assert.doesNotMatch(r.stdout, /1 of 2 tasks running/);
        assert.match(r.stdout, /unhealthy: 3 problem\(s\)\n$/);
        const j = JSON.parse((await cli(["status", "web", "--json"])).stdout);
        assert.deepStrictEqual(j.services[0].rollout, {
            deploymentId: "ecs-svc/3333",
            taskDefinition: "fargate-kit-prod-web:13",
            state: "IN_PROGRESS",
            reason: "ECS deployment ecs-svc/3333 in progress.",
            failedTasks: 2,
            circuitBreaker: { enable: true, rollback: true },
            lifecycleStage: "BAKE_TIME",
            serviceDeploymentStatus: "IN_PROGRESS",
        });
        assert.deepStrictEqual(j.services[0].failedTasks[0].containers[0], { name: "php", exitCode: 255 });
        assert.deepStrictEqual(j.services.map((s: any) => s.name), ["web"], "status web shows web only");
    });

    it("a deploy the circuit breaker already rolled back still counts: the service looks fine, the deploy failed", async () => {
        ecs.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: [{ serviceDeploymentArn: "arn:sd/1", status: "ROLLBACK_SUCCESSFUL", createdAt: new Date("2026-12-06T08:30:00Z") }] });
        ecs.on(DescribeServiceDeploymentsCommand).resolves({ serviceDeployments: [{ status: "ROLLBACK_SUCCESSFUL" }] });
        const r = await cli(["status", "worker"]);
        assert.strictEqual(r.code, 1);
        assert.match(r.stdout, /! the last deploy failed and was rolled back \(circuit breaker or alarm\): the previous version runs/);
    });

    it("fewer tasks running than desired outside a rollout, dead letters, and a failed scheduled run", async () => {
        ecs.on(DescribeServicesCommand).callsFake((input) => ({ services: (input.services as string[]).map((n) => (n.startsWith("web") ? webService({ runningCount: 0 }) : { ...webService(), serviceName: n, loadBalancers: [] })) }));
        ecs.on(ListTasksCommand, { family: "fargate-kit-prod-scheduler" }).resolves({ taskArns: [taskArn("run1")] });
        ecs.on(DescribeTasksCommand, { tasks: [taskArn("run1")] }).resolves({ tasks: [{ taskArn: taskArn("run1"), lastStatus: "STOPPED", stoppedReason: "Essential container in task exited", containers: [{ name: "scheduler", exitCode: 1 }] }] });
        const r = await cli(["status", "--json"]);
        const j = JSON.parse(r.stdout);
        assert.strictEqual(r.code, 1);
        assert.deepStrictEqual(j.problems, ["web: 0 of 2 tasks running", "scheduler: 1 failed run(s) in the last hour"]);
    });

    it("errors: unknown service lists the known ones, no credentials, wrong region, not deployed, no pulumi", async () => {
        let r = await cli(["status", "wbe"]);
        assert.deepStrictEqual([r.code, r.stderr], [2, 'fargate-kit: unknown service "wbe" (did you mean web?); the stack has: web (web service), worker (worker), scheduler (scheduled task)\n']);
        ecs.on(DescribeServicesCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
        r = await cli(["status"]);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /^fargate-kit: no AWS credentials found: set AWS_PROFILE \(after `aws sso login`\), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
        r = await cli(["status", "--region", "eu-west-1"]);
        assert.deepStrictEqual([r.code, r.stderr], [2, "fargate-kit: wrong region: --region is eu-west-1, but the stack's resources are in us-east-1 (leave --region out to use the stack's)\n"]);
        ecs.on(DescribeServicesCommand).rejects(Object.assign(new Error("Cluster not found."), { name: "ClusterNotFoundException" }));
        r = await cli(["status"]);
        assert.strictEqual(r.stderr, "fargate-kit: cluster fargate-kit-prod-app was not found in us-east-1 (ClusterNotFoundException): is the stack deployed in us-east-1, with these credentials' account?\n");
        r = await cli(["status", "--stack", "dev"], { fakes: fakePrograms(null) });
        assert.deepStrictEqual([r.code, r.stderr], [2, "fargate-kit: stack dev has no outputs: it is not deployed yet (run `pulumi up` first)\n"]);
        r = await cli(["status"], { fakes: fakePrograms(null, `echo "error: no stack selected; please use \\\`pulumi stack select\\\`" >&2; exit 255`) });
        assert.match(r.stderr, /pulumi stack output failed: error: no stack selected.* \(pass --stack NAME, or `pulumi stack select`\)/);
        const none = fakePrograms();
        r = await cli(["status"], { fakes: none, env: { PATH: "/nonexistent" } });
        assert.match(r.stderr, /the pulumi CLI is not on PATH: install it .*or pass --outputs FILE/);
    });

    it("--outputs FILE instead of pulumi; a stack without an image yet has no services to report", async () => {
        const file = require("path").join(require("os").tmpdir(), `fargate-kit-first-deploy-${process.pid}.json`);
        require("fs").writeFileSync(file, JSON.stringify({ clusterName: "fargate-kit-stage-app", region: "us-east-1", webServices: {}, workers: {}, scheduledTasks: {}, repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/fargate-kit-stage-app" }));
        const fakes = fakePrograms(null, "exit 99");
        const r = await cli(["status", "--outputs", file], { fakes });
        assert.strictEqual(r.code, 0, r.stderr);
        assert.match(r.stdout, /no services deployed yet: the stack has no image tag \(push an image, then deploy with \$IMAGE_TAG set\)/);
        assert.deepStrictEqual(fakes.calls(), [], "pulumi is not run");
        const web = await cli(["logs", "web", "--outputs", file], { fakes });
        assert.strictEqual(web.stderr, "fargate-kit: the stack has no services deployed yet: it has no image tag (push an image, then deploy with $IMAGE_TAG set)\n");
    });

    it("a missing SDK client names the package to install", async () => {
        const load = (id: string) => {
            if (id === "@aws-sdk/client-elastic-load-balancing-v2") throw Object.assign(new Error(`Cannot find module '${id}'`), { code: "MODULE_NOT_FOUND" });
            return require(id);
        };
        const r = await cli(["status"], { load });
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /^fargate-kit: this command needs @aws-sdk\/client-elastic-load-balancing-v2, an optional dependency of fargate-kit that is not installed: npm install --save-dev @aws-sdk\/client-elastic-load-balancing-v2 /);
    });
});
