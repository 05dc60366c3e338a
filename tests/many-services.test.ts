/**
 * Many services on one stack (examples/stacks/Pulumi.multi.yaml): web services on one load
 * balancer by host and path, a plain worker and an SQS worker, producers, tags.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { loadStackConfig } from "../stack/config";
import { ProgramRun, readStackFiles, runProgram } from "../tools/mock-runtime";
import { buildPlan, summarize } from "../plan/plan";
import { evaluateControls } from "../plan/controls";
import { bothStacks, containerDefs, ofType, one, statements, throwsValidation } from "./support";

const root = path.join(__dirname, "..");
const MULTI = path.join(root, "examples", "stacks", "Pulumi.multi.yaml");
const TAG = { "fargate-kit:imageTag": "3f2c1ab" };

/** Whether @pulumi/aws lets a resource type carry tags (its Args have `tags`). */
function taggable(type: string): boolean {
    const m = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):(\w+)$/.exec(type);
    if (!m) return false;
    const file = path.join(root, "node_modules", "@pulumi", "aws", m[1], `${m[2]}.d.ts`);
    const source = fs.readFileSync(file, "utf8");
    const args = source.slice(source.indexOf(`export interface ${m[3]}Args {`));
    return /\n {4}tags\?: pulumi\.Input</.test(args.slice(0, args.indexOf("\n}")));
}

