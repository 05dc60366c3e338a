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
