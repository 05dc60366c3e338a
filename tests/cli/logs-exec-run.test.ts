/** `fargate-kit logs`, `exec` and `run` against the mocks: what they call, print and return. */
import * as assert from "assert";
import { DescribeLogGroupsCommand, FilterLogEventsCommand, StartLiveTailCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeTasksCommand, ExecuteCommandCommand, ListTasksCommand, RunTaskCommand } from "@aws-sdk/client-ecs";
import { cli, fakePrograms, START } from "./support";
import { ecs, healthy, logs, taskArn, td } from "./mocks";

const event = (id: string, stream: string, message: string, at: number) => ({ eventId: id, logStreamName: stream, message, timestamp: at });

describe("fargate-kit logs", () => {
    beforeEach(healthy);

    it("interleaves the containers with a prefix, from --since on, across pages; --json prints one object a line", async () => {
        logs.on(FilterLogEventsCommand, { nextToken: undefined }).resolves({ events: [event("1", "web/php/0f1e2d3c4b5a69788796a5b4c3d2e1f0", "GET /up 200\n", START - 60000)], nextToken: "p2" });
        logs.on(FilterLogEventsCommand, { nextToken: "p2" }).resolves({ events: [event("2", "web/nginx/0f1e2d3c4b5a69788796a5b4c3d2e1f0", "upstream ok", START - 30000)] });
        const r = await cli(["logs", "web", "--since", "5m", "--filter", "?ERROR ?200"]);
        assert.strictEqual(r.code, 0);
        assert.strictEqual(r.stdout, "2026-12-06T08:59:00.000Z [php 0f1e2d3c] GET /up 200\n2026-12-06T08:59:30.000Z [nginx 0f1e2d3c] upstream ok\n");
        const call = logs.commandCalls(FilterLogEventsCommand)[0].args[0].input;
        assert.deepStrictEqual([call.logGroupName, call.startTime, call.filterPattern], ["/ecs/fargate-kit-prod/web", START - 5 * 60000, "?ERROR ?200"]);
        const j = await cli(["logs", "web", "--container", "nginx", "--json"]);
        assert.deepStrictEqual(j.stdout.trim().split("\n").map((l) => JSON.parse(l)), [{ timestamp: "2026-12-06T08:59:30.000Z", container: "nginx", taskId: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", message: "upstream ok" }]);
    });

    it("--follow uses Live Tail on the log group's ARN", async () => {
        logs.on(FilterLogEventsCommand).resolves({ events: [] });
        logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: "/ecs/fargate-kit-prod/worker", arn: "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/fargate-kit-prod/worker:*", logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/fargate-kit-prod/worker" }] });
        async function* stream() {
            yield { sessionStart: { sessionId: "s1" } };
            yield { sessionUpdate: { sessionResults: [{ logStreamName: "worker/worker/abc123", message: "processed job 42", timestamp: START + 1000 }] } };
        }
        logs.on(StartLiveTailCommand).resolves({ responseStream: stream() } as never);
        const r = await cli(["logs", "worker", "-f"]);
        assert.strictEqual(r.code, 0);
        assert.strictEqual(r.stdout, "2026-12-06T09:00:01.000Z [worker abc123] processed job 42\n");
        assert.deepStrictEqual(logs.commandCalls(StartLiveTailCommand)[0].args[0].input.logGroupIdentifiers, ["arn:aws:logs:us-east-1:123456789012:log-group:/ecs/fargate-kit-prod/worker"]);
    });

    it("--follow falls back to polling FilterLogEvents where Live Tail is refused, printing each line once, until Ctrl-C", async () => {
        logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: "/ecs/fargate-kit-prod/worker", logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/fargate-kit-prod/worker" }] });
        logs.on(StartLiveTailCommand).rejects(Object.assign(new Error("User is not authorized to perform: logs:StartLiveTail"), { name: "AccessDeniedException" }));
        logs.on(FilterLogEventsCommand).resolvesOnce({ events: [event("1", "worker/worker/t1", "a", START - 1000)] }).resolves({ events: [event("1", "worker/worker/t1", "a", START - 1000), event("2", "worker/worker/t1", "b", START + 1000)] });
        const r = await cli(["logs", "worker", "--follow"], { interruptAfterSleeps: 2 });
        assert.strictEqual(r.code, 0);
        assert.strictEqual(r.stdout, "2026-12-06T08:59:59.000Z [worker t1] a\n2026-12-06T09:00:01.000Z [worker t1] b\n");
        assert.match(r.stderr, /Live Tail is not available \(AccessDeniedException: .*\); polling FilterLogEvents instead/);
    });

    it("errors: an unknown container lists the task's containers; a missing log group says so", async () => {
        let r = await cli(["logs", "web", "--container", "app"]);
        assert.deepStrictEqual([r.code, r.stderr], [2, 'fargate-kit: web has no container "app"; its containers: php, nginx\n']);
        logs.on(FilterLogEventsCommand).rejects(Object.assign(new Error("The specified log group does not exist."), { name: "ResourceNotFoundException" }));
        r = await cli(["logs", "scheduler"]);
        assert.strictEqual(r.stderr, "fargate-kit: log group /ecs/fargate-kit-prod/scheduler of scheduler does not exist in us-east-1 (not deployed yet, or deleted)\n");
        r = await cli(["logs", "web", "--since", "ten minutes"]);
        assert.match(r.stderr, /--since is "ten minutes"; allowed: a number and a unit, e.g. 30s, 10m, 2h, 1d/);
    });
});

describe("fargate-kit exec", () => {
    beforeEach(healthy);
    const running = (id: string, startedAt: string) => ({
        taskArn: taskArn(id),
        lastStatus: "RUNNING",
        startedAt: new Date(startedAt),
        containers: [
            { name: "php", runtimeId: `${id}-1234567890`, managedAgents: [{ name: "ExecuteCommandAgent" as const, lastStatus: "RUNNING" }] },
            { name: "nginx", runtimeId: `${id}-0987654321`, managedAgents: [{ name: "ExecuteCommandAgent" as const, lastStatus: "RUNNING" }] },
        ],
    });

    it("says how to install the Session Manager plugin when it is missing", async () => {
        const r = await cli(["exec", "web"]);
        assert.strictEqual(r.code, 2);
        assert.match(r.stderr, /ECS Exec needs the Session Manager plugin for the AWS CLI, which is not on PATH: install it \(macOS: brew install --cask session-manager-plugin; Linux and Windows: https:\/\/docs\.aws\.amazon\.com\/systems-manager\/latest\/userguide\/session-manager-working-with-install-plugin\.html\)/);
        assert.strictEqual(ecs.commandCalls(ExecuteCommandCommand).length, 0);
    });

    it("picks the newest running task, the load-balanced container, and hands the session to the plugin as the AWS CLI does", async () => {
        const fakes = fakePrograms();
        fakes.program("session-manager-plugin", "exit 0");
        ecs.on(ListTasksCommand).resolves({ taskArns: [taskArn("old1"), taskArn("new2")] });
        ecs.on(DescribeTasksCommand).resolves({ tasks: [running("old1", "2026-12-06T07:00:00Z"), running("new2", "2026-12-06T08:00:00Z")] });
        ecs.on(ExecuteCommandCommand).resolves({ session: { sessionId: "ecs-execute-command-1", streamUrl: "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/x", tokenValue: "tok" } });
        const r = await cli(["exec", "web", "--", "php", "artisan", "tinker", "--execute=echo 'hi';"], { fakes, env: { AWS_PROFILE: "prod-admin" } });
        assert.strictEqual(r.code, 0, r.stderr);
        const input = ecs.commandCalls(ExecuteCommandCommand)[0].args[0].input;
        assert.deepStrictEqual(input, { cluster: "fargate-kit-prod-app", task: taskArn("new2"), container: "php", interactive: true, command: "php artisan tinker '--execute=echo '\\''hi'\\'';'" });
        const plugin = fakes.calls().filter((c) => c.program === "session-manager-plugin");
        assert.deepStrictEqual(plugin[1].args, [
            JSON.stringify({ sessionId: "ecs-execute-command-1", streamUrl: "wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/x", tokenValue: "tok" }),
            "us-east-1",
            "StartSession",
            "prod-admin",
            JSON.stringify({ Target: "ecs:fargate-kit-prod-app_new2_new2-1234567890" }),
            "https://ecs.us-east-1.amazonaws.com",
        ]);
        assert.strictEqual(plugin[0].args.length, 0, "first a bare call: is the plugin installed?");
    });

    it("errors: exec off on the service, a scheduled task, no running task, an unknown container", async () => {
        const fakes = fakePrograms();
        fakes.program("session-manager-plugin", "exit 0");
        let r = await cli(["exec", "worker"], { fakes });
        assert.strictEqual(r.stderr, "fargate-kit: ECS Exec is off for worker: set enableExecuteCommand: true on it in the stack file (workers.worker), deploy, and try again (running tasks keep the setting they started with)\n");
        r = await cli(["exec", "scheduler"], { fakes });
        assert.strictEqual(r.stderr, "fargate-kit: scheduler is a scheduled task; this command takes a web service or worker: web (web service), worker (worker)\n");
        r = await cli(["exec", "web"], { fakes });
        assert.deepStrictEqual([r.code, r.stderr], [1, "fargate-kit: web-7d41e2a has no running task (see fargate-kit status)\n"]);
        ecs.on(ListTasksCommand).resolves({ taskArns: [taskArn("t1")] });
        ecs.on(DescribeTasksCommand).resolves({ tasks: [running("t1", "2026-12-06T08:00:00Z")] });
        r = await cli(["exec", "web", "-c", "redis"], { fakes });
        assert.strictEqual(r.stderr, 'fargate-kit: web has no container "redis"; its containers: php, nginx\n');
    });
});

describe("fargate-kit run", () => {
    beforeEach(healthy);

    it("runs on the service's task definition and network, streams the containers' logs, returns the exit code", async () => {
        ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: taskArn("run0123456789abcdef") }], failures: [] });
        ecs.on(DescribeTasksCommand)
            .resolvesOnce({ tasks: [{ lastStatus: "PROVISIONING" }] })
            .resolvesOnce({ tasks: [{ lastStatus: "RUNNING" }] })
            .resolves({ tasks: [{ lastStatus: "STOPPED", stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", containers: [{ name: "php", exitCode: 3 }] }] });
        logs.on(FilterLogEventsCommand).resolvesOnce({ events: [] }).resolves({ events: [event("e1", "web/php/run0123456789abcdef", "Migration table not found.", START + 5000)] });
        const r = await cli(["run", "web", "--", "php", "artisan", "migrate:status"]);
        assert.strictEqual(r.code, 3);
        const input = ecs.commandCalls(RunTaskCommand)[0].args[0].input;
        assert.deepStrictEqual(input, {
            cluster: "fargate-kit-prod-app",
            taskDefinition: td("fargate-kit-prod-web", 12),
            launchType: "FARGATE",
            platformVersion: "LATEST",
            networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-private-0", "subnet-private-1"], securityGroups: ["sg-0web"], assignPublicIp: "DISABLED" } },
            overrides: { containerOverrides: [{ name: "php", command: ["php", "artisan", "migrate:status"] }] },
            startedBy: "fargate-kit-run",
            propagateTags: "TASK_DEFINITION",
        });
        // Only the awslogs streams of this task, each line once.
        assert.deepStrictEqual(logs.commandCalls(FilterLogEventsCommand)[0].args[0].input.logStreamNames, ["web/php/run0123456789abcdef"]);
        assert.strictEqual(r.stdout, "2026-12-06T09:00:05.000Z [php run01234] Migration table not found.\n");
        assert.match(r.stderr, /^started task run0123456789abcdef of fargate-kit-prod-web:12 in fargate-kit-prod-app: php artisan migrate:status\n/);
        // Plain progress lines in CI, one per change.
        assert.match(r.stderr, /\[0s\] task run012345678 PROVISIONING\n\[3s\] task run012345678 RUNNING\n/);
        assert.match(r.stderr, /task run0123456789abcdef stopped: php exited 3\n$/);
    });

    it("a scheduled task runs on its schedule's task definition and network; --json prints the result", async () => {
        ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: taskArn("job1") }] });
        ecs.on(DescribeTasksCommand).resolves({ tasks: [{ lastStatus: "STOPPED", containers: [{ name: "scheduler", exitCode: 0 }] }] });
        logs.on(FilterLogEventsCommand).resolves({ events: [] });
        const r = await cli(["run", "scheduler", "--json", "--", "php", "artisan", "schedule:run"]);
        assert.strictEqual(r.code, 0);
        const input = ecs.commandCalls(RunTaskCommand)[0].args[0].input;
        assert.deepStrictEqual([input.taskDefinition, input.networkConfiguration], [td("fargate-kit-prod-scheduler", 4), { awsvpcConfiguration: { subnets: ["subnet-private-0"], securityGroups: ["sg-0sched"], assignPublicIp: "DISABLED" } }]);
        assert.deepStrictEqual(JSON.parse(r.stdout), { target: "scheduler", taskArn: taskArn("job1"), container: "scheduler", command: ["php", "artisan", "schedule:run"], exitCode: 0, timedOut: false });
    });

    it("errors: no command, a task that never started, a task that never stops", async () => {
        let r = await cli(["run", "web"]);
        assert.strictEqual(r.stderr, "fargate-kit: give the command after --, e.g. fargate-kit run web -- php artisan migrate:status\n");
        ecs.on(RunTaskCommand).resolves({ tasks: [], failures: [{ reason: "RESOURCE:ENI", detail: "no free IP addresses in subnet-private-0" }] });
        r = await cli(["run", "worker", "--", "true"]);
        assert.deepStrictEqual([r.code, r.stderr], [1, "fargate-kit: RunTask started no task: RESOURCE:ENI (no free IP addresses in subnet-private-0)\n"]);
        ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: taskArn("slow1") }] });
        ecs.on(DescribeTasksCommand).resolves({ tasks: [{ lastStatus: "RUNNING" }] });
        logs.on(FilterLogEventsCommand).resolves({ events: [] });
        r = await cli(["run", "worker", "--timeout", "10s", "--", "sleep", "3600"]);
        assert.strictEqual(r.code, 124);
        assert.match(r.stderr, /still running after 10s; stop it with: aws ecs stop-task --cluster fargate-kit-prod-app --task slow1\n$/);
    });
});
