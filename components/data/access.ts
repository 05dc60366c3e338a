/**
 * Network access to a data store, shared by `Database` and `Cache`: the store's own security group
 * admits one thing, on its port: an *access group* of its own. The tasks of the services that use
 * the store carry that group (their `securityGroupIds`), and no other task does.
 *
 * Why a group the services carry rather than a rule per service's task group: a service's task
 * group is created inside the service, which also starts its tasks (and the migration gate runs
 * its task while it is created); a rule naming that group could only be added after the tasks were
 * already trying to connect. The access group exists before any service, and so does its rule.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { namePrefix } from "../internal/names";
import { SecretSpec } from "../task/task-spec";

/** What a service needs to use a data store: its variables, its secrets, and the group that admits it. */
export interface DataConnection {
    /** Plain environment variables (host, port, name). */
    environment: Record<string, pulumi.Output<string>>;
    /** Secrets by variable name, by full ARN and JSON key: the execution role may read exactly these. */
    secrets: Record<string, SecretSpec>;
    /** The access group: a task carrying it is admitted on the store's port. */
    securityGroupId: pulumi.Output<string>;
}

/** The access group, the store's group (or an adopted one) and the one rule between them. */
export function createAccess(
    name: string,
    what: string,
    vpcId: pulumi.Input<string>,
    port: pulumi.Input<number>,
    /** An existing group to admit the access group into; a new one when undefined. */
    adoptedGroupId: pulumi.Input<string> | undefined,
    parent: pulumi.Resource,
    tags: Record<string, string> | undefined,
    portRange = 0,
): { accessGroup: aws.ec2.SecurityGroup; storeGroupId: pulumi.Output<string>; ingress: aws.vpc.SecurityGroupIngressRule } {
    // No rules of its own: egress comes from each task's own group; `egress: []` removes EC2's default allow-all.
    const accessGroup = new aws.ec2.SecurityGroup(
        `${name}-${what}-access`,
        { namePrefix: namePrefix(`${name}-${what}-access`, 100), vpcId, description: `Tasks that may connect to ${what} ${name}`, ingress: [], egress: [], tags },
        { parent },
    );
    const storeGroupId =
        adoptedGroupId !== undefined
            ? pulumi.output(adoptedGroupId)
            : new aws.ec2.SecurityGroup(
                  `${name}-${what}`,
                  // A store answers connections and starts none: no egress.
                  { namePrefix: namePrefix(`${name}-${what}`, 100), vpcId, description: `The ${what} ${name}: admits its access group only`, ingress: [], egress: [], tags },
                  { parent },
              ).id;
    const ingress = new aws.vpc.SecurityGroupIngressRule(
        `${name}-${what}-from-access`,
        {
            securityGroupId: storeGroupId,
            referencedSecurityGroupId: accessGroup.id,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: pulumi.output(port).apply((p) => p + portRange),
            description: `Tasks of the services that use ${what} ${name}`,
            tags,
        },
        { parent },
    );
    return { accessGroup, storeGroupId, ingress };
}
