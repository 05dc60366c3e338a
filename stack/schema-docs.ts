/**
 * What each stack-file key means: description, default and an example, by key path. The schema
 * (stack/schema.ts, stack/service-schema.ts) says which keys exist, their types and allowed
 * values; this says what they do. `npm run docs` joins both into docs/stack-file.md, and
 * tests/stack-docs.test.ts fails when a schema key has no entry here (or an entry has no key).
 *
 * Why a map beside the schema rather than `.meta()` on every field: the schema files are where
 * features land, several at a time; prose attached to each field would make every one of those
 * edits touch the same lines. A key may still carry `.meta({ description, default, example })` in
 * the schema itself: the generator reads it, and refuses a key documented in both places.
 *
 * Paths: records as `<name>` (`webServices.<name>.spot`), `<NAME>` for variable-like names, lists
 * as `[]` (`task.containers[].name`). `task` and `secret` are documented once, as their own
 * sections. Defaults are the stack file's (production mode, `protect: true`, unless said).
 */

import { DATA_DOCS } from "./schema-docs-data";
import { HEALTH_CHECK_DOCS, WEB_SHAPE_DOCS, WORKER_SHAPE_DOCS } from "./schema-docs-shapes";
import { SECRET_DOCS, TASK_DOCS } from "./schema-docs-task";

export interface KeyDoc {
    description: string;
    /** As the user would read it: a value, or a sentence ("the first container with a port"). */
    default?: unknown;
    /** A value the key's schema accepts; the reference shows it in place, as stack-file YAML. */
    example?: unknown;
}

const alarmTarget = (what: string): Record<string, KeyDoc> => ({
    email: {
        description: `An address subscribed to a new SNS topic for ${what}. The topic is unencrypted on purpose: CloudWatch cannot publish to a topic under the AWS-managed key \`alias/aws/sns\`. The address must confirm the subscription.`,
        default: "no notification (the alarms still exist and show in the console)",
        example: "ops@example.com",
    },
    topicArn: { description: `An existing SNS topic for ${what}, instead of \`email\`.`, default: "none", example: "arn:aws:sns:us-east-1:123456789012:ops-alarms" },
});

/** Keys every service (web or worker) takes. */
const serviceBase = (kind: "web service" | "worker"): Record<string, KeyDoc> => ({
    task: { description: `The ${kind}'s task: size, containers, role statements.` },
    enableExecuteCommand: {
        description: "ECS Exec (`aws ecs execute-command`) into the running tasks, logged to the cluster's exec log group. It needs a writable root filesystem (`readonlyRootFilesystem: false`), which Security Hub ECS.5 reports.",
        default: false,
        example: true,
    },
    spot: {
        description: "Run on Fargate Spot (about 68 % cheaper, may be interrupted with two minutes' notice). Not available with `app.cpuArchitecture: ARM64`.",
        default: false,
        example: true,
    },
    onDemandBaseTasks: { description: "With `spot`: how many tasks always run on regular Fargate before Spot takes the rest.", default: 1, example: 0 },
    spotPercent: { description: "With `spot`: the share (0–100) of the tasks beyond `onDemandBaseTasks` that run on Spot.", default: 100, example: 75 },
    securityGroupIds: {
        description: "Extra security groups for the tasks (e.g. one your database admits), beside the service's own group.",
        default: "only the service's own group",
        example: ["sg-0123456789abcdef0"],
    },
    sendsTo: {
        description: "Names of SQS workers this service dispatches jobs to: it gets their queue variables (`QUEUE_URL`/`QUEUE_NAME`, or the worker's `queueUrlVariable`/`queueNameVariable`) and `sqs:SendMessage` on their queues. Two queues whose variables would collide are an error.",
        default: "none",
        example: ["mailer"],
    },
    tags: { description: "Tags of this service's resources, on top of the stack's `tags`.", default: "none", example: { team: "payments" } },
});

const prefixed = (prefix: string, docs: Record<string, KeyDoc>): Record<string, KeyDoc> => Object.fromEntries(Object.entries(docs).map(([k, v]) => [`${prefix}.${k}`, v]));

