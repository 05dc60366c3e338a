import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarm } from "../internal/alarms";
import { GRAVITON_INSTANCE_TYPE, NatInstances, createNatInstances } from "../internal/nat-instance";
import { namePrefix } from "../internal/names";
import { Check } from "../internal/validation";
import { AlarmNotificationArgs, alarmTopic, checkAlarmNotification } from "../internal/alarms";
import { NatMode } from "../enums";
import { requireOptional } from "../internal/optional-package";
export { NatMode } from "../enums";


/** The NAT instance type when `nat` is `"instance"`. */
export const DEFAULT_NAT_INSTANCE_TYPE = "t4g.nano";

/** AWS services tasks reach through interface endpoints when `vpcEndpoints` is on. */
export const DEFAULT_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "ssmmessages", "sqs"] as const;

export interface NetworkArgs {
    /**
     * Adopt an existing VPC instead of creating one (e.g. where RDS and Redis already run).
     * With it, give `publicSubnetIds` and, for private tasks, `privateSubnetIds`.
     * Default: a new VPC is created.
     * @default - a new VPC is created
     */
    vpcId?: pulumi.Input<string> | undefined;
    /**
     * Adopted public subnets (load balancer, and tasks when there is no private egress).
     * Default: none.
     * @default - none
     */
    publicSubnetIds?: pulumi.Input<string>[] | undefined;
    /**
     * Adopted private subnets for tasks.
     * Default: none.
     * @default - none
     */
    privateSubnetIds?: pulumi.Input<string>[] | undefined;
    /**
     * CIDR of a new VPC.
     * Default: "10.0.0.0/16".
     * @default "10.0.0.0/16"
     */
    cidrBlock?: string | undefined;
    /**
     * Availability zones of a new VPC, 2–6 (the load balancer needs two).
     * A whole number.
     * Default: 2.
     * @default 2
     */
    availabilityZones?: number | undefined;
    /**
     * NAT gateways, which decide where tasks run:
     * - `"none"`: no NAT. Tasks run in public subnets with a public IP (cheapest: ~$3.60 per task-month
     *   for the IPv4 address), unless `vpcEndpoints` is on, in which case they run in private subnets
     *   that reach only AWS services.
     * - `"single"`: one NAT gateway (~$33/month + $0.045/GB); tasks in private subnets. One AZ's NAT is
     *   a single point of failure for egress.
     * - `"perAz"`: one NAT gateway per AZ; private tasks survive an AZ outage. For prod.
     * - `"instance"`: one NAT instance per AZ (Graviton, ~$3.70/month each for a t4g.nano and its
     *   disk, plus its Elastic IP) instead of gateways (~$33/month each + $0.045/GB): egress in every
     *   AZ like `perAz`, at about a tenth of the price, with a replacement of a failed instance taking
     *   minutes and bandwidth bounded by the instance type. The free S3 gateway endpoint carries
     *   image layers past it. See the network table in docs/costs-and-speed.md.
     * - `"existing"`: only with an adopted VPC: its private subnets already route through a NAT.
     * Default: "none".
     * @default "none"
     */
    nat?: NatMode;
    /**
     * Create interface endpoints (ECR, Logs, Secrets Manager, SSM, SSM messages, SQS) and the S3
     * gateway endpoint, so private tasks pull images without a NAT. Each interface endpoint costs
     * about $7.30 per AZ-month, so seven in two AZs cost more than one NAT gateway: choose it for
     * isolation or heavy pull traffic, not to save money.
     * Default: false.
     * @default false
     */
    vpcEndpoints?: boolean | undefined;
    /**
     * Instance type of the NAT instances (`nat: "instance"`): a Graviton type, since the AMI is
     * Amazon Linux 2023 for arm64. A t4g.nano bursts to 5 Gbps and sustains ~32 Mbit/s; image layers
     * come from S3 through the gateway endpoint, not through the instance. Choose a larger one for
     * heavy egress.
     * Default: "t4g.nano".
     * @default "t4g.nano"
     */
    natInstanceType?: string | undefined;
    /**
     * IAM path of the NAT instances' role and instance profile.
     * Default: "/".
     * @default "/"
     */
    iamPath?: string | undefined;
    /**
     * Permissions boundary of every role this creates (e.g. \`PulumiDeployments.permissionsBoundaryArn\`):
     * whatever policy a role is given, it can do no more than the boundary allows.
     * Default: none.
     * @default - none
     */
    permissionsBoundary?: pulumi.Input<string> | undefined;
    /**
     * Where the alarms of the NAT gateways or instances notify.
     * Default: the alarms, without notification target.
     * @default - the alarms, without notification target
     */
    alarms?: AlarmNotificationArgs | undefined;
    /**
     * Tags of every resource this component creates.
     * Default: none.
     * @default - none
     */
    tags?: Record<string, string> | undefined;
}

