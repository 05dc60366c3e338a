import * as pulumi from "@pulumi/pulumi";
import { authorizedOnAnyResource } from "./any-resource";

/** An IAM policy statement with known (resolved) values. */
export interface Statement {
    Sid?: string | undefined;
    Effect?: "Allow" | "Deny" | undefined;
    Action: string[];
    Resource: string[];
    Condition?: Record<string, Record<string, string | string[]>> | undefined;
}

/**
 * The only actions this library grants on `Resource: "*"`, because AWS does not let them be
 * scoped to a resource ARN (each is documented with resource type "*"). Anything else with "*"
 * is a bug, and `renderPolicy` refuses it.
 */
export const ACTIONS_ALLOWED_ON_ANY_RESOURCE: readonly string[] = [
    // ECR: the registry login token is account-wide ("Private registry authentication").
    "ecr:GetAuthorizationToken",
    // ECS Exec: Session Manager channels have no resource ARN ("Using ECS Exec").
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
    // ECS Exec session logging: the agent looks its log group up among all of them.
    "logs:DescribeLogGroups",
    // NAT instances read their fixed interface and Elastic IP at boot (EC2 Describe calls have no resource type).
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeAddresses",
];

/**
 * Renders a policy document. Statements without resources are dropped (e.g. no ECR image,
 * no secret); wildcard actions and unjustified wildcard resources are refused.
 */
export function renderPolicy(statements: Statement[], allowedOnAnyResource: readonly string[] = ACTIONS_ALLOWED_ON_ANY_RESOURCE): string {
    const kept = statements.filter((s) => s.Resource.length > 0);
    for (const s of kept) {
        for (const action of s.Action) {
            if (action === "*" || action.endsWith(":*")) {
                throw new Error(`fargate-kit internal error: wildcard action ${action} in an IAM policy`);
            }
        }
        if (s.Resource.includes("*")) {
            // Besides the listed ones, only what AWS authorizes on no resource type (a task role's own resource-less grants).
            const unjustified = s.Action.filter((a) => !allowedOnAnyResource.includes(a) && !authorizedOnAnyResource(a));
            if (unjustified.length > 0) {
                throw new Error(`fargate-kit internal error: ${unjustified.join(", ")} granted on Resource "*"`);
            }
        }
    }
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: kept.map((s) => ({ Effect: "Allow", ...s, Resource: [...new Set(s.Resource)].sort() })),
    });
}

/** A statement whose resources may still be Outputs; the list itself is known up front. */
export interface InputStatement {
    Sid?: string | undefined;
    Action: string[];
    Resource: pulumi.Input<pulumi.Input<string>[]>;
    Condition?: pulumi.Input<Record<string, Record<string, pulumi.Input<string> | pulumi.Input<string>[]>>> | undefined;
}

/** Like `renderPolicy`, for statements whose values are still Outputs. */
export function policyDocument(statements: InputStatement[]): pulumi.Output<string> {
    // pulumi.output unwraps the nested Inputs (resources, conditions) before rendering.
    return (pulumi.output(statements as any) as pulumi.Output<Statement[]>).apply(renderPolicy);
}

/**
 * The IAM path of the roles a stack creates, e.g. `/fargate-kit/shop/prod/`. The deploy role of
 * Pulumi Deployments may manage only roles under it, so a stack's deployments cannot touch any
 * other role of the account, nor the deploy role itself.
 */
export function stackRolePath(project: string, stack: string): string {
    return `/fargate-kit/${project}/${stack}/`;
}

/**
 * The NAT role's path below the stack's: the deploy role may pass it without naming a service
 * (AddRoleToInstanceProfile names none) only there, whatever physical names truncation makes.
 */
export const NAT_ROLE_SUBPATH = "nat/";

/** IAM role paths: "/" or "/…/" of printable ASCII, at most 512 characters (IAM API `pathType`). */
export const IAM_PATH = /^(?=.{1,512}$)\/(?:[\x21-\x7E]*\/)?$/;

/**
 * Trust policy letting an AWS service assume a role, only on behalf of `sourceAccount` and, when
 * given, only for `sourceArn` (the confused-deputy guards AWS recommends: ECS task and execution
 * roles, a CodeBuild project's service role).
 */
export function serviceTrustPolicy(service: string, sourceAccount?: pulumi.Input<string>, sourceArn?: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.all([sourceAccount, sourceArn]).apply(([account, arn]) =>
        JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Service: service },
                    Action: "sts:AssumeRole",
                    ...(account || arn
                        ? { Condition: { ...(account ? { StringEquals: { "aws:SourceAccount": account } } : {}), ...(arn ? { ArnLike: { "aws:SourceArn": arn } } : {}) } }
                        : {}),
                },
            ],
        }),
    );
}

/**
 * Trust for tokens of an OIDC identity provider (Pulumi, GitHub, GitLab): only tokens whose
 * audience and subject match may assume the role.
 */
export function webIdentityTrustPolicy(
    providerArn: pulumi.Input<string>,
    issuerHost: string,
    audience: string,
    subjects: string | string[],
): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: { [`${issuerHost}:aud`]: audience },
                    StringLike: { [`${issuerHost}:sub`]: subjects },
                },
            },
        ],
    });
}

/**
 * The bootstrap's own resources (the deploy role, its boundary, the OIDC providers) keep the tags
 * they were created with: a push runs as the deploy role, which may not change them (iam:TagRole on
 * itself, TagPolicy, TagOpenIDConnectProvider), so a change of the stack's tags would fail the
 * whole deploy with AccessDenied. The provider tags them on update through its tagging code
 * (`@Tags` in iam/role.go, policy.go, openid_connect_provider.go).
 */
export const BOOTSTRAP_IGNORES = ["tags"];