describe("many services on one stack", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram({ stack: "multi", stackFile: MULTI, overrides: TAG });
    });
    const rule = (name: string) => one(run.resources, "aws:lb/listenerRule:ListenerRule", `${name}-route`);

    it("puts every web service on one load balancer, routed by host and path, with one default", () => {
        assert.strictEqual(ofType(run.resources, "aws:lb/loadBalancer:LoadBalancer").length, 1);
        const listener = one(run.resources, "aws:lb/listener:Listener", "app-https");
        for (const name of ["storefront", "admin", "api"]) assert.strictEqual(rule(name).inputs.listenerArn, "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/50dc6c495c0c9188/app-https", name);
        assert.deepStrictEqual(listener.inputs.defaultActions[0].fixedResponse.statusCode, "404");
        assert.deepStrictEqual(rule("admin").inputs.conditions, [{ hostHeader: { values: ["admin.example.com"] } }]);
        assert.deepStrictEqual(rule("api").inputs.conditions, [{ hostHeader: { values: ["shop.example.com"] } }, { pathPattern: { values: ["/api/*"] } }]);
        // The default takes everything else, last.
        assert.deepStrictEqual([rule("storefront").inputs.conditions, rule("storefront").inputs.priority], [[{ pathPattern: { values: ["/*"] } }], 50000]);
        // Host and path before host-only: /api/* on the storefront's host reaches the API.
        assert.ok(rule("api").inputs.priority < rule("admin").inputs.priority && rule("admin").inputs.priority < 50000);
        for (const name of ["storefront", "admin", "api"]) {
            const tg = one(run.resources, "aws:lb/targetGroup:TargetGroup", `${name}-tg`);
            assert.strictEqual(rule(name).inputs.actions[0].targetGroupArn, `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${tg.inputs.name}/943f017f100becff`);
            assert.strictEqual(tg.parent, `fargate-kit:index:FargateWebService::${name}`);
        }
    });

    it("serves HTTPS for every host on one certificate, each with its alias record", () => {
        const cert = one(run.resources, "aws:acm/certificate:Certificate");
        assert.deepStrictEqual([cert.inputs.domainName, cert.inputs.subjectAlternativeNames], ["shop.example.com", ["www.example.com", "admin.example.com"]]);
        const aliases = ofType(run.resources, "aws:route53/record:Record").filter((r) => r.inputs.type === "A").map((r) => r.inputs.name).sort();
        assert.deepStrictEqual(aliases, ["admin.example.com", "shop.example.com", "www.example.com"]);
        assert.strictEqual(ofType(run.resources, "aws:route53/record:Record").filter((r) => r.inputs.type === "CNAME").length, 3);
        assert.strictEqual(run.outputs.url, "https://shop.example.com");
        assert.deepStrictEqual(Object.keys(run.outputs.webServices as object).sort(), ["admin", "api", "storefront"]);
    });

    it("lets each service's tasks admit only the load balancer, on their own port", () => {
        for (const name of ["storefront", "admin", "api"]) {
            const fromLb = one(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `${name}-tasks-from-lb`);
            assert.deepStrictEqual([fromLb.inputs.securityGroupId, fromLb.inputs.referencedSecurityGroupId, fromLb.inputs.fromPort], [`${name}-tasks-id`, "app-lb-id", 3000]);
            const toTasks = one(run.resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", `${name}-lb-to-tasks`);
            assert.deepStrictEqual([toTasks.inputs.securityGroupId, toTasks.inputs.referencedSecurityGroupId, toTasks.inputs.toPort], ["app-lb-id", `${name}-tasks-id`, 3000]);
            assert.strictEqual(one(run.resources, "aws:ec2/securityGroup:SecurityGroup", `${name}-tasks`).inputs.ingress, undefined);
        }
        assert.deepStrictEqual(evaluateControls(run.resources).filter((c) => c.status === "fail").map((c) => c.id), ["ELB.6"], "only the protect: false opt-out: access logs and a year of logs stay on unless turned off");
    });

    it("runs a worker without a queue: no SQS, at least one task, CPU scaling, a not-running alarm", () => {
        const sidekiq = run.resources.filter((r) => r.parent === "fargate-kit:index:Worker::sidekiq");
        assert.deepStrictEqual(sidekiq.filter((r) => r.type.startsWith("aws:sqs")), []);
        const svc = one(run.resources, "aws:ecs/service:Service", "sidekiq");
        assert.deepStrictEqual([svc.inputs.desiredCount, svc.inputs.deploymentCircuitBreaker, svc.inputs.loadBalancers], [1, { enable: true, rollback: true }, undefined]);
        const policy = one(run.resources, "aws:appautoscaling/policy:Policy", "sidekiq-cpu").inputs.targetTrackingScalingPolicyConfiguration;
        assert.deepStrictEqual([policy.targetValue, policy.predefinedMetricSpecification.predefinedMetricType], [70, "ECSServiceAverageCPUUtilization"]);
        assert.deepStrictEqual([one(run.resources, "aws:appautoscaling/target:Target", "sidekiq-scaling").inputs.minCapacity, one(run.resources, "aws:appautoscaling/target:Target", "sidekiq-scaling").inputs.maxCapacity], [1, 3]);
        assert.ok(one(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm", "sidekiq-not-running"));
        const [container] = containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "sidekiq-task"));
        assert.deepStrictEqual(container.command, ["bundle", "exec", "sidekiq", "-t", "25"]);
        assert.ok(!container.environment.some((e: any) => /QUEUE/.test(e.name)), "no queue variables");
        assert.strictEqual(container.stopTimeout, 30);
    });

    it("keeps an SQS worker's queue and wires it to the services that name it in sendsTo", () => {
        assert.deepStrictEqual(ofType(run.resources, "aws:sqs/queue:Queue").map((q) => q.name).sort(), ["mailer-dlq", "mailer-queue"]);
        const queueArn = "arn:aws:sqs:us-east-1:123456789012:fargate-kit-multi-mailer";
        for (const name of ["storefront", "api"]) {
            const [rails] = containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", `${name}-task`));
            assert.deepStrictEqual(rails.environment.find((e: any) => e.name === "MAIL_QUEUE_URL"), { name: "MAIL_QUEUE_URL", value: "https://sqs.us-east-1.amazonaws.com/123456789012/fargate-kit-multi-mailer" });
            const send = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", `${name}-task`).inputs.policy).find((s) => s.Action.includes("sqs:SendMessage"));
            assert.deepStrictEqual(send?.Resource, [queueArn], name);
        }
        // The admin names no queue: no variables, no permission.
        assert.ok(!containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "admin-task"))[0].environment.some((e: any) => e.name === "MAIL_QUEUE_URL"));
        assert.strictEqual(run.resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "admin-task").length, 0);
    });

    it("tags every taggable resource with the app and stack, and a service's with the service, merged with user tags", async () => {
        const untagged: string[] = [];
        const { prod } = await bothStacks();
        for (const r of prod.resources.filter((x) => taggable(x.type))) {
            if (r.inputs.tags?.app !== "fargate-kit" || r.inputs.tags?.stack !== "prod") untagged.push(`prod ${r.type} ${r.name}`);
        }
        for (const r of run.resources.filter((x) => taggable(x.type))) {
            const tags = r.inputs.tags ?? {};
            if (tags.app !== "fargate-kit" || tags.stack !== "multi" || tags.team !== "shop") untagged.push(`${r.type} ${r.name}`);
            const service = /^fargate-kit:index:(FargateWebService|QueueWorker|Worker)::(.+)$/.exec(r.parent ?? "")?.[2];
            if (service && tags.service !== service) untagged.push(`${r.type} ${r.name}: service ${tags.service}`);
        }
        assert.deepStrictEqual(untagged, []);
        assert.ok(taggable("aws:lb/listenerRule:ListenerRule") && !taggable("aws:iam/rolePolicy:RolePolicy"), "the taggable check reads the provider's types");
        assert.strictEqual(one(run.resources, "aws:ecs/service:Service", "admin").inputs.tags.audience, "internal");
        assert.strictEqual(one(run.resources, "aws:ecs/service:Service", "api").inputs.tags.audience, undefined);
    });

    it("alarms when a web service's tasks keep failing to run", () => {
        for (const name of ["storefront", "admin", "api"]) assert.ok(one(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm", `${name}-not-running`));
    });

    it("plans every service with its route and cost, the load balancer priced once", () => {
        const plan = buildPlan(run);
        assert.strictEqual(plan.estimate.lines.filter((l) => l.item.startsWith("Load balancer")).length, 1);
        for (const name of ["storefront", "admin", "api", "sidekiq", "mailer"]) assert.ok(plan.estimate.lines.some((l) => l.item.startsWith(`Fargate ${name}:`)), name);
        const text = summarize(plan, run);
        assert.match(text, /admin .*\n +routes: host admin\.example\.com · priority \d+\n/);
        assert.match(text, /api .*\n +routes: host shop\.example\.com \+ path \/api\/\* · priority \d+\n/);
        assert.match(text, /storefront .*\n +routes: every request no other rule takes \(default\) · priority 50000\n/);
    });
});

