/**
 * A refused input creates nothing, not even the component: the components validate before they
 * register (a component registered before its check threw would be recorded in whatever program
 * runs next in the process, and in a real program it is a resource Pulumi tracks).
 */
import * as assert from "assert";
import { runInMocks } from "../tools/mock-runtime";

describe("validation comes before any registration", () => {
    it("leaves nothing registered when a component refuses its args", async () => {
        const { Cluster, Database, Cache, PulumiDeployments, RegistryRepo, FileSystem } = require("../components");
        const refused: [string, () => unknown][] = [
            ["Cluster", () => new Cluster("c", { execLogRetentionDays: 45 })],
            ["Database", () => new Database("d", { vpcId: "vpc-1", subnetIds: ["subnet-1"], minCapacity: 0.25 })],
            ["Cache", () => new Cache("k", { vpcId: "vpc-1", subnetIds: ["subnet-1"], maxDataGB: 0 })],
            ["PulumiDeployments", () => new PulumiDeployments("p", { organization: "acme", repository: "shop-infra", vcsProvider: "codecommit" })],
            ["RegistryRepo", () => new RegistryRepo("r", { keepTaggedImages: 0 })],
            ["FileSystem", () => new FileSystem("f", { vpcId: "vpc-1", subnetIds: [], throughputMode: "turbo" })],
        ];
        const { FargateWebService } = require("../components");
        const web = { cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/app", vpcId: "vpc-1", subnetIds: ["subnet-1"], task: { image: "nginx:1.27", cpu: 256, memory: 512, containers: [{ name: "web", ports: [{ containerPort: 8080 }, { containerPort: 9000 }] }] } };
        refused.push(
            ["FargateWebService without subnets", () => new FargateWebService("w", web)],
            ["FargateWebService with a bad target", () => new FargateWebService("w", { ...web, loadBalancerSubnetIds: ["subnet-2"], additionalTargets: [{ name: "admin", containerPort: 9999, paths: ["/admin/*"] }] })],
        );
        for (const [what, make] of refused) {
            const { resources } = await runInMocks(() => {
                assert.throws(make, /is|missing|allowed/, what);
            });
            assert.deepStrictEqual(resources.map((r) => `${r.type}::${r.name}`), [], what);
        }
    });

    it("leaves nothing registered, and claims nothing, when a web service's route clashes on a shared load balancer", async () => {
        const { FargateWebService, SharedLoadBalancer } = require("../components");
        const web = (paths: string[], extra: Record<string, unknown> = {}) => ({ cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/app", vpcId: "vpc-1", subnetIds: ["subnet-1"], paths, ...extra, task: { image: "nginx:1.27", cpu: 256, memory: 512, containers: [{ name: "web", ports: [{ containerPort: 8080 }, { containerPort: 9000 }] }] } });
        let lb: any;
        const { resources } = await runInMocks(() => {
            lb = new SharedLoadBalancer("edge", { vpcId: "vpc-1", subnetIds: ["subnet-1", "subnet-2"] });
            new FargateWebService("shop", { ...web(["/shop/*"]), loadBalancer: lb });
            // Its own route is free, its target's is not: refused whole, before it registers.
            assert.throws(() => new FargateWebService("admin", { ...web(["/admin/*"], { additionalTargets: [{ name: "dash", containerPort: 9000, paths: ["/shop/*"] }] }), loadBalancer: lb }), /additionalTargets\[0\]\.paths: routes the same requests as "shop"/);
            // So /admin/* is still free for the next service.
            new FargateWebService("admin2", { ...web(["/admin/*"]), loadBalancer: lb });
        });
        const components = resources.filter((r) => r.type === "fargate-kit:index:FargateWebService").map((r) => r.name);
        assert.deepStrictEqual(components, ["shop", "admin2"]);
        assert.ok(!resources.some((r) => r.name.startsWith("admin-")), "nothing of the refused service");
    });
});

describe("a container's ports in the library", () => {
    it("refuses the stack file's bare-number shorthand with the object it takes, not a missing port", () => {
        const { FargateWebService } = require("../components");
        const { throwsValidation } = require("./support");
        const args = { cluster: "c", vpcId: "vpc-1", subnetIds: ["subnet-1"], loadBalancerSubnetIds: ["subnet-2"], task: { image: "nginx:1.27", cpu: 256, memory: 512, containers: [{ name: "web", ports: [8080] }] } };
        const e = throwsValidation(() => new FargateWebService("w", args), "task.containers[0].ports[0]: is 8080; expected an object such as { containerPort: 8080 }");
        assert.ok(!e.message.includes("port undefined"), e.message);
    });
});
