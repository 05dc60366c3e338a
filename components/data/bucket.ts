import * as aws from "@pulumi/aws";
import { DataStoreIdentity, dataStoreIdentity } from "../internal/stateful";
import * as pulumi from "@pulumi/pulumi";
import { BucketAccess } from "../enums";
import { namePrefix } from "../internal/names";
import { PolicyStatementSpec } from "../task/task-spec";
import { BucketArgs, BucketSettings, normalizeBucketArgs } from "./bucket-args";

export type { BucketArgs };

/**
 * An S3 bucket for the app's files (uploads, exports, generated reports), private and encrypted,
 * handed to services by grants: the bucket name as an environment variable and exactly the S3
 * actions each access needs.
 *
 * - Encrypted at rest (SSE-S3, or SSE-KMS with a bucket key when `kmsKeyArn` is given); Block
 *   Public Access on all four settings; ACLs disabled (BucketOwnerEnforced); requests without TLS
 *   denied by the bucket policy (Security Hub S3.1/S3.8, S3.5, S3.12).
 * - Versioning on in production (`protect`), with earlier versions expiring after
 *   `noncurrentVersionExpireDays`; unfinished multipart uploads are always removed after 7 days
 *   (both as lifecycle rules, Security Hub S3.13 and S3.14).
 * - Protected and retained in production; `forceDestroy` stays off, so a bucket with objects is
 *   never emptied by a delete.
 *
 * @example
 * const uploads = new Bucket("uploads", { protect: true, cors: [{ allowedOrigins: ["https://shop.example.com"], allowedMethods: ["PUT"] }] });
 * // In the web service's task: environment UPLOADS_BUCKET and the statements of read/write access.
 * const task = { ...webTask, taskRoleStatements: uploads.grantStatements("readWrite") };
 */
export class Bucket extends pulumi.ComponentResource {
    /** The S3 bucket. */
    readonly s3Bucket: aws.s3.Bucket;
    /** The bucket's name, e.g. `shop-prod-uploads-20261206…`. */
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    /** The bucket policy (TLS only); a notification or grant from outside the account would be added here. */
    readonly policy: aws.s3.BucketPolicy;
    /** The customer-managed key objects are encrypted with, if any. */
    readonly kmsKeyArn: pulumi.Input<string> | undefined;

    constructor(name: string, args: BucketArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Validated before registering anything.
        const s = normalizeBucketArgs(name, args);
        super("fargate-kit:index:Bucket", name, {}, opts);
        this.kmsKeyArn = args.kmsKeyArn;
        this.s3Bucket = this.createBucket(name, args, s);
        this.bucketName = this.s3Bucket.bucket;
        this.bucketArn = this.s3Bucket.arn;
        this.policy = this.createSettings(name, args, s);
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }

    /**
     * The task-role statements of one access, optionally under a key prefix (`"exports/"`):
     *
     * - `read`: `s3:GetObject` on the objects, `s3:ListBucket` on the bucket (with a prefix: only
     *   listings of that prefix, by `s3:prefix`). Laravel's `Storage::exists`, `files` and
     *   `download` need both.
     * - `write`: `s3:PutObject` (multipart uploads included), `s3:AbortMultipartUpload` (an SDK
     *   cleans up a failed upload) and `s3:DeleteObject` (`Storage::delete` and `move`; with
     *   versioning on, a delete leaves the previous version restorable).
     * - `readWrite`: both.
     * - With a customer-managed key: `kms:Decrypt` to read, `kms:GenerateDataKey` (and `kms:Decrypt`,
     *   which multipart uploads need) to write.
     */
    grantStatements(access: BucketAccess, prefix?: string): PolicyStatementSpec[] {
        return bucketGrantStatements(this.bucketArn, access, prefix, this.kmsKeyArn);
    }

    private createBucket(name: string, args: BucketArgs, s: BucketSettings): aws.s3.Bucket {
        // A prefix, not a name: bucket names are global, and S3 completes the prefix with a unique suffix.
        return new aws.s3.Bucket(
            name,
            { bucketPrefix: bucketPrefixOf(name), forceDestroy: false, tags: args.tags },
            { parent: this, protect: s.protect, retainOnDelete: s.retainOnDelete },
        );
    }

