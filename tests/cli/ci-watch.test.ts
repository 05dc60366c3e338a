/**
 * CI can tell a rolled-back deploy: the CI push role may read the stack's own ECS rollouts (what
 * `fargate-kit wait` calls), and the stack's permissions boundary lets it. Reads only, scoped to
 * clusters named after the stack.
 */
import * as assert from "assert";
import { runProgram } from "../../tools/mock-runtime";
import { authorizationProblems } from "../../tools/iam-check";
import { one, statements } from "../support";
import { WATCH_ROLLOUT_ACTIONS } from "../../components/internal/boundary";

const WATCH = [
    "arn:aws:ecs:us-east-1:123456789012:service/fargate-kit-stage-*/*",
    "arn:aws:ecs:us-east-1:123456789012:service-deployment/fargate-kit-stage-*/*/*",
];

describe("CI watches its deploy's rollouts", function () {
    // One program run under mocks: seconds alone, more on a busy machine.
    this.timeout(120000);
    it("the push role reads the stack's services and service deployments, nothing else of ECS; the boundary allows it", async () => {
        const run = await runProgram({ stack: "stage", overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:app": { ciPush: { provider: "github", repository: "acme/site" } } } });
        const bySid = Object.fromEntries(statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "app-ci-push").inputs.policy).map((s: any) => [s.Sid, s]));
        assert.deepStrictEqual(bySid.WatchRollouts.Action, ["ecs:DescribeServices", "ecs:ListServiceDeployments", "ecs:DescribeServiceDeployments"]);
        assert.deepStrictEqual(bySid.WatchRollouts.Resource, [...WATCH].sort());
        // The cluster the stack creates is one of them.
        assert.match(run.outputs.clusterName as string, /^fargate-kit-stage-/);
        assert.deepStrictEqual(authorizationProblems([bySid.WatchRollouts], "ci push role"), []);
        assert.ok(WATCH_ROLLOUT_ACTIONS.every((a) => /^ecs:(Describe|List)/.test(a)), "reads only");
        const boundary = run.resources.find((r: any) => r.type === "aws:iam/policy:Policy" && /boundary/.test(r.name));
        assert.ok(boundary, "the stage stack file uses Pulumi Deployments, so its roles carry the boundary");
        const watch = statements(boundary!.inputs.policy).find((s: any) => s.Sid === "WatchStackRollouts")!;
        assert.deepStrictEqual([watch.Action, [...watch.Resource].sort()], [WATCH_ROLLOUT_ACTIONS, [...WATCH].sort()]);
    });
});
