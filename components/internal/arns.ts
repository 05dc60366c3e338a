import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Check, known } from "./validation";

/** Where resources live; names are turned into ARNs with these. */
export interface AwsLocation {
    partition: string;
    region: string;
    accountId: string;
}

const PARTITION = "aws(?:-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?";
const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";
const ACCOUNT = "\\d{12}";

/**
 * A Secrets Manager ARN with its 6-character random suffix, and nothing after it. The secrets RDS
 * keeps for a master password are named `rds!cluster-<id>` / `rds!db-<id>`: `!` is allowed.
 */
const SECRET_FULL_ARN = new RegExp(`^arn:${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:([A-Za-z0-9/_+=.@!-]+)-([A-Za-z0-9]{6})$`);
const SECRET_ANY_ARN = new RegExp(`^arn:${PARTITION}:secretsmanager:`);
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SSM_ARN = new RegExp(`^arn:${PARTITION}:ssm:${REGION}:${ACCOUNT}:parameter/[A-Za-z0-9_./-]+$`);
const SSM_NAME = /^\/?[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;
const KMS_KEY_ARN = new RegExp(`^arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/[A-Za-z0-9-]+$`);
const SQS_ARN = new RegExp(`^arn:${PARTITION}:sqs:${REGION}:${ACCOUNT}:[A-Za-z0-9_-]{1,80}(?:\\.fifo)?$`);
const ACM_ARN = new RegExp(`^arn:${PARTITION}:acm:${REGION}:${ACCOUNT}:certificate/[A-Za-z0-9-]+$`);
/** An Application Load Balancer and one of its listeners. */
export const ALB_ARN = new RegExp(`^arn:${PARTITION}:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}$`);
export const ALB_LISTENER_ARN = new RegExp(`^arn:${PARTITION}:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}/[0-9a-f]{16}$`);
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9._\/-]+?)(?::[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})?$/;

/** Checks that a Secrets Manager reference is a secret name or a *full* ARN (see `secretsManagerTarget`). */
export function checkSecretsManagerRef(check: Check, value: unknown): void {
    const ref = known(value);
    if (ref === undefined) {
        return; // an Output: resolved at deploy time, checked when known
    }
    if (SECRET_ANY_ARN.test(ref)) {
        if (!SECRET_FULL_ARN.test(ref)) {
            check.fail(
                `is ${JSON.stringify(ref)}, which is not a full Secrets Manager ARN (it must end in "-" plus the 6-character suffix AWS adds, ` +
                    `e.g. "…:secret:app/db-AbC123", with no ":jsonKey" after it); pass the secret's name instead (e.g. "app/db") ` +
                    `and use jsonKey/versionStage/versionId for the rest`,
            );
        }
        return;
    }
    if (ref.startsWith("arn:")) {
        check.fail(`is ${JSON.stringify(ref)}; allowed: a Secrets Manager secret name or a full arn:aws:secretsmanager:… ARN`);
        return;
    }
    if (!check.matches(ref, SECRET_NAME, "a Secrets Manager secret name (1-512 of A-Z a-z 0-9 / _ + = . @ -) or its full ARN")) return;
    // A name ending in the random suffix of an ARN was most likely copied from the ARN: no secret has that name.
    const suffix = /-([A-Za-z0-9]{6})$/.exec(ref)?.[1];
    if (suffix !== undefined && /[A-Z]/.test(suffix) && /[a-z0-9]/.test(suffix)) {
        check.fail(
            `is ${JSON.stringify(ref)}, which ends in "-${suffix}", the kind of 6-character suffix AWS adds to a secret's ARN (it is not part of the name); ` +
                `give the name without it (${JSON.stringify(ref.slice(0, -7))}) or the full arn:aws:secretsmanager:… ARN`,
        );
    }
}

export function checkSsmParameterRef(check: Check, value: unknown): void {
    const ref = known(value);
    if (ref === undefined || SSM_ARN.test(ref)) {
        return;
    }
    check.matches(ref, SSM_NAME, "an SSM parameter name such as \"/app/prod/DB_URL\" or its full arn:aws:ssm:… ARN");
}

export function checkKmsKeyArn(check: Check, value: unknown): void {
    check.matches(known(value), KMS_KEY_ARN, "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); aliases cannot be granted kms:Decrypt");
}

