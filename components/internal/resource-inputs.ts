import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Resources the components take as Inputs: another component's output (e.g. `Cluster.ecsCluster`,
 * `SharedLoadBalancer.listener`) passes as it is from every Pulumi language, and a plain resource
 * still works in TypeScript. These read one property of such an Input.
 */
export type ClusterInput = pulumi.Input<aws.ecs.Cluster>;

export function idOf(resource: pulumi.Input<pulumi.CustomResource>): pulumi.Output<string> {
    return pulumi.output(resource).apply((r) => r.id);
}

export function arnOf(resource: pulumi.Input<{ arn: pulumi.Output<string> }>): pulumi.Output<string> {
    return pulumi.output(resource).apply((r) => r.arn);
}

export const clusterArn = (cluster: ClusterInput): pulumi.Output<string> => arnOf(cluster);

export function clusterName(cluster: ClusterInput): pulumi.Output<string> {
    return pulumi.output(cluster).apply((c) => c.name);
}

export function clusterConfiguration(cluster: ClusterInput): pulumi.Output<aws.types.output.ecs.ClusterConfiguration | undefined> {
    return pulumi.output(cluster).apply((c) => c.configuration);
}
