/**
 * What the data and messaging keys mean: `databases`, `caches` (docs/data.md), `buckets` and
 * `topics` (docs/data-messaging.md). Part of stack/schema-docs.ts, split by concept.
 */
import type { KeyDoc } from "./schema-docs";

const KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const usedBy = (what: string): KeyDoc => ({
    description: `The services that connect to this ${what}, at least one: web services, workers, scheduled tasks, standalone \`tasks\`, or \`migrate\` (the migration gate); each needs a container that receives its variables (one with the app's environment, or \`dataStoreVariables: true\`). Their tasks carry its access group (the only thing it admits), they wait for it, and those containers get its variables; no other service gets anything. A standalone task's runner passes the access group with the others of its \`tasks.<name>.securityGroupIds\` output.`,
    example: ["web", "worker", "migrate"],
});

const allowReplacement = (what: string): KeyDoc => ({
    description: `A protected stack refuses a change that would replace this ${what} with a new, empty one (or a removed or renamed key). true lets one deployment through, with the old one kept in AWS under \`retainOnDelete\`; remove it afterwards. Take a snapshot first.`,
    default: false,
    example: true,
});

const variable = (key: string, fallback: string, example: string): KeyDoc => ({ description: `The variable name for the ${key}.`, default: fallback, example });

const DATABASES: Record<string, KeyDoc> = {
    engine: { description: "PostgreSQL or MySQL. A change replaces the database.", default: "postgres", example: "mysql" },
    kind: { description: "`serverless`: Aurora Serverless v2 (a writer, and a reader with `multiAz`); `instance`: one RDS instance. A change replaces the database.", default: "serverless", example: "instance" },
    version: {
        description: "The engine version. Aurora PostgreSQL with Serverless v2: 13.6+, 14.3+, 15.2+, 16.1+, 17.4+; Aurora MySQL 3.02.0+; RDS: PostgreSQL 13–17, MySQL 8.0/8.4.",
        default: "16.6 (PostgreSQL); 8.0.mysql_aurora.3.08.0 (Aurora MySQL); 8.0.40 (RDS MySQL)",
        example: "16.6",
    },
    minCapacity: {
        description: "Serverless: the fewest ACUs, 0–256 in steps of 0.5. 0 pauses an idle database after `secondsUntilAutoPause` (Aurora PostgreSQL 13.15+, 14.12+, 15.7+, 16.3+ or Aurora MySQL 3.08.0+); the first connection then waits for it to resume. The plan prices this minimum.",
        default: 0.5,
        example: 0,
    },
    maxCapacity: { description: "Serverless: the most ACUs, 1–256 in steps of 0.5.", default: 4, example: 8 },
    secondsUntilAutoPause: { description: "Serverless with `minCapacity: 0`: idle seconds before the database pauses, 300–86400.", default: 300, example: 3600 },
    instanceClass: { description: "`kind: instance`: the RDS instance class.", default: "db.t4g.micro", example: "db.t4g.small" },
    allocatedStorageGiB: { description: "`kind: instance`: gp3 storage in GiB, 20–65536.", default: 20, example: 50 },
    databaseName: { description: "The database created in it, handed on as `DB_DATABASE`: letters, digits and `_`. A change replaces the database.", default: "app", example: "shop" },
    masterUsername: { description: "The master user (RDS's own names such as `rdsadmin` are refused). Its password is created, kept and rotated by RDS in Secrets Manager, never in the stack. A change replaces the database.", default: "app_admin", example: "shop_admin" },
    multiAz: {
        description: "Serverless: a reader in another AZ that scales with the writer and takes over on failover; instance: RDS Multi-AZ. Doubles the instance cost. Stage opts out.",
        default: true,
        example: false,
    },
    backupRetentionDays: { description: "Days of automatic backups, 1–35.", default: 14, example: 7 },
    performanceInsights: { description: "Performance Insights, 7 days (the free tier).", default: false, example: true },
    kmsKeyArn: { description: "A customer-managed KMS key for the storage (always encrypted). A change replaces the database.", default: "the AWS-managed key aws/rds", example: KMS_KEY },
    secretKmsKeyArn: { description: "A customer-managed KMS key for the master-password secret; the `usedBy` services' execution roles get `kms:Decrypt` on it.", default: "the AWS-managed key aws/secretsmanager", example: KMS_KEY },
    adopt: { description: "Use an existing database instead of creating one: the stack adds one rule to its security group (from the access group) and hands its secret on by full ARN. The keys that shape a new database are then refused.", default: "a new database" },
    "adopt.endpoint": { description: "Its host name.", example: "shop.cluster-abc123.us-east-1.rds.amazonaws.com" },
    "adopt.port": { description: "Its port, 1150–65535 (RDS's range).", example: 5432 },
    "adopt.securityGroupId": { description: "Its security group; a rule admitting the access group is added to it.", example: "sg-0123456789abcdef0" },
    "adopt.secret": { description: "The Secrets Manager secret (name or full ARN) with JSON keys `username` and `password`.", example: "shop/prod/db" },
    "adopt.databaseName": { description: "The database name handed on as `DB_DATABASE`.", default: "app", example: "shop" },
    usedBy: usedBy("database"),
    variables: { description: "Other names for the variables the `usedBy` services get (a name also set by hand in the app or the service is refused).", default: "DB_HOST, DB_PORT, DB_DATABASE, DB_USERNAME, DB_PASSWORD" },
    "variables.host": variable("host", "DB_HOST", "PGHOST"),
    "variables.port": variable("port", "DB_PORT", "PGPORT"),
    "variables.name": variable("database name", "DB_DATABASE", "PGDATABASE"),
    "variables.username": variable("user name (a secret)", "DB_USERNAME", "PGUSER"),
    "variables.password": variable("password (a secret)", "DB_PASSWORD", "PGPASSWORD"),
    allowReplacement: allowReplacement("database"),
};

