/**
 * The fixed choices of the components' args, as `as const` objects with a type of the same name.
 * TypeScript users keep writing string literals (`strategy: "CANARY"`); Pulumi's schema analyzer
 * turns each into an enum, so Python, Go, C# and YAML users get the same choices (string-literal
 * unions are not representable in a Pulumi package schema).
 */

/** Container Insights on the cluster. */
export const ContainerInsightsMode = { enabled: "enabled", enhanced: "enhanced", disabled: "disabled" } as const;
export type ContainerInsightsMode = (typeof ContainerInsightsMode)[keyof typeof ContainerInsightsMode];

/** How tasks reach ECR, CloudWatch Logs, Secrets Manager and the internet (see `NetworkArgs.nat`). */
export const NatMode = { none: "none", single: "single", perAz: "perAz", instance: "instance", existing: "existing" } as const;
export type NatMode = (typeof NatMode)[keyof typeof NatMode];

/**
 * Where the app's repository lives, for OIDC trust and Pulumi Deployments. GitHub and GitLab use
 * Pulumi's VCS integrations; CodeCommit uses Deployments' plain git source with HTTPS Git
 * credentials, and an EventBridge rule that starts a deployment on push.
 */
export const VcsProvider = { github: "github", gitlab: "gitlab", codecommit: "codecommit" } as const;
export type VcsProvider = (typeof VcsProvider)[keyof typeof VcsProvider];

/** The CI system that pushes images: OIDC for GitHub Actions, GitLab CI and CircleCI; a service role for AWS CodeBuild. */
export const CiProvider = { github: "github", gitlab: "gitlab", circleci: "circleci", codebuild: "codebuild" } as const;
export type CiProvider = (typeof CiProvider)[keyof typeof CiProvider];

/** The platform an image is built for. */
export const ImagePlatform = { linuxAmd64: "linux/amd64", linuxArm64: "linux/arm64" } as const;
export type ImagePlatform = (typeof ImagePlatform)[keyof typeof ImagePlatform];

/** The CPU architecture tasks run on. Fargate Spot runs only X86_64. */
export const CpuArchitecture = { X86_64: "X86_64", ARM64: "ARM64" } as const;
export type CpuArchitecture = (typeof CpuArchitecture)[keyof typeof CpuArchitecture];

/** A container port's transport protocol. */
export const PortProtocol = { tcp: "tcp", udp: "udp" } as const;
export type PortProtocol = (typeof PortProtocol)[keyof typeof PortProtocol];

/** A container port's application protocol (Service Connect, ALB target protocol version). */
export const AppProtocol = { http: "http", http2: "http2", grpc: "grpc" } as const;
export type AppProtocol = (typeof AppProtocol)[keyof typeof AppProtocol];

/** When a container may start relative to another. */
export const DependencyCondition = { START: "START", COMPLETE: "COMPLETE", SUCCESS: "SUCCESS", HEALTHY: "HEALTHY" } as const;
export type DependencyCondition = (typeof DependencyCondition)[keyof typeof DependencyCondition];

/** Linux resource limits a container may set. */
export const UlimitName = {
    core: "core", cpu: "cpu", data: "data", fsize: "fsize", locks: "locks", memlock: "memlock", msgqueue: "msgqueue", nice: "nice",
    nofile: "nofile", nproc: "nproc", rss: "rss", rtprio: "rtprio", rttime: "rttime", sigpending: "sigpending", stack: "stack",
} as const;
export type UlimitName = (typeof UlimitName)[keyof typeof UlimitName];

/** How the awslogs driver delivers: non-blocking (a full buffer drops logs) or blocking (a slow CloudWatch stalls the app). */
export const LogMode = { nonBlocking: "non-blocking", blocking: "blocking" } as const;
export type LogMode = (typeof LogMode)[keyof typeof LogMode];

/** How a web service rolls out a new version (ECS's native strategies). */
export const DeploymentStrategy = { ROLLING: "ROLLING", BLUE_GREEN: "BLUE_GREEN", CANARY: "CANARY", LINEAR: "LINEAR" } as const;
export type DeploymentStrategy = (typeof DeploymentStrategy)[keyof typeof DeploymentStrategy];

