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
        for (const [what, make] of refused) {
            const { resources } = await runInMocks(() => {
                assert.throws(make, /is|missing|allowed/, what);
            });
            assert.deepStrictEqual(resources.map((r) => `${r.type}::${r.name}`), [], what);
        }
    });
});
