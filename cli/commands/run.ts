/**
 * `fargate-kit run <service|task> [-- command…]`: a one-off task on the service's own task
 * definition, subnets, security groups and public-IP setting (read from the ECS service, or the
 * scheduled task's schedule), with another command; or a standalone task (stack file `tasks:`)
 * on what the stack outputs say, with its own command or another. Waits, streams its logs, and
 * exits with the container's exit code: `fargate-kit run web -- php artisan migrate:status`,
 * `fargate-kit run reindex`.
 */
import type { AwsVpcConfiguration, ContainerDefinition, Task } from "@aws-sdk/client-ecs";
import { CommandSpec, parseDuration } from "../args";
import { Context } from "../context";
import { describeServices, primary, taskId } from "../ecs";
import { CliError } from "../errors";
import { Progress } from "../progress";
import { ALL_KINDS, Stack, Target, findTarget } from "../outputs";
import { formatLine, parseStream } from "./logs";

export const runSpec: CommandSpec = {
    name: "run",
    usage: "<service|task> [--container NAME] [--timeout 1h] [--json] [-- command…]",
    summary: "Runs a one-off task on the service's task definition and network, or a standalone task (its own command unless one follows --), streams its logs and exits with its exit code.",
    options: {
        container: { type: "string", short: "c", help: "the container whose command is replaced and whose exit code counts (default: the one behind the load balancer, else the first essential one)" },
        timeout: { type: "string", help: "stop waiting after this long (the task keeps running): 30s, 10m, 2h (default 1h)" },
        json: { type: "flag", help: "print the result (task, exit code, stop reason) as JSON on stdout; log lines go to stderr" },
    },
    maxPositionals: 1,
};

export interface RunResult {
    target: string;
    taskArn: string;
    container: string;
    /** The command given after --; absent when a standalone task ran its own. */
    command?: string[];
    exitCode?: number;
    stoppedReason?: string;
    stopCode?: string;
    timedOut: boolean;
}

interface Placement {
    taskDefinition: string;
    network: AwsVpcConfiguration;
    platformVersion?: string;
    /** The container behind the load balancer, when there is one. */
    lbContainer?: string;
}

export async function run(ctx: Context, stack: Stack, name: string, options: { container?: string; timeout?: string; json?: boolean; pollMs?: number }, command: string[] | undefined): Promise<{ code: number; result: RunResult }> {
    const target = findTarget(stack.outputs, name, ALL_KINDS);
    // A standalone task has a command of its own; a service's or schedule's task is run for another one.
    const override = command && command.length > 0 ? command : undefined;
    if (!override && target.kind !== "standalone task") throw new CliError(`give the command after --, e.g. fargate-kit run ${name} -- php artisan migrate:status`);
    const timeoutMs = parseDuration(options.timeout ?? "1h", "timeout");
    const placement = await placementOf(ctx, stack, target);
    const { sdk, client } = ctx.aws.ecs(stack.region);
    const cluster = stack.outputs.clusterName;
    const definition = (await client.send(new sdk.DescribeTaskDefinitionCommand({ taskDefinition: placement.taskDefinition }))).taskDefinition;
    const containers = definition?.containerDefinitions ?? [];
    const containerName = options.container ?? placement.lbContainer ?? containers.find((c) => c.essential !== false)?.name ?? containers[0]?.name;
    if (!containers.some((c) => c.name === containerName)) throw new CliError(`${name} has no container "${containerName}"; its containers: ${containers.map((c) => c.name).join(", ")}`);
    const started = await client.send(
        new sdk.RunTaskCommand({
            cluster,
            taskDefinition: placement.taskDefinition,
            launchType: "FARGATE",
            ...(placement.platformVersion ? { platformVersion: placement.platformVersion } : {}),
            networkConfiguration: { awsvpcConfiguration: placement.network },
            ...(override ? { overrides: { containerOverrides: [{ name: containerName, command: override }] } } : {}),
            startedBy: "fargate-kit-run",
            propagateTags: "TASK_DEFINITION",
        }),
    );
    const failure = started.failures?.[0];
    const task = started.tasks?.[0];
    if (!task?.taskArn) throw new CliError(`RunTask started no task${failure ? `: ${failure.reason}${failure.detail ? ` (${failure.detail})` : ""}` : ""}`, 1);
    const log = options.json ? ctx.stderr : ctx.stdout;
    const own = containers.find((c) => c.name === containerName)?.command;
    const what = override ? override.join(" ") : own?.length ? `its own command (${own.join(" ")})` : "its image's command";
    ctx.stderr.write(`started task ${taskId(task.taskArn)} of ${placement.taskDefinition.split("/").pop()} in ${cluster}: ${what}\n`);
    const result = await follow(ctx, stack, task.taskArn, containers, containerName!, timeoutMs, options.pollMs ?? 3000, (line) => log.write(line));
    const full: RunResult = { target: name, taskArn: task.taskArn, container: containerName!, ...(override ? { command: override } : {}), ...result };
    if (options.json) ctx.stdout.write(JSON.stringify(full, null, 2) + "\n");
    else if (result.timedOut) ctx.stderr.write(`still running after ${options.timeout ?? "1h"}; stop it with: aws ecs stop-task --cluster ${cluster} --task ${taskId(task.taskArn)}\n`);
    else ctx.stderr.write(`task ${taskId(task.taskArn)} stopped: ${containerName} exited ${result.exitCode ?? "without an exit code"}${result.exitCode === undefined ? ` (${result.stoppedReason ?? result.stopCode ?? "no reason given"})` : ""}\n`);
    const code = result.timedOut ? 124 : result.exitCode ?? 1;
    return { code, result: full };
}

