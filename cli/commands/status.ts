/**
 * `fargate-kit status [service]`: one look at the stack's health. Per service: tasks desired,
 * running and pending; the rollout in progress (state, failed tasks with why they stopped,
 * circuit breaker, blue/green lifecycle stage); the load balancer's target health; alarms in
 * ALARM; the image tag running; a worker's queue depth and oldest message; a scheduled task's
 * next runs and recent failed runs. Exits 1 when anything is unhealthy.
 */
import type { Service } from "@aws-sdk/client-ecs";
import { CommandSpec } from "../args";
import { Context } from "../context";
import { FailedTask, describeServices, imageOf, primary, recentFailures, revisionOf } from "../ecs";
import { Stack, Target, findTarget, targets } from "../outputs";
import { describeRate, nextRuns } from "../schedule";

export const statusSpec: CommandSpec = {
    name: "status",
    usage: "[service] [--json]",
    summary: "Tasks, rollouts, target health, alarms, image, queues and schedules of every service (or one); exits 1 when something is unhealthy.",
    options: { json: { type: "flag", help: "print the report as JSON" } },
    maxPositionals: 1,
};

export interface RolloutReport {
    deploymentId?: string;
    taskDefinition?: string;
    /** IN_PROGRESS, COMPLETED or FAILED (ECS rolloutState). */
    state?: string;
    reason?: string;
    failedTasks: number;
    circuitBreaker: { enable: boolean; rollback: boolean };
    /** Blue/green and the newer ECS deployments: the lifecycle stage and status of the service deployment in progress. */
    lifecycleStage?: string;
    serviceDeploymentStatus?: string;
}

export interface ServiceReport {
    name: string;
    kind: string;
    serviceName: string;
    desired: number;
    running: number;
    pending: number;
    imageTag?: string;
    rollout?: RolloutReport;
    /** Older deployments still draining (ACTIVE) while a rollout runs. */
    draining: number;
    failedTasks: FailedTask[];
    targets?: { healthy: number; unhealthy: number; other: number; reasons: string[] };
    queue?: { visible: number; inFlight: number; oldestAgeSeconds?: number; deadLetters?: number };
    alarms: string[];
    problems: string[];
}

export interface ScheduledReport {
    name: string;
    kind: "scheduled task";
    schedule?: string;
    timezone?: string;
    state?: string;
    nextRuns: string[];
    failedRuns: FailedTask[];
    deadLetters?: number;
    alarms: string[];
    problems: string[];
}

export interface StatusReport {
    stack?: string;
    region: string;
    cluster: string;
    imageTag?: string;
    healthy: boolean;
    services: ServiceReport[];
    scheduledTasks: ScheduledReport[];
    /** Alarms in ALARM that belong to no one service (load balancer, NAT, …). */
    alarms: string[];
    problems: string[];
}

