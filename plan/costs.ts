/**
 * The cost model of the offline plan: a monthly estimate from the resources the program
 * registered, line by line, each with its category (network, load balancer, compute, …), the
 * service it belongs to, what it costs at every autoscaled service's maximum, and a cheaper option
 * where one exists ("nat: instance would save $X/month").
 */
import { DEFAULT_NAT_INSTANCE_TYPE } from "../components/platform/network";
import { NAT_TAG } from "../components/internal/nat-instance";
import { ProgramRun, RecordedResource } from "../tools/mock-runtime";
import { ServiceFacts, scheduledJobs, serviceFacts, spotTasks } from "./plan-facts";
import { ASSUMPTIONS, PRICE_DATE, RegionPrices, notPricedReason, pricesFor } from "./prices";
import { dataLines } from "./data-costs";
import { MESSAGING_ASSUMPTIONS, MESSAGING_PRICES } from "./prices";

export type CostCategory = "compute" | "jobs" | "network" | "load balancer" | "logs" | "alarms" | "container insights" | "secrets" | "registry" | "data" | "file systems";

export interface CostLine {
    item: string;
    monthly: number;
    category: CostCategory;
    /** The service or scheduled task the line belongs to; null for what the stack shares. */
    service: string | null;
    /** The line at every autoscaled service's maximum task count. */
    atMaxScale: number;
    /** A cheaper setting for this line and what it would save per month. */
    cheaper: { option: string; saves: number } | null;
}

export interface CostEstimate {
    region: string;
    currency: "USD";
    priceDate: string;
    /** The sum of the lines; null in a region the price table does not cover (`note` says so). */
    monthly: number | null;
    /** The bill with every autoscaled service at its maximum. */
    monthlyAtMaxScale: number | null;
    /** Subtotals by category and by service (lines without a service are not in `byService`). */
    byCategory: Partial<Record<CostCategory, number>>;
    byService: Record<string, number>;
    lines: CostLine[];
    note?: string;
}

const cents = (usd: number) => Math.round(usd * 100);
const usd = (value: number) => cents(value) / 100;
export const fmtUsd = (value: number) => `$${value.toFixed(2)}`;
const H = ASSUMPTIONS.hoursPerMonth;
/** "1 task", "2 tasks". */
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The monthly estimate. Autoscaled services are priced at their minimum; `atMaxScale` at their maximum. */
export function estimateCost(run: ProgramRun): CostEstimate {
    const p = pricesFor(run.region);
    if (!p) {
        return { region: run.region, currency: "USD", priceDate: PRICE_DATE, monthly: null, monthlyAtMaxScale: null, byCategory: {}, byService: {}, lines: [], note: notPricedReason(run.region) };
    }
    const lines: CostLine[] = [];
    const add = (category: CostCategory, item: string, monthly: number, more: Partial<Pick<CostLine, "service" | "atMaxScale" | "cheaper">> = {}) => {
        const atMax = more.atMaxScale ?? monthly;
        if (cents(monthly) === 0 && cents(atMax) === 0 && !more.service) return;
        lines.push({ item, monthly: usd(monthly), category, service: more.service ?? null, atMaxScale: usd(atMax), cheaper: more.cheaper ?? null });
    };
    const services = serviceFacts(run.resources);
    for (const f of services) computeLines(f, p, add);
    jobLines(run.resources, p, add);
    networkLines(run.resources, services, p, add);
    for (const lb of run.resources.filter((r) => r.type === "aws:lb/loadBalancer:LoadBalancer")) {
        add("load balancer", `Load balancer ${lb.name}${lb.inputs.internal === true ? " (internal)" : ""} (${ASSUMPTIONS.lcuPerHour} LCU assumed)`, (p.albHour + ASSUMPTIONS.lcuPerHour * p.albLcuHour) * H);
    }
    for (const f of services) {
        add("logs", `Logs ${f.name}: ${count(f.minTasks, "task")} × ${ASSUMPTIONS.logGbPerTaskMonth} GB assumed`, f.minTasks * ASSUMPTIONS.logGbPerTaskMonth * p.logsIngestGb, {
            service: f.name,
            atMaxScale: f.maxTasks * ASSUMPTIONS.logGbPerTaskMonth * p.logsIngestGb,
        });
    }
    dataLines(run.resources, run.region, (item, monthly, more) => add("data", item, monthly, more ?? {}));
    alarmLines(run.resources, services, p, add);
    containerInsightsLines(run.resources, services, p, add);
    const secrets = new Set<string>();
    for (const r of run.resources.filter((x) => x.type === "aws:iam/rolePolicy:RolePolicy")) {
        for (const s of JSON.parse(String(r.inputs.policy)).Statement ?? []) {
            if ((s.Action as string[]).includes("secretsmanager:GetSecretValue")) for (const res of s.Resource as string[]) secrets.add(res);
        }
    }
    add("secrets", `Secrets Manager: ${count(secrets.size, "secret")}`, secrets.size * p.secretMonth);
    const repos = run.resources.filter((r) => r.type === "aws:ecr/repository:Repository").length;
    add("registry", `ECR storage: ${count(repos, "repository", "repositories")} × ${ASSUMPTIONS.ecrGbPerRepository} GB assumed`, repos * ASSUMPTIONS.ecrGbPerRepository * p.ecrGbMonth);
    fileSystemLines(run.resources, p, add);

    messagingLines(run, add);

    const sum = (ls: CostLine[], key: "monthly" | "atMaxScale") => ls.reduce((s, l) => s + cents(l[key]), 0) / 100;
    const byCategory: Partial<Record<CostCategory, number>> = {};
    for (const l of lines) byCategory[l.category] = usd((byCategory[l.category] ?? 0) + l.monthly);
    const byService: Record<string, number> = {};
    for (const l of lines.filter((x) => x.service !== null)) byService[l.service!] = usd((byService[l.service!] ?? 0) + l.monthly);
    return { region: run.region, currency: "USD", priceDate: p.date ?? PRICE_DATE, monthly: sum(lines, "monthly"), monthlyAtMaxScale: sum(lines, "atMaxScale"), byCategory, byService, lines };
}

