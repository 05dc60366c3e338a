/**
 * Several images per stack (an nginx of its own beside the app, a sidecar built from the same
 * repository): `images.<name>` beside the app image, which keeps its keys under `app` and is the
 * image named "app". Each named image has its repository (a managed ECR repository with its own
 * lifecycle, or one outside the stack), its build and its tag; a container picks one by name
 * (`image: nginx`), and any other `image:` is a full image reference.
 *
 * Tags: every image of a deploy is built from the same commit unless the stack file says
 * otherwise, so an image's tag is, in this order: its pinned `tag`, `$IMAGE_TAG_<NAME>` (CI
 * building that image apart), or the stack's image tag (`$IMAGE_TAG`).
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { checkSecretsManagerRef } from "../components/internal/arns";
import { Check, Problem, show } from "../components/internal/validation";
import { RegistryRepo, validateRegistryRepoArgs } from "../components/platform/registry-repo";
import { ImagePlatform } from "../components/enums";
import { ContainerConfig } from "./schema";
import { StackConfig } from "./stack-config";

const str = z.string().min(1);
const int = z.number().int();

/** One named image of the stack. */
export const imageSchema = z.strictObject({
    /** A repository outside this stack, without tag (e.g. "registry.gitlab.com/acme/nginx"); leave it out for a managed ECR repository. */
    repository: str.optional(),
    /** Secrets Manager secret with the credentials of `repository`, when it is outside ECR. */
    repositoryCredentialsSecret: str.optional(),
    /** Build at deploy time from this context (needs Docker where `pulumi up` runs); otherwise CI pushes it. */
    build: z
        .strictObject({ context: str, dockerfile: str.optional(), target: str.optional(), args: z.record(z.string(), z.string()).optional(), platform: z.enum(ImagePlatform).optional() })
        .optional(),
    /** A pinned tag; otherwise `$IMAGE_TAG_<NAME>` or the stack's tag. */
    tag: str.optional(),
    keepTaggedImages: int.optional(),
    untaggedExpiryDays: int.optional(),
    deleteImagesWithRepository: z.boolean().optional(),
});
export const imagesSchema = z.record(z.string(), imageSchema);
export type ImageConfig = z.infer<typeof imageSchema>;

/** The app image's name: its settings stay under `app`. */
export const APP_IMAGE = "app";
const IMAGE_NAME = /^[a-z][a-z0-9-]{0,39}$/;
const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** A reference that names no registry, tag or digest: a name of the stack's images, never a Docker Hub shorthand. */
const BARE_NAME = /^[A-Za-z0-9_-]+$/;

/** The variable CI sets to the tag it built for one image: `IMAGE_TAG_NGINX`, `IMAGE_TAG_PDF_RENDERER`. */
export const imageTagVariable = (image: string) => `IMAGE_TAG_${image.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`;

/** Each named image's tag: pinned, from `$IMAGE_TAG_<NAME>`, or the stack's; pinned and CI's both set and different is refused. */
export function resolveImageTags(images: Record<string, ImageConfig>, stackTag: string | undefined, env: Record<string, string | undefined>, project: string, problems: Problem[]): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const [name, image] of Object.entries(images)) {
        const variable = imageTagVariable(name);
        const fromEnv = env[variable]?.trim() || undefined;
        if (fromEnv !== undefined && !DOCKER_TAG.test(fromEnv)) {
            problems.push({ path: `$${variable}`, message: `is ${show(fromEnv)}; allowed: a Docker tag such as a git SHA` });
            continue;
        }
        if (fromEnv !== undefined && image.tag !== undefined && fromEnv !== image.tag) {
            problems.push({ path: `${project}:images.${name}.tag`, message: `is ${show(image.tag)} but $${variable} is ${show(fromEnv)}; set the tag in one place (pin it here, or let CI set $${variable})` });
        }
        out[name] = image.tag ?? fromEnv ?? stackTag;
    }
    return out;
}

/** The named images' own settings, each at `<project>:images.<name>`. */
export function checkImages(check: Check, config: Pick<StackConfig, "images" | "app">): void {
    const platform = config.app.cpuArchitecture === "ARM64" ? ImagePlatform.linuxArm64 : ImagePlatform.linuxAmd64;
    for (const [name, image] of Object.entries(config.images)) {
        const at = check.at(name);
        if (name === APP_IMAGE) {
            at.fail(`names the app image, whose repository, build and lifecycle are set under app (app.imageRepository, app.build, app.keepTaggedImages, …); give this image another name`);
            continue;
        }
        if (!IMAGE_NAME.test(name)) at.fail(`is not an image name; allowed: 1-40 lower-case letters, digits and '-', starting with a letter (it names the ECR repository and $${imageTagVariable("name")})`);
        validateRegistryRepoArgs(at, { keepTaggedImages: image.keepTaggedImages, untaggedExpiryDays: image.untaggedExpiryDays });
        at.at("tag").matches(image.tag, DOCKER_TAG, "a Docker tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')");
        if (image.repository !== undefined) {
            const last = image.repository.split("/").pop() ?? "";
            if (/[:@]/.test(last)) at.at("repository").fail(`is ${show(image.repository)}, which names a tag or digest; give the repository alone (${show(image.repository.replace(/[:@][^/]*$/, ""))}) and the tag in tag or $${imageTagVariable(name)}`);
            const managedOnly = (["build", "keepTaggedImages", "untaggedExpiryDays", "deleteImagesWithRepository"] as const).filter((k) => image[k] !== undefined);
            if (managedOnly.length > 0) at.fail(`sets repository (outside the stack) together with ${managedOnly.join(", ")}, which apply only to a managed ECR repository`);
        }
        if (image.repositoryCredentialsSecret !== undefined) {
            if (image.repository === undefined) at.at("repositoryCredentialsSecret").fail("is set, but the image is in the stack's own ECR repository, which the execution role pulls from without credentials");
            else checkSecretsManagerRef(at.at("repositoryCredentialsSecret"), image.repositoryCredentialsSecret);
        }
        if (image.build?.platform !== undefined && image.build.platform !== platform) {
            at.at("build").at("platform").fail(`is ${show(image.build.platform)}, but the stack's tasks run ${show(platform)} (app.cpuArchitecture ${config.app.cpuArchitecture ?? "X86_64"}): the image would not start; leave it out to follow app.cpuArchitecture`);
        }
    }
}

