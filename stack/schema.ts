/**
 * The stack config schema: one zod definition gives both the TypeScript type of the config
 * and its validation. Objects are strict, so a mistyped key is an error with a suggestion.
 *
 * Shapes mirror the component args (`web.task` is a `FargateTaskSpec`), so a rule enforced by
 * a component reports the same path the user typed in `Pulumi.<stack>.yaml`.
 */
import { z } from "zod";
import { AppProtocol, BucketAccess, CiProvider, ContainerInsightsMode, CorsMethod, CpuArchitecture, DependencyCondition, FilterPolicyScope, LogMode, NatMode, PortProtocol, StorageClass, UlimitName, VcsProvider } from "../components/enums";
import { LinuxCapability } from "../components/enums";

const str = z.string().min(1);
const int = z.number().int();
const stringList = z.array(str);
const envMap = z.record(z.string(), z.string());

export const secretSchema = z.strictObject({
    secretsManager: str.optional(),
    jsonKey: str.optional(),
    versionStage: str.optional(),
    versionId: str.optional(),
    ssmParameter: str.optional(),
    kmsKeyArn: str.optional(),
});

const portSchema = z.preprocess(
    (v) => (typeof v === "number" ? { containerPort: v } : v),
    z.strictObject({
        containerPort: int,
        hostPort: int.optional(),
        protocol: z.enum(PortProtocol).optional(),
        name: str.optional(),
        appProtocol: z.enum(AppProtocol).optional(),
    }),
);

export const containerSchema = z.strictObject({
    name: str,
    image: str.optional(),
    command: stringList.optional(),
    entryPoint: stringList.optional(),
    workingDirectory: str.optional(),
    /** A port number, or `{ containerPort, protocol, … }`. */
    ports: z.array(portSchema).optional(),
    environment: envMap.optional(),
    secrets: z.record(z.string(), secretSchema).optional(),
    healthCheck: z
        .strictObject({ command: stringList, interval: int.optional(), timeout: int.optional(), retries: int.optional(), startPeriod: int.optional() })
        .optional(),
    dependsOn: z.array(z.strictObject({ containerName: str, condition: z.enum(DependencyCondition) })).optional(),
    ulimits: z
        .array(
            z.strictObject({
                name: z.enum(UlimitName),
                softLimit: int,
                hardLimit: int,
            }),
        )
        .optional(),
    user: str.optional(),
    /** Linux capabilities to add (Fargate: SYS_PTRACE only) or drop. */
    capabilities: z.strictObject({ add: z.array(z.enum(LinuxCapability)).optional(), drop: z.array(z.enum(LinuxCapability)).optional() }).optional(),
    readonlyRootFilesystem: z.boolean().optional(),
    writablePaths: stringList.optional(),
    seedWritablePaths: z.boolean().optional(),
    /** The task's volumes this container mounts. */
    mounts: z.array(z.strictObject({ volume: str.optional(), fileSystem: str.optional(), accessPoint: str.optional(), path: str, readOnly: z.boolean().optional() })).optional(),
    essential: z.boolean().optional(),
    stopTimeout: int.optional(),
    startTimeout: int.optional(),
    cpu: int.optional(),
    memory: int.optional(),
    memoryReservation: int.optional(),
    initProcessEnabled: z.boolean().optional(),
    repositoryCredentialsSecret: str.optional(),
    dockerLabels: envMap.optional(),
    logging: z
        .strictObject({
            streamPrefix: str.optional(),
            multilinePattern: str.optional(),
            datetimeFormat: str.optional(),
            mode: z.enum(LogMode).optional(),
            maxBufferSize: str.optional(),
            fireLens: z.strictObject({ name: str, options: envMap.optional(), secretOptions: z.record(z.string(), secretSchema).optional() }).optional(),
        })
        .optional(),
    /**
     * For a container that runs the app image: receive the app's environment and secrets.
     * Set false for e.g. an nginx that runs the same image but needs no database password.
     */
    inheritAppEnvironment: z.boolean().optional(),
    /** Receive the variables and secrets of the databases and caches the service uses (stack/derive.ts receivesDataStores). */
    dataStoreVariables: z.boolean().optional(),
});

export const taskSchema = z.strictObject({
    cpu: int,
    memory: int,
    ephemeralStorageGiB: int.optional(),
    logRetentionDays: int.optional(),
    logRouterImage: str.optional(),
    /** The FireLens router's size and configuration file (docs/data-messaging.md). */
    logRouter: z.strictObject({ cpu: int.optional(), memory: int.optional(), memoryReservation: int.optional(), configFile: str.optional() }).optional(),
    /** Subscription filters on the task's log group (at most 2). */
    logSubscriptions: z.array(z.strictObject({ destinationArn: str, filterPattern: z.string().optional() })).optional(),
    containers: z.array(containerSchema).min(1),
    /** Task volumes the containers share (bind mounts on the task's ephemeral storage). */
    volumes: z.array(z.strictObject({ name: str })).optional(),
    taskRoleStatements: z.array(z.strictObject({ actions: stringList, resources: stringList, conditions: z.array(z.strictObject({ operator: str, key: str, values: stringList })).optional() })).optional(),
});

