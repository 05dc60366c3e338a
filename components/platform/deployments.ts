import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsLocation } from "../internal/arns";
import { DEPLOYER_ACTIONS_ON_ANY_RESOURCE, DEPLOYER_ACTIONS_ON_ANY_RESOURCE_IF_NARROWED, deployerStatements } from "../internal/deployer-policy";
import { BOUNDARY_ACTIONS_ON_ANY_RESOURCE, BOUNDARY_SSM_AGENT, BoundaryExternals, boundaryPolicyName, boundaryStatements } from "../internal/boundary";
import { ACTIONS_ALLOWED_ON_ANY_RESOURCE, BOOTSTRAP_IGNORES, IAM_PATH, renderPolicy, stackRolePath, webIdentityTrustPolicy } from "../internal/iam";
import { namePrefix } from "../internal/names";
import { requireOptional } from "../internal/optional-package";
import { Check, show } from "../internal/validation";
import { ENV_NAME } from "../task/secrets";
import { VcsProvider } from "../enums";
import { GitCredentials, checkCodeCommitRepository, codeCommitLocation, createPushTrigger } from "./codecommit";

/** Pulumi's OIDC issuer for Deployments (and ESC). */
export const PULUMI_OIDC_URL = "https://api.pulumi.com/oidc";

export interface PulumiDeploymentsArgs {
    /** Pulumi organization, e.g. `"acme"` (the OIDC audience; compared case-sensitively). */
    organization: string;
    /**
     * Source repository: `"owner/name"` (GitHub), `"group/project"` (GitLab), or a CodeCommit
     * repository's name or ARN (in the stack's account and region).
     */
    repository: string;
    /**
     * Where the repository lives. `"codecommit"` needs `gitCredentials`, and `pulumiAccessToken`
     * for push-to-deploy (see docs/deployments.md).
     * Default: "github".
     * @default "github"
     */
    vcsProvider?: VcsProvider;
    /**
     * HTTPS Git credentials Pulumi Deployments clones a CodeCommit repository with (an IAM user's
     * service-specific credentials for CodeCommit); required with `vcsProvider: "codecommit"`. The
     * password is sent as a secret.
     * Default: none (GitHub and GitLab use Pulumi's VCS integrations).
     * @default - none (GitHub and GitLab use Pulumi's VCS integrations)
     */
    gitCredentials?: GitCredentials | undefined;
    /**
     * Pulumi access token that EventBridge sends to the Deployments API on each push to `branch`
     * of a CodeCommit repository; required with `vcsProvider: "codecommit"` and `pushToDeploy`. It
     * is kept in the Secrets Manager secret of the EventBridge connection, and as a secret in state.
     * Default: none.
     * @default - none
     */
    pulumiAccessToken?: pulumi.Input<string> | undefined;
    /**
     * Branch whose pushes deploy this stack (stage: `"main"`; prod: a release branch).
     * Default: "main".
     * @default "main"
     */
    branch?: string | undefined;
    /**
     * Deploy on push to `branch`. False: deploy only when someone starts a deployment.
     * Default: true.
     * @default true
     */
    pushToDeploy?: boolean | undefined;
    /**
     * Run `pulumi preview` on pull requests (GitHub and GitLab; CodeCommit has no such trigger).
     * Default: true (false with CodeCommit).
     * @default true
     */
    previewPullRequests?: boolean | undefined;
    /**
     * Only pushes touching these paths deploy (globs; `!` excludes). Not with CodeCommit, whose
     * push events do not list the files a push changed.
     * Default: the program, its stack files and lock file (see `defaultDeployPaths`)
     * @default - the program, its stack files and lock file (see `defaultDeployPaths`)
     */
    paths?: string[] | undefined;
    /**
     * Folder of the repository holding `Pulumi.yaml`.
     * Default: the repository root.
     * @default - the repository root
     */
    repoDir?: string | undefined;
    /**
     * Commands run before each operation.
     * Default: none.
     * @default - none
     */
    preRunCommands?: string[] | undefined;
    /**
     * Environment variables of each operation; Pulumi secrets stay secret.
     * Default: none.
     * @default - none
     */
    environmentVariables?: Record<string, pulumi.Input<string>> | undefined;
    /**
     * An existing IAM OIDC provider for `https://api.pulumi.com/oidc` (an account has one per URL):
     * the stack that created it owns it; other stacks in the account adopt it. Its audiences must
     * include `organization`.
     * Default: this stack creates the provider.
     * @default - this stack creates the provider
     */
    oidcProviderArn?: pulumi.Input<string> | undefined;
    /**
     * Session length of the deploy role, e.g. `"1h"` or `"2h30m"`, from 15 minutes to 12 hours:
     * a whole `pulumi up` (a migration, every rollout, bake times) must finish inside it, since
     * expired credentials can neither watch nor stop what it started. The role's maximum session
     * follows it.
     * Default: "1h".
     * @default "1h"
     */
    sessionDuration?: string | undefined;
    /**
     * Whether the stack runs NAT instances (`Network` with `nat: "instance"`): only then may the
     * deploy role launch EC2 instances (through a launch template) and pass the NAT role to EC2.
     * Default: false.
     * @default false
     */
    natInstances?: boolean | undefined;
    /**
     * Resources outside the stack its roles may use, named in the stack file (secrets,
     * parameters, keys, adopted queues and load balancers, outside ECR images, the task roles' own
     * statements): they join the permissions boundary every stack role carries.
     * Default: none (only the stack's own resources).
     * @default - none (only the stack's own resources)
     */
    boundaryExternals?: BoundaryExternals | undefined;
    /**
     * Extra managed policies for the deploy role, beyond what a fargate-kit stack needs
     * (e.g. for resources your program adds).
     * Default: none.
     * @default - none
     */
    deployRolePolicyArns?: pulumi.Input<string>[] | undefined;
    /**
     * IAM path of the roles the stack creates (pass the same `iamPath` to its components). The
     * deploy role may create, change and pass only roles under it.
     * Default: `/fargate-kit/<project>/<stack>/`.
     * @default - `/fargate-kit/<project>/<stack>/`
     */
    stackRolePath?: string | undefined;
    /**
     * Tags of every resource this component creates.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;
    /**
     * Pulumi project.
     * Default: the running project.
     * @default - the running project
     */
    project?: string | undefined;
    /**
     * Pulumi stack.
     * Default: the running stack.
     * @default - the running stack
     */
    stack?: string | undefined;
}

