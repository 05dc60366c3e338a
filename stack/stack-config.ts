/** The validated stack config: what `loadStackConfig` returns and the program builds from. */
import { AppConfig, BucketConfig, ClusterConfig, DeploymentsConfig, NetworkConfig, TopicConfig } from "./schema";
import { DeploymentSecrets } from "./codecommit-config";
import { CacheConfig, DatabaseConfig } from "./data-schema";
import type { ImageConfig } from "./images";
import type { FileSystemConfig, FileSystemIds } from "./file-systems";
import { LoadBalancerConfig, MigrationConfig, ScheduledTaskConfig, StandaloneTaskConfig, WebConfig, WorkerConfig } from "./service-schema";

export interface StackConfig {
    project: string;
    stack: string;
    region: string;
    /** The image tag to deploy, or undefined before the first image exists. */
    imageTag?: string;
    /** Refuse deletion of stateful resources and the load balancer (Pulumi's protect, ELB deletion protection). */
    protect: boolean;
    /** Leave stateful resources in AWS when they leave the stack. */
    retainOnDelete: boolean;
    /** Days every log group keeps logs unless a task or the cluster sets its own. */
    logRetentionDays: number;
    /** Tags of every resource of the stack (besides app, stack and service, which are always set). */
    tags: Record<string, string>;
    network: NetworkConfig;
    cluster: ClusterConfig;
    app: AppConfig;
    loadBalancer: LoadBalancerConfig;
    webServices: Record<string, WebConfig>;
    workers: Record<string, WorkerConfig>;
    scheduledTasks: Record<string, ScheduledTaskConfig>;
    /** Images besides the app's, by name (`images:`). */
    images: Record<string, ImageConfig>;
    /** Each named image's tag: pinned, `$IMAGE_TAG_<NAME>`, or the stack's; undefined before any. */
    imageTags: Record<string, string | undefined>;
    /** Each named image's reference, once the program has made its repository (undefined while validating). */
    imageUris?: Record<string, import("@pulumi/pulumi").Input<string> | undefined>;
    /** Task definitions for one-off runs by other tools, by name. */
    tasks: Record<string, StandaloneTaskConfig>;
    /** The migration gate, run on each new image before the services roll. */
    migration?: MigrationConfig;
    deployments?: DeploymentsConfig;
    /** Databases by name, created before the services that use them. */
    databases: Record<string, DatabaseConfig>;
    /** Caches by name, created before the services that use them. */
    caches: Record<string, CacheConfig>;
    /** Whether `deployments` was stored as a secret: its environment variables then stay secret. */
    deploymentsIsSecret: boolean;
    /** CodeCommit deployments' Git password and Pulumi token (Pulumi secrets; passed on only as secrets). */
    deploymentSecrets: DeploymentSecrets;
    /** S3 buckets by name, with the services they are handed to (docs/data-messaging.md). */
    buckets: Record<string, BucketConfig>;
    /** SNS topics by name, with their publishers and subscribing queue workers. */
    topics: Record<string, TopicConfig>;
    /** EFS file systems by name (`fileSystems:`), created or adopted. */
    fileSystems: Record<string, FileSystemConfig>;
    /** Each file system's ids, once the program has made them (placeholders while validating). */
    fileSystemIds?: FileSystemIds;
    /** What the program should say before it deploys (e.g. a single-service key to migrate). */
    warnings: string[];
}

/** What building a service's settings needs from the stack. */
export type ServiceContext = Pick<StackConfig, "project" | "stack" | "region" | "app" | "protect" | "retainOnDelete" | "logRetentionDays" | "cluster" | "tags" | "webServices"> & Partial<Pick<StackConfig, "images" | "imageUris">> & Partial<Pick<StackConfig, "fileSystems" | "fileSystemIds">>;

/** The logical name of the stack's migration gate (a service may not take it). */
export const MIGRATION_NAME = "migrate";