const webService: Record<string, KeyDoc> = {
    ...serviceBase("web service"),
    containerName: { description: "The container the load balancer sends requests to.", default: "the first container with a port", example: "nginx" },
    containerPort: { description: "The port of `containerName` the load balancer sends requests to. A new port creates a new target group before the old one goes.", default: "that container's first port", example: 8080 },
    maxRequestSeconds: {
        description: "The longest request the app serves. It sets the drain time of a deploy (deregistration delay) and the container's `stopTimeout` (at most 120), so a task stopped without draining (scale-in, Spot) can finish what it serves. The main lever of rollout speed: a rolling deploy takes about task start + 10 s health detection + this.",
        default: 30,
        example: 60,
    },
    healthCheck: { description: "How the load balancer decides a task is healthy. Fast by default: healthy after 2 × 5 s, against 5 × 30 s with AWS's defaults." },
    ...prefixed("healthCheck", HEALTH_CHECK_DOCS),
    "healthCheck.gracePeriodSeconds": { description: "Seconds after a task starts during which ECS ignores failing load-balancer checks (for a slow boot).", default: 60, example: 120 },
    domainName: {
        description: "The service's primary host name: requests for it are routed here, it is on the stack's certificate and gets a Route 53 alias record (needs `loadBalancer.hostedZoneName` or `hostedZoneId`, or `certificateArns`). Without any host the stack serves HTTP only.",
        default: "none (HTTP only, on the load balancer's DNS name)",
        example: "shop.example.com",
    },
    aliases: { description: "More host names for this service, each on the certificate with its alias record.", default: "none", example: ["www.shop.example.com"] },
    paths: { description: "Path patterns routed here (ALB syntax: `*` and `?`), alone or together with the hosts.", default: "every path of the service's hosts", example: ["/api/*"] },
    priority: {
        description: "The listener-rule priority, 1–50000. Derived from the route when not set: host and path rules first, then host-only, then path-only (longer paths first), so adding a service never renumbers another. Give it when a derived priority meets another's (e.g. on an adopted listener).",
        default: "derived from the route",
        example: 100,
    },
    default: {
        description: "Take every request no other rule matches (priority 50000). At most one service is the default; the only web service of a stack is the default.",
        default: "true for the only web service (unless the load balancer is adopted), else false",
        example: true,
    },
    public: {
        description:
            "`false`: the service sits behind the stack's internal ALB (scheme internal, in the tasks' subnets, admitting the VPC's CIDR on port 80), created only when some service is internal, instead of the internet-facing one; reachable from inside the VPC only, over HTTP, at the `webServices.<name>.url` output. It takes no `domainName`/`aliases` (no public DNS for private addresses); route by `paths` — the only internal service is that load balancer's default and takes every path, so paths are for the second one on. Its routes, priorities and default are its load balancer's own. Changing it moves the service to the other load balancer with a new target group.",
        default: "true",
        example: false,
    },
    desiredCount: { description: "Tasks to run when not autoscaled (one per AZ by default).", default: "2; 1 with `deployment.singleton`", example: 1 },
    autoscaling: { description: "Autoscaling between `minTasks` and `maxTasks`: target tracking on CPU, memory, requests per task and/or your `metrics`, `steps` on a metric, and `schedules` of the range. See [service shapes](service-shapes.md#scaling-signals).", default: "a fixed `desiredCount`" },
    "autoscaling.minTasks": { description: "The fewest tasks.", example: 2 },
    "autoscaling.maxTasks": { description: "The most tasks; the plan also prices the stack with every autoscaled service here.", example: 6 },
    "autoscaling.cpuPercent": { description: "Average CPU utilisation to hold.", default: 60, example: 50 },
    "autoscaling.memoryPercent": { description: "Average memory utilisation to hold.", default: "not scaled on memory", example: 70 },
    "autoscaling.requestsPerTarget": {
        description: "Requests per task per minute to hold. ROLLING only: with blue/green the live target group alternates.",
        default: "not scaled on requests",
        example: 1000,
    },
    "autoscaling.scaleInCooldownSeconds": { description: "Seconds after a scale-in before the next one.", default: 300, example: 600 },
    "autoscaling.scaleOutCooldownSeconds": { description: "Seconds after a scale-out before the next one.", default: 60, example: 30 },
    deployment: { description: "How a new revision replaces the old: rolling (the default), or ECS-native blue/green, canary or linear with a second target group.", default: "ROLLING, 100 %/200 %, circuit breaker with rollback" },
    "deployment.strategy": {
        description: "ROLLING replaces tasks in waves; BLUE_GREEN starts the whole new revision, then moves all traffic; CANARY moves `canaryPercent` first; LINEAR moves `linearStepPercent` per step. The three non-rolling strategies bake for `bakeTimeMinutes` and roll back on the service's 5xx and unhealthy-host alarms.",
        default: "ROLLING",
        example: "CANARY",
    },
    "deployment.circuitBreaker": {
        description: "Stop and roll back a deploy whose tasks fail to start or stay unhealthy, in minutes instead of at the timeout.",
        default: "true for ROLLING and BLUE_GREEN, false for CANARY and LINEAR",
        example: true,
    },
    "deployment.rollbackOnAlarms": {
        description: "Roll back when the service's 5xx-rate or unhealthy-host alarm fires during the deploy or its bake.",
        default: "false for ROLLING (the circuit breaker guards it), true for the other strategies",
        example: true,
    },
    "deployment.minimumHealthyPercent": { description: "Tasks (percent of desired) that must stay healthy during a rolling deploy.", default: 100, example: 50 },
    "deployment.maximumPercent": { description: "Tasks (percent of desired) that may run during a rolling deploy; 200 replaces all in one wave.", default: 200, example: 150 },
    "deployment.bakeTimeMinutes": { description: "Minutes the new revision runs with all traffic before the old one is stopped (non-rolling strategies).", default: 5, example: 10 },
    "deployment.canaryPercent": { description: "CANARY: percent of traffic moved first, 0.1–100 in steps of 0.1.", default: 10, example: 5 },
    "deployment.canaryBakeTimeMinutes": { description: "CANARY: minutes at the canary share before the rest moves.", default: 5, example: 10 },
    "deployment.linearStepPercent": { description: "LINEAR: percent of traffic moved per step, 3–100 in steps of 0.1.", default: 25, example: 10 },
    "deployment.linearStepBakeTimeMinutes": { description: "LINEAR: minutes between steps.", default: 2, example: 5 },
    "deployment.testListenerPort": {
        description: "A listener port on which the new revision answers before it takes production traffic (non-rolling strategies); one per service.",
        default: "no test listener",
        example: 8443,
    },
    "deployment.testListenerCidrs": { description: "Who may reach the test listener.", default: "required with `testListenerPort`", example: ["10.0.0.0/8"] },
    alarms: { description: "The service's CloudWatch alarms and where they notify.", default: "alarms on, no notification target" },
    ...prefixed("alarms", alarmTarget("this service's alarms")),
    "alarms.enabled": { description: "Create the alarms.", default: true, example: false },
    "alarms.serverErrorPercent": { description: "Alarm when more than this percent of requests get a 5xx from the targets.", default: 5, example: 2 },
    "alarms.p95Seconds": { description: "Alarm when the 95th-percentile response time exceeds this.", default: 1, example: 0.5 },
    "alarms.p99Seconds": { description: "Alarm when the 99th-percentile response time exceeds this.", default: 3, example: 2 },
    "alarms.cpuPercent": { description: "Alarm when average CPU utilisation exceeds this.", default: 85, example: 90 },
    "alarms.memoryPercent": { description: "Alarm when average memory utilisation exceeds this.", default: 85, example: 90 },
    "alarms.notRunningMinutes": { description: "Alarm when fewer tasks than desired run for this many minutes.", default: 10, example: 5 },
};

