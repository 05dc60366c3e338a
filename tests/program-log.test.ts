/**
 * What the program tells the user through `pulumi.log` (the CLI shows it as warnings): recorded
 * by the mock runtime (`run.log`) instead of printed between the test reporter's lines.
 */
import * as assert from "assert";
import { runProgram } from "../tools/mock-runtime";
import { bothStacks } from "./support";

describe("what the program logs", () => {
    it("names the shipped example values pulumi up refuses, in each stack file", async () => {
        const { stage, prod } = await bothStacks();
        assert.deepStrictEqual(stage.log.map((l) => l.severity), ["warning"]);
        assert.match(stage.log[0].message, /^Example values that pulumi up refuses: fargate-kit:deployments\.organization, fargate-kit:deployments\.repository, fargate-kit:app\.ciPush\.repository/);
        assert.strictEqual(prod.log.length, 1);
        assert.match(prod.log[0].message, /^Example values that pulumi up refuses: .*fargate-kit:loadBalancer\.hostedZoneName, fargate-kit:webServices\.web\.domainName/);
    });

    it("says that services wait for an image when no tag is given", async () => {
        const run = await runProgram({ stack: "stage" });
        assert.deepStrictEqual(
            run.log.map((l) => l.message).filter((m) => !m.startsWith("Example values")),
            ["No image tag yet: services are not deployed. Push an image, then deploy with $IMAGE_TAG (or config imageTag) set to its tag."],
        );
        assert.ok(run.log.every((l) => l.severity === "warning"));
    });
});
