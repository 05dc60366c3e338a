/**
 * The offline plan: what a stack registers, what it costs per month and how long its rollouts
 * take, computed from the resources the real program registers under mocks.
 */
import { estimateAwsDefaultRollout, estimateRollout, ECS_NO_HEALTH_CHECK_SECONDS } from "../components/internal/rollout";
import { ProgramRun, RecordedResource } from "../tools/mock-runtime";
import { evaluateControls } from "./controls";
import { CostEstimate, estimateCost, fmtUsd } from "./costs";
import { notPricedReason, pricesFor } from "./prices";
import { scheduledJobs, serviceFacts, ServiceFacts } from "./plan-facts";

export { estimateCost } from "./costs";
export type { CostCategory, CostEstimate, CostLine } from "./costs";
export { spotTasks } from "./plan-facts";
export { diffPlans } from "./diff";

export interface PlanResource {
    type: string;
    name: string;
    parent: string | null;
    protect: boolean;
    retainOnDelete: boolean;
    /** How long `pulumi up` waits for the resource (set on ECS services, from their modelled rollout). */
    customTimeouts: { create?: string; update?: string; delete?: string } | null;
    inputs: Record<string, unknown>;
}

export interface Plan {
    project: string;
    stack: string;
    resources: PlanResource[];
    outputs: Record<string, unknown>;
    /** `monthly` is null (and `lines` empty) in a region the price table does not cover; `note` says so. */
    estimate: CostEstimate;
    rollout: { service: string; seconds: number; parts: Record<string, number | string> }[];
}


/** The modelled rollout of every ECS service, next to what AWS's defaults would give. */
export function estimateRollouts(run: ProgramRun): Plan["rollout"] {
    return serviceFacts(run.resources).map((f) => {
        const svc = f.service.inputs;
        const desired = Math.max(1, f.minTasks);
        const strategy = svc.deploymentConfiguration?.strategy ?? "ROLLING";
        let health: number;
        let drain: number;
        if (f.targetGroup) {
            // A new task takes traffic once healthy in every group of the service: the slowest check decides.
            health = Math.max(...[f.targetGroup, ...f.additionalTargetGroups].map((tg) => tg.inputs.healthCheck.healthyThreshold * tg.inputs.healthCheck.interval));
            drain = f.targetGroup.inputs.deregistrationDelay;
        } else {
            const essential = f.containers.filter((c) => c.essential !== false);
            const hc = essential.find((c) => c.healthCheck)?.healthCheck;
            health = hc ? (hc.startPeriod ?? 0) + hc.interval : ECS_NO_HEALTH_CHECK_SECONDS;
            drain = Math.max(...essential.map((c) => c.stopTimeout ?? 30));
        }
        const e = estimateRollout({
            desiredCount: desired,
            minimumHealthyPercent: svc.deploymentMinimumHealthyPercent ?? 100,
            maximumPercent: svc.deploymentMaximumPercent ?? 200,
            healthDetectionSeconds: health,
            drainSeconds: drain,
            strategy,
            bakeTimeMinutes: Number(svc.deploymentConfiguration?.bakeTimeInMinutes ?? 0),
            stepBakeMinutes: Number(svc.deploymentConfiguration?.canaryConfiguration?.canaryBakeTimeInMinutes ?? svc.deploymentConfiguration?.linearConfiguration?.stepBakeTimeInMinutes ?? 0),
            stepPercent: svc.deploymentConfiguration?.linearConfiguration?.stepPercent,
        });
        return { service: f.name, seconds: e.seconds, parts: { strategy, ...e.parts, awsDefaultSeconds: estimateAwsDefaultRollout(desired, f.targetGroup !== undefined).seconds } };
    });
}

