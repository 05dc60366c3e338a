import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IAM_PATH } from "../internal/iam";
import { Check, show } from "../internal/validation";
import { taskSecurityGroup } from "./service-base";
import { createFargateTask } from "../task/task-definition";
import { FargateTaskSpec, checkTaskSpec } from "../task/task-spec";

export interface StandaloneTaskArgs {
    /** The VPC its security group is made in (the subnets are chosen by whoever runs it). */
    vpcId: pulumi.Input<string>;
    /** The task: the app's schema. A runner may override the command (`run-task --overrides`). */
    task: FargateTaskSpec;
    /**
     * IAM path of the roles this creates.
     * Default: "/".
     * @default "/"
     */
    iamPath?: string | undefined;
    /**
     * Permissions boundary of the task and execution roles (e.g. `PulumiDeployments.permissionsBoundaryArn`).
     * Default: none.
     * @default - none
     */
    permissionsBoundary?: pulumi.Input<string> | undefined;
    /**
     * Production mode: protect the log group and keep logs a year.
     * Default: false.
     * @default false
     */
    protect?: boolean | undefined;
    /**
     * Leave its log group in AWS when it leaves the stack, independent of `protect`.
     * Default: the value of `protect`.
     * @default - the value of `protect`
     */
    retainOnDelete?: boolean | undefined;
    /**
     * Tags of every resource.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;
}

export type StandaloneTaskSettings = Omit<StandaloneTaskArgs, "vpcId">;

/**
 * A task definition that nothing here runs: for one-off runs by other tools (`aws ecs run-task`,
 * a Step Functions state, a CI job seeding a database, an operator's `rails console`). It gets what
 * any task of the stack gets — execution role reading exactly its secrets, a task role, a log
 * group — and a security group with outbound access only, to pass in `--network-configuration`.
 * It costs nothing until it runs; each run is billed as Fargate for its duration.
 *
 * @example
 * const seed = new StandaloneTask("seed", { vpcId: network.vpcId, task: withCommand(task, ["bin/rails", "db:seed"]) });
 * // aws ecs run-task --cluster <cluster> --task-definition <seed.family> --launch-type FARGATE \
 * //   --network-configuration "awsvpcConfiguration={subnets=[…],securityGroups=[<seed.securityGroupId>]}"
 */
export class StandaloneTask extends pulumi.ComponentResource {
    readonly taskDefinition: aws.ecs.TaskDefinition;
    readonly taskRole: aws.iam.Role;
    readonly executionRole: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** The family: `run-task --task-definition <family>` runs its newest revision. */
    readonly family: pulumi.Output<string>;

    constructor(name: string, args: StandaloneTaskArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers: a refused input creates nothing, not even the component.
        validateStandaloneTask(name, args);
        super("fargate-kit:index:StandaloneTask", name, {}, opts);
        this.securityGroup = taskSecurityGroup(name, args.vpcId, this, args.tags);
        // ECS's own default stop timeout (30 s): a one-off run has no service deciding another.
        const task = createFargateTask(name, args.task, { defaultStopTimeout: 30, enableExecuteCommand: false, protect: args.protect ?? false, retainOnDelete: args.retainOnDelete, permissionsBoundary: args.permissionsBoundary, iamPath: args.iamPath, tags: args.tags }, this);
        this.taskDefinition = task.taskDefinition;
        this.taskRole = task.taskRole;
        this.executionRole = task.executionRole;
        this.logGroup = task.logGroup;
        this.family = task.taskDefinition.family;
        this.registerOutputs({ taskDefinition: this.taskDefinition, family: this.family, securityGroup: this.securityGroup });
    }
}

export function checkStandaloneTaskSettings(check: Check, args: StandaloneTaskSettings): void {
    checkTaskSpec(check.at("task"), args.task);
    check.at("iamPath").matches(args.iamPath, IAM_PATH, 'an IAM path such as "/fargate-kit/shop/prod/"');
}

function validateStandaloneTask(name: string, args: StandaloneTaskArgs): void {
    const check = Check.root();
    if (name.length > 46) check.fail(`the component name ${show(name)} has ${name.length} characters; at most 46 fit in the IAM role names it makes`);
    checkStandaloneTaskSettings(check, args);
    check.throwIfFailed(`StandaloneTask "${name}"`);
}