const worker: Record<string, KeyDoc> = {
    ...serviceBase("worker"),
    queue: {
        description: "false: a plain long-running worker whose jobs come from elsewhere (Sidekiq on Redis, a stream consumer); no SQS resources, at least one task, CPU/memory target tracking. The queue keys below then do not apply.",
        default: true,
        example: false,
    },
    queueArn: { description: "SQS: an existing queue to work on instead of a new one (adopt).", default: "a new encrypted queue and dead-letter queue", example: "arn:aws:sqs:us-east-1:123456789012:orders" },
    deadLetterQueueArn: { description: "SQS: the adopted queue's dead-letter queue, for its alarm.", default: "no dead-letter alarm for an adopted queue", example: "arn:aws:sqs:us-east-1:123456789012:orders-dlq" },
    fifo: { description: "SQS: a FIFO queue (names end in `.fifo`).", default: false, example: true },
    maxReceiveCount: { description: "SQS: receives before a message moves to the dead-letter queue.", default: 5, example: 3 },
    messageRetentionDays: { description: "SQS: days a message is kept, 1–14.", default: 4, example: 14 },
    kmsKeyArn: {
        description: "SQS: a customer-managed KMS key for the queues; the worker and every service that sends to it get `kms:Decrypt`/`kms:GenerateDataKey` on it.",
        default: "SQS-managed encryption (SSE-SQS)",
        example: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    },
    maxJobSeconds: {
        description: "SQS: the longest job. The visibility timeout is never shorter, and on a deploy old tasks get `min(120, maxJobSeconds)` seconds after SIGTERM (Fargate's maximum); a longer job that is cut off runs again, so jobs must be idempotent. Match your framework's own timeout (Laravel's `--timeout`).",
        default: 60,
        example: 120,
    },
    visibilityTimeoutSeconds: { description: "SQS: seconds a received message stays invisible to other tasks.", default: "maxJobSeconds + 30", example: 300 },
    queueUrlVariable: { description: "SQS: the environment variable that carries the queue URL, in the worker and in every service that sends to it.", default: "QUEUE_URL", example: "SQS_QUEUE" },
    queueNameVariable: { description: "SQS: the environment variable that carries the queue name.", default: "QUEUE_NAME", example: "MAILER_QUEUE_NAME" },
    stopTimeoutSeconds: { description: "Plain (`queue: false`): seconds a task gets after SIGTERM, 2–120.", default: 30, example: 60 },
    scaling: { description: "How many tasks run. SQS: by backlog, down to zero and back. Plain: CPU/memory target tracking, `metrics` and `steps` between `minTasks` and `maxTasks`. Both: `schedules` of the range.", default: "SQS: 0–10 tasks, 10 messages per task; plain: 1 task" },
    "scaling.minTasks": { description: "The fewest tasks (SQS: may be 0, scaled from zero on the first message; plain: at least 1).", default: "SQS: 0; plain: 1", example: 1 },
    "scaling.maxTasks": { description: "The most tasks.", default: "SQS: 10 (1 with `deployment.singleton`); plain: minTasks (not autoscaled)", example: 4 },
    "scaling.backlogPerTask": {
        description: "SQS: visible messages per running task to hold (metric-math target tracking `visible / running`). Expect the first task within a few minutes of the first message.",
        default: 10,
        example: 20,
    },
    "scaling.scaleFromZeroTasks": { description: "SQS: tasks started when messages wait and none runs.", default: 1, example: 2 },
    "scaling.cpuPercent": { description: "Plain: average CPU utilisation to hold.", default: 70, example: 60 },
    "scaling.memoryPercent": { description: "Plain: average memory utilisation to hold.", default: "not scaled on memory", example: 75 },
    "scaling.scaleInCooldownSeconds": { description: "Seconds after a scale-in before the next one.", default: 300, example: 600 },
    "scaling.scaleOutCooldownSeconds": { description: "Seconds after a scale-out before the next one.", default: 60, example: 30 },
    alarms: { description: "The worker's alarms (backlog age, dead-letter messages, tasks not running) and where they notify.", default: "alarms on, no notification target" },
    ...prefixed("alarms", alarmTarget("this worker's alarms")),
    "alarms.enabled": { description: "Create the alarms.", default: true, example: false },
    "alarms.oldestMessageAgeSeconds": { description: "SQS: alarm when the oldest message has waited this long.", default: 900, example: 300 },
    "alarms.notRunningMinutes": { description: "Alarm when fewer tasks than wanted run for this many minutes.", default: 10, example: 5 },
};

