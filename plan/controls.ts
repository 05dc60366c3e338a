/**
 * AWS Security Hub (Foundational Security Best Practices) controls that apply to these stacks,
 * and this library's own least-privilege rules, checked against the resources a program
 * registers. Each check returns the offending resources (empty: pass), or null when the stack
 * has nothing the control applies to.
 */
import { DEPLOYER_ACTIONS_ON_ANY_RESOURCE, DEPLOYER_ACTIONS_ON_ANY_RESOURCE_IF_NARROWED } from "../components/internal/deployer-policy";
import { ACTIONS_ALLOWED_ON_ANY_RESOURCE } from "../components/internal/iam";
import { authorizedOnAnyResource } from "../components/internal/any-resource";
import { RecordedResource } from "../tools/mock-runtime";

export interface Control {
    id: string;
    title: string;
    check: (resources: RecordedResource[]) => string[] | null;
}

export interface ControlResult {
    id: string;
    title: string;
    status: "pass" | "fail" | "n/a";
    failures: string[];
}

const of = (rs: RecordedResource[], type: string) => rs.filter((r) => r.type === type);
const label = (r: RecordedResource) => `${r.type.split(":").pop()} ${r.name}`;
const applies = (rs: RecordedResource[], failing: (r: RecordedResource) => boolean) => (rs.length === 0 ? null : rs.filter(failing).map(label));
const containers = (rs: RecordedResource[]) =>
    of(rs, "aws:ecs/taskDefinition:TaskDefinition").flatMap((td) => (JSON.parse(td.inputs.containerDefinitions) as any[]).map((c) => ({ td, c })));

interface PolicyStatement {
    owner: string;
    /** The role that runs deployments, whose reads AWS authorizes only on "*". */
    deployer: boolean;
    Effect: string;
    Action: string[];
    Resource: string[];
    /** Whether a condition narrows the statement. */
    narrowed: boolean;
}

/** Every statement of every policy the stack writes (role policies and bucket policies). */
function policyStatements(rs: RecordedResource[]): PolicyStatement[] {
    const docs = [...of(rs, "aws:iam/rolePolicy:RolePolicy"), ...of(rs, "aws:s3/bucketPolicy:BucketPolicy")];
    return docs.flatMap((r) =>
        (JSON.parse(String(r.inputs.policy)).Statement as any[]).map((s) => ({
            owner: label(r),
            deployer: r.parent?.startsWith("fargate-kit:index:PulumiDeployments::") ?? false,
            Effect: s.Effect ?? "Allow",
            Action: [].concat(s.Action),
            Resource: [].concat(s.Resource),
            narrowed: s.Condition !== undefined,
        })),
    );
}

const WORLD = ["0.0.0.0/0", "::/0"];
const appBuckets = (rs: RecordedResource[]) => of(rs, "aws:s3/bucket:Bucket").filter((b) => b.parent?.startsWith("fargate-kit:index:Bucket::"));
const appTopics = (rs: RecordedResource[]) => of(rs, "aws:sns/topic:Topic").filter((t) => t.parent?.startsWith("fargate-kit:index:Topic::"));
/** Controls of the stack file's buckets and topics (tests/data.test.ts checks them on a stack that has some). */
export const DATA_CONTROL_IDS = ["S3.8", "S3.5", "S3.12", "S3.13", "S3.14", "SNS.1", "SNS.4"];
/** A file system with its backup policy ENABLED (AWS Backup's default plan). */
const backedUp = (rs: RecordedResource[], f: RecordedResource) => of(rs, "aws:efs/backupPolicy:BackupPolicy").some((b) => b.parent === f.parent && b.inputs.backupPolicy?.status === "ENABLED");
const SECRET_GRANT = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@!-]+-[A-Za-z0-9]{6}$/;

