/**
 * NAT instances: one small Graviton instance per AZ that forwards the private subnets of its AZ to
 * the internet, at a fraction of a NAT gateway's price.
 *
 * The design keeps the route tables static: each AZ has a fixed network interface (the route
 * target, source/destination check off) and an Elastic IP (the stable egress address). An
 * auto-scaling group of one instance per AZ replaces a failed instance (launching first); at boot the new
 * instance sets up forwarding, takes the fixed interface (detaching it from the instance it
 * replaces) and the Elastic IP, and only then tells the group it is ready (a launch lifecycle
 * hook), so `pulumi up` waits for a working NAT and a broken boot is abandoned and retried.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarm } from "./alarms";
import { awsLocation } from "./arns";
import { NAT_ROLE_SUBPATH, policyDocument, serviceTrustPolicy } from "./iam";
import { namePrefix, physicalName } from "./names";

/** The current Amazon Linux 2023 AMI for Graviton, an SSM public parameter AWS keeps up to date. */
export const NAT_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
/** Tag on every NAT resource; the instances' own permissions are limited to resources carrying it. */
export const NAT_TAG = "fargate-kit-nat";
/** The launch lifecycle hook the instance completes once it forwards traffic. */
export const NAT_READY_HOOK = "nat-ready";
/** Graviton (arm64) instance types: the AMI above is arm64. */
export const GRAVITON_INSTANCE_TYPE = /^[a-z]+\d+g[a-z]*\.(nano|micro|small|medium|large|\d*xlarge|metal)$/;

export interface NatInstanceOptions {
    vpcId: pulumi.Input<string>;
    cidrBlock: pulumi.Input<string>;
    /** One per AZ, in AZ order: where each instance and its fixed interface live. */
    publicSubnetIds: pulumi.Output<string[]>;
    /** The route table of each AZ's private subnet, in the same order. */
    routeTableIds: pulumi.Output<string>[];
    instanceType: string;
    iamPath?: string | undefined;
    /** Permissions boundary of the instances' role. */
    permissionsBoundary?: pulumi.Input<string> | undefined;
    alarmActions: pulumi.Input<string>[];
    tags?: Record<string, string> | undefined;
}

export interface NatInstances {
    groups: aws.autoscaling.Group[];
    networkInterfaces: aws.ec2.NetworkInterface[];
    elasticIps: aws.ec2.Eip[];
    routes: aws.ec2.Route[];
    securityGroup: aws.ec2.SecurityGroup;
    role: aws.iam.Role;
    alarms: aws.cloudwatch.MetricAlarm[];
}