export function checkSqsArn(check: Check, value: unknown): void {
    check.matches(known(value), SQS_ARN, "an SQS queue ARN (arn:aws:sqs:<region>:<account>:<queue-name>)");
}

/**
 * An ACM certificate ARN; with `region` (the stack's, when known before deploy) also in that
 * region: a load balancer's listener can use only certificates of its own region (a CloudFront
 * certificate lives in us-east-1, an ALB's beside the ALB).
 */
export function checkAcmArn(check: Check, value: unknown, region?: string): void {
    const arn = known(value);
    if (!check.matches(arn, ACM_ARN, "an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)") || arn === undefined || region === undefined) return;
    const certRegion = regionOfArn(arn);
    if (certRegion !== region) {
        check.fail(`is a certificate in ${JSON.stringify(certRegion)}, but this stack's load balancer is in ${JSON.stringify(region)}; an ALB can use only ACM certificates of its own region (request or import one in ${region})`);
    }
}

/**
 * The certificate ARN, failing the deployment (at preview) when it is not in the provider's
 * region: the library cannot know the region before the provider answers.
 */
export function certificateInProviderRegion(arn: pulumi.Input<string>, parent: pulumi.Resource): pulumi.Output<string> {
    return pulumi.all([arn, aws.getRegionOutput({}, { parent })]).apply(([a, r]) => {
        const certRegion = ACM_ARN.test(a) ? regionOfArn(a) : undefined;
        if (certRegion !== undefined && certRegion !== r.region) {
            throw new pulumi.RunError(`certificate ${a} is in ${certRegion}, but the load balancer is in ${r.region}; an ALB can use only ACM certificates of its own region`);
        }
        return a;
    });
}

/** The region field of an ARN (`arn:<partition>:<service>:<region>:…`). */
export function regionOfArn(arn: string): string {
    return arn.split(":")[3];
}

/** Whether a Secrets Manager reference is a full ARN (with the 6-character suffix). */
export function isFullSecretArn(ref: string): boolean {
    return SECRET_FULL_ARN.test(ref);
}

/**
 * The full ARN of a Secrets Manager secret given by name or full ARN, resolved at deploy time.
 *
 * ECS calls GetSecretValue with exactly the string in `valueFrom`. A partial ARN (a name without
 * AWS's 6-character suffix) is then the resource IAM evaluates, which a grant on the real ARN, or
 * on `name-??????`, does not match: the task fails with AccessDeniedException (aws/aws-cdk#18555).
 * So a name is looked up (`secretsmanager:DescribeSecret` and `GetResourcePolicy` for whoever runs
 * `pulumi up`), and the full ARN is used in `valueFrom` and granted exactly.
 */
export function resolveSecretArn(ref: pulumi.Input<string>, parent: pulumi.Resource): pulumi.Output<string> {
    return pulumi.output(ref).apply((r) => (isFullSecretArn(r) ? pulumi.output(r) : aws.secretsmanager.getSecretOutput({ name: r }, { parent }).arn));
}

/** The full ARN of an SSM parameter given by name or ARN (ECS accepts both; the grant needs the ARN). */
export function ssmParameterArn(ref: string, where: AwsLocation): string {
    if (ref.startsWith("arn:")) {
        return ref;
    }
    const path = ref.startsWith("/") ? ref.slice(1) : ref;
    return `arn:${where.partition}:ssm:${where.region}:${where.accountId}:parameter/${path}`;
}

/** The ECR repository ARN an image is pulled from, or undefined for images outside ECR. */
export function ecrRepositoryArnOfImage(image: string, partition: string): string | undefined {
    const m = ECR_IMAGE.exec(image);
    if (!m) {
        return undefined;
    }
    const [, account, region, repo] = m;
    return `arn:${partition}:ecr:${region}:${account}:repository/${repo}`;
}

/** Account, region and partition of the current provider, as Outputs. */
export function awsLocation(parent: pulumi.Resource): pulumi.Output<AwsLocation> {
    const opts = { parent };
    return pulumi.all([aws.getPartitionOutput({}, opts), aws.getRegionOutput({}, opts), aws.getCallerIdentityOutput({}, opts)]).apply(
        ([p, r, c]) => ({ partition: p.partition, region: r.region, accountId: c.accountId }),
    );
}
