/**
 * `fargate-kit exec <service> [-- command]`: a shell (or a command) in a running task with ECS
 * Exec, as `aws ecs execute-command` does it: ExecuteCommand, then the Session Manager plugin
 * with the session and the target `ecs:<cluster>_<task id>_<container runtime id>`.
 */
import type { Task } from "@aws-sdk/client-ecs";
import { CommandSpec } from "../args";
import { Context } from "../context";
import { describeServices, taskId } from "../ecs";
import { CliError } from "../errors";
import { Stack, findTarget } from "../outputs";

export const execSpec: CommandSpec = {
    name: "exec",
    usage: "<service> [--container NAME] [--task ID] [-- command…]",
    summary: "Opens a shell (default /bin/sh) or runs a command in a running task of the service with ECS Exec.",
    options: {
        container: { type: "string", short: "c", help: "the container (default: the one behind the load balancer, else the first essential one)" },
        task: { type: "string", help: "this task id rather than the newest running one" },
    },
    maxPositionals: 1,
};

export const SESSION_MANAGER_HINT =
    "ECS Exec needs the Session Manager plugin for the AWS CLI, which is not on PATH: install it (macOS: brew install --cask session-manager-plugin; Linux and Windows: https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html), then run this again";

/** Quotes an argument for the shell ECS Exec runs the command in. */
export const shellJoin = (args: string[]) => args.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");

export async function exec(ctx: Context, stack: Stack, name: string, options: { container?: string; task?: string }, command: string[] | undefined): Promise<number> {
    // The name first: a wrong one is told before the plugin is looked for.
    const target = findTarget(stack.outputs, name, ["web service", "worker"]);
    const plugin = ctx.capture("session-manager-plugin", [], { env: ctx.env });
    if (plugin.error?.code === "ENOENT") throw new CliError(SESSION_MANAGER_HINT);
    const { region, outputs } = stack;
    const cluster = outputs.clusterName;
    const service = (await describeServices(ctx.aws, region, cluster, [target.serviceName!])).get(target.serviceName!);
    if (!service) throw new CliError(`ECS service ${target.serviceName} of ${name} is not in cluster ${cluster}`, 1);
    if (!service.enableExecuteCommand) {
        throw new CliError(`ECS Exec is off for ${name}: set enableExecuteCommand: true on it in the stack file (${target.kind === "web service" ? "webServices" : "workers"}.${name}), deploy, and try again (running tasks keep the setting they started with)`);
    }
    const task = await pickTask(ctx, stack, target.serviceName!, options.task);
    const containerName = options.container ?? service.loadBalancers?.[0]?.containerName ?? (task.containers ?? [])[0]?.name;
    const container = (task.containers ?? []).find((c) => c.name === containerName);
    if (!container) throw new CliError(`${name} has no container "${containerName}"; its containers: ${(task.containers ?? []).map((c) => c.name).join(", ")}`);
    const agent = (container.managedAgents ?? []).find((a) => a.name === "ExecuteCommandAgent");
    if (agent && agent.lastStatus !== "RUNNING") {
        throw new CliError(`the ECS Exec agent of container ${containerName} in task ${taskId(task.taskArn!)} is ${agent.lastStatus ?? "not running"}${agent.reason ? ` (${agent.reason})` : ""}; a read-only root filesystem stops it (readonlyRootFilesystem: false on that container)`, 1);
    }
    const { sdk, client } = ctx.aws.ecs(region);
    const r = await client.send(new sdk.ExecuteCommandCommand({ cluster, task: task.taskArn, container: containerName, interactive: true, command: command?.length ? shellJoin(command) : "/bin/sh" }));
    if (!r.session) throw new CliError("ExecuteCommand returned no session", 1);
    ctx.stderr.write(`exec into ${name} task ${taskId(task.taskArn!)} container ${containerName}\n`);
    const ssmTarget = { Target: `ecs:${cluster}_${taskId(task.taskArn!)}_${container.runtimeId}` };
    return ctx.interactive("session-manager-plugin", [JSON.stringify(r.session), region, "StartSession", ctx.env.AWS_PROFILE ?? "", JSON.stringify(ssmTarget), `https://ecs.${region}.amazonaws.com`], { env: ctx.env });
}

/** The given task, or the newest running task of the service's current deployment. */
async function pickTask(ctx: Context, stack: Stack, serviceName: string, wanted: string | undefined): Promise<Task> {
    const { sdk, client } = ctx.aws.ecs(stack.region);
    const cluster = stack.outputs.clusterName;
    const listed = await client.send(new sdk.ListTasksCommand({ cluster, serviceName, desiredStatus: "RUNNING" }));
    const arns = (listed.taskArns ?? []).filter((a) => wanted === undefined || taskId(a) === wanted);
    if (arns.length === 0) {
        throw new CliError(wanted ? `task ${wanted} is not a running task of ${serviceName}${listed.taskArns?.length ? `; running: ${listed.taskArns.map(taskId).join(", ")}` : ""}` : `${serviceName} has no running task (see fargate-kit status)`, 1);
    }
    const tasks = (await client.send(new sdk.DescribeTasksCommand({ cluster, tasks: arns }))).tasks ?? [];
    const running = tasks.filter((t) => t.lastStatus === "RUNNING").sort((a, b) => (b.startedAt?.getTime() ?? 0) - (a.startedAt?.getTime() ?? 0));
    if (running.length === 0) throw new CliError(`${serviceName} has no task in RUNNING state yet (they are ${tasks.map((t) => t.lastStatus).join(", ")})`, 1);
    return running[0];
}
