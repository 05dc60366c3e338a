/**
 * What this stack deployed last time, read from its own outputs (a StackReference to itself).
 *
 * - The image tag: a push that changes only infrastructure carries no $IMAGE_TAG. Without it,
 *   such a deploy would drop the services (no image to run); with it, they keep their image.
 * - Each worker's queue URL: SQS cannot turn a standard queue into a FIFO one (or back), so a
 *   `fifo` toggle replaces the queues; the plan says so before anything is lost.
 */
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "./stack-config";

export interface PreviousOutputs {
    imageTag?: string;
    /** The tags the named images ran, by name. */
    imageTags: Record<string, string>;
    /** Queue URLs by worker name. */
    queueUrls: Record<string, string>;
    /** What each data store was created with (`databases.main`, …): a change that replaces one is refused in a protected stack. */
    dataStores: Record<string, unknown>;
}

export async function previousOutputs(): Promise<PreviousOutputs> {
    const self = new pulumi.StackReference(`${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`, undefined, { retainOnDelete: true });
    const value = async (name: string) => {
        const details = await self.getOutputDetails(name);
        return details.value ?? details.secretValue;
    };
    const tag = await value("imageTag");
    const workers = ((await value("workers")) ?? {}) as Record<string, { queueUrl?: unknown }>;
    const queueUrls = Object.fromEntries(Object.entries(workers).flatMap(([name, w]) => (typeof w?.queueUrl === "string" ? [[name, w.queueUrl]] : [])));
    const images = ((await value("images")) ?? {}) as Record<string, { tag?: unknown }>;
    const imageTags = Object.fromEntries(Object.entries(images).flatMap(([name, i]) => (typeof i?.tag === "string" && i.tag.length > 0 ? [[name, i.tag]] : [])));
    const stores = await value("dataStores");
    const dataStores = typeof stores === "object" && stores !== null ? (stores as Record<string, unknown>) : {};
    return { imageTag: typeof tag === "string" && tag.length > 0 ? tag : undefined, imageTags, queueUrls, dataStores };
}

/** Warnings for queue workers whose `fifo` setting no longer matches the queue they have. */
export function queueTypeChanges(config: Pick<StackConfig, "project" | "protect" | "workers">, queueUrls: Record<string, string>): string[] {
    const out: string[] = [];
    for (const [name, w] of Object.entries(config.workers)) {
        const url = queueUrls[name];
        if (w.queue === false || w.queueArn !== undefined || url === undefined || url.endsWith(".fifo") === (w.fifo === true)) continue;
        const [from, to] = w.fifo === true ? ["standard", "FIFO"] : ["FIFO", "standard"];
        out.push(
            `${config.project}:workers.${name}.fifo turns its ${from} queue into a ${to} one, which SQS cannot do: the queue and its dead-letter queue are replaced, ` +
                (config.protect ? "and pulumi up stops at deleting the protected old ones. " : "and the old ones are deleted with every message still in them. ") +
                `Drain the queue first (stop the producers, let ${name} empty it), or add a new worker for the ${to} queue and retire this one.`,
        );
    }
    return out;
}
