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
    "healthCheck.path": { description: "The path the load balancer requests; it should answer without touching slow dependencies.", default: "/", example: "/up" },
    "healthCheck.matcher": { description: "HTTP codes that count as healthy.", default: "200-399", example: "200" },
    "healthCheck.intervalSeconds": { description: "Seconds between checks, 5–300.", default: 5, example: 10 },
    "healthCheck.timeoutSeconds": { description: "Seconds before a check fails, 2–120 and less than the interval.", default: 4, example: 5 },
    "healthCheck.healthyThreshold": { description: "Consecutive successes before a task takes traffic, 2–10.", default: 2, example: 3 },
    "healthCheck.unhealthyThreshold": { description: "Consecutive failures before a task is taken out, 2–10.", default: 3, example: 5 },
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
    desiredCount: { description: "Tasks to run when not autoscaled (one per AZ by default).", default: 2, example: 1 },
    autoscaling: { description: "Target-tracking autoscaling between `minTasks` and `maxTasks` on CPU, memory and/or requests per task.", default: "a fixed `desiredCount`" },
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
    scaling: { description: "How many tasks run. SQS: by backlog, down to zero and back. Plain: CPU/memory target tracking between `minTasks` and `maxTasks`.", default: "SQS: 0–10 tasks, 10 messages per task; plain: 1 task" },
    "scaling.minTasks": { description: "The fewest tasks (SQS: may be 0, scaled from zero on the first message; plain: at least 1).", default: "SQS: 0; plain: 1", example: 1 },
    "scaling.maxTasks": { description: "The most tasks.", default: "SQS: 10; plain: minTasks (not autoscaled)", example: 4 },
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