/**
 * Where the services run: a new VPC (via awsx) or an adopted one, and the subnets and public-IP
 * setting that follow from the NAT choice. It never yields tasks that cannot pull their image:
 * private subnets always have a NAT or the endpoints, otherwise tasks run public with a public IP.
 */
export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    /** Subnets for internet-facing load balancers. */
    readonly publicSubnetIds: pulumi.Output<string[]>;
    /** Subnets the tasks run in. */
    readonly taskSubnetIds: pulumi.Output<string[]>;
    /** Whether tasks need a public IP to reach ECR (no NAT, no endpoints). */
    readonly assignPublicIp: boolean;
    /** The VPC CIDR, for endpoint security groups. */
    readonly cidrBlock: pulumi.Output<string>;
    /** The NAT instances, per AZ, when `nat` is `"instance"`. */
    readonly natInstances?: NatInstances;
    /** Route tables of a VPC this component created (the S3 gateway endpoint is added to all of them). */
    private readonly routeTableIds?: pulumi.Output<string[]>;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validated before the component registers: a refused input creates nothing, not even the component.
        validateNetworkArgs(Check.root(), args).throwIfFailed(`Network "${name}"`);
        super("fargate-kit:index:Network", name, {}, opts);

        const nat = args.nat ?? "none";
        const privateTasks = nat !== "none" || (args.vpcEndpoints ?? false);
        this.assignPublicIp = !privateTasks;

        if (args.vpcId !== undefined) {
            this.vpcId = pulumi.output(args.vpcId);
            this.publicSubnetIds = pulumi.output(args.publicSubnetIds ?? []);
            this.taskSubnetIds = privateTasks ? pulumi.output(args.privateSubnetIds ?? []) : this.publicSubnetIds;
            this.cidrBlock = aws.ec2.getVpcOutput({ id: args.vpcId }, { parent: this }).cidrBlock;
        } else {
            const vpc = this.createVpc(name, args, nat);
            this.routeTableIds = pulumi.output(vpc.routeTables).apply((tables) => pulumi.all(tables.map((t) => t.id)));
            this.vpcId = vpc.vpcId;
            this.publicSubnetIds = vpc.publicSubnetIds;
            this.taskSubnetIds = nat === "instance" ? vpc.isolatedSubnetIds : nat !== "none" ? vpc.privateSubnetIds : privateTasks ? vpc.isolatedSubnetIds : vpc.publicSubnetIds;
            this.cidrBlock = pulumi.output(args.cidrBlock ?? "10.0.0.0/16");
            const gateways = nat === "single" ? 1 : nat === "perAz" ? args.availabilityZones ?? 2 : 0;
            // The NAT's alarms (gateways or instances) notify one topic.
            const natAlarmActions = gateways > 0 || nat === "instance" ? [alarmTopic(`${name}-nat`, args.alarms, this, args.tags)].filter((t): t is pulumi.Output<string> => t !== undefined) : [];
            if (gateways > 0) this.createNatGatewayAlarms(name, vpc, gateways, natAlarmActions, args.tags);
            if (nat === "instance") {
                const azs = args.availabilityZones ?? 2;
                this.natInstances = createNatInstances(
                    name,
                    {
                        vpcId: this.vpcId,
                        cidrBlock: this.cidrBlock,
                        publicSubnetIds: this.publicSubnetIds,
                        routeTableIds: Array.from({ length: azs }, (_, i) => routeTableOfSubnet(vpc, vpc.isolatedSubnetIds.apply((ids) => ids[i]))),
                        instanceType: args.natInstanceType ?? DEFAULT_NAT_INSTANCE_TYPE,
                        iamPath: args.iamPath,
                        permissionsBoundary: args.permissionsBoundary,
                        alarmActions: natAlarmActions,
                        tags: args.tags,
                    },
                    this,
                );
                // Tasks must not start before their AZ's NAT forwards (the groups wait for the boot
                // to signal ready): they would fail to pull their image, and a first deploy's
                // circuit breaker would fail it. The subnets carry that dependency to every service.
                const groups = this.natInstances.groups;
                this.taskSubnetIds = pulumi.all([vpc.isolatedSubnetIds, pulumi.all(groups.map((g) => g.id))]).apply(([ids]) => ids);
            }
        }
        if (args.vpcEndpoints) {
            this.createEndpoints(name, args.tags);
        } else if (nat === "instance") {
            // Image layers come from S3: through the free gateway endpoint, not the NAT instance.
            this.createS3Endpoint(name, args.tags);
        }
        this.registerOutputs({ vpcId: this.vpcId, publicSubnetIds: this.publicSubnetIds, taskSubnetIds: this.taskSubnetIds, assignPublicIp: this.assignPublicIp });
    }

    private createVpc(name: string, args: NetworkArgs, nat: NatMode) {
        // awsx's VPC is a plugin-backed component: its subnets, routes and NAT gateways are not
        // visible to unit-test mocks. It is worth that for a well-kept subnet layout.
        // Only the ec2 module: the awsx root loads every module (~270 ms).
        const awsxEc2 = requireOptional<typeof import("@pulumi/awsx/ec2")>("@pulumi/awsx/ec2", "@pulumi/awsx", `Network "${name}"`);
        const strategy = { none: "None", single: "Single", perAz: "OnePerAz", instance: "None", existing: "None" } as const;
        // NAT instances route isolated subnets themselves (awsx refuses private subnets without NAT gateways).
        const taskTier: "Private" | "Isolated" | undefined = nat === "instance" ? "Isolated" : nat !== "none" ? "Private" : args.vpcEndpoints ? "Isolated" : undefined;
        return new awsxEc2.Vpc(
            name,
            {
                cidrBlock: args.cidrBlock ?? "10.0.0.0/16",
                numberOfAvailabilityZones: args.availabilityZones ?? 2,
                natGateways: { strategy: strategy[nat] },
                subnetStrategy: "Auto",
                subnetSpecs: [{ type: "Public" as const, cidrMask: 22 }, ...(taskTier ? [{ type: taskTier, cidrMask: 20 }] : [])],
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags: args.tags,
            },
            { parent: this },
        );
    }

    /**
     * A NAT gateway fails quietly: it runs out of source ports for one destination (connections
     * fail with ErrorPortAllocation) or drops packets. One alarm on each, per gateway.
     */
    private createNatGatewayAlarms(name: string, vpc: { natGateways: pulumi.Output<{ id: pulumi.Input<string> }[]> }, count: number, actions: pulumi.Output<string>[], tags: Record<string, string> | undefined): void {
        for (let i = 0; i < count; i++) {
            const id: pulumi.Output<string> = vpc.natGateways.apply((g) => pulumi.output(g[i].id));
            const metric = (metricName: string) => ({ namespace: "AWS/NATGateway", metricName, dimensions: { NatGatewayId: id }, period: 300, stat: "Sum" });
            alarm(
                `${name}-nat-${i}-ports`,
                { description: `NAT gateway ${i + 1} ran out of source ports (connections fail)`, namespace: "AWS/NATGateway", metricName: "ErrorPortAllocation", dimensions: { NatGatewayId: id }, statistic: "Sum", period: 300, threshold: 0, periods: 1, tags },
                actions,
                this,
            );
            alarm(
                `${name}-nat-${i}-drops`,
                {
                    description: `NAT gateway ${i + 1} drops more than 0.01 % of its packets`,
                    metricQueries: [
                        { id: "dropped", metric: metric("PacketsDropCount") },
                        { id: "fromSource", metric: metric("PacketsInFromSource") },
                        { id: "fromDestination", metric: metric("PacketsInFromDestination") },
                        { id: "dropPercent", expression: "100 * dropped / (fromSource + fromDestination)", label: "Dropped packets (%)", returnData: true },
                    ],
                    threshold: 0.01,
                    periods: 3,
                    datapoints: 2,
                    tags,
                },
                actions,
                this,
            );
        }
    }

    private createEndpoints(name: string, tags: Record<string, string> | undefined): void {
        const region = aws.getRegionOutput({}, { parent: this }).region;
        const sg = new aws.ec2.SecurityGroup(
            `${name}-endpoints`,
            {
                namePrefix: namePrefix(`${name}-endpoints`, 100),
                vpcId: this.vpcId,
                description: "HTTPS from the VPC to AWS service endpoints",
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [this.cidrBlock], description: "HTTPS from the VPC" }],
                egress: [],
                tags,
            },
            { parent: this },
        );
        for (const service of DEFAULT_ENDPOINT_SERVICES) {
            new aws.ec2.VpcEndpoint(
                `${name}-${service.replace(".", "-")}`,
                {
                    vpcId: this.vpcId,
                    serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
                    vpcEndpointType: "Interface",
                    privateDnsEnabled: true,
                    subnetIds: this.taskSubnetIds,
                    securityGroupIds: [sg.id],
                    tags,
                },
                { parent: this },
            );
        }
        this.createS3Endpoint(name, tags);
    }

    private createS3Endpoint(name: string, tags: Record<string, string> | undefined): void {
        const region = aws.getRegionOutput({}, { parent: this }).region;
        // ECR stores image layers in S3; the gateway endpoint is free. In a VPC created here it goes
        // on every route table the VPC component made, taken from the tables themselves: a lookup by
        // subnet association could run before the associations exist on a first deploy and find none,
        // leaving the tasks without a route to S3 (CannotPullContainerError). An adopted VPC's
        // associations exist already, so there the lookup is safe.
        const routeTableIds =
            this.routeTableIds ??
            aws.ec2.getRouteTablesOutput({ vpcId: this.vpcId, filters: [{ name: "association.subnet-id", values: this.taskSubnetIds }] }, { parent: this }).ids;
        new aws.ec2.VpcEndpoint(
            `${name}-s3`,
            { vpcId: this.vpcId, serviceName: pulumi.interpolate`com.amazonaws.${region}.s3`, vpcEndpointType: "Gateway", routeTableIds, tags },
            { parent: this },
        );
    }
}

