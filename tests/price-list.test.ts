/**
 * Prices for every region: the AWS Price List API, mocked (aws-sdk-client-mock: no request leaves
 * the process), its cache, the bundled table, and what an unpriced region says offline.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mockClient } from "aws-sdk-client-mock";
import { GetProductsCommand, GetProductsCommandInput, PricingClient } from "@aws-sdk/client-pricing";
import { ProgramRun, runProgram } from "../tools/mock-runtime";
import { buildPlan, estimateCost, summarize } from "../plan/plan";
import { PRICE_LIST, PriceListEntry, priceOf } from "../plan/price-list";
import { CACHE_MAX_AGE_DAYS, credentialSource, resolveRegionPrices } from "../plan/region-prices";
import { PRICES, useRegionPrices } from "../plan/prices";

const REGION = "ap-southeast-2";
/** The billing prefix of Sydney's usage types. */
const PREFIX = "APS2-";
const NOW = new Date("2026-12-06T08:00:00Z");

/** Sydney's prices as the mocked Price List answers them (close to AWS's public prices of 2026). */
const SYDNEY: Record<string, number> = {
    "Fargate-vCPU-Hours:perCPU": 0.04856,
    "Fargate-GB-Hours": 0.00532,
    "Fargate-ARM-vCPU-Hours:perCPU": 0.03885,
    "Fargate-ARM-GB-Hours": 0.00426,
    "Fargate-EphemeralStorage-GB-Hours": 0.000133,
    LoadBalancerUsage: 0.0252,
    LCUUsage: 0.008,
    "NatGateway-Hours": 0.059,
    "NatGateway-Bytes": 0.059,
    "PublicIPv4:InUseAddress": 0.005,
    "VpcEndpoint-Hours": 0.013,
    "VpcEndpoint-Bytes": 0.01,
    "DataProcessing-Bytes": 0.57,
    "CW:AlarmMonitorUsage": 0.1,
    "CW:MetricMonitorUsage": 0.3,
    "AWSSecretsManager-Secrets": 0.4,
    "TimedStorage-ByteHrs": 0.1,
    "ElasticThroughput-Read-Bytes": 0.033,
    "ElasticThroughput-Write-Bytes": 0.066,
    "WarmStorage-ByteHrs-EFS": 0.055,
    "EBS:VolumeUsage.gp3": 0.096,
    "BoxUsage:t4g.nano": 0.0053,
    "BoxUsage:t4g.micro": 0.0106,
    "BoxUsage:t4g.small": 0.0212,
    "BoxUsage:t4g.medium": 0.0424,
};
const UNITS: Record<string, string> = { "NatGateway-Bytes": "GB", "VpcEndpoint-Bytes": "GB", "DataProcessing-Bytes": "GB", "CW:AlarmMonitorUsage": "Alarms", "CW:MetricMonitorUsage": "Metrics", "AWSSecretsManager-Secrets": "Secrets", "TimedStorage-ByteHrs": "GB-Mo", "EBS:VolumeUsage.gp3": "GB-Mo", "ElasticThroughput-Read-Bytes": "GB", "ElasticThroughput-Write-Bytes": "GB", "WarmStorage-ByteHrs-EFS": "GB-Mo" };

let sku = 0;
/** A price-list item as GetProducts returns it: a JSON string, on-demand terms with price dimensions. */
function item(serviceCode: string, attributes: Record<string, string>, dimensions: { usd: number; unit: string; beginRange?: string }[]): string {
    const id = `SKU${++sku}`;
    const priceDimensions = Object.fromEntries(dimensions.map((d, i) => [`${id}.JRTCKXETXF.${i}`, { unit: d.unit, beginRange: d.beginRange ?? "0", endRange: "Inf", description: "", pricePerUnit: { USD: d.usd.toFixed(10) } }]));
    return JSON.stringify({ product: { productFamily: attributes.productFamily ?? "", attributes: { servicecode: serviceCode, regionCode: REGION, ...attributes }, sku: id }, serviceCode, terms: { OnDemand: { [`${id}.JRTCKXETXF`]: { priceDimensions, sku: id, offerTermCode: "JRTCKXETXF" } } } });
}

