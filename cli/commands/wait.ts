/**
 * `fargate-kit wait [--deployment ID]`: waits for a Pulumi Deployment, then checks the ECS
 * rollouts it started, and exits non-zero on a failed deployment, a rolled-back rollout or a
 * timeout. The second step matters: the AWS provider's steady-state waiter takes an ECS
 * deployment that the circuit breaker rolled back (ROLLBACK_SUCCESSFUL) as finished, so
 * `pulumi up`, and the Pulumi Deployment, succeed although the new version never went live.
 */
import type { ServiceDeployment } from "@aws-sdk/client-ecs";
import { CommandSpec, parseDuration } from "../args";
import { Context } from "../context";
import { FailedTask, recentFailures } from "../ecs";
import { CliError, explainAwsError } from "../errors";
import { StackOutputsJson, readOutputs, stackRegion, targets } from "../outputs";
import { Progress, formatSeconds } from "../progress";
import { Deployment, PulumiCloud, TERMINAL, parseCloudStack } from "../pulumi-cloud";

export const waitSpec: CommandSpec = {
    name: "wait",
    usage: "[--deployment ID] [--stack org/project/stack] [--timeout 60m] [--json]",
    summary: "Waits for a Pulumi Deployment (default: the stack's newest) and the ECS rollouts it started; exits 1 on failure, rollback or timeout.",
    options: {
        deployment: { type: "string", short: "d", help: "the Pulumi Deployment id (the `id` the create call returned); default: the newest" },
        timeout: { type: "string", help: "give up after this long (default 60m)" },
        poll: { type: "string", help: "how often to ask (default 10s)" },
        "skip-ecs": { type: "flag", help: "check the Pulumi Deployment only (no AWS credentials): a circuit-breaker rollback then goes unseen" },
        api: { type: "string", help: "the Pulumi Cloud API (default https://api.pulumi.com, or $PULUMI_API_URL)" },
        json: { type: "flag", help: "print the result as JSON" },
    },
    maxPositionals: 0,
};