const scheduledTask: Record<string, KeyDoc> = {
    task: { description: "The job's task (same image, environment and secrets as the app; its own command and size). An app-image container needs a `command` or `entryPoint` when a web service serves the app image." },
    schedule: {
        description: "`rate(1 minute)`, `cron(0 3 * * ? *)` (six fields; `?` in exactly one of day-of-month and day-of-week) or `at(2027-01-31T23:00:00)`, checked field by field as EventBridge Scheduler checks it.",
        example: "cron(0 3 * * ? *)",
    },
    timezone: { description: "An IANA time zone for `cron` and `at`.", default: "UTC", example: "Europe/Berlin" },
    flexibleWindowMinutes: { description: "Let Scheduler start the run up to this many minutes late, to spread load.", default: "on time", example: 15 },
    retryAttempts: { description: "Retries of a run Scheduler could not start (0–185).", default: 2, example: 0 },
    maxEventAgeSeconds: { description: "Give up a run Scheduler could not start after this many seconds (60–86400).", default: 3600, example: 60 },
    expectedRunSeconds: { description: "The typical length of a run, for the plan's cost estimate (Fargate bills at least a minute).", default: 60, example: 20 },
    enabled: { description: "false: the schedule exists but starts nothing.", default: true, example: false },
    alarms: { description: "Where the job's failure alarm (`<job>-failed`, on its dead-letter queue of failed runs) notifies." },
    ...prefixed("alarms", alarmTarget("the job's failure alarm")),
    securityGroupIds: { description: "Extra security groups for the job's tasks.", default: "only the job's own group", example: ["sg-0123456789abcdef0"] },
    tags: { description: "Tags of this job's resources, on top of the stack's.", default: "none", example: { team: "billing" } },
};