export function createNatInstances(name: string, o: NatInstanceOptions, parent: pulumi.Resource): NatInstances {
    const natTag = physicalName(`${name}-nat`, { max: 255 });
    const tags = { ...(o.tags ?? {}), [NAT_TAG]: natTag };
    const where = awsLocation(parent);
    const securityGroup = new aws.ec2.SecurityGroup(
        `${name}-nat`,
        {
            namePrefix: namePrefix(`${name}-nat`, 100),
            vpcId: o.vpcId,
            description: "NAT instances: traffic from the VPC only, no SSH",
            ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [o.cidrBlock], description: "Anything the VPC sends to the internet" }],
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "To the internet" }],
            tags,
        },
        { parent },
    );
    const role = new aws.iam.Role(
        `${name}-nat`,
        { namePrefix: namePrefix(`${name}-nat`, 38), path: `${o.iamPath ?? "/"}${NAT_ROLE_SUBPATH}`, permissionsBoundary: o.permissionsBoundary, description: "NAT instances: take their interface and address, Session Manager", assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"), tags },
        { parent },
    );
    // Session Manager is the only way in: no key pair, no SSH port.
    new aws.iam.RolePolicyAttachment(`${name}-nat-ssm`, { role: role.name, policyArn: pulumi.interpolate`arn:${where.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore` }, { parent });
    const profile = new aws.iam.InstanceProfile(`${name}-nat`, { namePrefix: namePrefix(`${name}-nat`, 128), path: o.iamPath, role: role.name, tags }, { parent });
    const ami = aws.ssm.getParameterOutput({ name: NAT_AMI_PARAMETER }, { parent });

    const azCount = o.routeTableIds.length;
    const result: NatInstances = { groups: [], networkInterfaces: [], elasticIps: [], routes: [], securityGroup, role, alarms: [] };
    const groupNames: string[] = [];
    for (let i = 0; i < azCount; i++) {
        const az = `${name}-nat-${i}`;
        const subnetId = o.publicSubnetIds.apply((ids) => ids[i]);
        const eni = new aws.ec2.NetworkInterface(
            az,
            { subnetId, securityGroups: [securityGroup.id], sourceDestCheck: false, description: `NAT route target of AZ ${i + 1}, taken by its instance at boot`, tags },
            { parent },
        );
        // The egress address: stays the same when an instance is replaced (allow-listable).
        const eip = new aws.ec2.Eip(az, { domain: "vpc", tags }, { parent });
        const route = new aws.ec2.Route(az, { routeTableId: o.routeTableIds[i], destinationCidrBlock: "0.0.0.0/0", networkInterfaceId: eni.id }, { parent });
        const groupName = physicalName(az, { max: 255 });
        groupNames.push(groupName);
        const template = new aws.ec2.LaunchTemplate(
            az,
            {
                namePrefix: namePrefix(az, 125),
                description: `NAT instance of AZ ${i + 1}`,
                // `value` is marked sensitive (it could be a SecureString); an AMI id is not secret,
                // and previews should show which AMI a refresh brings.
                imageId: ami.insecureValue,
                instanceType: o.instanceType,
                iamInstanceProfile: { arn: profile.arn },
                // IMDSv2 only, and not reachable from containers behind another hop.
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
                // A public IP only until the Elastic IP replaces it at boot (to reach the EC2 API and the package mirror).
                networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true", securityGroups: [securityGroup.id], deleteOnTermination: "true" }],
                blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
                userData: pulumi.all([eni.id, eip.allocationId]).apply(([eniId, allocationId]) => Buffer.from(natUserData({ eniId, allocationId, groupName, hookName: NAT_READY_HOOK })).toString("base64")),
                tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags })),
                updateDefaultVersion: true,
                tags,
            },
            { parent },
        );
        const group = new aws.autoscaling.Group(
            az,
            {
                name: groupName,
                // One instance; room for a second only while a replacement boots beside it.
                minSize: 1,
                maxSize: 2,
                desiredCapacity: 1,
                vpcZoneIdentifiers: [subnetId],
                launchTemplate: { id: template.id, version: pulumi.interpolate`${template.latestVersion}` },
                healthCheckType: "EC2",
                healthCheckGracePeriod: 60,
                // The instance is InService only once it forwards traffic; ABANDON replaces a failed boot.
                initialLifecycleHooks: [{ name: NAT_READY_HOOK, lifecycleTransition: "autoscaling:EC2_INSTANCE_LAUNCHING", defaultResult: "ABANDON", heartbeatTimeout: 600 }],
                // Replacements launch before the old instance goes (a new AMI or instance type, and an
                // unhealthy instance): the new one takes the interface and address when it is ready,
                // so a refresh cuts egress over in seconds instead of for a boot.
                instanceMaintenancePolicy: { minHealthyPercentage: 100, maxHealthyPercentage: 200 },
                instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200 } },
                enabledMetrics: ["GroupInServiceInstances"],
                metricsGranularity: "1Minute",
                waitForCapacityTimeout: "15m",
                tags: Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
            },
            { parent, dependsOn: [route] },
        );
        result.alarms.push(
            alarm(
                `${az}-down`,
                {
                    description: `NAT instance of AZ ${i + 1} is not in service: private subnets of that AZ have no internet egress`,
                    metricQueries: [
                        { id: "inService", metric: { namespace: "AWS/AutoScaling", metricName: "GroupInServiceInstances", dimensions: { AutoScalingGroupName: groupName }, period: 60, stat: "Minimum" } },
                        { id: "missing", expression: "1 - inService", label: "NAT instances missing", returnData: true },
                    ],
                    threshold: 0,
                    periods: 3,
                    datapoints: 2,
                    treatMissingData: "breaching",
                    tags,
                },
                o.alarmActions,
                parent,
            ),
            alarm(
                `${az}-status`,
                {
                    description: `NAT instance of AZ ${i + 1} fails its EC2 status checks (the group replaces it)`,
                    namespace: "AWS/EC2",
                    metricName: "StatusCheckFailed",
                    dimensions: { AutoScalingGroupName: groupName },
                    statistic: "Maximum",
                    threshold: 0,
                    periods: 2,
                    tags,
                },
                o.alarmActions,
                parent,
            ),
        );
        result.groups.push(group);
        result.networkInterfaces.push(eni);
        result.elasticIps.push(eip);
        result.routes.push(route);
    }
    new aws.iam.RolePolicy(`${name}-nat`, { role: role.name, policy: natInstancePolicy(where, natTag, groupNames, result.elasticIps) }, { parent });
    return result;
}

