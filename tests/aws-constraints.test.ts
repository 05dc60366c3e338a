import * as assert from "assert";
import { constraintProblems } from "../tools/aws-constraints";
import { RecordedResource } from "../tools/mock-runtime";
import { bothStacks } from "./support";

describe("inputs AWS accepts", () => {
    it("sends only descriptions and names AWS accepts, in both stacks", async () => {
        const { stage, prod } = await bothStacks();
        assert.deepStrictEqual(constraintProblems([...stage.resources, ...prod.resources]), []);
    });

    it("catches the apostrophe EC2 refuses in a rule description", () => {
        const sg = { type: "aws:ec2/securityGroup:SecurityGroup", name: "web-tasks", inputs: { description: "Tasks of web", egress: [{ description: "Image pulls, AWS APIs and the app's own calls" }] } } as unknown as RecordedResource;
        assert.deepStrictEqual(constraintProblems([sg]), ['SecurityGroup web-tasks egress[0].description: "Image pulls, AWS APIs and the app\'s own calls" is not an EC2 rule description']);
    });
});

describe("inputs AWS accepts: target groups", () => {
    it("catches a target group name ELB refuses (over 32, other characters, a hyphen at an end)", () => {
        const tg = (name: string) => ({ type: "aws:lb/targetGroup:TargetGroup", name: "web-tg", inputs: { name } }) as unknown as RecordedResource;
        assert.deepStrictEqual(constraintProblems([tg("fargate-kit-prod-web-tg-879b"), tg("fargate-kit-production-eu-web-tg-879b"), tg("web_tg"), tg("web-tg-")]).length, 3);
    });

    it("keeps the longest service and target names within 32 for the longest stack names", async () => {
        const { runProgram } = (require("../tools/mock-runtime") as typeof import("../tools/mock-runtime"));
        const web = { "customer-portal-eu-web": { domainName: "portal.example.com", task: { cpu: 256, memory: 512, containers: [{ name: "portal", image: "nginx:1.27", ports: [8080, 9000] }] }, additionalTargets: { "operations-dashboard": { containerPort: 9000, paths: ["/ops/*"] } } } };
        const run = await runProgram({ stack: "production-eu-west-blue", overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:webServices": web, "fargate-kit:workers": {}, "fargate-kit:scheduledTasks": {}, "fargate-kit:databases": {}, "fargate-kit:caches": {} }, stackFile: require("path").join(__dirname, "..", "Pulumi.prod.yaml") });
        const names = run.resources.filter((r) => r.type === "aws:lb/targetGroup:TargetGroup").map((r) => r.inputs.name);
        assert.strictEqual(names.length, 2);
        assert.deepStrictEqual(constraintProblems(run.resources), []);
    });
});

describe("inputs AWS accepts: data stores", () => {
    const cluster = (inputs: Record<string, unknown>) => ({ type: "aws:rds/cluster:Cluster", name: "main", inputs }) as unknown as RecordedResource;
    it("catches RDS identifiers AWS refuses, off-grid capacities, and a final snapshot without a name", () => {
        assert.deepStrictEqual(constraintProblems([cluster({ clusterIdentifier: "3d-Shop--main", serverlessv2ScalingConfiguration: { minCapacity: 0.75, maxCapacity: 0.5 }, skipFinalSnapshot: false })]), [
            'Cluster main clusterIdentifier: "3d-Shop--main" is not an RDS cluster identifier',
            "Cluster main serverlessv2ScalingConfiguration.minCapacity: 0.75 is not 0–256 in steps of 0.5",
            "Cluster main serverlessv2ScalingConfiguration.maxCapacity: 0.5 is not 1–256 in steps of 0.5, at least minCapacity",
            "Cluster main finalSnapshotIdentifier: required when skipFinalSnapshot is false (the provider's delete fails without it)",
        ]);
        const cache = { type: "aws:elasticache/serverlessCache:ServerlessCache", name: "main", inputs: { name: "fargate-kit-production-sessions-with-a-long-name" } } as unknown as RecordedResource;
        assert.deepStrictEqual(constraintProblems([cache]), ['ServerlessCache main name: "fargate-kit-production-sessions-with-a-long-name" is not an ElastiCache serverless cache name']);
    });

    it("keeps generated names within them for the longest project and stack names", async () => {
        const { runProgram } = (require("../tools/mock-runtime") as typeof import("../tools/mock-runtime"));
        const run = await runProgram({ stack: "production-eu-west-blue", overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:databases": { "orders-db-primary": { kind: "instance", usedBy: ["web"] } }, "fargate-kit:caches": { "sessions-store-main": { kind: "node", usedBy: ["web"] } } }, stackFile: require("path").join(__dirname, "..", "Pulumi.prod.yaml") });
        assert.deepStrictEqual(constraintProblems(run.resources), []);
    });
});
