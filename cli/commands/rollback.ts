/**
 * `fargate-kit rollback [service]`: back to the image tag that ran before the current one,
 * through the stack (so the next `pulumi up` does not undo it): finds that tag in the service's
 * earlier task definition revisions, shows what will change, then runs `pulumi up` with
 * $IMAGE_TAG set to it (or `pulumi config set imageTag` first where the stack file pins the tag).
 * One image serves every service of the stack, so all of them go back together.
 */
import { CommandSpec } from "../args";
import { Context } from "../context";
import { describeServices, primary, tagOf } from "../ecs";
import { CliError } from "../errors";
import { Stack, findTarget, targets } from "../outputs";

export const rollbackSpec: CommandSpec = {
    name: "rollback",
    usage: "[service] [--to TAG] [--yes] [--dry-run] [--json]",
    summary: "Deploys the previous image tag through the stack (all services share the image): shows what will run, then runs pulumi up.",
    options: {
        to: { type: "string", help: "this tag instead of the previous one" },
        yes: { type: "flag", short: "y", help: "do not ask (needed without a terminal, e.g. in CI)" },
        "dry-run": { type: "flag", help: "show what would run and stop" },
        json: { type: "flag", help: "print the plan as JSON" },
    },
    maxPositionals: 1,
};

export interface RollbackPlan {
    stack?: string;
    service: string;
    currentTag?: string;
    targetTag: string;
    /** Where the tag was found: `<family>:<revision>` and when it was registered. */
    foundIn?: string;
    image?: string;
    /** Every web service, worker, scheduled task and standalone task: they all run the app image. */
    changes: string[];
    /** The commands rollback runs, in order. */
    commands: string[];
}

/** How far back to look for another tag (task definition revisions). */
const LOOK_BACK = 30;

export async function planRollback(ctx: Context, stack: Stack, name: string | undefined, to: string | undefined, cwd?: string): Promise<RollbackPlan> {
    const { outputs, region } = stack;
    const t = name !== undefined ? findTarget(outputs, name, ["web service", "worker"]) : targets(outputs).find((x) => x.serviceName);
    if (!t) throw new CliError("the stack has no web service or worker deployed: nothing to roll back");
    const current = outputs.imageTag ?? tagOf(outputs.image);
    let target = to;
    let foundIn: string | undefined;
    let image: string | undefined;
    if (target === undefined) {
        const s = (await describeServices(ctx.aws, region, outputs.clusterName, [t.serviceName!])).get(t.serviceName!);
        const arn = s && (primary(s)?.taskDefinition ?? s.taskDefinition);
        const m = arn && /task-definition\/([^:]+):(\d+)$/.exec(arn);
        if (!m) throw new CliError(`ECS service ${t.serviceName} of ${t.name} has no task definition to start from`, 1);
        const { sdk, client } = ctx.aws.ecs(region);
        for (let rev = Number(m[2]) - 1; rev >= Math.max(1, Number(m[2]) - LOOK_BACK) && target === undefined; rev--) {
            let def;
            try {
                def = (await client.send(new sdk.DescribeTaskDefinitionCommand({ taskDefinition: `${m[1]}:${rev}` }))).taskDefinition;
            } catch (e) {
                // A revision deleted for good (DeleteTaskDefinitions) is gone: look further back.
                if ((e as { name?: string }).name === "ClientException") continue;
                throw e;
            }
            const c = (def?.containerDefinitions ?? []).find((x) => outputs.repositoryUrl !== undefined && x.image?.startsWith(`${outputs.repositoryUrl}:`)) ?? def?.containerDefinitions?.find((x) => x.essential !== false);
            const tag = tagOf(c?.image);
            if (tag && tag !== current) {
                target = tag;
                image = c?.image;
                foundIn = `${m[1]}:${rev}${def?.registeredAt ? ` (registered ${def.registeredAt.toISOString()})` : ""}`;
            }
        }
        if (target === undefined) throw new CliError(`no earlier image tag than ${current ?? "the current one"} in the last ${LOOK_BACK} revisions of ${m[1]}; name one with --to TAG`, 1);
    }
    if (target === current) throw new CliError(`${target} is already the deployed image tag`, 1);
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(target)) throw new CliError(`--to is "${target}"; allowed: a Docker tag such as a git SHA`, 2);
    const pinned = configPinsTag(ctx, stack.stackName, cwd);
    const s = stack.stackName ? ` --stack ${stack.stackName}` : "";
    return {
        stack: stack.stackName,
        service: t.name,
        currentTag: current,
        targetTag: target,
        foundIn,
        image: image ?? (outputs.repositoryUrl ? `${outputs.repositoryUrl}:${target}` : undefined),
        changes: targets(outputs).map((x) => `${x.name} (${x.kind})`),
        commands: pinned ? [`pulumi config set imageTag ${target}${s}`, `pulumi up${s} --yes`] : [`IMAGE_TAG=${target} pulumi up${s} --yes`],
    };
}

