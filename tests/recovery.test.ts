/**
 * Nothing is lost when a deploy goes wrong, and every re-run converges: what the program sends so
 * that a port change, a rolled-back deploy and a failed green revision end where a re-run can
 * continue. The engine's and the provider's part is modelled from their source (named at each).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ProgramRun, runProgram } from "../tools/mock-runtime";
import { replacementProblems } from "../tools/provider-rules";
import { one, serviceConfig, withWeb } from "./support";

const root = path.join(__dirname, "..");
const stageWeb = () => serviceConfig("stage", "webServices", "web");
const withPort = (port: number) => {
    const web = stageWeb();
    web.task.containers = web.task.containers.map((c: any) => (c.ports ? { ...c, ports: [port] } : c));
    return web;
};
const run = (web: Record<string, unknown>): Promise<ProgramRun> => runProgram({ stack: "stage", overrides: { "fargate-kit:imageTag": "3f2c1ab", ...withWeb(web) } });

describe("a container-port change", () => {
    let before: ProgramRun;
    let after: ProgramRun;
    it("replaces the target group create-before-delete under a new name, and the listener rule moves to it in place", async () => {
        before = await run(withPort(8080));
        after = await run(withPort(8000));
        const [oldGroup, newGroup] = [one(before.resources, "aws:lb/targetGroup:TargetGroup"), one(after.resources, "aws:lb/targetGroup:TargetGroup")];
        assert.notStrictEqual(oldGroup.inputs.name, newGroup.inputs.name);
        assert.strictEqual(newGroup.deleteBeforeReplace, false);
        assert.deepStrictEqual(replacementProblems(before.resources, after.resources), []);
        // The rule itself: without the option, the bridge deletes the group first, while the rule still forwards to it.
        const providerChoice = after.resources.map((r) => (r.type === "aws:lb/targetGroup:TargetGroup" ? { ...r, deleteBeforeReplace: undefined } : r));
        assert.deepStrictEqual(replacementProblems(before.resources, providerChoice), [
            { resource: "aws:lb/targetGroup:TargetGroup::web-tg", message: "is replaced delete-before-create (an explicit name), and deleting it fails while ListenerRule web-route still uses it" },
        ]);
    });

    it("moves the security-group rules to the new port in place (from_port/to_port are not ForceNew)", () => {
        const rule = (r: ProgramRun) => one(r.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-tasks-from-lb");
        assert.deepStrictEqual([rule(before).inputs.fromPort, rule(after).inputs.fromPort], [8080, 8000]);
        assert.strictEqual(rule(after).deleteBeforeReplace, undefined);
    });
});

describe("a deploy ECS rolled back", () => {
    it("is seen by the next run: every up, preview and destroy refreshes first (Pulumi.yaml options.refresh)", () => {
        const project = YAML.parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8"));
        assert.deepStrictEqual(project.options, { refresh: "always" });
    });

    it("keeps the previous task definition revision registered, for ECS's rollback and a rollback by tag", async () => {
        const stage = await run(stageWeb());
        for (const td of stage.resources.filter((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")) assert.strictEqual(td.inputs.skipDestroy, true, td.name);
    });
});

describe("a green revision that never starts", () => {
    it("trips the circuit breaker with BLUE_GREEN, as with ROLLING; CANARY and LINEAR only when asked", async () => {
        const breaker = async (deployment: Record<string, unknown>) => one((await run({ ...stageWeb(), deployment })).resources, "aws:ecs/service:Service", "web").inputs.deploymentCircuitBreaker;
        assert.deepStrictEqual(await breaker({ strategy: "BLUE_GREEN" }), { enable: true, rollback: true });
        assert.deepStrictEqual(await breaker({ strategy: "CANARY" }), { enable: false, rollback: false });
        assert.deepStrictEqual(await breaker({ strategy: "LINEAR", circuitBreaker: true }), { enable: true, rollback: true });
        assert.deepStrictEqual(await breaker({}), { enable: true, rollback: true });
    });
});
