/**
 * The offline plan: what a stack registers, what it costs per month and how long its rollouts
 * take, computed from the resources the real program registers under mocks.
 */
import { estimateAwsDefaultRollout, estimateRollout, ECS_NO_HEALTH_CHECK_SECONDS } from "../components/internal/rollout";
import { ProgramRun, RecordedResource } from "./mock-runtime";
import { evaluateControls } from "./controls";
import { ASSUMPTIONS, PRICE_DATE, RegionPrices, notPricedReason, pricesFor } from "./prices";
import { runsPerMonth } from "./schedules";

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

export interface CostLine {
    item: string;
    monthly: number;
}

export interface Plan {
    project: string;
    stack: string;
    resources: PlanResource[];
    outputs: Record<string, unknown>;
    /** `monthly` is null (and `lines` empty) in a region the price table does not cover; `note` says so. */
    estimate: { region: string; currency: "USD"; priceDate: string; monthly: number | null; lines: CostLine[]; note?: string };
    rollout: { service: string; seconds: number; parts: Record<string, number | string> }[];
}

/** What the plan needs to know about one ECS service, read from its recorded resources. */
interface ServiceFacts {
    name: string;
    component: string | null;
    service: RecordedResource;
    cpu: number;
    memoryMiB: number;
    arch: "X86_64" | "ARM64";
    ephemeralGiB: number;
    containers: any[];
    minTasks: number;
    maxTasks: number;
    autoscaled: boolean;
    publicIp: boolean;
    targetGroup?: RecordedResource;
}

function serviceFacts(resources: RecordedResource[]): ServiceFacts[] {
    const taskDefs = resources.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
    return resources
        .filter((r) => r.type === "aws:ecs/service:Service")
        .map((service) => {
            const family = String(service.inputs.taskDefinition ?? "").split("/").pop()?.split(":")[0];
            const td = taskDefs.find((t) => t.inputs.family === family);
            if (!td) {
                throw new Error(`service ${service.name}: no task definition of family ${family} in the plan`);
            }
            // Children are found by their component and stable names (`<service>-scaling`, `<service>-tg`).
            const sibling = (type: string, name: string) => resources.find((r) => r.type === type && r.parent === service.parent && r.name === name);
            const target = sibling("aws:appautoscaling/target:Target", `${service.name}-scaling`);
            const lb = service.inputs.loadBalancers?.[0];
            return {
                name: service.name,
                component: service.parent,
                service,
                cpu: Number(td.inputs.cpu),
                memoryMiB: Number(td.inputs.memory),
                arch: td.inputs.runtimePlatform?.cpuArchitecture ?? "X86_64",
                ephemeralGiB: td.inputs.ephemeralStorage?.sizeInGib ?? 20,
                containers: JSON.parse(td.inputs.containerDefinitions),
                minTasks: target ? target.inputs.minCapacity : service.inputs.desiredCount ?? 1,
                maxTasks: target ? target.inputs.maxCapacity : service.inputs.desiredCount ?? 1,
                autoscaled: target !== undefined,
                publicIp: service.inputs.networkConfiguration?.assignPublicIp === true,
                targetGroup: lb ? sibling("aws:lb/targetGroup:TargetGroup", `${service.name}-tg`) : undefined,
            };
        });
}

/** Scheduled tasks: their schedule, task size and expected run time (a tag of their task definition). */
function scheduledJobs(resources: RecordedResource[]) {
    return resources
        .filter((r) => r.type === "aws:scheduler/schedule:Schedule")
        .map((s) => {
            const family = String(s.inputs.target?.ecsParameters?.taskDefinitionArn ?? "").split("/").pop()?.split(":")[0];
            const td = resources.find((t) => t.type === "aws:ecs/taskDefinition:TaskDefinition" && t.inputs.family === family);
            const expression = String(s.inputs.scheduleExpression);
            return {
                name: s.name,
                expression,
                timezone: String(s.inputs.scheduleExpressionTimezone ?? "UTC"),
                enabled: s.inputs.state !== "DISABLED",
                runs: s.inputs.state === "DISABLED" ? 0 : runsPerMonth(expression),
                runSeconds: Number(td?.inputs.tags?.["fargate-kit-run-seconds"] ?? 60),
                cpu: Number(td?.inputs.cpu ?? 256),
                memoryMiB: Number(td?.inputs.memory ?? 512),
                arch: (td?.inputs.runtimePlatform?.cpuArchitecture ?? "X86_64") as "X86_64" | "ARM64",
            };
        });
}

