/**
 * A web service's additional targets: another port of the same tasks behind the load balancer,
 * with its own target group, listener rule, health check, security-group rules and alarms.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { FargateWebService } from "../components/services/web-service";
import { FargateWebServiceArgs } from "../components/services/web-service-args";
import { SharedLoadBalancer } from "../components/platform/load-balancer";
import { ProgramRun, RecordedResource, runInMocks, runProgram } from "../tools/mock-runtime";
import { estimateCost } from "../plan/costs";
import { buildPlan, estimateRollouts, summarize } from "../plan/plan";
import { one, ofType, throwsValidation } from "./support";

const IMAGE = "123456789012.dkr.ecr.eu-central-1.amazonaws.com/shop:2024.11.3";
type Settings = Omit<FargateWebServiceArgs, "cluster" | "vpcId" | "subnetIds" | "loadBalancerSubnetIds">;

/** A Laravel app: nginx on 8080, Reverb (websockets) on 6001, Horizon's dashboard on 9000 behind its own nginx. */
const laravel = (): Settings => ({
    task: {
        image: IMAGE,
        cpu: 1024,
        memory: 2048,
        containers: [
            { name: "nginx", image: "public.ecr.aws/nginx/nginx:1.27", ports: [{ containerPort: 8080 }, { containerPort: 9000 }] },
            { name: "php", ports: [] },
            { name: "reverb", command: ["php", "artisan", "reverb:start", "--port=6001"], ports: [{ containerPort: 6001 }] },
        ],
    },
    containerName: "nginx",
    healthCheck: { path: "/up" },
});
/** The ARN (or ARN suffix) the mocks give a target group ends in its physical name. */
const groupOf = (resources: RecordedResource[], arn: string) => ofType(resources, "aws:lb/targetGroup:TargetGroup").find((tg) => arn.includes(`targetgroup/${tg.inputs.name}/`))?.name;
const placement = () => ({ cluster: new aws.ecs.Cluster("cluster", {}), vpcId: "vpc-0a1b2c3d", subnetIds: ["subnet-private-a", "subnet-private-b"] });

async function own(settings: Settings, name = "shop"): Promise<{ resources: RecordedResource[]; service: FargateWebService }> {
    const run = await runInMocks(() => new FargateWebService(name, { ...settings, ...placement(), loadBalancerSubnetIds: ["subnet-public-a", "subnet-public-b"] }));
    return { resources: run.resources, service: run.result };
}

const withTargets = (): Settings => ({
    ...laravel(),
    domainName: "shop.acme-tools.de",
    hostedZoneName: "acme-tools.de",
    additionalTargets: [
        { name: "horizon", containerPort: 9000, paths: ["/horizon", "/horizon/*"], healthCheck: { path: "/horizon/api/stats", intervalSeconds: 10, healthyThreshold: 3 } },
        { name: "ws", containerPort: 6001, hosts: ["ws.acme-tools.de"], stickiness: { durationSeconds: 600 }, healthCheck: { path: "/", matcher: "200-404" } },
    ],
});

