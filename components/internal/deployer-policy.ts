import { AwsLocation } from "./arns";
import { Statement } from "./iam";

/**
 * What the role that runs `pulumi up` for a fargate-kit stack may do: create, change and delete
 * the resource types these components create, in this account and region only.
 *
 * Mutating actions are scoped to this account's (and region's) ARNs. Read-only calls and the
 * few creates AWS authorizes only on `Resource: "*"` are listed in `DEPLOYER_ACTIONS_ON_ANY_RESOURCE`.
 * The list is our reading of what the AWS provider calls for each resource; it has not been
 * exercised against a real account. A deploy that hits AccessDenied names the missing action:
 * add it here (or attach a policy through `deployRolePolicyArns`).
 */
export function deployerStatements(loc: AwsLocation): Statement[] {
    const { partition: p, region: r, accountId: a } = loc;
    const arn = (service: string, resource: string, global = false) => `arn:${p}:${service}:${global ? "" : r}:${a}:${resource}`;
    return [
        {
            Sid: "Ecs",
            Action: [
                "ecs:DeleteCluster", "ecs:UpdateCluster", "ecs:UpdateClusterSettings", "ecs:PutClusterCapacityProviders", "ecs:DescribeClusters",
                "ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService", "ecs:DescribeServices",
                "ecs:TagResource", "ecs:UntagResource", "ecs:ListTagsForResource",
            ],
            Resource: [arn("ecs", "cluster/*"), arn("ecs", "service/*"), arn("ecs", "task-definition/*"), arn("ecs", "capacity-provider/*")],
        },
        {
            Sid: "LoadBalancing",
            Action: [
                "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
                "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
                "elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyListenerAttributes",
                "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule", "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities",
                "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags",
            ],
            Resource: [arn("elasticloadbalancing", "loadbalancer/app/*"), arn("elasticloadbalancing", "targetgroup/*"), arn("elasticloadbalancing", "listener/app/*"), arn("elasticloadbalancing", "listener-rule/app/*")],
        },
        {
            Sid: "Network",
            Action: [
                "ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", "ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute",
                "ec2:CreateInternetGateway", "ec2:DeleteInternetGateway", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway",
                "ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ReplaceRoute", "ec2:AssociateRouteTable", "ec2:DisassociateRouteTable",
                "ec2:AllocateAddress", "ec2:ReleaseAddress", "ec2:CreateNatGateway", "ec2:DeleteNatGateway",
                "ec2:CreateSecurityGroup", "ec2:DeleteSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules", "ec2:UpdateSecurityGroupRuleDescriptionsIngress", "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
                "ec2:CreateVpcEndpoint", "ec2:DeleteVpcEndpoints", "ec2:ModifyVpcEndpoint",
                "ec2:CreateTags", "ec2:DeleteTags",
            ],
            Resource: [arn("ec2", "*")],
        },
        {
            Sid: "Roles",
            Action: [
                "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole",
                "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy", "iam:ListRolePolicies",
                "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
                "iam:CreateOpenIDConnectProvider", "iam:GetOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider",
                "iam:AddClientIDToOpenIDConnectProvider", "iam:RemoveClientIDFromOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint",
            ],
            Resource: [`arn:${p}:iam::${a}:role/*`, `arn:${p}:iam::${a}:oidc-provider/*`],
        },
        {
            // Task and execution roles go to ECS tasks only; the infrastructure role to ECS only.
            Sid: "PassRolesToEcs",
            Action: ["iam:PassRole"],
            Resource: [`arn:${p}:iam::${a}:role/*`],
            Condition: { StringEquals: { "iam:PassedToService": ["ecs-tasks.amazonaws.com", "ecs.amazonaws.com"] } },
        },
        {
            // ECS, load balancing and autoscaling create their service-linked roles on first use.
            Sid: "ServiceLinkedRoles",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: [`arn:${p}:iam::${a}:role/aws-service-role/*`],
            Condition: { StringEquals: { "iam:AWSServiceName": ["ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "ecs.application-autoscaling.amazonaws.com"] } },
        },
        {
            Sid: "Registry",
            Action: [
                "ecr:CreateRepository", "ecr:DeleteRepository", "ecr:DescribeRepositories", "ecr:PutImageTagMutability", "ecr:PutImageScanningConfiguration",
                "ecr:PutLifecyclePolicy", "ecr:GetLifecyclePolicy", "ecr:DeleteLifecyclePolicy", "ecr:TagResource", "ecr:UntagResource", "ecr:ListTagsForResource",
                "ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage", "ecr:DescribeImages",
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
                "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource", "cloudwatch:UntagResource", "cloudwatch:ListTagsForResource",
                "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy", "logs:AssociateKmsKey", "logs:DisassociateKmsKey",
                "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource",
                "sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Unsubscribe",
                "sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes", "sns:TagResource", "sns:UntagResource", "sns:ListTagsForResource",
            ],
            Resource: [arn("cloudwatch", "alarm:*"), arn("logs", "log-group:*"), arn("sns", "*")],
        },
        {
            Sid: "Scaling",
            Action: ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget", "application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy", "application-autoscaling:TagResource", "application-autoscaling:UntagResource", "application-autoscaling:ListTagsForResource"],
            Resource: [arn("application-autoscaling", "scalable-target/*")],
        },
        {
            Sid: "CertificatesAndDns",
            Action: ["acm:DescribeCertificate", "acm:DeleteCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate", "acm:ListTagsForCertificate", "route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:GetHostedZone", "route53:GetChange"],
            Resource: [arn("acm", "certificate/*"), `arn:${p}:route53:::hostedzone/*`, `arn:${p}:route53:::change/*`],
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
        { Sid: "ReadAnywhere", Action: [...DEPLOYER_ACTIONS_ON_ANY_RESOURCE], Resource: ["*"] },
    ];
}

/**
 * Calls AWS authorizes only on `Resource: "*"`: reads (Describe/List), a few creates whose
 * resource does not exist yet, and registry login. None can change an existing resource.
 */
export const DEPLOYER_ACTIONS_ON_ANY_RESOURCE: readonly string[] = [
    "ecs:CreateCluster", "ecs:RegisterTaskDefinition", "ecs:DeregisterTaskDefinition", "ecs:DescribeTaskDefinition", "ecs:ListServices",
    "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerAttributes",
    "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeTargetHealth",
    "ec2:DescribeVpcs", "ec2:DescribeVpcAttribute", "ec2:DescribeSubnets", "ec2:DescribeRouteTables", "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways",
    "ec2:DescribeAddresses", "ec2:DescribeAddressesAttribute", "ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules", "ec2:DescribeVpcEndpoints",
    "ec2:DescribeAvailabilityZones", "ec2:DescribeNetworkInterfaces", "ec2:DescribePrefixLists", "ec2:DescribeAccountAttributes", "ec2:DescribeTags",
    "iam:ListOpenIDConnectProviders",
    "ecr:GetAuthorizationToken",
    "cloudwatch:DescribeAlarms",
    "logs:DescribeLogGroups",
    "application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies",
    "acm:RequestCertificate",
    "route53:ListHostedZones", "route53:ListHostedZonesByName",
    "sts:GetCallerIdentity",
];