/** The IAM path of deploy roles: outside every stack's role path (`/fargate-kit/…`). */
export const DEPLOY_ROLE_PATH = "/fargate-kit-deploy/";


/** The paths whose changes redeploy the program (relative to repoDir). */
export function defaultDeployPaths(stack: string, repoDir?: string): string[] {
    const at = (p: string) => (repoDir ? `${repoDir.replace(/\/$/, "")}/${p}` : p);
    return ["Pulumi.yaml", `Pulumi.${stack}.yaml`, "index.ts", "components/**", "stack/**", "package.json", "package-lock.json"].map(at);
}

/**
 * Pulumi Deployments for this stack: on push to `branch` (and a preview on pull requests), with
 * AWS credentials by OIDC. Creates (or adopts) the IAM OIDC provider for Pulumi, a deploy role
 * that only this organization's deployments of this project and stack can assume, with the
 * permissions a fargate-kit stack needs in this account and region, and the stack's own
 * `pulumiservice.DeploymentSettings`.
 *
 * The `pulumiservice` provider needs a Pulumi access token where `pulumi up` runs
 * (`PULUMI_ACCESS_TOKEN`); Pulumi Deployments supplies one.
 */
/**
 * Each component's DeploymentSettings: kept off the class, so that other languages' SDKs (which
 * see every property as an output) need no pulumiservice package.
 */
const deploymentSettings = new WeakMap<PulumiDeployments, pulumi.CustomResource>();

export class PulumiDeployments extends pulumi.ComponentResource {
    readonly deployRole: aws.iam.Role;
    readonly oidcProviderArn: pulumi.Output<string>;
    /** The DeploymentSettings resource's id: `<organization>/<project>/<stack>`. */
    readonly settingsId: pulumi.Output<string>;
    /**
     * The permissions boundary every role of the stack must carry (`permissionsBoundary` on the
     * components): the deploy role can create and change roles only with it.
     */
    readonly permissionsBoundaryArn: pulumi.Output<string>;