export function buildPlan(run: ProgramRun): Plan {
    return {
        project: run.project,
        stack: run.stack,
        resources: run.resources.map(({ type, name, parent, protect, retainOnDelete, customTimeouts, inputs }) => ({ type, name, parent, protect, retainOnDelete, customTimeouts: customTimeouts ?? null, inputs })),
        outputs: run.outputs,
        estimate: estimateCost(run),
        rollout: estimateRollouts(run),
    };
}

const short = (type: string) => type.split(":").pop() ?? type;

/** The readable summary printed by `npm run synth`. */
export function summarize(plan: Plan, run: ProgramRun): string {
    const out: string[] = [];
    const protectedCount = plan.resources.filter((r) => r.protect).length;
    out.push(`${plan.project} · stack ${plan.stack} · ${plan.estimate.region} · ${plan.resources.length} resources (${protectedCount} protected)`);
    if (run.environments.length > 0) {
        out.push(`ESC environments ${run.environments.join(", ")} are not opened offline: config they provide is missing from this plan.`);
    }
    out.push("");
    out.push("Resources by component");
    const components = plan.resources.filter((r) => r.parent === null);
    for (const c of components) {
        const children = plan.resources.filter((r) => r.parent === `${c.type}::${c.name}`);
        const counts = new Map<string, number>();
        for (const ch of children) counts.set(short(ch.type), (counts.get(short(ch.type)) ?? 0) + 1);
        const list = [...counts].map(([t, n]) => (n > 1 ? `${t}×${n}` : t)).join(", ");
        // A top-level resource of its own (the namespace, the previous outputs' stack reference) has no children to count.
        out.push(children.length > 0 ? `  ${short(c.type)} ${c.name} (${children.length}): ${list}` : `  ${short(c.type)} ${c.name}`);
    }
    out.push("", "Services");
    for (const f of serviceFacts(run.resources)) {
        const svc = f.service.inputs;
        const spot = svc.capacityProviderStrategies?.some((s: any) => s.capacityProvider === "FARGATE_SPOT") ? " · Spot" : "";
        const counts = f.autoscaled ? `${f.minTasks}–${f.maxTasks} tasks` : `${f.minTasks} task(s)`;
        const lb = f.targetGroup ? ` · health ${f.targetGroup.inputs.healthCheck.path} every ${f.targetGroup.inputs.healthCheck.interval}s · drain ${f.targetGroup.inputs.deregistrationDelay}s${targetSettings(f.targetGroup)}` : "";
        out.push(`  ${f.name.padEnd(8)} ${f.cpu / 1024} vCPU / ${f.memoryMiB / 1024} GB ${f.arch} · ${counts}${spot} · ${svc.deploymentConfiguration?.strategy ?? "ROLLING"}${lb}${f.publicIp ? " · public IP" : ""}`);
        out.push(...routeLines(run.resources, f));
        out.push(...writablePathLines(f.containers, f.efsVolumes));
        out.push(...serviceConnectProxyLines(f));
    }
    const url = plan.outputs.url;
    if (url) out.push(`  url: ${url}`);
    out.push(...imageLines(plan.outputs.images as Parameters<typeof imageLines>[0]));
    out.push(...outsideImageLines(run.resources, plan.outputs.images as Parameters<typeof imageLines>[0]));
    const jobs = scheduledJobs(run.resources);
    if (jobs.length > 0) {
        out.push("", "Scheduled tasks (EventBridge Scheduler → ECS RunTask; a run that outlasts its interval overlaps the next)");
        for (const j of jobs) out.push(`  ${j.name.padEnd(8)} ${j.expression} ${j.timezone}${j.enabled ? "" : " (disabled)"} · ${j.runs ?? "?"} runs/month × ${j.runSeconds} s`);
    }
    const standalone = run.resources.filter((r) => r.type === "fargate-kit:index:StandaloneTask");
    if (standalone.length > 0) {
        out.push("", "Standalone tasks (nothing here runs them: aws ecs run-task --task-definition <family>; Fargate bills each run while it runs)");
        for (const t of standalone) {
            const td = run.resources.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.parent === `${t.type}::${t.name}`);
            if (td) out.push(`  ${t.name.padEnd(8)} ${Number(td.inputs.cpu) / 1024} vCPU / ${Number(td.inputs.memory) / 1024} GB · family ${td.inputs.family}`);
        }
    }
    const gate = run.resources.find((r) => r.type === "pulumi-nodejs:dynamic/fargate-kit:MigrationRun");
    if (gate) {
        const waiting = run.resources.filter((r) => r.custom && !r.type.startsWith("fargate-kit:") && r.dependsOn.includes(`${gate.type}::${gate.name}`)).map((r) => `${r.type.split(":").pop()} ${r.name}`);
        out.push("", `Migration gate: ${gate.parent?.split("::")[1]} runs on each new task definition before ${waiting.join(", ")}; a failure stops the deploy (timeout ${Number(gate.inputs.timeoutSeconds) / 60} min)`);
    }
    const p = pricesFor(plan.estimate.region);
    if (!p || plan.estimate.monthly === null) {
        out.push("", `Monthly cost estimate: ${plan.estimate.note ?? notPricedReason(plan.estimate.region)}`);
    } else {
        out.push("", `Monthly cost estimate (USD, prices of ${plan.estimate.priceDate}${p.origin ? ` from ${p.origin}` : ""}${p.unverified.length ? "; some prices unverified, see plan/prices.ts" : ""})`);
        out.push(...costLines(plan.estimate));
    }
    out.push("", "Rollout per deploy (modelled: task start assumed 30 s, + health detection + drain; a worker's drain is the time a job may take to finish)");
    for (const r of plan.rollout) {
        const pt = r.parts;
        out.push(`  ${r.service.padEnd(8)} ${String(r.seconds).padStart(4)} s  ${pt.strategy}: start ${pt.taskStart} + health ${pt.healthDetection} + drain ${pt.drain}${Number(pt.bake) ? ` + bake ${pt.bake}` : ""} s, ${pt.waves} wave(s) · AWS defaults: ${pt.awsDefaultSeconds} s`);
    }
    const controls = evaluateControls(run.resources);
    const failed = controls.filter((c) => c.status === "fail");
    out.push("", `Security Hub controls: ${controls.filter((c) => c.status === "pass").length} pass, ${failed.length} not met${failed.length ? ` (${failed.map((c) => c.id).join(", ")}; see docs/security.md)` : ""}`);
    return out.join("\n");
}

