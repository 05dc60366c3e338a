/**
 * Where the plan's prices for a region come from, in order:
 *
 * 1. the cache of an earlier Price List read (`~/.cache/fargate-kit/prices-<region>.json`, or
 *    `$FARGATE_KIT_CACHE_DIR`, `$XDG_CACHE_HOME/fargate-kit`), younger than `CACHE_MAX_AGE_DAYS`;
 * 2. the AWS Price List API, when AWS credentials are configured (its answer is cached, with its date);
 * 3. the bundled table (plan/prices.ts);
 * 4. none: the plan says once that the region is not priced, naming what is missing and why.
 *
 * `FARGATE_KIT_PRICES=bundled` never asks the API (tests, air-gapped machines); `refresh` (or
 * `synth --refresh-prices`) asks it even with a fresh cache; `api` asks it even when no credentials
 * are visible in the environment or `~/.aws` (an EC2 instance role). Credentials are looked for in
 * the environment and files only, never by probing the instance metadata service, so a machine
 * without them falls back at once; a configured machine without a network fails the first request
 * within the client's connection timeout and falls back too.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PricingClient } from "@aws-sdk/client-pricing";
import { DEFAULT_NAT_INSTANCE_TYPE } from "../components/platform/network";
import { PRICES, PRICE_DATE, RegionPrices, useRegionPrices } from "./prices";
import { PRICE_LIST, PriceListResult, ScalarPriceKey, fetchPriceList } from "./price-list";

/** A cached read older than this is read again (when credentials allow; otherwise it is still used, with its date). */
export const CACHE_MAX_AGE_DAYS = 30;
/** The whole Price List read must finish within this, or the plan falls back. */
export const PRICE_LIST_TIMEOUT_MS = 20_000;
export const PRICE_LIST_SOURCE = "AWS Price List API (GetProducts, api.pricing.us-east-1.amazonaws.com)";

export interface ResolveOptions {
    env?: Record<string, string | undefined>;
    /** A Price List client (tests inject a mocked one); default: us-east-1, 2 attempts, short timeouts. */
    client?: PricingClient;
    /** Read the API even with a fresh cache. */
    refresh?: boolean;
    now?: Date;
}

export interface ResolvedPrices {
    region: string;
    /** Where the prices came from; "none" when the region is not priced. */
    source: "cache" | "price-list" | "bundled" | "none";
    prices?: RegionPrices;
    /** Why the region is not priced, naming what is missing (source "none"). */
    note?: string;
    cacheFile: string;
    /** Price List requests made. */
    requests: number;
}

/** The cache file's content. */
interface CacheFile {
    region: string;
    /** The day the prices were read (YYYY-MM-DD). */
    date: string;
    fetchedAt: string;
    source: string;
    prices: Record<ScalarPriceKey, number> & { ec2Hour: Record<string, number> };
}

export function cacheDir(env: Record<string, string | undefined>): string {
    return env.FARGATE_KIT_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "fargate-kit");
}

/** Where AWS credentials would come from, seen without any network call; undefined: none configured. */
export function credentialSource(env: Record<string, string | undefined>, exists: (file: string) => boolean = fs.existsSync): string | undefined {
    if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return "environment variables";
    if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) return "web identity token";
    if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return "container credentials";
    if (env.AWS_PROFILE) return `profile ${env.AWS_PROFILE}`;
    const home = os.homedir();
    const files = [env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, ".aws", "credentials"), env.AWS_CONFIG_FILE ?? path.join(home, ".aws", "config")];
    return files.some((f) => exists(f)) ? "shared credentials/config files" : undefined;
}

/** What the estimate cannot do without: every scalar price and the default NAT instance type's (the "nat: instance would save" line). */
const REQUIRED = PRICE_LIST.filter((e) => !e.key.startsWith("ec2Hour:") || e.key === `ec2Hour:${DEFAULT_NAT_INSTANCE_TYPE}`);
const has = (prices: Partial<Record<ScalarPriceKey, number>> & { ec2Hour?: Record<string, number> }, key: string) =>
    typeof (key.startsWith("ec2Hour:") ? prices.ec2Hour?.[key.slice("ec2Hour:".length)] : prices[key as ScalarPriceKey]) === "number";
const day = (d: Date) => d.toISOString().slice(0, 10);

function fromPriceList(region: string, prices: CacheFile["prices"], date: string, cacheFile: string): RegionPrices {
    return { ...prices, unverified: [], sources: [`${PRICE_LIST_SOURCE}, regionCode ${region}, read ${date}`], date, origin: `the AWS Price List API (cached in ${cacheFile})` };
}

