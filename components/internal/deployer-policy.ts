import { AwsLocation } from "./arns";
import { NAT_ROLE_SUBPATH, Statement } from "./iam";
import { FILE_SYSTEM_TAG } from "./boundary";

/** What scopes the deploy role: where it runs, and which IAM roles are the stack's own. */
export interface DeployerScope extends AwsLocation {
    /** IAM path of every role the stack creates (e.g. `/fargate-kit/shop/prod/`); the deploy role manages only these. */
    stackRolePath: string;
    /** Task definition family of the stack's migration gate, the only one the deploy role may run. */
    migrationFamily: string;
    /** `<project>-<stack>`, how the stack's physical names begin (e.g. its NAT instance groups). */
    physicalNamePrefix: string;
    /** Whether the stack runs NAT instances: only then may the role launch instances and pass a role to EC2. */
    natInstances: boolean;
    /** The permissions boundary every stack role carries: roles are created and given policies only with it. */
    permissionsBoundaryArn: string;
    /** Whether the stack starts its deployments on CodeCommit pushes (EventBridge connection and API destination). */
    pushTrigger?: boolean | undefined;
}

/** AWS managed policies a fargate-kit stack attaches to its own roles (blue/green's infrastructure role). */
export const STACK_MANAGED_POLICIES = ["AmazonECSInfrastructureRolePolicyForLoadBalancers", "AmazonSSMManagedInstanceCore"] as const;

/**
 * What the role that runs `pulumi up` for a fargate-kit stack may do: create, change and delete
 * the resource types these components create, in this account and region only.
 *
 * - Every action is named (no `service:*`), and the list follows the API calls the AWS provider
 *   makes for each resource, including its waiters and data sources (`tools/provider-calls.ts`,
 *   checked by tests/deployer.test.ts against AWS's authorization data).
 * - `Resource: "*"` only for actions AWS authorizes on no resource type (`DEPLOYER_ACTIONS_ON_ANY_RESOURCE`).
 * - IAM: the deploy role may create, change, delete and pass only roles under the stack's own
 *   path, attach only the managed policies the stack attaches, and pass roles only to ECS. It
 *   cannot change itself (its path is outside the stack's) or any OIDC provider: those are
 *   bootstrap steps, run with administrator credentials.
 */
