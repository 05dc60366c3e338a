import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Check, known, show } from "../internal/validation";
import { awsLocation, checkKmsKeyArn } from "../internal/arns";
import { BOOTSTRAP_IGNORES, IAM_PATH, InputStatement, policyDocument, serviceTrustPolicy, webIdentityTrustPolicy } from "../internal/iam";
import { namePrefix, physicalName } from "../internal/names";
import { WATCH_ROLLOUT_ACTIONS, watchRolloutResources } from "../internal/boundary";
import { CiProvider, ImagePlatform } from "../enums";
import { requireOptional } from "../internal/optional-package";

/** Build and push the image at deploy time. Needs a Docker engine where `pulumi up` runs. */
export interface ImageBuildArgs {
    /** Build context directory, e.g. `"../app"`. */
    context: string;
    /**
     * Dockerfile path.
     * Default: "<context>/Dockerfile".
     * @default "<context>/Dockerfile"
     */
    dockerfile?: string | undefined;
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
    args?: Record<string, string> | undefined;
    /**
     * Multi-stage target.
     * Default: the last stage.
     * @default - the last stage
     */
    target?: string | undefined;
}

/**
 * CI jobs allowed to push to this repository, with no stored AWS keys: a role that may push images
 * here and nowhere else, assumed through OIDC (GitHub Actions, GitLab CI, CircleCI) or by an AWS
 * CodeBuild project (its service role). It may also read (only read) the ECS services and service
 * deployments of clusters named `<project>-<stack>-…`, so CI's `fargate-kit wait` can tell a
 * rolled-back deploy from a good one.
 */
export interface CiPushArgs {
    /** `"github"` (GitHub Actions), `"gitlab"` (gitlab.com CI), `"circleci"` or `"codebuild"`. */
    provider: CiProvider;
    /** The app repository, e.g. `"acme/laravel-app"` (for CodeBuild: its source, as a label). */
    repository: string;
    /**
     * Branches whose jobs may push (GitHub, GitLab: their tokens name the branch).
     * Default: ["main"] (GitHub, GitLab); CircleCI and CodeBuild take none.
     * @default ["main"] (GitHub, GitLab)
     */
    branches?: string[] | undefined;
    /**
     * CircleCI: the organization ID (Organization Settings → Overview), a UUID; the issuer is
     * `https://oidc.circleci.com/org/<id>` and the token's audience.
     * Default: required with circleci.
     * @default - required with `provider: "circleci"`
     */
    circleciOrganizationId?: string | undefined;
    /**
     * CircleCI: the project ID (Project Settings → Overview), a UUID: only this project's jobs may
     * push (subjects `org/<org>/project/<project>/user/*`).
     * Default: required with circleci.
     * @default - required with `provider: "circleci"`
     */
    circleciProjectId?: string | undefined;
    /**
     * CodeBuild: the build project's name; the role is its service role (CodeBuild assumes it for
     * this project only) and may also write the project's build logs.
     * Default: required with codebuild.
     * @default - required with `provider: "codebuild"`
     */
    codeBuildProject?: string | undefined;
    /**
     * The account's existing IAM OIDC provider for the CI (one per URL per account).
     * Default: one is created.
     * @default - one is created
     */
    oidcProviderArn?: pulumi.Input<string> | undefined;
}

/** OIDC issuers and the token claims CI pushes are trusted by (CodeBuild assumes its role as a service). */
const CI_ISSUERS = {
    // GitHub: aws-actions/configure-aws-credentials requests audience sts.amazonaws.com.
    github: { url: "https://token.actions.githubusercontent.com", audience: "sts.amazonaws.com", subject: (repo: string, branch: string) => `repo:${repo}:ref:refs/heads/${branch}` },
    // GitLab: the job's id_tokens entry sets aud to https://gitlab.com (see examples/ci/gitlab-ci.yml).
    gitlab: { url: "https://gitlab.com", audience: "https://gitlab.com", subject: (repo: string, branch: string) => `project_path:${repo}:ref_type:branch:ref:${branch}` },
} as const;

/**
 * CircleCI: one issuer per organization, whose ID is also the audience; subjects are
 * `org/<org>/project/<project>/user/<user>`. Its tokens carry the branch only in a custom claim,
 * which IAM conditions cannot read: restrict branches with a CircleCI context instead.
 */