/** Linux capabilities a container may add or drop (ECS `KernelCapabilities`); Fargate lets a container add only SYS_PTRACE. */
export const LinuxCapability = {
    ALL: "ALL", AUDIT_CONTROL: "AUDIT_CONTROL", AUDIT_WRITE: "AUDIT_WRITE", BLOCK_SUSPEND: "BLOCK_SUSPEND", CHOWN: "CHOWN", DAC_OVERRIDE: "DAC_OVERRIDE",
    DAC_READ_SEARCH: "DAC_READ_SEARCH", FOWNER: "FOWNER", FSETID: "FSETID", IPC_LOCK: "IPC_LOCK", IPC_OWNER: "IPC_OWNER", KILL: "KILL", LEASE: "LEASE",
    LINUX_IMMUTABLE: "LINUX_IMMUTABLE", MAC_ADMIN: "MAC_ADMIN", MAC_OVERRIDE: "MAC_OVERRIDE", MKNOD: "MKNOD", NET_ADMIN: "NET_ADMIN",
    NET_BIND_SERVICE: "NET_BIND_SERVICE", NET_BROADCAST: "NET_BROADCAST", NET_RAW: "NET_RAW", SETFCAP: "SETFCAP", SETGID: "SETGID", SETPCAP: "SETPCAP",
    SETUID: "SETUID", SYS_ADMIN: "SYS_ADMIN", SYS_BOOT: "SYS_BOOT", SYS_CHROOT: "SYS_CHROOT", SYS_MODULE: "SYS_MODULE", SYS_NICE: "SYS_NICE",
    SYS_PACCT: "SYS_PACCT", SYS_PTRACE: "SYS_PTRACE", SYS_RAWIO: "SYS_RAWIO", SYS_RESOURCE: "SYS_RESOURCE", SYS_TIME: "SYS_TIME",
    SYS_TTY_CONFIG: "SYS_TTY_CONFIG", SYSLOG: "SYSLOG", WAKE_ALARM: "WAKE_ALARM",
} as const;
export type LinuxCapability = (typeof LinuxCapability)[keyof typeof LinuxCapability];
/** The statistic of a CloudWatch metric a service scales on (Application Auto Scaling's MetricStatistic). */
export const MetricStatistic = { Average: "Average", Minimum: "Minimum", Maximum: "Maximum", SampleCount: "SampleCount", Sum: "Sum" } as const;
export type MetricStatistic = (typeof MetricStatistic)[keyof typeof MetricStatistic];

/** The protocol from a load balancer to its targets: HTTPS for a TLS sidecar in the task. */
export const TargetProtocol = { HTTP: "HTTP", HTTPS: "HTTPS" } as const;
export type TargetProtocol = (typeof TargetProtocol)[keyof typeof TargetProtocol];

/** The HTTP version a load balancer speaks to its targets. */
export const TargetProtocolVersion = { HTTP1: "HTTP1", HTTP2: "HTTP2" } as const;
export type TargetProtocolVersion = (typeof TargetProtocolVersion)[keyof typeof TargetProtocolVersion];

/** Sticky sessions: a cookie of the load balancer's, or the app's own. */
export const StickinessType = { lb_cookie: "lb_cookie", app_cookie: "app_cookie" } as const;
export type StickinessType = (typeof StickinessType)[keyof typeof StickinessType];
/** What a service may do with a bucket's objects (see `Bucket.grantStatements`). */
export const BucketAccess = { read: "read", write: "write", readWrite: "readWrite" } as const;
export type BucketAccess = (typeof BucketAccess)[keyof typeof BucketAccess];

/** HTTP methods a bucket's CORS rule may allow (S3 `AllowedMethods`). */
export const CorsMethod = { GET: "GET", PUT: "PUT", POST: "POST", DELETE: "DELETE", HEAD: "HEAD" } as const;
export type CorsMethod = (typeof CorsMethod)[keyof typeof CorsMethod];

/** Storage classes a lifecycle rule may move objects to (S3 `TransitionStorageClass`). */
export const StorageClass = { STANDARD_IA: "STANDARD_IA", ONEZONE_IA: "ONEZONE_IA", INTELLIGENT_TIERING: "INTELLIGENT_TIERING", GLACIER_IR: "GLACIER_IR", GLACIER: "GLACIER", DEEP_ARCHIVE: "DEEP_ARCHIVE" } as const;
export type StorageClass = (typeof StorageClass)[keyof typeof StorageClass];

/** What an SNS filter policy is matched against. */
export const FilterPolicyScope = { MessageAttributes: "MessageAttributes", MessageBody: "MessageBody" } as const;
export type FilterPolicyScope = (typeof FilterPolicyScope)[keyof typeof FilterPolicyScope];