/** Each image of the stack, where it comes from and the containers that run it. */
function imageLines(images: Record<string, { repositoryUrl?: string; image?: string; tagVariable: string; pinned?: boolean; containers: string[] }> | undefined): string[] {
    if (!images) return [];
    const out = ["", "Images (each in its repository; tag from $<variable> or the stack's $IMAGE_TAG)"];
    for (const [name, i] of Object.entries(images)) {
        const from = i.image ?? (i.repositoryUrl ? `${i.repositoryUrl} (no tag yet)` : "(no tag yet)");
        out.push(`  ${name.padEnd(8)} ${from} · ${i.pinned ? "pinned in the stack file" : `$${i.tagVariable}`} · run by ${i.containers.length > 0 ? i.containers.join(", ") : "no container"}`);
    }
    return out;
}

/**
 * Images the containers name by full reference (sidecars, vendor images, the log router): not the
 * stack's, so neither CI nor the stack's lifecycle rules touch them; their tags move only when the
 * stack file's do.
 */
function outsideImageLines(resources: RecordedResource[], images: Parameters<typeof imageLines>[0]): string[] {
    const own = new Set(Object.values(images ?? {}).map((i) => i.image).filter((i): i is string => i !== undefined));
    const users = new Map<string, string[]>();
    for (const td of resources.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")) {
        for (const c of JSON.parse(td.inputs.containerDefinitions ?? "[]")) {
            const image = String(c.image ?? "");
            if (image === "" || own.has(image)) continue;
            users.set(image, [...(users.get(image) ?? []), `${td.name.replace(/-task$/, "")}/${c.name}`]);
        }
    }
    if (users.size === 0) return [];
    return ["  other images (named by full reference; their tags change only in the stack file):", ...[...users].map(([image, by]) => `    ${image} · run by ${[...new Set(by)].join(", ")}`)];
}

