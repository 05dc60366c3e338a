import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import * as YAML from "yaml";
import { ProgramRun } from "../tools/mock-runtime";
import { one, bothStacks } from "./support";

const root = path.join(__dirname, "..");

describe("stacks under the harness (the real index.ts)", () => {
    let stage: ProgramRun;
    let prod: ProgramRun;
    before(async () => {
        ({ stage, prod } = await bothStacks());
    });

    it("stage is cheap: no NAT gateway, tasks with public IPs, nothing protected", () => {
        assert.deepStrictEqual(one(stage.resources, "awsx:ec2:Vpc").inputs.natGateways, { strategy: "None" });
        assert.strictEqual(stage.outputs.tasksHavePublicIp, true);
        assert.deepStrictEqual(stage.resources.filter((r) => r.protect).map((r) => r.name), []);
    });

    it("prod is highly available and protects its stateful resources", () => {
        const vpc = one(prod.resources, "awsx:ec2:Vpc");
        assert.deepStrictEqual([vpc.inputs.natGateways, vpc.inputs.numberOfAvailabilityZones], [{ strategy: "OnePerAz" }, 2]);
        assert.strictEqual(prod.outputs.tasksHavePublicIp, false);
        for (const type of ["aws:ecr/repository:Repository", "aws:cloudwatch/logGroup:LogGroup"]) {
            for (const r of prod.resources.filter((x) => x.type === type)) {
                assert.deepStrictEqual([r.name, r.protect, r.retainOnDelete], [r.name, true, true]);
            }
        }
    });

    it("exports the image reference built from the repository and the CI tag", () => {
        assert.strictEqual(prod.outputs.image, "123456789012.dkr.ecr.us-east-1.amazonaws.com/fargate-kit-prod-app:3f2c1ab");
        assert.strictEqual(prod.outputs.clusterName, "fargate-kit-prod-app");
    });

    it("parents every child resource to a fargate-kit component", () => {
        for (const r of [...stage.resources, ...prod.resources]) {
            // Components sit at the top, except a service's own load balancer, which is its child.
            if (r.type.startsWith("fargate-kit:")) assert.ok(r.parent === null || (r.type === "fargate-kit:index:SharedLoadBalancer" && r.parent === `fargate-kit:index:FargateWebService::${r.name}`), r.name);
            // The program's one read of its own last outputs (deployed tag, queue types) sits at the top too.
            else if (r.type === "pulumi:pulumi:StackReference") assert.strictEqual(r.parent, null);
            else assert.ok(r.parent?.startsWith("fargate-kit:index:"), `${r.type} ${r.name} has parent ${r.parent}`);
        }
    });
});

describe("project files", () => {
    it("Pulumi.yaml conforms to Pulumi's project schema and runs index.ts", () => {
        const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "pulumi-project.schema.json"), "utf8"));
        const validate = new Ajv2020({ strict: false }).compile(schema);
        const project: { main?: string } = YAML.parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));
        assert.ok(validate(project), JSON.stringify(validate.errors));
        assert.strictEqual(project.main, "index.ts");
    });

    it("stack files hold only config (and ESC environments)", () => {
        for (const stack of ["stage", "prod"]) {
            const file = YAML.parse(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8"));
            assert.deepStrictEqual(Object.keys(file).filter((k) => !["config", "environment"].includes(k)), []);
        }
    });
});

describe("creation order a real deploy needs", () => {
    let prod: ProgramRun;
    before(async () => {
        ({ prod } = await bothStacks());
    });

    it("services wait for the cluster's capacity providers", () => {
        for (const name of ["web", "worker"]) {
            const svc = prod.resources.find((r) => r.type === "aws:ecs/service:Service" && r.name === name)!;
            assert.ok(svc.dependsOn.includes("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders::app"), `${name}: ${svc.dependsOn.join(", ")}`);
        }
    });

    it("the load balancer turns access logs on only once ELB may write to the bucket", () => {
        const lb = one(prod.resources, "aws:lb/loadBalancer:LoadBalancer");
        assert.ok(lb.dependsOn.includes("aws:s3/bucketPolicy:BucketPolicy::app-lb-logs"), lb.dependsOn.join(", "));
    });

    it("HTTPS waits for the certificate's DNS validation", () => {
        const https = prod.resources.find((r) => r.type === "aws:lb/listener:Listener" && r.name === "app-https")!;
        assert.ok(https.dependsOn.includes("aws:acm/certificateValidation:CertificateValidation::app-cert"), https.dependsOn.join(", "));
    });
});
