/**
 * Input constraints AWS (or the provider, before calling AWS) enforces and a mock run does not:
 * each rule names its source. Applied to every recorded resource by tests/aws-constraints.test.ts.
 */
import { RecordedResource } from "./mock-runtime";

/**
 * EC2 security-group and rule descriptions: 0–255 of `a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*`
 * (EC2 API reference, IpRange/UserIdGroupPair Description and CreateSecurityGroup GroupDescription;
 * the provider validates rules the same way: `validSecurityGroupRuleDescription` in internal/service/ec2).
 */
const EC2_DESCRIPTION = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/;
/** IAM role descriptions: up to 1000 of tab, newline, carriage return and printable Latin-1 (IAM API, roleDescriptionType). */
const IAM_DESCRIPTION = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]{0,1000}$/;
/** CloudWatch Logs group names: 1–512 of `._-/#A-Za-z0-9` (CreateLogGroup, logGroupName). */
const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;

/**
 * RDS identifiers (DB cluster, DB instance, final snapshot): 1–63 letters, digits and hyphens (snapshots
 * up to 255), starting with a letter, no two hyphens in a row, not ending in one (RDS API reference,
 * CreateDBCluster DBClusterIdentifier, CreateDBInstance DBInstanceIdentifier; the provider's
 * validIdentifier and cluster.go's final_snapshot_identifier check). RDS stores them lower-case.
 */
const RDS_IDENTIFIER = /^(?!.*--)[a-z][a-z0-9-]{0,62}(?<!-)$/;
const RDS_SNAPSHOT = /^(?!.*--)[a-z][a-z0-9-]{0,254}(?<!-)$/;
/** DB subnet group names: up to 255 of letters, digits, periods, underscores, spaces, hyphens; not "default" (CreateDBSubnetGroup). */
const RDS_SUBNET_GROUP = /^(?!default$)[a-z0-9._ -]{1,255}$/;
/** ElastiCache serverless cache names and replication group ids: 1–40 lower-case letters, digits, hyphens, a letter first, no "--", no trailing "-" (CreateServerlessCache, CreateReplicationGroup). */
const ELASTICACHE_NAME = /^(?!.*--)[a-z][a-z0-9-]{0,39}(?<!-)$/;

/**
 * S3 bucket names: 3-63 of lower-case letters, digits, dots and hyphens, beginning and ending with
 * a letter or digit (S3 User Guide, "Bucket naming rules"); the provider refuses a `bucket_prefix`
 * longer than 37 (it appends a 26-character unique suffix: internal/service/s3/bucket.go).
 */
const S3_BUCKET_PREFIX = /^[a-z0-9][a-z0-9.-]{0,36}$/;
const S3_BUCKET_NAME = /^(?=.{3,63}$)[a-z0-9][a-z0-9.-]*[a-z0-9]$/;
/** SNS topic names: 1-256 of letters, digits, hyphens and underscores; FIFO ones end in ".fifo" (CreateTopic). */
/** Terraform AWS provider internal/service/elbv2/validate.go validTargetGroupName: letters, digits, hyphens, ≤ 32, no hyphen at either end. */
const TARGET_GROUP_NAME = /^(?!-)[A-Za-z0-9-]{1,32}(?<!-)$/;
const SNS_TOPIC_NAME = /^(?:[A-Za-z0-9_-]{1,256}|[A-Za-z0-9_-]{1,251}\.fifo)$/;

