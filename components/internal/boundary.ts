/**
 * The permissions boundary of every role a fargate-kit stack creates: what any of them can ever
 * do, whatever policy the deploy role writes on it. An allow-list of the services and resources
 * of the stack (its names begin `<project>-<stack>-`) plus the outside resources the stack file
 * names (secrets, parameters, keys, queues, images, load balancers, the task roles' own
 * statements). No IAM beyond passing the stack's task roles to ECS tasks, no STS, no
 * Organizations or account settings: a role the deploy role can reach cannot leave the stack.
 */
import { Statement } from "./iam";

/** A grant the stack file writes itself (a task role's `taskRoleStatements` entry). */
export interface BoundaryGrant {
    /** Actions such as `"s3:GetObject"`. */
    actions: string[];
    /** Resource ARNs (`"*"` only for actions AWS authorizes on no resource type). */
    resources: string[];
    /**
     * The statement's conditions, carried into the boundary so it allows no more than the grant.
     * Default: none.
     * @default - none
     */
    conditions?: BoundaryCondition[] | undefined;
}

/** One condition of a `BoundaryGrant` (operator, key, values). */
export interface BoundaryCondition {
    operator: string;
    key: string;
    values: string[];
}

/** Resources outside the stack that the stack file names, which its roles may use. */
export interface BoundaryExternals {
    /** Secrets Manager ARNs given in full. */
    secrets: string[];
    /** Secrets given by name, in the stack's account and region (ECS asks for the name plus AWS's 6-character suffix). */
    secretNames?: string[] | undefined;
    /** SSM parameter ARNs given in full. */
    ssmParameters: string[];
    /** SSM parameters given by name, in the stack's account and region. */
    ssmParameterNames?: string[] | undefined;
    kmsKeys: string[];
    queues: string[];
    /** ECR repository ARNs of images outside the stack's repository. */
    repositories: string[];
    /** Load balancer and listener ARNs the stack adopts. */
    loadBalancers: string[];
    /** The task roles' own statements (`taskRoleStatements`), as written. */
    statements: BoundaryGrant[];
    /**
     * Kinesis and Firehose streams the tasks' log subscription filters send to (CloudWatch Logs writes with a stack role).
     * Default: none.
     * @default - none
     */
    logDestinations?: string[] | undefined;
    /** CodeBuild project whose builds push images (its build logs). */
    codeBuildProject?: string | undefined;
    /** Ids (`fs-…`) of adopted EFS file systems the stack's tasks mount. */
    fileSystemIds?: string[] | undefined;
}

export interface BoundaryScope {
    partition: string;
    region: string;
    accountId: string;
    /** IAM path of the stack's roles, e.g. `/fargate-kit/shop/prod/`. */
    stackRolePath: string;
    /** `<project>-<stack>`: how the stack's physical names begin. */
    physicalNamePrefix: string;
    natInstances: boolean;
    external: BoundaryExternals;
    /** Whether the stack starts its deployments on CodeCommit pushes: EventBridge's role calls the stack's API destination. */
    pushTrigger?: boolean | undefined;
}

/** What a task does on an EFS file system it mounts (never ClientRootAccess: root is squashed). */
export const EFS_CLIENT_ACTIONS = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"] as const;
/** The tag the stack's FileSystems carry, matched by the boundary (value: `<project>-<stack>`). */
export const FILE_SYSTEM_TAG = "fargate-kit-efs";

/** Services whose actions no stack role may have: escalation and account control. */
export const BOUNDARY_FORBIDDEN_SERVICES = ["iam", "sts", "organizations", "account"] as const;

/** Whether the boundary can never allow `action` to any stack role (IAM, STS, Organizations, account). */
export function boundaryForbids(action: string): boolean {
    return (BOUNDARY_FORBIDDEN_SERVICES as readonly string[]).includes(action.split(":")[0].toLowerCase());
}

/**
 * What `fargate-kit wait` reads to tell a rolled-back ECS deploy from a good one (the CI push
 * role may do it): the stack's services and their service deployments. Reads only. (Not
 * ecs:ListTasks: for Fargate tasks IAM authorizes it on "*", see deployer-policy.ts.)
 */
export const WATCH_ROLLOUT_ACTIONS: readonly string[] = ["ecs:DescribeServices", "ecs:ListServiceDeployments", "ecs:DescribeServiceDeployments"];