    private createSettings(name: string, args: BucketArgs, s: BucketSettings): aws.s3.BucketPolicy {
        const opts = { parent: this };
        const bucket = this.s3Bucket.id;
        const ownership = new aws.s3.BucketOwnershipControls(name, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
        const publicAccess = new aws.s3.BucketPublicAccessBlock(name, { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, opts);
        new aws.s3.BucketServerSideEncryptionConfiguration(
            name,
            {
                bucket,
                rules: [
                    args.kmsKeyArn !== undefined
                        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }
                        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
                ],
            },
            opts,
        );
        // S3 refuses a lifecycle rule on noncurrent versions before versioning exists: versioning first.
        const versioning = s.versioning
            ? new aws.s3.BucketVersioning(name, { bucket, versioningConfiguration: { status: "Enabled" } }, opts)
            : undefined;
        new aws.s3.BucketLifecycleConfiguration(name, { bucket, rules: lifecycleRules(args, s) }, { parent: this, dependsOn: versioning ? [versioning] : [] });
        if ((args.cors ?? []).length > 0) {
            new aws.s3.BucketCorsConfiguration(
                name,
                {
                    bucket,
                    corsRules: (args.cors ?? []).map((r) => ({
                        allowedOrigins: r.allowedOrigins,
                        allowedMethods: r.allowedMethods,
                        allowedHeaders: r.allowedHeaders,
                        exposeHeaders: r.exposeHeaders,
                        maxAgeSeconds: r.maxAgeSeconds,
                    })),
                },
                opts,
            );
        }
        // PutBucketPolicy fails while Block Public Access is being applied: after it.
        return new aws.s3.BucketPolicy(
            name,
            {
                bucket,
                policy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [
                        { Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [this.s3Bucket.arn, pulumi.interpolate`${this.s3Bucket.arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
                    ],
                }),
            },
            { parent: this, dependsOn: [publicAccess, ownership] },
        );
    }
}

/** The lifecycle: cleanup of unfinished uploads and old versions, then the stack's own rules. */
function lifecycleRules(args: BucketArgs, s: BucketSettings): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    const rules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [
        { id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
    ];
    if (s.versioning) {
        rules.push({ id: "expire-noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: s.noncurrentVersionExpireDays }, expiration: { expiredObjectDeleteMarker: true } });
    }
    (args.lifecycle ?? []).forEach((r, i) => {
        rules.push({
            id: r.id ?? `rule-${i}`,
            status: "Enabled",
            filter: r.prefix !== undefined ? { prefix: r.prefix } : {},
            expiration: r.expireDays !== undefined ? { days: r.expireDays } : undefined,
            transitions: (r.transitions ?? []).map((t) => ({ days: t.days, storageClass: t.storageClass })),
        });
    });
    return rules;
}

/** The statements of `access` to a bucket (see `Bucket.grantStatements`). */
export function bucketGrantStatements(bucketArn: pulumi.Input<string>, access: BucketAccess, prefix: string | undefined, kmsKeyArn?: pulumi.Input<string>): PolicyStatementSpec[] {
    const objects = pulumi.interpolate`${bucketArn}/${prefix ?? ""}*`;
    const read = access === "read" || access === "readWrite";
    const write = access === "write" || access === "readWrite";
    const out: PolicyStatementSpec[] = [];
    if (read) {
        out.push({ actions: ["s3:GetObject"], resources: [objects] });
        // Listing is granted on the bucket; under a prefix, only listings of that prefix.
        out.push(prefix ? { actions: ["s3:ListBucket"], resources: [bucketArn], conditions: [{ operator: "StringLike", key: "s3:prefix", values: [`${prefix}*`] }] } : { actions: ["s3:ListBucket"], resources: [bucketArn] });
    }
    if (write) out.push({ actions: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"], resources: [objects] });
    if (kmsKeyArn !== undefined) out.push({ actions: write ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"], resources: [kmsKeyArn] });
    return out;
}

/** The bucket's name prefix (S3 completes it with a unique suffix; the provider allows 37 characters). */
function bucketPrefixOf(name: string): string {
    return namePrefix(name, 37).toLowerCase();
}

/** What forces the bucket's replacement, as created (components/internal/stateful.ts): its name prefix. */
export function bucketIdentity(name: string): DataStoreIdentity {
    return dataStoreIdentity("aws:s3/bucket:Bucket", { bucketPrefix: bucketPrefixOf(name) });
}