function readCache(file: string, region: string): CacheFile | undefined {
    try {
        const c = JSON.parse(fs.readFileSync(file, "utf8")) as CacheFile;
        const complete = c.region === region && /^\d{4}-\d{2}-\d{2}$/.test(c.date) && c.prices !== undefined && REQUIRED.every((e) => has(c.prices, e.key));
        return complete ? c : undefined;
    } catch {
        return undefined;
    }
}

/** Resolves the region's prices (see the module comment) and makes them what the plan uses. */
export async function resolveRegionPrices(region: string, options: ResolveOptions = {}): Promise<ResolvedPrices> {
    const resolved = await resolve(region, options);
    useRegionPrices(region, resolved.source === "bundled" ? undefined : resolved.prices, resolved.note);
    return resolved;
}

async function resolve(region: string, options: ResolveOptions): Promise<ResolvedPrices> {
    const env = options.env ?? process.env;
    const now = options.now ?? new Date();
    const mode = env.FARGATE_KIT_PRICES ?? "auto";
    const cacheFile = path.join(cacheDir(env), `prices-${region}.json`);
    const base = { region, cacheFile, requests: 0 };
    const bundled = PRICES[region];
    const fallback = (why: string): ResolvedPrices =>
        bundled
            ? { ...base, source: "bundled", prices: bundled }
            : {
                  ...base,
                  source: "none",
                  note:
                      `not priced: ${region} is not in the bundled price table (plan/prices.ts, ${PRICE_DATE}: ${Object.keys(PRICES).join(", ")}) and ${why}; ` +
                      `missing: every price the plan uses (${REQUIRED.map((e) => e.label).join(", ")})`,
              };
    if (mode === "bundled") return fallback("FARGATE_KIT_PRICES=bundled keeps the plan off the AWS Price List API");

    const cached = readCache(cacheFile, region);
    const ageDays = cached ? (now.getTime() - Date.parse(`${cached.date}T00:00:00Z`)) / 86_400_000 : Infinity;
    const refresh = options.refresh || mode === "refresh";
    if (cached && ageDays <= CACHE_MAX_AGE_DAYS && !refresh) return { ...base, source: "cache", prices: fromPriceList(region, cached.prices, cached.date, cacheFile) };

    const credentials = options.client ? "the given client" : mode === "api" || mode === "refresh" ? "the SDK's default chain" : credentialSource(env);
    const stale = (why: string): ResolvedPrices => (cached ? { ...base, source: "cache", prices: fromPriceList(region, cached.prices, cached.date, cacheFile) } : fallback(why));
    if (!credentials) return stale(`no AWS credentials are configured to read the AWS Price List API (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or FARGATE_KIT_PRICES=api on an instance role; its prices are then cached in ${cacheFile})`);

    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const client = options.client ?? new (require("@aws-sdk/client-pricing") as typeof import("@aws-sdk/client-pricing")).PricingClient({ region: "us-east-1", maxAttempts: 2, requestHandler: { connectionTimeout: 3000, requestTimeout: 10_000 } });
    let result: PriceListResult;
    let timer: NodeJS.Timeout | undefined;
    try {
        const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${PRICE_LIST_TIMEOUT_MS / 1000} s`)), PRICE_LIST_TIMEOUT_MS);
            timer.unref?.();
        });
        result = await Promise.race([fetchPriceList(region, client), timeout]);
    } catch (e) {
        return stale(`the AWS Price List API could not be read (${(e as Error).name}: ${(e as Error).message})`);
    } finally {
        if (timer) clearTimeout(timer);
    }
    const missing = REQUIRED.filter((e) => !has(result.prices, e.key));
    if (missing.length > 0) {
        const labels = result.missing.filter((m) => missing.some((e) => m.startsWith(`${e.label} (`)));
        if (bundled) return { ...base, requests: result.requests, source: "bundled", prices: bundled };
        return { ...base, requests: result.requests, source: "none", note: `not priced: the AWS Price List API has no complete prices for ${region}; missing: ${labels.join("; ")}` };
    }
    const date = day(now);
    const file: CacheFile = { region, date, fetchedAt: now.toISOString(), source: PRICE_LIST_SOURCE, prices: result.prices as CacheFile["prices"] };
    try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        fs.writeFileSync(cacheFile, JSON.stringify(file, null, 2) + "\n");
    } catch {
        // An unwritable cache costs a re-read next time, nothing else.
    }
    return { ...base, requests: result.requests, source: "price-list", prices: fromPriceList(region, file.prices, date, cacheFile) };
}