/** Every task of the stack, with where it was typed. */
export function stackTasks(config: Pick<StackConfig, "webServices" | "workers" | "scheduledTasks" | "migration" | "tasks">): { kind: string; name: string; containers: ContainerConfig[] }[] {
    return [
        ...Object.entries(config.webServices).map(([name, s]) => ({ kind: "webServices", name, containers: s.task.containers })),
        ...Object.entries(config.workers).map(([name, s]) => ({ kind: "workers", name, containers: s.task.containers })),
        ...Object.entries(config.scheduledTasks).map(([name, s]) => ({ kind: "scheduledTasks", name, containers: s.task.containers })),
        ...(config.migration ? [{ kind: "migration", name: "", containers: config.migration.task.containers }] : []),
        ...Object.entries(config.tasks).map(([name, s]) => ({ kind: "tasks", name, containers: s.task.containers })),
    ];
}

/** The image a container runs: "app", a named image, or undefined for a full image reference. */
export function imageNameOf(c: Pick<ContainerConfig, "image">, images: Record<string, unknown>): string | undefined {
    if (c.image === undefined || c.image === APP_IMAGE) return APP_IMAGE;
    return c.image in images ? c.image : undefined;
}

/**
 * A container's `image` is a name of the stack's images or a full reference; a bare word that is
 * neither (a mistyped name, or Docker Hub's `nginx` without registry and tag) is refused.
 */
export function checkContainerImages(at: (kind: string, name: string) => Check, config: Pick<StackConfig, "images" | "webServices" | "workers" | "scheduledTasks" | "migration" | "tasks">): void {
    const known = [APP_IMAGE, ...Object.keys(config.images)];
    for (const t of stackTasks(config)) {
        t.containers.forEach((c, i) => {
            if (c.image === undefined || known.includes(c.image) || !BARE_NAME.test(c.image)) return;
            at(t.kind, t.name).at("task").at("containers").at(i).at("image").fail(
                `is ${show(c.image)}, which is not an image of this stack (images: ${known.map(show).join(", ")}); an image from a registry is written in full with its tag, e.g. "public.ecr.aws/nginx/nginx:1.27"`,
            );
        });
    }
}

/** Which containers run each image of the stack: `<service>/<container>`, for the plan and the outputs. */
export function imageUsers(config: Pick<StackConfig, "images" | "webServices" | "workers" | "scheduledTasks" | "migration" | "tasks">): Record<string, string[]> {
    const out: Record<string, string[]> = Object.fromEntries([APP_IMAGE, ...Object.keys(config.images)].map((n) => [n, []]));
    for (const t of stackTasks(config)) {
        for (const c of t.containers) {
            const image = imageNameOf(c, config.images);
            if (image !== undefined) out[image].push(`${t.kind === "migration" ? "migrate" : t.name}/${c.name}`);
        }
    }
    return out;
}

export interface NamedImages {
    /** Each named image's reference (`repository:tag`, or the pushed digest of a build); undefined without a tag. */
    uris: Record<string, pulumi.Output<string> | undefined>;
    /** Each managed repository's URL (images outside the stack have none). */
    repositoryUrls: Record<string, pulumi.Output<string>>;
    /** The managed repositories the CI push role may also push to. */
    pushRepositoryArns: pulumi.Output<string>[];
}

/** A RegistryRepo per managed named image, with its lifecycle; an outside image is only referenced. */
export function createNamedImages(config: Pick<StackConfig, "images" | "imageTags" | "app" | "protect" | "retainOnDelete">, iamPath: string, permissionsBoundary: pulumi.Input<string> | undefined, tags: Record<string, string>): NamedImages {
    const out: NamedImages = { uris: {}, repositoryUrls: {}, pushRepositoryArns: [] };
    const platform = config.app.cpuArchitecture === "ARM64" ? ImagePlatform.linuxArm64 : ImagePlatform.linuxAmd64;
    for (const [name, image] of Object.entries(config.images)) {
        const tag = config.imageTags[name];
        if (image.repository !== undefined) {
            out.uris[name] = tag === undefined ? undefined : pulumi.output(`${image.repository}:${tag}`);
            continue;
        }
        const repo = new RegistryRepo(name, {
            imageTag: tag,
            keepTaggedImages: image.keepTaggedImages,
            untaggedExpiryDays: image.untaggedExpiryDays,
            protect: config.protect,
            retainOnDelete: config.retainOnDelete,
            forceDelete: image.deleteImagesWithRepository ?? false,
            // A build into immutable tags needs one: without any tag yet (first deploy) only the repository is made.
            build: tag !== undefined && image.build ? { ...image.build, platform } : undefined,
            iamPath,
            permissionsBoundary,
            tags,
        });
        out.uris[name] = repo.imageUri;
        out.repositoryUrls[name] = repo.repositoryUrl;
        out.pushRepositoryArns.push(repo.repository.arn);
    }
    return out;
}
