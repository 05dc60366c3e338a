import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Check, known } from "./internal/validation";
import { checkKmsKeyArn } from "./internal/arns";
import { IAM_PATH, policyDocument, webIdentityTrustPolicy } from "./internal/iam";
import { namePrefix, physicalName } from "./internal/names";
import { ImagePlatform, VcsProvider } from "./enums";

/** Build and push the image at deploy time. Needs a Docker engine where `pulumi up` runs. */
export interface ImageBuildArgs {
    /** Build context directory, e.g. `"../app"`. */
    context: string;
    /**
     * Dockerfile path.
     * Default: "<context>/Dockerfile".
     * @default "<context>/Dockerfile"
     */
    dockerfile?: string;
    /**
     * Target platform; match the task's cpuArchitecture.
     * Default: "linux/amd64".
     * @default "linux/amd64"
     */
    platform?: ImagePlatform;
    /**
     * Build arguments.
     * Default: none.
     * @default - none
     */
    args?: Record<string, string>;
    /**
     * Multi-stage target.
     * Default: the last stage.
     * @default - the last stage
     */
    target?: string;
}

/**
 * CI jobs allowed to push to this repository through OIDC (no stored AWS keys): a role they
 * assume that may push images here and nowhere else.
 */
export interface CiPushArgs {
    /** `"github"` (GitHub Actions) or `"gitlab"` (gitlab.com CI). */
    provider: VcsProvider;
    /** The app repository, e.g. `"acme/laravel-app"`. */
    repository: string;
    /**
     * Branches whose jobs may push.
     * Default: ["main"].
     * @default ["main"]
     */
    branches?: string[];
    /**
     * The account's existing IAM OIDC provider for the CI (one per URL per account).
     * Default: one is created.
     * @default - one is created
     */
    oidcProviderArn?: pulumi.Input<string>;
}

/** OIDC issuers and the token claims CI pushes are trusted by. */
const CI_ISSUERS = {
    // GitHub: aws-actions/configure-aws-credentials requests audience sts.amazonaws.com.
    github: { url: "https://token.actions.githubusercontent.com", audience: "sts.amazonaws.com", subject: (repo: string, branch: string) => `repo:${repo}:ref:refs/heads/${branch}` },
    // GitLab: the job's id_tokens entry sets aud to https://gitlab.com (see the README's example).
    gitlab: { url: "https://gitlab.com", audience: "https://gitlab.com", subject: (repo: string, branch: string) => `project_path:${repo}:ref_type:branch:ref:${branch}` },
} as const;

export interface RegistryRepoArgs {
    /**
     * Tag to deploy, normally the git commit SHA that CI built and pushed. Deploys and rollbacks
     * are by tag: deploying an earlier SHA is a rollback.
     * Default: no `imageUri` unless `build` is set.
     * @default - no `imageUri` unless `build` is set
     */
    imageTag?: pulumi.Input<string>;
    /**
     * How many tagged images to keep; older ones expire. Keep enough to roll back to.
     * A whole number.
     * Default: 30.
     * @default 30
     */
    keepTaggedImages?: number;
    /**
     * Days before untagged images (superseded layers, failed pushes) expire.
     * A whole number.
     * Default: 1.
     * @default 1
     */
    untaggedExpiryDays?: number;
    /**
     * Tags cannot be overwritten, so a tag always means the same image (Security Hub ECR.2).
     * Default: true.
     * @default true
     */
    immutableTags?: boolean;
    /**
     * Customer-managed KMS key for the repository.
     * Default: AES-256 with an AWS-owned key.
     * @default - AES-256 with an AWS-owned key
     */
    kmsKeyArn?: pulumi.Input<string>;
    /**
     * Refuse to delete the repository and its images (`protect` + `retainOnDelete`). Use in prod.
     * Default: false.
     * @default false
     */
    protect?: boolean;
    /**
     * Build from a Dockerfile and push during `pulumi up` instead of taking a tag from CI.
     * Default: none: CI builds and pushes, and supplies `imageTag`.
     * @default - none: CI builds and pushes, and supplies `imageTag`
     */
    build?: ImageBuildArgs;
    /**
     * IAM path of the CI push role.
     * Default: "/".
     * @default "/"
     */
    iamPath?: string;
    /**
     * Tags of every resource this component creates.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string>;

    /**
     * Let CI push images through OIDC: creates a role only that repository's jobs on the given
     * branches can assume, allowed to push to this repository only.
     * Default: no CI role.
     * @default - no CI role
     */
    ciPush?: CiPushArgs;
}