/** True when the stack file sets imageTag itself: $IMAGE_TAG must then equal it, so the config changes instead. */
function configPinsTag(ctx: Context, stackName: string | undefined, cwd: string | undefined): boolean {
    const r = ctx.capture("pulumi", ["config", "get", "imageTag", ...(stackName ? ["--stack", stackName] : [])], { cwd: cwd ?? ctx.cwd, env: ctx.env });
    return r.status === 0 && r.stdout.trim() !== "";
}

export function formatPlan(p: RollbackPlan): string {
    return [
        `Roll back${p.stack ? ` stack ${p.stack}` : ""}: image tag ${p.currentTag ?? "?"} -> ${p.targetTag}`,
        ...(p.foundIn ? [`  ${p.targetTag} is what ${p.service} ran in ${p.foundIn}`] : []),
        ...(p.image ? [`  image: ${p.image} (it must still be in the repository: the lifecycle policy keeps the last keepTaggedImages tags)`] : []),
        `  every service runs the app image and goes back with it: ${p.changes.join(", ")}`,
        "  the rollout is the usual health-checked one; schema changes made by migrations since are not undone",
        "  will run:",
        ...p.commands.map((c) => `    ${c}`),
    ].join("\n") + "\n";
}

export async function rollback(ctx: Context, stack: Stack, name: string | undefined, options: { to?: string; yes?: boolean; "dry-run"?: boolean; json?: boolean; cwd?: string }): Promise<number> {
    const plan = await planRollback(ctx, stack, name, options.to, options.cwd);
    (options.json ? ctx.stdout : ctx.stderr).write(options.json ? JSON.stringify(plan, null, 2) + "\n" : formatPlan(plan));
    if (options["dry-run"]) return 0;
    if (!options.yes && !(await ctx.confirm(`Deploy ${plan.targetTag}?`))) {
        throw new CliError(ctx.stdout.isTTY ? "not rolled back" : "not rolled back: pass --yes to roll back without a terminal", 1);
    }
    const s = stack.stackName ? ["--stack", stack.stackName] : [];
    const env = { ...ctx.env };
    const cwd = options.cwd ?? ctx.cwd;
    if (plan.commands.length === 2) {
        const set = ctx.capture("pulumi", ["config", "set", "imageTag", plan.targetTag, ...s], { cwd, env });
        if (set.status !== 0) throw new CliError(`pulumi config set imageTag failed: ${(set.stderr || set.stdout).trim()}`, 1);
        delete env.IMAGE_TAG;
    } else {
        env.IMAGE_TAG = plan.targetTag;
    }
    const code = await ctx.interactive("pulumi", ["up", ...s, "--yes"], { cwd, env });
    ctx.stderr.write(code === 0 ? `rolled back to ${plan.targetTag}; check it with: fargate-kit status${stack.stackName ? ` --stack ${stack.stackName}` : ""}\n` : `pulumi up exited ${code}: not rolled back\n`);
    return code;
}
