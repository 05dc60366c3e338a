/**
 * fargate-kit: Pulumi components for web apps and queue workers on AWS ECS Fargate.
 *
 * Component type tokens are `fargate-kit:index:<Class>`.
 */
export { AppProtocol, CiProvider, ContainerInsightsMode, CpuArchitecture, DependencyCondition, DeploymentStrategy, ImagePlatform, LogMode, NatMode, PortProtocol, UlimitName, VcsProvider } from "./enums";
export { Cluster } from "./platform/cluster";
export type { ClusterArgs } from "./platform/cluster";
export { Network, DEFAULT_ENDPOINT_SERVICES } from "./platform/network";
export type { NetworkArgs } from "./platform/network";
export { RegistryRepo } from "./platform/registry-repo";
export { FileSystem, checkFileSystemArgs } from "./data/file-system";
export type { FileSystemArgs, FileSystemAccessPointArgs, FileSystemAdoptArgs, FileSystemAdoptedAccessPoint, FileSystemUsageEstimate } from "./data/file-system";
export type { RegistryRepoArgs, ImageBuildArgs } from "./platform/registry-repo";
export { SharedLoadBalancer, TLS_POLICY } from "./platform/load-balancer";
export type { SharedLoadBalancerArgs } from "./platform/load-balancer";
export { FargateWebService } from "./services/web-service";
export { checkWebServiceSettings } from "./services/web-service-args";
export type { FargateWebServiceArgs, LoadBalancerAttachment, FargateWebServiceSettings, WebHealthCheckArgs, WebDeploymentArgs, WebAutoscalingArgs, WebAlarmsArgs } from "./services/web-service-args";
export { QueueWorker } from "./services/queue-worker";
export { checkQueueWorkerSettings } from "./services/queue-worker-args";
export type { QueueWorkerArgs, QueueWorkerSettings, WorkerScalingArgs, WorkerAlarmsArgs } from "./services/queue-worker-args";
export { Worker, checkPlainWorkerSettings } from "./services/worker";
export { ScheduledTask, checkScheduledTaskSettings } from "./services/scheduled-task";
export type { ScheduledTaskArgs, ScheduledTaskSettings } from "./services/scheduled-task";
export { MigrationGate, checkMigrationGateSettings } from "./services/migration-gate";
export { StandaloneTask, checkStandaloneTaskSettings } from "./services/standalone-task";
export type { StandaloneTaskArgs, StandaloneTaskSettings } from "./services/standalone-task";
export { PulumiDeployments } from "./platform/deployments";
export type { PulumiDeploymentsArgs } from "./platform/deployments";
export type { GitCredentials } from "./platform/codecommit";
export type { MigrationGateArgs, MigrationGateSettings } from "./services/migration-gate";
export type { WorkerArgs, PlainWorkerSettings, PlainWorkerScalingArgs, PlainWorkerAlarmsArgs } from "./services/worker";
export type { ServiceBaseArgs } from "./services/service-base";
export type { AlarmNotificationArgs } from "./internal/alarms";
export { checkTaskSpec, withCommand } from "./task/task-spec";
export type { FargateTaskSpec, ContainerSpec, PortSpec, SecretSpec, ContainerHealthCheck, ContainerDependency, UlimitSpec, PolicyStatementSpec } from "./task/task-spec";
export { LinuxCapability } from "./enums";
export type { ContainerCapabilities, TaskVolume, VolumeMount } from "./task/task-spec";
export type { EfsVolumeSpec } from "./task/task-spec";
export { createFargateTask } from "./task/task-definition";
export type { FargateTaskResources, TaskBuildOptions } from "./task/task-definition";
export { estimateRollout, estimateAwsDefaultRollout } from "./internal/rollout";
export type { RolloutEstimate, RolloutInputs, RolloutParts } from "./internal/rollout";
export { Check, ValidationError } from "./internal/validation";
export type { Problem } from "./internal/validation";
export { FARGATE_CPU_VALUES, fargateMemoryFor } from "./internal/fargate-sizes";
export type { BoundaryExternals, BoundaryGrant } from "./internal/boundary";