export async function status(ctx: Context, stack: Stack, only: string | undefined): Promise<StatusReport> {
    const { outputs, region } = stack;
    // Standalone tasks run only when someone runs them: nothing of theirs to report (nor alarms to own).
    const all = targets(outputs).filter((t) => t.kind !== "standalone task");
    const chosen = only !== undefined ? [findTarget(outputs, only)] : all;
    const services = chosen.filter((t) => t.serviceName !== undefined);
    const jobs = chosen.filter((t) => t.kind === "scheduled task");
    const described = await describeServices(ctx.aws, region, outputs.clusterName, services.map((s) => s.serviceName!));
    const alarms = await alarmsInAlarm(ctx, region);
    const prefix = stackPrefix(outputs.clusterName, all);
    // Alarms are named <project>-<stack>-<service>-<what>: each goes to the longest service name it starts with ("web-admin" before "web").
    const byLength = [...all].sort((a, b) => b.name.length - a.name.length);
    const ownerOf = (alarm: string) => byLength.find((t) => alarm.startsWith(`${prefix}${t.name}-`))?.name;
    const alarmsOf = (t: Target) => alarms.filter((a) => ownerOf(a) === t.name);
    const queues = await queueDepths(ctx, region, services);
    const report: StatusReport = { stack: stack.stackName, region, cluster: outputs.clusterName, imageTag: outputs.imageTag, healthy: true, services: [], scheduledTasks: [], alarms: [], problems: [] };
    for (const t of services) {
        const s = described.get(t.serviceName!);
        report.services.push(s ? await serviceReport(ctx, stack, t, s, alarmsOf(t), queues.get(t.name)) : missingService(t));
    }
    for (const t of jobs) report.scheduledTasks.push(await scheduledReport(ctx, stack, t, alarmsOf(t)));
    report.alarms = only === undefined ? alarms.filter((a) => ownerOf(a) === undefined && a.startsWith(prefix)) : [];
    report.problems = [
        ...report.services.flatMap((s) => s.problems.map((p) => `${s.name}: ${p}`)),
        ...report.scheduledTasks.flatMap((s) => s.problems.map((p) => `${s.name}: ${p}`)),
        ...report.alarms.map((a) => `alarm ${a} is in ALARM`),
    ];
    report.healthy = report.problems.length === 0;
    return report;
}

function missingService(t: Target): ServiceReport {
    return { name: t.name, kind: t.kind, serviceName: t.serviceName!, desired: 0, running: 0, pending: 0, draining: 0, failedTasks: [], alarms: [], problems: [`ECS service ${t.serviceName} does not exist in the cluster (deleted outside Pulumi, or a stack output out of date)`] };
}

async function serviceReport(ctx: Context, stack: Stack, t: Target, s: Service, alarms: string[], queue: ServiceReport["queue"]): Promise<ServiceReport> {
    const { region, outputs } = stack;
    const p = primary(s);
    const problems: string[] = [];
    const breaker = s.deploymentConfiguration?.deploymentCircuitBreaker;
    const rollout: RolloutReport | undefined = p && {
        deploymentId: p.id,
        taskDefinition: revisionOf(p.taskDefinition),
        state: p.rolloutState,
        reason: p.rolloutStateReason,
        failedTasks: p.failedTasks ?? 0,
        circuitBreaker: { enable: breaker?.enable ?? false, rollback: breaker?.rollback ?? false },
    };
    await addLifecycle(ctx, region, outputs.clusterName, s, rollout);
    const failedTasks = await recentFailures(ctx.aws, region, outputs.clusterName, { serviceName: t.serviceName });
    const image = p?.taskDefinition ? await imageOf(ctx.aws, region, p.taskDefinition, outputs.repositoryUrl) : undefined;
    const targets = await targetHealth(ctx, region, s);
    const desired = s.desiredCount ?? 0;
    const running = s.runningCount ?? 0;
    const deploying = rollout?.state === "IN_PROGRESS";
    if (rollout?.state === "FAILED") problems.push(`the rollout failed: ${rollout.reason ?? "no reason given"}`);
    if (rollout?.serviceDeploymentStatus && /ROLLBACK/.test(rollout.serviceDeploymentStatus)) problems.push(rollout.serviceDeploymentStatus === "ROLLBACK_SUCCESSFUL" ? "the last deploy failed and was rolled back (circuit breaker or alarm): the previous version runs" : `the deployment is ${rollout.serviceDeploymentStatus.toLowerCase().replace(/_/g, " ")} (circuit breaker or alarm)`);
    if (!deploying && running < desired) problems.push(`${running} of ${desired} tasks running`);
    if (targets && targets.unhealthy > 0 && targets.healthy === 0) problems.push(`no healthy target behind the load balancer (${targets.unhealthy} unhealthy${targets.reasons.length ? `: ${targets.reasons.join("; ")}` : ""})`);
    for (const a of alarms) problems.push(`alarm ${a} is in ALARM`);
    if (queue?.deadLetters) problems.push(`${queue.deadLetters} message(s) in the dead-letter queue (jobs that failed maxReceiveCount times)`);
    return {
        name: t.name,
        kind: t.kind,
        serviceName: t.serviceName!,
        desired,
        running,
        pending: s.pendingCount ?? 0,
        imageTag: image?.tag,
        rollout,
        draining: (s.deployments ?? []).filter((d) => d.status === "ACTIVE").length,
        failedTasks,
        targets,
        queue,
        alarms,
        problems,
    };
}

