/**
 * The monthly estimate of the app's data stores, from the recorded resources: Aurora Serverless v2
 * at its minimum capacity (its maximum in `atMaxScale`), RDS instance hours and gp3 storage,
 * ElastiCache Serverless at its metered minimum, ElastiCache nodes. What usage it assumes is said in
 * each line (plan/prices.ts DATA_ASSUMPTIONS). Backup storage up to the database's size is free and
 * not priced; the RDS-managed secret is in the Secrets Manager line.
 */
import { RecordedResource } from "../tools/mock-runtime";
import { ASSUMPTIONS, DATA_ASSUMPTIONS, DATA_PRICES, DataPrices } from "./prices";

type AddData = (item: string, monthly: number, more?: { atMaxScale?: number; cheaper?: { option: string; saves: number } | null }) => void;
const H = ASSUMPTIONS.hoursPerMonth;
const A = DATA_ASSUMPTIONS;

/** The data stores' lines; nothing when the region has no data prices (the line says so). */
export function dataLines(resources: RecordedResource[], region: string, add: AddData): void {
    const clusters = resources.filter((r) => r.type === "aws:rds/cluster:Cluster");
    const instances = resources.filter((r) => r.type === "aws:rds/instance:Instance");
    const serverless = resources.filter((r) => r.type === "aws:elasticache/serverlessCache:ServerlessCache");
    const nodes = resources.filter((r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup");
    if (clusters.length + instances.length + serverless.length + nodes.length === 0) return;
    const p = DATA_PRICES[region];
    if (!p) {
        add(`Data stores not priced: plan/prices.ts DATA_PRICES has ${Object.keys(DATA_PRICES).join(", ")} only`, 0);
        return;
    }
    for (const c of clusters) clusterLine(c, resources, p, add);
    for (const i of instances) instanceLine(i, p, add);
    for (const s of serverless) {
        const engine = s.inputs.engine === "redis" ? "redis" : "valkey";
        const gb = Math.max(A.cacheGb, p.cacheServerlessMinGb[engine]);
        const monthly = gb * p.cacheServerlessGbHour[engine] * H + A.cacheEcpuMillionsPerMonth * p.cacheServerlessEcpuMillion[engine];
        const valkey = gb * p.cacheServerlessGbHour.valkey * H + A.cacheEcpuMillionsPerMonth * p.cacheServerlessEcpuMillion.valkey;
        add(`Cache ${s.name}: ElastiCache Serverless ${engine}, ${gb} GB held (${engine === "valkey" ? "100 MB" : "1 GB"} metered at least) + ${A.cacheEcpuMillionsPerMonth}M ECPUs assumed`, monthly, {
            cheaper: engine === "redis" ? { option: "engine: valkey", saves: monthly - valkey } : null,
        });
    }
    for (const n of nodes) {
        const type = String(n.inputs.nodeType);
        const hour = p.cacheNodeHour[type];
        const count = Number(n.inputs.numCacheClusters ?? 1);
        const factor = n.inputs.engine === "valkey" ? 0.8 : 1;
        add(`Cache ${n.name}: ${count} × ${type} ${n.inputs.engine}${hour === undefined ? " (not priced: node type not in the table)" : ""}`, hour === undefined ? 0 : hour * factor * count * H);
    }
}

function clusterLine(c: RecordedResource, resources: RecordedResource[], p: DataPrices, add: AddData): void {
    // Each Serverless v2 instance of the cluster scales on its own between min and max.
    const members = resources.filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance" && r.parent === c.parent).length || 1;
    const scaling = c.inputs.serverlessv2ScalingConfiguration ?? {};
    const min = Number(scaling.minCapacity ?? 0.5);
    const max = Number(scaling.maxCapacity ?? min);
    const storage = A.auroraGb * p.auroraGbMonth + A.auroraIoMillionsPerMonth * p.auroraIoMillion;
    const acu = (n: number) => n * members * p.auroraAcuHour * H;
    const pause = min === 0 ? ", paused when idle: 0 ACUs assumed" : "";
    add(`Database ${c.name}: Aurora Serverless v2, ${members} instance(s) × ${min} ACU (the minimum${pause}) + ${A.auroraGb} GB + ${A.auroraIoMillionsPerMonth}M I/O assumed`, acu(min) + storage, {
        atMaxScale: acu(max) + storage,
        cheaper: members > 1 ? { option: "multiAz: false (no standby to fail over to)", saves: acu(min) * (members - 1) / members } : null,
    });
}

function instanceLine(i: RecordedResource, p: DataPrices, add: AddData): void {
    const cls = String(i.inputs.instanceClass);
    const hour = p.rdsInstanceHour[cls];
    const copies = i.inputs.multiAz ? 2 : 1;
    const gb = Number(i.inputs.allocatedStorage ?? 20);
    const monthly = (hour ?? 0) * copies * H + gb * p.rdsGp3GbMonth * copies;
    add(`Database ${i.name}: RDS ${i.inputs.engine} ${cls}${copies > 1 ? " Multi-AZ" : ""} + ${gb} GB gp3${hour === undefined ? " (instance hours not priced: class not in the table)" : ""}`, monthly);
}
