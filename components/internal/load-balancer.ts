import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FargateWebServiceArgs, TLS_POLICY, WebSettings } from "../web-service-args";

/** The load-balancing half of a web service. */
export interface LoadBalancing {
    loadBalancer: aws.lb.LoadBalancer;
    loadBalancerSecurityGroup: aws.ec2.SecurityGroup;
    targetGroup: aws.lb.TargetGroup;
    /** The green target group of BLUE_GREEN/CANARY/LINEAR deployments. */
    alternateTargetGroup?: aws.lb.TargetGroup;
    /** The listener that serves production traffic (HTTPS with a domain, else HTTP). */
    listener: aws.lb.Listener;
    /** The rule ECS shifts traffic with, for the non-rolling strategies. */
    productionRule?: aws.lb.ListenerRule;
    testRule?: aws.lb.ListenerRule;
    accessLogBucket?: aws.s3.Bucket;
    url: pulumi.Output<string>;
}

/**
 * Builds the ALB in front of a web service: security group, load balancer, target group(s),
 * listeners (HTTPS + redirect, or HTTP), certificate and alias record, and the access-log bucket.
 */
export function createLoadBalancing(name: string, args: FargateWebServiceArgs, s: WebSettings, tasksSg: aws.ec2.SecurityGroup, parent: pulumi.Resource): LoadBalancing {
    const opts = { parent };
    const ports = s.https ? [80, 443] : [80];
    const sg = new aws.ec2.SecurityGroup(
        `${name}-lb`,
        {
            vpcId: args.vpcId,
            description: `Load balancer of ${name}: listener ports only`,
            ingress: [
                ...ports.map((port) => ({ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: s.allowedCidrs, description: `Listener ${port}` })),
                ...(args.deployment?.testListenerPort !== undefined
                    ? [{ protocol: "tcp", fromPort: args.deployment.testListenerPort, toPort: args.deployment.testListenerPort, cidrBlocks: args.deployment.testListenerCidrs, description: "Test listener (green)" }]
                    : []),
            ],
        },
        opts,
    );
    // Cross-references between the two groups are separate rules, so neither group waits on the other.
    new aws.vpc.SecurityGroupEgressRule(
        `${name}-lb-to-tasks`,
        { securityGroupId: sg.id, referencedSecurityGroupId: tasksSg.id, ipProtocol: "tcp", fromPort: s.containerPort, toPort: s.containerPort, description: "To the container port of the tasks" },
        opts,
    );
    new aws.vpc.SecurityGroupIngressRule(
        `${name}-tasks-from-lb`,
        { securityGroupId: tasksSg.id, referencedSecurityGroupId: sg.id, ipProtocol: "tcp", fromPort: s.containerPort, toPort: s.containerPort, description: "From the load balancer only" },
        opts,
    );

    const accessLogs = s.accessLogs ? createAccessLogBucket(name, s, args.protect ?? false, parent) : undefined;
    const accessLogBucket = accessLogs?.bucket;
    const loadBalancer = new aws.lb.LoadBalancer(
        `${name}-lb`,
        {
            loadBalancerType: "application",
            internal: false,
            subnets: args.loadBalancerSubnetIds,
            securityGroups: [sg.id],
            idleTimeout: s.idleTimeoutSeconds,
            dropInvalidHeaderFields: true,
            desyncMitigationMode: "defensive",
            enableDeletionProtection: s.deletionProtection,
            enableHttp2: true,
            accessLogs: accessLogBucket ? { bucket: accessLogBucket.bucket, prefix: name, enabled: true } : undefined,
            tags: args.tags,
        },
        // ELB checks that it may write to the bucket when logging is turned on: wait for the policy.
        { parent, dependsOn: accessLogs ? [accessLogs.policy] : [] },
    );

    const blueGreen = s.strategy !== "ROLLING";
    const targetGroup = createTargetGroup(`${name}-tg`, args, s, opts);
    const alternateTargetGroup = blueGreen ? createTargetGroup(`${name}-tg-green`, args, s, opts) : undefined;

    const certificateArn = s.https ? certificate(name, args, parent) : undefined;
    const listener = new aws.lb.Listener(
        s.https ? `${name}-https` : `${name}-http`,
        {
            loadBalancerArn: loadBalancer.arn,
            port: s.https ? 443 : 80,
            protocol: s.https ? "HTTPS" : "HTTP",
            sslPolicy: s.https ? TLS_POLICY : undefined,
            certificateArn,
            // Blue/green shifts traffic on a listener rule; the default action only catches what no rule matches.
            defaultActions: [blueGreen ? { type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" } } : { type: "forward", targetGroupArn: targetGroup.arn }],
        },
        opts,
    );
    if (s.https) {
        new aws.lb.Listener(
            `${name}-http-redirect`,
            { loadBalancerArn: loadBalancer.arn, port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] },
            opts,
        );
    }

    let productionRule: aws.lb.ListenerRule | undefined;
    let testRule: aws.lb.ListenerRule | undefined;
    if (alternateTargetGroup) {
        productionRule = forwardRule(`${name}-production`, listener, targetGroup, alternateTargetGroup, parent);
        if (args.deployment?.testListenerPort !== undefined) {
            const testListener = new aws.lb.Listener(
                `${name}-test`,
                {
                    loadBalancerArn: loadBalancer.arn,
                    port: args.deployment.testListenerPort,
                    protocol: s.https ? "HTTPS" : "HTTP",
                    sslPolicy: s.https ? TLS_POLICY : undefined,
                    certificateArn,
                    defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "404", messageBody: "Not found" } }],
                },
                opts,
            );
            testRule = forwardRule(`${name}-test`, testListener, targetGroup, alternateTargetGroup, parent);
        }
    }

    if (args.domainName !== undefined && zoneId(args, parent) !== undefined) {
        new aws.route53.Record(
            `${name}-alias`,
            { zoneId: zoneId(args, parent)!, name: args.domainName, type: "A", aliases: [{ name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true }] },
            opts,
        );
    }
    const url = s.https ? pulumi.output(`https://${args.domainName}`) : pulumi.interpolate`http://${loadBalancer.dnsName}`;
    return { loadBalancer, loadBalancerSecurityGroup: sg, targetGroup, alternateTargetGroup, listener, productionRule, testRule, accessLogBucket, url };
}

