/**
 * Every Pulumi language (`pulumi package add`): the package schema Pulumi's analyzer generates,
 * checked against Pulumi's metaschema, and each component constructed through the provider's
 * Construct from inputs serialized as another language sends them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { componentProvider, packageComponents, PACKAGE_ROOT } from "../tools/schema";
import { installMocks, RecordedResource } from "../tools/mock-runtime";

const COMPONENTS = ["Bucket", "BucketEvents", "Cache", "Cluster", "Database", "FargateWebService", "FileSystem", "MigrationGate", "Network", "PulumiDeployments", "QueueDelivery", "QueueWorker", "RegistryRepo", "ScheduledTask", "SharedLoadBalancer", "StandaloneTask", "Topic", "Worker"];
const SIG = "4dabf18193072939515e22adb298388d";
/** A resource reference as it arrives from another language. */
const ref = (urn: string, id: string) => ({ [SIG]: "5cf8f73096256a8f31e491e813e4eb8e", urn, id, packageVersion: "7.48.0" });
/** An output value with its dependencies, as it arrives from another language. */
const out = (value: unknown, dependencies: string[] = []) => ({ [SIG]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", value, dependencies });
const settled = <T>(o: pulumi.Output<T>): Promise<T> => (o as any).promise();

/** What the provider's gRPC Construct does with the request's inputs: decode them with the SDK's own code. */
async function decodeInputs(wire: Record<string, unknown>): Promise<pulumi.Inputs> {
    const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
    const { deserializeInputs } = require("@pulumi/pulumi/provider/server");
    return deserializeInputs(Struct.fromJavaScript(wire), new Map());
}

describe("every Pulumi language: the package schema", () => {
    let schema: any;
    before(async function () {
        this.timeout(60000);
        schema = JSON.parse(await componentProvider().getSchema());
    });

    it("is a component package: PulumiPlugin.yaml, a prepare script that builds the entry, every component exported", () => {
        assert.match(fs.readFileSync(path.join(PACKAGE_ROOT, "PulumiPlugin.yaml"), "utf8"), /^runtime: nodejs$/m);
        const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8"));
        assert.strictEqual(pkg.scripts.prepare, "npm run build");
        // run-plugin requires the package directory (package.json main); the analyzer reads exports["."].default.
        assert.strictEqual(pkg.main, "dist/components/index.js");
        assert.strictEqual(pkg.exports["."].default, "./components/index.ts");
        assert.deepStrictEqual(packageComponents().map((c) => c.name).sort(), COMPONENTS);
        // What run-plugin loads: the package directory itself, built by `prepare` when npm installs it.
        const { getPulumiComponents } = require("@pulumi/pulumi/provider/experimental/provider");
        assert.ok(fs.existsSync(path.join(PACKAGE_ROOT, pkg.main)), `${pkg.main} is missing: npm install runs prepare, which builds it`);
        assert.deepStrictEqual(getPulumiComponents(require(PACKAGE_ROOT)).map((c: { name: string }) => c.name).sort(), COMPONENTS);
        assert.deepStrictEqual(Object.keys(schema.resources).sort(), COMPONENTS.map((c) => `fargate-kit:index:${c}`));
        assert.ok(Object.values(schema.resources).every((r: any) => r.isComponent === true));
    });

    it("is accepted by Pulumi's metaschema, with every local $ref resolved and every required name a property", () => {
        const Ajv = require("ajv/dist/2020").default;
        const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(require("./fixtures/pulumi-package.schema.json"));
        assert.ok(validate(schema), JSON.stringify(validate.errors?.slice(0, 3)));
        const problems: string[] = [];
        const walk = (node: unknown, where: string) => {
            if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
            if (node === null || typeof node !== "object") return;
            const o = node as Record<string, any>;
            if (typeof o.$ref === "string") {
                if (o.$ref.startsWith("#/types/") && !(decodeURIComponent(o.$ref.slice(8)) in schema.types)) problems.push(`${where}: ${o.$ref}`);
                else if (!o.$ref.startsWith("#/types/") && !/^(pulumi\.json#\/\w+|\/aws\/v7\.48\.0\/schema\.json#\/(resources|types)\/aws:[\w%/]+:\w+)$/.test(o.$ref)) problems.push(`${where}: ${o.$ref}`);
            }
            for (const [k, v] of Object.entries(o)) walk(v, `${where}.${k}`);
        };
        walk(schema, "schema");
        const requiredOf = (label: string, required: string[] | undefined, props: Record<string, unknown> | undefined) => {
            for (const r of required ?? []) if (!(r in (props ?? {}))) problems.push(`${label}: required ${r} is not a property`);
        };
        for (const [t, r] of Object.entries<any>(schema.resources)) {
            requiredOf(`${t} inputs`, r.requiredInputs, r.inputProperties);
            requiredOf(`${t} outputs`, r.required, r.properties);
        }
        for (const [t, ty] of Object.entries<any>(schema.types)) requiredOf(t, ty.required, ty.properties);
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(schema.dependencies, [{ name: "aws", version: "7.48.0" }]);
    });

    it("offers the choices as enums, and says each default and each whole number in the descriptions", () => {
        assert.deepStrictEqual(schema.types["fargate-kit:index:DeploymentStrategy"].enum.map((e: any) => e.value), ["ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"]);
        assert.deepStrictEqual(schema.types["fargate-kit:index:NatMode"].enum.map((e: any) => e.value), ["none", "single", "perAz", "instance", "existing"]);
        const web = schema.resources["fargate-kit:index:FargateWebService"].inputProperties;
        assert.strictEqual(web.deployment.$ref, "#/types/fargate-kit:index:WebDeploymentArgs");
        assert.match(schema.types["fargate-kit:index:WebDeploymentArgs"].properties.bakeTimeMinutes.description, /A whole number\.\nDefault: 5\./);
        // Every optional input of a component or type says its default (the analyzer drops @default tags).
        const missing: string[] = [];
        const check = (label: string, props: Record<string, any>, required: string[] = []) => {
            for (const [k, p] of Object.entries(props)) if (!required.includes(k) && !/(^|\n)Default: /.test(p.description ?? "")) missing.push(`${label}.${k}`);
        };
        for (const [t, r] of Object.entries<any>(schema.resources)) check(t, r.inputProperties, r.requiredInputs);
        for (const [t, ty] of Object.entries<any>(schema.types)) if (ty.properties && /Args$|Spec$|Check$|Dependency$|Attachment$/.test(t)) check(t, ty.properties, ty.required);
        assert.deepStrictEqual(missing, []);
    });

    it("names no output like its component (C# CS0542), and passes the cluster output to services as an input", () => {
        for (const [t, r] of Object.entries<any>(schema.resources)) {
            const cls = t.split(":")[2];
            assert.ok(!Object.keys(r.properties ?? {}).some((p) => p.toLowerCase() === cls.toLowerCase()), `${cls} has an output named like itself`);
        }
        assert.strictEqual(schema.resources["fargate-kit:index:Cluster"].properties.ecsCluster.$ref, "/aws/v7.48.0/schema.json#/resources/aws:ecs%2Fcluster:Cluster");
        // Not plain: another language passes `cluster.ecs_cluster` (an Output) as it is.
        for (const c of ["FargateWebService", "QueueWorker", "Worker", "ScheduledTask", "MigrationGate"]) {
            const input = schema.resources[`fargate-kit:index:${c}`].inputProperties.cluster;
            assert.deepStrictEqual([input.$ref, input.plain], ["/aws/v7.48.0/schema.json#/resources/aws:ecs%2Fcluster:Cluster", undefined], c);
        }
    });
});

describe("every Pulumi language: Construct", () => {
    const provider = componentProvider();
    before(async function () {
        this.timeout(60000);
        await provider.getSchema();
    });

    /** A session with a cluster and a load balancer's parts registered, as another program would have them. */
    async function session() {
        const recorded = await installMocks("fargate-kit", "ml", "us-east-1");
        const cluster = new aws.ecs.Cluster("cluster", {});
        const [clusterUrn, clusterId] = await Promise.all([settled(cluster.urn), settled(cluster.id)]);
        return { recorded, cluster, clusterRef: ref(clusterUrn, clusterId), clusterUrn };
    }
    const task = { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:3f2c1ab", cpu: 512, memory: 1024, containers: [{ name: "rails", ports: [{ containerPort: 3000 }], writablePaths: ["/tmp"] }] };
    const settle = () => require("../components/testing").waitForRegistrations();

    it("constructs FargateWebService and QueueWorker from serialized inputs, registering what TypeScript registers", async () => {
        const viaConstruct = await session();
        const inputs = await decodeInputs({
            cluster: viaConstruct.clusterRef,
            vpcId: out("vpc-1"),
            subnetIds: out(["subnet-a", "subnet-b"]),
            loadBalancerSubnetIds: ["subnet-c", "subnet-d"],
            task,
            healthCheck: { path: "/up" },
        });
        const web = await provider.construct("web", "fargate-kit:index:FargateWebService", inputs, {});
        const jobs = await provider.construct("jobs", "fargate-kit:index:QueueWorker", await decodeInputs({ cluster: viaConstruct.clusterRef, vpcId: "vpc-1", subnetIds: ["subnet-a"], task: { ...task, containers: [{ name: "jobs", command: ["bin/jobs"] }] }, maxJobSeconds: 300 }), {});
        await settle();
        assert.strictEqual(await settled(pulumi.output(web.urn)), "urn:pulumi:ml::fargate-kit::fargate-kit:index:FargateWebService::web");
        assert.ok(jobs.state.queueUrl !== undefined && web.state.url !== undefined && web.state.rolloutEstimate !== undefined);
        const service = viaConstruct.recorded.find((r) => r.type === "aws:ecs/service:Service" && r.name === "web")!;
        assert.strictEqual(service.inputs.cluster, "arn:aws:ecs:us-east-1:123456789012:cluster/cluster-0000000");

        const viaTypeScript = await session();
        const { FargateWebService, QueueWorker } = require("../components");
        new FargateWebService("web", { cluster: viaTypeScript.cluster, vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], loadBalancerSubnetIds: ["subnet-c", "subnet-d"], task, healthCheck: { path: "/up" } });
        new QueueWorker("jobs", { cluster: viaTypeScript.cluster, vpcId: "vpc-1", subnetIds: ["subnet-a"], task: { ...task, containers: [{ name: "jobs", command: ["bin/jobs"] }] }, maxJobSeconds: 300 });
        await settle();
        const kinds = (rs: RecordedResource[]) => rs.filter((r) => r.parent !== null).map((r) => `${r.type}::${r.name} < ${r.parent}`).sort();
        assert.deepStrictEqual(kinds(viaConstruct.recorded), kinds(viaTypeScript.recorded));
        assert.ok(kinds(viaConstruct.recorded).length > 30);
    });

    it("constructs every other component from serialized inputs, registering what TypeScript registers", async function () {
        this.timeout(60000);
        const job = { ...task, cpu: 256, memory: 512, containers: [{ name: "job", command: ["bin/job"] }] };
        // Inputs with a `cluster` get the cluster as a resource reference (Construct) or the resource (TypeScript).
        const cases: [string, Record<string, unknown>][] = [
            ["Cluster", { containerInsights: "enabled" }],
            ["Network", { nat: "instance", availabilityZones: 2 }],
            ["RegistryRepo", { imageTag: "3f2c1ab", ciPush: { provider: "github", repository: "acme/app" } }],
            ["Worker", { vpcId: "vpc-1", subnetIds: ["subnet-a"], task: job, scaling: { minTasks: 1, maxTasks: 2 } }],
            ["ScheduledTask", { vpcId: "vpc-1", subnetIds: ["subnet-a"], task: job, schedule: "rate(5 minutes)" }],
            ["MigrationGate", { vpcId: "vpc-1", subnetIds: ["subnet-a"], task: job }],
            ["PulumiDeployments", { organization: "acme", repository: "acme/app" }],
        ];
        const components = require("../components");
        const kinds = (rs: RecordedResource[]) => rs.filter((r) => r.parent !== null && r.name !== "cluster").map((r) => `${r.type}::${r.name} < ${r.parent}`).sort();
        for (const [component, args] of cases) {
            const needsCluster = "task" in args;
            const viaConstruct = await session();
            await provider.construct("x", `fargate-kit:index:${component}`, await decodeInputs({ ...args, ...(needsCluster ? { cluster: viaConstruct.clusterRef, vpcId: out("vpc-1") } : {}) }), {});
            await settle();
            const viaTypeScript = await session();
            new components[component]("x", { ...args, ...(needsCluster ? { cluster: viaTypeScript.cluster } : {}) });
            await settle();
            assert.deepStrictEqual(kinds(viaConstruct.recorded), kinds(viaTypeScript.recorded), component);
            assert.ok(kinds(viaConstruct.recorded).length > 0, component);
        }
    });

    it("joins a SharedLoadBalancer by the parts another language passes (its outputs, as resource references)", async () => {
        const s = await session();
        const lb = await provider.construct("app", "fargate-kit:index:SharedLoadBalancer", await decodeInputs({ vpcId: "vpc-1", subnetIds: ["subnet-c", "subnet-d"] }), {});
        await settle();
        const part = async (key: string) => {
            const r = (await settled(pulumi.output(lb.state[key]))) as pulumi.CustomResource;
            return ref(await settled(r.urn), await settled(r.id));
        };
        const attachment = { loadBalancer: await part("loadBalancer"), listener: await part("listener"), securityGroup: await part("securityGroup"), https: false };
        await provider.construct("api", "fargate-kit:index:FargateWebService", await decodeInputs({ cluster: s.clusterRef, vpcId: "vpc-1", subnetIds: ["subnet-a"], loadBalancer: attachment, paths: ["/api/*"], task }), {});
        await settle();
        const rule = s.recorded.find((r) => r.type === "aws:lb/listenerRule:ListenerRule" && r.name === "api-route")!;
        assert.strictEqual(rule.inputs.listenerArn, "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/50dc6c495c0c9188/app-http");
        assert.deepStrictEqual(rule.inputs.conditions, [{ pathPattern: { values: ["/api/*"] } }]);
        const egress = s.recorded.find((r) => r.type === "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule" && r.name === "api-lb-to-tasks")!;
        assert.strictEqual(egress.inputs.securityGroupId, "app-lb-id");
    });

    it("answers inputs of the wrong shape with the field and what is expected, not a stack trace", async () => {
        const s = await session();
        const attempt = async (wire: Record<string, unknown>) => {
            try {
                await provider.construct("bad", "fargate-kit:index:QueueWorker", await decodeInputs({ cluster: s.clusterRef, vpcId: "vpc-1", subnetIds: ["subnet-a"], ...wire }), {});
                return "constructed";
            } catch (e) {
                return (e as Error).message;
            }
        };
        assert.strictEqual(await attempt({ task: { ...task, cpu: "512" } }), 'QueueWorker "bad": task.cpu: is "512"; allowed Fargate CPU units: 256, 512, 1024, 2048, 4096, 8192, 16384 (1024 = 1 vCPU)');
        assert.match(await attempt({ task: { ...task, cpu: 0.5 } }), /task\.cpu: is 0\.5; allowed Fargate CPU units: .* \(1024 = 1 vCPU — CPU units, not vCPU: 0\.5 vCPU is 512\)/);
        assert.match(await attempt({ task: { ...task, memory: "1GB" } }), /task\.memory: is "1GB"; allowed: MiB as a number, 1024, 2048, 3072, 4096 with cpu 512 \(1 GB is 1024\)/);
        assert.match(await attempt({}), /QueueWorker "bad": task: is missing; expected an object \(FargateTaskSpec: cpu, memory, containers\)/);
        assert.match(await attempt({ task: { ...task, containers: "rails" } }), /task\.containers: is "rails"; expected a list/);
        assert.strictEqual(await attempt({ task, scaling: "3" }), 'QueueWorker "bad": scaling: is "3"; expected an object (scaling settings)');
        assert.strictEqual(await attempt({ task: { ...task, containers: [{ name: "jobs", command: ["bin/jobs"], ports: "3000" }] } }), 'QueueWorker "bad": task.containers[0].ports: is "3000"; expected a list of ports');
        assert.strictEqual(await attempt({ task: { ...task, containers: [{ name: "jobs", command: "bin/jobs" }] } }), 'QueueWorker "bad": task.containers[0].command: is "bin/jobs"; expected a list of strings, e.g. ["bin/worker"]');
        assert.strictEqual(await attempt({ task: { ...task, containers: ["jobs"] } }), 'QueueWorker "bad": task.containers[0]: is "jobs"; expected an object (ContainerSpec: name, image, command, ports, …)');
    });
});