type Add = (category: CostCategory, item: string, monthly: number, more?: Partial<Pick<CostLine, "service" | "atMaxScale" | "cheaper">>) => void;

function fargateHourly(vcpu: number, gb: number, arch: "X86_64" | "ARM64", p: RegionPrices): number {
    return arch === "ARM64" ? vcpu * p.fargateArmVcpuHour + gb * p.fargateArmGbHour : vcpu * p.fargateX86VcpuHour + gb * p.fargateX86GbHour;
}

/** A service's tasks for a month: on-demand and Spot as its capacity-provider strategy splits them. */
function fargateMonthly(f: ServiceFacts, tasks: number, p: RegionPrices, arch = f.arch, spot = true): number {
    const perTask = (fargateHourly(f.cpu / 1024, f.memoryMiB / 1024, arch, p) + Math.max(0, f.ephemeralGiB - 20) * p.ephemeralGbHour) * H;
    const onSpot = spot ? spotTasks(f.service.inputs.capacityProviderStrategies, tasks) : 0;
    return perTask * (tasks - onSpot) + perTask * onSpot * (1 - ASSUMPTIONS.spotDiscount);
}

function computeLines(f: ServiceFacts, p: RegionPrices, add: Add): void {
    const size = `${f.cpu / 1024} vCPU / ${f.memoryMiB / 1024} GB ${f.arch === "ARM64" ? "ARM" : "x86"}${f.ephemeralGiB > 20 ? ` + ${f.ephemeralGiB} GiB storage (${f.ephemeralGiB - 20} above the free 20 priced)` : ""}`;
    const usesSpot = f.service.inputs.capacityProviderStrategies?.some((s: any) => s.capacityProvider === "FARGATE_SPOT") ?? false;
    const spot = spotTasks(f.service.inputs.capacityProviderStrategies, f.minTasks);
    const scaled = f.autoscaled ? ` (autoscaled ${f.minTasks}–${f.maxTasks}, priced at ${f.minTasks}; at ${f.maxTasks}: ${fmtUsd(fargateMonthly(f, f.maxTasks, p))})` : "";
    const spotNote = usesSpot ? `, ${+spot.toFixed(2)} on Spot at -${ASSUMPTIONS.spotDiscount * 100}%` : "";
    if (f.scheduled) return scheduledComputeLine(f, size, spotNote, p, add);
    const monthly = fargateMonthly(f, f.minTasks, p);
    // Graviton is ~20 % cheaper, but has no Fargate Spot: compare against all-on-demand ARM64.
    const arm = f.arch === "X86_64" ? monthly - fargateMonthly(f, f.minTasks, p, "ARM64", false) : 0;
    const cheaper = cents(arm) > 0 ? { option: `cpuArchitecture: ARM64${usesSpot ? " (no Fargate Spot on ARM64)" : ""}`, saves: usd(arm) } : null;
    add("compute", `Fargate ${f.name}: ${f.minTasks} × ${size}${spotNote}${scaled}`, monthly, { service: f.name, atMaxScale: fargateMonthly(f, f.maxTasks, p), cheaper });
}

