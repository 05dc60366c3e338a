/**
 * A Django help-desk written from scratch (examples/stacks/Pulumi.django.yaml, us-east-1): gunicorn
 * and daphne in one task, daphne's websockets under /ws/* as an additional target; Celery on Redis
 * as a plain worker, celery beat as a singleton, Flower on its own image under /flower/* with basic
 * auth, Postgres on an RDS instance under the names Django settings read.
 */
import * as assert from "assert";
import * as path from "path";
import { ProgramRun, runProgram } from "../tools/mock-runtime";
import { containerDefs, ofType, one } from "./support";
import { estimateRollouts } from "../plan/plan";

const FILE = path.join(__dirname, "..", "examples", "stacks", "Pulumi.django.yaml");

describe("a Django app from scratch (examples/stacks/Pulumi.django.yaml)", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram({ stack: "django", stackFile: FILE, overrides: { "fargate-kit:imageTag": "5d41402" } });
    });
    const containers = (service: string) => containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", `${service}-task`));

    it("sends /ws/* on the site's host to daphne's port, everything else to gunicorn", () => {
        const ws = one(run.resources, "aws:lb/listenerRule:ListenerRule", "web-live-route").inputs;
        assert.deepStrictEqual(ws.conditions, [{ hostHeader: { values: ["desk.harborlight.io"] } }, { pathPattern: { values: ["/ws/*"] } }]);
        assert.strictEqual(one(run.resources, "aws:lb/listenerRule:ListenerRule", "web-route").inputs.priority, 50000);
        const lbs = one(run.resources, "aws:ecs/service:Service", "web").inputs.loadBalancers;
        assert.deepStrictEqual(lbs.map((l: any) => [l.containerName, l.containerPort]), [["gunicorn", 8000], ["daphne", 8001]]);
        const group = one(run.resources, "aws:lb/targetGroup:TargetGroup", "web-live-tg").inputs;
        assert.deepStrictEqual([group.port, group.healthCheck.path, group.healthCheck.matcher, group.deregistrationDelay], [8001, "/ws/healthz/", "200", 45]);
    });

    it("routes Flower by host and path ahead of the web's catch-all; its tasks get basic auth by full ARN", () => {
        const flower = one(run.resources, "aws:lb/listenerRule:ListenerRule", "flower-route").inputs;
        assert.deepStrictEqual(flower.conditions, [{ hostHeader: { values: ["desk.harborlight.io"] } }, { pathPattern: { values: ["/flower", "/flower/*"] } }]);
        const c = containers("flower")[0];
        assert.strictEqual(c.image, "mher/flower:2.0.1");
        const auth = c.secrets.find((s: { name: string }) => s.name === "FLOWER_BASIC_AUTH");
        assert.match(auth.valueFrom, /^arn:aws:secretsmanager:us-east-1:\d{12}:secret:harborlight\/prod\/flower-[A-Za-z0-9]{6}:basic_auth::$/);
        assert.deepStrictEqual([c.entryPoint, c.command[0].startsWith("exec celery --broker=\"rediss://$REDIS_HOST:$REDIS_PORT/0?ssl_cert_reqs=required\"")], [["sh", "-c"], true]);
    });

    it("runs celery beat as a singleton and Celery without SQS", () => {
        const beat = one(run.resources, "aws:ecs/service:Service", "beat").inputs;
        assert.deepStrictEqual([beat.deploymentMinimumHealthyPercent, beat.deploymentMaximumPercent, beat.desiredCount], [0, 100, 1]);
        assert.strictEqual(ofType(run.resources, "aws:sqs/queue:Queue").filter((q) => q.name.startsWith("celery")).length, 0);
    });

    it("hands Postgres to Django under its own names, and Redis to the services that named it", () => {
        const env = (c: any) => Object.fromEntries((c.environment ?? []).map((e: any) => [e.name, e.value]));
        const gunicorn = containers("web").find((c: any) => c.name === "gunicorn");
        assert.ok(["POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "REDIS_HOST", "REDIS_PORT"].every((k) => env(gunicorn)[k] !== undefined), JSON.stringify(env(gunicorn)));
        assert.deepStrictEqual(gunicorn.secrets.map((s: any) => s.name).sort(), ["DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "POSTGRES_USER"]);
        const flower = containers("flower")[0];
        assert.strictEqual(env(flower).POSTGRES_HOST, undefined, "Flower is not in the database's usedBy");
        // dataStoreVariables: the cache's variables, not the app's environment or secrets.
        assert.ok(env(flower).REDIS_HOST !== undefined && env(flower).DJANGO_SETTINGS_MODULE === undefined, JSON.stringify(env(flower)));
        assert.deepStrictEqual(flower.secrets.map((x: any) => x.name), ["FLOWER_BASIC_AUTH"]);
    });

    it("models the web rollout: 30 s start + 10 s health (both targets' checks) + 45 s drain (maxRequestSeconds)", () => {
        assert.strictEqual(estimateRollouts(run).find((r) => r.service === "web")!.seconds, 85);
    });
});
