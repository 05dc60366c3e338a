/**
 * Queue workers that send to each other in a circle (an order worker and a billing worker, each
 * handing the other jobs). Each queue depends only on its own settings, never on its producers, so
 * the program builds the workers in `queueWorkerOrder` and gives a worker whose target is not built
 * yet that target's queue as Outputs that resolve once it is: the task definition waits for the
 * queue, the queue for nothing of the producer's, and no resource cycle arises.
 */
import * as pulumi from "@pulumi/pulumi";
import { QueueWorker } from "../components/services/queue-worker";
import { queueVariables } from "./service-config";
import { StackConfig } from "./stack-config";

/** What a producer takes from a queue worker: its variables and the permission to send. */
export interface QueueTarget {
    queueEnvironment: Record<string, pulumi.Input<string>>;
    producerStatements(): { actions: string[]; resources: pulumi.Input<string>[] }[];
}

export interface LaterQueues {
    /** The queue of a worker not built yet, as Outputs that resolve once `built` is called for it. */
    producerOf(worker: string): QueueTarget;
    /** Hands a built worker's queue to those that asked for it before. */
    built(worker: string, queueWorker: QueueWorker): void;
}

export function laterQueues(config: Pick<StackConfig, "workers">): LaterQueues {
    const waiting = new Map<string, { promise: Promise<QueueWorker>; resolve: (q: QueueWorker) => void }>();
    const slot = (worker: string) => {
        let entry = waiting.get(worker);
        if (entry === undefined) {
            let resolve!: (q: QueueWorker) => void;
            const promise = new Promise<QueueWorker>((r) => (resolve = r));
            entry = { promise, resolve };
            waiting.set(worker, entry);
        }
        return entry;
    };
    return {
        producerOf(worker) {
            const w = config.workers[worker];
            const [urlVariable, nameVariable] = queueVariables(w);
            // A promise of Outputs becomes one Output that carries their resources: the producer's
            // task definition depends on the queue as it would had the queue been built first.
            const queue = pulumi.output(slot(worker).promise.then((q) => ({ url: q.queueUrl, name: q.queueName, arn: q.queueArn })));
            return {
                queueEnvironment: { [urlVariable]: queue.url, [nameVariable]: queue.name },
                producerStatements: () => QueueWorker.producerStatementsFor(queue.arn, w.kmsKeyArn),
            };
        },
        built(worker, queueWorker) {
            slot(worker).resolve(queueWorker);
        },
    };
}