/**
 * A service with scheduled scaling, priced at the month's average of the minimum in force (and,
 * at max scale, of the maximum in force): a stage at zero 12 h a day costs half.
 */
function scheduledComputeLine(f: ServiceFacts, size: string, spotNote: string, p: RegionPrices, add: Add): void {
    const s = f.scheduled!;
    const avg = +s.averageTasks.toFixed(2);
    const ignored = s.ignored.length > 0 ? `; not modelled: ${s.ignored.join(", ")}` : "";
    const note = ` (scheduled: ${avg} tasks on average over the month, the minimum in force at each hour; range ${f.minTasks}–${f.maxTasks} outside the schedules${ignored})`;
    const monthly = fargateMonthly(f, s.averageTasks, p);
    const arm = f.arch === "X86_64" ? monthly - fargateMonthly(f, s.averageTasks, p, "ARM64", false) : 0;
    const cheaper = cents(arm) > 0 ? { option: "cpuArchitecture: ARM64", saves: usd(arm) } : null;
    add("compute", `Fargate ${f.name}: ${avg} × ${size}${spotNote}${note}`, monthly, { service: f.name, atMaxScale: fargateMonthly(f, s.averageMaxTasks, p), cheaper });
}

function jobLines(resources: RecordedResource[], p: RegionPrices, add: Add): void {
    for (const job of scheduledJobs(resources)) {
        const size = `${job.cpu / 1024} vCPU / ${job.memoryMiB / 1024} GB ${job.arch === "ARM64" ? "ARM" : "x86"}`;
        if (job.runs === undefined) {
            add("jobs", `Scheduled ${job.name}: ${job.expression} not priced (an expression the plan cannot count)`, 0, { service: job.name });
            continue;
        }
        // Fargate bills at least a minute per task.
        const hours = (job.runs * Math.max(60, job.runSeconds)) / 3600;
        const monthly = hours * fargateHourly(job.cpu / 1024, job.memoryMiB / 1024, job.arch, p);
        const arm = job.arch === "X86_64" ? monthly - hours * fargateHourly(job.cpu / 1024, job.memoryMiB / 1024, "ARM64", p) : 0;
        add("jobs", `Scheduled ${job.name}: ${job.runs} runs × ${job.runSeconds} s (billed ≥ 60 s) × ${size}`, monthly, {
            service: job.name,
            cheaper: cents(arm) > 0 ? { option: "cpuArchitecture: ARM64", saves: usd(arm) } : null,
        });
    }
}

/** A NAT instance's month: the instance, its root volume. Its Elastic IP is priced with the other addresses. */
function natInstanceMonthly(instanceType: string, p: RegionPrices): number | undefined {
    const hour = p.ec2Hour[instanceType];
    return hour === undefined ? undefined : hour * H + ASSUMPTIONS.natRootVolumeGb * p.gp3GbMonth;
}

