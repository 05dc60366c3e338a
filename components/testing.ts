/**
 * Unit-test helpers for programs built on fargate-kit (`import { mockFargateKit } from
 * "fargate-kit/testing"`): Pulumi mocks that answer what the components read back — ARNs in AWS's
 * formats, repository URLs, queue URLs, load balancer names, the VPC's subnets — and the data
 * sources they call, and a record of what was registered.
 *
 * @example
 * const aws = await mockFargateKit();
 * const { FargateWebService } = await import("../infra/web");   // import after mocking
 * await aws.settled();
 * assert.strictEqual(aws.ofType("aws:ecs/service:Service").length, 1);
 */
import * as crypto from "crypto";
import * as pulumi from "@pulumi/pulumi";

/** The account id in every ARN the mocks answer with. */
export const MOCK_ACCOUNT = "123456789012";

/** One registration: what your program asked Pulumi to create. */
export interface MockedResource {
    type: string;
    name: string;
    inputs: Record<string, any>;
}

export interface FargateKitMocks {
    /** Everything registered so far, in order. */
    readonly resources: MockedResource[];
    /** The registrations of one type token, e.g. `"aws:ecs/service:Service"`. */
    ofType(type: string): MockedResource[];
    /** The one registration of a type (and name): throws when there is none or several. */
    one(type: string, name?: string): MockedResource;
    /** Waits until the registrations so far have been answered. */
    settled(): Promise<void>;
}

export interface MockOptions {
    /** @default "us-east-1" */
    region?: string | undefined;
    /** @default "project" */
    project?: string | undefined;
    /** @default "test" */
    stack?: string | undefined;
    /** Outputs a StackReference to the stack itself returns (its previous deployment). @default {} */
    previousOutputs?: Record<string, unknown> | undefined;
}

/** Installs Pulumi's mocks with answers for every resource and data source fargate-kit uses. */
export async function mockFargateKit(options: MockOptions = {}): Promise<FargateKitMocks> {
    const region = options.region ?? "us-east-1";
    const resources: MockedResource[] = [];
    await pulumi.runtime.setMocks(
        awsMocks(region, options.previousOutputs ?? {}, { onResource: (r) => resources.push({ type: r.type, name: r.name, inputs: r.inputs }) }),
        options.project ?? "project",
        options.stack ?? "test",
        false,
        "organization",
    );
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    return {
        resources,
        ofType,
        one(type: string, name?: string) {
            const found = ofType(type).filter((r) => name === undefined || r.name === name);
            if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
            return found[0];
        },
        settled: waitForRegistrations,
    };
}

/**
 * The mocks themselves: each resource gets deterministic provider state (a read, `Resource.get`,
 * answers with the id it was given, and an ARN id is the resource's ARN), each data source its answer.
 */
export function awsMocks(
    region: string,
    previousOutputs: Record<string, unknown> = {},
    observe: { onResource?: (args: pulumi.runtime.MockResourceArgs) => void; onCall?: (args: pulumi.runtime.MockCallArgs) => void } = {},
): pulumi.runtime.Mocks {
    return {
        newResource: (args) => {
            observe.onResource?.(args);
            const state = awsMockState(args.type, args.name, args.inputs, region, previousOutputs);
            return args.id ? { id: args.id, state: { ...state, ...(args.id.startsWith("arn:") ? { arn: args.id } : {}) } } : { id: `${args.name}-id`, state };
        },
        call: (args) => {
            observe.onCall?.(args);
            return awsMockCall(args.token, args.inputs, region);
        },
    };
}

/**
 * Waits until Pulumi's queue of outstanding calls (registrations, data sources, their outputs) is
 * empty: the SDK's own wait before it disconnects. It is internal to the SDK, so an SDK without
 * it falls back to a short pause.
 */