/** What an instance may do: only to resources tagged as this stack's NAT, and complete its own group's hook. */
function natInstancePolicy(where: pulumi.Output<{ partition: string; region: string; accountId: string }>, natTag: string, groupNames: string[], eips: aws.ec2.Eip[]): pulumi.Output<string> {
    const arn = (resource: pulumi.Input<string>) => pulumi.interpolate`arn:${where.partition}:ec2:${where.region}:${where.accountId}:${resource}`;
    const ours = { StringEquals: { [`aws:ResourceTag/${NAT_TAG}`]: natTag } };
    return policyDocument(
        [
            { Sid: "TakeTheFixedInterface", Action: ["ec2:AttachNetworkInterface", "ec2:DetachNetworkInterface"], Resource: [arn("network-interface/*"), arn("instance/*")], Condition: ours },
            { Sid: "ForwardTraffic", Action: ["ec2:ModifyInstanceAttribute"], Resource: [arn("instance/*")], Condition: ours },
            // AssociateAddress may be authorized on the interface's instance too: both carry the tag.
            { Sid: "TakeTheEgressAddress", Action: ["ec2:AssociateAddress"], Resource: [...eips.map((e) => arn(pulumi.interpolate`elastic-ip/${e.allocationId}`)), arn("network-interface/*"), arn("instance/*")], Condition: ours },
            // EC2 Describe calls have no resource type: the boot script reads its interface and address.
            { Sid: "Read", Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeAddresses"], Resource: ["*"] },
            {
                Sid: "SignalReady",
                Action: ["autoscaling:CompleteLifecycleAction"],
                Resource: groupNames.map((g) => pulumi.interpolate`arn:${where.partition}:autoscaling:${where.region}:${where.accountId}:autoScalingGroup:*:autoScalingGroupName/${g}`),
            },
        ],
    );
}

/**
 * The boot script (Amazon Linux 2023: AWS CLI and nftables available). It survives reboots
 * through a systemd unit; the interface and address stay attached across a reboot.
 */
export function natUserData(p: { eniId: string; allocationId: string; groupName: string; hookName: string }): string {
    return `#!/bin/bash
# fargate-kit NAT instance: forwards the private subnets of its AZ to the internet.
set -uo pipefail
ENI=${p.eniId}
ALLOCATION=${p.allocationId}
GROUP=${p.groupName}
HOOK=${p.hookName}
token() { curl -sf -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 300" http://169.254.169.254/latest/api/token; }
meta() { curl -sf -H "X-aws-ec2-metadata-token: $(token)" "http://169.254.169.254/latest/meta-data/$1"; }
INSTANCE=$(meta instance-id)
export AWS_DEFAULT_REGION=$(meta placement/region)
PRIMARY=$(meta "network/interfaces/macs/$(meta mac)/interface-id")
finish() { aws autoscaling complete-lifecycle-action --auto-scaling-group-name "$GROUP" --lifecycle-hook-name "$HOOK" --instance-id "$INSTANCE" --lifecycle-action-result "$1"; exit 0; }
retry() { for _ in $(seq 1 30); do "$@" && return 0; sleep 5; done; return 1; }
# A boot that fails after taking the fixed interface hands it back to the instance it took it
# from, which still holds the Elastic IP: the AZ keeps forwarding through the old instance instead
# of routing into an interface nobody holds (the old one stays InService, so no alarm would fire).
give_back() {
  [ -n "\${PREVIOUS:-}" ] || return 0
  ATTACHMENT=$(aws ec2 describe-network-interfaces --network-interface-ids "$ENI" --query 'NetworkInterfaces[0].Attachment.AttachmentId' --output text)
  aws ec2 detach-network-interface --attachment-id "$ATTACHMENT" --force || true
  for _ in $(seq 1 30); do
    [ "$(aws ec2 describe-network-interfaces --network-interface-ids "$ENI" --query 'NetworkInterfaces[0].Status' --output text)" = available ] && break
    sleep 5
  done
  aws ec2 attach-network-interface --network-interface-id "$ENI" --instance-id "$PREVIOUS" --device-index 1 || echo "fargate-kit NAT: could not hand $ENI back to $PREVIOUS" >&2
}
fail() { echo "fargate-kit NAT: $*" >&2; [ -n "\${TOOK:-}" ] && give_back; finish ABANDON; }

# 1. Forward and masquerade out of the primary interface, now and after every reboot. Traffic
#    arrives on the fixed interface and leaves by the primary one: reverse-path filtering off.
OUT=$(ip -4 route show default | awk '{print $5; exit}')
printf 'net.ipv4.ip_forward = 1\\nnet.ipv4.conf.all.rp_filter = 0\\nnet.ipv4.conf.default.rp_filter = 0\\nnet.ipv4.conf.*.rp_filter = 0\\n' > /etc/sysctl.d/99-fargate-kit-nat.conf
cat > /usr/local/sbin/fargate-kit-nat <<SCRIPT
#!/bin/bash
set -e
sysctl -q --system || true
sysctl -q -w net.ipv4.ip_forward=1
for f in /proc/sys/net/ipv4/conf/*/rp_filter; do echo 0 > "\\$f"; done
nft delete table ip fargate_kit_nat 2>/dev/null || true
nft add table ip fargate_kit_nat
nft add chain ip fargate_kit_nat postrouting '{ type nat hook postrouting priority 100 ; }'
nft add rule ip fargate_kit_nat postrouting oifname "$OUT" masquerade
SCRIPT
chmod 755 /usr/local/sbin/fargate-kit-nat
printf '[Unit]\\nDescription=fargate-kit NAT forwarding\\nAfter=network-online.target\\nWants=network-online.target\\n[Service]\\nType=oneshot\\nRemainAfterExit=yes\\nExecStart=/usr/local/sbin/fargate-kit-nat\\n[Install]\\nWantedBy=multi-user.target\\n' > /etc/systemd/system/fargate-kit-nat.service
command -v nft >/dev/null || retry dnf install -y nftables || fail "could not install nftables"
systemctl daemon-reload && systemctl enable --now fargate-kit-nat.service || fail "forwarding did not start"
retry aws ec2 modify-instance-attribute --instance-id "$INSTANCE" --no-source-dest-check || fail "could not turn off the source/destination check"

# 2. Take the fixed interface the private route table points at (from the instance this one replaces).
OWNER=None
PREVIOUS=
for _ in $(seq 1 60); do
  read -r STATUS OWNER ATTACHMENT <<<"$(aws ec2 describe-network-interfaces --network-interface-ids "$ENI" --query 'NetworkInterfaces[0].[Status,Attachment.InstanceId,Attachment.AttachmentId]' --output text)"
  [ "$OWNER" = "$INSTANCE" ] && break
  [ -z "$PREVIOUS" ] && [ "$OWNER" != None ] && PREVIOUS=$OWNER
  if [ "$STATUS" = available ]; then
    aws ec2 attach-network-interface --network-interface-id "$ENI" --instance-id "$INSTANCE" --device-index 1 || true
  elif [ "$STATUS" = in-use ] && [ "$ATTACHMENT" != None ]; then
    aws ec2 detach-network-interface --attachment-id "$ATTACHMENT" --force || true
  fi
  sleep 5
done
[ "$OWNER" = "$INSTANCE" ] || fail "could not attach $ENI"
TOOK=1

# 3. The stable egress address replaces the temporary public IP (the reply to this call can be lost with it).
aws ec2 associate-address --allocation-id "$ALLOCATION" --network-interface-id "$PRIMARY" --allow-reassociation || true
egress() { [ "$(aws ec2 describe-addresses --allocation-ids "$ALLOCATION" --query 'Addresses[0].NetworkInterfaceId' --output text)" = "$PRIMARY" ]; }
retry egress || fail "could not take the Elastic IP $ALLOCATION"
finish CONTINUE
`;
}