const CACHES: Record<string, KeyDoc> = {
    engine: { description: "Valkey or Redis OSS. A change replaces a serverless cache.", default: "valkey", example: "redis" },
    kind: { description: "`serverless`: ElastiCache Serverless (spreads over the AZs itself; a cluster-mode endpoint); `node`: a replication group of `nodeType` nodes.", default: "serverless", example: "node" },
    version: { description: "Serverless: the major version (Valkey 7, 8; Redis 7; a change replaces the cache). Node: Valkey 7.2, 8.0, 8.1; Redis 6.2, 7.0, 7.1.", default: "8 / 8.0 (Valkey); 7 / 7.1 (Redis)", example: "8" },
    nodeType: { description: "`kind: node`: the node type.", default: "cache.t4g.micro", example: "cache.t4g.small" },
    multiAz: { description: "`kind: node`: two nodes with automatic failover instead of one.", default: true, example: false },
    maxDataGB: { description: "`kind: serverless`: a cap on the stored data, 1–5000 GB (a cap on the bill).", default: "no limit", example: 10 },
    maxEcpuPerSecond: { description: "`kind: serverless`: a cap on ECPUs per second, 1000–15000000.", default: "no limit", example: 5000 },
    snapshotRetentionDays: { description: "Days of automatic snapshots, 0–35.", default: 7, example: 1 },
    kmsKeyArn: { description: "A customer-managed KMS key for the data at rest (always encrypted; TLS only in transit). A change replaces a serverless cache.", default: "the AWS-owned key", example: KMS_KEY },
    adopt: { description: "Use an existing cache instead of creating one: the stack adds one rule to its security group (from the access group). The keys that shape a new cache are then refused.", default: "a new cache" },
    "adopt.endpoint": { description: "Its host name (the primary or serverless endpoint).", example: "shop-abc123.serverless.use1.cache.amazonaws.com" },
    "adopt.port": { description: "Its port.", example: 6379 },
    "adopt.securityGroupId": { description: "Its security group; a rule admitting the access group is added to it.", example: "sg-0123456789abcdef0" },
    "adopt.tls": { description: "Whether it takes TLS connections (`REDIS_SCHEME` is `tls`, else `tcp`).", default: true, example: false },
    usedBy: usedBy("cache"),
    variables: { description: "Other names for the variables the `usedBy` services get.", default: "REDIS_HOST, REDIS_PORT, REDIS_SCHEME" },
    "variables.host": variable("host", "REDIS_HOST", "CACHE_HOST"),
    "variables.port": variable("port", "REDIS_PORT", "CACHE_PORT"),
    "variables.scheme": variable("scheme (`tls` or `tcp`)", "REDIS_SCHEME", "CACHE_SCHEME"),
    "variables.url": {
        description: "A variable holding the whole URL, `rediss://<host>:<port>` (`redis://` for an adopted cache without TLS), for clients that read one as it is (Sidekiq's and redis-rb's `REDIS_URL`, node-redis). It holds no password: the cache admits by security group. Celery refuses a `rediss://` URL without `?ssl_cert_reqs=…`: build its broker URL from the host and port variables.",
        default: "none (not set)",
        example: "REDIS_URL",
    },
    allowReplacement: allowReplacement("cache"),
};