export const KEY_DOCS: Record<string, KeyDoc> = {
    imageTag: {
        description: "The image tag to deploy (the git SHA CI built). CI usually sets `$IMAGE_TAG` instead; if both are set and differ, the program stops naming both. Without either, the program deploys the tag it deployed last (its `imageTag` output), and on a first deploy creates the repository and skips the services with a warning.",
        default: "$IMAGE_TAG, else the tag deployed last",
        example: "3f9c2a1b7d4e",
    },
    protect: {
        description: "Production mode: Pulumi's `protect` on stateful resources and the load balancer's deletion protection and access logs; with no `network.nat`, a NAT per AZ instead of public IPs. It only refuses deletion: what a destroy keeps is `retainOnDelete`. Stage sets false.",
        default: true,
        example: false,
    },
    retainOnDelete: {
        description: "Leave stateful resources (the ECR repository, queues, log groups, the access-log bucket) in AWS, with their data, when they leave the stack or the stack is destroyed.",
        default: true,
        example: false,
    },
    logRetentionDays: {
        description: "Days every log group keeps logs, unless a task (`task.logRetentionDays`) or the cluster (`cluster.execLogRetentionDays`) says otherwise. A value CloudWatch Logs allows (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, …); Security Hub CloudWatch.16 asks for at least 365.",
        default: 365,
        example: 30,
    },
    tags: {
        description: "Tags of every resource of the stack, besides `app` (the project), `stack` and `service`, which are always set. `aws:defaultTags` keeps working alongside.",
        default: "none",
        example: { "cost-center": "web", owner: "platform-team" },
    },
    network: { description: "Where tasks run and how they reach the internet (and their image registry). See the table in [Network and costs](costs-and-speed.md#network-where-tasks-run-and-what-it-costs).", default: "a new VPC over 2 AZs; no NAT, or in production mode a NAT gateway per AZ" },
    "network.vpcId": { description: "Adopt an existing VPC (with `publicSubnetIds`, and `privateSubnetIds` for private tasks).", default: "a new VPC", example: "vpc-0123456789abcdef0" },
    "network.publicSubnetIds": { description: "The adopted VPC's public subnets (the load balancer; tasks with `nat: none`).", default: "none", example: ["subnet-0aaa1111bbbb2222c", "subnet-0ddd3333eeee4444f"] },
    "network.privateSubnetIds": { description: "The adopted VPC's private subnets (tasks, with `nat: existing`).", default: "none", example: ["subnet-0aaa5555bbbb6666c", "subnet-0ddd7777eeee8888f"] },
    "network.cidrBlock": { description: "The new VPC's CIDR block.", default: "10.0.0.0/16", example: "10.20.0.0/16" },
    "network.availabilityZones": { description: "AZs of the new VPC (2–6).", default: 2, example: 3 },
    "network.nat": {
        description: "How tasks reach the internet. `none`: public subnets with a public IP each; `single`: one NAT gateway; `perAz`: a NAT gateway per AZ; `instance`: a NAT instance (Graviton, self-healing) per AZ, ~$3.71 each instead of ~$33; `existing`: the adopted VPC's own NAT. A combination whose tasks could not pull their image is refused.",
        default: "none; in production mode perAz for a new VPC, existing for an adopted one",
        example: "instance",
    },
    "network.vpcEndpoints": { description: "Interface endpoints (ECR, logs, Secrets Manager, SSM, …) and the S3 gateway endpoint, so private tasks pull and log without NAT (~$7.30 per endpoint per AZ).", default: false, example: true },
    "network.natInstanceType": { description: "With `nat: instance`: the Graviton instance type.", default: "t4g.nano", example: "t4g.micro" },
    "network.alarms": { description: "Where the NAT alarms (port exhaustion, dropped packets, NAT instance down) notify." },
    ...prefixed("network.alarms", alarmTarget("the NAT alarms")),
    cluster: { description: "The ECS cluster." },
    "cluster.containerInsights": {
        description: "CloudWatch Container Insights. SQS workers scale on its task count, so they need it on; priced in the plan.",
        default: "enabled",
        example: "enhanced",
    },
    "cluster.execLogRetentionDays": { description: "Days the ECS Exec session log group keeps logs.", default: "the stack's `logRetentionDays`", example: 90 },
    app: { description: "The app, described once: its image (a managed ECR repository, or an outside registry), CPU architecture, and the environment and secrets of every container that runs the app image.", default: "a managed ECR repository" },
    "app.imageRepository": {
        description: "An image repository outside this stack, without tag (the tag comes from `$IMAGE_TAG` or `imageTag`). Leave it out to get a managed ECR repository.",
        default: "a managed ECR repository",
        example: "registry.gitlab.com/acme/site",
    },
    "app.imageRepositoryCredentialsSecret": { description: "A Secrets Manager secret with registry credentials, for an `imageRepository` outside ECR.", default: "none", example: "gitlab/registry-credentials" },
    "app.build": { description: "Build the image at deploy time (`awsx.ecr.Image`; needs Docker where `pulumi up` runs), for the platform `cpuArchitecture` says. Usually CI builds and pushes instead.", default: "none: CI builds and pushes" },
    "app.build.context": { description: "The build context directory.", example: "../app" },
    "app.build.dockerfile": { description: "The Dockerfile.", default: "<context>/Dockerfile", example: "../app/docker/Dockerfile" },
    "app.build.target": { description: "The build stage.", default: "the last stage", example: "production" },
    "app.build.args": { description: "Build arguments.", default: "none", example: { NODE_ENV: "production" } },
    "app.keepTaggedImages": { description: "The managed repository's lifecycle: keep the last N tagged images (a rollback needs its tag still there).", default: 30, example: 20 },
    "app.untaggedExpiryDays": { description: "The managed repository's lifecycle: expire untagged images after this many days.", default: 1, example: 7 },
    "app.deleteImagesWithRepository": {
        description: "Delete the images with the managed repository when it leaves the stack (ECR's force delete). Without it, deleting a repository that holds images fails, so a destroy keeps it (with `retainOnDelete`) or stops on it. Stage sets true.",
        default: false,
        example: true,
    },
    images: {
        description: "More images by name beside the app image (`app`): each with its own ECR repository and lifecycle (or a repository outside the stack), build and tag. A container runs one with `image: <name>`. See [services](services.md#images).",
        default: "only the app image",
    },
    "images.<name>.repository": { description: "A repository outside this stack, without tag; leave it out for a managed ECR repository.", default: "a managed ECR repository `<project>-<stack>-<name>`", example: "registry.gitlab.com/acme/nginx" },
    "images.<name>.repositoryCredentialsSecret": { description: "A Secrets Manager secret with the credentials of `repository`, when it is outside ECR.", default: "none", example: "gitlab/registry-credentials" },
    "images.<name>.build": { description: "Build this image at deploy time (needs Docker where `pulumi up` runs).", default: "none: CI builds and pushes" },
    "images.<name>.build.context": { description: "The build context directory.", example: "../nginx" },
    "images.<name>.build.dockerfile": { description: "The Dockerfile.", default: "<context>/Dockerfile", example: "../app/docker/nginx.Dockerfile" },
    "images.<name>.build.target": { description: "The build stage.", default: "the last stage", example: "nginx" },
    "images.<name>.build.args": { description: "Build arguments.", default: "none", example: { NGINX_VERSION: "1.27" } },
    "images.<name>.build.platform": { description: "The platform to build for; must match `app.cpuArchitecture`.", default: "the stack's architecture", example: "linux/arm64" },
    "images.<name>.tag": { description: "A pinned tag. Otherwise `$IMAGE_TAG_<NAME>` (e.g. `IMAGE_TAG_NGINX`) or the stack's `$IMAGE_TAG`; a deploy without any keeps the tag it ran.", default: "from CI", example: "1.27.3" },
    "images.<name>.keepTaggedImages": { description: "The managed repository's lifecycle: keep the last N tagged images.", default: 30, example: 10 },
    "images.<name>.untaggedExpiryDays": { description: "The managed repository's lifecycle: expire untagged images after this many days.", default: 1, example: 7 },
    "images.<name>.deleteImagesWithRepository": { description: "Let a deletion of the stack delete the repository with its images (otherwise ECR refuses to delete a repository that holds images).", default: false, example: true },
    "app.cpuArchitecture": {
        description: "The CPU of every task definition, the image build platform (`app.build`) and the stack output `imagePlatform` CI builds for. ARM64 (Graviton) is ~20 % cheaper; it has no Fargate Spot. Build the image for it: `docker build --platform linux/arm64`.",
        default: "X86_64",
        example: "ARM64",
    },
    "app.environment": { description: "Environment variables of every container that runs the app image.", default: "none", example: { APP_ENV: "production", LOG_CHANNEL: "stderr" } },
    "app.secrets": { description: "Secrets of every container that runs the app image, as environment variables.", default: "none" },
    "app.ciPush": { description: "A role the app's CI assumes by OIDC to push images to the managed repository (CodeBuild: the project's service role). Examples in `examples/ci/`.", default: "no CI role" },
    "app.ciPush.provider": { description: "The CI system.", example: "github" },
    "app.ciPush.repository": { description: "The app repository whose CI pushes (`owner/name`; GitLab: the project path).", example: "acme/laravel-app" },
    "app.ciPush.branches": { description: "Branches whose jobs may push (GitHub, GitLab).", default: ["main"], example: ["main", "release"] },
    "app.ciPush.oidcProviderArn": { description: "The account's existing OIDC provider for the CI's issuer (an account has one per issuer URL; give it in the second stack of a shared account).", default: "one is created", example: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
    "app.ciPush.circleciOrganizationId": { description: "CircleCI: the organization id.", default: "required with `provider: circleci`", example: "c5e2a7f0-1234-4bcd-9e8f-0123456789ab" },
    "app.ciPush.circleciProjectId": { description: "CircleCI: the project id.", default: "required with `provider: circleci`", example: "8d1f3b2a-5678-4cde-8f90-abcdef012345" },
    "app.ciPush.codeBuildProject": { description: "CodeBuild: the project name.", default: "required with `provider: codebuild`", example: "laravel-app-image" },
    loadBalancer: {
        description: "The load balancer the web services share (TLS 1.3 policy, HTTP→HTTPS redirect, one certificate for every host, a Route 53 alias per host; requests no rule takes get a 404). Or `adopt` an existing one.",
        default: "a new ALB, HTTP only unless a service has a `domainName`",
    },
    "loadBalancer.adopt": {
        description: "Join an existing ALB and listener: the stack adds rules, target groups and security-group rules only; its certificates, DNS and settings stay its owner's (none of the other keys apply). Each web service then needs a host, a path or `default: true`; give `priority` where a derived one meets the owner's rules. The deploy role needs elasticloadbalancing rights on that load balancer, which it has today for any ALB in the account.",
        default: "a new load balancer",
    },
    "loadBalancer.adopt.loadBalancerArn": { description: "The ALB.", example: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shared/50dc6c495c0c9188" },
    "loadBalancer.adopt.listenerArn": { description: "Its listener the services' rules join.", example: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/50dc6c495c0c9188/f2f7dc8efc522ab2" },
    "loadBalancer.adopt.securityGroupId": { description: "The ALB's security group: the tasks admit it.", example: "sg-0123456789abcdef0" },
    "loadBalancer.adopt.https": { description: "Whether the listener is HTTPS (a test listener then is too).", example: true },
    "loadBalancer.hostedZoneName": { description: "The Route 53 zone of the services' hosts: a DNS-validated certificate for every host, and an alias record per host.", default: "see hostedZoneId", example: "example.com" },
    "loadBalancer.hostedZoneId": { description: "The zone by id instead of name.", default: "see hostedZoneName", example: "Z0123456789ABCDEFGHIJ" },
    "loadBalancer.certificateArns": { description: "Your own ACM certificates instead of one issued in the zone.", default: "one DNS-validated certificate with every host", example: ["arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"] },
    "loadBalancer.allowedCidrs": { description: "Who may reach the load balancer.", default: ["0.0.0.0/0"], example: ["203.0.113.0/24"] },
    "loadBalancer.idleTimeoutSeconds": { description: "Seconds an idle connection stays open, 1–4000; keep it above the longest `maxRequestSeconds`.", default: 60, example: 120 },
    "loadBalancer.deletionProtection": { description: "ELB deletion protection (Security Hub ELB.6).", default: "the value of `protect`", example: false },
    "loadBalancer.accessLogs": { description: "Access logs to an encrypted S3 bucket (Security Hub ELB.5).", default: "the value of `protect`", example: false },
    "loadBalancer.accessLogRetentionDays": { description: "Days the access-log bucket keeps logs.", default: 90, example: 365 },
    webServices: { description: "Web services by name, each behind the shared load balancer with its own target group and a listener rule by host and/or path." },
    ...prefixed("webServices.<name>", { ...webService, ...WEB_SHAPE_DOCS }),
    workers: { description: "Workers by name: on an SQS queue (the default: queue, dead-letter queue, backlog scaling to zero), or plain (`queue: false`) for jobs from Redis or a stream." },
    ...prefixed("workers.<name>", { ...worker, ...WORKER_SHAPE_DOCS }),
    scheduledTasks: { description: "Jobs by name that EventBridge Scheduler starts on Fargate, on the app's task schema. Every failed run lands in the job's dead-letter queue and fires its alarm. A run that outlasts its interval overlaps the next: guard the job itself." },
    ...prefixed("scheduledTasks.<name>", scheduledTask),
    tasks: { description: "Standalone task definitions by name, for one-off runs by other tools (`fargate-kit run`, `aws ecs run-task`, Step Functions): a task definition with its roles, log group and security group, on the app's task schema; no service, no schedule." },
    "tasks.<name>.task": { description: "The task: size, containers (usually one with its `command`), role statements." },
    "tasks.<name>.tags": { description: "Tags of this task's resources, on top of the stack's `tags`.", default: "none", example: { team: "data" } },
    migration: {
        description: "The migration gate: a one-off task on each new image (same image and secrets, its own command) before any service or schedule rolls; a failure or timeout fails `pulumi up` and the services keep their version. Migrations must work with the running version (expand, then contract).",
    },
    "migration.task": { description: "The migration's task, with its `command` (`php artisan migrate --force`, `bin/rails db:migrate`)." },
    "migration.timeoutMinutes": { description: "Minutes before the migration is stopped and the deploy fails.", default: 15, example: 30 },
    "migration.securityGroupIds": { description: "Extra security groups for the migration's task (e.g. the database's).", default: "only the task's own group", example: ["sg-0123456789abcdef0"] },
    deploymentsGitPassword: {
        description: "CodeCommit only: the password of `deployments.gitUsername`'s HTTPS Git credentials, kept as a deployment secret. Must be stored with `pulumi config set --secret` (a clear-text value is refused, without repeating it).",
        default: "none (required with `vcsProvider: codecommit`)",
        example: "<the ServicePassword AWS printed; set with --secret>",
    },
    deploymentsPulumiToken: {
        description: "CodeCommit push-to-deploy only: the Pulumi access token the EventBridge connection sends to the Deployments API. Must be stored with `pulumi config set --secret`; not needed with `deployments.pushToDeploy: false`.",
        default: "none (required with `vcsProvider: codecommit` and push-to-deploy)",
        example: "<a pul-… access token; set with --secret>",
    },
    web: { description: "The single web service of 0.1, still read as `webServices.web` (its load-balancer keys become `loadBalancer`; it sends to the worker), with a warning. Migrate: see [apps.md](apps.md#migrating-a-01-stack-file)." },
    worker: { description: "The single worker of 0.1, still read as `workers.worker`, with a warning." },
    deployments: {
        description: "Pulumi Deployments of this stack: push-to-deploy, pull-request previews and AWS credentials by OIDC through a least-privilege deploy role. The one structured key that may be stored as a Pulumi secret (its environment variables then stay secret). See [deployments](deployments.md).",
    },
    "deployments.organization": { description: "Your Pulumi organization.", example: "acme" },
    "deployments.repository": { description: "The repository that holds this program (`owner/name`).", example: "acme/laravel-app" },
    "deployments.vcsProvider": { description: "Where the repository lives.", default: "github", example: "gitlab" },
    "deployments.branch": { description: "The branch whose pushes deploy.", default: "main", example: "release" },
    "deployments.pushToDeploy": { description: "Deploy on push to `branch`.", default: true, example: false },
    "deployments.previewPullRequests": { description: "Run `pulumi preview` on pull requests.", default: true, example: false },
    "deployments.paths": { description: "Path filters: only pushes touching these deploy.", default: "the program, its stack files and lock file under `repoDir`", example: ["infra/**"] },
    "deployments.repoDir": { description: "The program's directory in the repository.", default: "the repository root", example: "infra" },
    "deployments.preRunCommands": { description: "Commands run before the Pulumi operation.", default: "none", example: ["npm ci"] },
    "deployments.environmentVariables": { description: "Environment variables of the deployment run.", default: "none", example: { NODE_OPTIONS: "--max-old-space-size=4096" } },
    "deployments.oidcProviderArn": { description: "The account's existing OIDC provider for `https://api.pulumi.com/oidc` (one per account: give it in the second stack of a shared account).", default: "this stack creates it", example: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc" },
    "deployments.sessionDuration": { description: "How long the deploy role's credentials last (15m–12h); must outlast `migration.timeoutMinutes` plus ten minutes.", default: "1h", example: "2h" },
    "deployments.gitUsername": { description: "CodeCommit only: the user name of the IAM user's HTTPS Git credentials Pulumi Deployments clones with (no `:`); its password is the secret `deploymentsGitPassword`. See docs/deployments.md.", default: "none (required with `vcsProvider: codecommit`)", example: "shop-deployer-at-123456789012" },
    "deployments.deployRolePolicyArns": { description: "Managed policies attached to the deploy role for what the stack needs beyond fargate-kit's own resources.", default: "none", example: ["arn:aws:iam::123456789012:policy/deploy-extra"] },
    ...DATA_DOCS,
    fileSystems: {
        description: "EFS file systems by name, shared by the services whose containers mount them (`mounts: [{ fileSystem, accessPoint, path }]`). Created encrypted, with elastic throughput, a mount target in each task subnet reachable on NFS only from the mounting services' tasks, a policy refusing plain NFS; protected, kept and backed up in production. Or adopted (`adopt`). See docs/services.md, \"File systems (EFS)\".",
        default: "none",
        example: { uploads: { accessPoints: { app: { uid: 33, gid: 33, path: "/uploads" } } } },
    },
    "fileSystems.<name>.accessPoints": {
        description: "Access points by name: each mount through one acts as its uid/gid and sees only its directory (Security Hub EFS.3, EFS.4); the file system's policy refuses mounts that bypass them.",
        default: "none (mounts then see the whole file system, squashed from root)",
        example: { app: { uid: 33, gid: 33, path: "/uploads" } },
    },
    "fileSystems.<name>.accessPoints.<name>.uid": { description: "User id every file operation through it runs as, 0–4294967295 (33 is www-data on Debian images).", example: 33 },
    "fileSystems.<name>.accessPoints.<name>.gid": { description: "Group id every file operation through it runs as, 0–4294967295.", example: 33 },
    "fileSystems.<name>.accessPoints.<name>.path": { description: "Its directory on the file system, absolute, not `/`, at most 100 characters; EFS creates it on first use, owned by uid/gid.", example: "/uploads" },
    "fileSystems.<name>.accessPoints.<name>.permissions": { description: "Mode of that directory when EFS creates it, octal.", default: "0750", example: "0770" },
    "fileSystems.<name>.throughputMode": {
        description: "`elastic` bills each GB read and written and never runs out of credits; `bursting` is included in storage but gives 50 KiB/s per GB stored once its burst credits are spent (a 10 GB file system crawls).",
        default: "elastic",
        example: "bursting",
    },
    "fileSystems.<name>.transitionToIaDays": { description: "Move files not read for this many days to Infrequent Access (cheaper to keep, billed per GB read); a read moves them back. One of 1, 7, 14, 30, 60, 90, 180, 270, 365.", default: "never", example: 30 },
    "fileSystems.<name>.allowReplacement": {
        description: "Let one deployment of a protected stack replace the file system (a change of `kmsKeyArn` makes a new, empty one): without it that change is refused before anything is created. Its protection is lifted for that run only (backups stay as they were); remove it afterwards. Copy the data first (AWS DataSync or a backup restore).",
        default: false,
        example: true,
    },
    "fileSystems.<name>.kmsKeyArn": { description: "A customer-managed KMS key to encrypt it with; it is encrypted either way.", default: "the AWS managed key aws/elasticfilesystem", example: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
    "fileSystems.<name>.backups": { description: "AWS Backup's default plan (daily, kept 35 days; Security Hub EFS.2). `false` opts out explicitly.", default: "true with `protect` (production), false without", example: true },
    "fileSystems.<name>.sizeGb": { description: "GB stored, for the plan's cost estimate only.", default: 10, example: 50 },
    "fileSystems.<name>.readGbPerMonth": { description: "GB read a month, for the plan's estimate of elastic throughput.", default: 10, example: 100 },
    "fileSystems.<name>.writeGbPerMonth": { description: "GB written a month, for the plan's estimate of elastic throughput.", default: 2, example: 20 },
    "fileSystems.<name>.adopt": {
        description: "An existing file system: nothing of EFS is created or changed. Give the mount targets' security group (the stack adds an NFS rule admitting a clients' group its mounting tasks carry) or a client group they already admit (yours to manage).",
        default: "a new file system",
        example: { fileSystemId: "fs-0123456789abcdef0", accessPoints: { app: "fsap-0123456789abcdef0" }, mountTargetSecurityGroupId: "sg-0123456789abcdef0" },
    },
    "fileSystems.<name>.adopt.fileSystemId": { description: "Its id. The stack's permissions boundary lets the task roles mount it.", example: "fs-0123456789abcdef0" },
    "fileSystems.<name>.adopt.accessPoints": { description: "Its access points by the name mounts use, each an id.", default: "none", example: { app: "fsap-0123456789abcdef0" } },
    "fileSystems.<name>.adopt.mountTargetSecurityGroupId": { description: "The security group of its mount targets; the stack adds an ingress rule (TCP 2049 from its clients' group). Or give clientSecurityGroupId.", default: "none", example: "sg-0123456789abcdef0" },
    "fileSystems.<name>.adopt.clientSecurityGroupId": { description: "A security group its mount targets already admit; the mounting services' tasks get it. Or give mountTargetSecurityGroupId.", default: "none", example: "sg-0fedcba9876543210" },
    ...TASK_DOCS,
    ...SECRET_DOCS,
};

/** Prose around the generated keys. */
export const SECTIONS: { intro: string; sections: Record<string, string> } = {
    intro: `
Every key of \`Pulumi.<stack>.yaml\` the program reads, with its type, allowed values, default and an
example you can paste. Keys live in the project's namespace, the \`name:\` in \`Pulumi.yaml\`
(\`fargate-kit\` here, so \`fargate-kit:webServices\`); rename the project and rename the prefix with it.
Besides these: \`aws:region\` (required; e.g. \`us-east-1\`) and any other key of the AWS provider
(\`aws:defaultTags\`), checked against the provider's own list.

The whole config is validated before any resource is created: a bad value fails with one message
naming the key path, the value and what is allowed; an unknown key gets a "did you mean". Structured
keys must not be Pulumi secrets (they would land in clear text in resource settings): keep secret
values in Secrets Manager or SSM and reference them (see [secret](#secret)). Defaults are production
mode's (\`protect: true\`); \`Pulumi.stage.yaml\` opts out of what keeps prod's data, each line explicit.`,
    sections: {},
};