const circleciIssuer = (org: string, project: string) => ({ url: `https://oidc.circleci.com/org/${org}`, audience: org, subjects: [`org/${org}/project/${project}/user/*`] });

export interface RegistryRepoArgs {
    /**
     * Tag to deploy, normally the git commit SHA that CI built and pushed. Deploys and rollbacks
     * are by tag: deploying an earlier SHA is a rollback.
     * Default: no `imageUri` unless `build` is set.
     * @default - no `imageUri` unless `build` is set
     */
    imageTag?: pulumi.Input<string> | undefined;
    /**
     * How many tagged images to keep; older ones expire. Keep enough to roll back to.
     * A whole number.
     * Default: 30.
     * @default 30
     */
    keepTaggedImages?: number | undefined;
    /**
     * Days before untagged images (superseded layers, failed pushes) expire.
     * A whole number.
     * Default: 1.
     * @default 1
     */
    untaggedExpiryDays?: number | undefined;
    /**
     * Tags cannot be overwritten, so a tag always means the same image (Security Hub ECR.2).
     * Default: true.
     * @default true
     */
    immutableTags?: boolean | undefined;
    /**
     * Customer-managed KMS key for the repository.
     * Default: AES-256 with an AWS-owned key.
     * @default - AES-256 with an AWS-owned key
     */
    kmsKeyArn?: pulumi.Input<string> | undefined;
    /**
     * Refuse to delete the repository (Pulumi's `protect`). Use in prod.
     * Default: false.
     * @default false
     */
    protect?: boolean | undefined;
    /**
     * Leave the repository and its images in AWS when it is removed from the stack or the stack
     * is destroyed, independent of `protect`.
     * Default: the value of `protect`.
     * @default - the value of `protect`
     */
    retainOnDelete?: boolean | undefined;
    /**
     * Delete the images with the repository (ECR refuses to delete a repository that holds any).
     * Default: true when neither protected nor retained.
     * @default - true when neither protected nor retained
     */
    forceDelete?: boolean | undefined;
    /**
     * Build from a Dockerfile and push during `pulumi up` instead of taking a tag from CI.
     * Default: none: CI builds and pushes, and supplies `imageTag`.
     * @default - none: CI builds and pushes, and supplies `imageTag`
     */
    build?: ImageBuildArgs | undefined;
    /**
     * IAM path of the CI push role.
     * Default: "/".
     * @default "/"
     */
    iamPath?: string | undefined;
    /**
     * Permissions boundary of every role this creates (e.g. \`PulumiDeployments.permissionsBoundaryArn\`):
     * whatever policy a role is given, it can do no more than the boundary allows.
     * Default: none.
     * @default - none
     */
    permissionsBoundary?: pulumi.Input<string> | undefined;
    /**
     * Tags of every resource this component creates.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;

    /**
     * Let CI push images through OIDC: creates a role only that repository's jobs on the given
     * branches can assume, allowed to push to this repository only.
     * Default: no CI role.
     * @default - no CI role
     */
    ciPush?: CiPushArgs | undefined;
    /**
     * More repositories the CI push role may push to: the ARNs of the app's other images'
     * repositories (one role for every image of a stack, allowed exactly those).
     * Default: only this repository.
     * @default - only this repository
     */
    ciPushRepositoryArns?: pulumi.Input<string>[] | undefined;
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
        // Validated before the component registers: a refused input creates nothing, not even the component.
        validateRegistryRepoArgs(Check.root(), args).throwIfFailed(`RegistryRepo "${name}"`);
        super("fargate-kit:index:RegistryRepo", name, {}, opts);

