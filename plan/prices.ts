/**
 * The one price table of the offline plan. USD, on-demand, Linux. Dated; each price names its
 * source. `unverified` marks figures the sources did not confirm for that region (derived or
 * commonly cited): the plan prints them with a mark. Check against the AWS Price List API before
 * relying on an estimate for a budget.
 */
export const PRICE_DATE = "2026-11-21";

export interface RegionPrices {
    fargateX86VcpuHour: number;
    fargateX86GbHour: number;
    fargateArmVcpuHour: number;
    fargateArmGbHour: number;
    /** Per GB-hour above the free 20 GB. */
    ephemeralGbHour: number;
    albHour: number;
    albLcuHour: number;
    natHour: number;
    natGb: number;
    publicIpv4Hour: number;
    endpointAzHour: number;
    endpointGb: number;
    logsIngestGb: number;
    secretMonth: number;
    ecrGbMonth: number;
    /** On-demand Linux price per hour of the instance types NAT instances use (Graviton). */
    ec2Hour: Readonly<Record<string, number>>;
    /** EBS gp3 storage per GB-month (the NAT instances' root volumes). */
    gp3GbMonth: number;
    /** One standard-resolution alarm metric per month (metric math: each metric it reads). */
    alarmMetricMonth: number;
    /** One custom metric per month, first 10,000 (how Container Insights is billed). */
    customMetricMonth: number;
    /** EFS Standard storage per GB-month (Multi-AZ). */
    efsStandardGbMonth: number;
    /** EFS Elastic Throughput: per GB read. */
    efsElasticReadGb: number;
    /** EFS Elastic Throughput: per GB written. */
    efsElasticWriteGb: number;
    /** AWS Backup of EFS: warm backup storage per GB-month. */
    efsBackupGbMonth: number;
    /** Keys of the prices above that the sources did not confirm for this region. */
    unverified: ReadonlyArray<keyof Omit<RegionPrices, "unverified" | "sources" | "date" | "origin">>;
    sources: readonly string[];
    /** When these prices were read, for prices not from this table (the Price List API); the table's is PRICE_DATE. */
    date?: string;
    /** Where they come from, in the plan's words, for prices not from this table. */
    origin?: string;
}