describe("many services: what is refused", () => {
    const multi = () => readStackFiles(root, "multi", {}, MULTI).config;
    const load = (patch: Record<string, unknown>) => {
        const raw = { ...multi() };
        for (const [k, v] of Object.entries(patch)) raw[k] = JSON.stringify(v);
        return loadStackConfig(raw, {}, "fargate-kit", "multi", () => false);
    };
    const webServices = () => JSON.parse(multi()["fargate-kit:webServices"]);
    const workers = () => JSON.parse(multi()["fargate-kit:workers"]);

    it("refuses two services on the same requests, two defaults, and a host outside the zone", () => {
        const two = webServices();
        Object.assign(two.admin, { domainName: "shop.example.com", paths: ["/api/*"] });
        throwsValidation(() => load({ "fargate-kit:webServices": two }), 'fargate-kit:webServices.api.paths: routes the same requests as "admin" ("shop.example.com", "/api/*"); give them different hosts or paths');
        const defaults = webServices();
        defaults.admin.default = true;
        throwsValidation(() => load({ "fargate-kit:webServices": defaults }), 'fargate-kit:webServices.admin.default: is true, but "storefront" already takes the requests no other rule matches; only one service can be the default');
        const outside = webServices();
        outside.admin.domainName = "admin.example.org";
        throwsValidation(() => load({ "fargate-kit:webServices": outside }), 'fargate-kit:webServices.admin.domainName: is "admin.example.org", which is outside the zone "example.com" (fargate-kit:loadBalancer.hostedZoneName)');
        const noRoute = webServices();
        delete noRoute.admin.domainName;
        throwsValidation(() => load({ "fargate-kit:webServices": noRoute }), "fargate-kit:webServices.admin.paths: are not set, and neither are domainName or aliases");
    });

    it("refuses a worker without a command, queue settings on a plain worker, and sendsTo a worker without a queue", () => {
        const w = workers();
        delete w.sidekiq.task.containers[0].command;
        throwsValidation(() => load({ "fargate-kit:workers": w }), 'fargate-kit:workers.sidekiq.task.containers[0].command: is missing; container "sidekiq" would run the default command of the app image, which web service "storefront" serves: the web app, not a worker');
        const q = workers();
        q.sidekiq.maxJobSeconds = 60;
        throwsValidation(() => load({ "fargate-kit:workers": q }), "fargate-kit:workers.sidekiq.maxJobSeconds: applies to a worker on an SQS queue; this one has queue: false");
        const web = webServices();
        web.admin.sendsTo = ["sidekiq"];
        throwsValidation(() => load({ "fargate-kit:webServices": web }), 'fargate-kit:webServices.admin.sendsTo[0]: is "sidekiq", a worker without a queue (queue: false): there is nothing to send to');
        web.admin.sendsTo = ["mailr"];
        throwsValidation(() => load({ "fargate-kit:webServices": web }), 'fargate-kit:webServices.admin.sendsTo[0]: is "mailr", which is not a worker of this stack; workers: "sidekiq", "mailer"');
    });

    it("refuses two queues whose variables would collide in one producer", () => {
        const w = workers();
        w.mail2 = { ...w.mailer };
        const web = webServices();
        web.storefront.sendsTo = ["mailer", "mail2"];
        throwsValidation(() => load({ "fargate-kit:workers": w, "fargate-kit:webServices": web }), 'fargate-kit:webServices.storefront.sendsTo[1]: is "mail2", whose queue variables MAIL_QUEUE_URL and MAIL_QUEUE_NAME are also "mailer"\'s; set queueUrlVariable and queueNameVariable on "mail2" (e.g. MAIL2_QUEUE_URL and MAIL2_QUEUE_NAME)');
    });

    it("still reads the single-service keys of 0.1, and says how to migrate", () => {
        const config = loadStackConfig(
            {
                "aws:region": "us-east-1",
                "fargate-kit:web": JSON.stringify({ domainName: "app.example.com", hostedZoneName: "example.com", task: { cpu: 256, memory: 512, containers: [{ name: "web", ports: [80] }] } }),
                "fargate-kit:worker": JSON.stringify({ task: { cpu: 256, memory: 512, containers: [{ name: "worker", command: ["work"] }] } }),
            },
            {},
            "fargate-kit",
            "stage",
            () => false,
        );
        assert.deepStrictEqual(Object.keys(config.webServices), ["web"]);
        assert.deepStrictEqual([config.webServices.web.default, config.webServices.web.sendsTo, config.loadBalancer.hostedZoneName], [true, ["worker"], "example.com"]);
        assert.deepStrictEqual(Object.keys(config.workers), ["worker"]);
        assert.match(config.warnings[0], /^fargate-kit:web and fargate-kit:worker use the single-service shape; it is read as fargate-kit:webServices\.web and fargate-kit:workers\.worker\./);
    });
});