const task: Record<string, KeyDoc> = {
    task: {
        description: "The task every service, job and migration runs: its size, containers and task-role statements (the library's `FargateTaskSpec`). Containers without an `image` run the app image and receive `app.environment` and `app.secrets`.",
    },
    "task.cpu": { description: "CPU units (1024 = 1 vCPU): 256, 512, 1024, 2048, 4096, 8192 or 16384.", example: 512 },
    "task.memory": { description: "MiB, a pair Fargate offers with `cpu` (e.g. 512 with 256; 1024–4096 with 512; up to 122880 with 16384). The error lists the allowed values for your `cpu`.", example: 1024 },
    "task.ephemeralStorageGiB": { description: "Task storage in GiB, 21–200.", default: "20 (not set)", example: 50 },
    "task.logRetentionDays": { description: "Days this task's log group keeps logs (a value CloudWatch Logs allows: 1, 3, 5, 7, 14, 30, 60, 90, …).", default: "the stack's `logRetentionDays`", example: 90 },
    "task.logRouterImage": {
        description: "The Fluent Bit image of the log router a FireLens container gets (`logging.fireLens`).",
        default: "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
        example: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.4",
    },
    "task.containers": { description: "The task's containers, at least one." },
    "task.containers[].name": { description: "The container's name: letters, digits, `_` and `-`.", example: "web" },
    "task.containers[].image": { description: "An image of its own (e.g. a sidecar). Without it the container runs the app image and gets the app's environment and secrets.", default: "the app image", example: "public.ecr.aws/datadog/agent:7" },
    "task.containers[].command": { description: "The command, replacing the image's CMD.", default: "the image's CMD", example: ["php", "artisan", "queue:work"] },
    "task.containers[].entryPoint": { description: "The entry point, replacing the image's ENTRYPOINT.", default: "the image's ENTRYPOINT", example: ["/docker-entrypoint.sh"] },
    "task.containers[].workingDirectory": { description: "The working directory.", default: "the image's WORKDIR", example: "/var/www/html" },
    "task.containers[].ports": { description: "Ports the container listens on: a number, or `{ containerPort, protocol, … }`.", default: "none", example: [8080] },
    "task.containers[].ports[].containerPort": { description: "The port.", example: 3000 },
    "task.containers[].ports[].hostPort": { description: "Must equal `containerPort` on Fargate (awsvpc).", default: "containerPort", example: 3000 },
    "task.containers[].ports[].protocol": { description: "The transport protocol.", default: "tcp", example: "udp" },
    "task.containers[].ports[].name": { description: "A port name (for Service Connect).", default: "none", example: "http" },
    "task.containers[].ports[].appProtocol": { description: "The application protocol (for Service Connect).", default: "none", example: "http2" },
    "task.containers[].environment": { description: "Environment variables of this container, on top of `app.environment` for app-image containers.", default: "none", example: { LOG_LEVEL: "debug" } },
    "task.containers[].secrets": { description: "Secrets of this container as environment variables, on top of `app.secrets`.", default: "none" },
    "task.containers[].healthCheck": { description: "A container health check (Docker `HEALTHCHECK`), run by ECS; needed for `dependsOn: HEALTHY` and for workers' rollout detection." },
    "task.containers[].healthCheck.command": { description: "`[\"CMD-SHELL\", \"…\"]` or `[\"CMD\", …]`; exit 0 is healthy.", example: ["CMD-SHELL", "curl -fs localhost:3000/up || exit 1"] },
    "task.containers[].healthCheck.interval": { description: "Seconds between checks, 5–300.", default: 10, example: 5 },
    "task.containers[].healthCheck.timeout": { description: "Seconds before a check fails, 2–60.", default: 5, example: 3 },
    "task.containers[].healthCheck.retries": { description: "Failures before the container is unhealthy, 1–10.", default: 3, example: 5 },
    "task.containers[].healthCheck.startPeriod": { description: "Seconds after start during which failures do not count, 0–300.", default: 0, example: 10 },
    "task.containers[].dependsOn": { description: "Containers that must reach a state before this one starts.", default: "none" },
    "task.containers[].dependsOn[].containerName": { description: "The container waited for.", example: "php" },
    "task.containers[].dependsOn[].condition": { description: "START, COMPLETE (exited), SUCCESS (exited 0) or HEALTHY (its health check passes).", example: "HEALTHY" },
    "task.containers[].ulimits": { description: "Resource limits of the container.", default: "none" },
    "task.containers[].ulimits[].name": { description: "The limit.", example: "nofile" },
    "task.containers[].ulimits[].softLimit": { description: "The soft limit.", example: 65536 },
    "task.containers[].ulimits[].hardLimit": { description: "The hard limit.", example: 65536 },
    "task.containers[].user": { description: "The user the container runs as (`uid`, `uid:gid` or a name).", default: "the image's USER", example: "www-data" },
    "task.containers[].readonlyRootFilesystem": {
        description: "A read-only root filesystem (Security Hub ECS.5); write to `writablePaths`. ECS Exec needs it false.",
        default: true,
        example: false,
    },
    "task.containers[].writablePaths": {
        description: "Paths that get a fresh task volume each. A volume starts empty and root-owned, hiding what the image has there, unless `seedWritablePaths` copies the image's content in; `npm run synth` prints which.",
        default: "none",
        example: ["/var/www/html/storage", "/tmp"],
    },
    "task.containers[].seedWritablePaths": {
        description: "Fill each writable path from the image before the container starts: a short-lived `<container>-seed` container (same image, root, `cp -a`) copies it and `chown`s it to `user`. The image needs `sh` and `cp`.",
        default: false,
        example: true,
    },
    "task.containers[].essential": { description: "Whether the task stops when this container stops.", default: true, example: false },
    "task.containers[].stopTimeout": { description: "Seconds between SIGTERM and SIGKILL, 2–120.", default: "set by the service (web: the drain time; worker: its job time, at most 120)", example: 60 },
    "task.containers[].startTimeout": { description: "Seconds to wait for a `dependsOn` condition before giving up.", default: "ECS's default", example: 120 },
    "task.containers[].cpu": { description: "CPU units reserved for this container.", default: "shares the task's CPU", example: 256 },
    "task.containers[].memory": { description: "Hard memory limit in MiB.", default: "the task's memory", example: 512 },
    "task.containers[].memoryReservation": { description: "Soft memory limit in MiB.", default: "none", example: 256 },
    "task.containers[].initProcessEnabled": { description: "Run an init process that reaps zombies and forwards signals (also what ECS Exec expects).", default: true, example: false },
    "task.containers[].repositoryCredentialsSecret": {
        description: "A Secrets Manager secret (name or full ARN) with credentials for a private registry outside ECR; resolved to its full ARN like `secret.secretsManager`.",
        default: "none (ECR or public images)",
        example: "dockerhub/credentials",
    },
    "task.containers[].dockerLabels": { description: "Docker labels of the container.", default: "none", example: { "com.example.team": "web" } },
    "task.containers[].logging": {
        description: "The container's logs: the awslogs driver to the task's log group (the keys below), or `fireLens` to another destination.",
        default: "awslogs, non-blocking with a 25 MB buffer, one event per line",
    },
    "task.containers[].logging.streamPrefix": { description: "The log stream prefix.", default: "the service's name", example: "php" },
    "task.containers[].logging.multilinePattern": { description: "A regular expression that starts a new event, so a stack trace is one event.", default: "one event per line", example: "^\\[\\d{4}-\\d{2}-\\d{2}" },
    "task.containers[].logging.datetimeFormat": { description: "A strftime format that starts a new event (instead of `multilinePattern`).", default: "one event per line", example: "%Y-%m-%d %H:%M:%S" },
    "task.containers[].logging.mode": {
        description: "`non-blocking`: a slow CloudWatch never stalls the app, lines beyond the buffer are dropped; `blocking`: no line lost, a slow CloudWatch stalls the app.",
        default: "non-blocking",
        example: "blocking",
    },
    "task.containers[].logging.maxBufferSize": { description: "The non-blocking buffer.", default: "25m", example: "50m" },
    "task.containers[].logging.fireLens": {
        description: "Send logs through a Fluent Bit log router instead (`task.logRouterImage`; its root filesystem is writable, so ECS.5 reports that task). Give the task role the destination's permissions in `taskRoleStatements`.",
        default: "the awslogs driver",
    },
    "task.containers[].logging.fireLens.name": { description: "The Fluent Bit output plugin.", example: "datadog" },
    "task.containers[].logging.fireLens.options": { description: "The output's options.", default: "none", example: { Host: "http-intake.logs.datadoghq.com", TLS: "on" } },
    "task.containers[].logging.fireLens.secretOptions": { description: "Options from Secrets Manager or SSM (e.g. an API key); the execution role may read exactly those.", default: "none" },
    "task.containers[].inheritAppEnvironment": {
        description: "For a container that runs the app image: receive `app.environment` and `app.secrets`. false e.g. for an nginx that runs the same image but needs no database password.",
        default: true,
        example: false,
    },
    "task.taskRoleStatements": {
        description: "What the app may do in AWS beyond what the service needs (its queue, ECS Exec): IAM statements on the task role. No wildcard actions; in a stack with `deployments`, actions the permissions boundary forbids (IAM, STS, Organizations) are refused at plan time.",
        default: "none",
    },
    "task.taskRoleStatements[].actions": { description: "IAM actions, checked against AWS's list.", example: ["s3:GetObject", "s3:PutObject"] },
    "task.taskRoleStatements[].resources": { description: "The ARNs they apply to.", example: ["arn:aws:s3:::acme-uploads/*"] },
};