        this.repository = this.createRepository(name, args);
        this.createLifecyclePolicy(name, args);
        this.repositoryUrl = this.repository.repositoryUrl;
        this.imageUri = args.build ? this.buildImage(name, args.build, args.imageTag) : args.imageTag !== undefined ? this.imageRef(args.imageTag) : undefined;
        this.ciPushRole = args.ciPush ? this.createCiPushRole(name, args.ciPush, args.iamPath, args.permissionsBoundary, args.tags, args.ciPushRepositoryArns) : undefined;
        this.registerOutputs({ repository: this.repository, repositoryUrl: this.repositoryUrl, imageUri: this.imageUri, ciPushRole: this.ciPushRole });
    }

    /** The image reference for a tag in this repository. */
    imageRef(tag: pulumi.Input<string>): pulumi.Output<string> {
        return pulumi.interpolate`${this.repository.repositoryUrl}:${tag}`;
    }

    private createRepository(name: string, args: RegistryRepoArgs): aws.ecr.Repository {
        const protect = args.protect ?? false;
        const retainOnDelete = args.retainOnDelete ?? protect;
        return new aws.ecr.Repository(
            name,
            {
                name: physicalName(name, { max: 256, lower: true }),
                imageTagMutability: args.immutableTags === false ? "MUTABLE" : "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [args.kmsKeyArn ? { encryptionType: "KMS", kmsKey: args.kmsKeyArn } : { encryptionType: "AES256" }],
                // Neither protected nor retained (stage): `pulumi destroy` removes the repository with its images.
                forceDelete: args.forceDelete ?? (!protect && !retainOnDelete),
                tags: args.tags,
            },
            { parent: this, protect, retainOnDelete },
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

    /** Who may assume the push role: a CI's OIDC tokens, or one CodeBuild project. */
    private ciTrustPolicy(name: string, ci: CiPushArgs, tags: Record<string, string> | undefined): pulumi.Output<string> {
        if (ci.provider === "codebuild") {
            const where = awsLocation(this);
            return serviceTrustPolicy("codebuild.amazonaws.com", where.accountId, pulumi.interpolate`arn:${where.partition}:codebuild:${where.region}:${where.accountId}:project/${ci.codeBuildProject}`);
        }
        const issuer =
            ci.provider === "circleci"
                ? circleciIssuer(ci.circleciOrganizationId!, ci.circleciProjectId!)
                : { url: CI_ISSUERS[ci.provider].url, audience: CI_ISSUERS[ci.provider].audience, subjects: (ci.branches ?? ["main"]).map((b) => CI_ISSUERS[ci.provider as "github" | "gitlab"].subject(ci.repository, b)) };
        const providerArn =
            ci.oidcProviderArn !== undefined
                // Account-wide, one per issuer: another stack (prod beside stage) may use it by oidcProviderArn,
                // so destroying this stack leaves it (retainOnDelete).
                ? pulumi.output(ci.oidcProviderArn)
                // Made by the bootstrap (the deploy role may not create or tag OIDC providers): its tags stay as created.
                : new aws.iam.OpenIdConnectProvider(`${name}-ci-oidc`, { url: issuer.url, clientIdLists: [issuer.audience], tags }, { parent: this, retainOnDelete: true, ignoreChanges: BOOTSTRAP_IGNORES }).arn;
        return webIdentityTrustPolicy(providerArn, issuer.url.replace("https://", ""), issuer.audience, issuer.subjects);
    }

    private createCiPushRole(name: string, ci: CiPushArgs, path: string | undefined, permissionsBoundary: pulumi.Input<string> | undefined, tags: Record<string, string> | undefined, extraRepositories?: pulumi.Input<string>[]): aws.iam.Role {
        const role = new aws.iam.Role(
            `${name}-ci-push`,
            {
                namePrefix: namePrefix(`${name}-ci-push`, 38),
                description: `CI of ${ci.repository} pushes images to ${name}`,
                path,
                permissionsBoundary,
                tags,
                assumeRolePolicy: this.ciTrustPolicy(name, ci, tags),
                maxSessionDuration: 3600,
            },
            { parent: this },
        );
        const where = awsLocation(this);
        // A CodeBuild service role also writes the build's logs (CodeBuild's default log group).
        const buildLogs: InputStatement[] =
            ci.provider === "codebuild"
                ? [{ Sid: "BuildLogs", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: [pulumi.interpolate`arn:${where.partition}:logs:${where.region}:${where.accountId}:log-group:/aws/codebuild/${ci.codeBuildProject}:*`] }]
                : [];
        new aws.iam.RolePolicy(
            `${name}-ci-push`,
            {
                role: role.name,
                policy: policyDocument([
                    { Sid: "EcrLogin", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
                    {
                        Sid: "PushHere",
                        Action: ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:DescribeImages"],
                        Resource: [this.repository.arn, ...(extraRepositories ?? [])],
                    },
                    ...buildLogs,
                    // Reads only: after starting a deploy, CI's `fargate-kit wait` sees whether ECS rolled it back.
                    {
                        Sid: "WatchRollouts",
                        Action: [...WATCH_ROLLOUT_ACTIONS],
                        Resource: watchRolloutResources((resource) => pulumi.interpolate`arn:${where.partition}:ecs:${where.region}:${where.accountId}:${resource}`, `${pulumi.getProject()}-${pulumi.getStack()}`),
                    },
                ]),
            },
            { parent: this },
        );
        return role;
    }

    private buildImage(name: string, build: ImageBuildArgs, tag: pulumi.Input<string> | undefined): pulumi.Output<string> {
        // Loaded only when used: awsx is a plugin-backed component (needs Docker at deploy time).
        const awsxEcr = requireOptional<typeof import("@pulumi/awsx/ecr")>("@pulumi/awsx/ecr", "@pulumi/awsx", `RegistryRepo "${name}"`);
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
        ci.at("provider").oneOf(args.ciPush.provider, Object.values(CiProvider));
        const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
        const onlyWith = (key: "circleciOrganizationId" | "circleciProjectId" | "codeBuildProject", provider: string) => {
            if (args.ciPush![key] !== undefined && args.ciPush!.provider !== provider) ci.at(key).fail(`is set, but provider is ${show(args.ciPush!.provider)}; it applies only to ${show(provider)}`);
        };
        onlyWith("circleciOrganizationId", "circleci");
        onlyWith("circleciProjectId", "circleci");
        onlyWith("codeBuildProject", "codebuild");
        if (args.ciPush.provider === "circleci") {
            for (const key of ["circleciOrganizationId", "circleciProjectId"] as const) {
                const v = args.ciPush[key];
                if (v === undefined) ci.at(key).fail("is missing; CircleCI's OIDC trust needs the organization and project IDs (UUIDs from CircleCI's settings)");
                else ci.at(key).matches(v, UUID, "a CircleCI ID, a lower-case UUID");
            }
        }
        if (args.ciPush.provider === "codebuild") {
            if (args.ciPush.codeBuildProject === undefined) ci.at("codeBuildProject").fail("is missing; the role is the service role of one CodeBuild project: give its name");
            else ci.at("codeBuildProject").matches(args.ciPush.codeBuildProject, /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/, "a CodeBuild project name (letters, digits, - and _)");
        }
        if ((args.ciPush.provider === "circleci" || args.ciPush.provider === "codebuild") && args.ciPush.branches !== undefined) {
            ci.at("branches").fail(`is set, but ${args.ciPush.provider === "circleci" ? "CircleCI tokens name the branch only in a claim IAM cannot check; restrict the project's context to the branch in CircleCI" : "CodeBuild assumes the role for the project, whatever the branch; set the project's source branch or webhook filter"}`);
        }
        if (args.ciPush.provider === "codebuild" && args.ciPush.oidcProviderArn !== undefined) ci.at("oidcProviderArn").fail("is set, but CodeBuild assumes its service role without OIDC");
        if (args.ciPush.provider === "codebuild") ci.at("repository").matches(args.ciPush.repository, /^[A-Za-z0-9_.\/-]+$/, 'the source repository\'s name, e.g. "laravel-app"');
        else ci.at("repository").matches(args.ciPush.repository, /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/, 'a repository such as "acme/laravel-app"');
        (args.ciPush.branches ?? []).forEach((b, i) => ci.at("branches").at(i).matches(b, /^[A-Za-z0-9._\/*-]+$/, 'a branch name (or glob) such as "main"'));
    }
    if (args.build) {
        check.at("build").at("platform").oneOf(args.build.platform, Object.values(ImagePlatform));
        if (args.imageTag === undefined && args.immutableTags !== false) {
            check.at("imageTag").fail("is missing; a build into a repository with immutable tags needs a unique tag per build, e.g. the git SHA");
        }
        if (!args.build.context) {
            check.at("build").at("context").fail("is missing; give the directory to build");
        }
    }
    return check;
}