/**
 * An ECR repository with scan on push, immutable tags, encryption and a lifecycle policy that
 * keeps the last N tagged images and expires untagged ones after a day.
 *
 * @example
 * const repo = new RegistryRepo("app", { imageTag: process.env.IMAGE_TAG, protect: true });
 * // repo.imageUri -> 123456789012.dkr.ecr.us-east-1.amazonaws.com/app-1a2b3c4:3f2c1ab
 */
export class RegistryRepo extends pulumi.ComponentResource {
    readonly repository: aws.ecr.Repository;
    readonly repositoryUrl: pulumi.Output<string>;
    /** `repositoryUrl:imageTag` (or the pushed digest when `build` is used); undefined without a tag or build. */
    readonly imageUri: pulumi.Output<string> | undefined;
    /** The role CI assumes to push, when `ciPush` is set. */
    readonly ciPushRole: aws.iam.Role | undefined;

    constructor(name: string, args: RegistryRepoArgs, opts?: pulumi.ComponentResourceOptions) {
        super("fargate-kit:index:RegistryRepo", name, {}, opts);
        validateRegistryRepoArgs(Check.root(), args).throwIfFailed(`RegistryRepo "${name}"`);

        this.repository = this.createRepository(name, args);
        this.createLifecyclePolicy(name, args);
        this.repositoryUrl = this.repository.repositoryUrl;
        this.imageUri = args.build ? this.buildImage(name, args.build, args.imageTag) : args.imageTag !== undefined ? this.imageRef(args.imageTag) : undefined;
        this.ciPushRole = args.ciPush ? this.createCiPushRole(name, args.ciPush, args.iamPath, args.tags) : undefined;
        this.registerOutputs({ repository: this.repository, repositoryUrl: this.repositoryUrl, imageUri: this.imageUri, ciPushRole: this.ciPushRole });
    }

    /** The image reference for a tag in this repository. */
    imageRef(tag: pulumi.Input<string>): pulumi.Output<string> {
        return pulumi.interpolate`${this.repository.repositoryUrl}:${tag}`;
    }

    private createRepository(name: string, args: RegistryRepoArgs): aws.ecr.Repository {
        const protect = args.protect ?? false;
        return new aws.ecr.Repository(
            name,
            {
                name: physicalName(name, { max: 256, lower: true }),
                imageTagMutability: args.immutableTags === false ? "MUTABLE" : "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [args.kmsKeyArn ? { encryptionType: "KMS", kmsKey: args.kmsKeyArn } : { encryptionType: "AES256" }],
                forceDelete: false,
                tags: args.tags,
            },
            { parent: this, protect, retainOnDelete: protect },
        );
    }