    /**
     * The stack's `pulumiservice.DeploymentSettings` resource (TypeScript only). Typed as a plain
     * resource so that the library's declarations need no `@pulumi/pulumiservice` in programs that
     * never use PulumiDeployments; for its typed outputs, narrow it:
     * `deployments.settings as import("@pulumi/pulumiservice").DeploymentSettings`.
     */
    get settings(): pulumi.CustomResource {
        return deploymentSettings.get(this)!;
    }

    constructor(name: string, args: PulumiDeploymentsArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers: a refused input creates nothing, not even the component.
        checkCodeCommitSecrets(validatePulumiDeploymentsArgs(Check.root(), args), args).throwIfFailed(`PulumiDeployments "${name}"`);
        super("fargate-kit:index:PulumiDeployments", name, {}, opts);
        // Before any resource: without the optional package nothing is created.
        const pulumiservice = requireOptional<typeof import("@pulumi/pulumiservice")>("@pulumi/pulumiservice", "@pulumi/pulumiservice", `PulumiDeployments "${name}"`);
        const project = args.project ?? pulumi.getProject();
        const stack = args.stack ?? pulumi.getStack();

        this.oidcProviderArn =
            args.oidcProviderArn !== undefined
                // Account-wide, one per issuer: another stack (prod beside stage) may use it by oidcProviderArn,
                // so destroying this stack leaves it (retainOnDelete).
                ? pulumi.output(args.oidcProviderArn)
                : new aws.iam.OpenIdConnectProvider(`${name}-oidc`, { url: PULUMI_OIDC_URL, clientIdLists: [args.organization], tags: args.tags }, { parent: this, retainOnDelete: true, ignoreChanges: BOOTSTRAP_IGNORES }).arn;
        this.permissionsBoundaryArn = this.createBoundary(name, args, project, stack);
        this.deployRole = this.createDeployRole(name, args, project, stack);
        const codeCommit = args.vcsProvider === VcsProvider.codecommit ? awsLocation(this).apply((loc) => codeCommitLocation(args.repository, loc)) : undefined;
        const settings = this.createSettings(pulumiservice, name, args, project, stack, codeCommit?.url);
        if (codeCommit && (args.pushToDeploy ?? true)) {
            const rolePath = args.stackRolePath ?? stackRolePath(project, stack);
            createPushTrigger(name, { organization: args.organization, project, stack, branch: args.branch ?? "main", repositoryArn: codeCommit.arn, pulumiAccessToken: args.pulumiAccessToken!, rolePath, permissionsBoundary: this.permissionsBoundaryArn, tags: args.tags }, this);
        }
        deploymentSettings.set(this, settings);
        this.settingsId = settings.id;
        this.registerOutputs({ deployRole: this.deployRole, oidcProviderArn: this.oidcProviderArn, settingsId: this.settingsId, permissionsBoundaryArn: this.permissionsBoundaryArn });
    }

    /**
     * The boundary, made in the same bootstrap as the deploy role and under its path: the deploy
     * role may read it, never change it (no policy or policy-version writes), and can create or
     * change a role only with it attached.
     */
    private createBoundary(name: string, args: PulumiDeploymentsArgs, project: string, stack: string): pulumi.Output<string> {
        const rolePath = args.stackRolePath ?? stackRolePath(project, stack);
        const external: BoundaryExternals = { secrets: [], ssmParameters: [], kmsKeys: [], queues: [], repositories: [], loadBalancers: [], statements: [], ...(args.boundaryExternals ?? {}) };
        const document = awsLocation(this).apply((loc) =>
            renderPolicy(boundaryStatements({ ...loc, stackRolePath: rolePath, physicalNamePrefix: `${project}-${stack}`, natInstances: args.natInstances ?? false, external, pushTrigger: pushTrigger(args) }), [...BOUNDARY_ACTIONS_ON_ANY_RESOURCE, ...BOUNDARY_SSM_AGENT]),
        );
        const policy = new aws.iam.Policy(
            `${name}-boundary`,
            { name: boundaryPolicyName(`${project}-${stack}`), path: DEPLOY_ROLE_PATH, description: `The most any role of ${project}/${stack} may do`, policy: document, tags: args.tags },
            { parent: this, ignoreChanges: BOOTSTRAP_IGNORES },
        );
        return policy.arn;
    }

