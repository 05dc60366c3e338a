/**
 * Pulumi Deployments for a program kept in AWS CodeCommit. Pulumi has no VCS integration for
 * CodeCommit, so two pieces replace it:
 *
 * - the source: Deployments' plain git source (`sourceContext.git.repoUrl`) with HTTPS Git
 *   credentials (an IAM user's service-specific credentials for CodeCommit) as `basicAuth`; the
 *   password is sent as a secret and Pulumi Cloud keeps it encrypted;
 * - the trigger: an EventBridge rule on the repository's branch updates whose target is an API
 *   destination calling `POST /api/stacks/{org}/{project}/{stack}/deployments` with the stack's
 *   settings. Its connection holds `Authorization: token <Pulumi access token>` in the Secrets
 *   Manager secret EventBridge manages for it (never in the rule, the target or the logs).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsLocation, awsLocation } from "../internal/arns";
import { policyDocument, serviceTrustPolicy } from "../internal/iam";
import { namePrefix, physicalName } from "../internal/names";
import { Check, show } from "../internal/validation";

/** HTTPS Git credentials (CodeCommit: an IAM user's service-specific credentials). */
export interface GitCredentials {
    /** The Git user name, e.g. `"deployer-at-123456789012"` (CodeCommit's `ServiceUserName`). */
    username: pulumi.Input<string>;
    /** The Git password (CodeCommit's `ServicePassword`); kept as a secret. */
    password: pulumi.Input<string>;
}

/** A CodeCommit repository name: letters, digits, `.`, `_`, `-`, at most 100, not ending in `.git`. */
export const CODECOMMIT_REPOSITORY_NAME = /^(?!.*\.git$)[A-Za-z0-9_.-]{1,100}$/;
/** A CodeCommit repository ARN: `arn:aws:codecommit:<region>:<account>:<name>`. */
export const CODECOMMIT_REPOSITORY_ARN = /^arn:(aws(?:-cn|-us-gov)?):codecommit:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):((?!.*\.git$)[A-Za-z0-9_.-]{1,100})$/;

/** The repository the stack file names: by name (in the stack's account and region) or by ARN. */
export interface CodeCommitRepository {
    name: string;
    /** Region and account when given by ARN. */
    region?: string | undefined;
    accountId?: string | undefined;
}

export function parseCodeCommitRepository(repository: string): CodeCommitRepository {
    const m = CODECOMMIT_REPOSITORY_ARN.exec(repository);
    return m ? { name: m[4], region: m[2], accountId: m[3] } : { name: repository };
}

/** Checks `repository` as a CodeCommit repository name or ARN. */
export function checkCodeCommitRepository(check: Check, repository: unknown): void {
    if (typeof repository !== "string") return;
    if (repository.startsWith("arn:")) {
        check.matches(repository, CODECOMMIT_REPOSITORY_ARN, 'a CodeCommit repository ARN such as "arn:aws:codecommit:eu-west-1:123456789012:shop-infra"');
    } else {
        check.matches(repository, CODECOMMIT_REPOSITORY_NAME, 'a CodeCommit repository name such as "shop-infra" (letters, digits, ".", "_", "-"; at most 100; not ending in ".git") or its ARN');
    }
}

/**
 * The repository's ARN and HTTPS clone URL, in the stack's account and region. A repository in
 * another account or region cannot be watched: its events reach only its own account's default
 * event bus in its own region.
 */
export function codeCommitLocation(repository: string, loc: AwsLocation): { arn: string; url: string } {
    const repo = parseCodeCommitRepository(repository);
    if ((repo.region !== undefined && repo.region !== loc.region) || (repo.accountId !== undefined && repo.accountId !== loc.accountId)) {
        throw new Error(
            `PulumiDeployments: repository ${show(repository)} is in ${repo.accountId}/${repo.region}, but the stack deploys to ${loc.accountId}/${loc.region}; ` +
                "CodeCommit sends a repository's push events only to its own account and region, so the repository must be in the stack's",
        );
    }
    const dnsSuffix = loc.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    return {
        arn: `arn:${loc.partition}:codecommit:${loc.region}:${loc.accountId}:${repo.name}`,
        url: `https://git-codecommit.${loc.region}.${dnsSuffix}/v1/repos/${repo.name}`,
    };
}

/** What the push trigger calls: the Deployments API's "create deployment" with the stack's own settings. */
export const DEPLOYMENT_REQUEST = { operation: "update", inheritSettings: true } as const;

