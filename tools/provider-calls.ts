/**
 * The AWS API calls `pulumi up` makes for each resource type this program creates, as IAM actions:
 * create, read, update, delete, the waiters, tagging, and the data sources' hidden reads. The deploy
 * role must be allowed each of them on the resource it touches (tests/deployer.test.ts).
 *
 * Read from the Terraform AWS provider that @pulumi/aws 7.x bridges (hashicorp/terraform-provider-aws,
 * `internal/service/<service>/<resource>.go`), from its tagging interceptor (resources marked
 * `@Tags(identifierAttribute=…)` list their tags on read unless the describe call returns them),
 * and from AWS's docs where the caller needs a permission for what AWS does on its behalf (iam:PassRole,
 * service-linked roles, private DNS). Calls verified line by line in the provider source are marked
 * "read"; the rest follow the resource's documented API and are marked "doc". awsx's VPC runs the same
 * provider inside its plugin, so its children are listed under `awsx:ec2:Vpc`.
 */

export interface ProviderCall {
    /** The IAM action, e.g. `ecs:DescribeServiceDeployments`. */
    action: string;
    /** For actions whose resource types are all optional: the one this call touches. */
    resourceType?: string;
    /** Request context the call carries (e.g. `iam:PassedToService`). */
    context?: Record<string, string>;
    /** A resource ARN that AWS's generic format cannot express (service-linked roles). */
    resource?: (loc: { partition: string; accountId: string }) => string;
    source: "read" | "doc";
}

// AWS's reference merges Classic and v2 load balancing under one prefix, and lists S3 bucket
// actions with access points as alternatives: those calls name the resource type they touch.
/** The boundary of the stack a call is checked for (`<stack>` is filled in by the test). */
export const STACK_BOUNDARY = "arn:aws:iam::123456789012:policy/fargate-kit-deploy/fargate-kit-<stack>-boundary";

const c = (action: string, source: ProviderCall["source"] = "doc", more: Partial<ProviderCall> = {}): ProviderCall => ({ action, source, ...more });
const tagged = (service: string, resourceType: string, actions: string[]) => actions.map((a) => c(`${service}:${a}`, "doc", { resourceType }));

const serviceLinkedRole = (service: string, role: string): ProviderCall =>
    c("iam:CreateServiceLinkedRole", "doc", { context: { "iam:AWSServiceName": service }, resource: (l) => `arn:${l.partition}:iam::${l.accountId}:role/aws-service-role/${service}/${role}` });