/**
 * The service's newest service deployment of the last day (ListServiceDeployments): the
 * blue/green lifecycle stage of one in progress, and a rollback that already finished, which
 * DescribeServices no longer shows (the rolled-back-to deployment is PRIMARY and COMPLETED).
 */
async function addLifecycle(ctx: Context, region: string, cluster: string, s: Service, rollout: RolloutReport | undefined): Promise<void> {
    if (!rollout) return;
    const { sdk, client } = ctx.aws.ecs(region);
    const listed = await client.send(new sdk.ListServiceDeploymentsCommand({ cluster, service: s.serviceName, createdAt: { after: new Date(ctx.now() - 86400000) }, maxResults: 20 }));
    const newest = (listed.serviceDeployments ?? []).sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
    if (!newest?.serviceDeploymentArn) return;
    rollout.serviceDeploymentStatus = newest.status;
    if (newest.status === "SUCCESSFUL" || newest.status === "STOPPED") return;
    const d = (await client.send(new sdk.DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [newest.serviceDeploymentArn] }))).serviceDeployments?.[0];
    rollout.lifecycleStage = d?.lifecycleStage;
    rollout.serviceDeploymentStatus = d?.status ?? newest.status;
}

async function targetHealth(ctx: Context, region: string, s: Service): Promise<ServiceReport["targets"]> {
    const groups = (s.loadBalancers ?? []).map((l) => l.targetGroupArn).filter((a): a is string => !!a);
    if (groups.length === 0) return undefined;
    const { sdk, client } = ctx.aws.elbv2(region);
    const out = { healthy: 0, unhealthy: 0, other: 0, reasons: [] as string[] };
    for (const arn of groups) {
        const r = await client.send(new sdk.DescribeTargetHealthCommand({ TargetGroupArn: arn }));
        for (const d of r.TargetHealthDescriptions ?? []) {
            const state = d.TargetHealth?.State;
            if (state === "healthy") out.healthy++;
            else if (state === "unhealthy") {
                out.unhealthy++;
                const why = d.TargetHealth?.Description ?? d.TargetHealth?.Reason;
                if (why && !out.reasons.includes(why)) out.reasons.push(why);
            } else out.other++;
        }
    }
    return out;
}

async function alarmsInAlarm(ctx: Context, region: string): Promise<string[]> {
    const { sdk, client } = ctx.aws.cloudwatch(region);
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
        const r = await client.send(new sdk.DescribeAlarmsCommand({ StateValue: "ALARM", AlarmTypes: ["MetricAlarm", "CompositeAlarm"], NextToken }));
        names.push(...(r.MetricAlarms ?? []).map((a) => a.AlarmName!), ...(r.CompositeAlarms ?? []).map((a) => a.AlarmName!));
        NextToken = r.NextToken;
    } while (NextToken);
    return names.sort();
}

