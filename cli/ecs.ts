/** ECS reads the commands share: services, the tasks that failed, the image a task definition runs. */
import type { Deployment, Service, Task } from "@aws-sdk/client-ecs";
import { AwsClients } from "./aws";

export interface FailedTask {
    taskId: string;
    taskDefinition?: string;
    stoppedAt?: string;
    stopCode?: string;
    stoppedReason?: string;
    containers: { name: string; exitCode?: number; reason?: string }[];
}

export const taskId = (arn: string) => arn.split("/").pop() ?? arn;
export const revisionOf = (arn: string | undefined) => (arn ? arn.split("/").pop() : undefined);

/** Services by name (DescribeServices takes 10 at a time). */
export async function describeServices(aws: AwsClients, region: string, cluster: string, names: string[]): Promise<Map<string, Service>> {
    const { sdk, client } = aws.ecs(region);
    const out = new Map<string, Service>();
    for (let i = 0; i < names.length; i += 10) {
        const r = await client.send(new sdk.DescribeServicesCommand({ cluster, services: names.slice(i, i + 10) }));
        for (const s of r.services ?? []) if (s.serviceName) out.set(s.serviceName, s);
        for (const f of r.failures ?? []) {
            if (f.reason === "MISSING") continue;
            throw new Error(`DescribeServices: ${f.arn}: ${f.reason}${f.detail ? ` (${f.detail})` : ""}`);
        }
    }
    return out;
}

/** A stopped task failed when a container exited non-zero, or it never started, or a health check stopped it. */
export function failed(task: Task): boolean {
    if (task.stopCode === "TaskFailedToStart") return true;
    if ((task.containers ?? []).some((c) => c.exitCode !== undefined && c.exitCode !== 0)) return true;
    return /health check|Essential container in task exited|CannotPull|ResourceInitializationError|OutOfMemory/i.test(task.stoppedReason ?? "");
}

export function toFailedTask(task: Task): FailedTask {
    return {
        taskId: taskId(task.taskArn ?? ""),
        taskDefinition: revisionOf(task.taskDefinitionArn),
        stoppedAt: task.stoppedAt?.toISOString(),
        stopCode: task.stopCode,
        stoppedReason: task.stoppedReason,
        containers: (task.containers ?? []).map((c) => ({ name: c.name ?? "?", exitCode: c.exitCode, reason: c.reason })),
    };
}

/** The recently stopped tasks (ECS keeps them about an hour) of a service or a task family that failed, newest first. */
export async function recentFailures(aws: AwsClients, region: string, cluster: string, by: { serviceName?: string; family?: string }, limit = 5): Promise<FailedTask[]> {
    const { sdk, client } = aws.ecs(region);
    const listed = await client.send(new sdk.ListTasksCommand({ cluster, desiredStatus: "STOPPED", maxResults: 20, ...(by.serviceName ? { serviceName: by.serviceName } : { family: by.family }) }));
    const arns = listed.taskArns ?? [];
    if (arns.length === 0) return [];
    const described = await client.send(new sdk.DescribeTasksCommand({ cluster, tasks: arns }));
    return (described.tasks ?? [])
        .filter(failed)
        .sort((a, b) => (b.stoppedAt?.getTime() ?? 0) - (a.stoppedAt?.getTime() ?? 0))
        .slice(0, limit)
        .map(toFailedTask);
}

/** The tag of the image a task definition runs: the app container's (the one from the stack's repository) or the first. */
export async function imageOf(aws: AwsClients, region: string, taskDefinition: string, repository?: string): Promise<{ image?: string; tag?: string; containers: string[] }> {
    const { sdk, client } = aws.ecs(region);
    const r = await client.send(new sdk.DescribeTaskDefinitionCommand({ taskDefinition }));
    const defs = r.taskDefinition?.containerDefinitions ?? [];
    const app = defs.find((c) => repository !== undefined && c.image?.startsWith(`${repository}:`)) ?? defs.find((c) => c.essential !== false) ?? defs[0];
    return { image: app?.image, tag: tagOf(app?.image), containers: defs.map((c) => c.name ?? "?") };
}

export function tagOf(image: string | undefined): string | undefined {
    if (!image) return undefined;
    if (image.includes("@")) return image.slice(image.indexOf("@") + 1);
    const last = image.split("/").pop() ?? image;
    return last.includes(":") ? last.slice(last.lastIndexOf(":") + 1) : "latest";
}

export const primary = (s: Service): Deployment | undefined => (s.deployments ?? []).find((d) => d.status === "PRIMARY");