export async function waitForRegistrations(): Promise<void> {
    const settings: { waitForRPCs?: () => Promise<void> } = require("@pulumi/pulumi/runtime/settings");
    if (typeof settings.waitForRPCs === "function") await settings.waitForRPCs();
    else await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Deterministic provider state for the resources and look-ups this library uses. */
export function awsMockState(type: string, name: string, inputs: Record<string, any>, region: string, previousOutputs: Record<string, unknown> = {}): Record<string, any> {
    const acct = MOCK_ACCOUNT;
    // Autonaming: a given name, a prefix completed with a suffix, or the logical name with one.
    const physical = inputs.name ?? (inputs.namePrefix !== undefined ? `${inputs.namePrefix}0000000` : `${name}-0000000`);
    const generic = { ...inputs, name: physical, arn: `arn:aws:mock:${region}:${acct}:${type.split(":").pop()}/${physical}` };
    switch (type) {
        case "aws:ecr/repository:Repository":
            return { ...generic, arn: `arn:aws:ecr:${region}:${acct}:repository/${physical}`, repositoryUrl: `${acct}.dkr.ecr.${region}.amazonaws.com/${physical}` };
        case "aws:sqs/queue:Queue": {
            const q = inputs.name ?? (inputs.fifoQueue ? `${name}-0000000.fifo` : `${name}-0000000`);
            return { ...generic, name: q, arn: `arn:aws:sqs:${region}:${acct}:${q}`, url: `https://sqs.${region}.amazonaws.com/${acct}/${q}` };
        }
        case "aws:lb/loadBalancer:LoadBalancer":
            return {
                ...generic,
                arn: `arn:aws:elasticloadbalancing:${region}:${acct}:loadbalancer/app/${physical}/50dc6c495c0c9188`,
                arnSuffix: `app/${physical}/50dc6c495c0c9188`,
                dnsName: `${physical}-1234567890.${region}.elb.amazonaws.com`,
                zoneId: "Z35SXDOTRQ7X7K",
            };
        case "aws:lb/targetGroup:TargetGroup":
            return { ...generic, arn: `arn:aws:elasticloadbalancing:${region}:${acct}:targetgroup/${physical}/943f017f100becff`, arnSuffix: `targetgroup/${physical}/943f017f100becff` };
        case "aws:lb/listener:Listener":
            return { ...generic, arn: `arn:aws:elasticloadbalancing:${region}:${acct}:listener/app/lb/50dc6c495c0c9188/${name}` };
        case "aws:lb/listenerRule:ListenerRule":
            return { ...generic, arn: `arn:aws:elasticloadbalancing:${region}:${acct}:listener-rule/app/lb/50dc6c495c0c9188/${name}` };
        case "aws:ec2/eip:Eip":
            return { ...generic, allocationId: `eipalloc-${name}`, publicIp: "203.0.113.10" };
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return { ...generic, latestVersion: 1 };
        case "aws:autoscaling/group:Group":
            return { ...generic, arn: `arn:aws:autoscaling:${region}:${acct}:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/${physical}` };
        case "aws:iam/instanceProfile:InstanceProfile":
            return { ...generic, arn: `arn:aws:iam::${acct}:instance-profile${inputs.path ?? "/"}${physical}` };
        case "aws:ecs/cluster:Cluster":
            return { ...generic, arn: `arn:aws:ecs:${region}:${acct}:cluster/${physical}` };
        case "aws:ecs/service:Service":
            return { ...generic, arn: `arn:aws:ecs:${region}:${acct}:service/${physical}` };
        case "aws:ecs/taskDefinition:TaskDefinition":
            return { ...generic, arn: `arn:aws:ecs:${region}:${acct}:task-definition/${inputs.family}:1`, revision: 1 };
        case "aws:iam/role:Role":
            // As IAM writes it: the role's path is part of its ARN, so path-scoped grants can be checked.
            return { ...generic, arn: `arn:aws:iam::${acct}:role${inputs.path ?? "/"}${physical}` };
        case "aws:iam/policy:Policy":
            return { ...generic, arn: `arn:aws:iam::${acct}:policy${inputs.path ?? "/"}${physical}` };
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return { ...generic, arn: `arn:aws:iam::${acct}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}` };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { ...generic, arn: `arn:aws:logs:${region}:${acct}:log-group:${physical}` };
        case "aws:sns/topic:Topic":
            return { ...generic, arn: `arn:aws:sns:${region}:${acct}:${physical}` };
        // As EventBridge writes them: connections and API destinations end in a generated id.
        case "aws:cloudwatch/eventConnection:EventConnection":
            return { ...generic, arn: `arn:aws:events:${region}:${acct}:connection/${physical}/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`, secretArn: `arn:aws:secretsmanager:${region}:${acct}:secret:events!connection/${physical}/0f1e2d3c-AbC123` };
        case "aws:cloudwatch/eventApiDestination:EventApiDestination":
            return { ...generic, arn: `arn:aws:events:${region}:${acct}:api-destination/${physical}/1a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d` };
        case "aws:s3/bucket:Bucket": {
            const bucket = inputs.bucket ?? (inputs.bucketPrefix !== undefined ? `${inputs.bucketPrefix}0000000` : `${name}-0000000`);
            return { ...generic, bucket, arn: `arn:aws:s3:::${bucket}` };
        }
        case "aws:route53/record:Record":
            return { ...generic, fqdn: String(inputs.name).replace(/\.$/, "") };
        case "aws:acm/certificate:Certificate":
            return {
                ...generic,
                arn: `arn:aws:acm:${region}:${acct}:certificate/00000000-0000-0000-0000-000000000000`,
                domainValidationOptions: [inputs.domainName, ...(inputs.subjectAlternativeNames ?? [])].map((d: string) => ({
                    domainName: d,
                    resourceRecordName: `_0123456789abcdef.${d}.`,
                    resourceRecordType: "CNAME",
                    resourceRecordValue: "_fedcba9876543210.acm-validations.aws.",
                })),
            };
        // RDS keeps the master password in a secret named rds!cluster-<id> / rds!db-<id>.
        case "aws:rds/cluster:Cluster":
            return {
                ...generic,
                arn: `arn:aws:rds:${region}:${acct}:cluster:${inputs.clusterIdentifier}`,
                endpoint: `${inputs.clusterIdentifier}.cluster-c0ffee0example.${region}.rds.amazonaws.com`,
                readerEndpoint: `${inputs.clusterIdentifier}.cluster-ro-c0ffee0example.${region}.rds.amazonaws.com`,
                port: inputs.port ?? (String(inputs.engine).includes("mysql") ? 3306 : 5432),
                masterUserSecrets: [{ secretArn: `arn:aws:secretsmanager:${region}:${acct}:secret:rds!cluster-0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7-Ab12Cd`, kmsKeyId: inputs.masterUserSecretKmsKeyId ?? `arn:aws:kms:${region}:${acct}:key/aws-secretsmanager`, secretStatus: "active" }],
            };
        case "aws:rds/instance:Instance":
            return {
                ...generic,
                arn: `arn:aws:rds:${region}:${acct}:db:${inputs.identifier}`,
                address: `${inputs.identifier}.c0ffee0example.${region}.rds.amazonaws.com`,
                port: inputs.port ?? (inputs.engine === "mysql" ? 3306 : 5432),
                masterUserSecrets: [{ secretArn: `arn:aws:secretsmanager:${region}:${acct}:secret:rds!db-0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7-Ef34Gh`, kmsKeyId: inputs.masterUserSecretKmsKeyId ?? `arn:aws:kms:${region}:${acct}:key/aws-secretsmanager`, secretStatus: "active" }],
            };
        case "aws:elasticache/serverlessCache:ServerlessCache":
            return { ...generic, arn: `arn:aws:elasticache:${region}:${acct}:serverlesscache:${inputs.name}`, endpoints: [{ address: `${inputs.name}-abc123.serverless.use1.cache.amazonaws.com`, port: 6379 }], readerEndpoints: [{ address: `${inputs.name}-abc123.serverless.use1.cache.amazonaws.com`, port: 6380 }] };
        case "aws:elasticache/replicationGroup:ReplicationGroup":
            return { ...generic, arn: `arn:aws:elasticache:${region}:${acct}:replicationgroup:${inputs.replicationGroupId}`, primaryEndpointAddress: `master.${inputs.replicationGroupId}.abc123.use1.cache.amazonaws.com` };
        case "pulumi:pulumi:StackReference":
            // The stack's outputs from its last deployment (none unless a test says so).
            return { name: inputs.name, outputs: previousOutputs, secretOutputNames: [] };
        case "awsx:ec2:Vpc": {
            const azs = inputs.numberOfAvailabilityZones ?? 2;
            const kinds = (inputs.subnetSpecs ?? []).map((s: { type: string }) => s.type);
            const ids = (kind: string) => (kinds.includes(kind) ? Array.from({ length: azs }, (_, i) => `subnet-${kind.toLowerCase()}-${i}`) : []);
            // awsx makes one route table per subnet; the mock answers their ids (the real output holds the resources).
            const routeTables = kinds.flatMap((kind: string) => ids(kind).map((id) => ({ id: id.replace("subnet-", "rtb-") })));
            const routeTableAssociations = kinds.flatMap((kind: string) => ids(kind).map((id) => ({ subnetId: id, routeTableId: id.replace("subnet-", "rtb-") })));
            const strategy = inputs.natGateways?.strategy ?? "OnePerAz";
            const natGateways = Array.from({ length: strategy === "Single" ? 1 : strategy === "OnePerAz" ? azs : 0 }, (_, i) => ({ id: `nat-0000000000000000${i}` }));
            return { ...inputs, vpcId: "vpc-0123456789abcdef0", publicSubnetIds: ids("Public"), privateSubnetIds: ids("Private"), isolatedSubnetIds: ids("Isolated"), routeTables, routeTableAssociations, natGateways };
        }
        default:
            return generic;
    }
}

/** Deterministic answers of the data sources this library calls. */
export function awsMockCall(token: string, inputs: Record<string, any>, region: string): Record<string, any> {
    switch (token) {
        case "aws:index/getRegion:getRegion":
            return { name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com`, description: region };
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/mock`, userId: "AIDAMOCK", id: MOCK_ACCOUNT };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
        case "aws:index/getAvailabilityZones:getAvailabilityZones":
            return { names: ["a", "b", "c"].map((s) => `${region}${s}`), zoneIds: [1, 2, 3].map((n) => `use1-az${n}`), id: region };
        case "aws:elb/getServiceAccount:getServiceAccount": {
            // As the provider answers: only the Regions in its built-in table; elsewhere the preview fails.
            const { ELB_LOG_ACCOUNTS } = require("./internal/elb-log-delivery") as typeof import("./internal/elb-log-delivery");
            const id = ELB_LOG_ACCOUNTS[region];
            if (id === undefined) throw new Error(`unsupported AWS Region: ${region}`);
            return { id, arn: `arn:aws:iam::${id}:root` };
        }
        case "aws:ssm/getParameter:getParameter":
            // The AMI parameters AWS publishes hold an AMI id.
            return { name: inputs.name, id: inputs.name, type: "String", value: "ami-0123456789abcdef0", insecureValue: "ami-0123456789abcdef0", version: 1, arn: `arn:aws:ssm:${region}::parameter${inputs.name}` };
        case "aws:ec2/getRouteTables:getRouteTables":
            return { ids: ["rtb-0", "rtb-1"], id: region };
        case "aws:ec2/getVpc:getVpc":
            return { id: inputs.id, cidrBlock: "10.20.0.0/16", arn: `arn:aws:ec2:${region}:${MOCK_ACCOUNT}:vpc/${inputs.id}` };
        case "aws:route53/getZone:getZone":
            return { zoneId: "Z0123456789ABCDEFGHIJ", name: inputs.name, id: "Z0123456789ABCDEFGHIJ" };
        case "aws:secretsmanager/getSecret:getSecret": {
            // AWS appends 6 random characters to every secret's ARN; the mock derives them from the name.
            const suffix = crypto.createHash("sha1").update(String(inputs.name)).digest("base64").replace(/[^A-Za-z0-9]/g, "").slice(0, 6);
            const arn = `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT}:secret:${inputs.name}-${suffix}`;
            return { arn, id: arn, name: inputs.name, policy: "", tags: {} };
        }
        case "aws:iam/getOpenIdConnectProvider:getOpenIdConnectProvider":
            return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:oidc-provider/${String(inputs.url ?? "api.pulumi.com/oidc").replace(/^https:\/\//, "")}`, url: inputs.url };
        default:
            return inputs;
    }
}