/** `<project>-<stack>-`: what the names of the stack's resources begin with (the log groups are /ecs/<project>-<stack>/<name>). */
function stackPrefix(clusterName: string, ts: Target[]): string {
    const fromLogs = ts.map((t) => /^\/ecs\/([^/]+)\//.exec(t.logGroupName)?.[1]).find((x) => x !== undefined);
    return `${fromLogs ?? clusterName.replace(/-app$/, "")}-`;
}

/** Queue depth (SQS attributes) and the oldest message's age (CloudWatch, last 15 minutes) of each SQS worker. */
async function queueDepths(ctx: Context, region: string, ts: Target[]): Promise<Map<string, NonNullable<ServiceReport["queue"]>>> {
    const out = new Map<string, NonNullable<ServiceReport["queue"]>>();
    const withQueue = ts.filter((t) => t.queueUrl);
    if (withQueue.length === 0) return out;
    const { sdk, client } = ctx.aws.sqs(region);
    const depth = async (url: string) => {
        const a = (await client.send(new sdk.GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }))).Attributes ?? {};
        return { visible: Number(a.ApproximateNumberOfMessages ?? 0), inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) };
    };
    for (const t of withQueue) {
        const main = await depth(t.queueUrl!);
        out.set(t.name, { ...main, deadLetters: t.deadLetterQueueUrl ? (await depth(t.deadLetterQueueUrl)).visible : undefined });
    }
    const cw = ctx.aws.cloudwatch(region);
    const end = new Date(ctx.now());
    const r = await cw.client.send(
        new cw.sdk.GetMetricDataCommand({
            StartTime: new Date(end.getTime() - 15 * 60000),
            EndTime: end,
            ScanBy: "TimestampDescending",
            MetricDataQueries: withQueue.map((t, i) => ({
                Id: `age${i}`,
                MetricStat: { Metric: { Namespace: "AWS/SQS", MetricName: "ApproximateAgeOfOldestMessage", Dimensions: [{ Name: "QueueName", Value: t.queueUrl!.split("/").pop()! }] }, Period: 60, Stat: "Maximum" },
            })),
        }),
    );
    for (const result of r.MetricDataResults ?? []) {
        const t = withQueue[Number(result.Id?.slice(3))];
        if (t && result.Values?.length) out.get(t.name)!.oldestAgeSeconds = result.Values[0];
    }
    return out;
}

async function scheduledReport(ctx: Context, stack: Stack, t: Target, alarms: string[]): Promise<ScheduledReport> {
    const { region, outputs } = stack;
    const { sdk, client } = ctx.aws.scheduler(region);
    const problems: string[] = [];
    const s = await client.send(new sdk.GetScheduleCommand({ Name: t.scheduleName }));
    const runs = s.ScheduleExpression ? nextRuns(s.ScheduleExpression, s.ScheduleExpressionTimezone ?? "UTC", ctx.now()) : undefined;
    const failedRuns = await recentFailures(ctx.aws, region, outputs.clusterName, { family: t.taskFamily });
    let deadLetters: number | undefined;
    if (t.deadLetterQueueUrl) {
        const sqs = ctx.aws.sqs(region);
        const a = await sqs.client.send(new sqs.sdk.GetQueueAttributesCommand({ QueueUrl: t.deadLetterQueueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }));
        deadLetters = Number(a.Attributes?.ApproximateNumberOfMessages ?? 0);
    }
    if (failedRuns.length > 0) problems.push(`${failedRuns.length} failed run(s) in the last hour`);
    if (deadLetters) problems.push(`${deadLetters} run(s) in the dead-letter queue (failed or never started)`);
    for (const a of alarms) problems.push(`alarm ${a} is in ALARM`);
    return {
        name: t.name,
        kind: "scheduled task",
        schedule: s.ScheduleExpression,
        timezone: s.ScheduleExpressionTimezone,
        state: s.State,
        nextRuns: s.State === "DISABLED" ? [] : (runs ?? []).map((r) => new Date(r).toISOString()),
        failedRuns,
        deadLetters,
        alarms,
        problems,
    };
}