/** Where the service's own tasks run (its primary deployment's task definition), the schedule's, or what the outputs say of a standalone task. */
async function placementOf(ctx: Context, stack: Stack, target: Target): Promise<Placement> {
    if (target.kind === "standalone task") return standalonePlacement(stack, target);
    if (target.serviceName) {
        const s = (await describeServices(ctx.aws, stack.region, stack.outputs.clusterName, [target.serviceName])).get(target.serviceName);
        const network = s?.networkConfiguration?.awsvpcConfiguration;
        if (!s || !network) throw new CliError(`ECS service ${target.serviceName} of ${target.name} is not in cluster ${stack.outputs.clusterName}`, 1);
        return { taskDefinition: primary(s)?.taskDefinition ?? s.taskDefinition!, network, platformVersion: s.platformVersion, lbContainer: s.loadBalancers?.[0]?.containerName };
    }
    const { sdk, client } = ctx.aws.scheduler(stack.region);
    const schedule = await client.send(new sdk.GetScheduleCommand({ Name: target.scheduleName }));
    const ecs = schedule.Target?.EcsParameters;
    const vpc = ecs?.NetworkConfiguration?.awsvpcConfiguration;
    if (!ecs?.TaskDefinitionArn || !vpc) throw new CliError(`schedule ${target.scheduleName} of ${target.name} has no ECS target`, 1);
    return { taskDefinition: ecs.TaskDefinitionArn, network: { subnets: vpc.Subnets, securityGroups: vpc.SecurityGroups, assignPublicIp: vpc.AssignPublicIp }, platformVersion: ecs.PlatformVersion };
}

/** A standalone task runs as other tools run it: the deployed revision, the tasks' subnets and public-IP setting, every group it needs. */
function standalonePlacement(stack: Stack, target: Target): Placement {
    const { taskSubnetIds, tasksHavePublicIp } = stack.outputs;
    if (!taskSubnetIds?.length) throw new CliError(`the stack's outputs have no taskSubnetIds, which running standalone task ${target.name} needs: deploy the stack again (pulumi up) to add them`);
    if (!target.taskDefinitionArn || !target.securityGroupIds?.length) throw new CliError(`the stack's outputs have no task definition or security group for standalone task ${target.name} (tasks.${target.name}): deploy the stack again (pulumi up)`);
    return { taskDefinition: target.taskDefinitionArn, network: { subnets: taskSubnetIds, securityGroups: target.securityGroupIds, assignPublicIp: tasksHavePublicIp ? "ENABLED" : "DISABLED" } };
}

/** Polls the task until it stops, printing its containers' new log lines (awslogs streams `<prefix>/<container>/<task id>`). */
async function follow(ctx: Context, stack: Stack, taskArn: string, containers: ContainerDefinition[], container: string, timeoutMs: number, pollMs: number, write: (line: string) => void): Promise<Omit<RunResult, "target" | "taskArn" | "container" | "command">> {
    const ecs = ctx.aws.ecs(stack.region);
    const logs = ctx.aws.logs(stack.region);
    const id = taskId(taskArn);
    const streams = new Map<string, string[]>();
    for (const c of containers) {
        const o = c.logConfiguration?.logDriver === "awslogs" ? c.logConfiguration.options ?? {} : undefined;
        if (!o?.["awslogs-group"] || !o["awslogs-stream-prefix"]) continue;
        streams.set(o["awslogs-group"], [...(streams.get(o["awslogs-group"]) ?? []), `${o["awslogs-stream-prefix"]}/${c.name}/${id}`]);
    }
    if (streams.size === 0) ctx.stderr.write("its containers do not log with awslogs (FireLens?): no lines to stream\n");
    const seen = new Set<string>();
    const start = ctx.now();
    const pull = async () => {
        for (const [group, names] of streams) {
            let nextToken: string | undefined;
            do {
                let r;
                try {
                    r = await logs.client.send(new logs.sdk.FilterLogEventsCommand({ logGroupName: group, logStreamNames: names, startTime: start - 60000, nextToken }));
                } catch (e) {
                    // The streams exist only once the containers have written: until then, nothing to show.
                    if ((e as { name?: string }).name === "ResourceNotFoundException") return;
                    throw e;
                }
                for (const e of r.events ?? []) {
                    if (!e.eventId || seen.has(e.eventId)) continue;
                    seen.add(e.eventId);
                    write(formatLine({ timestamp: e.timestamp ?? 0, stream: e.logStreamName ?? "", message: e.message ?? "", ...parseStream(e.logStreamName ?? "") }, false));
                }
                nextToken = r.nextToken;
            } while (nextToken);
        }
    };
    const progress = new Progress(ctx.stderr, ctx.now, start);
    let task: Task | undefined;
    for (;;) {
        task = (await ecs.client.send(new ecs.sdk.DescribeTasksCommand({ cluster: stack.outputs.clusterName, tasks: [taskArn] }))).tasks?.[0];
        await pull();
        if (task?.lastStatus === "STOPPED") break;
        progress.update(`task ${id.slice(0, 12)} ${task?.lastStatus ?? "PROVISIONING"}`);
        if (ctx.now() - start >= timeoutMs || ctx.interrupted()) {
            progress.done();
            return { timedOut: true };
        }
        await ctx.sleep(pollMs);
    }
    progress.done();
    // Lines can reach CloudWatch after the task stops.
    await ctx.sleep(Math.min(pollMs, 2000));
    await pull();
    const c = task.containers?.find((x) => x.name === container);
    return { exitCode: c?.exitCode, stoppedReason: task.stoppedReason ?? c?.reason, stopCode: task.stopCode, timedOut: false };
}