function createTargetGroup(name: string, args: FargateWebServiceArgs, s: WebSettings, opts: pulumi.CustomResourceOptions): aws.lb.TargetGroup {
    return new aws.lb.TargetGroup(
        name,
        {
            targetType: "ip",
            protocol: "HTTP",
            port: s.containerPort,
            vpcId: args.vpcId,
            // Old tasks stop receiving new requests at once and get maxRequestSeconds to finish
            // the ones in flight (AWS default: 300 s per rolling wave).
            deregistrationDelay: s.maxRequestSeconds,
            healthCheck: {
                enabled: true,
                protocol: "HTTP",
                port: "traffic-port",
                path: s.health.path,
                matcher: s.health.matcher,
                interval: s.health.intervalSeconds,
                timeout: s.health.timeoutSeconds,
                healthyThreshold: s.health.healthyThreshold,
                unhealthyThreshold: s.health.unhealthyThreshold,
            },
            tags: args.tags,
        },
        opts,
    );
}

/** A pure-forward rule (what ECS blue/green requires) whose weights ECS owns during deploys. */
function forwardRule(name: string, listener: aws.lb.Listener, blue: aws.lb.TargetGroup, green: aws.lb.TargetGroup, parent: pulumi.Resource): aws.lb.ListenerRule {
    return new aws.lb.ListenerRule(
        name,
        {
            listenerArn: listener.arn,
            priority: 1,
            conditions: [{ pathPattern: { values: ["/*"] } }],
            actions: [{ type: "forward", forward: { targetGroups: [{ arn: blue.arn, weight: 100 }, { arn: green.arn, weight: 0 }] } }],
        },
        // ECS moves the weights between blue and green; the next `pulumi up` must not move them back.
        { parent, ignoreChanges: ["actions"] },
    );
}