export function constraintProblems(resources: RecordedResource[]): string[] {
    const out: string[] = [];
    const at = (r: RecordedResource, field: string) => `${r.type.split(":").pop()} ${r.name} ${field}`;
    const expect = (r: RecordedResource, field: string, value: unknown, pattern: RegExp, what: string) => {
        if (value !== undefined && value !== null && !(typeof value === "string" && pattern.test(value))) out.push(`${at(r, field)}: ${JSON.stringify(value)} is not ${what}`);
    };
    for (const r of resources) {
        switch (r.type) {
            case "aws:ec2/securityGroup:SecurityGroup":
                expect(r, "description", r.inputs.description, EC2_DESCRIPTION, "an EC2 description");
                for (const dir of ["ingress", "egress"]) {
                    (r.inputs[dir] ?? []).forEach((rule: { description?: string }, i: number) => expect(r, `${dir}[${i}].description`, rule.description, EC2_DESCRIPTION, "an EC2 rule description"));
                }
                break;
            case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
            case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
                expect(r, "description", r.inputs.description, EC2_DESCRIPTION, "an EC2 rule description");
                break;
            case "aws:iam/role:Role":
                expect(r, "description", r.inputs.description, IAM_DESCRIPTION, "an IAM role description");
                break;
            case "aws:cloudwatch/logGroup:LogGroup":
                expect(r, "name", r.inputs.name, LOG_GROUP_NAME, "a log group name");
                break;
            case "aws:s3/bucket:Bucket":
                expect(r, "bucketPrefix", r.inputs.bucketPrefix, S3_BUCKET_PREFIX, "a bucket prefix (lower case, at most 37 characters)");
                expect(r, "bucket", r.inputs.bucket, S3_BUCKET_NAME, "an S3 bucket name");
                break;
            case "aws:sns/topic:Topic":
                expect(r, "name", r.inputs.name, SNS_TOPIC_NAME, "an SNS topic name");
                if (r.inputs.fifoTopic === true && !String(r.inputs.name).endsWith(".fifo")) out.push(`${at(r, "name")}: a FIFO topic's name must end in ".fifo"`);
                break;
            case "aws:sns/topicSubscription:TopicSubscription":
                // SNS Developer Guide, "Filter policy constraints": 256 KB.
                if (typeof r.inputs.filterPolicy === "string" && Buffer.byteLength(r.inputs.filterPolicy) > 256 * 1024) out.push(`${at(r, "filterPolicy")}: larger than 256 KB`);
                break;
            case "aws:rds/cluster:Cluster": {
                expect(r, "clusterIdentifier", r.inputs.clusterIdentifier, RDS_IDENTIFIER, "an RDS cluster identifier");
                expect(r, "finalSnapshotIdentifier", r.inputs.finalSnapshotIdentifier, RDS_SNAPSHOT, "an RDS snapshot identifier");
                // ServerlessV2ScalingConfiguration: half-ACU steps; min 0–256, max 1–256 (the provider: FloatBetween), max ≥ min.
                const sc = r.inputs.serverlessv2ScalingConfiguration;
                if (sc) {
                    const half = (n: number) => Number.isFinite(n) && n * 2 === Math.round(n * 2);
                    if (!half(sc.minCapacity) || sc.minCapacity < 0 || sc.minCapacity > 256) out.push(`${at(r, "serverlessv2ScalingConfiguration.minCapacity")}: ${sc.minCapacity} is not 0–256 in steps of 0.5`);
                    if (!half(sc.maxCapacity) || sc.maxCapacity < 1 || sc.maxCapacity > 256 || sc.maxCapacity < sc.minCapacity) out.push(`${at(r, "serverlessv2ScalingConfiguration.maxCapacity")}: ${sc.maxCapacity} is not 1–256 in steps of 0.5, at least minCapacity`);
                    if (sc.secondsUntilAutoPause !== undefined && (sc.minCapacity !== 0 || sc.secondsUntilAutoPause < 300 || sc.secondsUntilAutoPause > 86400)) out.push(`${at(r, "serverlessv2ScalingConfiguration.secondsUntilAutoPause")}: only with minCapacity 0, 300–86400`);
                }
                if (r.inputs.skipFinalSnapshot === false && r.inputs.finalSnapshotIdentifier === undefined) out.push(`${at(r, "finalSnapshotIdentifier")}: required when skipFinalSnapshot is false (the provider's delete fails without it)`);
                if (r.inputs.backupRetentionPeriod !== undefined && !(r.inputs.backupRetentionPeriod >= 1 && r.inputs.backupRetentionPeriod <= 35)) out.push(`${at(r, "backupRetentionPeriod")}: not 1–35`);
                break;
            }
            case "aws:rds/clusterInstance:ClusterInstance":
                expect(r, "identifier", r.inputs.identifier, RDS_IDENTIFIER, "an RDS instance identifier");
                break;
            case "aws:rds/instance:Instance":
                expect(r, "identifier", r.inputs.identifier, RDS_IDENTIFIER, "an RDS instance identifier");
                expect(r, "finalSnapshotIdentifier", r.inputs.finalSnapshotIdentifier, RDS_SNAPSHOT, "an RDS snapshot identifier");
                if (r.inputs.skipFinalSnapshot === false && r.inputs.finalSnapshotIdentifier === undefined) out.push(`${at(r, "finalSnapshotIdentifier")}: required when skipFinalSnapshot is false`);
                if (r.inputs.storageType === "gp3" && !(r.inputs.allocatedStorage >= 20)) out.push(`${at(r, "allocatedStorage")}: gp3 needs at least 20 GiB`);
                break;
            case "aws:rds/subnetGroup:SubnetGroup":
                expect(r, "name", r.inputs.name, RDS_SUBNET_GROUP, "a DB subnet group name");
                break;
            case "aws:elasticache/serverlessCache:ServerlessCache":
                expect(r, "name", r.inputs.name, ELASTICACHE_NAME, "an ElastiCache serverless cache name");
                break;
            case "aws:elasticache/replicationGroup:ReplicationGroup":
                expect(r, "replicationGroupId", r.inputs.replicationGroupId, ELASTICACHE_NAME, "an ElastiCache replication group id");
                expect(r, "finalSnapshotIdentifier", r.inputs.finalSnapshotIdentifier, /^[A-Za-z][A-Za-z0-9-]{0,254}$/, "an ElastiCache snapshot name");
                if (r.inputs.automaticFailoverEnabled && !(r.inputs.numCacheClusters >= 2)) out.push(`${at(r, "numCacheClusters")}: automatic failover needs 2 or more`);
                break;
            case "aws:lb/targetGroup:TargetGroup":
                expect(r, "name", r.inputs.name, TARGET_GROUP_NAME, "a target group name");
                break;
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                if (typeof r.inputs.alarmDescription === "string" && r.inputs.alarmDescription.length > 1024) out.push(`${at(r, "alarmDescription")}: longer than 1024 characters (PutMetricAlarm)`);
                break;
        }
    }
    return out;
}