export const PRICES: Readonly<Record<string, RegionPrices>> = {
    "us-east-1": {
        fargateX86VcpuHour: 0.04048,
        fargateX86GbHour: 0.004445,
        fargateArmVcpuHour: 0.03238,
        fargateArmGbHour: 0.00356,
        ephemeralGbHour: 0.000111,
        albHour: 0.0225,
        albLcuHour: 0.008,
        natHour: 0.045,
        natGb: 0.045,
        publicIpv4Hour: 0.005,
        endpointAzHour: 0.01,
        endpointGb: 0.01,
        logsIngestGb: 0.5,
        secretMonth: 0.4,
        ecrGbMonth: 0.1,
        ec2Hour: { "t4g.nano": 0.0042, "t4g.micro": 0.0084, "t4g.small": 0.0168, "t4g.medium": 0.0336, "c7gn.medium": 0.0624 },
        gp3GbMonth: 0.08,
        alarmMetricMonth: 0.1,
        customMetricMonth: 0.3,
        efsStandardGbMonth: 0.3,
        efsElasticReadGb: 0.03,
        efsElasticWriteGb: 0.06,
        efsBackupGbMonth: 0.05,
        unverified: ["albHour", "albLcuHour", "endpointAzHour", "ec2Hour", "efsBackupGbMonth"],
        sources: [
            "https://aws.amazon.com/fargate/pricing/ (figures via https://www.vantage.sh/blog/fargate-pricing, 2026-06)",
            "https://aws.amazon.com/elasticloadbalancing/pricing/",
            "https://aws.amazon.com/vpc/pricing/ (NAT, public IPv4 since 2024-02-01)",
            "https://aws.amazon.com/privatelink/pricing/",
            "https://aws.amazon.com/cloudwatch/pricing/ (via c3x.dev, 2026-06)",
            "https://aws.amazon.com/secrets-manager/pricing/",
            "https://aws.amazon.com/ecr/pricing/ (via cloudburn.io, 2026-03)",
            "https://aws.amazon.com/ec2/pricing/on-demand/ (t4g, c7gn), https://aws.amazon.com/ebs/pricing/ (gp3)",
            "https://aws.amazon.com/cloudwatch/pricing/ (alarms $0.10 per metric, custom metrics $0.30)",
            "https://aws.amazon.com/efs/pricing/ (Standard $0.30/GB-month; Elastic Throughput $0.03/GB read, $0.06/GB written, via factualminds.com, 2026-06); https://aws.amazon.com/backup/pricing/ (EFS warm backup $0.05/GB-month, commonly cited)",
        ],
    },
    "ap-northeast-1": {
        fargateX86VcpuHour: 0.05056,
        fargateX86GbHour: 0.005536,
        // 20 % below x86, the ratio in us-east-1.
        fargateArmVcpuHour: 0.04045,
        fargateArmGbHour: 0.00442,
        ephemeralGbHour: 0.00014,
        albHour: 0.0243,
        albLcuHour: 0.008,
        natHour: 0.062,
        natGb: 0.062,
        publicIpv4Hour: 0.005,
        endpointAzHour: 0.014,
        endpointGb: 0.01,
        logsIngestGb: 0.76,
        secretMonth: 0.4,
        ecrGbMonth: 0.1,
        ec2Hour: { "t4g.nano": 0.0054, "t4g.micro": 0.0108, "t4g.small": 0.0216, "t4g.medium": 0.0432 },
        gp3GbMonth: 0.096,
        alarmMetricMonth: 0.1,
        customMetricMonth: 0.3,
        efsStandardGbMonth: 0.36,
        // us-east-1's throughput prices scaled by Tokyo's storage ratio (0.36/0.30): not confirmed.
        efsElasticReadGb: 0.036,
        efsElasticWriteGb: 0.072,
        efsBackupGbMonth: 0.06,
        unverified: ["efsStandardGbMonth", "efsElasticReadGb", "efsElasticWriteGb", "efsBackupGbMonth", "ec2Hour", "gp3GbMonth", "alarmMetricMonth", "customMetricMonth", "fargateArmVcpuHour", "fargateArmGbHour", "albLcuHour", "natGb", "secretMonth", "ecrGbMonth"],
        sources: [
            "https://aws.amazon.com/jp/fargate/pricing/ (figures via clyr.co.jp, 2025-09)",
            "https://aws.amazon.com/jp/elasticloadbalancing/pricing/ (ALB hour via mint041223techblog, 2024)",
            "https://aws.amazon.com/jp/vpc/pricing/",
            "https://aws.amazon.com/jp/privatelink/pricing/",
            "https://aws.amazon.com/jp/cloudwatch/pricing/ (via awsi.click)",
            "https://aws.amazon.com/jp/efs/pricing/ (Standard $0.36/GB-month, commonly cited; throughput and backup derived)",
        ],
    },
};

/** What the estimate assumes where the stack does not say; printed with every estimate. */
export const ASSUMPTIONS = {
    hoursPerMonth: 730,
    /** Fargate Spot discount: the us-east-1 example $0.01291 vs $0.04048 per vCPU-hour (~68 %); it floats. */
    spotDiscount: 0.68,
    /** Average load-balancer capacity units consumed per hour (a light site). */
    lcuPerHour: 1,
    /** Data through each NAT gateway per month (image pulls, app egress). */
    natGbPerMonth: 20,
    /** Data through the interface endpoints per month. */
    endpointGbPerMonth: 20,
    /** Log volume per running task per month. */
    logGbPerTaskMonth: 1,
    /** Image data stored per ECR repository (layers are shared between tags). */
    ecrGbPerRepository: 5,
    /** Root volume of a NAT instance: the Amazon Linux 2023 AMI's snapshot size. */
    natRootVolumeGb: 8,
    /**
     * Container Insights (standard) metrics, billed as custom metrics: per cluster, per service and
     * per task-definition family that runs (CPU, memory, network, storage, ephemeral storage,
     * task counts; AWS's ECS Container Insights metric list). Performance-log ingestion is not priced.
     */
    containerInsightsMetrics: { cluster: 12, service: 15, taskFamily: 11 },
} as const;

