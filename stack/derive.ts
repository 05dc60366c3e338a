/**
 * What the program derives from the config: the one place where "described once" happens.
 * The app image, its architecture, environment and secrets are given once under `app` and
 * flow into every container that runs the app image, in the web service and the worker alike.
 * A container on another image of the stack (`image: nginx`) or a full image reference gets them
 * only when it says so (`inheritAppEnvironment: true`).
 */
import * as pulumi from "@pulumi/pulumi";
import { ContainerSpec, FargateTaskSpec } from "../components/task/task-spec";
import { APP_IMAGE, ImageConfig } from "./images";
import { AppConfig, ContainerConfig, TaskConfig } from "./schema";
import { FileSystemConfig, FileSystemIds, MountConfig, withFileSystemMounts } from "./file-systems";

/** The stack's file systems as a task sees them: their settings and ids (placeholders while validating). */
export interface FileSystemRefs {
    fileSystems: Record<string, FileSystemConfig>;
    ids: FileSystemIds;
}

/** The stack's named images: their references (placeholders while validating) and settings. */
export interface NamedImageRefs {
    uris: Record<string, pulumi.Input<string> | undefined>;
    images: Record<string, ImageConfig>;
}

/** Whether a container gets the app's environment and secrets (and the data stores' variables): on the app image unless it opts out, elsewhere only when it opts in. */
export function inheritsAppEnvironment(c: Pick<ContainerConfig, "image" | "inheritAppEnvironment">): boolean {
    return c.inheritAppEnvironment ?? (c.image === undefined || c.image === APP_IMAGE);
}

/**
 * Whether a container gets the variables and secrets of the data stores its service uses: as it
 * gets the app's environment, unless it says otherwise (a PgBouncer or exporter sidecar on its own
 * image needs the database, not the app's secrets; an nginx on the app image needs neither).
 */
export function receivesDataStores(c: Pick<ContainerConfig, "image" | "inheritAppEnvironment" | "dataStoreVariables">): boolean {
    return c.dataStoreVariables ?? inheritsAppEnvironment(c);
}

/** Which image a container runs, and whether it gets the app's environment and secrets. */
function appContainer(app: AppConfig, c: ContainerConfig, extraEnv: Record<string, pulumi.Input<string>>, named: NamedImageRefs): ContainerSpec {
    const { inheritAppEnvironment, dataStoreVariables: _data, image: ref, ...rest } = c;
    const onAppImage = ref === undefined || ref === APP_IMAGE;
    const namedImage = !onAppImage && ref in named.images ? named.images[ref] : undefined;
    const own: ContainerConfig = {
        ...rest,
        // The app image is the task's; a named image's reference replaces its name.
        ...(onAppImage ? {} : { image: (namedImage ? named.uris[ref] : ref) as string }),
        ...(namedImage?.repositoryCredentialsSecret !== undefined && c.repositoryCredentialsSecret === undefined ? { repositoryCredentialsSecret: namedImage.repositoryCredentialsSecret } : {}),
    };
    if (!inheritsAppEnvironment(c)) {
        // The queues a service sends to are the service's, as its own queue's variables are: every
        // essential container gets them, whatever image it runs (a Node mailer beside a PHP app).
        const wired = c.essential !== false && Object.keys(extraEnv).length > 0;
        return (wired ? { ...own, environment: { ...extraEnv, ...(c.environment ?? {}) } } : own) as ContainerSpec;
    }
    return {
        ...own,
        environment: { ...(app.environment ?? {}), ...extraEnv, ...(c.environment ?? {}) },
        secrets: { ...(app.secrets ?? {}), ...(c.secrets ?? {}) },
        repositoryCredentialsSecret: own.repositoryCredentialsSecret ?? (onAppImage ? app.imageRepositoryCredentialsSecret : undefined),
    } as ContainerSpec;
}

/**
 * The full task spec of a service: its own sizes and containers, plus what the app defines once.
 * `extraEnv` (the queue variables of the workers it sends to) reaches every essential container.
 */
export function taskFromConfig(app: AppConfig, task: TaskConfig, image: pulumi.Input<string>, extraEnv: Record<string, pulumi.Input<string>> = {}, named: NamedImageRefs = { uris: {}, images: {} }, fs: FileSystemRefs = { fileSystems: {}, ids: {} }): FargateTaskSpec {
    // A file-system mount becomes a task volume with `efs` and a mount of that volume.
    const { volumes, mountsOf } = withFileSystemMounts(task, fs.fileSystems, fs.ids);
    const mounted = (c: ContainerConfig): ContainerConfig => (c.mounts === undefined ? c : ({ ...c, mounts: mountsOf(c.mounts as MountConfig[]) } as ContainerConfig));
    return {
        ...task,
        ...(volumes !== undefined ? { volumes } : {}),
        image,
        cpuArchitecture: app.cpuArchitecture ?? "X86_64",
        containers: task.containers.map((c) => appContainer(app, mounted(c), extraEnv, named)),
    };
}