describe("physical names and rule priorities", () => {
    it("names what shows in the console after the app and the stack, within AWS's limits", async () => {
        const run = await runProgram({ stack: "multi", stackFile: MULTI, overrides: TAG });
        const named = (type: string, name: string, key = "name") => one(run.resources, type, name).inputs[key] as string;
        assert.strictEqual(named("aws:ecs/cluster:Cluster", "app"), "fargate-kit-multi-app");
        assert.strictEqual(named("aws:lb/loadBalancer:LoadBalancer", "app-lb"), "fargate-kit-multi-app");
        assert.strictEqual(named("aws:sqs/queue:Queue", "mailer-queue"), "fargate-kit-multi-mailer");
        assert.strictEqual(named("aws:ecr/repository:Repository", "app"), "fargate-kit-multi-app");
        assert.strictEqual(named("aws:cloudwatch/metricAlarm:MetricAlarm", "admin-5xx"), "fargate-kit-multi-admin-5xx");
        assert.strictEqual(named("aws:iam/role:Role", "admin-task", "namePrefix"), "fargate-kit-multi-admin-task-");
        assert.strictEqual(named("aws:ec2/securityGroup:SecurityGroup", "admin-tasks", "namePrefix"), "fargate-kit-multi-admin-tasks-");
        for (const tg of ofType(run.resources, "aws:lb/targetGroup:TargetGroup")) {
            assert.ok(tg.inputs.name.length <= 32 && tg.inputs.name.startsWith("fargate-kit-multi-"), tg.inputs.name);
        }
        for (const role of ofType(run.resources, "aws:iam/role:Role")) assert.ok(role.inputs.namePrefix.length <= 38, role.inputs.namePrefix);
    });

    it("gives a replaced target group a new name, so it can exist beside the old one", () => {
        const { physicalName } = require("../components/internal/names");
        const a = physicalName("web-tg", { max: 32, replaceOn: "3000/HTTP/ip/vpc-1" });
        assert.notStrictEqual(a, physicalName("web-tg", { max: 32, replaceOn: "8080/HTTP/ip/vpc-1" }));
        assert.strictEqual(a, physicalName("web-tg", { max: 32, replaceOn: "3000/HTTP/ip/vpc-1" }));
        const long = physicalName("a-very-long-service-name-for-a-target-group", { max: 32 });
        assert.ok(long.length <= 32 && /^fargate-kit-[a-z]+-a-very-[a-z-]*[0-9a-f]{6}$/.test(long), long);
    });

    it("derives a distinct, stable priority for 200 host-only services", () => {
        const { assignPriority } = require("../components/internal/routing");
        const routes = Array.from({ length: 200 }, (_, i) => ({ service: `s${i}`, hosts: [`s${i}.example.com`], paths: [], isDefault: false }));
        const taken = new Set<number>();
        const first = routes.map((r) => {
            const p = assignPriority(r, taken);
            taken.add(p);
            return p;
        });
        assert.strictEqual(new Set(first).size, 200);
        assert.ok(first.every((p) => p >= 20000 && p < 30000));
        // Adding a service does not move the others (none of them collided with it).
        assert.strictEqual(assignPriority(routes[7], new Set()), first[7]);
    });
});

