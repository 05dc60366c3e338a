/**
 * What each key of the shared shapes means: `task` (every service, job and migration runs one)
 * and `secret` (a secret environment variable's source). Part of stack/schema-docs.ts, split by
 * shape; documented once, linked from where they are used.
 */
import type { KeyDoc } from "./schema-docs";

export const TASK_DOCS: Record<string, KeyDoc> = {
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
    "task.volumes": {
        description: "Task volumes the containers of one task share (a php-fpm socket nginx reads): a bind mount on the task's ephemeral storage, empty and root-owned at start, gone with the task. For data that outlives the task, mount a file system (`fileSystems`).",
        default: "none",
        example: [{ name: "php-socket" }],
    },
    "task.volumes[].name": { description: "The volume's name, unique in the task (letters, digits, `-`, `_`); containers mount it by this name.", example: "php-socket" },
    "task.containers[].mounts": {
        description: "What the container mounts: a task volume (`volume`) or an EFS file system of the stack (`fileSystem`, through one of its `accessPoint`s). A path takes one mount.",
        default: "none",
        example: [{ volume: "php-socket", path: "/var/run/php" }, { fileSystem: "uploads", accessPoint: "app", path: "/var/www/uploads" }],
    },
    "task.containers[].mounts[].volume": { description: "A task volume of this task (`task.volumes`); or give `fileSystem` instead.", default: "none; `fileSystem` is set", example: "php-socket" },
    "task.containers[].mounts[].fileSystem": {
        description: "A file system of the stack (`fileSystems.<name>`): mounted with TLS and IAM authorization; the service's task role gets `elasticfilesystem:ClientMount` (and `ClientWrite` unless `readOnly`), its tasks the file system's clients' security group, and it waits for the mount targets. Not for standalone `tasks` yet.",
        default: "none; `volume` is set",
        example: "uploads",
    },
    "task.containers[].mounts[].accessPoint": {
        description: "The file system's access point to mount through: the container acts as its uid/gid and sees only its directory. Required when the file system has access points.",
        default: "none (only for a file system without access points)",
        example: "app",
    },
    "task.containers[].mounts[].path": { description: "Absolute path in the container.", example: "/var/www/uploads" },
    "task.containers[].mounts[].readOnly": { description: "Mount it read-only; a task whose containers only read a file system gets no `ClientWrite`.", default: false, example: true },
};

export const SECRET_DOCS: Record<string, KeyDoc> = {
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