describe("additional targets (another port of the same service)", () => {
    let run: { resources: RecordedResource[]; service: FargateWebService };
    before(async () => {
        run = await own(withTargets());
    });

    it("gives each port a target group of its own, with its health check and the service's drain", () => {
        const horizon = one(run.resources, "aws:lb/targetGroup:TargetGroup", "shop-horizon-tg").inputs;
        assert.deepStrictEqual([horizon.port, horizon.protocol, horizon.targetType, horizon.vpcId, horizon.deregistrationDelay], [9000, "HTTP", "ip", "vpc-0a1b2c3d", 30]);
        assert.deepStrictEqual([horizon.healthCheck.path, horizon.healthCheck.interval, horizon.healthCheck.healthyThreshold, horizon.healthCheck.port], ["/horizon/api/stats", 10, 3, "traffic-port"]);
        const ws = one(run.resources, "aws:lb/targetGroup:TargetGroup", "shop-ws-tg").inputs;
        assert.deepStrictEqual([ws.port, ws.healthCheck.matcher, ws.stickiness], [6001, "200-404", { enabled: true, type: "lb_cookie", cookieDuration: 600 }]);
        for (const tg of [horizon, ws]) assert.ok(tg.name.length <= 32 && /^[A-Za-z0-9-]+$/.test(tg.name), tg.name);
        assert.notStrictEqual(horizon.name, ws.name);
        // The service's own group is untouched.
        assert.strictEqual(one(run.resources, "aws:lb/targetGroup:TargetGroup", "shop-tg").inputs.port, 8080);
        assert.deepStrictEqual(Object.keys(run.service.additionalTargetGroups), ["horizon", "ws"]);
    });

    it("routes each by its paths or hosts, ahead of the service's catch-all rule", () => {
        const rule = (n: string) => one(run.resources, "aws:lb/listenerRule:ListenerRule", n).inputs;
        const horizon = rule("shop-horizon-route");
        assert.deepStrictEqual(horizon.conditions, [{ pathPattern: { values: ["/horizon", "/horizon/*"] } }]);
        assert.deepStrictEqual([horizon.actions.length, horizon.actions[0].type, groupOf(run.resources, horizon.actions[0].targetGroupArn)], [1, "forward", "shop-horizon-tg"]);
        const ws = rule("shop-ws-route");
        assert.deepStrictEqual(ws.conditions, [{ hostHeader: { values: ["ws.acme-tools.de"] } }]);
        const main = rule("shop-route");
        assert.strictEqual(main.priority, 50000);
        assert.ok(horizon.priority < 50000 && ws.priority < 50000 && horizon.priority !== ws.priority, `${horizon.priority} ${ws.priority}`);
    });

    it("registers the tasks in every group: one ECS load-balancer entry per target, after its rule exists", () => {
        const svc = one(run.resources, "aws:ecs/service:Service", "shop");
        assert.deepStrictEqual(
            svc.inputs.loadBalancers.map((l: any) => [groupOf(run.resources, l.targetGroupArn), l.containerName, l.containerPort]),
            [["shop-tg", "nginx", 8080], ["shop-horizon-tg", "nginx", 9000], ["shop-ws-tg", "reverb", 6001]],
        );
        for (const r of ["shop-route", "shop-horizon-route", "shop-ws-route"]) assert.ok(svc.dependsOn.includes(`aws:lb/listenerRule:ListenerRule::${r}`), r);
    });

    it("lets the load balancer reach exactly those ports, and the tasks admit it on them only", () => {
        const ingress = ofType(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === "shop-tasks-id");
        assert.deepStrictEqual(ingress.map((r) => [r.name, r.inputs.fromPort, r.inputs.toPort, r.inputs.referencedSecurityGroupId]).sort(), [
            ["shop-horizon-tasks-from-lb", 9000, 9000, "shop-lb-id"],
            ["shop-tasks-from-lb", 8080, 8080, "shop-lb-id"],
            ["shop-ws-tasks-from-lb", 6001, 6001, "shop-lb-id"],
        ]);
        const egress = ofType(run.resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.inputs.securityGroupId === "shop-lb-id");
        assert.deepStrictEqual(egress.map((r) => r.inputs.fromPort).sort(), [6001, 8080, 9000]);
    });

    it("puts a target's host on the certificate, with an alias record", () => {
        const cert = one(run.resources, "aws:acm/certificate:Certificate", "shop-cert").inputs;
        assert.deepStrictEqual([cert.domainName, cert.subjectAlternativeNames], ["shop.acme-tools.de", ["ws.acme-tools.de"]]);
        assert.ok(ofType(run.resources, "aws:route53/record:Record").some((r) => r.inputs.name === "ws.acme-tools.de" && r.inputs.type === "A"));
    });

    it("alarms on each target's 5xx rate and unhealthy hosts; a deploy waits for the slowest health check", async () => {
        const alarm = (n: string) => one(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm", n).inputs;
        const errors = alarm("shop-horizon-5xx");
        assert.deepStrictEqual(errors.metricQueries.filter((q: any) => q.metric).map((q: any) => [q.metric.metricName, groupOf(run.resources, q.metric.dimensions.TargetGroup)]), [
            ["HTTPCode_Target_5XX_Count", "shop-horizon-tg"],
            ["RequestCount", "shop-horizon-tg"],
        ]);
        assert.strictEqual(errors.threshold, 5);
        assert.strictEqual(groupOf(run.resources, alarm("shop-ws-unhealthy").dimensions.TargetGroup), "shop-ws-tg");
        assert.ok(["serverErrors:horizon", "unhealthyHosts:horizon", "serverErrors:ws", "unhealthyHosts:ws"].every((k) => k in run.service.alarms));
        // 3 × 10 s for horizon against 2 × 5 s for the service's own check.
        const plain = await own(laravel());
        assert.strictEqual(run.service.rolloutEstimate.seconds - plain.service.rolloutEstimate.seconds, 20, "one wave at 100 %/200 %, 30 s instead of 10 s to healthy");
    });

    it("rolls back on the targets' alarms too when rollbackOnAlarms is on", async () => {
        const { resources } = await own({ ...withTargets(), deployment: { rollbackOnAlarms: true } });
        const names = one(resources, "aws:ecs/service:Service", "shop").inputs.alarms.alarmNames;
        assert.deepStrictEqual(names, ["shop-5xx", "shop-unhealthy", "shop-horizon-5xx", "shop-horizon-unhealthy", "shop-ws-5xx", "shop-ws-unhealthy"].map((n) => `fargate-kit-test-${n}`));
    });

    it("admits a port once when a target is also a health-check port", async () => {
        const { resources } = await own({ ...laravel(), healthCheck: { path: "/up", port: 9000 }, additionalTargets: [{ name: "horizon", containerPort: 9000, paths: ["/horizon/*"] }] });
        const ingress = ofType(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === "shop-tasks-id");
        assert.deepStrictEqual(ingress.map((r) => [r.name, r.inputs.fromPort]).sort(), [["shop-health-from-lb", 9000], ["shop-tasks-from-lb", 8080]]);
    });

    it("on a shared load balancer: the target keeps the service's hosts, and its route is checked against the other services'", async () => {
        const result = await runInMocks(() => {
            const p = placement();
            const lb = new SharedLoadBalancer("edge", { vpcId: p.vpcId, subnetIds: ["subnet-public-a", "subnet-public-b"], domainNames: ["shop.acme-tools.de", "api.acme-tools.de"], hostedZoneName: "acme-tools.de" });
            new FargateWebService("shop", { ...laravel(), ...p, loadBalancer: lb, domainName: "shop.acme-tools.de", additionalTargets: [{ name: "horizon", containerPort: 9000, paths: ["/horizon/*"] }] });
            return lb;
        });
        const rule = one(result.resources, "aws:lb/listenerRule:ListenerRule", "shop-horizon-route").inputs;
        assert.deepStrictEqual(rule.conditions, [{ hostHeader: { values: ["shop.acme-tools.de"] } }, { pathPattern: { values: ["/horizon/*"] } }]);
        assert.ok(rule.listenerArn.endsWith("/edge-https"), rule.listenerArn);

        await runInMocks(() => {
            const p = placement();
            const lb = new SharedLoadBalancer("edge", { vpcId: p.vpcId, subnetIds: ["subnet-public-a"], domainNames: ["shop.acme-tools.de"], hostedZoneName: "acme-tools.de" });
            new FargateWebService("admin", { ...laravel(), ...p, loadBalancer: lb, domainName: "shop.acme-tools.de", paths: ["/horizon/*"] });
            throwsValidation(
                () => new FargateWebService("shop", { ...laravel(), ...p, loadBalancer: lb, domainName: "shop.acme-tools.de", paths: ["/shop/*"], additionalTargets: [{ name: "horizon", containerPort: 9000, paths: ["/horizon/*"] }] }),
                'FargateWebService "shop"',
                `additionalTargets[0].paths: routes the same requests as "admin" ("shop.acme-tools.de", "/horizon/*")`,
            );
            throwsValidation(
                () => new FargateWebService("shop2", { ...laravel(), ...p, loadBalancer: lb, domainName: "shop.acme-tools.de", paths: ["/two/*"], additionalTargets: [{ name: "ws", containerPort: 6001, hosts: ["ws.acme-tools.de"] }] }),
                'additionalTargets[0].hosts: "ws.acme-tools.de" is not among the load balancer\'s domainNames',
            );
        });
    });

    it("refuses what ECS or ELB would refuse, naming the target's key", () => {
        const t = (extra: Partial<NonNullable<Settings["additionalTargets"]>[number]>) => ({ name: "horizon", containerPort: 9000, paths: ["/horizon/*"], ...extra });
        const cases: Array<[Settings, string]> = [
            [{ ...laravel(), deployment: { strategy: "BLUE_GREEN" }, additionalTargets: [t({})] }, "additionalTargets: are set, but the deployment strategy is BLUE_GREEN"],
            [{ ...laravel(), additionalTargets: [1, 2, 3, 4, 5].map((i) => t({ name: `t${i}`, paths: [`/t${i}/*`] })) }, "additionalTargets: has 5 targets; ECS attaches at most 5 target groups to a service"],
            [{ ...laravel(), additionalTargets: [t({}), t({ containerPort: 6001, paths: ["/ws"] })] }, 'additionalTargets[1].name: is "horizon", which additionalTargets[0] has too'],
            [{ ...laravel(), additionalTargets: [t({ name: "Horizon_UI" })] }, 'additionalTargets[0].name: is "Horizon_UI"; allowed: 1–20 lower-case letters'],
            [{ ...laravel(), additionalTargets: [t({ containerPort: 7000 })] }, "additionalTargets[0].containerPort: is 7000, but no container of the task exposes it"],
            [{ ...laravel(), additionalTargets: [t({ containerName: "reverb" })] }, 'additionalTargets[0].containerPort: is 9000, but container "reverb" exposes 6001'],
            [{ ...laravel(), additionalTargets: [t({ containerName: "redis" })] }, 'additionalTargets[0].containerName: is "redis", which is not a container of the task'],
            [{ ...laravel(), additionalTargets: [t({ containerPort: 8080 })] }, "additionalTargets[0].containerPort: is 8080, the service's own containerPort"],
            [{ ...laravel(), additionalTargets: [t({}), t({ name: "dash", paths: ["/dash/*"] })] }, "additionalTargets[1].containerPort: is 9000, which additionalTargets[0] reaches too"],
            [{ ...laravel(), additionalTargets: [t({ paths: undefined })] }, "additionalTargets[0]: has neither paths nor hosts"],
            [{ ...laravel(), additionalTargets: [t({ paths: ["horizon/*"] })] }, 'additionalTargets[0].paths[0]: is "horizon/*"; allowed: a path pattern'],
            [{ ...laravel(), additionalTargets: [t({ healthCheck: { gracePeriodSeconds: 120 } })] }, "additionalTargets[0].healthCheck.gracePeriodSeconds: is the service's"],
            [{ ...laravel(), additionalTargets: [t({ healthCheck: { intervalSeconds: 3 } })] }, "additionalTargets[0].healthCheck.intervalSeconds: is 3"],
            [{ ...laravel(), additionalTargets: [t({ targetProtocolVersion: "HTTP2" })] }, "additionalTargets[0].targetProtocolVersion: is HTTP2, which ELB offers only behind an HTTPS listener"],
            [{ ...laravel(), additionalTargets: [t({ targetProtocol: "HTTPS", healthCheck: { protocol: "HTTP" } })] }, "additionalTargets[0].healthCheck.protocol: is HTTP, but the traffic port 9000 speaks HTTPS"],
            [{ ...withTargets(), additionalTargets: [t({ hosts: ["ws.acme-tools.com"] })] }, 'additionalTargets[0].hosts[0]: is "ws.acme-tools.com", which is outside hostedZoneName "acme-tools.de"'],
            [{ ...laravel(), additionalTargets: [t({}), t({ name: "ws", containerPort: 6001 })] }, `additionalTargets[1].paths: routes the same requests as "bad16"'s additional target "horizon" ("/horizon/*")`],
            [{ ...laravel(), additionalTargets: [t({ priority: 0 })] }, "additionalTargets[0].priority: is 0; allowed: a whole number from 1 to 50000"],
        ];
        cases.forEach(([settings, message], i) => throwsValidation(() => new FargateWebService(`bad${i}`, settings as FargateWebServiceArgs), `FargateWebService "bad${i}"`, message));
    });

    it("a service without additional targets has one load-balancer entry, as before", async () => {
        const { resources, service } = await own(laravel());
        assert.strictEqual(one(resources, "aws:ecs/service:Service", "shop").inputs.loadBalancers.length, 1);
        assert.deepStrictEqual(service.additionalTargetGroups, {});
    });
});

describe("additionalTargets in a stack file", () => {
    const TAG = { "fargate-kit:imageTag": "3f2c1ab" };
    const web = (additionalTargets: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
        domainName: "app.example.com",
        healthCheck: { path: "/up" },
        ...extra,
        task: {
            cpu: 1024,
            memory: 2048,
            containers: [
                { name: "nginx", image: "public.ecr.aws/nginx/nginx:1.27", ports: [{ containerPort: 8080 }, { containerPort: 9000 }] },
                { name: "reverb", command: ["php", "artisan", "reverb:start", "--port=6001"], ports: [{ containerPort: 6001 }] },
            ],
        },
        additionalTargets,
    });
    const targets = { horizon: { containerPort: 9000, paths: ["/horizon", "/horizon/*"], healthCheck: { path: "/horizon/api/stats" } }, ws: { containerPort: 6001, hosts: ["ws.example.com"], stickiness: {} } };
    const withServices = (webServices: Record<string, unknown>, stack = "prod") => runProgram({ stack, overrides: { ...TAG, "fargate-kit:webServices": webServices } });
    const refused = async (run: Promise<unknown>, ...messages: string[]) =>
        assert.rejects(run, (e: Error) => messages.every((m) => e.message.includes(m)) || assert.fail(e.message));

    it("plans the targets on the stack's load balancer: the service's host for paths, the target's host on the certificate", async () => {
        const { resources } = await withServices({ web: web(targets) });
        const rule = (n: string) => one(resources, "aws:lb/listenerRule:ListenerRule", n).inputs;
        assert.deepStrictEqual(rule("web-horizon-route").conditions, [{ hostHeader: { values: ["app.example.com"] } }, { pathPattern: { values: ["/horizon", "/horizon/*"] } }]);
        assert.deepStrictEqual(rule("web-ws-route").conditions, [{ hostHeader: { values: ["ws.example.com"] } }]);
        const cert = one(resources, "aws:acm/certificate:Certificate", "app-cert").inputs;
        assert.deepStrictEqual([cert.domainName, cert.subjectAlternativeNames], ["app.example.com", ["ws.example.com"]]);
        assert.ok(ofType(resources, "aws:route53/record:Record").some((r) => r.inputs.name === "ws.example.com" && r.inputs.type === "A"));
        const svc = one(resources, "aws:ecs/service:Service", "web").inputs;
        assert.deepStrictEqual(svc.loadBalancers.map((l: any) => [l.containerName, l.containerPort]), [["nginx", 8080], ["nginx", 9000], ["reverb", 6001]]);
        assert.strictEqual(one(resources, "aws:lb/targetGroup:TargetGroup", "web-horizon-tg").inputs.healthCheck.path, "/horizon/api/stats");
    });

    it("prices each target's alarms (3 metrics: 5xx and requests, unhealthy hosts) and plans the rollout on the slowest check", async () => {
        const slow = { ...targets, horizon: { ...targets.horizon, healthCheck: { path: "/horizon/api/stats", intervalSeconds: 15, healthyThreshold: 3 } } };
        const [plain, withTargets] = [await withServices({ web: web({}) }), await withServices({ web: web(slow) })];
        const alarms = (run: ProgramRun) => estimateCost(run).lines.find((l) => l.item.startsWith("Alarms web:"))!;
        const metrics = (run: ProgramRun) => Number(/reading (\d+) metric/.exec(alarms(run).item)![1]);
        assert.strictEqual(metrics(withTargets) - metrics(plain), 6);
        assert.ok(Math.abs(alarms(withTargets).monthly - alarms(plain).monthly - 0.6) < 1e-9, `${alarms(withTargets).monthly} vs ${alarms(plain).monthly}`);
        const rollout = (run: ProgramRun) => estimateRollouts(run).find((r) => r.service === "web")!;
        assert.strictEqual(rollout(withTargets).seconds - rollout(plain).seconds, 45 - 10, "health 3 × 15 s instead of 2 × 5 s");
        const text = summarize(buildPlan(withTargets), withTargets);
        assert.match(text, /\+ horizon: host app\.example\.com \+ path \/horizon, \/horizon\/\* → port 9000 · priority \d+ · health \/horizon\/api\/stats every 15s/);
        assert.match(text, /\+ ws: host ws\.example\.com → port 6001 · priority \d+ · health \/ every 5s · sticky \(lb_cookie, 86400s\)\n/);
    });

    it("reports a bad target at the key the user typed", async () => {
        await refused(withServices({ web: web({ horizon: { containerPort: 7000, paths: ["/horizon/*"] } }) }), "webServices.web.additionalTargets.horizon.containerPort: is 7000, but no container of the task exposes it");
        await refused(withServices({ web: web({ ws: { containerPort: 6001, hosts: ["ws.example.org"] } }) }), 'webServices.web.additionalTargets.ws.hosts[0]: is "ws.example.org", which is outside the zone "example.com"');
        await refused(
            withServices({ web: web({ horizon: { containerPort: 9000, paths: ["/horizon/*"] }, dash: { containerPort: 6001, paths: ["/horizon/*"] } }) }),
            `webServices.web.additionalTargets.dash.paths: routes the same requests as "web"'s additional target "horizon"`,
        );
        await refused(
            withServices({ web: web({ horizon: { containerPort: 9000, paths: ["/horizon/*"] } }), admin: { ...web({}), paths: ["/horizon/*"], additionalTargets: undefined } }),
            `webServices.admin.paths: routes the same requests as "web"'s additional target "horizon"`,
        );
        await refused(withServices({ web: web({ horizon: { containerPort: 9000, paths: ["/horizon/*"] } }), "web-horizon": { ...web({}), paths: ["/h2/*"], additionalTargets: undefined } }), 'webServices.web.additionalTargets.horizon: names resources "web-horizon-tg"');
        await refused(withServices({ web: web({ ws: { containerPort: 6001, hosts: ["ws.example.com"] } }, { public: false, domainName: undefined }) }), "webServices.web.additionalTargets.ws.hosts: is set on an internal service (public: false)");
        await refused(withServices({ web: web({ horizon: { containerPort: 9000, paths: ["/horizon/*"], healthCheck: { gracePeriodSeconds: 30 } } }) }), "gracePeriodSeconds");
        // A bad name is its key: reported there, not at a ".name" the file does not have.
        await refused(withServices({ web: web({ Horizon_UI: { containerPort: 9000, paths: ["/horizon/*"] } }) }), 'webServices.web.additionalTargets.Horizon_UI: is "Horizon_UI"; allowed: 1–20 lower-case letters');
    });

    it("takes \"/*\" for what it is, every path: a target with it on the service's hosts routes the same requests as the service", async () => {
        // It would have taken every request of app.example.com from the service's own port (priority 1–19999 against 20000+).
        await refused(withServices({ web: web({ hls: { containerPort: 9000, paths: ["/*"] } }), admin: { ...web({}), domainName: "admin.example.com", additionalTargets: undefined } }), `webServices.web.additionalTargets.hls.paths: routes the same requests as "web" ("app.example.com", "/*")`);
        // On a load balancer of its own the service is the catch-all: "/*" without hosts names nothing narrower.
        const arnOnly = { cluster: "arn:aws:ecs:eu-central-1:123456789012:cluster/shop", vpcId: "vpc-0a1b2c3d", subnetIds: ["subnet-private-a"], loadBalancerSubnetIds: ["subnet-public-a"] };
        throwsValidation(() => new FargateWebService("s", { ...laravel(), ...arnOnly, additionalTargets: [{ name: "hls", containerPort: 9000, paths: ["/*"] }] } as unknown as FargateWebServiceArgs), 'additionalTargets[0]: has no paths narrower than "/*" (every path) nor hosts: it would take every request from its service');
        // With hosts of its own, "/*" is every path of those hosts: fine.
        const { resources } = await withServices({ web: web({ hls: { containerPort: 9000, hosts: ["hls.example.com"], paths: ["/*"] } }) });
        assert.deepStrictEqual(one(resources, "aws:lb/listenerRule:ListenerRule", "web-hls-route").inputs.conditions, [{ hostHeader: { values: ["hls.example.com"] } }, { pathPattern: { values: ["/*"] } }]);
    });

    it("refuses HTTP/2 to a target behind an HTTP listener at the key typed, with what to do", async () => {
        const http = (targetProtocolVersion: string) => ({ ...web({ h2: { containerPort: 6001, paths: ["/grpc/*"], targetProtocolVersion } }, { domainName: undefined }), default: true });
        await refused(withServices({ web: http("HTTP2") }, "stage"), "webServices.web.additionalTargets.h2.targetProtocolVersion: is HTTP2, which ELB offers only behind an HTTPS listener, and the stack's load balancer is HTTP (no service has a domainName or aliases); give a service a domainName (HTTPS), or use HTTP1");
        await refused(withServices({ web: { ...http("HTTP1"), targetProtocolVersion: "HTTP2" } }, "stage"), "webServices.web.targetProtocolVersion: is HTTP2, which ELB offers only behind an HTTPS listener");
    });
});
