/**
 * fargate-kit: Pulumi components for web apps and queue workers on AWS ECS Fargate.
 *
 * Component type tokens are `fargate-kit:index:<Class>`.
 */
export { Cluster, ClusterArgs } from "./cluster";
export { Network, NetworkArgs, NatMode, DEFAULT_ENDPOINT_SERVICES } from "./network";
export { RegistryRepo, RegistryRepoArgs, ImageBuildArgs } from "./registry-repo";
export {
    FargateTaskSpec,
    ContainerSpec,
    PortSpec,
    SecretSpec,
    ContainerHealthCheck,
    ContainerDependency,
    UlimitSpec,
    PolicyStatementSpec,
    checkTaskSpec,
    withCommand,
} from "./task-spec";
export { createFargateTask, FargateTaskResources, TaskBuildOptions } from "./task-definition";
export { Check, Problem, ValidationError } from "./internal/validation";
export { FARGATE_CPU_VALUES, fargateMemoryFor } from "./internal/fargate-sizes";
