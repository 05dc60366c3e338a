import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The cluster args take as an Input: a component's `Cluster.ecsCluster` output can be passed as it
 * is from every Pulumi language, and a plain `aws.ecs.Cluster` still works in TypeScript.
 */
export type ClusterInput = pulumi.Input<aws.ecs.Cluster>;

export function clusterArn(cluster: ClusterInput): pulumi.Output<string> {
    return pulumi.output(cluster).apply((c) => c.arn);
}

export function clusterName(cluster: ClusterInput): pulumi.Output<string> {
    return pulumi.output(cluster).apply((c) => c.name);
}

export function clusterConfiguration(cluster: ClusterInput): pulumi.Output<aws.types.output.ecs.ClusterConfiguration | undefined> {
    return pulumi.output(cluster).apply((c) => c.configuration);
}