const zoneIds = new WeakMap<pulumi.Resource, pulumi.Output<string>>();

/** The Route 53 zone id, looked up once per component; undefined when no zone was given. */
function zoneId(args: FargateWebServiceArgs, parent: pulumi.Resource): pulumi.Output<string> | undefined {
    if (args.hostedZoneId !== undefined) {
        return pulumi.output(args.hostedZoneId);
    }
    if (args.hostedZoneName === undefined) {
        return undefined;
    }
    if (!zoneIds.has(parent)) {
        zoneIds.set(parent, aws.route53.getZoneOutput({ name: args.hostedZoneName, privateZone: false }, { parent }).zoneId);
    }
    return zoneIds.get(parent);
}

/** The certificate ARN: the given one, or a new DNS-validated certificate in the zone. */
function certificate(name: string, args: FargateWebServiceArgs, parent: pulumi.Resource): pulumi.Output<string> {
    if (args.certificateArn !== undefined) {
        return pulumi.output(args.certificateArn);
    }
    const zone = zoneId(args, parent)!;
    const cert = new aws.acm.Certificate(`${name}-cert`, { domainName: args.domainName!, validationMethod: "DNS", tags: args.tags }, { parent });
    const option = cert.domainValidationOptions[0];
    const record = new aws.route53.Record(
        `${name}-cert-validation`,
        { zoneId: zone, name: option.resourceRecordName, type: option.resourceRecordType, records: [option.resourceRecordValue], ttl: 60, allowOverwrite: true },
        { parent },
    );
    return new aws.acm.CertificateValidation(`${name}-cert`, { certificateArn: cert.arn, validationRecordFqdns: [record.fqdn] }, { parent }).certificateArn;
}

/**
 * An S3 bucket the load balancer writes access logs to: SSE-S3 (the only encryption ELB logging
 * supports), no public access, TLS only, expiring after the retention period, protected in prod.
 */
function createAccessLogBucket(name: string, s: WebSettings, protect: boolean, parent: pulumi.Resource): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
    const opts = { parent };
    const bucket = new aws.s3.Bucket(`${name}-lb-logs`, { forceDestroy: false }, { parent, protect, retainOnDelete: protect });
    new aws.s3.BucketPublicAccessBlock(`${name}-lb-logs`, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, opts);
    new aws.s3.BucketOwnershipControls(`${name}-lb-logs`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-lb-logs`, { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, opts);
    new aws.s3.BucketLifecycleConfiguration(
        `${name}-lb-logs`,
        { bucket: bucket.id, rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: s.accessLogRetentionDays } }] },
        opts,
    );
    const account = aws.getCallerIdentityOutput({}, opts).accountId;
    // Regions older than August 2022 deliver as a regional ELB account; newer ones as a service principal.
    const elbAccount = aws.elb.getServiceAccountOutput({}, opts).arn;
    const policy = new aws.s3.BucketPolicy(
        `${name}-lb-logs`,
        {
            bucket: bucket.id,
            policy: pulumi.jsonStringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ElbLogDelivery",
                        Effect: "Allow",
                        Principal: { AWS: elbAccount, Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
                        Action: "s3:PutObject",
                        Resource: pulumi.interpolate`${bucket.arn}/${name}/AWSLogs/${account}/*`,
                    },
                    {
                        Sid: "TlsOnly",
                        Effect: "Deny",
                        Principal: "*",
                        Action: "s3:*",
                        Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                ],
            }),
        },
        opts,
    );
    return { bucket, policy };
}