/** How many of `tasks` run on Spot under the service's capacity-provider strategy. */
export function spotTasks(strategies: { capacityProvider: string; weight?: number; base?: number }[] | undefined, tasks: number): number {
    const spot = strategies?.find((s) => s.capacityProvider === "FARGATE_SPOT");
    if (!spot) return 0;
    const base = (strategies ?? []).reduce((b, s) => b + (s.base ?? 0), 0);
    const baseOnSpot = Math.min(tasks, spot.base ?? 0);
    const rest = Math.max(0, tasks - base);
    const totalWeight = (strategies ?? []).reduce((w, s) => w + (s.weight ?? 0), 0);
    return baseOnSpot + (totalWeight > 0 ? (rest * (spot.weight ?? 0)) / totalWeight : 0);
}

const cents = (usd: number) => Math.round(usd * 100);
const fmtUsd = (usd: number) => `$${usd.toFixed(2)}`;

function fargateMonthly(f: ServiceFacts, tasks: number, p: RegionPrices): number {
    const h = ASSUMPTIONS.hoursPerMonth;
    const vcpu = f.cpu / 1024;
    const gb = f.memoryMiB / 1024;
    const [cpuPrice, gbPrice] = f.arch === "ARM64" ? [p.fargateArmVcpuHour, p.fargateArmGbHour] : [p.fargateX86VcpuHour, p.fargateX86GbHour];
    const perTask = (vcpu * cpuPrice + gb * gbPrice + Math.max(0, f.ephemeralGiB - 20) * p.ephemeralGbHour) * h;
    const onSpot = spotTasks(f.service.inputs.capacityProviderStrategies, tasks);
    return perTask * (tasks - onSpot) + perTask * onSpot * (1 - ASSUMPTIONS.spotDiscount);
}