/** The report for a person: one block per service, problems last. */
export function formatStatus(r: StatusReport): string {
    const lines: string[] = [`cluster ${r.cluster} (${r.region})${r.imageTag ? `, image tag ${r.imageTag}` : ""}`];
    for (const s of r.services) {
        lines.push("", `${s.name} (${s.kind}) ${s.problems.length ? "UNHEALTHY" : "ok"}`);
        lines.push(`  tasks      ${s.running}/${s.desired} running, ${s.pending} pending${s.imageTag ? `, image ${s.imageTag}` : ""}`);
        const ro = s.rollout;
        if (ro) {
            const extra = [ro.lifecycleStage && `stage ${ro.lifecycleStage}`, ro.serviceDeploymentStatus && ro.serviceDeploymentStatus !== "IN_PROGRESS" && ro.serviceDeploymentStatus, ro.failedTasks ? `${ro.failedTasks} failed task(s)` : undefined, s.draining ? `${s.draining} older deployment(s) draining` : undefined].filter(Boolean);
            lines.push(`  rollout    ${ro.state ?? "?"} ${ro.taskDefinition ?? ""}${extra.length ? ` (${extra.join(", ")})` : ""}`);
            if (ro.state !== "COMPLETED" && ro.reason) lines.push(`             ${ro.reason}`);
            lines.push(`  breaker    ${ro.circuitBreaker.enable ? `on${ro.circuitBreaker.rollback ? ", rolls back" : ", no rollback"}` : "off"}`);
        }
        if (s.targets) lines.push(`  targets    ${s.targets.healthy} healthy, ${s.targets.unhealthy} unhealthy${s.targets.other ? `, ${s.targets.other} other` : ""}`);
        if (s.queue) {
            const age = s.queue.oldestAgeSeconds !== undefined ? `, oldest ${Math.round(s.queue.oldestAgeSeconds)}s` : "";
            lines.push(`  queue      ${s.queue.visible} waiting, ${s.queue.inFlight} in flight${age}${s.queue.deadLetters !== undefined ? `, ${s.queue.deadLetters} dead letters` : ""}`);
        }
        lines.push(...failedLines(s.failedTasks), ...s.problems.map((p) => `  ! ${p}`));
    }
    for (const j of r.scheduledTasks) {
        lines.push("", `${j.name} (scheduled task) ${j.problems.length ? "UNHEALTHY" : "ok"}`);
        lines.push(`  schedule   ${j.schedule ?? "?"}${j.timezone && j.timezone !== "UTC" ? ` ${j.timezone}` : ""}${j.state === "DISABLED" ? " (disabled)" : ""}`);
        const rate = j.schedule ? describeRate(j.schedule) : undefined;
        lines.push(`  next       ${j.nextRuns.length ? j.nextRuns.join(", ") : rate ?? (j.state === "DISABLED" ? "never (disabled)" : "see the EventBridge Scheduler console")}`);
        if (j.deadLetters !== undefined) lines.push(`  dead runs  ${j.deadLetters}`);
        lines.push(...failedLines(j.failedRuns), ...j.problems.map((p) => `  ! ${p}`));
    }
    if (r.services.length + r.scheduledTasks.length === 0) lines.push("", "no services deployed yet: the stack has no image tag (push an image, then deploy with $IMAGE_TAG set)");
    if (r.alarms.length) lines.push("", ...r.alarms.map((a) => `! alarm ${a} is in ALARM`));
    lines.push("", r.healthy ? "healthy" : `unhealthy: ${r.problems.length} problem(s)`);
    return lines.join("\n") + "\n";
}

function failedLines(tasks: FailedTask[]): string[] {
    return tasks.map((t) => {
        const exits = t.containers.filter((c) => c.exitCode !== undefined && c.exitCode !== 0 || c.reason).map((c) => `${c.name} exit ${c.exitCode ?? "-"}${c.reason ? ` (${c.reason})` : ""}`);
        return `  stopped    ${t.taskId.slice(0, 12)} ${t.stoppedAt ?? ""}: ${t.stoppedReason ?? t.stopCode ?? "?"}${exits.length ? `; ${exits.join(", ")}` : ""}`;
    });
}
