/**
 * A region's prices from the AWS Price List API (GetProducts; its endpoint is in us-east-1),
 * table-driven: `PRICE_LIST` has one entry per price the plan uses, each with the product filters,
 * the usage type and the unit of its on-demand price. Adding a priced thing (Aurora ACU-hours,
 * ElastiCache, EFS, S3, …) is one entry here plus its field in `RegionPrices`.
 *
 * How the Price List names things (AWS's "Using the AWS Price List API" and the products it returns):
 * every product has the attributes `regionCode` (e.g. `ap-southeast-2`), `usagetype` and
 * `productFamily`; a usage type starts with the region's billing prefix (`APS2-Fargate-GB-Hours`,
 * `USE2-NatGateway-Hours`) except for some us-east-1 products (`BoxUsage:t4g.nano`, no prefix), so
 * an entry names the usage type without it and matches `^(<PREFIX>-)?<usagetype>$` among the
 * products of the region. The on-demand price is `terms.OnDemand.*.priceDimensions.*.pricePerUnit.USD`
 * of the dimension that starts at 0 (the first tier).
 */
import type { PricingClient } from "@aws-sdk/client-pricing";
import { RegionPrices } from "./prices";

/** The numeric prices of `RegionPrices` (everything but the instance-type map and the bookkeeping). */
export type ScalarPriceKey = Exclude<keyof RegionPrices, "ec2Hour" | "unverified" | "sources" | "date" | "origin">;

export interface PriceListEntry {
    /** The price it sets: a `RegionPrices` field, or `ec2Hour:<instance type>`. */
    key: ScalarPriceKey | `ec2Hour:${string}`;
    /** What the plan calls it in a message. */
    label: string;
    serviceCode: string;
    /** TERM_MATCH filters besides `regionCode` (entries with the same service and filters share one request). */
    filters?: Readonly<Record<string, string>>;
    /** The usage type without the region's prefix. */
    usagetype: string;
    /** The unit of the price dimension (the Price List's spelling varies: `Hrs`, `hours`, `GB-Mo`, …). */
    unit: RegExp;
}

const HOURS = /^(hrs?|hours?|vcpu-hours?|gb-hours?|lcu-hrs)$/i;
const GB = /^gb$/i;
const GB_MONTH = /^gb-mo(nth)?$/i;

/** The instance types whose hourly price the plan needs (NAT instances). */
export const PRICED_INSTANCE_TYPES = ["t4g.nano", "t4g.micro", "t4g.small", "t4g.medium", "c7gn.medium"] as const;

/** Every price the plan reads, and where the Price List keeps it. */
export const PRICE_LIST: readonly PriceListEntry[] = [
    { key: "fargateX86VcpuHour", label: "Fargate x86 vCPU-hour", serviceCode: "AmazonECS", usagetype: "Fargate-vCPU-Hours:perCPU", unit: HOURS },
    { key: "fargateX86GbHour", label: "Fargate x86 GB-hour", serviceCode: "AmazonECS", usagetype: "Fargate-GB-Hours", unit: HOURS },
    { key: "fargateArmVcpuHour", label: "Fargate ARM vCPU-hour", serviceCode: "AmazonECS", usagetype: "Fargate-ARM-vCPU-Hours:perCPU", unit: HOURS },
    { key: "fargateArmGbHour", label: "Fargate ARM GB-hour", serviceCode: "AmazonECS", usagetype: "Fargate-ARM-GB-Hours", unit: HOURS },
    { key: "ephemeralGbHour", label: "Fargate ephemeral storage GB-hour", serviceCode: "AmazonECS", usagetype: "Fargate-EphemeralStorage-GB-Hours", unit: HOURS },
    { key: "albHour", label: "ALB hour", serviceCode: "AWSELB", filters: { productFamily: "Load Balancer-Application" }, usagetype: "LoadBalancerUsage", unit: HOURS },
    { key: "albLcuHour", label: "ALB LCU-hour", serviceCode: "AWSELB", filters: { productFamily: "Load Balancer-Application" }, usagetype: "LCUUsage", unit: HOURS },
    { key: "natHour", label: "NAT gateway hour", serviceCode: "AmazonEC2", filters: { productFamily: "NAT Gateway" }, usagetype: "NatGateway-Hours", unit: HOURS },
    { key: "natGb", label: "NAT gateway GB processed", serviceCode: "AmazonEC2", filters: { productFamily: "NAT Gateway" }, usagetype: "NatGateway-Bytes", unit: GB },
    { key: "publicIpv4Hour", label: "public IPv4 address hour", serviceCode: "AmazonVPC", usagetype: "PublicIPv4:InUseAddress", unit: HOURS },
    { key: "endpointAzHour", label: "interface endpoint AZ-hour", serviceCode: "AmazonVPC", usagetype: "VpcEndpoint-Hours", unit: HOURS },
    { key: "endpointGb", label: "interface endpoint GB processed", serviceCode: "AmazonVPC", usagetype: "VpcEndpoint-Bytes", unit: GB },
    { key: "logsIngestGb", label: "CloudWatch Logs GB ingested", serviceCode: "AmazonCloudWatch", usagetype: "DataProcessing-Bytes", unit: GB },
    { key: "alarmMetricMonth", label: "alarm metric-month", serviceCode: "AmazonCloudWatch", usagetype: "CW:AlarmMonitorUsage", unit: /alarm/i },
    { key: "customMetricMonth", label: "custom metric-month (first 10,000)", serviceCode: "AmazonCloudWatch", usagetype: "CW:MetricMonitorUsage", unit: /metric/i },
    { key: "secretMonth", label: "secret-month", serviceCode: "AWSSecretsManager", usagetype: "AWSSecretsManager-Secrets", unit: /secret|mo/i },
    { key: "ecrGbMonth", label: "ECR GB-month", serviceCode: "AmazonECR", usagetype: "TimedStorage-ByteHrs", unit: GB_MONTH },
    { key: "gp3GbMonth", label: "EBS gp3 GB-month", serviceCode: "AmazonEC2", filters: { productFamily: "Storage", volumeApiName: "gp3" }, usagetype: "EBS:VolumeUsage.gp3", unit: GB_MONTH },
    // EFS and its backups. The usage types follow AWS's billing names (Standard storage, Elastic Throughput
    // bytes read/written, AWS Backup warm storage of EFS); not yet checked against a live GetProducts answer.
    { key: "efsStandardGbMonth", label: "EFS Standard GB-month", serviceCode: "AmazonEFS", usagetype: "TimedStorage-ByteHrs", unit: GB_MONTH },
    { key: "efsElasticReadGb", label: "EFS Elastic Throughput GB read", serviceCode: "AmazonEFS", usagetype: "ElasticThroughput-Read-Bytes", unit: GB },
    { key: "efsElasticWriteGb", label: "EFS Elastic Throughput GB written", serviceCode: "AmazonEFS", usagetype: "ElasticThroughput-Write-Bytes", unit: GB },
    { key: "efsBackupGbMonth", label: "AWS Backup EFS warm storage GB-month", serviceCode: "AWSBackup", usagetype: "WarmStorage-ByteHrs-EFS", unit: GB_MONTH },
    ...PRICED_INSTANCE_TYPES.map((type): PriceListEntry => ({
        key: `ec2Hour:${type}`,
        label: `${type} hour (Linux, on demand)`,
        serviceCode: "AmazonEC2",
        filters: { instanceType: type, operatingSystem: "Linux", tenancy: "Shared", preInstalledSw: "NA", capacitystatus: "Used" },
        usagetype: `BoxUsage:${type}`,
        unit: HOURS,
    })),
];