/** The monthly estimate. Autoscaled services are priced at their minimum; the maximum is shown. */
export function estimateCost(run: ProgramRun): Plan["estimate"] {
    const p = pricesFor(run.region);
    if (!p) {
        return { region: run.region, currency: "USD", priceDate: PRICE_DATE, monthly: null, lines: [], note: notPricedReason(run.region) };
    }
    const h = ASSUMPTIONS.hoursPerMonth;
    const lines: CostLine[] = [];
    const add = (item: string, usd: number) => {
        if (cents(usd) !== 0) lines.push({ item, monthly: cents(usd) / 100 });
    };
    const services = serviceFacts(run.resources);
    for (const f of services) {
        const size = `${f.cpu / 1024} vCPU / ${f.memoryMiB / 1024} GB ${f.arch === "ARM64" ? "ARM" : "x86"}`;
        const spot = spotTasks(f.service.inputs.capacityProviderStrategies, f.minTasks);
        const scaled = f.autoscaled ? ` (autoscaled ${f.minTasks}–${f.maxTasks}, priced at ${f.minTasks}; at ${f.maxTasks}: ${fmtUsd(fargateMonthly(f, f.maxTasks, p))})` : "";
        const spotNote = f.service.inputs.capacityProviderStrategies?.some((s: any) => s.capacityProvider === "FARGATE_SPOT") ? `, ${+spot.toFixed(2)} on Spot at -${ASSUMPTIONS.spotDiscount * 100}%` : "";
        lines.push({ item: `Fargate ${f.name}: ${f.minTasks} × ${size}${spotNote}${scaled}`, monthly: cents(fargateMonthly(f, f.minTasks, p)) / 100 });
    }
    for (const job of scheduledJobs(run.resources)) {
        const size = `${job.cpu / 1024} vCPU / ${job.memoryMiB / 1024} GB ${job.arch === "ARM64" ? "ARM" : "x86"}`;
        if (job.runs === undefined) {
            lines.push({ item: `Scheduled ${job.name}: ${job.expression} not priced (an expression the plan cannot count)`, monthly: 0 });
            continue;
        }
        const [cpuPrice, gbPrice] = job.arch === "ARM64" ? [p.fargateArmVcpuHour, p.fargateArmGbHour] : [p.fargateX86VcpuHour, p.fargateX86GbHour];
        // Fargate bills at least a minute per task.
        const hours = (job.runs * Math.max(60, job.runSeconds)) / 3600;
        add(`Scheduled ${job.name}: ${job.runs} runs × ${job.runSeconds} s (billed ≥ 60 s) × ${size}`, hours * ((job.cpu / 1024) * cpuPrice + (job.memoryMiB / 1024) * gbPrice));
    }
    const lbs = run.resources.filter((r) => r.type === "aws:lb/loadBalancer:LoadBalancer");
    for (const lb of lbs) {
        add(`Load balancer ${lb.name} (${ASSUMPTIONS.lcuPerHour} LCU assumed)`, (p.albHour + ASSUMPTIONS.lcuPerHour * p.albLcuHour) * h);
    }
    const vpc = run.resources.find((r) => r.type === "awsx:ec2:Vpc");
    const azs = vpc?.inputs.numberOfAvailabilityZones ?? 2;
    const natStrategy = vpc?.inputs.natGateways?.strategy ?? "None";
    const nats = natStrategy === "Single" ? 1 : natStrategy === "OnePerAz" ? azs : 0;
    add(`NAT gateways: ${nats} (+${ASSUMPTIONS.natGbPerMonth} GB each assumed)`, nats * (p.natHour * h + ASSUMPTIONS.natGbPerMonth * p.natGb));
    const lbIps = lbs.reduce((n, lb) => n + ((lb.inputs.subnets as unknown[] | undefined)?.length ?? 2), 0);
    const taskIps = services.filter((f) => f.publicIp).reduce((n, f) => n + f.minTasks, 0);
    add(`Public IPv4: ${lbIps + nats + taskIps} addresses (${lbIps} load balancer, ${nats} NAT, ${taskIps} task)`, (lbIps + nats + taskIps) * p.publicIpv4Hour * h);
    const endpoints = run.resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.inputs.vpcEndpointType === "Interface");
    const endpointAzs = endpoints.reduce((n, e) => n + ((e.inputs.subnetIds as unknown[] | undefined)?.length ?? azs), 0);
    add(`VPC interface endpoints: ${endpoints.length} in ${endpointAzs} endpoint-AZs (+${ASSUMPTIONS.endpointGbPerMonth} GB assumed)`, endpointAzs * p.endpointAzHour * h + (endpoints.length > 0 ? ASSUMPTIONS.endpointGbPerMonth * p.endpointGb : 0));
    const tasks = services.reduce((n, f) => n + f.minTasks, 0);
    add(`CloudWatch Logs ingestion: ${tasks} tasks × ${ASSUMPTIONS.logGbPerTaskMonth} GB assumed`, tasks * ASSUMPTIONS.logGbPerTaskMonth * p.logsIngestGb);
    const secrets = new Set<string>();
    for (const r of run.resources.filter((x) => x.type === "aws:iam/rolePolicy:RolePolicy")) {
        for (const s of JSON.parse(String(r.inputs.policy)).Statement ?? []) {
            if ((s.Action as string[]).includes("secretsmanager:GetSecretValue")) for (const res of s.Resource as string[]) secrets.add(res);
        }
    }
    add(`Secrets Manager: ${secrets.size} secrets`, secrets.size * p.secretMonth);
    const repos = run.resources.filter((r) => r.type === "aws:ecr/repository:Repository").length;
    add(`ECR storage: ${repos} repositories × ${ASSUMPTIONS.ecrGbPerRepository} GB assumed`, repos * ASSUMPTIONS.ecrGbPerRepository * p.ecrGbMonth);
    const monthly = lines.reduce((sum, l) => sum + cents(l.monthly), 0) / 100;
    return { region: run.region, currency: "USD", priceDate: PRICE_DATE, monthly, lines };
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
            const hc = f.targetGroup.inputs.healthCheck;
            health = hc.healthyThreshold * hc.interval;
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
        out.push(`  ${short(c.type)} ${c.name} (${children.length}): ${list}`);
    }
    out.push("", "Services");
    for (const f of serviceFacts(run.resources)) {
        const svc = f.service.inputs;
        const spot = svc.capacityProviderStrategies?.some((s: any) => s.capacityProvider === "FARGATE_SPOT") ? " · Spot" : "";
        const counts = f.autoscaled ? `${f.minTasks}–${f.maxTasks} tasks` : `${f.minTasks} task(s)`;
        const lb = f.targetGroup ? ` · health ${f.targetGroup.inputs.healthCheck.path} every ${f.targetGroup.inputs.healthCheck.interval}s · drain ${f.targetGroup.inputs.deregistrationDelay}s` : "";
        out.push(`  ${f.name.padEnd(8)} ${f.cpu / 1024} vCPU / ${f.memoryMiB / 1024} GB ${f.arch} · ${counts}${spot} · ${svc.deploymentConfiguration?.strategy ?? "ROLLING"}${lb}${f.publicIp ? " · public IP" : ""}`);
        out.push(...routeLines(run.resources, f));
        out.push(...writablePathLines(f.containers));
    }
    const url = plan.outputs.url;
    if (url) out.push(`  url: ${url}`);
    const jobs = scheduledJobs(run.resources);
    if (jobs.length > 0) {
        out.push("", "Scheduled tasks (EventBridge Scheduler → ECS RunTask; a run that outlasts its interval overlaps the next)");
        for (const j of jobs) out.push(`  ${j.name.padEnd(8)} ${j.expression} ${j.timezone}${j.enabled ? "" : " (disabled)"} · ${j.runs ?? "?"} runs/month × ${j.runSeconds} s`);
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
        out.push("", `Monthly cost estimate (USD, prices of ${plan.estimate.priceDate}${p.unverified.length ? "; some prices unverified, see tools/prices.ts" : ""})`);
        for (const l of plan.estimate.lines) out.push(`  ${fmtUsd(l.monthly).padStart(9)}  ${l.item}`);
        out.push(`  ${fmtUsd(plan.estimate.monthly).padStart(9)}  total`);
    }
    out.push("", "Rollout per deploy (modelled: task start assumed 30 s, + health detection + drain; a worker's drain is the time a job may take to finish)");
    for (const r of plan.rollout) {
        const pt = r.parts;
        out.push(`  ${r.service.padEnd(8)} ${String(r.seconds).padStart(4)} s  ${pt.strategy}: start ${pt.taskStart} + health ${pt.healthDetection} + drain ${pt.drain}${Number(pt.bake) ? ` + bake ${pt.bake}` : ""} s, ${pt.waves} wave(s) · AWS defaults: ${pt.awsDefaultSeconds} s`);
    }
    const controls = evaluateControls(run.resources);
    const failed = controls.filter((c) => c.status === "fail");
    out.push("", `Security Hub controls: ${controls.filter((c) => c.status === "pass").length} pass, ${failed.length} not met${failed.length ? ` (${failed.map((c) => c.id).join(", ")}; see README "Security controls")` : ""}`);
    return out.join("\n");
}