/** Every product of Sydney the mock knows, with its service and attributes, plus decoys the parser must skip. */
function catalogue(overrides: Record<string, number | undefined> = {}): { serviceCode: string; attributes: Record<string, string>; json: string }[] {
    const prices = { ...SYDNEY, ...overrides };
    const out: { serviceCode: string; attributes: Record<string, string>; json: string }[] = [];
    const add = (serviceCode: string, attributes: Record<string, string>, dims: { usd: number; unit: string; beginRange?: string }[]) => out.push({ serviceCode, attributes, json: item(serviceCode, attributes, dims) });
    for (const entry of PRICE_LIST) {
        const usd = prices[entry.usagetype];
        if (usd === undefined) continue;
        const unit = UNITS[entry.usagetype] ?? "Hrs";
        // The custom-metric price is tiered: the first 10,000 metrics, then cheaper.
        const dims = entry.usagetype === "CW:MetricMonitorUsage" ? [{ usd, unit }, { usd: 0.1, unit, beginRange: "10000" }] : [{ usd, unit }];
        add(entry.serviceCode, { ...(entry.filters ?? {}), usagetype: `${PREFIX}${entry.usagetype}` }, dims);
    }
    // Decoys: Fargate Spot and Windows, an ALB's other usage, a Fargate product of EKS.
    add("AmazonECS", { usagetype: `${PREFIX}SpotUsage:Fargate-vCPU-Hours:perCPU` }, [{ usd: 0.0155, unit: "hours" }]);
    add("AmazonECS", { usagetype: `${PREFIX}Fargate-Windows-vCPU-Hours:perCPU` }, [{ usd: 0.09, unit: "hours" }]);
    add("AWSELB", { productFamily: "Load Balancer-Application", usagetype: `${PREFIX}LoadBalancerUsage-Outposts` }, [{ usd: 0, unit: "Hrs" }]);
    // Many CloudWatch products: the answer comes in pages.
    for (let i = 0; i < 150; i++) add("AmazonCloudWatch", { usagetype: `${PREFIX}CW:Requests-${i}` }, [{ usd: 0.01, unit: "Requests" }]);
    return out;
}

/** A mocked Price List: answers GetProducts from `catalogue`, filtering as the API does, 100 a page. */
function mockPriceList(products = catalogue()) {
    const mock = mockClient(PricingClient);
    mock.on(GetProductsCommand).callsFake((input: GetProductsCommandInput) => {
        const matching = products.filter((p) => p.serviceCode === input.ServiceCode && (input.Filters ?? []).every((f) => (f.Field === "regionCode" ? f.Value === REGION : p.attributes[f.Field!] === f.Value)));
        const start = Number(input.NextToken ?? 0);
        const page = matching.slice(start, start + (input.MaxResults ?? 100));
        return { FormatVersion: "aws_v1", PriceList: page.map((p) => p.json), NextToken: start + page.length < matching.length ? String(start + page.length) : undefined };
    });
    return mock;
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "fargate-kit-prices-"));
/** An environment with no AWS credentials anywhere (HOME without ~/.aws). */
const offline = (dir: string) => ({ FARGATE_KIT_CACHE_DIR: dir, HOME: path.join(dir, "home"), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "none"), AWS_CONFIG_FILE: path.join(dir, "none") });