const secret: Record<string, KeyDoc> = {
    secret: {
        description:
            "Where a secret environment variable comes from: a Secrets Manager secret (optionally one JSON key of it) or an SSM parameter. The execution role gets exactly `secretsmanager:GetSecretValue` on that secret (`ssm:GetParameters` on that parameter) and `kms:Decrypt` only on a key you name. A secret given by name is resolved to its full ARN at deploy time (whoever runs `pulumi up` needs `secretsmanager:DescribeSecret` on it): ECS asks for exactly the string in `valueFrom`, and a partial ARN would fail with AccessDenied (aws/aws-cdk#18555), so partial ARNs are refused.",
    },
    "secret.secretsManager": { description: "The secret's name or full ARN (with its `-AbC123` suffix).", default: "none; set this or `ssmParameter`", example: "laravel/prod/db" },
    "secret.jsonKey": { description: "One key of a JSON secret.", default: "the whole secret string", example: "password" },
    "secret.versionStage": { description: "The version stage to read.", default: "AWSCURRENT", example: "AWSPREVIOUS" },
    "secret.versionId": { description: "A version id to pin.", default: "the current version", example: "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE" },
    "secret.ssmParameter": { description: "An SSM parameter name (or ARN) instead of a Secrets Manager secret.", default: "none; set this or `secretsManager`", example: "/laravel/prod/MAIL_DSN" },
    "secret.kmsKeyArn": { description: "A customer-managed KMS key the value is encrypted with; the execution role gets `kms:Decrypt` on it.", default: "the AWS-managed key", example: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
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
    ...prefixed("webServices.<name>", webService),
    workers: { description: "Workers by name: on an SQS queue (the default: queue, dead-letter queue, backlog scaling to zero), or plain (`queue: false`) for jobs from Redis or a stream." },
    ...prefixed("workers.<name>", worker),
    scheduledTasks: { description: "Jobs by name that EventBridge Scheduler starts on Fargate, on the app's task schema. Every failed run lands in the job's dead-letter queue and fires its alarm. A run that outlasts its interval overlaps the next: guard the job itself." },
    ...prefixed("scheduledTasks.<name>", scheduledTask),
    migration: {
        description: "The migration gate: a one-off task on each new image (same image and secrets, its own command) before any service or schedule rolls; a failure or timeout fails `pulumi up` and the services keep their version. Migrations must work with the running version (expand, then contract).",
    },
    "migration.task": { description: "The migration's task, with its `command` (`php artisan migrate --force`, `bin/rails db:migrate`)." },
    "migration.timeoutMinutes": { description: "Minutes before the migration is stopped and the deploy fails.", default: 15, example: 30 },
    "migration.securityGroupIds": { description: "Extra security groups for the migration's task (e.g. the database's).", default: "only the task's own group", example: ["sg-0123456789abcdef0"] },
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
    "deployments.deployRolePolicyArns": { description: "Managed policies attached to the deploy role for what the stack needs beyond fargate-kit's own resources.", default: "none", example: ["arn:aws:iam::123456789012:policy/deploy-extra"] },
    ...task,
    ...secret,
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