/** ECS service deployment statuses that mean the new version is not what runs. */
const ROLLED_BACK = ["ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED", "STOPPED", "STOP_REQUESTED"];
const DONE = ["SUCCESSFUL", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED", "STOPPED"];

export interface RolloutResult {
    name: string;
    serviceName: string;
    /** The ECS service deployment status, or "unchanged" when the deployment started none. */
    status: string;
    reason?: string;
    failedTasks: FailedTask[];
}

export interface WaitResult {
    result: "succeeded" | "failed" | "rolled back" | "timeout";
    deployment: { id: string; status: string; version?: number; url?: string };
    services: RolloutResult[];
    ecsChecked: boolean;
    message: string;
}

export interface WaitOptions {
    deployment?: string;
    stack?: string;
    outputs?: string;
    region?: string;
    timeout?: string;
    poll?: string;
    "skip-ecs"?: boolean;
    api?: string;
    json?: boolean;
}

export async function wait(ctx: Context, options: WaitOptions): Promise<{ code: number; result: WaitResult }> {
    const timeoutMs = parseDuration(options.timeout ?? "60m", "timeout");
    const pollMs = parseDuration(options.poll ?? "10s", "poll");
    const cloud = PulumiCloud.fromEnv(ctx, options.api);
    const stack = parseCloudStack(options.stack ?? ctx.env.PULUMI_STACK);
    const started = ctx.now();
    const progress = new Progress(ctx.stderr, ctx.now, started);
    let d: Deployment = await cloud.deployment(stack, options.deployment ?? (await cloud.latestDeployment(stack)).id);
    const url = `https://app.pulumi.com/${stack.org}/${stack.project}/${stack.stack}/deployments/${d.version ?? d.id}`;
    const finish = (result: WaitResult["result"], message: string, services: RolloutResult[] = [], ecsChecked = false) => {
        progress.done();
        const r: WaitResult = { result, deployment: { id: d.id, status: d.status, version: d.version, url }, services, ecsChecked, message };
        ctx.stdout.write(options.json ? JSON.stringify(r, null, 2) + "\n" : formatWait(r));
        return { code: result === "succeeded" ? 0 : 1, result: r };
    };
    while (!TERMINAL.includes(d.status)) {
        const step = d.jobs?.[0]?.steps?.find((s) => s.status === "running")?.name;
        progress.update(`Pulumi Deployment ${d.version ?? d.id}: ${d.status}${step ? ` (${step})` : ""}`);
        if (ctx.now() - started >= timeoutMs) return finish("timeout", `gave up after ${formatSeconds(timeoutMs / 1000)}: the deployment is still ${d.status} (it goes on; see ${url})`);
        await ctx.sleep(pollMs);
        d = await cloud.deployment(stack, d.id);
    }
    if (d.status !== "succeeded") return finish("failed", `the Pulumi Deployment ${d.status}${d.status === "skipped" ? " (a newer deployment of the stack superseded it, or it waited over 7 days)" : ""}: see its log at ${url}`);
    if (options["skip-ecs"]) return finish("succeeded", "the Pulumi Deployment succeeded (ECS rollouts not checked: --skip-ecs)");

    const outputs: StackOutputsJson | undefined = options.outputs ? readOutputs(ctx, { outputs: options.outputs }) : await cloud.outputs(stack);
    if (!outputs) return finish("succeeded", "the Pulumi Deployment succeeded; the stack has no services yet (no outputs), so no ECS rollout to check");
    const region = options.region ?? stackRegion(outputs) ?? ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION;
    if (!region) throw new CliError("no AWS region: the stack's outputs do not say it; pass --region or set AWS_REGION");
    const since = Date.parse(d.created ?? "") || started;
    const services: RolloutResult[] = [];
    try {
        for (const t of targets(outputs).filter((x) => x.serviceName)) {
            services.push(await rollout(ctx, region, outputs.clusterName, t.name, t.serviceName!, since, started, timeoutMs, pollMs, progress));
        }
    } catch (e) {
        const err = explainAwsError(e, { region, what: `cluster ${outputs.clusterName}` });
        if (err instanceof CliError && /credentials/.test(err.message)) {
            throw new CliError(`${err.message}. wait checks the ECS rollouts with them, since a rolled-back rollout still ends the Pulumi Deployment green; pass --skip-ecs to check the deployment only`);
        }
        throw err;
    }
    const bad = services.filter((s) => ROLLED_BACK.includes(s.status));
    const pending = services.filter((s) => !DONE.includes(s.status) && s.status !== "unchanged");
    if (bad.length) return finish("rolled back", `the Pulumi Deployment succeeded, but ${bad.map((s) => `${s.name} ${s.status}`).join(", ")}: the new version is not running`, services, true);
    if (pending.length) return finish("timeout", `gave up after ${formatSeconds(timeoutMs / 1000)}: ${pending.map((s) => `${s.name} ${s.status}`).join(", ")}`, services, true);
    return finish("succeeded", `deployed: the Pulumi Deployment succeeded and ${services.filter((s) => s.status === "SUCCESSFUL").length} ECS rollout(s) completed`, services, true);
}

/** The newest ECS service deployment since the Pulumi Deployment began, waited for until it ends. */
async function rollout(ctx: Context, region: string, cluster: string, name: string, serviceName: string, since: number, started: number, timeoutMs: number, pollMs: number, progress: Progress): Promise<RolloutResult> {
    const { sdk, client } = ctx.aws.ecs(region);
    const listed = await client.send(new sdk.ListServiceDeploymentsCommand({ cluster, service: serviceName, createdAt: { after: new Date(since - 60000) } }));
    const newest = (listed.serviceDeployments ?? []).sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
    if (!newest?.serviceDeploymentArn) return { name, serviceName, status: "unchanged", failedTasks: [] };
    let d: ServiceDeployment | undefined;
    for (;;) {
        d = (await client.send(new sdk.DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [newest.serviceDeploymentArn] }))).serviceDeployments?.[0];
        const status = d?.status ?? newest.status ?? "PENDING";
        if (DONE.includes(status) || ctx.now() - started >= timeoutMs) break;
        progress.update(`${name}: ECS rollout ${status}${d?.lifecycleStage ? ` (${d.lifecycleStage})` : ""}`);
        await ctx.sleep(pollMs);
    }
    const status = d?.status ?? newest.status ?? "PENDING";
    // Why its tasks stopped, where the credentials may list tasks (the CI push role may not: the deployment's own reason says enough).
    const failedTasks = ROLLED_BACK.includes(status) ? await recentFailures(ctx.aws, region, cluster, { serviceName }, 3).catch(() => []) : [];
    const breaker = d?.rollback?.reason;
    return { name, serviceName, status, reason: d?.statusReason ?? breaker, failedTasks };
}

export function formatWait(r: WaitResult): string {
    const lines = [`Pulumi Deployment ${r.deployment.version ?? r.deployment.id}: ${r.deployment.status} (${r.deployment.url})`];
    for (const s of r.services) {
        lines.push(`  ${s.name}: ${s.status === "unchanged" ? "unchanged (no new ECS rollout)" : s.status}${s.reason ? `: ${s.reason}` : ""}`);
        for (const t of s.failedTasks) {
            const exits = t.containers.filter((c) => (c.exitCode ?? 0) !== 0 || c.reason).map((c) => `${c.name} exit ${c.exitCode ?? "-"}${c.reason ? ` (${c.reason})` : ""}`);
            lines.push(`    stopped task ${t.taskId.slice(0, 12)}: ${t.stoppedReason ?? t.stopCode ?? "?"}${exits.length ? `; ${exits.join(", ")}` : ""}`);
        }
    }
    lines.push(`${r.result === "succeeded" ? "ok" : r.result.toUpperCase()}: ${r.message}`);
    return lines.join("\n") + "\n";
}
