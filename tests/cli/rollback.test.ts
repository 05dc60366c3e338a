/** `fargate-kit rollback`: finds the previous tag in earlier task definition revisions, shows the plan, deploys it through pulumi. */
import * as assert from "assert";
import { DescribeTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { cli, fakePrograms } from "./support";
import { REPO, ecs, healthy } from "./mocks";

/** Revisions 12 and 11 run 3f2c1ab (11 was an infrastructure-only change), 10 runs 9e8d7c6. */
function history(tags: Record<number, string> = { 12: "3f2c1ab", 11: "3f2c1ab", 10: "9e8d7c6" }) {
    ecs.on(DescribeTaskDefinitionCommand).callsFake((input) => {
        const rev = Number(String(input.taskDefinition).split(":").pop());
        if (!(rev in tags)) throw Object.assign(new Error("Unable to describe task definition."), { name: "ClientException" });
        return { taskDefinition: { revision: rev, registeredAt: new Date("2026-12-01T10:00:00Z"), containerDefinitions: [{ name: "php", image: `${REPO}:${tags[rev]}`, essential: true }, { name: "nginx", image: "nginx:1.27", essential: true }] } };
    });
}

describe("fargate-kit rollback", () => {
    beforeEach(() => {
        healthy();
        history();
    });

    it("--dry-run: shows the tag it goes back to, where it was found, and the command, and changes nothing", async () => {
        const fakes = fakePrograms();
        const r = await cli(["rollback", "web", "--dry-run", "--stack", "prod"], { fakes });
        assert.strictEqual(r.code, 0, r.stderr);
        assert.strictEqual(
            r.stderr,
            [
                "Roll back stack prod: image tag 3f2c1ab -> 9e8d7c6",
                "  9e8d7c6 is what web ran in fargate-kit-prod-web:10 (registered 2026-12-01T10:00:00.000Z)",
                `  image: ${REPO}:9e8d7c6 (it must still be in the repository: the lifecycle policy keeps the last keepTaggedImages tags)`,
                "  every service runs the app image and goes back with it: web (web service), worker (worker), scheduler (scheduled task)",
                "  the rollout is the usual health-checked one; schema changes made by migrations since are not undone",
                "  will run:",
                "    IMAGE_TAG=9e8d7c6 pulumi up --stack prod --yes",
                "",
            ].join("\n"),
        );
        assert.deepStrictEqual(fakes.calls().map((c) => c.args.slice(0, 2).join(" ")), ["stack output", "config get"]);
    });

    it("--yes: pulumi up with IMAGE_TAG set to the previous tag, and its exit code", async () => {
        const fakes = fakePrograms();
        const r = await cli(["rollback", "--yes", "--stack", "prod"], { fakes });
        assert.strictEqual(r.code, 0, r.stderr);
        const up = fakes.calls().find((c) => c.args[0] === "up")!;
        assert.deepStrictEqual([up.args, up.imageTag], [["up", "--stack", "prod", "--yes"], "9e8d7c6"]);
        assert.match(r.stderr, /rolled back to 9e8d7c6; check it with: fargate-kit status --stack prod\n$/);
        const failing = fakePrograms(require("./support").PROD_OUTPUTS, `case "$1 $2" in "stack output") cat "${require("./support").PROD_OUTPUTS}" ;; "config get") exit 1 ;; *) exit 255 ;; esac`);
        const f = await cli(["rollback", "--yes"], { fakes: failing });
        assert.deepStrictEqual([f.code, f.stderr.split("\n").slice(-2)[0]], [255, "pulumi up exited 255: not rolled back"]);
    });

    it("a stack file that pins imageTag: pulumi config set imageTag first ($IMAGE_TAG would contradict it)", async () => {
        const fakes = fakePrograms(require("./support").PROD_OUTPUTS, `case "$1 $2" in "stack output") cat "${require("./support").PROD_OUTPUTS}" ;; "config get") echo 3f2c1ab ;; *) exit 0 ;; esac`);
        const r = await cli(["rollback", "worker", "--to", "1a2b3c4", "--yes"], { fakes, env: { IMAGE_TAG: "3f2c1ab" } });
        assert.strictEqual(r.code, 0, r.stderr);
        const calls = fakes.calls().map((c) => [c.args.join(" "), c.imageTag]);
        assert.deepStrictEqual(calls.slice(2), [["config set imageTag 1a2b3c4", "3f2c1ab"], ["up --yes", undefined]]);
    });

    it("--json prints the plan; without a terminal and without --yes it refuses", async () => {
        const r = await cli(["rollback", "--json"]);
        assert.strictEqual(r.code, 1);
        assert.deepStrictEqual(JSON.parse(r.stdout), {
            service: "web",
            currentTag: "3f2c1ab",
            targetTag: "9e8d7c6",
            foundIn: "fargate-kit-prod-web:10 (registered 2026-12-01T10:00:00.000Z)",
            image: `${REPO}:9e8d7c6`,
            changes: ["web (web service)", "worker (worker)", "scheduler (scheduled task)"],
            commands: ["IMAGE_TAG=9e8d7c6 pulumi up --yes"],
        });
        assert.strictEqual(r.stderr, "fargate-kit: not rolled back: pass --yes to roll back without a terminal\n");
    });

    it("errors: no earlier tag in the revisions, the same tag, a scheduled task, a bad tag", async () => {
        history({ 12: "3f2c1ab", 11: "3f2c1ab" });
        let r = await cli(["rollback", "--dry-run"]);
        assert.deepStrictEqual([r.code, r.stderr], [1, "fargate-kit: no earlier image tag than 3f2c1ab in the last 30 revisions of fargate-kit-prod-web; name one with --to TAG\n"]);
        r = await cli(["rollback", "--to", "3f2c1ab"]);
        assert.strictEqual(r.stderr, "fargate-kit: 3f2c1ab is already the deployed image tag\n");
        r = await cli(["rollback", "scheduler"]);
        assert.match(r.stderr, /scheduler is a scheduled task; this command takes a web service or worker/);
        r = await cli(["rollback", "--to", "bad tag!"]);
        assert.strictEqual(r.stderr, 'fargate-kit: --to is "bad tag!"; allowed: a Docker tag such as a git SHA\n');
    });
});
