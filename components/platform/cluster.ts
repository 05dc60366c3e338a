import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkKmsKeyArn } from "../internal/arns";
import { physicalName } from "../internal/names";
import { Check } from "../internal/validation";
import { LOG_RETENTION_DAYS, PROD_LOG_RETENTION_DAYS } from "../task/logging";
import { ContainerInsightsMode } from "../enums";

export interface ClusterArgs {
    /**
     * Container Insights. `"enabled"` is required by `QueueWorker`'s backlog-per-task scaling (it reads
     * `ECS/ContainerInsights RunningTaskCount`) and satisfies Security Hub ECS.12. `"enhanced"` adds
     * per-container metrics at a higher CloudWatch cost.
     * Default: "enabled".
     * @default "enabled"
     */
    containerInsights?: ContainerInsightsMode;
    /**
     * Days to keep ECS Exec session logs (commands and their output).
     * A whole number.
     * Default: 90, or 365 with `protect`.
     * @default 90, or 365 with `protect`
     */
    execLogRetentionDays?: number | undefined;
    /**
     * Customer-managed KMS key for ECS Exec sessions and their logs.
     * Default: none (sessions are TLS-encrypted; logs use CloudWatch's encryption)
     * @default - none (sessions are TLS-encrypted; logs use CloudWatch's encryption)
     */
    execKmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * Protect the Exec session log group from deletion. Use in prod.
     * Default: false.
     * @default false
     */
    protect?: boolean | undefined;
    /**
     * Leave the Exec session log group in AWS when it is removed from the stack or the stack is destroyed, independent
     * of \`protect\` (which only refuses the deletion): turning \`protect\` off to tear a stack down
     * then loses nothing it keeps.
     * Default: the value of \`protect\`.
     * @default - the value of \`protect\`
     */
    retainOnDelete?: boolean | undefined;
    /**
     * Tags of every resource this component creates.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;
}

/**
 * An ECS cluster with Container Insights, the FARGATE and FARGATE_SPOT capacity providers, and
 * ECS Exec sessions logged to their own CloudWatch log group.
 */
export class Cluster extends pulumi.ComponentResource {
    /** The ECS cluster: pass it as the services' `cluster` (in every Pulumi language). */
    readonly ecsCluster: aws.ecs.Cluster;
    readonly clusterName: pulumi.Output<string>;
    readonly clusterArn: pulumi.Output<string>;
    /** Where ECS Exec sessions are recorded. */
    readonly execLogGroup: aws.cloudwatch.LogGroup;

    /**
     * The ECS cluster (TypeScript; the same as `ecsCluster`, which other languages see: an output
     * named like its class does not compile in C#).
     */
    get cluster(): aws.ecs.Cluster {
        return this.ecsCluster;
    }

    constructor(name: string, args: ClusterArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers: a refused input creates nothing, not even the component.
        validateClusterArgs(Check.root(), args).throwIfFailed(`Cluster "${name}"`);
        const protect = args.protect ?? false;
        super("fargate-kit:index:Cluster", name, {}, opts);

        this.execLogGroup = new aws.cloudwatch.LogGroup(
            `${name}-exec`,
            {
                name: `/ecs/${pulumi.getProject()}-${pulumi.getStack()}/${name}/exec`,
                retentionInDays: args.execLogRetentionDays ?? (protect ? PROD_LOG_RETENTION_DAYS : 90),
                kmsKeyId: args.execKmsKeyArn,
                tags: args.tags,
            },
            { parent: this, protect, retainOnDelete: args.retainOnDelete ?? protect },
        );
        this.ecsCluster = new aws.ecs.Cluster(
            name,
            {
                name: physicalName(name, { max: 255 }),
                settings: [{ name: "containerInsights", value: args.containerInsights ?? "enabled" }],
                tags: args.tags,
                configuration: {
                    executeCommandConfiguration: {
                        kmsKeyId: args.execKmsKeyArn,
                        logging: "OVERRIDE",
                        logConfiguration: {
                            cloudWatchLogGroupName: this.execLogGroup.name,
                            // Encryption of the session log needs a KMS-encrypted log group.
                            cloudWatchEncryptionEnabled: args.execKmsKeyArn !== undefined,
                        },
                    },
                },
            },
            { parent: this },
        );
        new aws.ecs.ClusterCapacityProviders(
            name,
            {
                clusterName: this.ecsCluster.name,
                capacityProviders: ["FARGATE", "FARGATE_SPOT"],
                defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
            },
            { parent: this },
        );
        this.clusterName = this.ecsCluster.name;
        this.clusterArn = this.ecsCluster.arn;
        this.registerOutputs({ ecsCluster: this.ecsCluster, clusterName: this.clusterName, clusterArn: this.clusterArn, execLogGroup: this.execLogGroup });
    }
}

export function validateClusterArgs(check: Check, args: ClusterArgs): Check {
    check.at("containerInsights").oneOf(args.containerInsights, Object.values(ContainerInsightsMode));
    check.at("execLogRetentionDays").oneOf(args.execLogRetentionDays, LOG_RETENTION_DAYS);
    if (args.execKmsKeyArn !== undefined) {
        checkKmsKeyArn(check.at("execKmsKeyArn"), args.execKmsKeyArn);
    }
    return check;
}
