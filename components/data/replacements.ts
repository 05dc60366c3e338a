/**
 * Inputs of the data resources whose change makes the provider replace the resource (ForceNew):
 * a new, empty bucket or topic; the old one is deleted (or, protected, blocks the deploy). For the
 * stack's "refuse replacing a stateful resource in prod" check. Sources: the Terraform AWS
 * provider's schemas (internal/service/s3/bucket.go: bucket, bucket_prefix, object_lock_enabled;
 * internal/service/sns/topic.go: name, name_prefix, fifo_topic; internal/service/sns/
 * topic_subscription.go: topic_arn, endpoint, protocol).
 */
export const DATA_REPLACED_BY: Readonly<Record<string, readonly string[]>> = {
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
    "aws:sns/topic:Topic": ["name", "namePrefix", "fifoTopic"],
    "aws:sns/topicSubscription:TopicSubscription": ["topic", "endpoint", "protocol"],
};