/** The resources of those reads, in clusters named `<prefix>-…`. */
export function watchRolloutResources<T>(ecsArn: (resource: string) => T, prefix: string): T[] {
    return [`service/${prefix}-*/*`, `service-deployment/${prefix}-*/*/*`].map(ecsArn);
}

/** The managed policy's name, under the deploy role's path (outside the stack's, so the stack cannot change it). */
export const boundaryPolicyName = (physicalNamePrefix: string) => `${physicalNamePrefix}-boundary`;

/** Actions the boundary allows on "*": AWS authorizes them on no resource type. */
export const BOUNDARY_ACTIONS_ON_ANY_RESOURCE: readonly string[] = [
    "ecr:GetAuthorizationToken", "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel", "logs:DescribeLogGroups",
    "ec2:DescribeNetworkInterfaces", "ec2:DescribeAddresses",
];

/** Session Manager's agent on the NAT instances (AmazonSSMManagedInstanceCore, without its GetParameter on "*"): calls with no resource type. */
export const BOUNDARY_SSM_AGENT: readonly string[] = [
    "ssm:GetDeployablePatchSnapshotForInstance", "ssm:GetManifest", "ssm:ListAssociations", "ssm:PutInventory", "ssm:PutConfigurePackageResult",
    "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage", "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply",
];
/** The agent's calls on its own instance, its associations and the documents it runs. */
const SSM_AGENT_ON_RESOURCES = [
    "ssm:DescribeAssociation", "ssm:GetDocument", "ssm:DescribeDocument", "ssm:ListInstanceAssociations", "ssm:PutComplianceItems",
    "ssm:UpdateAssociationStatus", "ssm:UpdateInstanceAssociationStatus", "ssm:UpdateInstanceInformation",
];

const conditionsOf = (cs: BoundaryCondition[]) => {
    const out: Record<string, Record<string, string[]>> = {};
    for (const c of cs) (out[c.operator] ??= {})[c.key] = c.values;
    return out;
};