function networkLines(resources: RecordedResource[], services: ServiceFacts[], p: RegionPrices, add: Add): void {
    const vpc = resources.find((r) => r.type === "awsx:ec2:Vpc");
    const azs = vpc?.inputs.numberOfAvailabilityZones ?? 2;
    const natStrategy = vpc?.inputs.natGateways?.strategy ?? "None";
    const gateways = natStrategy === "Single" ? 1 : natStrategy === "OnePerAz" ? azs : 0;
    const cheapNat = natInstanceMonthly(DEFAULT_NAT_INSTANCE_TYPE, p)!;
    if (gateways > 0) {
        const monthly = gateways * (p.natHour * H + ASSUMPTIONS.natGbPerMonth * p.natGb);
        // Instances in every AZ, whatever the gateways cover: the same availability as perAz.
        const saves = monthly - azs * cheapNat - (azs - gateways) * p.publicIpv4Hour * H;
        add("network", `NAT gateways: ${gateways} (+${ASSUMPTIONS.natGbPerMonth} GB each assumed)`, monthly, {
            cheaper: cents(saves) > 0 ? { option: `nat: instance (${azs} × ${DEFAULT_NAT_INSTANCE_TYPE})`, saves: usd(saves) } : null,
        });
    }
    const groups = resources.filter((r) => r.type === "aws:autoscaling/group:Group" && (r.inputs.tags as any[] | undefined)?.some((t) => t.key === NAT_TAG));
    if (groups.length > 0) {
        const types = groups.map((g) => String(resources.find((t) => t.type === "aws:ec2/launchTemplate:LaunchTemplate" && t.parent === g.parent && t.name === g.name)?.inputs.instanceType));
        const priced = types.map((t) => natInstanceMonthly(t, p));
        const unpriced = [...new Set(types.filter((_, i) => priced[i] === undefined))];
        const what = `${groups.length} × ${[...new Set(types)].join(", ")} + ${ASSUMPTIONS.natRootVolumeGb} GB gp3 each${unpriced.length ? `; ${unpriced.join(", ")} not in the price table, not priced` : ""}`;
        add("network", `NAT instances: ${what}`, priced.reduce<number>((s, m) => s + (m ?? 0), 0));
    }
    const lbs = resources.filter((r) => r.type === "aws:lb/loadBalancer:LoadBalancer");
    // An internal load balancer's nodes have private addresses only: no public IPv4 charge.
    const lbIps = lbs.filter((lb) => lb.inputs.internal !== true).reduce((n, lb) => n + ((lb.inputs.subnets as unknown[] | undefined)?.length ?? 2), 0);
    const natIps = gateways + resources.filter((r) => r.type === "aws:ec2/eip:Eip").length;
    const taskIps = (tasks: (f: ServiceFacts) => number) => services.filter((f) => f.publicIp).reduce((n, f) => n + tasks(f), 0);
    const ips = lbIps + natIps + taskIps((f) => f.minTasks);
    add("network", `Public IPv4: ${ips} addresses (${lbIps} load balancer, ${natIps} NAT, ${taskIps((f) => f.minTasks)} task)`, ips * p.publicIpv4Hour * H, {
        atMaxScale: (lbIps + natIps + taskIps((f) => f.maxTasks)) * p.publicIpv4Hour * H,
    });
    const endpoints = resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.inputs.vpcEndpointType === "Interface");
    const endpointAzs = endpoints.reduce((n, e) => n + ((e.inputs.subnetIds as unknown[] | undefined)?.length ?? azs), 0);
    const endpointCost = endpointAzs * p.endpointAzHour * H + (endpoints.length > 0 ? ASSUMPTIONS.endpointGbPerMonth * p.endpointGb : 0);
    const instead = endpointCost - azs * (cheapNat + p.publicIpv4Hour * H);
    add("network", `VPC interface endpoints: ${endpoints.length} in ${endpointAzs} endpoint-AZs (+${ASSUMPTIONS.endpointGbPerMonth} GB assumed)`, endpointCost, {
        cheaper: gateways === 0 && cents(instead) > 0 ? { option: "nat: instance instead of endpoints, where isolation from the internet is not required", saves: usd(instead) } : null,
    });
}

/** The service a resource belongs to: the name of the component that registered it. */
function owner(r: RecordedResource, names: Set<string>): string | null {
    const name = r.parent?.split("::")[1];
    return name !== undefined && names.has(name) ? name : null;
}

function alarmLines(resources: RecordedResource[], services: ServiceFacts[], p: RegionPrices, add: Add): void {
    const names = new Set([...services.map((f) => f.name), ...scheduledJobs(resources).map((j) => j.name)]);
    const groups = new Map<string | null, { alarms: number; metrics: number }>();
    for (const a of resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm")) {
        // Metric math is billed per metric it reads; expressions are free.
        const metrics = a.inputs.metricQueries ? (a.inputs.metricQueries as any[]).filter((q) => q.metric).length : 1;
        const key = owner(a, names);
        const g = groups.get(key) ?? { alarms: 0, metrics: 0 };
        groups.set(key, { alarms: g.alarms + 1, metrics: g.metrics + metrics });
    }
    for (const [service, g] of groups) {
        add("alarms", `Alarms ${service ?? "shared"}: ${count(g.alarms, "alarm")} reading ${count(g.metrics, "metric")}`, g.metrics * p.alarmMetricMonth, { service: service ?? undefined });
    }
}

