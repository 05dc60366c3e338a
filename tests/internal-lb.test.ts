/**
 * Internal web services (issue 21, item 2): `webServices.<name>.public: false` puts a service
 * behind the stack's internal ALB; the library's `SharedLoadBalancer.internal` and
 * `FargateWebService.public`. Checked on the recorded resource inputs.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { FargateWebService } from "../components/services/web-service";
import { SharedLoadBalancer } from "../components/platform/load-balancer";
import { ProgramRun, RecordedResource, lastInvokes, runInMocks, runProgram } from "../tools/mock-runtime";
import { one, ofType, serviceConfig, throwsValidation } from "./support";
import { estimateCost } from "../plan/costs";
import { evaluateControls } from "../plan/controls";

const TAG = { "fargate-kit:imageTag": "3f2c1ab" };
const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/admin:1";
const admin = (extra: Record<string, unknown> = {}) => ({ public: false, ...extra, task: { cpu: 256, memory: 512, containers: [{ name: "admin", ports: [{ containerPort: 9000 }] }] } });
const withServices = (stack: string, webServices: Record<string, unknown>, more: Record<string, unknown> = {}) => runProgram({ stack, overrides: { ...TAG, "fargate-kit:webServices": webServices, ...more } });
const lbs = (rs: RecordedResource[]) => ofType(rs, "aws:lb/loadBalancer:LoadBalancer");
const refused = async (run: Promise<unknown>, message: string) => assert.rejects(run, (e: Error) => e.message.includes(message) || assert.fail(e.message));

describe("internal web services (public: false)", () => {
    let stage: ProgramRun;
    let prod: ProgramRun;
    before(async () => {
        stage = await withServices("stage", { web: serviceConfig("stage", "webServices", "web"), admin: admin() });
        prod = await withServices("prod", { web: serviceConfig("prod", "webServices", "web"), admin: admin() });
    });

    it("puts the internal service behind a second ALB of scheme internal, in the tasks' subnets; the public one is unchanged", () => {
        const [external, internal] = [one(stage.resources, "aws:lb/loadBalancer:LoadBalancer", "app-lb"), one(stage.resources, "aws:lb/loadBalancer:LoadBalancer", "app-internal-lb")];
        assert.deepStrictEqual([external.inputs.internal, internal.inputs.internal], [false, true]);
        assert.strictEqual(internal.inputs.name, "fargate-kit-stage-app-internal");
        // Stage has nat: none: the tasks (and so the internal ALB) are in the public subnets; its scheme keeps its addresses private.
        assert.deepStrictEqual(internal.inputs.subnets, stage.outputs.taskSubnetIds);
        assert.deepStrictEqual(internal.inputs.subnets, ["subnet-public-0", "subnet-public-1"]);
        // Prod has NAT gateways: the tasks' private subnets, not the public ones.
        const prodInternal = one(prod.resources, "aws:lb/loadBalancer:LoadBalancer", "app-internal-lb");
        assert.deepStrictEqual(prodInternal.inputs.subnets, prod.outputs.taskSubnetIds);
        assert.notDeepStrictEqual(prodInternal.inputs.subnets, one(prod.resources, "aws:lb/loadBalancer:LoadBalancer", "app-lb").inputs.subnets);
        assert.deepStrictEqual([internal.inputs.dropInvalidHeaderFields, internal.inputs.desyncMitigationMode], [true, "defensive"]);
    });

    it("admits the VPC's CIDR on port 80 only, HTTP with a 404 for what no rule matches", () => {
        const ingress = ofType(stage.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === "app-internal-lb-id");
        assert.deepStrictEqual(ingress.map((r) => [r.name, r.inputs.cidrIpv4, r.inputs.fromPort, r.inputs.toPort]), [["app-internal-lb-in-80", "10.0.0.0/16", 80, 80]]);
        const listeners = ofType(stage.resources, "aws:lb/listener:Listener").filter((l) => String(l.inputs.loadBalancerArn).includes("app-internal"));
        assert.deepStrictEqual(listeners.map((l) => [l.name, l.inputs.port, l.inputs.protocol, l.inputs.defaultActions[0].fixedResponse.statusCode]), [["app-internal-http", 80, "HTTP", "404"]]);
    });

    it("routes the internal service on the internal listener, as that listener's default; its tasks admit only the internal ALB", () => {
        const rule = one(stage.resources, "aws:lb/listenerRule:ListenerRule", "admin-route");
        assert.match(String(rule.inputs.listenerArn), /app-internal-http$/);
        assert.strictEqual(rule.inputs.priority, 50000);
        assert.match(String(one(stage.resources, "aws:lb/listenerRule:ListenerRule", "web-route").inputs.listenerArn), /\/app-http$/);
        const fromLb = one(stage.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "admin-tasks-from-lb");
        assert.deepStrictEqual([fromLb.inputs.referencedSecurityGroupId, fromLb.inputs.fromPort], ["app-internal-lb-id", 9000]);
    });

    it("outputs the internal ALB's URL for the service; the stack's url stays the public one", () => {
        const web = stage.outputs.webServices as Record<string, { url: string }>;
        assert.strictEqual(web.admin.url, "http://fargate-kit-stage-app-internal-1234567890.us-east-1.elb.amazonaws.com");
        assert.strictEqual(stage.outputs.url, web.web.url);
        assert.doesNotMatch(String(stage.outputs.url), /internal/);
    });

    it("a stack with internal services only creates no internet-facing ALB", async () => {
        const run = await withServices("stage", { web: admin() });
        assert.deepStrictEqual(lbs(run.resources).map((l) => [l.name, l.inputs.internal]), [["app-internal-lb", true]]);
        assert.strictEqual(ofType(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.cidrIpv4 === "0.0.0.0/0").length, 0);
        assert.match(String(run.outputs.url), /^http:\/\/fargate-kit-stage-app-internal-/);
    });

    it("prices the second ALB; it adds no public IPv4 addresses", () => {
        const line = (run: ProgramRun, re: RegExp) => estimateCost(run).lines.filter((l) => re.test(l.item));
        assert.deepStrictEqual(line(stage, /^Load balancer /).map((l) => l.item.replace(/ \(\d.*$/, "")), ["Load balancer app-lb", "Load balancer app-internal-lb (internal)"]);
        const [both] = line(stage, /^Public IPv4/);
        // Two for the internet-facing ALB (two subnets), none for the internal one.
        assert.match(both.item, /\(2 load balancer,/);
    });

    it("keeps ELB.4/5/6/12/13 passing in prod for both ALBs; ELB.1 names the internal HTTP listener", () => {
        const result = (id: string) => evaluateControls(prod.resources).find((c) => c.id === id)!;
        for (const id of ["ELB.4", "ELB.5", "ELB.6", "ELB.12", "ELB.13", "ELB.17", "FK.NoWorldIngress"]) assert.deepStrictEqual([id, result(id).status, result(id).failures], [id, "pass", []]);
        const internal = one(prod.resources, "aws:lb/loadBalancer:LoadBalancer", "app-internal-lb");
        assert.strictEqual(internal.inputs.enableDeletionProtection, true);
        assert.strictEqual(internal.inputs.accessLogs.enabled, true);
        // Plain HTTP inside the VPC (as Copilot's internal ALB without certificates): Security Hub's ELB.1 reports it.
        assert.strictEqual(result("ELB.1").status, "fail");
        assert.deepStrictEqual(result("ELB.1").failures.length, 1);
        assert.match(result("ELB.1").failures[0], /app-internal-http/);
    });

    it("moving a service to the internal ALB renames its target group (a group forwards for one ALB; the new rule is created first)", async () => {
        const tg = (run: ProgramRun) => one(run.resources, "aws:lb/targetGroup:TargetGroup", "admin-tg").inputs.name;
        const web = { ...serviceConfig("stage", "webServices", "web"), default: true };
        const asPublic = await withServices("stage", { web, admin: { ...admin({ paths: ["/admin/*"] }), public: true } });
        const internal = await withServices("stage", { web, admin: admin() });
        assert.notStrictEqual(tg(asPublic), tg(internal));
        // A public service's group keeps the name it had before the key existed.
        const unset = await withServices("stage", { web, admin: { ...admin({ paths: ["/admin/*"] }), public: undefined } });
        assert.strictEqual(tg(unset), tg(asPublic));
    });

    it("each ALB has its own routes: a default and a test-listener port on each", async () => {
        const bg = { strategy: "BLUE_GREEN", testListenerPort: 8443, testListenerCidrs: ["10.0.0.0/8"] };
        const web = { ...serviceConfig("stage", "webServices", "web"), default: true, deployment: bg };
        const run = await withServices("stage", { web, admin: admin({ default: true, deployment: bg }), reports: admin({ paths: ["/reports/*"] }) });
        assert.deepStrictEqual(ofType(run.resources, "aws:lb/listenerRule:ListenerRule").filter((r) => r.name.endsWith("-route")).map((r) => [r.name, r.inputs.priority]).sort(), [
            ["admin-route", 50000],
            ["reports-route", one(run.resources, "aws:lb/listenerRule:ListenerRule", "reports-route").inputs.priority],
            ["web-route", 50000],
        ]);
        assert.ok(one(run.resources, "aws:lb/listenerRule:ListenerRule", "reports-route").inputs.priority < 50000);
        // The same test port on each load balancer: two listeners, one per ALB.
        const tests = ofType(run.resources, "aws:lb/listener:Listener").filter((l) => l.inputs.port === 8443);
        assert.deepStrictEqual(tests.map((l) => [l.name, String(l.inputs.loadBalancerArn).split("/")[2]]).sort(), [["admin-test", "fargate-kit-stage-app-internal"], ["web-test", "fargate-kit-stage-app"]]);
    });

    it("refuses what an internal service cannot have, at the key", async () => {
        const web = serviceConfig("stage", "webServices", "web");
        await refused(withServices("stage", { web, admin: admin({ domainName: "admin.example.com" }) }), "fargate-kit:webServices.admin.domainName: is set on an internal service (public: false)");
        await refused(withServices("stage", { web, admin: admin({ aliases: ["a.example.com"] }) }), "fargate-kit:webServices.admin.aliases: is set on an internal service");
        await refused(withServices("stage", { web, admin: admin({ paths: ["/admin/*"] }) }), "fargate-kit:webServices.admin.paths: are set on the default service");
        await refused(withServices("stage", { web, admin: admin({ default: true }), other: admin({ default: true }) }), "fargate-kit:webServices.other.default");
        await refused(withServices("stage", { web, admin: admin({ public: "no" }) }), "fargate-kit:webServices.admin.public");
        // Two internal services on the same path clash on the internal listener, not with the public one.
        await refused(withServices("stage", { web, admin: admin({ default: true }), a: admin({ paths: ["/x/*"] }), b: admin({ paths: ["/x/*"] }) }), "fargate-kit:webServices.b.paths");
    });
});

describe("internal load balancers in the library", () => {
    const task = { image: IMAGE, cpu: 256, memory: 512, containers: [{ name: "admin", ports: [{ containerPort: 9000 }] }] };
    const placement = (cluster: aws.ecs.Cluster) => ({ cluster, vpcId: "vpc-1", subnetIds: ["private-a", "private-b"] });

    it("SharedLoadBalancer internal: true admits the VPC's CIDR (looked up) unless allowedCidrs are given", async () => {
        const run = await runInMocks(() => new SharedLoadBalancer("lan", { vpcId: "vpc-1", subnetIds: ["private-a", "private-b"], internal: true }));
        assert.strictEqual(one(run.resources, "aws:lb/loadBalancer:LoadBalancer").inputs.internal, true);
        const rule = one(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        // The mocked getVpc answers 10.20.0.0/16 (components/testing.ts); ec2:DescribeVpcs is in the deploy role already.
        assert.deepStrictEqual([rule.inputs.fromPort, rule.inputs.cidrIpv4], [80, "10.20.0.0/16"]);
        assert.ok(lastInvokes().includes("aws:ec2/getVpc:getVpc"));
        const given = await runInMocks(() => new SharedLoadBalancer("lan", { vpcId: "vpc-1", subnetIds: ["private-a", "private-b"], internal: true, allowedCidrs: ["10.8.0.0/16", "192.168.0.0/24"] }));
        assert.deepStrictEqual(ofType(given.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => r.inputs.cidrIpv4), ["10.8.0.0/16", "192.168.0.0/24"]);
        const cidr = await runInMocks(() => new SharedLoadBalancer("lan", { vpcId: "vpc-1", subnetIds: ["private-a", "private-b"], internal: true, vpcCidrBlock: "10.9.0.0/16" }));
        assert.deepStrictEqual(ofType(cidr.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => r.inputs.cidrIpv4), ["10.9.0.0/16"]);
    });

    it("SharedLoadBalancer refuses public DNS and adoption for an internal load balancer", () => {
        const base = { vpcId: "vpc-1", subnetIds: ["a", "b"], internal: true };
        throwsValidation(() => new SharedLoadBalancer("l1", { ...base, domainNames: ["admin.example.com"], hostedZoneName: "example.com" }), 'SharedLoadBalancer "l1"', "hostedZoneName: is set on an internal load balancer, whose private addresses would be published in a public zone");
        throwsValidation(() => new SharedLoadBalancer("l2", { ...base, domainNames: ["admin.example.com"], hostedZoneId: "Z0123456789ABCDEFGHIJ" }), "hostedZoneId: is set on an internal load balancer");
        throwsValidation(
            () => new SharedLoadBalancer("l3", { ...base, adopt: { loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/0123456789abcdef", listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/0123456789abcdef/0123456789abcdef", securityGroupId: "sg-0123456789abcdef0", https: false } }),
            "adopt: is set on an internal load balancer",
        );
        throwsValidation(() => new SharedLoadBalancer("l4", { ...base, internal: "yes" as unknown as boolean }), 'internal: is "yes"; allowed: true or false');
    });

    it("an internal SharedLoadBalancer with certificates serves HTTPS and makes no DNS records", async () => {
        const cert = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
        const run = await runInMocks(() => new SharedLoadBalancer("lan", { vpcId: "vpc-1", subnetIds: ["a", "b"], internal: true, vpcCidrBlock: "10.0.0.0/16", domainNames: ["admin.corp.example.com"], certificateArns: [cert] }));
        assert.deepStrictEqual(ofType(run.resources, "aws:lb/listener:Listener").map((l) => [l.inputs.port, l.inputs.protocol]).sort(), [[443, "HTTPS"], [80, "HTTP"]]);
        assert.strictEqual(ofType(run.resources, "aws:route53/record:Record").length, 0);
        assert.deepStrictEqual(ofType(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4]), [[80, "10.0.0.0/16"], [443, "10.0.0.0/16"]]);
    });

    it("FargateWebService public: false gets an internal load balancer of its own; on a shared one, the schemes must agree", async () => {
        const own = await runInMocks(() => new FargateWebService("admin", { task, ...placement(new aws.ecs.Cluster("c", {})), public: false, loadBalancerSubnetIds: ["private-a", "private-b"], allowedCidrs: ["10.0.0.0/8"] }));
        const lb = one(own.resources, "aws:lb/loadBalancer:LoadBalancer");
        assert.deepStrictEqual([lb.inputs.internal, lb.inputs.subnets], [true, ["private-a", "private-b"]]);
        assert.deepStrictEqual(ofType(own.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("admin-lb-in")).map((r) => r.inputs.cidrIpv4), ["10.0.0.0/8"]);
        const ownPublic = await runInMocks(() => new FargateWebService("admin", { task, ...placement(new aws.ecs.Cluster("c", {})), loadBalancerSubnetIds: ["public-a", "public-b"] }));
        assert.strictEqual(one(ownPublic.resources, "aws:lb/loadBalancer:LoadBalancer").inputs.internal, false);

        await runInMocks(() => {
            const internal = new SharedLoadBalancer("lan", { vpcId: "vpc-1", subnetIds: ["a", "b"], internal: true, vpcCidrBlock: "10.0.0.0/16" });
            const external = new SharedLoadBalancer("www", { vpcId: "vpc-1", subnetIds: ["a", "b"] });
            const cluster = new aws.ecs.Cluster("c", {});
            throwsValidation(() => new FargateWebService("a", { task, ...placement(cluster), public: false, loadBalancer: external }), 'FargateWebService "a"', "public: is false, but the load balancer it joins is internet-facing; join an internal SharedLoadBalancer");
            throwsValidation(() => new FargateWebService("b", { task, ...placement(cluster), public: true, loadBalancer: internal }), "public: is true, but the load balancer it joins is internal");
            // Unset: the service follows the load balancer it joins.
            new FargateWebService("c", { task, ...placement(cluster), loadBalancer: internal, defaultRoute: true });
        });
    });
});