export interface PushTriggerArgs {
    organization: string;
    project: string;
    stack: string;
    /** The branch whose updates deploy. */
    branch: string;
    /** The repository's ARN (see `codeCommitLocation`). */
    repositoryArn: pulumi.Input<string>;
    /** The Pulumi access token; made a secret here whatever it arrives as. */
    pulumiAccessToken: pulumi.Input<string>;
    /** IAM path and permissions boundary of the stack's roles: EventBridge's role is one of them. */
    rolePath: string;
    permissionsBoundary: pulumi.Input<string>;
    tags?: Record<string, string> | undefined;
}

/** The EventBridge pattern of branch `branch` created or moved in the repository (a push, a merge). */
export function pushEventPattern(repositoryArn: pulumi.Input<string>, branch: string): pulumi.Output<string> {
    return pulumi.jsonStringify({
        source: ["aws.codecommit"],
        "detail-type": ["CodeCommit Repository State Change"],
        resources: [repositoryArn],
        detail: { event: ["referenceCreated", "referenceUpdated"], referenceType: ["branch"], referenceName: [branch] },
    });
}

/**
 * The push trigger's resources, children of `parent`: connection (the token), API destination (the
 * Deployments endpoint), EventBridge's role (may invoke only that destination), the rule and its
 * target. Names begin `<project>-<stack>-`, which the deploy role's and the boundary's grants rely on.
 */
export function createPushTrigger(
    name: string,
    args: PushTriggerArgs,
    parent: pulumi.Resource,
): { connection: aws.cloudwatch.EventConnection; apiDestination: aws.cloudwatch.EventApiDestination; role: aws.iam.Role; rule: aws.cloudwatch.EventRule } {
    const opts = { parent };
    const where = awsLocation(parent);
    const connection = new aws.cloudwatch.EventConnection(
        `${name}-pulumi`,
        {
            name: physicalName("deploy-pulumi-api", { max: 64 }),
            description: `Pulumi Cloud token of ${args.organization}/${args.project}/${args.stack} deployments`,
            authorizationType: "API_KEY",
            // EventBridge keeps the value in a Secrets Manager secret of its own and sends it as the header.
            authParameters: { apiKey: { key: "Authorization", value: pulumi.secret(pulumi.interpolate`token ${args.pulumiAccessToken}`) } },
        },
        opts,
    );
    const apiDestination = new aws.cloudwatch.EventApiDestination(
        `${name}-pulumi`,
        {
            name: physicalName("deploy-pulumi-api", { max: 64 }),
            description: `Starts a Pulumi deployment of ${args.organization}/${args.project}/${args.stack}`,
            invocationEndpoint: `https://api.pulumi.com/api/stacks/${args.organization}/${args.project}/${args.stack}/deployments`,
            httpMethod: "POST",
            // Pushes are rare; one call a second is plenty and caps what a flood of events could cost.
            invocationRateLimitPerSecond: 1,
            connectionArn: connection.arn,
        },
        opts,
    );
    const ruleName = physicalName("deploy-on-push", { max: 64 });
    const ruleArn = pulumi.interpolate`arn:${where.partition}:events:${where.region}:${where.accountId}:rule/${ruleName}`;
    const role = new aws.iam.Role(
        `${name}-events`,
        {
            namePrefix: namePrefix(`${name}-events`, 38),
            path: args.rolePath,
            permissionsBoundary: args.permissionsBoundary,
            description: `EventBridge starts deployments of ${args.project}/${args.stack} on push`,
            // Only this account's rule may use it (the confused-deputy guard AWS recommends).
            assumeRolePolicy: serviceTrustPolicy("events.amazonaws.com", where.accountId, ruleArn),
            tags: args.tags,
        },
        opts,
    );
    new aws.iam.RolePolicy(`${name}-events`, { role: role.name, policy: policyDocument([{ Sid: "CallTheDeploymentsApi", Action: ["events:InvokeApiDestination"], Resource: [apiDestination.arn] }]) }, opts);
    const rule = new aws.cloudwatch.EventRule(
        `${name}-push`,
        { name: ruleName, description: `Pushes to ${args.branch} deploy ${args.project}/${args.stack}`, eventPattern: pushEventPattern(args.repositoryArn, args.branch), tags: args.tags },
        opts,
    );
    new aws.cloudwatch.EventTarget(
        `${name}-push`,
        {
            rule: rule.name,
            arn: apiDestination.arn,
            roleArn: role.arn,
            // The stack's DeploymentSettings say what to clone and how; the request only says "update".
            input: JSON.stringify(DEPLOYMENT_REQUEST),
            // A Pulumi Cloud outage of up to an hour still deploys the push (EventBridge retries failed calls within these bounds).
            retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 20 },
        },
        opts,
    );
    return { connection, apiDestination, role, rule };
}