function containerInsightsLines(resources: RecordedResource[], services: ServiceFacts[], p: RegionPrices, add: Add): void {
    const cluster = resources.find((r) => r.type === "aws:ecs/cluster:Cluster");
    const mode = (cluster?.inputs.settings as { name: string; value: string }[] | undefined)?.find((s) => s.name === "containerInsights")?.value ?? "disabled";
    if (!cluster || mode === "disabled") return;
    const m = ASSUMPTIONS.containerInsightsMetrics;
    const note = mode === "enhanced" ? "; enhanced's per-task and per-container metrics not priced" : "";
    add("container insights", `Container Insights (${mode}) cluster: ${m.cluster} metrics${note}`, m.cluster * p.customMetricMonth);
    // Metrics are billed by the hour in which they are published, and only while tasks run: a
    // service scaled to zero publishes none, a nightly job's family about an hour a day.
    for (const f of services) {
        const full = (m.service + m.taskFamily) * p.customMetricMonth;
        add("container insights", `Container Insights ${f.name}: ${m.service + m.taskFamily} metrics (service and task family)${f.minTasks === 0 ? ", none while scaled to zero" : ""}`, f.minTasks > 0 ? full : 0, { service: f.name, atMaxScale: full });
    }
    for (const job of scheduledJobs(resources)) {
        const hours = Math.min(1, (job.runs ?? ASSUMPTIONS.hoursPerMonth) / ASSUMPTIONS.hoursPerMonth);
        add("container insights", `Container Insights ${job.name}: ${m.taskFamily} metrics (task family${hours < 1 ? `, in ${Math.round(hours * 100)} % of hours` : ""})`, m.taskFamily * p.customMetricMonth * hours, { service: job.name });
    }
}

/**
 * The stack file's buckets (S3 Standard storage and requests, at an assumed size and traffic) and
 * topics (publishes beyond SNS's free million; deliveries to SQS are free). SSE-S3 and the AWS
 * managed SNS key cost nothing.
 */
function messagingLines(run: ProgramRun, add: Add): void {
    const d = MESSAGING_PRICES[run.region];
    if (!d) return;
    const a = MESSAGING_ASSUMPTIONS;
    for (const b of run.resources.filter((r) => r.type === "aws:s3/bucket:Bucket" && r.parent?.startsWith("fargate-kit:index:Bucket::"))) {
        const requests = (a.bucketPutsPerMonth / 1000) * d.s3PutPer1000 + (a.bucketGetsPerMonth / 1000) * d.s3GetPer1000;
        add("data", `Bucket ${b.name}: ${a.bucketGb} GB, ${a.bucketPutsPerMonth.toLocaleString("en-US")} writes and ${a.bucketGetsPerMonth.toLocaleString("en-US")} reads a month assumed`, a.bucketGb * d.s3StandardGbMonth + requests);
    }
    for (const t of run.resources.filter((r) => r.type === "aws:sns/topic:Topic" && r.parent?.startsWith("fargate-kit:index:Topic::"))) {
        const billed = Math.max(0, a.topicPublishesPerMonth - a.snsFreePublishes) / 1e6;
        add("data", `Topic ${t.name}: ${a.topicPublishesPerMonth.toLocaleString("en-US")} publishes a month assumed (first 1,000,000 free per account)`, billed * d.snsPublishPerMillion);
    }
}

/**
 * EFS file systems the stack creates (adopted ones are billed where they were made): Standard
 * storage, Elastic Throughput per GB read and written, and AWS Backup's copy when backups are on,
 * from the usage the stack file states (`sizeGb`, `readGbPerMonth`, `writeGbPerMonth`) or the
 * FileSystem's defaults. Files moved to Infrequent Access are priced as Standard (an upper bound).
 */
function fileSystemLines(resources: RecordedResource[], p: RegionPrices, add: Add): void {
    for (const component of resources.filter((r) => r.type === "fargate-kit:index:FileSystem")) {
        const children = resources.filter((r) => r.parent === `${component.type}::${component.name}`);
        const fs = children.find((r) => r.type === "aws:efs/fileSystem:FileSystem");
        if (!fs) continue;
        const e = component.inputs.estimate as { storedGb: number; readGbPerMonth: number; writeGbPerMonth: number };
        add("file systems", `EFS ${component.name}: ${e.storedGb} GB Standard stored`, e.storedGb * p.efsStandardGbMonth);
        if (fs.inputs.throughputMode === "elastic") {
            add("file systems", `EFS ${component.name}: elastic throughput, ${e.readGbPerMonth} GB read + ${e.writeGbPerMonth} GB written a month`, e.readGbPerMonth * p.efsElasticReadGb + e.writeGbPerMonth * p.efsElasticWriteGb);
        }
        const backups = children.some((r) => r.type === "aws:efs/backupPolicy:BackupPolicy" && r.inputs.backupPolicy?.status === "ENABLED");
        if (backups) add("file systems", `EFS ${component.name}: AWS Backup, ${e.storedGb} GB warm (daily, 35 days; changes only, assumed ≈ one copy)`, e.storedGb * p.efsBackupGbMonth);
    }
}