/** Prices resolved at run time (the Price List API or its cache, plan/region-prices.ts), by region; they win over the table. */
const RESOLVED = new Map<string, RegionPrices>();
/** Why a region has no prices, when the run-time resolution knows more than the table. */
const UNPRICED = new Map<string, string>();

/** The region's prices, or undefined where the table has no sourced prices (the plan then says "not priced"). */
export function pricesFor(region: string): RegionPrices | undefined {
    return RESOLVED.get(region) ?? PRICES[region];
}

/** Why a region has no estimate, in the words the plan prints. */
export function notPricedReason(region: string): string {
    return UNPRICED.get(region) ?? `not priced: the price table (plan/prices.ts, ${PRICE_DATE}) has sourced prices for ${Object.keys(PRICES).join(", ")} only, not ${region}`;
}

/** Sets what `pricesFor` and `notPricedReason` answer for a region (plan/region-prices.ts); `undefined` forgets it. */
export function useRegionPrices(region: string, prices: RegionPrices | undefined, unpricedReason?: string): void {
    if (prices) RESOLVED.set(region, prices);
    else RESOLVED.delete(region);
    if (unpricedReason) UNPRICED.set(region, unpricedReason);
    else UNPRICED.delete(region);
}

/** Prices of the app's data stores (components/data): Aurora, RDS and ElastiCache. USD, on-demand. */
export interface DataPrices {
    /** Aurora Serverless v2, Aurora Standard configuration: per ACU-hour. */
    auroraAcuHour: number;
    /** Aurora Standard storage per GB-month, and I/O per million requests. */
    auroraGbMonth: number;
    auroraIoMillion: number;
    /** RDS for PostgreSQL/MySQL single-AZ instance hours by class (Multi-AZ: twice). */
    rdsInstanceHour: Readonly<Record<string, number>>;
    /** RDS gp3 storage per GB-month (Multi-AZ: twice). */
    rdsGp3GbMonth: number;
    /** ElastiCache Serverless data stored per GB-hour, and per million ECPUs, by engine. */
    cacheServerlessGbHour: Readonly<Record<"valkey" | "redis", number>>;
    cacheServerlessEcpuMillion: Readonly<Record<"valkey" | "redis", number>>;
    /** The least data ElastiCache Serverless meters, in GB: 100 MB for Valkey, 1 GB for Redis OSS. */
    cacheServerlessMinGb: Readonly<Record<"valkey" | "redis", number>>;
    /** ElastiCache node hours by node type, Redis OSS (Valkey nodes are 20 % less). */
    cacheNodeHour: Readonly<Record<string, number>>;
    unverified: ReadonlyArray<keyof Omit<DataPrices, "unverified" | "sources">>;
    sources: readonly string[];
}

export const DATA_PRICE_DATE = "2026-12-06";

