/**
 * The stack's outputs: what every command starts from. Read with `pulumi stack output --json`
 * (the selected stack, or --stack), or from a file (--outputs) where no pulumi CLI is at hand.
 */
import * as fs from "fs";
import { nearest } from "./args";
import { Context } from "./context";
import { CliError } from "./errors";

export interface ServiceOutput {
    serviceName: string;
    logGroupName: string;
    taskFamily: string;
    url?: string;
    queueUrl?: string;
    deadLetterQueueUrl?: string;
}

export interface ScheduledTaskOutput {
    scheduleName: string;
    logGroupName: string;
    taskFamily: string;
    deadLetterQueueUrl?: string;
}

/** A standalone task (stack file `tasks:`): a task definition nothing runs on a schedule; `run-task` starts it. */
export interface StandaloneTaskOutput {
    family: string;
    taskDefinitionArn: string;
    /** The task's own security group. */
    securityGroupId: string;
    /** Every group a run passes: its own, and those that admit it to what it uses, e.g. a file system's clients group (absent in older stacks). */
    securityGroupIds?: string[];
    logGroupName: string;
}

/** The outputs index.ts exports, as `pulumi stack output --json` prints them. */
export interface StackOutputsJson {
    region?: string;
    imageTag?: string;
    clusterName: string;
    taskSubnetIds?: string[];
    tasksHavePublicIp?: boolean;
    repositoryUrl?: string;
    image?: string;
    url?: string;
    webServices?: Record<string, ServiceOutput>;
    workers?: Record<string, ServiceOutput>;
    scheduledTasks?: Record<string, ScheduledTaskOutput>;
    tasks?: Record<string, StandaloneTaskOutput>;
}

export type Kind = "web service" | "worker" | "scheduled task" | "standalone task";

/** What commands that act on services take by default (a standalone task is not one: only `run` and `logs` take it). */
export const SERVICE_KINDS: readonly Kind[] = ["web service", "worker", "scheduled task"];
/** Every kind: what `run` and `logs` take. */
export const ALL_KINDS: readonly Kind[] = [...SERVICE_KINDS, "standalone task"];

/** One thing of the stack a command names: a web service, a worker, a scheduled task or a standalone task. */
export interface Target {
    name: string;
    kind: Kind;
    logGroupName: string;
    taskFamily: string;
    /** The ECS service (web services and workers). */
    serviceName?: string;
    url?: string;
    queueUrl?: string;
    deadLetterQueueUrl?: string;
    /** The EventBridge Scheduler schedule (scheduled tasks). */
    scheduleName?: string;
    /** The task definition revision the stack deployed (standalone tasks). */
    taskDefinitionArn?: string;
    /** The security groups a run passes (standalone tasks). */
    securityGroupIds?: string[];
}

export interface Stack {
    outputs: StackOutputsJson;
    /** The region the stack's resources are in. */
    region: string;
    /** What the user passed as --stack, for messages and `pulumi` commands. */
    stackName?: string;
}

export interface StackOptions {
    stack?: string;
    outputs?: string;
    region?: string;
    cwd?: string;
}

