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
 * S3 bucket names: 3-63 of lower-case letters, digits, dots and hyphens, beginning and ending with
 * a letter or digit (S3 User Guide, "Bucket naming rules"); the provider refuses a `bucket_prefix`
 * longer than 37 (it appends a 26-character unique suffix: internal/service/s3/bucket.go).
 */
const S3_BUCKET_PREFIX = /^[a-z0-9][a-z0-9.-]{0,36}$/;
const S3_BUCKET_NAME = /^(?=.{3,63}$)[a-z0-9][a-z0-9.-]*[a-z0-9]$/;
/** SNS topic names: 1-256 of letters, digits, hyphens and underscores; FIFO ones end in ".fifo" (CreateTopic). */
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
            case "aws:cloudwatch/metricAlarm:MetricAlarm":
                if (typeof r.inputs.alarmDescription === "string" && r.inputs.alarmDescription.length > 1024) out.push(`${at(r, "alarmDescription")}: longer than 1024 characters (PutMetricAlarm)`);
                break;
        }
    }
    return out;
}