/** The estimate by category, each line with its cheaper option; then per service and at maximum scale. */
function costLines(e: CostEstimate): string[] {
    const out: string[] = [];
    for (const [category, subtotal] of Object.entries(e.byCategory)) {
        out.push(`  ${fmtUsd(subtotal!).padStart(9)}  ${category}`);
        for (const l of e.lines.filter((x) => x.category === category)) {
            out.push(`  ${"".padStart(9)}    ${fmtUsd(l.monthly).padStart(8)}  ${l.item}`);
            if (l.cheaper) out.push(`  ${"".padStart(9)}    ${"".padStart(8)}    → ${l.cheaper.option} would save ${fmtUsd(l.cheaper.saves)}/month`);
        }
    }
    out.push(`  ${fmtUsd(e.monthly!).padStart(9)}  total · ${fmtUsd(e.monthlyAtMaxScale!)} with every autoscaled service at its maximum`);
    const services = Object.entries(e.byService);
    if (services.length > 0) out.push(`  per service (compute, logs, alarms, Container Insights): ${services.map(([name, v]) => `${name} ${fmtUsd(v)}`).join(" · ")}`);
    const savings = e.lines.filter((l) => l.cheaper).reduce((sum, l) => sum + Math.round(l.cheaper!.saves * 100), 0) / 100;
    if (savings > 0) out.push(`  the cheaper options above together: ${fmtUsd(e.monthly! - savings)}/month (−${fmtUsd(savings)})`);
    return out;
}

/** Which requests reach a web service: its listener rule's hosts and paths, and its priority; then each additional target's. */
function routeLines(resources: RecordedResource[], f: ServiceFacts): string[] {
    const rules = resources.filter((r) => r.type === "aws:lb/listenerRule:ListenerRule" && r.parent === f.component);
    const rule = rules.find((r) => r.name === `${f.name}-route`);
    if (!rule) return [];
    const out = [`           routes: ${routeText(rule)} · priority ${rule.inputs.priority}`];
    // An additional target's rule is <service>-<target>-route, beside its group <service>-<target>-tg.
    for (const extra of rules.filter((r) => r !== rule && r.name.startsWith(`${f.name}-`) && r.name.endsWith("-route"))) {
        const target = extra.name.slice(f.name.length + 1, -"-route".length);
        const group = resources.find((r) => r.type === "aws:lb/targetGroup:TargetGroup" && r.parent === f.component && r.name === `${f.name}-${target}-tg`);
        if (!group) continue;
        const hc = group.inputs.healthCheck;
        out.push(`           + ${target}: ${routeText(extra)} → port ${group.inputs.port} · priority ${extra.inputs.priority} · health ${hc.path} every ${hc.interval}s${targetSettings(group)}`);
    }
    return out;
}

/** How the load balancer talks to a target group, where it is not the plain default. */
function targetSettings(group: RecordedResource): string {
    const g = group.inputs;
    return [
        g.protocol === "HTTPS" ? " · HTTPS to the target" : "",
        g.protocolVersion === "HTTP2" ? " · HTTP/2 (HTTP/1.1 requests get 464)" : "",
        g.stickiness?.enabled ? ` · sticky (${g.stickiness.type}${g.stickiness.cookieName ? ` ${g.stickiness.cookieName}` : ""}, ${g.stickiness.cookieDuration}s)` : "",
        g.slowStart ? ` · slow start ${g.slowStart}s` : "",
    ].join("");
}