    private createDeployRole(name: string, args: PulumiDeploymentsArgs, project: string, stack: string): aws.iam.Role {
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                namePrefix: namePrefix(`${name}-role`, 38),
                description: `Pulumi Deployments of ${args.organization}/${project}/${stack}`,
                // Outside the stack's role path: the deploy role cannot change its own permissions.
                path: DEPLOY_ROLE_PATH,
                tags: args.tags,
                assumeRolePolicy: deployTrustPolicy(this.oidcProviderArn, args.organization, project, stack),
                // STS refuses a session longer than the role's maximum (1–12 h): it follows sessionDuration.
                maxSessionDuration: Math.max(3600, sessionSeconds(args.sessionDuration)),
            },
            { parent: this, ignoreChanges: BOOTSTRAP_IGNORES },
        );
        const rolePath = args.stackRolePath ?? stackRolePath(project, stack);
        // The migration gate's task family (MigrationGate named "migrate", as the program names it).
        const migrationFamily = `${project}-${stack}-migrate`;
        const policy = awsLocation(this).apply((loc) => renderPolicy(deployerStatements({ ...loc, stackRolePath: rolePath, migrationFamily, physicalNamePrefix: `${project}-${stack}`, natInstances: args.natInstances ?? false, pushTrigger: pushTrigger(args), permissionsBoundaryArn: `arn:${loc.partition}:iam::${loc.accountId}:policy${DEPLOY_ROLE_PATH}${boundaryPolicyName(`${project}-${stack}`)}` }), [...ACTIONS_ALLOWED_ON_ANY_RESOURCE, ...DEPLOYER_ACTIONS_ON_ANY_RESOURCE, ...DEPLOYER_ACTIONS_ON_ANY_RESOURCE_IF_NARROWED]));
        new aws.iam.RolePolicy(`${name}-role`, { role: role.name, policy }, { parent: this });
        (args.deployRolePolicyArns ?? []).forEach((policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-role-extra-${i}`, { role: role.name, policyArn }, { parent: this }));
        return role;
    }

    /** `pulumiservice` is loaded only when used: the library works without the optional package. */
    private createSettings(pulumiservice: typeof import("@pulumi/pulumiservice"), name: string, args: PulumiDeploymentsArgs, project: string, stack: string, codeCommitUrl?: pulumi.Output<string>): pulumi.CustomResource {
        return new pulumiservice.DeploymentSettings(
            `${name}-settings`,
            {
                organization: args.organization,
                project,
                stack,
                // CodeCommit: no VCS integration; the plain git source, and the EventBridge push trigger.
                vcs: codeCommitUrl
                    ? undefined
                    : {
                          provider: args.vcsProvider ?? "github",
                          repository: args.repository,
                          deployCommits: args.pushToDeploy ?? true,
                          previewPullRequests: args.previewPullRequests ?? true,
                          paths: args.paths ?? defaultDeployPaths(stack, args.repoDir),
                      },
                sourceContext: {
                    git: {
                        branch: `refs/heads/${args.branch ?? "main"}`,
                        repoDir: args.repoDir,
                        ...(codeCommitUrl && args.gitCredentials
                            ? { repoUrl: codeCommitUrl, gitAuth: { basicAuth: { username: args.gitCredentials.username, password: pulumi.secret(args.gitCredentials.password) } } }
                            : {}),
                    },
                },
                operationContext: {
                    // Of deployments queued while one runs, only the newest runs: pushes that land
                    // close together never deploy an older commit after a newer one.
                    options: { skipIntermediateDeployments: true },
                    preRunCommands: args.preRunCommands,
                    environmentVariables: args.environmentVariables,
                    oidc: { aws: { roleARN: this.deployRole.arn, sessionName: "pulumi-deployments", duration: args.sessionDuration ?? "1h" } },
                },
            },
            { parent: this },
        );
    }
}

/**
 * Trust: only Pulumi's OIDC tokens for this organization (aud) and this project and stack, any
 * operation (sub), may assume the role.
 */
export function deployTrustPolicy(providerArn: pulumi.Input<string>, organization: string, project: string, stack: string): pulumi.Output<string> {
    return webIdentityTrustPolicy(providerArn, "api.pulumi.com/oidc", organization, `pulumi:deploy:org:${organization}:project:${project}:stack:${stack}:operation:*:scope:write`);
}

export function validatePulumiDeploymentsArgs(check: Check, args: PulumiDeploymentsArgs): Check {
    check.at("organization").matches(args.organization, /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$/, "a Pulumi organization name");
    check.at("vcsProvider").oneOf(args.vcsProvider, Object.values(VcsProvider));
    if (args.vcsProvider === VcsProvider.codecommit) checkCodeCommitArgs(check, args);
    else check.at("repository").matches(args.repository, /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/, 'a repository such as "acme/laravel-app"');
    check.at("branch").matches(args.branch, /^(?!refs\/)[A-Za-z0-9._\/-]+$/, 'a branch name such as "main" (without "refs/heads/")');
    check.at("stackRolePath").matches(args.stackRolePath, IAM_PATH, 'an IAM path such as "/fargate-kit/shop/prod/" (starts and ends with "/")');
    if (args.stackRolePath === "/") check.at("stackRolePath").fail('is "/", which would let the deploy role manage every role of the account; give the stack a path of its own');
    if (check.at("sessionDuration").matches(args.sessionDuration, /^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/, 'a duration such as "1h" or "45m"')) {
        const seconds = sessionSeconds(args.sessionDuration);
        if (seconds < 900 || seconds > 43200) check.at("sessionDuration").fail(`is ${show(args.sessionDuration)} (${seconds} s); allowed: 15m to 12h, what STS grants a role's session`);
    }
    (args.paths ?? []).forEach((p, i) => check.at("paths").at(i).matches(p, /^!?[^\s]+$/, "a glob without spaces"));
    for (const key of Object.keys(args.environmentVariables ?? {})) {
        if (!ENV_NAME.test(key)) check.at("environmentVariables").at(key).fail(`is ${show(key)}; allowed: an environment variable name`);
    }
    return check;
}

