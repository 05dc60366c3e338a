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
}

export type Kind = "web service" | "worker" | "scheduled task";

/** One thing of the stack a command names: a web service, a worker or a scheduled task. */
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
    ];
}

/** A web service, worker or scheduled task by name; an unknown name lists the known ones. */
export function findTarget(outputs: StackOutputsJson, name: string, allowed: Kind[] = ["web service", "worker", "scheduled task"]): Target {
    const all = targets(outputs);
    const found = all.find((t) => t.name === name && allowed.includes(t.kind));
    if (found) return found;
    const candidates = all.filter((t) => allowed.includes(t.kind));
    const other = all.find((t) => t.name === name);
    if (other) throw new CliError(`${name} is a ${other.kind}; this command takes a ${allowed.join(" or ")}: ${list(candidates)}`);
    if (candidates.length === 0) {
        throw new CliError(`the stack has no ${allowed.length === 3 ? "services" : allowed.join(" or ")} deployed yet${outputs.image === undefined ? ": it has no image tag (push an image, then deploy with $IMAGE_TAG set)" : ""}`);
    }
    const near = nearest(name, candidates.map((t) => t.name));
    throw new CliError(`unknown ${allowed.length === 1 ? allowed[0] : "service"} "${name}"${near ? ` (did you mean ${near}?)` : ""}; the stack has: ${list(candidates)}`);
}

const list = (ts: Target[]) => ts.map((t) => `${t.name} (${t.kind})`).join(", ");
