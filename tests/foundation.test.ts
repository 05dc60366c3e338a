import * as assert from "assert";
import { Cluster } from "../components/platform/cluster";
import { Network } from "../components/platform/network";
import { RegistryRepo } from "../components/platform/registry-repo";
import { runInMocks } from "../tools/mock-runtime";
import { one, ofType, throwsValidation } from "./support";

describe("RegistryRepo", () => {
    it("creates a scanned, immutable, encrypted repository with a lifecycle policy", async () => {
        const { resources, result } = await runInMocks(() => new RegistryRepo("app", { imageTag: "3f2c1ab", keepTaggedImages: 25 }));
        const repo = one(resources, "aws:ecr/repository:Repository", "app");
        assert.deepStrictEqual(
            { mut: repo.inputs.imageTagMutability, scan: repo.inputs.imageScanningConfiguration, enc: repo.inputs.encryptionConfigurations, force: repo.inputs.forceDelete },
            // Unprotected: destroy takes the images with it (a stage teardown is not blocked by them).
            { mut: "IMMUTABLE", scan: { scanOnPush: true }, enc: [{ encryptionType: "AES256" }], force: true },
        );
        assert.strictEqual(repo.parent, "fargate-kit:index:RegistryRepo::app");
        const rules = JSON.parse(one(resources, "aws:ecr/lifecyclePolicy:LifecyclePolicy").inputs.policy).rules;
        assert.deepStrictEqual(rules.map((r: any) => r.selection), [
            { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
            { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 25 },
        ]);
        const uri = await new Promise((r) => result.imageUri!.apply(r));
        assert.strictEqual(uri, "123456789012.dkr.ecr.us-east-1.amazonaws.com/fargate-kit-test-app:3f2c1ab");
    });

    it("is protected and retained in prod, and uses a customer key when given", async () => {
        const key = "arn:aws:kms:us-east-1:123456789012:key/abcd-1234";
        const { resources } = await runInMocks(() => new RegistryRepo("app", { protect: true, kmsKeyArn: key }));
        const repo = one(resources, "aws:ecr/repository:Repository");
        assert.deepStrictEqual([repo.protect, repo.retainOnDelete, repo.inputs.forceDelete], [true, true, false]);
        assert.deepStrictEqual(repo.inputs.encryptionConfigurations, [{ encryptionType: "KMS", kmsKey: key }]);
    });

    it("builds with awsx.ecr.Image when asked", async () => {
        const { resources } = await runInMocks(() => new RegistryRepo("app", { imageTag: "abc", build: { context: "./app", platform: "linux/arm64" } }));
        const image = one(resources, "awsx:ecr:Image");
        assert.deepStrictEqual([image.inputs.context, image.inputs.platform, image.inputs.imageTag], ["./app", "linux/arm64", "abc"]);
    });

    it("rejects bad input with the field named", () => {
        throwsValidation(() => new RegistryRepo("r1", { keepTaggedImages: 0 }), 'RegistryRepo "r1": keepTaggedImages: is 0; allowed: a whole number from 1 to 1000 images');
        throwsValidation(() => new RegistryRepo("r2", { imageTag: "-bad tag" }), 'imageTag: is "-bad tag"; allowed: a Docker tag');
        throwsValidation(() => new RegistryRepo("r3", { build: { context: "." } }), "imageTag: is missing; a build into a repository with immutable tags needs a unique tag per build");
    });
});

describe("Network", () => {
    async function net(args: ConstructorParameters<typeof Network>[1]) {
        const { resources, result } = await runInMocks(() => new Network("net", args));
        const subnets = await new Promise<string[]>((r) => result.taskSubnetIds.apply(r));
        return { resources, result, subnets };
    }

    it("without NAT, runs tasks in public subnets with a public IP (they can still pull images)", async () => {
        const { resources, result, subnets } = await net({ nat: "none" });
        const vpc = one(resources, "awsx:ec2:Vpc");
        assert.deepStrictEqual(vpc.inputs.natGateways, { strategy: "None" });
        assert.deepStrictEqual(vpc.inputs.subnetSpecs, [{ type: "Public", cidrMask: 22 }]);
        assert.strictEqual(result.assignPublicIp, true);
        assert.deepStrictEqual(subnets, ["subnet-public-0", "subnet-public-1"]);
    });

    it("with a NAT per AZ, runs tasks privately", async () => {
        const { resources, result, subnets } = await net({ nat: "perAz", availabilityZones: 3 });
        const vpc = one(resources, "awsx:ec2:Vpc");
        assert.deepStrictEqual([vpc.inputs.natGateways, vpc.inputs.numberOfAvailabilityZones], [{ strategy: "OnePerAz" }, 3]);
        assert.strictEqual(result.assignPublicIp, false);
        assert.deepStrictEqual(subnets, ["subnet-private-0", "subnet-private-1", "subnet-private-2"]);
    });

    it("with endpoints and no NAT, runs tasks in isolated subnets with ECR, logs and secrets endpoints", async () => {
        const { resources, result, subnets } = await net({ nat: "none", vpcEndpoints: true });
        assert.strictEqual(result.assignPublicIp, false);
        assert.deepStrictEqual(subnets, ["subnet-isolated-0", "subnet-isolated-1"]);
        const endpoints = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint");
        assert.deepStrictEqual(
            endpoints.map((e) => [e.inputs.serviceName, e.inputs.vpcEndpointType]).sort(),
            ["ecr.api", "ecr.dkr", "logs", "s3", "secretsmanager", "sqs", "ssm", "ssmmessages"].map((s) => [`com.amazonaws.us-east-1.${s}`, s === "s3" ? "Gateway" : "Interface"]),
        );
        // Every route table the VPC component made, from the tables themselves: not a lookup by subnet
        // association, which on a first deploy can run before the associations exist and find none.
        assert.deepStrictEqual(one(resources, "aws:ec2/vpcEndpoint:VpcEndpoint", "net-s3").inputs.routeTableIds, ["rtb-public-0", "rtb-public-1", "rtb-isolated-0", "rtb-isolated-1"]);
        for (const e of endpoints.filter((e) => e.inputs.vpcEndpointType === "Interface")) {
            assert.deepStrictEqual([e.inputs.privateDnsEnabled, e.inputs.subnetIds], [true, ["subnet-isolated-0", "subnet-isolated-1"]]);
        }
        const sg = one(resources, "aws:ec2/securityGroup:SecurityGroup");
        assert.deepStrictEqual(sg.inputs.ingress.map((i: any) => [i.fromPort, i.cidrBlocks]), [[443, ["10.0.0.0/16"]]]);
    });

    it("looks up an adopted VPC's route tables by subnet, which exist already", async () => {
        const { resources } = await net({ vpcId: "vpc-1", publicSubnetIds: ["p1", "p2"], privateSubnetIds: ["q1", "q2"], nat: "existing", vpcEndpoints: true });
        assert.deepStrictEqual(one(resources, "aws:ec2/vpcEndpoint:VpcEndpoint", "net-s3").inputs.routeTableIds, ["rtb-0", "rtb-1"]);
    });

    it("adopts an existing VPC and its private subnets behind an existing NAT", async () => {
        const { resources, result, subnets } = await net({ vpcId: "vpc-1", publicSubnetIds: ["p1", "p2"], privateSubnetIds: ["q1", "q2"], nat: "existing" });
        assert.strictEqual(ofType(resources, "awsx:ec2:Vpc").length, 0);
        assert.strictEqual(result.assignPublicIp, false);
        assert.deepStrictEqual(subnets, ["q1", "q2"]);
    });

    it("never produces private tasks that cannot pull images", () => {
        throwsValidation(
            () => new Network("n1", { vpcId: "vpc-1", publicSubnetIds: ["p1", "p2"], privateSubnetIds: ["q1"] }),
            "privateSubnetIds: is set, but nothing lets tasks there pull images (no NAT, no endpoints: the CannotPullContainer trap)",
        );
        throwsValidation(() => new Network("n2", { vpcId: "vpc-1", publicSubnetIds: ["p1", "p2"], nat: "existing" }), 'privateSubnetIds: is empty, but the tasks are to run privately (nat "existing" or vpcEndpoints)');
        throwsValidation(() => new Network("n3", { vpcId: "vpc-1", publicSubnetIds: ["p1", "p2"], privateSubnetIds: ["q1"], nat: "single" }), 'nat: is "single", but NAT gateways and instances are only created in a new VPC');
        throwsValidation(() => new Network("n4", { nat: "existing" }), 'nat: is "existing", which describes an adopted VPC');
        throwsValidation(() => new Network("n5", { vpcId: "vpc-1", publicSubnetIds: ["p1"] }), "publicSubnetIds: has 1 subnet(s); an adopted VPC needs at least 2 public subnets");
        throwsValidation(() => new Network("n6", { privateSubnetIds: ["q1"] }), "privateSubnetIds: is set without vpcId");
        throwsValidation(() => new Network("n7", { availabilityZones: 1 }), "availabilityZones: is 1; allowed: a whole number from 2 to 6");
        throwsValidation(() => new Network("n8", { cidrBlock: "10.0.0.0/8" }), 'cidrBlock: is "10.0.0.0/8"; allowed: an IPv4 CIDR from /16 to /24');
    });
});

describe("Cluster", () => {
    it("enables Container Insights, both Fargate capacity providers and logged ECS Exec", async () => {
        const { resources } = await runInMocks(() => new Cluster("c", { protect: true }));
        const cluster = one(resources, "aws:ecs/cluster:Cluster");
        assert.deepStrictEqual(cluster.inputs.settings, [{ name: "containerInsights", value: "enabled" }]);
        assert.deepStrictEqual(cluster.inputs.configuration.executeCommandConfiguration, {
            logging: "OVERRIDE",
            logConfiguration: { cloudWatchLogGroupName: "/ecs/fargate-kit-test/c/exec", cloudWatchEncryptionEnabled: false },
        });
        assert.deepStrictEqual(one(resources, "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").inputs.capacityProviders, ["FARGATE", "FARGATE_SPOT"]);
        const logs = one(resources, "aws:cloudwatch/logGroup:LogGroup");
        // Production mode keeps exec session logs a year (CloudWatch.16).
        assert.deepStrictEqual([logs.inputs.retentionInDays, logs.protect, logs.retainOnDelete], [365, true, true]);
    });

    it("rejects an unknown Container Insights mode", () => {
        throwsValidation(() => new Cluster("c2", { containerInsights: "on" as never }), 'Cluster "c2": containerInsights: is "on"; allowed: "enabled", "enhanced", "disabled"');
    });
});