export function validateNetworkArgs(check: Check, args: NetworkArgs): Check {
    const nat = args.nat ?? "none";
    check.at("nat").oneOf(args.nat, Object.values(NatMode));
    if (args.natInstanceType !== undefined && nat !== "instance") {
        check.at("natInstanceType").fail(`is set, but nat is ${JSON.stringify(nat)}; it applies only to nat: "instance"`);
    }
    check.at("natInstanceType").matches(args.natInstanceType, GRAVITON_INSTANCE_TYPE, 'a Graviton (arm64) instance type such as "t4g.nano" or "c7gn.medium" (the NAT AMI is Amazon Linux 2023 for arm64)');
    checkAlarmNotification(check.at("alarms"), args.alarms);
    check.at("availabilityZones").intRange(args.availabilityZones, 2, 6, "(an ALB needs subnets in two AZs)");
    check.at("cidrBlock").matches(args.cidrBlock, /^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-4])$/, "an IPv4 CIDR from /16 to /24, e.g. \"10.0.0.0/16\"");
    if (args.vpcId === undefined) {
        for (const k of ["publicSubnetIds", "privateSubnetIds"] as const) {
            if (args[k] !== undefined) {
                check.at(k).fail("is set without vpcId; subnets can only be adopted together with their VPC");
            }
        }
        if (nat === "existing") {
            check.at("nat").fail(`is "existing", which describes an adopted VPC; a new VPC takes "none", "single", "perAz" or "instance"`);
        }
        return check;
    }
    if (args.cidrBlock !== undefined || args.availabilityZones !== undefined) {
        check.fail("cidrBlock and availabilityZones describe a new VPC; leave them out when adopting vpcId");
    }
    if ((args.publicSubnetIds ?? []).length < 2) {
        check.at("publicSubnetIds").fail(`has ${(args.publicSubnetIds ?? []).length} subnet(s); an adopted VPC needs at least 2 public subnets in different AZs for the load balancer`);
    }
    if (nat === "single" || nat === "perAz" || nat === "instance") {
        check.at("nat").fail(`is ${JSON.stringify(nat)}, but NAT gateways and instances are only created in a new VPC; with an adopted VPC use "existing" (its private subnets already route through a NAT) or "none"`);
    }
    const privateTasks = nat === "existing" || args.vpcEndpoints;
    const privateCount = (args.privateSubnetIds ?? []).length;
    if (privateTasks && privateCount === 0) {
        check.at("privateSubnetIds").fail("is empty, but the tasks are to run privately (nat \"existing\" or vpcEndpoints); give the private subnets");
    }
    if (!privateTasks && privateCount > 0) {
        check.at("privateSubnetIds").fail(
            'is set, but nothing lets tasks there pull images (no NAT, no endpoints: the CannotPullContainer trap); set nat: "existing" if they route through a NAT, or vpcEndpoints: true',
        );
    }
    return check;
}

/**
 * The route table of a subnet of an awsx VPC, from the VPC's own associations (not a lookup, which
 * could run before the associations exist on a first deploy). Under unit-test mocks the
 * associations are plain objects, in a real run resources: both have `subnetId` and `routeTableId`.
 */
function routeTableOfSubnet(vpc: { routeTableAssociations: pulumi.Output<{ subnetId: pulumi.Input<string | undefined>; routeTableId: pulumi.Input<string> }[]> }, subnetId: pulumi.Output<string>): pulumi.Output<string> {
    return pulumi.all([vpc.routeTableAssociations, subnetId]).apply(([associations, subnet]) =>
        pulumi.all(associations.map((a) => pulumi.all([a.subnetId, a.routeTableId]))).apply((pairs) => {
            const match = pairs.find(([s]) => s === subnet);
            if (!match) throw new Error(`fargate-kit: no route table is associated with subnet ${subnet}`);
            return match[1];
        }),
    );
}