const BUCKETS: Record<string, KeyDoc> = {
    grants: {
        description: "Services by name (web services, workers, scheduled tasks, standalone `tasks`) and what each may do with the objects: `read`, `write` or `readWrite`, or `{ access, prefix }`. Each gets the bucket's name in `variable` and exactly those S3 actions (with `kmsKeyArn`, the key's use too).",
        default: "no service",
    },
    "grants.<name>.access": {
        description: "`read`: `s3:GetObject`, and `s3:ListBucket`; `write`: `s3:PutObject`, `s3:AbortMultipartUpload`, `s3:DeleteObject`; `readWrite`: both. Written alone as the grant's value (`web: readWrite`).",
        example: "readWrite",
    },
    "grants.<name>.prefix": { description: "Only objects under this key prefix (listing too: `s3:prefix` = `<prefix>*`).", default: "the whole bucket", example: "imports/" },
    variable: { description: "The environment variable that carries the bucket's S3 name.", default: "<NAME>_BUCKET (`uploads` → UPLOADS_BUCKET)", example: "AWS_BUCKET" },
    versioning: { description: "Keep earlier versions of overwritten and deleted objects (Security Hub S3.14); they expire after `noncurrentVersionExpireDays`.", default: "the value of `protect` (on in production)", example: true },
    noncurrentVersionExpireDays: { description: "With `versioning`: days an earlier version is kept.", default: 30, example: 90 },
    lifecycle: { description: "Rules that expire objects or move them to cheaper storage. Unfinished multipart uploads are always removed after 7 days.", default: "none beyond that cleanup" },
    "lifecycle[].id": { description: "The rule's id, unique in the bucket.", default: "rule-<index>", example: "expire-imports" },
    "lifecycle[].prefix": { description: "Objects whose key starts with this.", default: "every object", example: "imports/" },
    "lifecycle[].expireDays": { description: "Days after creation an object is deleted (with versioning: becomes an earlier version).", default: "never", example: 30 },
    "lifecycle[].transitions": { description: "Moves to cheaper storage classes, each after a number of days.", default: "none" },
    "lifecycle[].transitions[].days": { description: "Days after creation; at least 30 for STANDARD_IA and ONEZONE_IA (S3's rule).", example: 30 },
    "lifecycle[].transitions[].storageClass": { description: "The storage class to move to.", example: "STANDARD_IA" },
    cors: { description: "Cross-origin rules, for browsers that upload or download directly (presigned URLs).", default: "none (browsers cannot call the bucket from another origin)" },
    "cors[].allowedOrigins": { description: "Origins allowed; each may hold one `*`.", example: ["https://shop.example.com"] },
    "cors[].allowedMethods": { description: "Methods allowed.", example: ["PUT", "GET"] },
    "cors[].allowedHeaders": { description: "Request headers a preflight may ask for; each may hold one `*`.", default: "none", example: ["content-type"] },
    "cors[].exposeHeaders": { description: "Response headers the browser's script may read.", default: "none", example: ["ETag"] },
    "cors[].maxAgeSeconds": { description: "Seconds a browser caches the preflight response.", default: "the browser's default", example: 3000 },
    kmsKeyArn: { description: "A customer-managed KMS key (SSE-KMS with a bucket key, which keeps KMS requests low); granted services get `kms:Decrypt` to read, `kms:GenerateDataKey` to write.", default: "SSE-S3 (no KMS charges)", example: KMS_KEY },
    notify: {
        description: "Queue workers (by name, each with a queue of its own) that receive the bucket's events as S3 event JSON, not a framework job: the worker's command must read it. Two notifications whose events and keys overlap are refused, as S3 refuses them.",
        default: "none",
    },
    "notify.<name>.events": { description: "S3 event types.", default: ["s3:ObjectCreated:*"], example: ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"] },
    "notify.<name>.prefix": { description: "Only keys that start with this.", default: "every key", example: "imports/" },
    "notify.<name>.suffix": { description: "Only keys that end with this.", default: "every key", example: ".csv" },
};

const TOPICS: Record<string, KeyDoc> = {
    publishers: { description: "Services by name (web services, workers, scheduled tasks, standalone `tasks`) that publish, at least one: each gets the topic's ARN in `variable` and `sns:Publish` on it (with `kmsKeyArn`, `kms:GenerateDataKey`/`kms:Decrypt`).", example: ["web"] },
    subscribers: { description: "Queue workers by name, at least one, each with a queue of its own (an adopted queue's policy is not the stack's to write), subscribed to the topic. A worker's queue policy admits SNS from its own topics only. Written `{ worker: {} }` for every message, as published." },
    "subscribers.<name>.filterPolicy": {
        description: "An SNS filter policy: only matching messages reach this worker. Checked against SNS's limits (lists of values at the leaves, at most 5 keys, 150 combinations, 256 KB; flat on message attributes).",
        default: "every message",
        example: { event: ["order.paid", "order.refunded"] },
    },
    "subscribers.<name>.filterPolicyScope": { description: "What `filterPolicy` matches: the message attributes or the JSON body. Needs a `filterPolicy`.", default: "MessageAttributes", example: "MessageBody" },
    "subscribers.<name>.rawMessageDelivery": { description: "Deliver the message as published; false wraps it in SNS's JSON envelope.", default: true, example: false },
    fifo: { description: "A FIFO topic (ordered, deduplicated). SNS delivers a FIFO topic only to FIFO queues and a standard one only to standard queues, so it must match every subscriber's `fifo`. A change replaces the topic.", default: false, example: true },
    kmsKeyArn: { description: "A customer-managed KMS key for messages at rest; a worker queue under a customer key needs a key policy that lets SNS use it.", default: "the AWS-managed key alias/aws/sns", example: KMS_KEY },
    variable: { description: "The environment variable that carries the topic's ARN, in every publisher.", default: "<NAME>_TOPIC_ARN (`orders` → ORDERS_TOPIC_ARN)", example: "ORDERS_TOPIC_ARN" },
};

const prefixed = (prefix: string, docs: Record<string, KeyDoc>): Record<string, KeyDoc> => Object.fromEntries(Object.entries(docs).map(([k, v]) => [`${prefix}.${k}`, v]));

export const DATA_DOCS: Record<string, KeyDoc> = {
    databases: {
        description: "The app's databases by name (Aurora Serverless v2 or one RDS instance, PostgreSQL or MySQL), created before the services that use them, admitting only those. See [data](data.md).",
        default: "none",
    },
    ...prefixed("databases.<name>", DATABASES),
    caches: { description: "The app's caches by name (ElastiCache Serverless or nodes, Valkey or Redis OSS, TLS only), created before the services that use them, admitting only those. See [data](data.md#caches).", default: "none" },
    ...prefixed("caches.<name>", CACHES),
    buckets: {
        description: "The app's S3 buckets by name (1–40 lower-case letters, digits and hyphens: the name begins its S3 name, `<project>-<stack>-<name>-bucket-<suffix>`): encrypted, public access blocked, TLS only, versioned in production, protected and retained in production. Services get their name and exact grants. See [data-messaging](data-messaging.md).",
        default: "none",
    },
    ...prefixed("buckets.<name>", BUCKETS),
    topics: { description: "The app's SNS topics by name, from publishing services to queue workers. See [data-messaging](data-messaging.md#topics).", default: "none" },
    ...prefixed("topics.<name>", TOPICS),
};