export const PROVIDER_CALLS: Record<string, ProviderCall[]> = {
    // internal/service/ecs/cluster.go: create, describe (tags included), update settings/configuration, delete.
    "aws:ecs/cluster:Cluster": [c("ecs:CreateCluster"), c("ecs:DescribeClusters"), c("ecs:UpdateCluster"), c("ecs:UpdateClusterSettings"), c("ecs:DeleteCluster"), ...tagged("ecs", "cluster", ["TagResource", "UntagResource"]), serviceLinkedRole("ecs.amazonaws.com", "AWSServiceRoleForECS")],
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": [c("ecs:PutClusterCapacityProviders"), c("ecs:DescribeClusters")],
    // internal/service/ecs/task_definition.go: register (passing the task and execution roles), describe, deregister.
    "aws:ecs/taskDefinition:TaskDefinition": [
        c("ecs:RegisterTaskDefinition"), c("ecs:DescribeTaskDefinition"), c("ecs:DeregisterTaskDefinition"), ...tagged("ecs", "task-definition", ["TagResource", "UntagResource"]),
        c("iam:PassRole", "doc", { context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }),
    ],
    // internal/service/ecs/service.go (read): CreateService (retried), DescribeServices, UpdateService with
    // ForceNewDeployment, waitServiceStable → ListServiceDeployments + DescribeServiceDeployments,
    // sigintRollback → StopServiceDeployment, DeleteService + waitServiceInactive.
    "aws:ecs/service:Service": [
        c("ecs:CreateService", "read"), c("ecs:DescribeServices", "read"), c("ecs:UpdateService", "read"), c("ecs:DeleteService", "read"),
        c("ecs:ListServiceDeployments", "read"), c("ecs:DescribeServiceDeployments", "read"), c("ecs:StopServiceDeployment", "read"),
        ...tagged("ecs", "service", ["TagResource", "UntagResource"]),
        // The infrastructure role of blue/green deployments is passed to ECS.
        c("iam:PassRole", "doc", { context: { "iam:PassedToService": "ecs.amazonaws.com" } }),
    ],
    "aws:iam/role:Role": [
        c("iam:CreateRole", "doc", { context: { "iam:PermissionsBoundary": STACK_BOUNDARY } }), c("iam:GetRole"), c("iam:UpdateRole"), c("iam:UpdateRoleDescription"), c("iam:UpdateAssumeRolePolicy"), c("iam:TagRole"), c("iam:UntagRole"),
        // Read lists inline and attached policies; delete removes them and the instance profiles first
        // (internal/service/iam/role.go DeleteRole): never DeleteRolePermissionsBoundary, which the deploy role lacks.
        c("iam:ListRolePolicies"), c("iam:ListAttachedRolePolicies"), c("iam:ListInstanceProfilesForRole"), c("iam:DeleteRolePolicy"), c("iam:DeleteRole"),
    ],
    // A stack role carries the stack's boundary: IAM puts it in the request context of every change.
    "aws:iam/rolePolicy:RolePolicy": [c("iam:PutRolePolicy", "doc", { context: { "iam:PermissionsBoundary": STACK_BOUNDARY } }), c("iam:GetRolePolicy"), c("iam:DeleteRolePolicy")],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": [
        c("iam:AttachRolePolicy", "doc", { context: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers", "iam:PermissionsBoundary": STACK_BOUNDARY } }),
        c("iam:ListAttachedRolePolicies"),
        c("iam:DetachRolePolicy", "doc", { context: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers", "iam:PermissionsBoundary": STACK_BOUNDARY } }),
    ],
    // Created in the bootstrap run only (the deploy role may read providers, not change them).
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": [c("iam:GetOpenIDConnectProvider"), c("iam:ListOpenIDConnectProviders")],
    // The permissions boundary: created (and changed) in the bootstrap run only; the deploy role reads it on refresh
    // (internal/service/iam/policy.go read: GetPolicy, GetPolicyVersion, ListPolicyVersions, ListPolicyTags).
    "aws:iam/policy:Policy": [
        ...["GetPolicy", "GetPolicyVersion", "ListPolicyVersions", "ListPolicyTags"].map((a) => c(`iam:${a}`, "read", { resource: () => STACK_BOUNDARY })),
    ],
    "aws:cloudwatch/logGroup:LogGroup": [c("logs:CreateLogGroup"), c("logs:DescribeLogGroups"), c("logs:PutRetentionPolicy"), c("logs:DeleteLogGroup"), c("logs:AssociateKmsKey"), ...tagged("logs", "log-group", ["TagResource", "UntagResource", "ListTagsForResource"])],
    "aws:cloudwatch/metricAlarm:MetricAlarm": [c("cloudwatch:PutMetricAlarm"), c("cloudwatch:DescribeAlarms"), c("cloudwatch:DeleteAlarms"), ...tagged("cloudwatch", "alarm", ["TagResource", "UntagResource", "ListTagsForResource"])],
    "aws:sns/topic:Topic": [c("sns:CreateTopic"), c("sns:GetTopicAttributes"), c("sns:SetTopicAttributes"), c("sns:DeleteTopic"), c("sns:TagResource"), c("sns:UntagResource"), c("sns:ListTagsForResource")],
    "aws:sns/topicSubscription:TopicSubscription": [c("sns:Subscribe"), ...tagged("sns", "topic", ["GetSubscriptionAttributes", "SetSubscriptionAttributes", "Unsubscribe"])],
    "aws:sqs/queue:Queue": [c("sqs:CreateQueue"), c("sqs:GetQueueUrl"), c("sqs:GetQueueAttributes"), c("sqs:SetQueueAttributes"), c("sqs:ListQueueTags"), c("sqs:TagQueue"), c("sqs:UntagQueue"), c("sqs:DeleteQueue")],
    "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": [c("sqs:SetQueueAttributes"), c("sqs:GetQueueAttributes")],
    // force_delete (unprotected stacks): DeleteRepository with force, which deletes the images too.
    "aws:ecr/repository:Repository": [c("ecr:CreateRepository"), c("ecr:DescribeRepositories"), c("ecr:PutImageTagMutability"), c("ecr:PutImageScanningConfiguration"), c("ecr:DeleteRepository"), c("ecr:BatchDeleteImage"), c("ecr:TagResource"), c("ecr:UntagResource"), c("ecr:ListTagsForResource")],
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": [c("ecr:PutLifecyclePolicy"), c("ecr:GetLifecyclePolicy"), c("ecr:DeleteLifecyclePolicy")],
    "aws:lb/loadBalancer:LoadBalancer": [
        c("elasticloadbalancing:CreateLoadBalancer", "doc", { resourceType: "loadbalancer/app/" }), c("elasticloadbalancing:DescribeLoadBalancers", "doc", { resourceType: "loadbalancer/app/" }), c("elasticloadbalancing:DescribeLoadBalancerAttributes", "doc", { resourceType: "loadbalancer/app/" }), c("elasticloadbalancing:ModifyLoadBalancerAttributes", "doc", { resourceType: "loadbalancer/app/" }),
        c("elasticloadbalancing:DescribeCapacityReservation", "doc", { resourceType: "loadbalancer/app/" }), c("elasticloadbalancing:SetSecurityGroups", "doc", { resourceType: "loadbalancer/app/" }), c("elasticloadbalancing:SetSubnets", "doc", { resourceType: "loadbalancer/app/" }), c("elasticloadbalancing:DeleteLoadBalancer", "doc", { resourceType: "loadbalancer/app/" }),
        ...tagged("elasticloadbalancing", "loadbalancer/app/", ["AddTags", "RemoveTags"]), c("elasticloadbalancing:DescribeTags", "doc", { resourceType: "loadbalancer/app/" }),
        // Delete waits for the load balancer's network interfaces to go.
        c("ec2:DescribeNetworkInterfaces"), serviceLinkedRole("elasticloadbalancing.amazonaws.com", "AWSServiceRoleForElasticLoadBalancing"),
    ],
    "aws:lb/targetGroup:TargetGroup": [c("elasticloadbalancing:CreateTargetGroup", "doc", { resourceType: "targetgroup" }), c("elasticloadbalancing:DescribeTargetGroups", "doc", { resourceType: "targetgroup" }), c("elasticloadbalancing:DescribeTargetGroupAttributes", "doc", { resourceType: "targetgroup" }), c("elasticloadbalancing:ModifyTargetGroup", "doc", { resourceType: "targetgroup" }), c("elasticloadbalancing:ModifyTargetGroupAttributes", "doc", { resourceType: "targetgroup" }), c("elasticloadbalancing:DeleteTargetGroup", "doc", { resourceType: "targetgroup" }), ...tagged("elasticloadbalancing", "targetgroup", ["AddTags", "RemoveTags"])],
    "aws:lb/listener:Listener": [c("elasticloadbalancing:CreateListener", "doc", { resourceType: "loadbalancer/app/" }), c("elasticloadbalancing:DescribeListeners", "doc", { resourceType: "listener/app" }), c("elasticloadbalancing:DescribeListenerAttributes", "doc", { resourceType: "listener/app" }), c("elasticloadbalancing:ModifyListener", "doc", { resourceType: "listener/app" }), c("elasticloadbalancing:ModifyListenerAttributes", "doc", { resourceType: "listener/app" }), c("elasticloadbalancing:DeleteListener", "doc", { resourceType: "listener/app" }), ...tagged("elasticloadbalancing", "listener/app", ["AddTags", "RemoveTags"])],
    "aws:lb/listenerCertificate:ListenerCertificate": [
        c("elasticloadbalancing:AddListenerCertificates", "doc", { resourceType: "listener/app" }),
        c("elasticloadbalancing:DescribeListenerCertificates"),
        c("elasticloadbalancing:RemoveListenerCertificates", "doc", { resourceType: "listener/app" }),
    ],
    "aws:lb/listenerRule:ListenerRule": [c("elasticloadbalancing:CreateRule", "doc", { resourceType: "listener/app" }), c("elasticloadbalancing:DescribeRules", "doc", { resourceType: "listener-rule/app" }), c("elasticloadbalancing:ModifyRule", "doc", { resourceType: "listener-rule/app" }), c("elasticloadbalancing:SetRulePriorities", "doc", { resourceType: "listener-rule/app" }), c("elasticloadbalancing:DeleteRule", "doc", { resourceType: "listener-rule/app" }), ...tagged("elasticloadbalancing", "listener-rule/app", ["AddTags", "RemoveTags"])],
    "aws:ec2/securityGroup:SecurityGroup": [
        c("ec2:CreateSecurityGroup"), c("ec2:DescribeSecurityGroups"), c("ec2:AuthorizeSecurityGroupIngress"), c("ec2:AuthorizeSecurityGroupEgress"),
        // Create revokes the default allow-all egress before adding the configured rules; delete waits for ENIs.
        c("ec2:RevokeSecurityGroupIngress"), c("ec2:RevokeSecurityGroupEgress"), c("ec2:UpdateSecurityGroupRuleDescriptionsIngress"), c("ec2:UpdateSecurityGroupRuleDescriptionsEgress"),
        c("ec2:DeleteSecurityGroup"), c("ec2:DescribeNetworkInterfaces"), ...tagged("ec2", "security-group", ["CreateTags", "DeleteTags"]),
    ],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": [c("ec2:AuthorizeSecurityGroupIngress"), c("ec2:DescribeSecurityGroupRules"), c("ec2:ModifySecurityGroupRules"), c("ec2:RevokeSecurityGroupIngress"), ...tagged("ec2", "security-group-rule", ["CreateTags", "DeleteTags"])],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": [c("ec2:AuthorizeSecurityGroupEgress"), c("ec2:DescribeSecurityGroupRules"), c("ec2:ModifySecurityGroupRules"), c("ec2:RevokeSecurityGroupEgress"), ...tagged("ec2", "security-group-rule", ["CreateTags", "DeleteTags"])],
    "aws:ec2/vpcEndpoint:VpcEndpoint": [
        c("ec2:CreateVpcEndpoint"), c("ec2:DescribeVpcEndpoints"), c("ec2:ModifyVpcEndpoint"), c("ec2:DeleteVpcEndpoints"), c("ec2:DescribePrefixLists"), c("ec2:DescribeVpcEndpointServices"),
        // Private DNS: AWS associates its private hosted zone with the VPC on the caller's behalf.
        c("route53:AssociateVPCWithHostedZone", "doc", { resourceType: "hostedzone" }),
        ...tagged("ec2", "vpc-endpoint", ["CreateTags", "DeleteTags"]),
    ],
    "aws:acm/certificate:Certificate": [c("acm:RequestCertificate"), c("acm:DescribeCertificate"), c("acm:ListTagsForCertificate"), c("acm:AddTagsToCertificate"), c("acm:RemoveTagsFromCertificate"), c("acm:DeleteCertificate")],
    "aws:acm/certificateValidation:CertificateValidation": [c("acm:DescribeCertificate")],
    "aws:route53/record:Record": [c("route53:ChangeResourceRecordSets"), c("route53:GetChange"), c("route53:ListResourceRecordSets"), c("route53:GetHostedZone")],
    "aws:s3/bucket:Bucket": [
        c("s3:CreateBucket", "doc", { resourceType: "bucket" }), c("s3:ListBucket", "doc", { resourceType: "bucket" }), c("s3:GetBucketLocation", "doc", { resourceType: "bucket" }), c("s3:GetBucketTagging", "doc", { resourceType: "bucket" }), c("s3:PutBucketTagging", "doc", { resourceType: "bucket" }), c("s3:GetBucketPolicy", "doc", { resourceType: "bucket" }), c("s3:GetBucketAcl", "doc", { resourceType: "bucket" }),
        c("s3:GetBucketVersioning", "doc", { resourceType: "bucket" }), c("s3:GetBucketCORS", "doc", { resourceType: "bucket" }), c("s3:GetBucketWebsite", "doc", { resourceType: "bucket" }), c("s3:GetBucketLogging", "doc", { resourceType: "bucket" }), c("s3:GetAccelerateConfiguration", "doc", { resourceType: "bucket" }), c("s3:GetBucketRequestPayment", "doc", { resourceType: "bucket" }),
        c("s3:GetReplicationConfiguration", "doc", { resourceType: "bucket" }), c("s3:GetEncryptionConfiguration", "doc", { resourceType: "bucket" }), c("s3:GetLifecycleConfiguration", "doc", { resourceType: "bucket" }), c("s3:GetBucketObjectLockConfiguration", "doc", { resourceType: "bucket" }), c("s3:DeleteBucket", "doc", { resourceType: "bucket" }),
    ],
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": [c("s3:PutBucketPublicAccessBlock", "doc", { resourceType: "bucket" }), c("s3:GetBucketPublicAccessBlock", "doc", { resourceType: "bucket" })],
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": [c("s3:PutBucketOwnershipControls", "doc", { resourceType: "bucket" }), c("s3:GetBucketOwnershipControls", "doc", { resourceType: "bucket" })],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": [c("s3:PutEncryptionConfiguration", "doc", { resourceType: "bucket" }), c("s3:GetEncryptionConfiguration", "doc", { resourceType: "bucket" })],
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": [c("s3:PutLifecycleConfiguration", "doc", { resourceType: "bucket" }), c("s3:GetLifecycleConfiguration", "doc", { resourceType: "bucket" })],
    "aws:s3/bucketPolicy:BucketPolicy": [c("s3:PutBucketPolicy", "doc", { resourceType: "bucket" }), c("s3:GetBucketPolicy", "doc", { resourceType: "bucket" }), c("s3:DeleteBucketPolicy", "doc", { resourceType: "bucket" })],
    // Data components (components/data/). bucket_versioning.go: PutBucketVersioning, GetBucketVersioning (its
    // waiter polls it), delete suspends versioning (PutBucketVersioning); bucket_cors_configuration.go: PutBucketCors,
    // GetBucketCors, DeleteBucketCors (IAM: s3:PutBucketCORS); bucket_notification.go: PutBucketNotificationConfiguration
    // (IAM: s3:PutBucketNotification), GetBucketNotificationConfiguration, delete puts an empty configuration.
    "aws:s3/bucketVersioning:BucketVersioning": [c("s3:PutBucketVersioning", "doc", { resourceType: "bucket" }), c("s3:GetBucketVersioning", "doc", { resourceType: "bucket" })],
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": [c("s3:PutBucketCORS", "doc", { resourceType: "bucket" }), c("s3:GetBucketCORS", "doc", { resourceType: "bucket" })],
    "aws:s3/bucketNotification:BucketNotification": [c("s3:PutBucketNotification", "read", { resourceType: "bucket" }), c("s3:GetBucketNotification", "read", { resourceType: "bucket" })],
    // internal/service/logs/subscription_filter.go: PutSubscriptionFilter (retried while the destination's test
    // message fails: "Could not deliver test message", the role not yet propagated), DescribeSubscriptionFilters,
    // DeleteSubscriptionFilter; the role is passed to CloudWatch Logs.
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": [
        c("logs:PutSubscriptionFilter", "doc", { resourceType: "log-group" }), c("logs:DescribeSubscriptionFilters", "doc", { resourceType: "log-group" }), c("logs:DeleteSubscriptionFilter", "doc", { resourceType: "log-group" }),
        c("iam:PassRole", "doc", { context: { "iam:PassedToService": "logs.amazonaws.com" } }),
    ],
    "aws:appautoscaling/target:Target": [
        c("application-autoscaling:RegisterScalableTarget"), c("application-autoscaling:DescribeScalableTargets"), c("application-autoscaling:DeregisterScalableTarget"),
        // Tags change through the provider's tagging code (@Tags in target.go): TagResource and UntagResource.
        c("application-autoscaling:TagResource"), c("application-autoscaling:UntagResource"), c("application-autoscaling:ListTagsForResource"),
        // Registering an ECS service checks it on the caller's behalf (Application Auto Scaling docs).
        c("ecs:DescribeServices"), c("ecs:UpdateService"), serviceLinkedRole("ecs.application-autoscaling.amazonaws.com", "AWSServiceRoleForApplicationAutoScaling_ECSService"),
    ],
    "aws:appautoscaling/policy:Policy": [
        c("application-autoscaling:PutScalingPolicy"), c("application-autoscaling:DescribeScalingPolicies"), c("application-autoscaling:DeleteScalingPolicy"),
        // Target tracking creates and removes its own CloudWatch alarms with the caller's permissions.
        c("cloudwatch:PutMetricAlarm"), c("cloudwatch:DescribeAlarms"), c("cloudwatch:DeleteAlarms"),
    ],
    // internal/service/appautoscaling/scheduled_action.go (read): create and update are one PutScheduledAction
    // (retried while the scalable target is not yet visible), read DescribeScheduledActions, delete DeleteScheduledAction.
    "aws:appautoscaling/scheduledAction:ScheduledAction": [
        c("application-autoscaling:PutScheduledAction", "read"), c("application-autoscaling:DescribeScheduledActions", "read"), c("application-autoscaling:DeleteScheduledAction", "read"),
    ],
    // internal/service/servicediscovery/http_namespace.go (read): CreateHttpNamespace with its tags, the
    // operation waiter (GetOperation), GetNamespace, DeleteNamespace (retried while in use) and its waiter;
    // tags listed on read (@Tags(identifierAttribute="arn")), and its update is "Tags only": a change of the
    // stack's tags calls TagResource/UntagResource (tags_gen.go), which Cloud Map authorizes on no resource.
    "aws:servicediscovery/httpNamespace:HttpNamespace": [
        c("servicediscovery:CreateHttpNamespace", "read"), c("servicediscovery:GetOperation", "read", { resourceType: "namespace" }), c("servicediscovery:GetNamespace", "read"),
        c("servicediscovery:DeleteNamespace", "read"), c("servicediscovery:ListTagsForResource", "doc"),
        c("servicediscovery:TagResource", "read"), c("servicediscovery:UntagResource", "read"),
    ],
    // awsx runs the same provider: the VPC, subnets, route tables, routes, internet and NAT gateways, EIPs.
    "awsx:ec2:Vpc": [
        c("ec2:CreateVpc"), c("ec2:DescribeVpcs"), c("ec2:DescribeVpcAttribute"), c("ec2:ModifyVpcAttribute"), c("ec2:DescribeNetworkAcls"), c("ec2:DescribeSecurityGroups"), c("ec2:DeleteVpc"),
        c("ec2:CreateSubnet"), c("ec2:DescribeSubnets"), c("ec2:ModifySubnetAttribute"), c("ec2:DeleteSubnet"),
        c("ec2:CreateRouteTable"), c("ec2:DescribeRouteTables"), c("ec2:AssociateRouteTable", "doc", { resourceType: "route-table" }), c("ec2:DisassociateRouteTable", "doc", { resourceType: "route-table" }),
        c("ec2:CreateRoute"), c("ec2:DeleteRoute"), c("ec2:DeleteRouteTable"),
        c("ec2:CreateInternetGateway"), c("ec2:AttachInternetGateway"), c("ec2:DescribeInternetGateways"), c("ec2:DetachInternetGateway"), c("ec2:DeleteInternetGateway"),
        c("ec2:AllocateAddress"), c("ec2:DescribeAddresses"), c("ec2:DescribeAddressesAttribute"), c("ec2:ReleaseAddress"),
        c("ec2:CreateNatGateway"), c("ec2:DescribeNatGateways"), c("ec2:DeleteNatGateway"), c("ec2:DescribeAvailabilityZones"),
        ...tagged("ec2", "vpc", ["CreateTags", "DeleteTags"]),
    ],
    // NAT instances (components/internal/nat-instance.ts). network_interface.go: create, then
    // ModifyNetworkInterfaceAttribute for source_dest_check; delete detaches it from the instance first.
    "aws:ec2/networkInterface:NetworkInterface": [
        c("ec2:CreateNetworkInterface"), c("ec2:DescribeNetworkInterfaces"), c("ec2:ModifyNetworkInterfaceAttribute", "doc", { resourceType: "network-interface" }),
        c("ec2:DetachNetworkInterface"), c("ec2:DeleteNetworkInterface"), ...tagged("ec2", "network-interface", ["CreateTags", "DeleteTags"]),
    ],
    // eip.go: allocate, describe, release; delete disassociates first (the instance associated it).
    "aws:ec2/eip:Eip": [
        c("ec2:AllocateAddress", "doc", { resourceType: "elastic-ip" }), c("ec2:DescribeAddresses"), c("ec2:DescribeAddressesAttribute"),
        c("ec2:DisassociateAddress", "doc", { resourceType: "elastic-ip" }), c("ec2:ReleaseAddress", "doc", { resourceType: "elastic-ip" }), ...tagged("ec2", "elastic-ip", ["CreateTags", "DeleteTags"]),
    ],
    "aws:ec2/route:Route": [c("ec2:CreateRoute"), c("ec2:DescribeRouteTables"), c("ec2:ReplaceRoute"), c("ec2:DeleteRoute")],
    "aws:ec2/launchTemplate:LaunchTemplate": [
        c("ec2:CreateLaunchTemplate"), c("ec2:DescribeLaunchTemplates"), c("ec2:DescribeLaunchTemplateVersions"), c("ec2:CreateLaunchTemplateVersion"), c("ec2:ModifyLaunchTemplate"), c("ec2:DeleteLaunchTemplate"),
        ...tagged("ec2", "launch-template", ["CreateTags", "DeleteTags"]),
    ],
    "aws:iam/instanceProfile:InstanceProfile": [
        c("iam:CreateInstanceProfile"), c("iam:GetInstanceProfile"), c("iam:AddRoleToInstanceProfile"), c("iam:RemoveRoleFromInstanceProfile"), c("iam:DeleteInstanceProfile"),
        c("iam:TagInstanceProfile"), c("iam:UntagInstanceProfile"),
        // AddRoleToInstanceProfile passes the role (IAM docs); no service is named in that request.
        c("iam:PassRole"),
    ],
    // group.go (read): create with the initial lifecycle hook, waitGroupCapacitySatisfied (scaling
    // activities + the group), read (load balancers, target groups, traffic sources, warm pool),
    // update + StartInstanceRefresh, metrics collection, drain (SetInstanceProtection) and delete.
    "aws:autoscaling/group:Group": [
        c("autoscaling:CreateAutoScalingGroup", "read"), c("autoscaling:DescribeAutoScalingGroups", "read"), c("autoscaling:UpdateAutoScalingGroup", "read"), c("autoscaling:DeleteAutoScalingGroup", "read"),
        c("autoscaling:DescribeScalingActivities", "read"), c("autoscaling:DescribeLoadBalancers", "read"), c("autoscaling:DescribeLoadBalancerTargetGroups", "read"), c("autoscaling:DescribeTrafficSources", "read"), c("autoscaling:DescribeWarmPool", "read"),
        c("autoscaling:DescribeInstanceRefreshes", "read"), c("autoscaling:StartInstanceRefresh", "read"), c("autoscaling:EnableMetricsCollection", "read"), c("autoscaling:DisableMetricsCollection", "read"),
        c("autoscaling:SetInstanceProtection", "read"), c("autoscaling:DescribeLifecycleHooks"), c("autoscaling:CreateOrUpdateTags", "read"), c("autoscaling:DeleteTags", "read"),
        // Auto Scaling checks that the caller may launch what the launch template describes, and pass its instance profile's role.
        c("ec2:RunInstances", "doc", { context: { "ec2:LaunchTemplate": "arn:aws:ec2:us-east-1:123456789012:launch-template/lt-0123456789abcdef0" } }),
        c("iam:PassRole", "doc", { context: { "iam:PassedToService": "ec2.amazonaws.com" } }),
        serviceLinkedRole("autoscaling.amazonaws.com", "AWSServiceRoleForAutoScaling"),
    ],
    // internal/service/scheduler/schedule.go: create/get/update/delete; the target passes its role to Scheduler.
    "aws:scheduler/schedule:Schedule": [
        c("scheduler:CreateSchedule"), c("scheduler:GetSchedule"), c("scheduler:UpdateSchedule"), c("scheduler:DeleteSchedule"),
        c("iam:PassRole", "doc", { context: { "iam:PassedToService": "scheduler.amazonaws.com" } }),
    ],
    "aws:cloudwatch/eventRule:EventRule": [
        ...["PutRule", "DescribeRule", "DeleteRule", "TagResource", "UntagResource", "ListTagsForResource"].map((a) => c(`events:${a}`, "doc", { resourceType: "rule-on-default-event-bus" })),
    ],
    // A target with a role (the CodeCommit push trigger's API destination) passes it to EventBridge on PutTargets.
    "aws:cloudwatch/eventTarget:EventTarget": [
        ...["PutTargets", "RemoveTargets", "ListTargetsByRule"].map((a) => c(`events:${a}`, "doc", { resourceType: "rule-on-default-event-bus" })),
        c("iam:PassRole", "doc", { context: { "iam:PassedToService": "events.amazonaws.com" } }),
    ],
    // internal/service/events/connection.go (read): CreateConnection, then waitConnectionCreated polls
    // DescribeConnection; UpdateConnection + waitConnectionUpdated; DeleteConnection + waitConnectionDeleted.
    // No tags. EventBridge keeps the auth parameters in a secret its service-linked role manages (created on first use).
    "aws:cloudwatch/eventConnection:EventConnection": [
        c("events:CreateConnection", "read"), c("events:DescribeConnection", "read"), c("events:UpdateConnection", "read"), c("events:DeleteConnection", "read"),
        serviceLinkedRole("apidestinations.events.amazonaws.com", "AWSServiceRoleForAmazonEventBridgeApiDestinations"),
    ],
    // internal/service/events/api_destination.go (read): Create/Describe/Update/Delete, no waiter, no tags.
    // AWS authorizes Create and Describe on the destination and its connection.
    "aws:cloudwatch/eventApiDestination:EventApiDestination": [
        c("events:CreateApiDestination", "read"), c("events:DescribeApiDestination", "read"), c("events:UpdateApiDestination", "read"), c("events:DeleteApiDestination", "read"),
    ],
    // EFS (components/data/file-system.ts), read in internal/service/efs/*.go. file_system.go: CreateFileSystem
    // (tags in the request: TagResource with elasticfilesystem:CreateAction), waitFileSystemAvailable →
    // DescribeFileSystems, PutLifecycleConfiguration, UpdateFileSystemProtection; read: DescribeFileSystems +
    // DescribeLifecycleConfiguration; update: UpdateFileSystem; delete: DeleteFileSystem + waiter.
    "aws:efs/fileSystem:FileSystem": [
        c("elasticfilesystem:CreateFileSystem", "read", { context: { "elasticfilesystem:Encrypted": "true" } }), c("elasticfilesystem:DescribeFileSystems", "read", { resourceType: "file-system" }),
        c("elasticfilesystem:PutLifecycleConfiguration", "read"), c("elasticfilesystem:DescribeLifecycleConfiguration", "read"), c("elasticfilesystem:UpdateFileSystemProtection", "read"),
        c("elasticfilesystem:UpdateFileSystem", "read"), c("elasticfilesystem:DeleteFileSystem", "read"),
        c("elasticfilesystem:TagResource", "doc", { resourceType: "file-system", context: { "elasticfilesystem:CreateAction": "CreateFileSystem" } }),
        c("elasticfilesystem:TagResource", "doc", { resourceType: "file-system", context: { "aws:ResourceTag/fargate-kit-efs": "fargate-kit-<stack>" } }),
        c("elasticfilesystem:UntagResource", "doc", { resourceType: "file-system", context: { "aws:ResourceTag/fargate-kit-efs": "fargate-kit-<stack>" } }),
        c("elasticfilesystem:ListTagsForResource", "doc", { resourceType: "file-system" }),
    ],
    // access_point.go: CreateAccessPoint (tags in the request), waitAccessPointCreated/read → DescribeAccessPoints, DeleteAccessPoint + waiter; update is tags only.
    "aws:efs/accessPoint:AccessPoint": [
        c("elasticfilesystem:CreateAccessPoint", "read"), c("elasticfilesystem:DescribeAccessPoints", "read", { resourceType: "access-point" }), c("elasticfilesystem:DeleteAccessPoint", "read"),
        c("elasticfilesystem:TagResource", "doc", { resourceType: "access-point", context: { "elasticfilesystem:CreateAction": "CreateAccessPoint" } }),
        ...tagged("elasticfilesystem", "access-point", ["TagResource", "UntagResource", "ListTagsForResource"]),
    ],
    // mount_target.go: ec2 DescribeSubnets (the subnet's AZ), CreateMountTarget (EFS creates its network interface with the
    // caller's ec2:CreateNetworkInterface), waitMountTargetCreated → DescribeMountTargets, read: DescribeMountTargetSecurityGroups,
    // update: ModifyMountTargetSecurityGroups, DeleteMountTarget (ec2:DeleteNetworkInterface) + waiter.
    "aws:efs/mountTarget:MountTarget": [
        c("ec2:DescribeSubnets", "read"), c("elasticfilesystem:CreateMountTarget", "read"), c("elasticfilesystem:DescribeMountTargets", "read"),
        c("elasticfilesystem:DescribeMountTargetSecurityGroups", "read"), c("elasticfilesystem:ModifyMountTargetSecurityGroups", "read"), c("elasticfilesystem:DeleteMountTarget", "read"),
        c("ec2:CreateNetworkInterface"), c("ec2:DescribeNetworkInterfaces"), c("ec2:ModifyNetworkInterfaceAttribute"), c("ec2:DeleteNetworkInterface"),
    ],
    // file_system_policy.go: PutFileSystemPolicy, DescribeFileSystemPolicy, DeleteFileSystemPolicy.
    "aws:efs/fileSystemPolicy:FileSystemPolicy": [c("elasticfilesystem:PutFileSystemPolicy", "read"), c("elasticfilesystem:DescribeFileSystemPolicy", "read", { resourceType: "file-system" }), c("elasticfilesystem:DeleteFileSystemPolicy", "read")],
    // backup_policy.go: PutBackupPolicy, waiters and read → DescribeBackupPolicy; delete is PutBackupPolicy DISABLED.
    "aws:efs/backupPolicy:BackupPolicy": [c("elasticfilesystem:PutBackupPolicy", "read"), c("elasticfilesystem:DescribeBackupPolicy", "read")],
    "aws:sqs/queuePolicy:QueuePolicy": [c("sqs:SetQueueAttributes"), c("sqs:GetQueueAttributes")],
    // The migration gate runs its task with the deployer's credentials (components/services/migration-run.ts).
    "pulumi-nodejs:dynamic/fargate-kit:MigrationRun": [
        c("ecs:RunTask"), c("ecs:DescribeTasks"), c("ecs:StopTask"),
        // A migration still running, by family: IAM evaluates Fargate's ListTasks on "*", with ecs:cluster.
        c("ecs:ListTasks", "doc", { resource: () => "*", context: { "ecs:cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/fargate-kit-prod-app" } }),
        c("iam:PassRole", "doc", { context: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } }),
    ],
    // The app's data stores (components/data). RDS creates the master-password secret (rds!…) with the caller's
    // permissions (RDS User Guide, "Permissions required for Secrets Manager integration").
    // rds/subnet_group.go: create, describe, modify, delete; tags by ARN.
    "aws:rds/subnetGroup:SubnetGroup": [c("rds:CreateDBSubnetGroup"), c("rds:DescribeDBSubnetGroups"), c("rds:ModifyDBSubnetGroup"), c("rds:DeleteDBSubnetGroup"), ...tagged("rds", "subgrp", ["AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource"])],
    // rds/cluster.go (read): CreateDBCluster, then ModifyDBCluster when the create call cannot carry a setting;
    // waitDBClusterCreated/Updated/Deleted poll DescribeDBClusters; delete with FinalDBSnapshotIdentifier unless skip_final_snapshot.
    "aws:rds/cluster:Cluster": [
        c("rds:CreateDBCluster", "read"), c("rds:DescribeDBClusters", "read"), c("rds:ModifyDBCluster", "read"), c("rds:DeleteDBCluster", "read"),
        ...tagged("rds", "cluster", ["AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource"]),
        ...["CreateSecret", "TagResource", "DescribeSecret", "UpdateSecret", "RotateSecret", "DeleteSecret"].map((a) => c(`secretsmanager:${a}`, "doc", { resource: (l) => `arn:${l.partition}:secretsmanager:us-east-1:${l.accountId}:secret:rds!cluster-0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7-Ab12Cd` })),
        c("secretsmanager:GetRandomPassword"),
        serviceLinkedRole("rds.amazonaws.com", "AWSServiceRoleForRDS"),
    ],
    // rds/cluster_instance.go: CreateDBInstance in the cluster, waiters on DescribeDBInstances, modify, delete.
    "aws:rds/clusterInstance:ClusterInstance": [c("rds:CreateDBInstance"), c("rds:DescribeDBInstances"), c("rds:ModifyDBInstance"), c("rds:DeleteDBInstance"), ...tagged("rds", "db", ["AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource"])],
    // rds/instance.go: create, waiters on DescribeDBInstances, modify, delete with a final snapshot (CreateDBSnapshot on its behalf).
    "aws:rds/instance:Instance": [
        c("rds:CreateDBInstance"), c("rds:DescribeDBInstances"), c("rds:ModifyDBInstance"), c("rds:DeleteDBInstance"), c("rds:CreateDBSnapshot"),
        ...tagged("rds", "db", ["AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource"]),
        ...["CreateSecret", "TagResource", "DescribeSecret", "UpdateSecret", "RotateSecret", "DeleteSecret"].map((a) => c(`secretsmanager:${a}`, "doc", { resource: (l) => `arn:${l.partition}:secretsmanager:us-east-1:${l.accountId}:secret:rds!db-0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7-Ef34Gh` })),
        c("secretsmanager:GetRandomPassword"),
        serviceLinkedRole("rds.amazonaws.com", "AWSServiceRoleForRDS"),
    ],
    // elasticache/serverless_cache.go (read): create + waitServerlessCacheAvailable (DescribeServerlessCaches),
    // ModifyServerlessCache, DeleteServerlessCache (no final snapshot) + waitServerlessCacheDeleted; tags by ARN.
    "aws:elasticache/serverlessCache:ServerlessCache": [
        c("elasticache:CreateServerlessCache", "read"), c("elasticache:DescribeServerlessCaches", "read"), c("elasticache:ModifyServerlessCache", "read"), c("elasticache:DeleteServerlessCache", "read"),
        ...tagged("elasticache", "serverlesscache", ["AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource"]),
        serviceLinkedRole("elasticache.amazonaws.com", "AWSServiceRoleForElastiCache"),
    ],
    // elasticache/replication_group.go: create, waiters on DescribeReplicationGroups, member clusters by DescribeCacheClusters,
    // modify, delete with a final snapshot.
    "aws:elasticache/replicationGroup:ReplicationGroup": [
        c("elasticache:CreateReplicationGroup"), c("elasticache:DescribeReplicationGroups"), c("elasticache:DescribeCacheClusters"), c("elasticache:ModifyReplicationGroup"), c("elasticache:DeleteReplicationGroup"),
        c("elasticache:CreateSnapshot", "doc", { resourceType: "snapshot" }),
        ...tagged("elasticache", "replicationgroup", ["AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource"]),
        serviceLinkedRole("elasticache.amazonaws.com", "AWSServiceRoleForElastiCache"),
    ],
    "aws:elasticache/subnetGroup:SubnetGroup": [
        c("elasticache:CreateCacheSubnetGroup"), c("elasticache:DescribeCacheSubnetGroups"), c("elasticache:ModifyCacheSubnetGroup"), c("elasticache:DeleteCacheSubnetGroup"),
        ...tagged("elasticache", "subnetgroup", ["AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource"]),
    ],
    // Reads only: the stack's own outputs.
    "pulumi:pulumi:StackReference": [],
    // Pulumi Cloud, not AWS.
    "pulumiservice:index:DeploymentSettings": [],
};

/** Data sources (invokes) by token: what they call. */
export const DATA_SOURCE_CALLS: Record<string, ProviderCall[]> = {
    "aws:index/getCallerIdentity:getCallerIdentity": [c("sts:GetCallerIdentity")],
    "aws:index/getPartition:getPartition": [],
    "aws:index/getRegion:getRegion": [],
    "aws:elb/getServiceAccount:getServiceAccount": [],
    "aws:index/getAvailabilityZones:getAvailabilityZones": [c("ec2:DescribeAvailabilityZones")],
    // zone_data_source.go (read): finds the zone, then always lists its tags.
    "aws:route53/getZone:getZone": [c("route53:ListHostedZones"), c("route53:GetHostedZone"), c("route53:ListTagsForResource", "read", { resourceType: "hostedzone" })],
    // secret_data_source.go (read): findSecretByID (DescribeSecret), then findSecretPolicyByID (GetResourcePolicy).
    "aws:secretsmanager/getSecret:getSecret": [c("secretsmanager:DescribeSecret", "read"), c("secretsmanager:GetResourcePolicy", "read")],
    "aws:ec2/getVpc:getVpc": [c("ec2:DescribeVpcs"), c("ec2:DescribeVpcAttribute")],
    "aws:ec2/getRouteTables:getRouteTables": [c("ec2:DescribeRouteTables")],
    // parameter_data_source.go (read): GetParameter, with decryption. AWS's public parameters have no account in their ARN.
    "aws:ssm/getParameter:getParameter": [c("ssm:GetParameter", "read", { resource: (l) => `arn:${l.partition}:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64` })],
};

/**
 * What AWS services call with a role the stack gives them (not the provider, at run time): the
 * role must allow it, and the stack's boundary must too. Keyed by the role's trusted service.
 */
export const SERVICE_ROLE_CALLS: Record<string, ProviderCall[]> = {
    // An EventBridge rule's API-destination target: EventBridge invokes the destination with the
    // target's role (EventBridge user guide, "API destinations": events:InvokeApiDestination).
    "events.amazonaws.com": [c("events:InvokeApiDestination", "doc")],
};
