import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IAM_PATH } from "../internal/iam";
import { Check, show } from "../internal/validation";
import { MigrationRunInputs, migrationNeedsRun, runMigrationTask } from "./migration-run";
import { componentDependsOn, taskSecurityGroup } from "./service-base";
import { createFargateTask } from "../task/task-definition";
import { FargateTaskSpec, checkTaskSpec } from "../task/task-spec";
import { clusterArn } from "../internal/resource-inputs";

export interface MigrationGateArgs {
    /** The ECS cluster the migration runs in. */
    cluster: pulumi.Input<aws.ecs.Cluster>;
    /** The VPC of the subnets. */
    vpcId: pulumi.Input<string>;
    /** Subnets it runs in (the services' own), e.g. `Network.taskSubnetIds`. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Give the task a public IP (public subnets without NAT).
     * Default: false.
     * @default false
     */
    assignPublicIp?: pulumi.Input<boolean> | undefined;
    /**
     * Extra security groups, e.g. one the database admits.
     * Default: only the task's own group.
     * @default - only the task's own group
     */
    securityGroupIds?: pulumi.Input<string>[] | undefined;
    /** The migration: the app's task schema with its command, e.g. `["php", "artisan", "migrate", "--force"]`. */
    task: FargateTaskSpec;
    /**
     * Stop the task and fail `pulumi up` after this many minutes, 1–120.
     * A whole number.
     * Default: 15.
     * @default 15
     */
    timeoutMinutes?: number | undefined;
    /**
     * IAM path of the roles this creates.
     * Default: "/".
     * @default "/"
     */
    iamPath?: string | undefined;
    /**
     * Permissions boundary of every role this creates (e.g. \`PulumiDeployments.permissionsBoundaryArn\`):
     * whatever policy a role is given, it can do no more than the boundary allows.
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
     * Leave its log group in AWS when it is removed from the stack or the stack is destroyed, independent
     * of \`protect\` (which only refuses the deletion): turning \`protect\` off to tear a stack down
     * then loses nothing it keeps.
     * Default: the value of \`protect\`.
     * @default - the value of \`protect\`
     */
    retainOnDelete?: boolean | undefined;
    /**
     * Tags of every resource.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;
}

export type MigrationGateSettings = Omit<MigrationGateArgs, "cluster" | "vpcId" | "subnetIds">;

/**
 * The dynamic provider: create runs the migration; an update runs it again only when the task
 * definition changed (a new image, command, environment or secrets); delete does nothing.
 */
export const migrationProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: MigrationRunInputs) {
        const { ECSClient } = require("@aws-sdk/client-ecs");
        const result = await runMigrationTask(new ECSClient({ region: inputs.region }), inputs);
        return { id: result.taskArn, outs: { ...inputs, ...result } };
    },
    async diff(_id: string, olds: MigrationRunInputs, news: MigrationRunInputs) {
        return { changes: migrationNeedsRun(olds, news), deleteBeforeReplace: false };
    },
    async update(_id: string, _olds: MigrationRunInputs, news: MigrationRunInputs) {
        const { ECSClient } = require("@aws-sdk/client-ecs");
        const result = await runMigrationTask(new ECSClient({ region: news.region }), news);
        return { outs: { ...news, ...result } };
    },
};

/** One run of the migration task, as a resource: it exists once the task exited 0. */
class MigrationRun extends pulumi.dynamic.Resource {
    declare readonly taskArn: pulumi.Output<string>;
    declare readonly exitCode: pulumi.Output<number>;
    constructor(name: string, inputs: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
        super(migrationProvider, name, { ...inputs, taskArn: undefined, exitCode: undefined }, opts, "fargate-kit", "MigrationRun");
    }
}

/** Each gate's run resource: kept off the class, whose properties are outputs in other languages. */
const runs = new WeakMap<MigrationGate, MigrationRun>();