/** Seconds of a Deployments duration ("1h", "2h30m", "45m"); the default session is an hour. */
export function sessionSeconds(duration: string | undefined): number {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration ?? "1h");
    return m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : 3600;
}

/** Whether the stack has the CodeCommit push trigger (EventBridge rule, API destination, connection). */
function pushTrigger(args: PulumiDeploymentsArgs): boolean {
    return args.vcsProvider === VcsProvider.codecommit && (args.pushToDeploy ?? true);
}

/**
 * CodeCommit: a repository name or ARN; no path filters or pull-request previews (its push events
 * carry neither the changed files nor pull requests), and the HTTPS Git credentials and Pulumi
 * token the library user passes (the stack file names them as Pulumi secrets, checked in stack/config).
 */
function checkCodeCommitArgs(check: Check, args: PulumiDeploymentsArgs): void {
    checkCodeCommitRepository(check.at("repository"), args.repository);
    if (args.paths !== undefined) check.at("paths").fail("is set, but CodeCommit's push events do not list the files a push changed: every push to the branch deploys; remove paths");
    if (args.previewPullRequests === true) check.at("previewPullRequests").fail("is true, but Pulumi Deployments previews pull requests only through its VCS integrations (GitHub, GitLab, Azure DevOps), which CodeCommit is not; remove it");
}

/** What the component needs beyond what the stack file holds: the secrets a CodeCommit deployment uses. */
export function checkCodeCommitSecrets(check: Check, args: PulumiDeploymentsArgs): Check {
    if (args.vcsProvider !== VcsProvider.codecommit) {
        if (args.gitCredentials !== undefined) check.at("gitCredentials").fail(`is set, but only a CodeCommit repository is cloned with Git credentials; ${args.vcsProvider ?? "github"} uses Pulumi's VCS integration`);
        return check;
    }
    if (args.gitCredentials === undefined) check.at("gitCredentials").fail("is missing; a CodeCommit repository is cloned with HTTPS Git credentials (an IAM user's service-specific credentials for CodeCommit)");
    if ((args.pushToDeploy ?? true) && args.pulumiAccessToken === undefined) check.at("pulumiAccessToken").fail("is missing; the push trigger calls the Deployments API with a Pulumi access token (or set pushToDeploy: false)");
    return check;
}