describe("the library's shared load balancer", () => {
    it("lets web services join a load balancer made elsewhere, creating only their own rules", async () => {
        const aws = require("@pulumi/aws");
        const { SharedLoadBalancer } = require("../components/platform/load-balancer");
        const { FargateWebService } = require("../components/services/web-service");
        const { runInMocks } = require("../tools/mock-runtime");
        const listenerArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/1234567890abcdef/fedcba0987654321";
        const run = await runInMocks(() => {
            const cluster = new aws.ecs.Cluster("cluster", {});
            const lb = new SharedLoadBalancer("edge", {
                vpcId: "vpc-1",
                subnetIds: [],
                domainNames: ["shop.example.com"],
                adopt: { loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/edge/1234567890abcdef", listenerArn, securityGroupId: "sg-0a1b2c3d4e5f60718", https: true },
            });
            const task = { image: "nginx:1.27", cpu: 256, memory: 512, containers: [{ name: "web", ports: [{ containerPort: 8080 }] }] };
            const placement = { cluster, vpcId: "vpc-1", subnetIds: ["a", "b"], loadBalancer: lb, task };
            new FargateWebService("shop", { ...placement, domainName: "shop.example.com", defaultRoute: true });
            new FargateWebService("api", { ...placement, domainName: "shop.example.com", paths: ["/api/*"] });
        });
        // Read, never created: no load balancer, listener or group of its own.
        for (const type of ["aws:lb/loadBalancer:LoadBalancer", "aws:lb/listener:Listener", "aws:ec2/securityGroup:SecurityGroup"]) {
            assert.ok(run.resources.filter((r: any) => r.type === type && r.parent === "fargate-kit:index:SharedLoadBalancer::edge").every((r: any) => r.custom && r.inputs && !("loadBalancerType" in r.inputs)), type);
        }
        const rules = run.resources.filter((r: any) => r.type === "aws:lb/listenerRule:ListenerRule");
        assert.deepStrictEqual(rules.map((r: any) => [r.name, r.inputs.listenerArn]), [["shop-route", listenerArn], ["api-route", listenerArn]]);
        const egress = run.resources.filter((r: any) => r.type === "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r: any) => r.inputs.securityGroupId);
        assert.deepStrictEqual(egress, ["sg-0a1b2c3d4e5f60718", "sg-0a1b2c3d4e5f60718"]);
        assert.strictEqual(run.resources.filter((r: any) => r.type === "aws:acm/certificate:Certificate").length, 0);
    });

    it("refuses a second default and an overlapping route at construction, naming the service", async () => {
        const aws = require("@pulumi/aws");
        const { SharedLoadBalancer } = require("../components/platform/load-balancer");
        const { FargateWebService } = require("../components/services/web-service");
        const { runInMocks } = require("../tools/mock-runtime");
        await runInMocks(() => {
            const cluster = new aws.ecs.Cluster("cluster", {});
            const lb = new SharedLoadBalancer("app", { vpcId: "vpc-1", subnetIds: ["c", "d"] });
            const task = { image: "nginx:1.27", cpu: 256, memory: 512, containers: [{ name: "web", ports: [{ containerPort: 8080 }] }] };
            const placement = { cluster, vpcId: "vpc-1", subnetIds: ["a", "b"], loadBalancer: lb, task };
            new FargateWebService("one", { ...placement, defaultRoute: true });
            throwsValidation(() => new FargateWebService("two", { ...placement, defaultRoute: true }), 'FargateWebService "two": default: is true, but "one" already takes the requests no other rule matches');
            new FargateWebService("api", { ...placement, paths: ["/api/*"] });
            throwsValidation(() => new FargateWebService("api2", { ...placement, paths: ["/api/*"] }), 'FargateWebService "api2": paths: routes the same requests as "api" ("/api/*")');
        });
    });
});