/**
 * Runs the app's migrations on each new image before the services roll: a one-off task on the
 * same schema (image, environment, secrets) with its own command. Give the services
 * `dependsOn: [gate]`: when the task exits non-zero, cannot start, or outlasts `timeoutMinutes`,
 * `pulumi up` fails with the stopped reason, the exit code and the log stream, and the services
 * keep running their current version. It runs again only when its task definition changes.
 *
 * Migrations must be backward compatible with the running version (expand, then contract): the
 * old tasks keep serving while the new ones start.
 *
 * Never two at once: a migration task of the same revision still running (after a killed
 * `pulumi up` or expired credentials) is adopted and waited for, one of another revision is waited
 * for before this one starts, and a task the gate can no longer watch is stopped. Keep
 * `timeoutMinutes` inside the deploy credentials' lifetime (Pulumi Deployments: `sessionDuration`).
 *
 * The deploy credentials need `ecs:RunTask` on the task definition, `ecs:ListTasks` (on "*", for
 * the cluster), `ecs:DescribeTasks` and `ecs:StopTask`, and `iam:PassRole` for its roles
 * (`PulumiDeployments`' role has them); the machine running `pulumi up` needs
 * `@aws-sdk/client-ecs` installed, nothing else.
 */
export class MigrationGate extends pulumi.ComponentResource {
    readonly taskDefinition: aws.ecs.TaskDefinition;
    readonly taskRole: aws.iam.Role;
    readonly executionRole: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    /** The last successful run (its task ARN). */
    readonly taskArn: pulumi.Output<string>;

    constructor(name: string, args: MigrationGateArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers: a refused input creates nothing, not even the component.
        const check = Check.root();
        checkMigrationGateSettings(check, args);
        check.throwIfFailed(`MigrationGate "${name}"`);
        const timeoutSeconds = (args.timeoutMinutes ?? 15) * 60;
        super("fargate-kit:index:MigrationGate", name, {}, opts);
        const sg = taskSecurityGroup(name, args.vpcId, this, args.tags);
        const task = createFargateTask(name, args.task, { defaultStopTimeout: 30, enableExecuteCommand: false, protect: args.protect ?? false, retainOnDelete: args.retainOnDelete, permissionsBoundary: args.permissionsBoundary, iamPath: args.iamPath, tags: args.tags }, this);
        const run = new MigrationRun(
            `${name}-run`,
            {
                region: aws.getRegionOutput({}, { parent: this }).region,
                clusterArn: clusterArn(args.cluster),
                taskDefinitionArn: task.taskDefinition.arn,
                subnets: args.subnetIds,
                securityGroups: [sg.id, ...(args.securityGroupIds ?? [])],
                assignPublicIp: args.assignPublicIp ?? false,
                timeoutSeconds,
                logGroupName: task.logGroup.name,
                logStreamPrefix: name,
            },
            // pulumi up waits for the task: longer than the provider's own default would allow.
            { parent: this, dependsOn: componentDependsOn(opts), customTimeouts: { create: `${timeoutSeconds / 60 + 5}m`, update: `${timeoutSeconds / 60 + 5}m` } },
        );
        this.taskDefinition = task.taskDefinition;
        this.taskRole = task.taskRole;
        this.executionRole = task.executionRole;
        this.logGroup = task.logGroup;
        runs.set(this, run);
        this.taskArn = run.taskArn;
        this.registerOutputs({ taskDefinition: this.taskDefinition, taskArn: this.taskArn });
    }

    /** What services wait for: the successful run. */
    get gate(): pulumi.Resource {
        return runs.get(this)!;
    }
}

export function checkMigrationGateSettings(check: Check, args: MigrationGateSettings): void {
    checkTaskSpec(check.at("task"), args.task);
    check.at("timeoutMinutes").intRange(args.timeoutMinutes, 1, 120, "minutes");
    check.at("iamPath").matches(args.iamPath, IAM_PATH, 'an IAM path such as "/fargate-kit/shop/prod/"');
    const essential = (args.task?.containers ?? []).filter((c) => c.essential !== false);
    // A migration is a command of its own: the image's default command is the app itself.
    if (essential.length > 0 && essential.every((c) => c.command === undefined && c.entryPoint === undefined && c.image === undefined)) {
        check.at("task").at("containers").fail(`run the app image's default command (no command or entryPoint); a migration runs a command of its own (give e.g. ${show(["php", "artisan", "migrate", "--force"])})`);
    }
}