    private createLifecyclePolicy(name: string, args: RegistryRepoArgs): void {
        const policy = {
            rules: [
                {
                    rulePriority: 1,
                    description: `Expire untagged images after ${args.untaggedExpiryDays ?? 1} day(s)`,
                    selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: args.untaggedExpiryDays ?? 1 },
                    action: { type: "expire" },
                },
                {
                    rulePriority: 2,
                    description: `Keep the last ${args.keepTaggedImages ?? 30} tagged images`,
                    selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: args.keepTaggedImages ?? 30 },
                    action: { type: "expire" },
                },
            ],
        };
        new aws.ecr.LifecyclePolicy(name, { repository: this.repository.name, policy: JSON.stringify(policy) }, { parent: this });
    }

    private createCiPushRole(name: string, ci: CiPushArgs, path: string | undefined, tags: Record<string, string> | undefined): aws.iam.Role {
        const issuer = CI_ISSUERS[ci.provider];
        const host = issuer.url.replace("https://", "");
        const providerArn =
            ci.oidcProviderArn !== undefined
                ? pulumi.output(ci.oidcProviderArn)
                : new aws.iam.OpenIdConnectProvider(`${name}-ci-oidc`, { url: issuer.url, clientIdLists: [issuer.audience], tags }, { parent: this }).arn;
        const role = new aws.iam.Role(
            `${name}-ci-push`,
            {
                namePrefix: namePrefix(`${name}-ci-push`, 38),
                description: `CI of ${ci.repository} pushes images to ${name}`,
                path,
                tags,
                assumeRolePolicy: webIdentityTrustPolicy(
                    providerArn,
                    host,
                    issuer.audience,
                    (ci.branches ?? ["main"]).map((b) => issuer.subject(ci.repository, b)),
                ),
                maxSessionDuration: 3600,
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-ci-push`,
            {
                role: role.name,
                policy: policyDocument([
                    { Sid: "EcrLogin", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
                    {
                        Sid: "PushHere",
                        Action: ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:DescribeImages"],
                        Resource: [this.repository.arn],
                    },
                ]),
            },
            { parent: this },
        );
        return role;
    }

    private buildImage(name: string, build: ImageBuildArgs, tag: pulumi.Input<string> | undefined): pulumi.Output<string> {
        // Loaded only when used: awsx is a plugin-backed component (needs Docker at deploy time).
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        const awsxEcr: typeof import("@pulumi/awsx/ecr") = require("@pulumi/awsx/ecr");
        const image = new awsxEcr.Image(
            `${name}-image`,
            {
                repositoryUrl: this.repository.repositoryUrl,
                context: build.context,
                dockerfile: build.dockerfile,
                platform: build.platform ?? "linux/amd64",
                args: build.args,
                target: build.target,
                imageTag: tag,
            },
            { parent: this },
        );
        return image.imageUri;
    }
}

export function validateRegistryRepoArgs(check: Check, args: RegistryRepoArgs): Check {
    check.at("keepTaggedImages").intRange(args.keepTaggedImages, 1, 1000, "images");
    check.at("iamPath").matches(args.iamPath, IAM_PATH, 'an IAM path such as "/fargate-kit/shop/prod/" (starts and ends with "/")');
    check.at("untaggedExpiryDays").intRange(args.untaggedExpiryDays, 1, 3650, "days");
    const tag = known(args.imageTag);
    if (tag !== undefined) {
        check.at("imageTag").matches(tag, /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "a Docker tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'), e.g. a git SHA");
    }
    if (args.kmsKeyArn !== undefined) {
        checkKmsKeyArn(check.at("kmsKeyArn"), args.kmsKeyArn);
    }
    if (args.ciPush) {
        const ci = check.at("ciPush");
        ci.at("provider").oneOf(args.ciPush.provider, ["github", "gitlab"]);
        ci.at("repository").matches(args.ciPush.repository, /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/, 'a repository such as "acme/laravel-app"');
        (args.ciPush.branches ?? []).forEach((b, i) => ci.at("branches").at(i).matches(b, /^[A-Za-z0-9._\/*-]+$/, 'a branch name (or glob) such as "main"'));
    }
    if (args.build) {
        check.at("build").at("platform").oneOf(args.build.platform, ["linux/amd64", "linux/arm64"]);
        if (args.imageTag === undefined && args.immutableTags !== false) {
            check.at("imageTag").fail("is missing; a build into a repository with immutable tags needs a unique tag per build, e.g. the git SHA");
        }
        if (!args.build.context) {
            check.at("build").at("context").fail("is missing; give the directory to build");
        }
    }
    return check;
}