export function readOutputs(ctx: Context, options: StackOptions): StackOutputsJson {
    let text: string;
    let source: string;
    if (options.outputs !== undefined) {
        source = options.outputs;
        try {
            text = fs.readFileSync(options.outputs, "utf8");
        } catch (e) {
            throw new CliError(`cannot read --outputs ${options.outputs}: ${(e as Error).message}`);
        }
    } else {
        const args = ["stack", "output", "--json", ...(options.stack ? ["--stack", options.stack] : []), ...(options.cwd ? ["--cwd", options.cwd] : [])];
        const r = ctx.capture("pulumi", args, { cwd: options.cwd ?? ctx.cwd, env: ctx.env });
        if (r.error?.code === "ENOENT") {
            throw new CliError("the pulumi CLI is not on PATH: install it (https://www.pulumi.com/docs/install/), or pass --outputs FILE with the output of `pulumi stack output --json`");
        }
        if (r.status !== 0) {
            const said = (r.stderr || r.stdout).trim().split("\n").filter(Boolean).slice(-1)[0] ?? `exit code ${r.status}`;
            const hint = /no stack (is )?selected|no current stack/i.test(said) ? " (pass --stack NAME, or `pulumi stack select`)" : "";
            throw new CliError(`pulumi stack output failed: ${said}${hint}`);
        }
        text = r.stdout;
        source = `pulumi stack output${options.stack ? ` --stack ${options.stack}` : ""}`;
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        throw new CliError(`${source} is not JSON; expected the output of \`pulumi stack output --json\``);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new CliError(`${source} is not a JSON object of stack outputs`);
    const outputs = parsed as Partial<StackOutputsJson>;
    if (Object.keys(outputs).length === 0 || typeof outputs.clusterName !== "string") {
        const name = options.stack ? `stack ${options.stack}` : "the stack";
        throw new CliError(`${name} has no outputs: it is not deployed yet (run \`pulumi up\` first)${options.stack ? "" : ", or another stack is selected (pass --stack)"}`);
    }
    return outputs as StackOutputsJson;
}

/** The stack's region: its own `region` output, else what an output URL says, else the environment. */
export function stackRegion(outputs: StackOutputsJson): string | undefined {
    if (outputs.region) return outputs.region;
    const urls = [outputs.repositoryUrl, ...Object.values(outputs.workers ?? {}).map((w) => w.queueUrl)].filter((u): u is string => typeof u === "string");
    for (const u of urls) {
        const m = /(?:\.ecr\.|sqs\.)([a-z]{2}(?:-[a-z]+)+-\d)\./.exec(u);
        if (m) return m[1];
    }
    return undefined;
}

export function loadStack(ctx: Context, options: StackOptions): Stack {
    const outputs = readOutputs(ctx, options);
    const own = stackRegion(outputs);
    if (options.region !== undefined && own !== undefined && options.region !== own) {
        throw new CliError(`wrong region: --region is ${options.region}, but the stack's resources are in ${own} (leave --region out to use the stack's)`);
    }
    const region = options.region ?? own ?? ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION;
    if (region === undefined) throw new CliError("no AWS region: the stack's outputs do not say it; pass --region or set AWS_REGION");
    return { outputs, region, stackName: options.stack };
}

export function targets(outputs: StackOutputsJson): Target[] {
    return [
        ...Object.entries(outputs.webServices ?? {}).map(([name, s]) => ({ name, kind: "web service" as const, ...s })),
        ...Object.entries(outputs.workers ?? {}).map(([name, s]) => ({ name, kind: "worker" as const, ...s })),
        ...Object.entries(outputs.scheduledTasks ?? {}).map(([name, s]) => ({ name, kind: "scheduled task" as const, ...s })),
        ...Object.entries(outputs.tasks ?? {}).map(([name, t]) => ({
            name,
            kind: "standalone task" as const,
            logGroupName: t.logGroupName,
            taskFamily: t.family,
            taskDefinitionArn: t.taskDefinitionArn,
            // Stacks deployed before securityGroupIds have only the task's own group.
            securityGroupIds: t.securityGroupIds?.length ? t.securityGroupIds : [t.securityGroupId].filter((g) => typeof g === "string"),
        })),
    ];
}

/** A target of one of the allowed kinds (default: the services and scheduled tasks) by name; an unknown name lists the known ones. */
export function findTarget(outputs: StackOutputsJson, name: string, allowed: readonly Kind[] = SERVICE_KINDS): Target {
    const all = targets(outputs);
    const found = all.find((t) => t.name === name && allowed.includes(t.kind));
    if (found) return found;
    const candidates = all.filter((t) => allowed.includes(t.kind));
    const other = all.find((t) => t.name === name);
    if (other) {
        const hint = other.kind === "standalone task" ? `; a standalone task is for fargate-kit run ${name} and fargate-kit logs ${name}` : "";
        throw new CliError(`${name} is a ${other.kind}; this command takes a ${allowed.join(" or ")}: ${list(candidates)}${hint}`);
    }
    if (candidates.length === 0) {
        throw new CliError(`the stack has no ${SERVICE_KINDS.every((k) => allowed.includes(k)) ? "services" : allowed.join(" or ")} deployed yet${outputs.image === undefined ? ": it has no image tag (push an image, then deploy with $IMAGE_TAG set)" : ""}`);
    }
    const near = nearest(name, candidates.map((t) => t.name));
    throw new CliError(`unknown ${allowed.length === 1 ? allowed[0] : allowed.includes("standalone task") ? "service or task" : "service"} "${name}"${near ? ` (did you mean ${near}?)` : ""}; the stack has: ${list(candidates)}`);
}

const list = (ts: Target[]) => ts.map((t) => `${t.name} (${t.kind})`).join(", ");