/** A product as GetProducts returns it (one JSON document per price-list item). */
interface Product {
    product?: { attributes?: Record<string, string> };
    terms?: { OnDemand?: Record<string, { priceDimensions?: Record<string, { unit?: string; beginRange?: string; pricePerUnit?: { USD?: string } }> }> };
}

/** What one region's Price List gave: the prices found, and what is missing and why. */
export interface PriceListResult {
    prices: Partial<Record<ScalarPriceKey, number>> & { ec2Hour: Record<string, number> };
    /** Labels of the entries the Price List had no (single, well-formed) price for. */
    missing: string[];
    requests: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The on-demand first-tier USD price of the products matching `entry`, or why there is none. */
export function priceOf(entry: PriceListEntry, products: Product[]): number | string {
    const usage = new RegExp(`^(?:[A-Z0-9]{2,5}-)?${escape(entry.usagetype)}$`);
    const prices = new Set<number>();
    for (const p of products) {
        if (!usage.test(p.product?.attributes?.usagetype ?? "")) continue;
        for (const term of Object.values(p.terms?.OnDemand ?? {})) {
            for (const d of Object.values(term.priceDimensions ?? {})) {
                if ((d.beginRange ?? "0") !== "0" || !entry.unit.test(d.unit ?? "")) continue;
                const usd = Number(d.pricePerUnit?.USD);
                if (Number.isFinite(usd) && usd >= 0) prices.add(usd);
            }
        }
    }
    if (prices.size === 0) return "no on-demand price";
    if (prices.size > 1) return `${prices.size} different prices (${[...prices].join(", ")})`;
    return [...prices][0];
}

/** Reads every `PRICE_LIST` price of `region`: one GetProducts (all pages) per service and filter set. */
export async function fetchPriceList(region: string, client: PricingClient, entries: readonly PriceListEntry[] = PRICE_LIST): Promise<PriceListResult> {
    const groups = new Map<string, PriceListEntry[]>();
    for (const e of entries) {
        const id = JSON.stringify([e.serviceCode, e.filters ?? {}]);
        groups.set(id, [...(groups.get(id) ?? []), e]);
    }
    // Loaded when used: an offline plan never pays for the SDK.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { GetProductsCommand }: typeof import("@aws-sdk/client-pricing") = require("@aws-sdk/client-pricing");
    let requests = 0;
    const answers = await Promise.all(
        [...groups.values()].map(async (group) => {
            const { serviceCode, filters } = group[0];
            const products: Product[] = [];
            let NextToken: string | undefined;
            do {
                requests++;
                const out = await client.send(
                    new GetProductsCommand({
                        ServiceCode: serviceCode,
                        FormatVersion: "aws_v1",
                        MaxResults: 100,
                        NextToken,
                        Filters: Object.entries({ regionCode: region, ...(filters ?? {}) }).map(([Field, Value]) => ({ Type: "TERM_MATCH", Field, Value })),
                    }),
                );
                for (const item of out.PriceList ?? []) products.push(JSON.parse(String(item)) as Product);
                NextToken = out.NextToken || undefined;
            } while (NextToken);
            return { group, products };
        }),
    );
    const result: PriceListResult = { prices: { ec2Hour: {} }, missing: [], requests };
    for (const { group, products } of answers) {
        for (const entry of group) {
            const price = priceOf(entry, products);
            if (typeof price === "string") result.missing.push(`${entry.label} (${entry.serviceCode} ${entry.usagetype}: ${price})`);
            else if (entry.key.startsWith("ec2Hour:")) result.prices.ec2Hour[entry.key.slice("ec2Hour:".length)] = price;
            else result.prices[entry.key as ScalarPriceKey] = price;
        }
    }
    result.requests = requests;
    return result;
}