export function boundaryStatements(scope: BoundaryScope): Statement[] {
    const { partition: p, region: r, accountId: a, physicalNamePrefix: prefix, external: x } = scope;
    const arn = (service: string, resource: string) => `arn:${p}:${service}:${r}:${a}:${resource}`;
    const statements: Statement[] = [
        // Registry login is account-wide; ECS Exec's channels and the log-group lookup have no resource.
        { Sid: "NoResourceType", Action: ["ecr:GetAuthorizationToken", "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel", "logs:DescribeLogGroups"], Resource: ["*"] },
        { Sid: "PullImages", Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], Resource: [arn("ecr", `repository/${prefix}-*`), ...x.repositories] },
        { Sid: "PushTheStackImage", Action: ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:DescribeImages"], Resource: [arn("ecr", `repository/${prefix}-*`)] },
        {
            Sid: "StackLogs",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [arn("logs", `log-group:/ecs/${prefix}/*`), ...(x.codeBuildProject ? [arn("logs", `log-group:/aws/codebuild/${x.codeBuildProject}:*`)] : [])],
        },
        ...(x.codeBuildProject ? [{ Sid: "BuildLogGroup", Action: ["logs:CreateLogGroup"], Resource: [arn("logs", `log-group:/aws/codebuild/${x.codeBuildProject}:*`)] }] : []),
        {
            Sid: "StackQueues",
            Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"],
            Resource: [arn("sqs", `${prefix}-*`), ...x.queues],
        },
        {
            // The stack's buckets (S3 names are lower-case, and global: `<project>-<stack>-<name>-<suffix>`), as Bucket grants them.
            Sid: "StackBuckets",
            Action: ["s3:GetObject", "s3:ListBucket", "s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"],
            Resource: [`arn:${p}:s3:::${prefix.toLowerCase()}-*`],
        },
        { Sid: "LogStreams", Action: ["kinesis:PutRecord", "kinesis:PutRecords"], Resource: (x.logDestinations ?? []).filter((d) => d.includes(":kinesis:")) },
        { Sid: "LogDeliveryStreams", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: (x.logDestinations ?? []).filter((d) => d.includes(":firehose:")) },
        { Sid: "StackTopics", Action: ["sns:Publish"], Resource: [arn("sns", `${prefix}-*`)] },
        { Sid: "StackTasks", Action: ["ecs:UpdateTaskProtection", "ecs:GetTaskProtection", "ecs:TagResource"], Resource: [arn("ecs", `task/${prefix}-*/*`)] },
        { Sid: "StackJobs", Action: ["ecs:RunTask"], Resource: [arn("ecs", `task-definition/${prefix}-*:*`)] },
        // Reads of the stack's own rollouts: CI's push role lets `fargate-kit wait` see a rolled-back deploy.
        { Sid: "WatchStackRollouts", Action: [...WATCH_ROLLOUT_ACTIONS], Resource: watchRolloutResources((resource) => arn("ecs", resource), prefix) },
        // The one IAM action: Scheduler hands a job's own roles to the task it starts.
        { Sid: "PassStackTaskRoles", Action: ["iam:PassRole"], Resource: [`arn:${p}:iam::${a}:role${scope.stackRolePath}*`], Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } },
        { Sid: "NamedSecrets", Action: ["secretsmanager:GetSecretValue"], Resource: [...x.secrets, ...(x.secretNames ?? []).map((n) => arn("secretsmanager", `secret:${n}-??????`))] },
        { Sid: "NamedParameters", Action: ["ssm:GetParameters"], Resource: [...x.ssmParameters, ...(x.ssmParameterNames ?? []).map((n) => arn("ssm", `parameter/${n.replace(/^\//, "")}`))] },
        { Sid: "NamedKeys", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: x.kmsKeys },
        {
            // Blue/green's infrastructure role shifts traffic on the stack's load balancers (or the adopted one).
            Sid: "StackLoadBalancers",
            Action: [
                "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
                "elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyRule", "elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets",
            ],
            Resource: [
                arn("elasticloadbalancing", `loadbalancer/app/${prefix}-*`), arn("elasticloadbalancing", `listener/app/${prefix}-*`), arn("elasticloadbalancing", `listener-rule/app/${prefix}-*`),
                arn("elasticloadbalancing", `targetgroup/${prefix}-*`), ...x.loadBalancers.flatMap((lb) => [lb, lb.replace(/:(loadbalancer|listener)\//, ":listener-rule/") + "*"]),
            ],
        },
        // EFS file-system ARNs carry ids, not names: the stack's own are known by the tag its
        // FileSystem sets (the deploy role tags only at creation, see deployer-policy.ts), adopted ones by id.
        { Sid: "StackFileSystems", Action: [...EFS_CLIENT_ACTIONS], Resource: [arn("elasticfilesystem", "file-system/*")], Condition: { StringEquals: { [`aws:ResourceTag/${FILE_SYSTEM_TAG}`]: prefix } } },
        { Sid: "AdoptedFileSystems", Action: [...EFS_CLIENT_ACTIONS], Resource: (x.fileSystemIds ?? []).map((id) => arn("elasticfilesystem", `file-system/${id}`)) },
        ...x.statements.map((s, i) => ({ Sid: `StackFileGrant${i}`, Action: s.actions, Resource: s.resources, ...(s.conditions?.length ? { Condition: conditionsOf(s.conditions) } : {}) })),
        ...(scope.pushTrigger ? [{ Sid: "StackApiDestinations", Action: ["events:InvokeApiDestination"], Resource: [arn("events", `api-destination/${prefix}-*`)] }] : []),
    ];
    if (scope.natInstances) {
        const ours = { StringLike: { "aws:ResourceTag/fargate-kit-nat": `${prefix}-*` } };
        statements.push(
            { Sid: "NatInstanceNetwork", Action: ["ec2:AttachNetworkInterface", "ec2:DetachNetworkInterface", "ec2:ModifyInstanceAttribute", "ec2:AssociateAddress"], Resource: [arn("ec2", "*")], Condition: ours },
            { Sid: "NatInstanceReads", Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeAddresses", ...BOUNDARY_SSM_AGENT], Resource: ["*"] },
            {
                Sid: "NatSessionManager",
                Action: SSM_AGENT_ON_RESOURCES,
                Resource: [arn("ec2", "instance/*"), arn("ssm", "managed-instance/*"), arn("ssm", "association/*"), `arn:${p}:ssm:${r}::document/*`, arn("ssm", "document/*")],
            },
            { Sid: "NatInstanceReady", Action: ["autoscaling:CompleteLifecycleAction"], Resource: [`arn:${p}:autoscaling:${r}:${a}:autoScalingGroup:*:autoScalingGroupName/${prefix}-*`] },
        );
    }
    return statements.filter((s) => s.Resource.length > 0);
}
