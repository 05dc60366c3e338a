/**
 * fargate-kit: Pulumi components for web apps and queue workers on AWS ECS Fargate.
 *
 * Component type tokens are `fargate-kit:index:<Class>`.
 */
export { AppProtocol, CiProvider, ContainerInsightsMode, CpuArchitecture, DependencyCondition, DeploymentStrategy, ImagePlatform, LogMode, NatMode, PortProtocol, UlimitName, VcsProvider } from "./enums";
export { Cluster } from "./cluster";
export type { ClusterArgs } from "./cluster";
export { Network, DEFAULT_ENDPOINT_SERVICES } from "./network";
export type { NetworkArgs } from "./network";
export { RegistryRepo } from "./registry-repo";
export type { RegistryRepoArgs, ImageBuildArgs } from "./registry-repo";
export { SharedLoadBalancer, TLS_POLICY } from "./load-balancer";
export type { SharedLoadBalancerArgs } from "./load-balancer";
export { FargateWebService } from "./web-service";
export { checkWebServiceSettings } from "./web-service-args";
export type { FargateWebServiceArgs, LoadBalancerAttachment, FargateWebServiceSettings, WebHealthCheckArgs, WebDeploymentArgs, WebAutoscalingArgs, WebAlarmsArgs } from "./web-service-args";
export { QueueWorker } from "./queue-worker";
export { checkQueueWorkerSettings } from "./queue-worker-args";
export type { QueueWorkerArgs, QueueWorkerSettings, WorkerScalingArgs, WorkerAlarmsArgs } from "./queue-worker-args";
export { Worker, checkPlainWorkerSettings } from "./worker";
export { ScheduledTask, checkScheduledTaskSettings } from "./scheduled-task";
export type { ScheduledTaskArgs, ScheduledTaskSettings } from "./scheduled-task";
export { MigrationGate, checkMigrationGateSettings } from "./migration-gate";
export { PulumiDeployments } from "./deployments";
export type { PulumiDeploymentsArgs } from "./deployments";
export type { MigrationGateArgs, MigrationGateSettings } from "./migration-gate";
export type { WorkerArgs, PlainWorkerSettings, PlainWorkerScalingArgs, PlainWorkerAlarmsArgs } from "./worker";
export type { ServiceBaseArgs, AlarmNotificationArgs } from "./service-base";
export { checkTaskSpec, withCommand } from "./task-spec";
export type { FargateTaskSpec, ContainerSpec, PortSpec, SecretSpec, ContainerHealthCheck, ContainerDependency, UlimitSpec, PolicyStatementSpec } from "./task-spec";
export { createFargateTask } from "./task-definition";
export type { FargateTaskResources, TaskBuildOptions } from "./task-definition";
export { estimateRollout, estimateAwsDefaultRollout } from "./internal/rollout";
export type { RolloutEstimate, RolloutInputs, RolloutParts } from "./internal/rollout";
export { Check, ValidationError } from "./internal/validation";
export type { Problem } from "./internal/validation";
export { FARGATE_CPU_VALUES, fargateMemoryFor } from "./internal/fargate-sizes";
export type { BoundaryExternals, BoundaryGrant } from "./internal/boundary";