export const networkSchema = z.strictObject({
    vpcId: str.optional(),
    publicSubnetIds: stringList.optional(),
    privateSubnetIds: stringList.optional(),
    cidrBlock: str.optional(),
    availabilityZones: int.optional(),
    nat: z.enum(NatMode).optional(),
    vpcEndpoints: z.boolean().optional(),
    natInstanceType: str.optional(),
    alarms: z.strictObject({ email: str.optional(), topicArn: str.optional() }).optional(),
});

export const clusterSchema = z.strictObject({
    containerInsights: z.enum(ContainerInsightsMode).optional(),
    execLogRetentionDays: int.optional(),
});

export const appSchema = z.strictObject({
    /**
     * An image repository outside this stack, without tag (e.g. "registry.gitlab.com/acme/site").
     * Leave it out to get a managed ECR repository (RegistryRepo).
     */
    imageRepository: str.optional(),
    /** Secrets Manager secret with registry credentials, for `imageRepository` outside ECR. */
    imageRepositoryCredentialsSecret: str.optional(),
    /** Build the image at deploy time from this context (needs Docker where `pulumi up` runs). */
    build: z.strictObject({ context: str, dockerfile: str.optional(), target: str.optional(), args: envMap.optional() }).optional(),
    keepTaggedImages: int.optional(),
    untaggedExpiryDays: int.optional(),
    /** Delete the images with the managed repository when it leaves the stack (default false). */
    deleteImagesWithRepository: z.boolean().optional(),
    cpuArchitecture: z.enum(CpuArchitecture).optional(),
    /** Environment of every container that runs the app image (no `image` of its own). */
    environment: envMap.optional(),
    /** Secrets of every container that runs the app image. */
    secrets: z.record(z.string(), secretSchema).optional(),
    /** CI jobs that may push images to the managed repository through OIDC. */
    ciPush: z
        .strictObject({
            provider: z.enum(CiProvider),
            repository: str,
            branches: stringList.optional(),
            oidcProviderArn: str.optional(),
            circleciOrganizationId: str.optional(),
            circleciProjectId: str.optional(),
            codeBuildProject: str.optional(),
        })
        .optional(),
});

export const deploymentsSchema = z.strictObject({
    organization: str,
    repository: str,
    vcsProvider: z.enum(VcsProvider).optional(),
    branch: str.optional(),
    pushToDeploy: z.boolean().optional(),
    previewPullRequests: z.boolean().optional(),
    paths: stringList.optional(),
    repoDir: str.optional(),
    preRunCommands: stringList.optional(),
    environmentVariables: envMap.optional(),
    oidcProviderArn: str.optional(),
    sessionDuration: str.optional(),
    deployRolePolicyArns: stringList.optional(),
    /** CodeCommit: the user name of the HTTPS Git credentials (the password is the secret key deploymentsGitPassword). */
    gitUsername: str.optional(),
});

export type ContainerConfig = z.infer<typeof containerSchema>;
export type TaskConfig = z.infer<typeof taskSchema>;
export type NetworkConfig = z.infer<typeof networkSchema>;
export type ClusterConfig = z.infer<typeof clusterSchema>;
export type AppConfig = z.infer<typeof appSchema>;
export type DeploymentsConfig = z.infer<typeof deploymentsSchema>;

// Data and messaging beside the services (docs/data-messaging.md).
/** `web: readWrite` or `worker: { access: read, prefix: "exports/" }`. */
const bucketGrantSchema = z.preprocess(
    (v) => (typeof v === "string" ? { access: v } : v),
    z.strictObject({ access: z.enum(BucketAccess), prefix: str.optional() }),
);
export const bucketSchema = z.strictObject({
    /** Services by name and what each may do with the objects. */
    grants: z.record(z.string(), bucketGrantSchema).optional(),
    /** The variable the bucket's name is handed over in (default `<NAME>_BUCKET`). */
    variable: str.optional(),
    versioning: z.boolean().optional(),
    noncurrentVersionExpireDays: int.optional(),
    lifecycle: z
        .array(z.strictObject({ id: str.optional(), prefix: str.optional(), expireDays: int.optional(), transitions: z.array(z.strictObject({ days: int, storageClass: z.enum(StorageClass) })).optional() }))
        .optional(),
    cors: z
        .array(z.strictObject({ allowedOrigins: stringList, allowedMethods: z.array(z.enum(CorsMethod)), allowedHeaders: stringList.optional(), exposeHeaders: stringList.optional(), maxAgeSeconds: int.optional() }))
        .optional(),
    kmsKeyArn: str.optional(),
    /** Queue workers notified of the bucket's events, by name. */
    notify: z.record(z.string(), z.strictObject({ events: stringList.optional(), prefix: str.optional(), suffix: str.optional() })).optional(),
});
export const topicSchema = z.strictObject({
    /** Services that publish, by name. */
    publishers: stringList.optional(),
    /** Queue workers that get the topic's messages, by name. */
    subscribers: z
        .record(z.string(), z.strictObject({ filterPolicy: z.record(z.string(), z.unknown()).optional(), filterPolicyScope: z.enum(FilterPolicyScope).optional(), rawMessageDelivery: z.boolean().optional() }))
        .optional(),
    fifo: z.boolean().optional(),
    kmsKeyArn: str.optional(),
    /** The variable the topic's ARN is handed over in (default `<NAME>_TOPIC_ARN`). */
    variable: str.optional(),
});
export type BucketConfig = z.infer<typeof bucketSchema>;
export type TopicConfig = z.infer<typeof topicSchema>;