describe("prices for every region (AWS Price List API)", function () {
    this.timeout(60000);
    let sydney: ProgramRun;
    before(async () => {
        sydney = await runProgram({ stack: "stage", overrides: { "fargate-kit:imageTag": "3f2c1ab", "aws:region": REGION } });
    });
    afterEach(() => {
        useRegionPrices(REGION, undefined);
        useRegionPrices("us-east-1", undefined);
    });

    it("plans ap-southeast-2 from mocked Price List answers, and writes the cache with its date and source", async () => {
        const dir = tmp();
        const mock = mockPriceList();
        const resolved = await resolveRegionPrices(REGION, { client: new PricingClient({ region: "us-east-1" }), env: offline(dir), now: NOW });
        assert.strictEqual(resolved.source, "price-list");
        // One request per service and filter set (NAT instance types one each), CloudWatch in two pages.
        const calls = mock.commandCalls(GetProductsCommand).map((c) => c.args[0].input);
        assert.strictEqual(calls.length, resolved.requests);
        assert.ok(calls.every((c) => c.Filters?.some((f) => f.Field === "regionCode" && f.Value === REGION && f.Type === "TERM_MATCH")));
        assert.strictEqual(calls.filter((c) => c.ServiceCode === "AmazonCloudWatch").length, 2, "paginated");
        assert.deepStrictEqual(calls.find((c) => c.Filters?.some((f) => f.Field === "instanceType" && f.Value === "t4g.nano"))!.Filters!.map((f) => `${f.Field}=${f.Value}`).sort(), ["capacitystatus=Used", "instanceType=t4g.nano", "operatingSystem=Linux", "preInstalledSw=NA", `regionCode=${REGION}`, "tenancy=Shared"]);

        const estimate = buildPlan(sydney).estimate;
        assert.strictEqual(estimate.priceDate, "2026-12-06");
        assert.notStrictEqual(estimate.monthly, null);
        const web = estimate.lines.find((l) => l.item.startsWith("Fargate web"))!;
        // The stage web service, one task of 0.5 vCPU / 1 GB x86: (0.5 × $0.04856 + 1 × $0.00532) × 730 = $21.61
        assert.strictEqual(web.item, "Fargate web: 1 × 0.5 vCPU / 1 GB x86");
        assert.strictEqual(web.monthly, 21.61);
        const lb = estimate.lines.find((l) => l.item.startsWith("Load balancer"))!;
        assert.strictEqual(lb.monthly, Math.round((0.0252 + 0.008) * 730 * 100) / 100);
        const text = summarize(buildPlan(sydney), sydney);
        assert.match(text, /Monthly cost estimate \(USD, prices of 2026-12-06 from the AWS Price List API \(cached in .*prices-ap-southeast-2\.json\)\)/);
        assert.doesNotMatch(text, /not priced/);

        const cache = JSON.parse(fs.readFileSync(path.join(dir, `prices-${REGION}.json`), "utf8"));
        assert.deepStrictEqual([cache.region, cache.date, cache.source], [REGION, "2026-12-06", "AWS Price List API (GetProducts, api.pricing.us-east-1.amazonaws.com)"]);
        assert.strictEqual(cache.prices.fargateX86VcpuHour, 0.04856, "not Spot's, not Windows'");
        assert.strictEqual(cache.prices.customMetricMonth, 0.3, "the first tier");
        assert.deepStrictEqual(cache.prices.ec2Hour, { "t4g.nano": 0.0053, "t4g.micro": 0.0106, "t4g.small": 0.0212, "t4g.medium": 0.0424 }, "c7gn.medium has no Sydney price here: left out, not guessed");
        mock.restore();
    });

    it("reuses the cache without asking again, until it is older than 30 days or a refresh is asked for", async () => {
        const dir = tmp();
        mockPriceList().restore();
        let mock = mockPriceList();
        await resolveRegionPrices(REGION, { client: new PricingClient({}), env: offline(dir), now: NOW });
        mock.reset();
        mock = mockPriceList();
        const again = await resolveRegionPrices(REGION, { client: new PricingClient({}), env: offline(dir), now: new Date("2026-12-20T00:00:00Z") });
        assert.deepStrictEqual([again.source, mock.commandCalls(GetProductsCommand).length, again.prices?.date], ["cache", 0, "2026-12-06"]);
        // Offline (no credentials, no client): the cache still prices the region, even when old.
        const old = new Date(Date.parse("2026-12-06") + (CACHE_MAX_AGE_DAYS + 5) * 86_400_000);
        const stale = await resolveRegionPrices(REGION, { env: offline(dir), now: old });
        assert.deepStrictEqual([stale.source, stale.prices?.date], ["cache", "2026-12-06"]);
        const refreshed = await resolveRegionPrices(REGION, { client: new PricingClient({}), env: offline(dir), now: old });
        assert.strictEqual(refreshed.source, "price-list");
        assert.ok(mock.commandCalls(GetProductsCommand).length > 0);
        mock.reset();
        await resolveRegionPrices(REGION, { client: new PricingClient({}), env: offline(dir), now: old, refresh: true });
        assert.ok(mock.commandCalls(GetProductsCommand).length > 0, "--refresh-prices reads again");
        mock.restore();
    });

    it("offline, an unpriced region says so once, naming what is missing, within milliseconds", async () => {
        const dir = tmp();
        const start = process.hrtime.bigint();
        const resolved = await resolveRegionPrices(REGION, { env: offline(dir) });
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        assert.ok(ms < 50, `${ms} ms`);
        assert.strictEqual(resolved.source, "none");
        const estimate = estimateCost(sydney);
        assert.deepStrictEqual([estimate.monthly, estimate.lines], [null, []]);
        assert.match(estimate.note!, /^not priced: ap-southeast-2 is not in the bundled price table \(plan\/prices\.ts, [\d-]+: us-east-1, ap-northeast-1\) and no AWS credentials are configured to read the AWS Price List API .*; missing: every price the plan uses \(Fargate x86 vCPU-hour, .*, t4g\.nano hour \(Linux, on demand\)\)$/);
        const text = summarize(buildPlan(sydney), sydney);
        assert.strictEqual(text.match(/not priced/g)?.length, 1);
        assert.ok(!fs.existsSync(path.join(dir, `prices-${REGION}.json`)), "nothing cached");
    });

    it("a partial answer prices nothing and names the prices the Price List lacks", async () => {
        const dir = tmp();
        const mock = mockPriceList(catalogue({ "NatGateway-Hours": undefined, "BoxUsage:t4g.nano": undefined }));
        const resolved = await resolveRegionPrices(REGION, { client: new PricingClient({}), env: offline(dir), now: NOW });
        assert.strictEqual(resolved.source, "none");
        assert.strictEqual(resolved.note, "not priced: the AWS Price List API has no complete prices for ap-southeast-2; missing: NAT gateway hour (AmazonEC2 NatGateway-Hours: no on-demand price); t4g.nano hour (Linux, on demand) (AmazonEC2 BoxUsage:t4g.nano: no on-demand price)");
        assert.ok(!fs.existsSync(resolved.cacheFile));
        mock.restore();
    });

    it("falls back to the bundled table when the Price List fails, and never asks with FARGATE_KIT_PRICES=bundled", async () => {
        const dir = tmp();
        const mock = mockClient(PricingClient);
        mock.on(GetProductsCommand).rejects(Object.assign(new Error("User is not authorized to perform: pricing:GetProducts"), { name: "AccessDeniedException" }));
        const tokyoish = await resolveRegionPrices("us-east-1", { client: new PricingClient({}), env: offline(dir), now: NOW });
        assert.deepStrictEqual([tokyoish.source, tokyoish.prices], ["bundled", PRICES["us-east-1"]]);
        const sydneyFailed = await resolveRegionPrices(REGION, { client: new PricingClient({}), env: offline(dir), now: NOW });
        assert.match(sydneyFailed.note!, /and the AWS Price List API could not be read \(AccessDeniedException: User is not authorized to perform: pricing:GetProducts\); missing: every price/);
        mock.reset();
        const bundled = await resolveRegionPrices(REGION, { client: new PricingClient({}), env: { ...offline(dir), FARGATE_KIT_PRICES: "bundled" } });
        assert.strictEqual(mock.commandCalls(GetProductsCommand).length, 0);
        assert.match(bundled.note!, /FARGATE_KIT_PRICES=bundled keeps the plan off the AWS Price List API/);
        mock.restore();
    });

    it("finds credentials without a network call: environment, profile, web identity, container, shared files", () => {
        const none = () => false;
        assert.strictEqual(credentialSource({ HOME: "/x" }, none), undefined);
        assert.strictEqual(credentialSource({ AWS_ACCESS_KEY_ID: "AKIA", AWS_SECRET_ACCESS_KEY: "s" }, none), "environment variables");
        assert.strictEqual(credentialSource({ AWS_ACCESS_KEY_ID: "AKIA" }, none), undefined, "a key id alone signs nothing");
        assert.strictEqual(credentialSource({ AWS_PROFILE: "prod" }, none), "profile prod");
        assert.strictEqual(credentialSource({ AWS_WEB_IDENTITY_TOKEN_FILE: "/t", AWS_ROLE_ARN: "arn:aws:iam::1:role/r" }, none), "web identity token");
        assert.strictEqual(credentialSource({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/x" }, none), "container credentials");
        assert.strictEqual(credentialSource({ AWS_CONFIG_FILE: "/cfg" }, (f) => f === "/cfg"), "shared credentials/config files");
    });

    it("picks the on-demand, first-tier price of the exact usage type, in the expected unit; two prices are no price", () => {
        const entry: PriceListEntry = PRICE_LIST.find((e) => e.key === "customMetricMonth")!;
        const json = (usagetype: string, dims: { usd: number; unit: string; beginRange?: string }[]) => JSON.parse(item("AmazonCloudWatch", { usagetype }, dims));
        assert.strictEqual(priceOf(entry, [json("APS2-CW:MetricMonitorUsage", [{ usd: 0.02, unit: "Metrics", beginRange: "250000" }, { usd: 0.3, unit: "Metrics" }])]), 0.3);
        assert.strictEqual(priceOf(entry, [json("CW:MetricMonitorUsage", [{ usd: 0.3, unit: "Metrics" }])]), 0.3, "us-east-1 usage types may have no prefix");
        assert.strictEqual(priceOf(entry, [json("APS2-CW:MetricMonitorUsage", [{ usd: 0.3, unit: "Requests" }])]), "no on-demand price", "another unit is another price");
        assert.strictEqual(priceOf(entry, [json("APS2-CW:MetricMonitorUsage", [{ usd: 0.3, unit: "Metrics" }]), json("APN1-CW:MetricMonitorUsage", [{ usd: 0.31, unit: "Metrics" }])]), "2 different prices (0.3, 0.31)");
        // Every price the plan uses has an entry (adding a RegionPrices field without one fails here).
        const keys = new Set(PRICE_LIST.map((e) => e.key.split(":")[0]));
        const fields = Object.keys(PRICES["us-east-1"]).filter((k) => !["unverified", "sources"].includes(k));
        assert.deepStrictEqual(fields.filter((k) => !keys.has(k as never)), []);
    });
});