export const CONTROLS: Control[] = [
    { id: "ECS.2", title: "ECS services should not have public IP addresses assigned automatically", check: (rs) => applies(of(rs, "aws:ecs/service:Service"), (s) => s.inputs.networkConfiguration?.assignPublicIp === true) },
    { id: "ECS.3", title: "ECS task definitions should not share the host's process namespace", check: (rs) => applies(of(rs, "aws:ecs/taskDefinition:TaskDefinition"), (t) => t.inputs.pidMode === "host") },
    { id: "ECS.4", title: "ECS containers should run as non-privileged", check: (rs) => (containers(rs).length ? containers(rs).filter(({ c }) => c.privileged === true).map(({ td, c }) => `${td.name}/${c.name}`) : null) },
    {
        id: "ECS.5",
        title: "ECS containers should be limited to read-only access to root filesystems",
        check: (rs) => (containers(rs).length ? containers(rs).filter(({ c }) => c.readonlyRootFilesystem !== true).map(({ td, c }) => `${td.name}/${c.name}`) : null),
    },
    {
        id: "ECS.8",
        title: "Secrets should not be passed as container environment variables",
        check: (rs) =>
            containers(rs).length
                ? containers(rs)
                      .filter(({ c }) => (c.environment ?? []).some((e: { name: string }) => ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"].includes(e.name)))
                      .map(({ td, c }) => `${td.name}/${c.name}`)
                : null,
    },
    // AWS Config's ecs-task-definition-log-configuration: any log driver counts (awsfirelens too), a missing one fails.
    { id: "ECS.9", title: "ECS task definitions should have a logging configuration", check: (rs) => (containers(rs).length ? containers(rs).filter(({ c }) => !c.logConfiguration?.logDriver).map(({ td, c }) => `${td.name}/${c.name}`) : null) },
    { id: "ECS.10", title: "ECS Fargate services should run on the latest Fargate platform version", check: (rs) => applies(of(rs, "aws:ecs/service:Service"), (s) => s.inputs.platformVersion !== "LATEST") },
    { id: "ECS.12", title: "ECS clusters should use Container Insights", check: (rs) => applies(of(rs, "aws:ecs/cluster:Cluster"), (c) => !(c.inputs.settings ?? []).some((s: any) => s.name === "containerInsights" && s.value !== "disabled")) },
    {
        id: "ELB.1",
        title: "Application Load Balancer should be configured to redirect all HTTP requests to HTTPS",
        check: (rs) => applies(of(rs, "aws:lb/listener:Listener").filter((l) => l.inputs.protocol === "HTTP" && l.inputs.port === 80), (l) => l.inputs.defaultActions?.[0]?.redirect?.protocol !== "HTTPS"),
    },
    { id: "ELB.4", title: "Application Load Balancer should be configured to drop invalid HTTP headers", check: (rs) => applies(of(rs, "aws:lb/loadBalancer:LoadBalancer"), (l) => l.inputs.dropInvalidHeaderFields !== true) },
    { id: "ELB.5", title: "Application and Classic Load Balancers logging should be enabled", check: (rs) => applies(of(rs, "aws:lb/loadBalancer:LoadBalancer"), (l) => l.inputs.accessLogs?.enabled !== true) },
    { id: "ELB.6", title: "Load balancers should have deletion protection enabled", check: (rs) => applies(of(rs, "aws:lb/loadBalancer:LoadBalancer"), (l) => l.inputs.enableDeletionProtection !== true) },
    {
        id: "ELB.12",
        title: "Application Load Balancer should be configured with defensive or strictest desync mitigation mode",
        check: (rs) => applies(of(rs, "aws:lb/loadBalancer:LoadBalancer"), (l) => !["defensive", "strictest"].includes(l.inputs.desyncMitigationMode)),
    },
    // AWS Config's elbv2-predefined-security-policy-ssl-check; Security Hub's recommended policies are the TLS 1.3 family.
    {
        id: "ELB.17",
        title: "Application and Network Load Balancers with listeners should use recommended security policies",
        // Plain HTTP listeners have no policy to check: they pass (ELB.1 covers their redirect).
        check: (rs) => applies(of(rs, "aws:lb/listener:Listener"), (l) => ["HTTPS", "TLS"].includes(l.inputs.protocol) && !String(l.inputs.sslPolicy ?? "").startsWith("ELBSecurityPolicy-TLS13-")),
    },
    { id: "ELB.13", title: "Load balancers should span multiple Availability Zones", check: (rs) => applies(of(rs, "aws:lb/loadBalancer:LoadBalancer"), (l) => ((l.inputs.subnets as unknown[]) ?? []).length < 2) },
    { id: "ECR.1", title: "ECR private repositories should have image scanning configured", check: (rs) => applies(of(rs, "aws:ecr/repository:Repository"), (r) => r.inputs.imageScanningConfiguration?.scanOnPush !== true) },
    { id: "ECR.2", title: "ECR private repositories should have tag immutability configured", check: (rs) => applies(of(rs, "aws:ecr/repository:Repository"), (r) => r.inputs.imageTagMutability !== "IMMUTABLE") },
    {
        id: "ECR.3",
        title: "ECR repositories should have at least one lifecycle policy configured",
        check: (rs) => applies(of(rs, "aws:ecr/repository:Repository"), (r) => !of(rs, "aws:ecr/lifecyclePolicy:LifecyclePolicy").some((p) => p.parent === r.parent)),
    },
    { id: "SQS.1", title: "Amazon SQS queues should be encrypted at rest", check: (rs) => applies(of(rs, "aws:sqs/queue:Queue"), (q) => q.inputs.sqsManagedSseEnabled !== true && !q.inputs.kmsMasterKeyId) },
    // The stack file's buckets and topics (components/data): the access-log bucket and the alarm
    // topics are left out (ELB writes each log once, unversioned; CloudWatch cannot publish to a
    // topic under the AWS managed key), so Security Hub would still list those two.
    {
        id: "S3.8",
        title: "S3 general purpose buckets should block public access",
        check: (rs) => applies(appBuckets(rs), (b) => !of(rs, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").some((p) => p.name === b.name && p.inputs.blockPublicAcls && p.inputs.blockPublicPolicy && p.inputs.ignorePublicAcls && p.inputs.restrictPublicBuckets)),
    },
    {
        id: "S3.5",
        title: "S3 general purpose buckets should require requests to use SSL",
        check: (rs) =>
            applies(appBuckets(rs), (b) => !of(rs, "aws:s3/bucketPolicy:BucketPolicy").some((p) => p.name === b.name && (JSON.parse(String(p.inputs.policy)).Statement as any[]).some((s) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false"))),
    },
    { id: "S3.12", title: "ACLs should not be used to manage user access to S3 general purpose buckets", check: (rs) => applies(appBuckets(rs), (b) => !of(rs, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").some((o) => o.name === b.name && o.inputs.rule?.objectOwnership === "BucketOwnerEnforced")) },
    { id: "S3.13", title: "S3 general purpose buckets should have Lifecycle configurations", check: (rs) => applies(appBuckets(rs), (b) => !of(rs, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").some((l) => l.name === b.name)) },
    // Versioning is on in production only (protect); the access-log bucket's objects are never overwritten.
    { id: "S3.14", title: "S3 general purpose buckets should have versioning enabled", check: (rs) => applies(appBuckets(rs), (b) => !of(rs, "aws:s3/bucketVersioning:BucketVersioning").some((v) => v.name === b.name && v.inputs.versioningConfiguration?.status === "Enabled")) },
    { id: "SNS.1", title: "SNS topics should be encrypted at-rest using AWS KMS", check: (rs) => applies(appTopics(rs), (t) => !t.inputs.kmsMasterKeyId) },
    { id: "SNS.4", title: "SNS topic access policies should not allow public access", check: (rs) => applies(appTopics(rs), (t) => t.inputs.policy !== undefined && /"Principal":\s*(\{\s*"AWS":\s*)?"\*"/.test(String(t.inputs.policy)) && !/"Condition"/.test(String(t.inputs.policy))) },
    {
        id: "CloudWatch.16",
        title: "CloudWatch log groups should be retained for a specified time period (365 days)",
        check: (rs) => applies(of(rs, "aws:cloudwatch/logGroup:LogGroup"), (g) => !(g.inputs.retentionInDays >= 365)),
    },
    {
        id: "IAM.1",
        title: "IAM policies should not allow full \"*\" administrative privileges",
        check: (rs) => {
            const st = policyStatements(rs).filter((s) => s.Effect === "Allow");
            return st.length ? st.filter((s) => s.Action.includes("*") && s.Resource.includes("*")).map((s) => s.owner) : null;
        },
    },
    {
        id: "IAM.21",
        title: "IAM policies should not allow wildcard actions for services",
        check: (rs) => {
            const st = policyStatements(rs).filter((s) => s.Effect === "Allow");
            return st.length ? st.filter((s) => s.Action.some((a) => a === "*" || a.endsWith(":*"))).map((s) => s.owner) : null;
        },
    },
    // RDS and ElastiCache (Security Hub CSPM "controls for Amazon RDS" / "for ElastiCache"), on the data stores components/data creates.
    { id: "RDS.2", title: "RDS DB instances should prohibit public access, as determined by the PubliclyAccessible configuration", check: (rs) => applies([...of(rs, "aws:rds/instance:Instance"), ...of(rs, "aws:rds/clusterInstance:ClusterInstance")], (i) => i.inputs.publiclyAccessible !== false) },
    { id: "RDS.3", title: "RDS DB instances should have encryption at-rest enabled", check: (rs) => applies(of(rs, "aws:rds/instance:Instance"), (i) => i.inputs.storageEncrypted !== true) },
    { id: "RDS.5", title: "RDS DB instances should be configured with multiple Availability Zones", check: (rs) => applies(of(rs, "aws:rds/instance:Instance"), (i) => i.inputs.multiAz !== true) },
    { id: "RDS.7", title: "RDS clusters should have deletion protection enabled", check: (rs) => applies(of(rs, "aws:rds/cluster:Cluster"), (c) => c.inputs.deletionProtection !== true) },
    { id: "RDS.8", title: "RDS DB instances should have deletion protection enabled", check: (rs) => applies(of(rs, "aws:rds/instance:Instance"), (i) => i.inputs.deletionProtection !== true) },
    // The control's default parameter: a backup retention of at least 7 days.
    { id: "RDS.11", title: "RDS instances should have automatic backups enabled", check: (rs) => applies(of(rs, "aws:rds/instance:Instance"), (i) => !(i.inputs.backupRetentionPeriod >= 7)) },
    { id: "RDS.13", title: "RDS automatic minor version upgrades should be enabled", check: (rs) => applies([...of(rs, "aws:rds/instance:Instance"), ...of(rs, "aws:rds/clusterInstance:ClusterInstance")], (i) => i.inputs.autoMinorVersionUpgrade === false) },
    {
        id: "RDS.15",
        title: "RDS DB clusters should be configured for multiple Availability Zones",
        check: (rs) => applies(of(rs, "aws:rds/cluster:Cluster"), (c) => of(rs, "aws:rds/clusterInstance:ClusterInstance").filter((i) => i.parent === c.parent).length < 2),
    },
    { id: "RDS.16", title: "RDS DB clusters should be configured to copy tags to snapshots", check: (rs) => applies(of(rs, "aws:rds/cluster:Cluster"), (c) => c.inputs.copyTagsToSnapshot !== true) },
    { id: "RDS.17", title: "RDS DB instances should be configured to copy tags to snapshots", check: (rs) => applies(of(rs, "aws:rds/instance:Instance"), (i) => i.inputs.copyTagsToSnapshot !== true) },
    { id: "RDS.27", title: "RDS DB clusters should be encrypted at rest", check: (rs) => applies(of(rs, "aws:rds/cluster:Cluster"), (c) => c.inputs.storageEncrypted !== true) },
    {
        id: "ElastiCache.1",
        title: "ElastiCache (Redis OSS) clusters should have automatic backups enabled",
        check: (rs) => applies([...of(rs, "aws:elasticache/replicationGroup:ReplicationGroup"), ...of(rs, "aws:elasticache/serverlessCache:ServerlessCache")], (c) => !(c.inputs.snapshotRetentionLimit >= 1)),
    },
    { id: "ElastiCache.2", title: "ElastiCache clusters should have automatic minor version upgrades enabled", check: (rs) => applies(of(rs, "aws:elasticache/replicationGroup:ReplicationGroup"), (g) => g.inputs.autoMinorVersionUpgrade === false) },
    { id: "ElastiCache.3", title: "ElastiCache replication groups should have automatic failover enabled", check: (rs) => applies(of(rs, "aws:elasticache/replicationGroup:ReplicationGroup"), (g) => g.inputs.automaticFailoverEnabled !== true) },
    { id: "ElastiCache.4", title: "ElastiCache replication groups should be encrypted at rest", check: (rs) => applies(of(rs, "aws:elasticache/replicationGroup:ReplicationGroup"), (g) => g.inputs.atRestEncryptionEnabled !== true) },
    { id: "ElastiCache.5", title: "ElastiCache replication groups should be encrypted in transit", check: (rs) => applies(of(rs, "aws:elasticache/replicationGroup:ReplicationGroup"), (g) => g.inputs.transitEncryptionEnabled !== true) },
    { id: "ElastiCache.7", title: "ElastiCache clusters should not use the default subnet group", check: (rs) => applies(of(rs, "aws:elasticache/replicationGroup:ReplicationGroup"), (g) => !g.inputs.subnetGroupName || g.inputs.subnetGroupName === "default") },
    {
        id: "FK.LeastPrivilege",
        title: "No Resource \"*\" except for actions AWS allows no other way (the deploy role: also reads and creates of new resources)",
        check: (rs) => {
            const st = policyStatements(rs).filter((s) => s.Effect === "Allow");
            const allowed = (s: PolicyStatement) => [
                ...ACTIONS_ALLOWED_ON_ANY_RESOURCE,
                // A task role's own grants of actions AWS authorizes on no resource type (taskRoleStatements).
                ...s.Action.filter(authorizedOnAnyResource),
                ...(s.deployer ? DEPLOYER_ACTIONS_ON_ANY_RESOURCE : []),
                ...(s.deployer && s.narrowed ? DEPLOYER_ACTIONS_ON_ANY_RESOURCE_IF_NARROWED : []),
            ];
            return st.length ? st.filter((s) => s.Resource.includes("*") && s.Action.some((a) => !allowed(s).includes(a))).map((s) => `${s.owner}: ${s.Action.join(",")}`) : null;
        },
    },
    {
        id: "FK.SecretScope",
        title: "Secrets Manager grants name exact secrets by full ARN (the ARN ECS asks for)",
        check: (rs) => {
            const st = policyStatements(rs).filter((s) => s.Effect === "Allow" && s.Action.includes("secretsmanager:GetSecretValue"));
            return st.length ? st.flatMap((s) => s.Resource.filter((r) => !SECRET_GRANT.test(r)).map((r) => `${s.owner}: ${r}`)) : null;
        },
    },
    {
        id: "FK.NoWorldIngress",
        title: "No security group admits the world except the load balancer on its listener ports",
        check: (rs) => {
            const groups = of(rs, "aws:ec2/securityGroup:SecurityGroup");
            const rules = [
                ...groups.flatMap((g) => (g.inputs.ingress ?? []).map((i: any) => ({ group: g, groupId: `${g.name}-id`, cidrs: [...(i.cidrBlocks ?? []), ...(i.ipv6CidrBlocks ?? [])], from: i.fromPort, to: i.toPort }))),
                ...of(rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => ({ group: r, groupId: r.inputs.securityGroupId, cidrs: [r.inputs.cidrIpv4, r.inputs.cidrIpv6].filter(Boolean), from: r.inputs.fromPort, to: r.inputs.toPort })),
            ];
            if (rules.length === 0) return null;
            const loadBalancerGroups = new Set(of(rs, "aws:lb/loadBalancer:LoadBalancer").flatMap((l) => l.inputs.securityGroups as string[]));
            return rules
                .filter((r) => r.cidrs.some((c: string) => WORLD.includes(c)))
                .filter((r) => !(loadBalancerGroups.has(r.groupId) && r.from === r.to && [80, 443].includes(r.from)))
                .map((r) => `${label(r.group)} ${r.from}-${r.to}`);
        },
    },
    // EFS (components/data/file-system.ts): AWS Security Hub's EFS controls, on the file systems the stack creates.
    { id: "EFS.1", title: "Elastic File System should be configured to encrypt file data at-rest using AWS KMS", check: (rs) => applies(of(rs, "aws:efs/fileSystem:FileSystem"), (f) => f.inputs.encrypted !== true) },
    { id: "EFS.2", title: "Amazon EFS volumes should be in backup plans", check: (rs) => applies(of(rs, "aws:efs/fileSystem:FileSystem"), (f) => !backedUp(rs, f)) },
    { id: "EFS.3", title: "EFS access points should enforce a root directory", check: (rs) => applies(of(rs, "aws:efs/accessPoint:AccessPoint"), (a) => !a.inputs.rootDirectory?.path || a.inputs.rootDirectory.path === "/") },
    { id: "EFS.4", title: "EFS access points should enforce a user identity", check: (rs) => applies(of(rs, "aws:efs/accessPoint:AccessPoint"), (a) => a.inputs.posixUser?.uid === undefined || a.inputs.posixUser?.gid === undefined) },
    {
        id: "EFS.6",
        title: "EFS mount targets should not be associated with subnets that assign public IP addresses on launch",
        // Mount targets go in the task subnets: public ones exactly when the tasks get public IPs (nat: none).
        check: (rs) => applies(of(rs, "aws:efs/mountTarget:MountTarget"), () => of(rs, "aws:ecs/service:Service").some((s) => s.inputs.networkConfiguration?.assignPublicIp === true)),
    },
    { id: "EFS.7", title: "EFS file systems should have automatic backups enabled", check: (rs) => applies(of(rs, "aws:efs/fileSystem:FileSystem"), (f) => !backedUp(rs, f)) },
    { id: "EFS.8", title: "EFS file systems should be encrypted at rest", check: (rs) => applies(of(rs, "aws:efs/fileSystem:FileSystem"), (f) => f.inputs.encrypted !== true) },
];

/** Stateful resources that must be protected and retained in prod (nothing lost). */
export const STATEFUL_TYPES = ["aws:ecr/repository:Repository", "aws:sqs/queue:Queue", "aws:cloudwatch/logGroup:LogGroup", "aws:s3/bucket:Bucket",
    // The app's data stores (components/internal/stateful.ts).
    "aws:rds/cluster:Cluster", "aws:rds/instance:Instance", "aws:elasticache/serverlessCache:ServerlessCache", "aws:elasticache/replicationGroup:ReplicationGroup", "aws:efs/fileSystem:FileSystem"];

export function evaluateControls(resources: RecordedResource[]): ControlResult[] {
    return CONTROLS.map((c) => {
        const failures = c.check(resources);
        return { id: c.id, title: c.title, status: failures === null ? "n/a" : failures.length === 0 ? "pass" : "fail", failures: failures ?? [] };
    });
}

/** Stateful resources that a stack would lose on `pulumi destroy` (unprotected, or force-deletable). */
export function unprotectedState(resources: RecordedResource[]): string[] {
    return resources
        .filter((r) => STATEFUL_TYPES.includes(r.type))
        .filter((r) => !r.protect || !r.retainOnDelete || r.inputs.forceDelete === true || r.inputs.forceDestroy === true)
        .map(label);
}