export const DATA_PRICES: Readonly<Record<string, DataPrices>> = {
    "us-east-1": {
        auroraAcuHour: 0.12,
        auroraGbMonth: 0.1,
        auroraIoMillion: 0.2,
        rdsInstanceHour: { "db.t4g.micro": 0.016, "db.t4g.small": 0.032, "db.t4g.medium": 0.065, "db.t4g.large": 0.129 },
        rdsGp3GbMonth: 0.115,
        cacheServerlessGbHour: { valkey: 0.084, redis: 0.125 },
        cacheServerlessEcpuMillion: { valkey: 0.0023, redis: 0.0034 },
        cacheServerlessMinGb: { valkey: 0.1, redis: 1 },
        cacheNodeHour: { "cache.t4g.micro": 0.016, "cache.t4g.small": 0.032, "cache.t4g.medium": 0.065 },
        unverified: ["rdsInstanceHour", "rdsGp3GbMonth", "cacheNodeHour"],
        sources: [
            "https://aws.amazon.com/rds/aurora/pricing/ (Serverless v2 $0.12/ACU-hour, storage $0.10/GB-month, I/O $0.20 per million, Aurora Standard)",
            "https://aws.amazon.com/rds/postgresql/pricing/ (db.t4g on-demand, gp3)",
            "https://aws.amazon.com/elasticache/pricing/ (Serverless: Valkey $0.084/GB-hour and $0.0023 per million ECPUs, 100 MB minimum; Redis OSS $0.125/GB-hour and $0.0034, 1 GB minimum; via the AWS Database Blog's worked example and usage.ai, 2026-06)",
        ],
    },
    "ap-northeast-1": {
        auroraAcuHour: 0.15,
        auroraGbMonth: 0.12,
        auroraIoMillion: 0.24,
        rdsInstanceHour: { "db.t4g.micro": 0.025, "db.t4g.small": 0.05, "db.t4g.medium": 0.1, "db.t4g.large": 0.2 },
        rdsGp3GbMonth: 0.138,
        cacheServerlessGbHour: { valkey: 0.101, redis: 0.151 },
        cacheServerlessEcpuMillion: { valkey: 0.0028, redis: 0.0041 },
        cacheServerlessMinGb: { valkey: 0.1, redis: 1 },
        cacheNodeHour: { "cache.t4g.micro": 0.02, "cache.t4g.small": 0.041, "cache.t4g.medium": 0.082 },
        unverified: ["auroraAcuHour", "auroraGbMonth", "auroraIoMillion", "rdsInstanceHour", "rdsGp3GbMonth", "cacheServerlessGbHour", "cacheServerlessEcpuMillion", "cacheNodeHour"],
        sources: ["https://aws.amazon.com/jp/rds/aurora/pricing/", "https://aws.amazon.com/jp/elasticache/pricing/ (Tokyo figures derived from us-east-1 by the usual ~1.2 ratio; unverified)"],
    },
};

/** What the data-store estimate assumes: printed in its lines. */
export const DATA_ASSUMPTIONS = {
    /** Aurora storage per cluster, and its I/O per month (Aurora Standard). */
    auroraGb: 10,
    auroraIoMillionsPerMonth: 10,
    /** ElastiCache Serverless: data held (at least the metered minimum) and ECPUs per month. */
    cacheGb: 0.1,
    cacheEcpuMillionsPerMonth: 100,
} as const;

/**
 * S3 and SNS (the stack file's buckets and topics), checked 2026-12-06. S3 Standard storage and
 * requests; SNS standard-topic publishes, the first million a month free (deliveries to SQS are
 * free). Tokyo's request prices are the commonly cited ones (unverified).
 */
export interface MessagingPrices {
    s3StandardGbMonth: number;
    s3PutPer1000: number;
    s3GetPer1000: number;
    snsPublishPerMillion: number;
    unverified: ReadonlyArray<"s3StandardGbMonth" | "s3PutPer1000" | "s3GetPer1000" | "snsPublishPerMillion">;
    sources: readonly string[];
}
export const MESSAGING_PRICES: Readonly<Record<string, MessagingPrices>> = {
    "us-east-1": {
        s3StandardGbMonth: 0.023,
        s3PutPer1000: 0.005,
        s3GetPer1000: 0.0004,
        snsPublishPerMillion: 0.5,
        unverified: [],
        sources: ["https://aws.amazon.com/s3/pricing/ (Standard, first 50 TB; PUT/COPY/POST/LIST, GET)", "https://aws.amazon.com/sns/pricing/ (publishes; first 1M a month free)"],
    },
    "ap-northeast-1": {
        s3StandardGbMonth: 0.025,
        s3PutPer1000: 0.0047,
        s3GetPer1000: 0.00037,
        snsPublishPerMillion: 0.5,
        unverified: ["s3PutPer1000", "s3GetPer1000", "snsPublishPerMillion"],
        sources: ["https://aws.amazon.com/jp/s3/pricing/", "https://aws.amazon.com/jp/sns/pricing/"],
    },
};
/** What a bucket or topic is assumed to hold and carry a month (the stack file does not say). */
export const MESSAGING_ASSUMPTIONS = { bucketGb: 10, bucketPutsPerMonth: 100_000, bucketGetsPerMonth: 1_000_000, topicPublishesPerMonth: 2_000_000, snsFreePublishes: 1_000_000 } as const;
