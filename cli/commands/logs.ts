/**
 * `fargate-kit logs <service|task>`: the log group of a service, a scheduled task or a standalone
 * task, every container interleaved, each line prefixed with its container and task. History
 * with FilterLogEvents; `--follow` with CloudWatch Logs Live Tail, or by polling
 * FilterLogEvents where Live Tail is refused.
 */
import type { FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import { CommandSpec, parseDuration } from "../args";
import { Context } from "../context";
import { imageOf } from "../ecs";
import { CliError } from "../errors";
import { ALL_KINDS, Stack, Target, findTarget } from "../outputs";

export const logsSpec: CommandSpec = {
    name: "logs",
    usage: "<service|task> [--container NAME] [--since 10m] [--follow] [--filter PATTERN] [--json]",
    summary: "The logs of a web service, worker, scheduled task or standalone task, every container interleaved with a prefix.",
    options: {
        container: { type: "string", short: "c", help: "only this container's lines" },
        since: { type: "string", help: "how far back: 30s, 10m, 2h, 1d (default 10m)" },
        follow: { type: "flag", short: "f", help: "keep printing new lines (Live Tail) until Ctrl-C" },
        filter: { type: "string", help: "a CloudWatch Logs filter pattern, e.g. ERROR or \"?ERROR ?Exception\"" },
        json: { type: "flag", help: "one JSON object a line: timestamp, container, taskId, message" },
    },
    maxPositionals: 1,
};

export interface LogLine {
    timestamp: number;
    container: string;
    taskId: string;
    stream: string;
    message: string;
}

export interface LogsOptions {
    container?: string;
    since?: string;
    follow?: boolean;
    filter?: string;
    json?: boolean;
    /** Poll interval of the FilterLogEvents fallback. */
    pollMs?: number;
}

/** Streams are `<prefix>/<container>/<task id>` (awslogs): the container and task from the name. */
export function parseStream(stream: string): { container: string; taskId: string } {
    const parts = stream.split("/");
    return parts.length >= 3 ? { container: parts[parts.length - 2], taskId: parts[parts.length - 1] } : { container: stream, taskId: "" };
}

export function formatLine(l: LogLine, json: boolean): string {
    if (json) return JSON.stringify({ timestamp: new Date(l.timestamp).toISOString(), container: l.container, taskId: l.taskId, message: l.message }) + "\n";
    return `${new Date(l.timestamp).toISOString()} [${l.container} ${l.taskId.slice(0, 8)}] ${l.message.replace(/\n$/, "")}\n`;
}

export async function logs(ctx: Context, stack: Stack, name: string, options: LogsOptions): Promise<number> {
    const target = findTarget(stack.outputs, name, ALL_KINDS);
    if (options.container !== undefined) await checkContainer(ctx, stack, target, options.container);
    const since = ctx.now() - parseDuration(options.since ?? "10m", "since");
    const { sdk, client } = ctx.aws.logs(stack.region);
    const seen = new Set<string>();
    let last = since;
    const print = (l: LogLine) => {
        if (options.container !== undefined && l.container !== options.container) return;
        ctx.stdout.write(formatLine(l, options.json === true));
    };
    const history = async (from: number) => {
        let nextToken: string | undefined;
        const events: FilteredLogEvent[] = [];
        do {
            const r = await client.send(new sdk.FilterLogEventsCommand({ logGroupName: target.logGroupName, startTime: from, filterPattern: options.filter, nextToken }));
            events.push(...(r.events ?? []));
            nextToken = r.nextToken;
        } while (nextToken && events.length < 10_000);
        for (const e of events.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0))) {
            if (e.eventId && seen.has(e.eventId)) continue;
            if (e.eventId) seen.add(e.eventId);
            last = Math.max(last, e.timestamp ?? 0);
            print({ timestamp: e.timestamp ?? 0, stream: e.logStreamName ?? "", message: e.message ?? "", ...parseStream(e.logStreamName ?? "") });
        }
    };
    try {
        await history(since);
    } catch (e) {
        if ((e as { name?: string }).name === "ResourceNotFoundException") throw new CliError(`log group ${target.logGroupName} of ${target.name} does not exist in ${stack.region} (not deployed yet, or deleted)`);
        throw e;
    }
    if (!options.follow) return 0;
    if (!ctx.stdout.isTTY && !options.json) ctx.stderr.write(`following ${target.logGroupName} (Ctrl-C to stop)\n`);
    if (await liveTail(ctx, stack, target, options, print)) return 0;
    // Live Tail refused (permission, region, proxy without HTTP/2): poll from the last line seen.
    while (!ctx.interrupted()) {
        await ctx.sleep(options.pollMs ?? 2000);
        await history(Math.max(since, last - 5000));
    }
    return 0;
}

/** Follows with Live Tail; false when Live Tail cannot start, so the caller polls instead. */
async function liveTail(ctx: Context, stack: Stack, target: Target, options: LogsOptions, print: (l: LogLine) => void): Promise<boolean> {
    const { sdk, client } = ctx.aws.logs(stack.region);
    let arn: string | undefined;
    try {
        const groups = await client.send(new sdk.DescribeLogGroupsCommand({ logGroupNamePrefix: target.logGroupName }));
        arn = groups.logGroups?.find((g) => g.logGroupName === target.logGroupName)?.logGroupArn;
    } catch {
        return false;
    }
    if (!arn) return false;
    while (!ctx.interrupted()) {
        let response;
        try {
            response = await client.send(new sdk.StartLiveTailCommand({ logGroupIdentifiers: [arn], logEventFilterPattern: options.filter }));
        } catch (e) {
            ctx.stderr.write(`Live Tail is not available (${(e as Error).name}: ${(e as Error).message}); polling FilterLogEvents instead\n`);
            return false;
        }
        let timedOut = false;
        for await (const event of response.responseStream ?? []) {
            if (event.sessionUpdate) {
                for (const e of event.sessionUpdate.sessionResults ?? []) {
                    print({ timestamp: e.timestamp ?? 0, stream: e.logStreamName ?? "", message: e.message ?? "", ...parseStream(e.logStreamName ?? "") });
                }
            } else if (event.SessionTimeoutException) {
                // A Live Tail session lasts at most 3 hours: start another.
                timedOut = true;
            } else if (event.SessionStreamingException) {
                throw new CliError(`Live Tail stopped: ${event.SessionStreamingException.message}`, 1);
            }
            if (ctx.interrupted()) break;
        }
        if (!timedOut) break;
    }
    return true;
}

async function checkContainer(ctx: Context, stack: Stack, target: Target, container: string): Promise<void> {
    const { containers } = await imageOf(ctx.aws, stack.region, target.taskFamily, stack.outputs.repositoryUrl);
    if (!containers.includes(container)) throw new CliError(`${target.name} has no container "${container}"; its containers: ${containers.join(", ")}`);
}