function routeText(rule: RecordedResource): string {
    const values = (key: string) => (rule.inputs.conditions as any[]).flatMap((c) => c[key]?.values ?? []);
    const hosts = values("hostHeader");
    const paths = values("pathPattern");
    const catchAll = rule.inputs.priority === 50000 && hosts.length === 0 && paths.length === 1 && paths[0] === "/*";
    if (catchAll) return "every request no other rule takes (default)";
    return [hosts.length ? `host ${hosts.join(", ")}` : "any host", paths.length && !(paths.length === 1 && paths[0] === "/*" && hosts.length === 0) ? `path ${paths.join(", ")}` : ""].filter(Boolean).join(" + ");
}

/** AWS's advice for the Service Connect proxy (ECS developer guide, "Service Connect components"). */
const PROXY_CPU_UNITS = 256;
const PROXY_MEMORY_MIB = 64;

/**
 * The Service Connect proxy runs in the task on the CPU and memory its containers' limits leave
 * (ECS developer guide, "Service Connect components": add 256 CPU units and at least 64 MiB for
 * it, 512 units above 500 requests per second). Said only when the containers leave less.
 */
function serviceConnectProxyLines(f: ServiceFacts): string[] {
    if (f.service.inputs.serviceConnectConfiguration?.enabled !== true) return [];
    const sum = (key: "cpu" | "memory") => f.containers.reduce((n: number, c: any) => n + (Number(c[key]) || 0), 0);
    const [cpuLeft, memoryLeft] = [f.cpu - sum("cpu"), f.memoryMiB - sum("memory")];
    if (cpuLeft >= PROXY_CPU_UNITS && memoryLeft >= PROXY_MEMORY_MIB) return [];
    return [`           Service Connect proxy: AWS advises leaving it ${PROXY_CPU_UNITS} CPU units and ${PROXY_MEMORY_MIB} MiB of the task; the containers' limits leave ${cpuLeft} units and ${memoryLeft} MiB (raise task.cpu/memory or lower a container's)`];
}

/**
 * What each writable path starts with: a task volume is empty and root-owned (it hides the image's
 * files there) unless a `<container>-seed` container fills it from the image first.
 */
function writablePathLines(containers: any[], efsVolumes: Record<string, string> = {}): string[] {
    const seeded = new Set(containers.filter((c) => c.essential === false && String(c.name).endsWith("-seed")).map((c) => String(c.name).slice(0, -5)));
    // A container's writable paths are its own volumes (`<container>-writable-<i>`); the others are task volumes containers share.
    const own = (c: any, m: any) => String(m.sourceVolume).startsWith(`${c.name}-writable-`);
    return containers
        .filter((c) => (c.mountPoints ?? []).length > 0 && !(c.essential === false && String(c.name).endsWith("-seed")))
        .flatMap((c) => {
            const out: string[] = [];
            const paths = c.mountPoints.filter((m: any) => own(c, m)).map((m: any) => m.containerPath).join(", ");
            const state = seeded.has(c.name) ? `seeded from the image${c.user ? `, owned by ${c.user}` : ""}` : "start empty and root-owned, hiding the image's files there";
            if (paths) out.push(`           ${c.name} writable: ${paths} (${state})`);
            const shared = c.mountPoints.filter((m: any) => !own(c, m) && !(m.sourceVolume in efsVolumes)).map((m: any) => `${m.containerPath} (${m.sourceVolume}${m.readOnly ? ", read-only" : ""})`);
            if (shared.length > 0) out.push(`           ${c.name} shares: ${shared.join(", ")} (task volumes: empty and root-owned at start)`);
            const efs = c.mountPoints.filter((m: any) => m.sourceVolume in efsVolumes).map((m: any) => `${m.containerPath} (${efsVolumes[m.sourceVolume]}${m.readOnly ? ", read-only" : ""})`);
            if (efs.length > 0) out.push(`           ${c.name} EFS: ${efs.join(", ")} (kept across tasks and deploys, TLS + IAM)`);
            return out;
        });
}
