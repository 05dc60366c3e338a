/**
 * What the program derives from the config: the one place where "described once" happens.
 * The app image, its architecture, environment and secrets are given once under `app` and
 * flow into every container that runs the app image, in the web service and the worker alike.
 */
import * as pulumi from "@pulumi/pulumi";
import { ContainerSpec, FargateTaskSpec } from "../components/task/task-spec";
import { AppConfig, ContainerConfig, TaskConfig } from "./schema";

/** A container with no image of its own runs the app image and inherits the app's env and secrets. */
function appContainer(app: AppConfig, c: ContainerConfig, extraEnv: Record<string, pulumi.Input<string>>): ContainerSpec {
    const { inheritAppEnvironment, ...own } = c;
    if (c.image !== undefined || inheritAppEnvironment === false) {
        // The queues a service sends to are the service's, as its own queue's variables are: every
        // essential container gets them, whatever image it runs (a Node mailer beside a PHP app).
        const wired = c.essential !== false && Object.keys(extraEnv).length > 0;
        return (wired ? { ...own, environment: { ...extraEnv, ...(c.environment ?? {}) } } : own) as ContainerSpec;
    }
    return {
        ...own,
        environment: { ...(app.environment ?? {}), ...extraEnv, ...(c.environment ?? {}) },
        secrets: { ...(app.secrets ?? {}), ...(c.secrets ?? {}) },
        repositoryCredentialsSecret: c.repositoryCredentialsSecret ?? app.imageRepositoryCredentialsSecret,
    };
}

/**
 * The full task spec of a service: its own sizes and containers, plus what the app defines once.
 * `extraEnv` (the queue variables of the workers it sends to) reaches every essential container.
 */
export function taskFromConfig(app: AppConfig, task: TaskConfig, image: pulumi.Input<string>, extraEnv: Record<string, pulumi.Input<string>> = {}): FargateTaskSpec {
    return {
        ...task,
        image,
        cpuArchitecture: app.cpuArchitecture ?? "X86_64",
        containers: task.containers.map((c) => appContainer(app, c, extraEnv)),
    };
}