/** Which requests reach a web service: its listener rule's hosts and paths, and its priority. */
function routeLines(resources: RecordedResource[], f: ServiceFacts): string[] {
    const rule = resources.find((r) => r.type === "aws:lb/listenerRule:ListenerRule" && r.parent === f.component && r.name === `${f.name}-route`);
    if (!rule) return [];
    const values = (key: string) => (rule.inputs.conditions as any[]).flatMap((c) => c[key]?.values ?? []);
    const hosts = values("hostHeader");
    const paths = values("pathPattern");
    const what = [hosts.length ? `host ${hosts.join(", ")}` : "any host", paths.length && !(paths.length === 1 && paths[0] === "/*" && hosts.length === 0) ? `path ${paths.join(", ")}` : ""].filter(Boolean).join(" + ");
    const catchAll = rule.inputs.priority === 50000 && hosts.length === 0 && paths.length === 1 && paths[0] === "/*";
    return [`           routes: ${catchAll ? "every request no other rule takes (default)" : what} · priority ${rule.inputs.priority}`];
}

/**
 * What each writable path starts with: a task volume is empty and root-owned (it hides the image's
 * files there) unless a `<container>-seed` container fills it from the image first.
 */
function writablePathLines(containers: any[]): string[] {
    const seeded = new Set(containers.filter((c) => c.essential === false && String(c.name).endsWith("-seed")).map((c) => String(c.name).slice(0, -5)));
    return containers
        .filter((c) => (c.mountPoints ?? []).length > 0 && !(c.essential === false && String(c.name).endsWith("-seed")))
        .map((c) => {
            const paths = c.mountPoints.map((m: any) => m.containerPath).join(", ");
            const state = seeded.has(c.name) ? `seeded from the image${c.user ? `, owned by ${c.user}` : ""}` : "start empty and root-owned, hiding the image's files there";
            return `           ${c.name} writable: ${paths} (${state})`;
        });
}