export function deployerStatements(scope: DeployerScope): Statement[] {
    const { partition: p, region: r, accountId: a, stackRolePath } = scope;
    const arn = (service: string, resource: string) => `arn:${p}:${service}:${r}:${a}:${resource}`;
    const stackRoles = `arn:${p}:iam::${a}:role${stackRolePath}*`;
    return [
        {
            Sid: "Ecs",
            Action: [
                "ecs:CreateCluster", "ecs:DeleteCluster", "ecs:UpdateCluster", "ecs:UpdateClusterSettings", "ecs:PutClusterCapacityProviders", "ecs:DescribeClusters",
                "ecs:RegisterTaskDefinition",
                "ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService", "ecs:DescribeServices",
                // The provider's steady-state waiter and its rollback on an interrupted `pulumi up`.
                "ecs:ListServiceDeployments", "ecs:DescribeServiceDeployments", "ecs:StopServiceDeployment",
                // The migration gate watches and (on timeout) stops its task; it may run only its own family (below).
                "ecs:DescribeTasks", "ecs:StopTask",
                "ecs:TagResource", "ecs:UntagResource", "ecs:ListTagsForResource",
            ],
            Resource: [arn("ecs", "cluster/*"), arn("ecs", "service/*"), arn("ecs", "service-deployment/*"), arn("ecs", "task-definition/*"), arn("ecs", "task/*"), arn("ecs", "capacity-provider/*")],
        },
        { Sid: "RunTheMigration", Action: ["ecs:RunTask"], Resource: [arn("ecs", `task-definition/${scope.migrationFamily}:*`)] },
        // The migration gate looks for a migration still running before it starts one. ListTasks
        // of Fargate tasks is authorized on "*" (there is no container instance), narrowed to the
        // stack's clusters by ecs:cluster.
        { Sid: "FindRunningMigrations", Action: ["ecs:ListTasks"], Resource: ["*"], Condition: { ArnLike: { "ecs:cluster": arn("ecs", `cluster/${scope.physicalNamePrefix}-*`) } } },
        {
            Sid: "LoadBalancing",
            Action: [
                "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
                "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
                "elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyListenerAttributes",
                "elasticloadbalancing:AddListenerCertificates", "elasticloadbalancing:RemoveListenerCertificates",
                "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule", "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities",
                "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags",
            ],
            Resource: [arn("elasticloadbalancing", "loadbalancer/app/*"), arn("elasticloadbalancing", "targetgroup/*"), arn("elasticloadbalancing", "listener/app/*"), arn("elasticloadbalancing", "listener-rule/app/*")],
        },
        {
            Sid: "Network",
            Action: [
                "ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", "ec2:DescribeVpcAttribute", "ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute",
                "ec2:CreateInternetGateway", "ec2:DeleteInternetGateway", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway",
                "ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ReplaceRoute", "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable",
                "ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:CreateNatGateway", "ec2:DeleteNatGateway",
                "ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules", "ec2:UpdateSecurityGroupRuleDescriptionsIngress", "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
                "ec2:CreateVpcEndpoint", "ec2:DeleteVpcEndpoints", "ec2:ModifyVpcEndpoint",
                "ec2:CreateTags", "ec2:DeleteTags",
                // NAT instances: their fixed interfaces, Elastic IPs and launch templates.
                "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute", "ec2:DetachNetworkInterface", "ec2:DisassociateAddress",
                "ec2:CreateLaunchTemplate", "ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate", "ec2:DeleteLaunchTemplate",
            ],
            Resource: [arn("ec2", "*")],
        },
        ...(scope.natInstances ? natInstanceStatements(scope) : []),
        ...(scope.pushTrigger ? pushTriggerStatements(scope) : []),
        {
            // Only the stack's own roles: a role outside its path (an admin role, the deploy role
            // itself) can be neither changed nor given a policy.
            Sid: "StackRoles",
            Action: ["iam:DeleteRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:DeleteRolePolicy"],
            Resource: [stackRoles],
        },
        {
            // What gives a role power only with the stack's boundary on it: whatever policy a role
            // is given, it can never do more than the boundary allows. There is no grant to remove
            // a boundary (DeleteRolePermissionsBoundary) or to write any managed policy.
            Sid: "StackRolesWithinTheBoundary",
            Action: ["iam:CreateRole", "iam:PutRolePolicy", "iam:PutRolePermissionsBoundary"],
            Resource: [stackRoles],
            Condition: { StringEquals: { "iam:PermissionsBoundary": scope.permissionsBoundaryArn } },
        },
        {
            Sid: "StackManagedPolicies",
            Action: ["iam:AttachRolePolicy", "iam:DetachRolePolicy"],
            Resource: [stackRoles],
            Condition: { ArnEquals: { "iam:PolicyARN": STACK_MANAGED_POLICIES.map((n) => `arn:${p}:iam::aws:policy/${n}`) }, StringEquals: { "iam:PermissionsBoundary": scope.permissionsBoundaryArn } },
        },
        { Sid: "ReadTheBoundary", Action: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:ListPolicyTags"], Resource: [scope.permissionsBoundaryArn] },
        {
            // Task and execution roles go to ECS tasks only (RegisterTaskDefinition), the infrastructure role to ECS
            // (CreateService), job roles to Scheduler; the NAT instances' role alone goes to EC2 (natInstanceStatements).
            Sid: "PassStackRoles",
            Action: ["iam:PassRole"],
            Resource: [stackRoles],
            // The log subscription role goes to CloudWatch Logs (PutSubscriptionFilter).
            Condition: { StringEquals: { "iam:PassedToService": ["ecs-tasks.amazonaws.com", "ecs.amazonaws.com", "scheduler.amazonaws.com", "logs.amazonaws.com"] } },
        },
        {
            // An EventBridge target's role (the CodeCommit push trigger's) goes to EventBridge: PutTargets passes it.
            Sid: "PassStackRolesToEventBridge",
            Action: ["iam:PassRole"],
            Resource: [stackRoles],
            Condition: { StringEquals: { "iam:PassedToService": "events.amazonaws.com" } },
        },
        {
            // Reads of any role and OIDC provider of the account, for refresh and for the roles the stack only adopts.
            Sid: "ReadIdentity",
            Action: ["iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:GetOpenIDConnectProvider"],
            Resource: [`arn:${p}:iam::${a}:role/*`, `arn:${p}:iam::${a}:oidc-provider/*`],
        },
        {
            // ECS, load balancing and autoscaling create their service-linked roles on first use.
            Sid: "ServiceLinkedRoles",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: [`arn:${p}:iam::${a}:role/aws-service-role/*`],
            Condition: { StringEquals: { "iam:AWSServiceName": ["ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "ecs.application-autoscaling.amazonaws.com", "autoscaling.amazonaws.com"] } },
        },
        {
            Sid: "Registry",
            Action: [
                "ecr:CreateRepository", "ecr:DeleteRepository", "ecr:DescribeRepositories", "ecr:PutImageTagMutability", "ecr:PutImageScanningConfiguration",
                "ecr:PutLifecyclePolicy", "ecr:GetLifecyclePolicy", "ecr:DeleteLifecyclePolicy", "ecr:TagResource", "ecr:UntagResource", "ecr:ListTagsForResource",
                "ecr:BatchDeleteImage", "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:DescribeImages",
            ],
            Resource: [arn("ecr", "repository/*")],
        },
        {
            Sid: "Queues",
            Action: ["sqs:CreateQueue", "sqs:DeleteQueue", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags", "sqs:TagQueue", "sqs:UntagQueue"],
            Resource: [arn("sqs", "*")],
        },
        {
            Sid: "Observability",
            Action: [
                "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource", "cloudwatch:ListTagsForResource",
                "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy", "logs:AssociateKmsKey", "logs:DisassociateKmsKey",
                "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:ListTagsLogGroup",
                // Log subscription filters of the tasks' log groups.
                "logs:PutSubscriptionFilter", "logs:DescribeSubscriptionFilters", "logs:DeleteSubscriptionFilter",
                "sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Unsubscribe",
                "sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes", "sns:TagResource", "sns:UntagResource", "sns:ListTagsForResource",
            ],
            Resource: [arn("cloudwatch", "alarm:*"), arn("logs", "log-group:*"), arn("sns", "*")],
        },
        {
            Sid: "Jobs",
            Action: [
                "scheduler:CreateSchedule", "scheduler:GetSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule",
                "events:PutRule", "events:DescribeRule", "events:DeleteRule", "events:PutTargets", "events:RemoveTargets", "events:ListTargetsByRule",
                "events:TagResource", "events:UntagResource", "events:ListTagsForResource",
            ],
            Resource: [arn("scheduler", "schedule/default/*"), arn("events", "rule/*")],
        },
        {
            Sid: "Scaling",
            Action: ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget", "application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy", "application-autoscaling:TagResource", "application-autoscaling:UntagResource", "application-autoscaling:ListTagsForResource"],
            Resource: [arn("application-autoscaling", "scalable-target/*")],
        },
        {
            // The stack's Service Connect namespace (internal/service/servicediscovery/http_namespace.go):
            // read, the create's and delete's operation waiter, delete (tagging is resourceless, below).
            Sid: "ServiceConnectNamespace",
            Action: ["servicediscovery:GetNamespace", "servicediscovery:GetOperation", "servicediscovery:DeleteNamespace"],
            Resource: [arn("servicediscovery", "namespace/*")],
        },
        {
            // Scheduled scaling (business hours, a stage at zero at night) on the same scalable targets.
            Sid: "ScheduledScaling",
            Action: ["application-autoscaling:PutScheduledAction", "application-autoscaling:DeleteScheduledAction"],
            Resource: [arn("application-autoscaling", "scalable-target/*")],
        },
        {
            Sid: "CertificatesAndDns",
            Action: [
                "acm:DescribeCertificate", "acm:DeleteCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate", "acm:ListTagsForCertificate",
                "route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:GetHostedZone", "route53:GetChange",
                // aws.route53.getZone reads the zone's tags; private DNS of interface endpoints associates AWS's zone with the VPC.
                "route53:ListTagsForResource", "route53:AssociateVPCWithHostedZone",
            ],
            Resource: [arn("acm", "certificate/*"), `arn:${p}:route53:::hostedzone/*`, `arn:${p}:route53:::change/*`],
        },
        {
            // Secrets referenced by name are resolved to their full ARN at deploy time
            // (aws.secretsmanager.getSecret: DescribeSecret, then GetResourcePolicy). Values are never read.
            Sid: "ResolveSecrets",
            Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"],
            Resource: [arn("secretsmanager", "secret:*")],
        },
        {
            Sid: "LogBucket",
            Action: [
                "s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketTagging", "s3:PutBucketTagging",
                "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration",
                "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration", "s3:GetBucketOwnershipControls", "s3:PutBucketOwnershipControls",
                "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetBucketAcl", "s3:GetBucketVersioning", "s3:GetBucketCORS", "s3:GetBucketWebsite",
                "s3:GetBucketLogging", "s3:GetAccelerateConfiguration", "s3:GetBucketRequestPayment", "s3:GetReplicationConfiguration", "s3:GetBucketObjectLockConfiguration",
            ],
            Resource: [`arn:${p}:s3:::*`],
        },
        ...dataStoreStatements(scope),
        {
            // The stack file's buckets (components/data/bucket.ts): versioning, CORS, event notifications to queues.
            Sid: "AppBuckets",
            Action: ["s3:PutBucketVersioning", "s3:PutBucketCORS", "s3:GetBucketNotification", "s3:PutBucketNotification"],
            Resource: [`arn:${p}:s3:::*`],
        },
        { Sid: "ReadAnywhere", Action: [...DEPLOYER_ACTIONS_ON_ANY_RESOURCE], Resource: ["*"] },
        ...fileSystemStatements(arn, scope.physicalNamePrefix),
    ];
}

/**
 * The app's data stores (components/data): RDS/Aurora and ElastiCache resources named with the
 * stack's prefix (physical names are lower-case), AWS's default parameter and option groups they are
 * created with, the final snapshots they leave, and the master-password secrets RDS creates
 * (`rds!…`) on the caller's behalf (RDS User Guide, "Permissions required for Secrets Manager integration").
 */
function dataStoreStatements(scope: DeployerScope): Statement[] {
    const { partition: p, region: r, accountId: a } = scope;
    const arn = (service: string, resource: string) => `arn:${p}:${service}:${r}:${a}:${resource}`;
    const own = `${scope.physicalNamePrefix.toLowerCase()}-*`;
    return [
        {
            Sid: "Databases",
            Action: [
                "rds:CreateDBCluster", "rds:ModifyDBCluster", "rds:DeleteDBCluster", "rds:DescribeDBClusters",
                "rds:CreateDBInstance", "rds:ModifyDBInstance", "rds:DeleteDBInstance", "rds:DescribeDBInstances", "rds:CreateDBSnapshot",
                "rds:CreateDBSubnetGroup", "rds:ModifyDBSubnetGroup", "rds:DeleteDBSubnetGroup", "rds:DescribeDBSubnetGroups",
                "rds:AddTagsToResource", "rds:RemoveTagsFromResource", "rds:ListTagsForResource",
            ],
            Resource: [
                arn("rds", `cluster:${own}`), arn("rds", `db:${own}`), arn("rds", `subgrp:${own}`), arn("rds", `cluster-snapshot:${own}`), arn("rds", `snapshot:${own}`),
                // Created with AWS's defaults: default.aurora-postgresql16, default:aurora-postgresql-16, ….
                arn("rds", "cluster-pg:default.*"), arn("rds", "pg:default.*"), arn("rds", "og:default:*"),
            ],
        },
        {
            Sid: "DatabaseSecrets",
            Action: ["secretsmanager:CreateSecret", "secretsmanager:TagResource", "secretsmanager:DescribeSecret", "secretsmanager:UpdateSecret", "secretsmanager:RotateSecret", "secretsmanager:DeleteSecret"],
            Resource: [arn("secretsmanager", "secret:rds!*")],
        },
        {
            Sid: "Caches",
            Action: [
                "elasticache:CreateServerlessCache", "elasticache:ModifyServerlessCache", "elasticache:DeleteServerlessCache", "elasticache:DescribeServerlessCaches",
                "elasticache:CreateReplicationGroup", "elasticache:ModifyReplicationGroup", "elasticache:DeleteReplicationGroup", "elasticache:DescribeReplicationGroups", "elasticache:DescribeCacheClusters", "elasticache:CreateSnapshot",
                "elasticache:CreateCacheSubnetGroup", "elasticache:ModifyCacheSubnetGroup", "elasticache:DeleteCacheSubnetGroup", "elasticache:DescribeCacheSubnetGroups",
                "elasticache:AddTagsToResource", "elasticache:RemoveTagsFromResource", "elasticache:ListTagsForResource",
            ],
            Resource: [
                arn("elasticache", `serverlesscache:${own}`), arn("elasticache", `replicationgroup:${own}`), arn("elasticache", `cluster:${own}`), arn("elasticache", `subnetgroup:${own}`), arn("elasticache", `snapshot:${own}`),
                arn("elasticache", "parametergroup:default.*"),
            ],
        },
        {
            // RDS and ElastiCache create their service-linked roles on first use.
            Sid: "DataServiceLinkedRoles",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: [`arn:${p}:iam::${a}:role/aws-service-role/*`],
            Condition: { StringEquals: { "iam:AWSServiceName": ["rds.amazonaws.com", "elasticache.amazonaws.com"] } },
        },
    ];
}

/**
 * What only a stack deployed on CodeCommit pushes may do: manage its EventBridge connection (which
 * keeps the Pulumi token in a secret EventBridge's service-linked role manages) and API destination,
 * both named `<project>-<stack>-…`. CreateApiDestination and DescribeApiDestination also authorize on the connection.
 */
function pushTriggerStatements(scope: DeployerScope): Statement[] {
    const { partition: p, region: r, accountId: a } = scope;
    const arn = (resource: string) => `arn:${p}:events:${r}:${a}:${resource}`;
    return [
        {
            Sid: "DeployOnPush",
            Action: [
                "events:CreateConnection", "events:DescribeConnection", "events:UpdateConnection", "events:DeleteConnection",
                "events:CreateApiDestination", "events:DescribeApiDestination", "events:UpdateApiDestination", "events:DeleteApiDestination",
            ],
            Resource: [arn(`connection/${scope.physicalNamePrefix}-*`), arn(`api-destination/${scope.physicalNamePrefix}-*`)],
        },
        {
            // EventBridge creates the role that keeps connection secrets on the account's first connection.
            Sid: "ApiDestinationsServiceLinkedRole",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: [`arn:${p}:iam::${a}:role/aws-service-role/apidestinations.events.amazonaws.com/AWSServiceRoleForAmazonEventBridgeApiDestinations`],
            Condition: { StringEquals: { "iam:AWSServiceName": "apidestinations.events.amazonaws.com" } },
        },
    ];
}

/** What only a stack with NAT instances may do: launch them from their templates, and hand their role to EC2. */
function natInstanceStatements(scope: DeployerScope): Statement[] {
    const { partition: p, region: r, accountId: a, stackRolePath } = scope;
    const arn = (service: string, resource: string) => `arn:${p}:${service}:${r}:${a}:${resource}`;
    return [
        {
            // Auto Scaling checks that the deployer may launch what the NAT launch templates describe:
            // in this account, from an AMI AWS or anyone publishes (image ARNs have no account).
            Sid: "LaunchNatInstances",
            Action: ["ec2:RunInstances"],
            Resource: [arn("ec2", "*"), `arn:${p}:ec2:${r}::image/*`],
            // Only through a launch template (the NAT groups'), never a bare instance of the caller's choosing.
            Condition: { ArnLike: { "ec2:LaunchTemplate": arn("ec2", "launch-template/*") } },
        },
        {
            Sid: "NatInstanceGroups",
            Action: [
                "autoscaling:CreateAutoScalingGroup", "autoscaling:UpdateAutoScalingGroup", "autoscaling:DeleteAutoScalingGroup", "autoscaling:StartInstanceRefresh",
                "autoscaling:EnableMetricsCollection", "autoscaling:DisableMetricsCollection", "autoscaling:SetInstanceProtection", "autoscaling:CreateOrUpdateTags", "autoscaling:DeleteTags",
            ],
            Resource: [`arn:${p}:autoscaling:${r}:${a}:autoScalingGroup:*:autoScalingGroupName/${scope.physicalNamePrefix}-*`],
        },
        {
            // The NAT instances' profile, under the stack's path like its roles.
            Sid: "StackInstanceProfiles",
            Action: ["iam:CreateInstanceProfile", "iam:GetInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile", "iam:TagInstanceProfile", "iam:UntagInstanceProfile"],
            Resource: [`arn:${p}:iam::${a}:instance-profile${stackRolePath}*`],
        },
        {
            // AddRoleToInstanceProfile passes the role without naming a service: only the stack's NAT roles.
            Sid: "PutNatRoleInProfile",
            Action: ["iam:PassRole"],
            Resource: [`arn:${p}:iam::${a}:role${stackRolePath}${NAT_ROLE_SUBPATH}*`],
        },
        {
            // The current Amazon Linux AMI of the NAT instances, an AWS public parameter.
            Sid: "NatAmi",
            Action: ["ssm:GetParameter"],
            Resource: [`arn:${p}:ssm:${r}::parameter/aws/service/ami-amazon-linux-latest/*`],
        },
        {
            // The NAT instances' role (under nat/ below the stack's path), and only it, to EC2.
            Sid: "PassNatRoleToEc2",
            Action: ["iam:PassRole"],
            Resource: [`arn:${p}:iam::${a}:role${stackRolePath}${NAT_ROLE_SUBPATH}*`],
            Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
        },
    ];
}

/**
 * Calls AWS authorizes on no resource type (per AWS's service authorization reference): reads
 * (Describe/List), a create whose resource does not exist yet, registry login. None can change
 * an existing resource.
 */
export const DEPLOYER_ACTIONS_ON_ANY_RESOURCE: readonly string[] = [
    "ecs:DescribeTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:ListServices",
    "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerAttributes",
    "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeCapacityReservation",
    "elasticloadbalancing:DescribeListenerCertificates",
    "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeRouteTables", "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways",
    "ec2:DescribeAddresses", "ec2:DescribeAddressesAttribute", "ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules", "ec2:DescribeVpcEndpoints",
    "ec2:DescribeVpcEndpointServices", "ec2:DescribeNetworkAcls", "ec2:DescribeAvailabilityZones", "ec2:DescribeNetworkInterfaces", "ec2:DescribePrefixLists",
    "ec2:DescribeAccountAttributes", "ec2:DescribeTags", "ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions",
    "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeScalingActivities", "autoscaling:DescribeLoadBalancers", "autoscaling:DescribeLoadBalancerTargetGroups",
    "autoscaling:DescribeTrafficSources", "autoscaling:DescribeWarmPool", "autoscaling:DescribeInstanceRefreshes", "autoscaling:DescribeLifecycleHooks",
    "iam:ListOpenIDConnectProviders",
    "ecr:GetAuthorizationToken",
    "logs:DescribeLogGroups",
    "application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies",
    "application-autoscaling:DescribeScheduledActions",
    // Cloud Map authorizes these on no resource type: tagging the namespace when the stack's tags change.
    "servicediscovery:CreateHttpNamespace", "servicediscovery:ListTagsForResource", "servicediscovery:TagResource", "servicediscovery:UntagResource",
    "acm:RequestCertificate",
    "route53:ListHostedZones", "route53:ListHostedZonesByName",
    "sts:GetCallerIdentity",
    // RDS generates the master password it keeps in Secrets Manager with the caller's permissions.
    "secretsmanager:GetRandomPassword",
];

/**
 * Granted on "*" only under a condition (statement FindRunningMigrations): AWS lists
 * container-instance for ecs:ListTasks, but for Fargate tasks IAM evaluates "*".
 */
export const DEPLOYER_ACTIONS_ON_ANY_RESOURCE_IF_NARROWED: readonly string[] = ["ecs:ListTasks", "elasticfilesystem:CreateFileSystem"];

/**
 * EFS (components/data/file-system.ts), from the provider's file_system.go, access_point.go,
 * mount_target.go, file_system_policy.go and backup_policy.go. CreateFileSystem has no resource
 * type: granted on "*" for encrypted file systems only. The mount targets' network interfaces
 * (ec2:CreateNetworkInterface, DescribeSubnets, …) are in the Network statement and ReadAnywhere.
 * Tagging a file system is what lets the stack's task roles mount it (the boundary matches the
 * `fargate-kit-efs` tag): allowed only at creation or on a file system already the stack's, so the
 * deploy role cannot hand another file system of the account to the stack's tasks.
 */
function fileSystemStatements(arn: (service: string, resource: string) => string, prefix: string): Statement[] {
    const fileSystems = arn("elasticfilesystem", "file-system/*");
    const accessPoints = arn("elasticfilesystem", "access-point/*");
    return [
        { Sid: "CreateEncryptedFileSystems", Action: ["elasticfilesystem:CreateFileSystem"], Resource: ["*"], Condition: { Bool: { "elasticfilesystem:Encrypted": "true" } } },
        {
            Sid: "FileSystems",
            Action: [
                "elasticfilesystem:DescribeFileSystems", "elasticfilesystem:UpdateFileSystem", "elasticfilesystem:DeleteFileSystem", "elasticfilesystem:UpdateFileSystemProtection",
                "elasticfilesystem:PutLifecycleConfiguration", "elasticfilesystem:DescribeLifecycleConfiguration",
                "elasticfilesystem:PutBackupPolicy", "elasticfilesystem:DescribeBackupPolicy",
                "elasticfilesystem:PutFileSystemPolicy", "elasticfilesystem:DescribeFileSystemPolicy", "elasticfilesystem:DeleteFileSystemPolicy",
                "elasticfilesystem:CreateMountTarget", "elasticfilesystem:DescribeMountTargets", "elasticfilesystem:DeleteMountTarget",
                "elasticfilesystem:DescribeMountTargetSecurityGroups", "elasticfilesystem:ModifyMountTargetSecurityGroups",
                "elasticfilesystem:CreateAccessPoint", "elasticfilesystem:DescribeAccessPoints", "elasticfilesystem:DeleteAccessPoint",
                "elasticfilesystem:ListTagsForResource",
            ],
            Resource: [fileSystems, accessPoints],
        },
        { Sid: "TagFileSystemsAtCreation", Action: ["elasticfilesystem:TagResource"], Resource: [fileSystems, accessPoints], Condition: { StringLike: { "elasticfilesystem:CreateAction": "*" } } },
        { Sid: "RetagStackFileSystems", Action: ["elasticfilesystem:TagResource", "elasticfilesystem:UntagResource"], Resource: [fileSystems], Condition: { StringEquals: { [`aws:ResourceTag/${FILE_SYSTEM_TAG}`]: prefix } } },
        // Access point tags grant nothing (the boundary reads only the file system's).
        { Sid: "RetagAccessPoints", Action: ["elasticfilesystem:TagResource", "elasticfilesystem:UntagResource"], Resource: [accessPoints] },
    ];
}
