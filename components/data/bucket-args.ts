import * as pulumi from "@pulumi/pulumi";
import { CorsMethod, StorageClass } from "../enums";
import { checkKmsKeyArn } from "../internal/arns";
import { Check, show } from "../internal/validation";

export interface BucketArgs {
    /**
     * Keep earlier versions of overwritten and deleted objects (Security Hub S3.14); they expire
     * after `noncurrentVersionExpireDays`.
     * Default: `protect` (on in production).
     * @default - the value of `protect`
     */
    versioning?: boolean | undefined;
    /**
     * Days an overwritten or deleted object's earlier version is kept, with `versioning`.
     * Default: 30.
     * @default 30
     */
    noncurrentVersionExpireDays?: number | undefined;
    /**
     * Rules that expire objects or move them to cheaper storage, e.g. `[{ prefix: "exports/", expireDays: 7 }]`.
     * Unfinished multipart uploads are always removed after 7 days.
     * Default: none beyond that cleanup.
     * @default - none beyond that cleanup
     */
    lifecycle?: BucketLifecycleRuleArgs[] | undefined;
    /**
     * Cross-origin rules, for browsers that upload or download directly (presigned URLs), e.g.
     * `[{ allowedOrigins: ["https://shop.example.com"], allowedMethods: ["PUT", "GET"] }]`.
     * Default: none (browsers cannot call the bucket from another origin).
     * @default - none
     */
    cors?: BucketCorsRuleArgs[] | undefined;
    /**
     * Customer-managed KMS key ARN to encrypt objects with (SSE-KMS with a bucket key, which keeps
     * KMS requests low); services granted access get `kms:Decrypt`/`kms:GenerateDataKey` on it.
     * Default: SSE-S3 (AES-256, no KMS charges).
     * @default - SSE-S3
     */
    kmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * Refuse to delete the bucket (Pulumi `protect`).
     * Default: false.
     * @default false
     */
    protect?: boolean | undefined;
    /**
     * Leave the bucket in AWS when it leaves the stack.
     * Default: the value of `protect`.
     * @default - the value of `protect`
     */
    retainOnDelete?: boolean | undefined;
    /**
     * Tags of the bucket.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;
}

/** One lifecycle rule of a bucket. */
export interface BucketLifecycleRuleArgs {
    /**
     * The rule's id, unique in the bucket.
     * Default: `rule-<index>`.
     * @default - `rule-<index>`
     */
    id?: string | undefined;
    /**
     * Objects whose key starts with this, e.g. `"exports/"`.
     * Default: every object.
     * @default - every object
     */
    prefix?: string | undefined;
    /**
     * Days after creation an object is deleted (with versioning: becomes a noncurrent version).
     * Default: never.
     * @default - never
     */
    expireDays?: number | undefined;
    /**
     * Moves to cheaper storage classes, each after a number of days.
     * Default: none.
     * @default - none
     */
    transitions?: BucketTransitionArgs[] | undefined;
}

/** A move of objects to another storage class. */
export interface BucketTransitionArgs {
    /** Days after creation; at least 30 for STANDARD_IA and ONEZONE_IA (S3's rule). */
    days: number;
    /** The storage class to move to. */
    storageClass: StorageClass;
}

/** One CORS rule of a bucket (S3 `CORSRule`). */
export interface BucketCorsRuleArgs {
    /** Origins allowed, e.g. `"https://shop.example.com"`; each may hold one `*`. */
    allowedOrigins: string[];
    /** Methods allowed. */
    allowedMethods: CorsMethod[];
    /**
     * Request headers a preflight may ask for, e.g. `["content-type"]`; each may hold one `*`.
     * Default: none.
     * @default - none
     */
    allowedHeaders?: string[] | undefined;
    /**
     * Response headers the browser's script may read, e.g. `["ETag"]`.
     * Default: none.
     * @default - none
     */
    exposeHeaders?: string[] | undefined;
    /**
     * Seconds a browser caches the preflight response.
     * Default: not set (the browser's default).
     * @default - not set
     */
    maxAgeSeconds?: number | undefined;
}

export interface BucketSettings {
    protect: boolean;
    retainOnDelete: boolean;
    versioning: boolean;
    noncurrentVersionExpireDays: number;
}

/** S3's limits: 1,000 lifecycle rules and 100 CORS rules per bucket (S3 User Guide, quotas). */
const MAX_LIFECYCLE_RULES = 1000;
const MAX_CORS_RULES = 100;
const INFREQUENT_ACCESS = ["STANDARD_IA", "ONEZONE_IA"];

/** Checks a bucket's args; every problem is recorded under `check`. */
export function checkBucketArgs(check: Check, args: BucketArgs): void {
    if (args.kmsKeyArn !== undefined) checkKmsKeyArn(check.at("kmsKeyArn"), args.kmsKeyArn);
    check.at("noncurrentVersionExpireDays").intRange(args.noncurrentVersionExpireDays, 1, 36500, "days");
    if (args.noncurrentVersionExpireDays !== undefined && args.versioning === false) check.at("noncurrentVersionExpireDays").fail("applies only with versioning, which is false");
    const lifecycle = args.lifecycle ?? [];
    if (check.at("lifecycle").list(args.lifecycle, "of rules")) {
        // Two rules of the stack's own are added (abort-incomplete-uploads, expire-noncurrent-versions).
        if (lifecycle.length > MAX_LIFECYCLE_RULES - 2) check.at("lifecycle").fail(`has ${lifecycle.length} rules; S3 allows ${MAX_LIFECYCLE_RULES} per bucket, 2 of them this bucket's own`);
        const ids = new Set(["abort-incomplete-uploads", "expire-noncurrent-versions"]);
        lifecycle.forEach((r, i) => {
            const rc = check.at("lifecycle").at(i);
            const id = r.id ?? `rule-${i}`;
            if (ids.has(id)) rc.at("id").fail(`is ${show(id)}, which another rule of this bucket already has`);
            ids.add(id);
            if (r.id !== undefined && (r.id.length < 1 || r.id.length > 255)) rc.at("id").fail(`is ${r.id.length} characters; S3 allows 1-255`);
            if (r.prefix !== undefined && r.prefix.length > 1024) rc.at("prefix").fail("is longer than 1024 characters, S3's longest object key");
            rc.at("expireDays").intRange(r.expireDays, 1, 36500, "days");
            if (r.expireDays === undefined && (r.transitions ?? []).length === 0) rc.fail("neither expires nor moves objects; give expireDays or transitions");
            (r.transitions ?? []).forEach((t, j) => {
                const tc = rc.at("transitions").at(j);
                tc.at("storageClass").oneOf(t.storageClass, Object.values(StorageClass));
                if (tc.at("days").intRange(t.days, 0, 36500, "days") && INFREQUENT_ACCESS.includes(t.storageClass) && t.days < 30) {
                    tc.at("days").fail(`is ${t.days}; S3 moves objects to ${t.storageClass} only after at least 30 days`);
                }
                if (r.expireDays !== undefined && t.days >= r.expireDays) tc.at("days").fail(`is ${t.days}, not before expireDays ${r.expireDays}: the objects are deleted first`);
            });
        });
    }
    const cors = args.cors ?? [];
    if (check.at("cors").list(args.cors, "of rules")) {
        if (cors.length > MAX_CORS_RULES) check.at("cors").fail(`has ${cors.length} rules; S3 allows ${MAX_CORS_RULES}`);
        cors.forEach((r, i) => {
            const rc = check.at("cors").at(i);
            if ((r.allowedOrigins ?? []).length === 0) rc.at("allowedOrigins").fail("is empty; give the origins, e.g. \"https://shop.example.com\"");
            (r.allowedOrigins ?? []).forEach((o, j) => {
                if ((o.match(/\*/g) ?? []).length > 1) rc.at("allowedOrigins").at(j).fail(`is ${show(o)}; S3 allows one "*" in an origin`);
            });
            (r.allowedHeaders ?? []).forEach((h, j) => {
                if ((h.match(/\*/g) ?? []).length > 1) rc.at("allowedHeaders").at(j).fail(`is ${show(h)}; S3 allows one "*" in a header`);
            });
            if ((r.allowedMethods ?? []).length === 0) rc.at("allowedMethods").fail(`is empty; allowed: ${Object.values(CorsMethod).join(", ")}`);
            (r.allowedMethods ?? []).forEach((m, j) => rc.at("allowedMethods").at(j).oneOf(m, Object.values(CorsMethod)));
            rc.at("maxAgeSeconds").intRange(r.maxAgeSeconds, 0, 2147483647, "seconds");
        });
    }
}

export function normalizeBucketArgs(name: string, args: BucketArgs): BucketSettings {
    const check = Check.root();
    checkBucketArgs(check, args);
    check.throwIfFailed(`Bucket "${name}"`);
    const protect = args.protect ?? false;
    return { protect, retainOnDelete: args.retainOnDelete ?? protect, versioning: args.versioning ?? protect, noncurrentVersionExpireDays: args.noncurrentVersionExpireDays ?? 30 };
}