/** Flattens a value into path → leaf, parsing JSON strings (policies, container definitions). */
function flatten(value: unknown, path: string, out: Map<string, string>): void {
    if (typeof value === "string" && /^[[{]/.test(value)) {
        try {
            return flatten(JSON.parse(value), path, out);
        } catch {
            /* plain string */
        }
    }
    if (value !== null && typeof value === "object") {
        const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
        if (entries.length === 0) out.set(path, Array.isArray(value) ? "[]" : "{}");
        for (const [k, v] of entries) flatten(v, Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k, out);
        return;
    }
    out.set(path, JSON.stringify(value));
}

/** What differs between two plans: resources, their inputs, cost and rollout. */
export function diffPlans(a: Plan, b: Plan): string {
    const key = (r: PlanResource) => `${r.type}::${r.name}`;
    const left = new Map(a.resources.map((r) => [key(r), r]));
    const right = new Map(b.resources.map((r) => [key(r), r]));
    const out: string[] = [`Differences ${a.stack} → ${b.stack}`, ""];
    const only = (m: Map<string, PlanResource>, other: Map<string, PlanResource>, sign: string) => [...m.keys()].filter((k) => !other.has(k)).map((k) => `  ${sign} ${short(k.split("::")[0])} ${k.split("::")[1]}`);
    const removed = only(left, right, "-");
    const added = only(right, left, "+");
    out.push(`Resources: ${removed.length} only in ${a.stack}, ${added.length} only in ${b.stack}`, ...removed, ...added, "");
    out.push("Changed inputs");
    for (const [k, l] of left) {
        const r = right.get(k);
        if (!r) continue;
        const fl = new Map<string, string>();
        const fr = new Map<string, string>();
        flatten({ ...l.inputs, protect: l.protect }, "", fl);
        flatten({ ...r.inputs, protect: r.protect }, "", fr);
        const paths = [...new Set([...fl.keys(), ...fr.keys()])].filter((p) => fl.get(p) !== fr.get(p)).sort();
        if (paths.length === 0) continue;
        out.push(`  ~ ${short(l.type)} ${l.name}`);
        for (const p of paths.slice(0, 12)) out.push(`      ${p}: ${fl.get(p) ?? "(unset)"} → ${fr.get(p) ?? "(unset)"}`);
        if (paths.length > 12) out.push(`      … ${paths.length - 12} more`);
    }
    const total = (plan: Plan) => (plan.estimate.monthly === null ? "not priced" : fmtUsd(plan.estimate.monthly));
    out.push("", `Monthly estimate: ${total(a)} → ${total(b)}`);
    for (const r of a.rollout) {
        const other = b.rollout.find((x) => x.service === r.service);
        out.push(`Rollout ${r.service}: ${r.seconds} s → ${other ? `${other.seconds} s` : "(none)"}`);
    }
    return out.join("\n");
}
