/**
 * NAT instances (network.nat: "instance") on the lean example stack: what is recorded for the
 * groups, routes, launch templates, roles and alarms, and the production controls.
 */
import * as assert from "assert";
import * as path from "path";
import { ProgramRun, runProgram } from "../tools/mock-runtime";
import { evaluateControls } from "../plan/controls";
import { natUserData } from "../components/internal/nat-instance";
import { Network } from "../components/platform/network";
import { installMocks } from "../tools/mock-runtime";
import { ofType, one, statements, throwsValidation } from "./support";

const LEAN = path.join(__dirname, "..", "examples", "stacks", "Pulumi.lean.yaml");

describe("NAT instances", () => {
    let lean: ProgramRun;
    before(async () => {
        lean = await runProgram({ stack: "lean", stackFile: LEAN, overrides: { "fargate-kit:imageTag": "3f2c1ab" } });
    });

    it("runs one auto-scaling group of one instance in each AZ's public subnet, ready only when its boot completes", () => {
        const groups = ofType(lean.resources, "aws:autoscaling/group:Group");
        assert.deepStrictEqual(groups.map((g) => [g.inputs.name, g.inputs.vpcZoneIdentifiers, g.inputs.minSize, g.inputs.maxSize, g.inputs.desiredCapacity]), [
            ["fargate-kit-lean-app-nat-0", ["subnet-public-0"], 1, 2, 1],
            ["fargate-kit-lean-app-nat-1", ["subnet-public-1"], 1, 2, 1],
        ]);
        for (const g of groups) {
            assert.deepStrictEqual(g.inputs.initialLifecycleHooks, [{ name: "nat-ready", lifecycleTransition: "autoscaling:EC2_INSTANCE_LAUNCHING", defaultResult: "ABANDON", heartbeatTimeout: 600 }]);
            assert.deepStrictEqual([g.inputs.healthCheckType, g.inputs.waitForCapacityTimeout, g.inputs.instanceRefresh.strategy], ["EC2", "15m", "Rolling"]);
            // Launch before terminate, for refreshes and for unhealthy instances alike.
            assert.deepStrictEqual([g.inputs.instanceMaintenancePolicy, g.inputs.instanceRefresh.preferences], [{ minHealthyPercentage: 100, maxHealthyPercentage: 200 }, { minHealthyPercentage: 100, maxHealthyPercentage: 200 }]);
            assert.deepStrictEqual(g.inputs.enabledMetrics, ["GroupInServiceInstances"]);
            assert.ok(g.inputs.tags.some((t: any) => t.key === "fargate-kit-nat" && t.value === "fargate-kit-lean-app-nat" && t.propagateAtLaunch), "instances carry the NAT tag");
        }
    });

    it("routes each private subnet to the fixed interface of its own AZ, and runs the tasks there without public IPs", () => {
        const enis = ofType(lean.resources, "aws:ec2/networkInterface:NetworkInterface");
        assert.deepStrictEqual(enis.map((e) => [e.name, e.inputs.subnetId, e.inputs.sourceDestCheck]), [
            ["app-nat-0", "subnet-public-0", false],
            ["app-nat-1", "subnet-public-1", false],
        ]);
        const routes = ofType(lean.resources, "aws:ec2/route:Route");
        assert.deepStrictEqual(routes.map((r) => [r.inputs.routeTableId, r.inputs.destinationCidrBlock, r.inputs.networkInterfaceId]), [
            ["rtb-isolated-0", "0.0.0.0/0", "app-nat-0-id"],
            ["rtb-isolated-1", "0.0.0.0/0", "app-nat-1-id"],
        ]);
        // The route exists before any instance takes its interface (a blackhole until then): the
        // provider's route waiter (vpc_route.go, statusRoute) waits only for the route to be found,
        // not to be active, so the groups can safely come after their routes.
        for (const i of [0, 1]) assert.ok(one(lean.resources, "aws:autoscaling/group:Group", `app-nat-${i}`).dependsOn.includes(`aws:ec2/route:Route::app-nat-${i}`));
        const vpc = one(lean.resources, "awsx:ec2:Vpc");
        assert.deepStrictEqual([vpc.inputs.natGateways, vpc.inputs.subnetSpecs.map((s: any) => s.type)], [{ strategy: "None" }, ["Public", "Isolated"]]);
        for (const s of ofType(lean.resources, "aws:ecs/service:Service")) {
            assert.deepStrictEqual([s.inputs.networkConfiguration.subnets, s.inputs.networkConfiguration.assignPublicIp], [["subnet-isolated-0", "subnet-isolated-1"], false], s.name);
            // No task starts before its AZ's NAT forwards: it could not pull its image.
            for (const g of ["app-nat-0", "app-nat-1"]) assert.ok(s.dependsOn.includes(`aws:autoscaling/group:Group::${g}`), `${s.name} waits for ${g}`);
        }
        // Image layers come from S3 past the instances.
        const s3 = ofType(lean.resources, "aws:ec2/vpcEndpoint:VpcEndpoint");
        assert.deepStrictEqual(s3.map((e) => [e.inputs.vpcEndpointType, e.inputs.serviceName, e.inputs.routeTableIds]), [["Gateway", "com.amazonaws.us-east-1.s3", ["rtb-public-0", "rtb-public-1", "rtb-isolated-0", "rtb-isolated-1"]]]);
    });

    it("launches the current Amazon Linux arm64 AMI from its SSM parameter, IMDSv2 only, no key pair, an encrypted disk", () => {
        assert.ok(lean.invokes.includes("aws:ssm/getParameter:getParameter"));
        for (const lt of ofType(lean.resources, "aws:ec2/launchTemplate:LaunchTemplate")) {
            assert.strictEqual(lt.inputs.imageId, "ami-0123456789abcdef0");
            assert.strictEqual(lt.inputs.instanceType, "t4g.nano");
            assert.deepStrictEqual(lt.inputs.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" });
            assert.strictEqual(lt.inputs.keyName, undefined);
            assert.strictEqual(lt.inputs.blockDeviceMappings[0].ebs.encrypted, "true");
            const script = Buffer.from(lt.inputs.userData, "base64").toString();
            assert.match(script, /^#!\/bin\/bash\n/);
            assert.match(script, new RegExp(`ENI=${lt.name}-id\\nALLOCATION=eipalloc-${lt.name}\\nGROUP=fargate-kit-lean-${lt.name}\\nHOOK=nat-ready`));
        }
    });

    it("admits only the VPC (no SSH from anywhere), and lets instances touch only tagged NAT resources", () => {
        const sg = one(lean.resources, "aws:ec2/securityGroup:SecurityGroup", "app-nat");
        assert.deepStrictEqual(sg.inputs.ingress, [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/16"], description: "Anything the VPC sends to the internet" }]);
        const bySid = Object.fromEntries(statements(one(lean.resources, "aws:iam/rolePolicy:RolePolicy", "app-nat").inputs.policy).map((s: any) => [s.Sid, s]));
        const tagged = { StringEquals: { "aws:ResourceTag/fargate-kit-nat": "fargate-kit-lean-app-nat" } };
        for (const sid of ["TakeTheFixedInterface", "ForwardTraffic", "TakeTheEgressAddress"]) assert.deepStrictEqual(bySid[sid].Condition, tagged, sid);
        assert.deepStrictEqual(bySid.TakeTheEgressAddress.Resource, [
            "arn:aws:ec2:us-east-1:123456789012:elastic-ip/eipalloc-app-nat-0",
            "arn:aws:ec2:us-east-1:123456789012:elastic-ip/eipalloc-app-nat-1",
            "arn:aws:ec2:us-east-1:123456789012:instance/*",
            "arn:aws:ec2:us-east-1:123456789012:network-interface/*",
        ]);
        assert.deepStrictEqual(bySid.SignalReady.Resource, [
            "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:*:autoScalingGroupName/fargate-kit-lean-app-nat-0",
            "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:*:autoScalingGroupName/fargate-kit-lean-app-nat-1",
        ]);
        assert.strictEqual(one(lean.resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "app-nat-ssm").inputs.policyArn, "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
        assert.deepStrictEqual(JSON.parse(one(lean.resources, "aws:iam/role:Role", "app-nat").inputs.assumeRolePolicy).Statement[0].Principal, { Service: "ec2.amazonaws.com" });
    });

    it("alarms when an AZ's instance is not in service or fails its status checks", () => {
        const down = one(lean.resources, "aws:cloudwatch/metricAlarm:MetricAlarm", "app-nat-0-down");
        assert.deepStrictEqual(down.inputs.metricQueries.map((q: any) => q.expression ?? q.metric.metricName), ["GroupInServiceInstances", "1 - inService"]);
        assert.deepStrictEqual([down.inputs.treatMissingData, down.inputs.threshold, down.inputs.alarmActions], ["breaching", 0, ["arn:aws:sns:us-east-1:123456789012:fargate-kit-lean-app-nat-alarms"]]);
        const status = one(lean.resources, "aws:cloudwatch/metricAlarm:MetricAlarm", "app-nat-1-status");
        assert.deepStrictEqual([status.inputs.namespace, status.inputs.metricName, status.inputs.dimensions], ["AWS/EC2", "StatusCheckFailed", { AutoScalingGroupName: "fargate-kit-lean-app-nat-1" }]);
    });

    it("passes the production controls", () => {
        assert.deepStrictEqual(evaluateControls(lean.resources).filter((c) => c.status === "fail"), []);
    });

    it("costs at most 60 % of the same app on NAT gateways and x86, by the plan's own numbers", async () => {
        const { compareCosts } = require("../plan/bench/cost-compare");
        const { lean: a, usual: b, ratio } = await compareCosts();
        const nat = a.lines.find((l: any) => l.item.startsWith("NAT instances"));
        // 2 × (t4g.nano $0.0042 × 730 h + 8 GB gp3 × $0.08) = $7.41; the Elastic IPs are public IPv4 addresses
        assert.deepStrictEqual([nat.item, nat.monthly], ["NAT instances: 2 × t4g.nano + 8 GB gp3 each", 7.41]);
        assert.strictEqual(a.lines.find((l: any) => l.item.startsWith("Public IPv4")).item, "Public IPv4: 4 addresses (2 load balancer, 2 NAT, 0 task)");
        assert.deepStrictEqual([a.monthly, b.monthly], [103.63, 173.12]);
        assert.deepStrictEqual([a.byCategory.network, b.byCategory.network, a.byCategory.compute, b.byCategory.compute], [22.01, 82.1, 36.05, 45.05]);
        assert.ok(ratio <= 0.6, `ratio ${ratio}`);
        // Both layouts alarm on their NAT: gateways on port exhaustion and drops, instances on health.
        assert.deepStrictEqual([a.lines.find((l: any) => l.item.startsWith("Alarms shared")).item, b.lines.find((l: any) => l.item.startsWith("Alarms shared")).item], ["Alarms shared: 4 alarms reading 4 metrics", "Alarms shared: 4 alarms reading 8 metrics"]);
    });

    it("alarms on each NAT gateway's port exhaustion and packet drops where gateways are used (prod)", async () => {
        const { prod } = await require("./support").bothStacks();
        const ports = ofType(prod.resources, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => /^app-nat-\d-ports$/.test(a.name));
        assert.deepStrictEqual(ports.map((a) => [a.inputs.metricName, a.inputs.dimensions, a.inputs.statistic]), [
            ["ErrorPortAllocation", { NatGatewayId: "nat-00000000000000000" }, "Sum"],
            ["ErrorPortAllocation", { NatGatewayId: "nat-00000000000000001" }, "Sum"],
        ]);
        const drops = one(prod.resources, "aws:cloudwatch/metricAlarm:MetricAlarm", "app-nat-1-drops");
        assert.deepStrictEqual([drops.inputs.metricQueries[3].expression, drops.inputs.threshold], ["100 * dropped / (fromSource + fromDestination)", 0.01]);
    });

    it("makes ARM64 one line: app.cpuArchitecture sets every task and the platform CI builds for", () => {
        for (const td of ofType(lean.resources, "aws:ecs/taskDefinition:TaskDefinition")) assert.strictEqual(td.inputs.runtimePlatform.cpuArchitecture, "ARM64", td.name);
        assert.strictEqual(lean.outputs.imagePlatform, "linux/arm64");
        const fs = require("fs");
        const ci = (f: string) => fs.readFileSync(path.join(__dirname, "..", "examples", "ci", f), "utf8");
        assert.match(ci("github-actions.yml"), /docker buildx build --platform "\$\{\{ vars\.IMAGE_PLATFORM \|\| 'linux\/amd64' \}\}"/);
        assert.match(ci("gitlab-ci.yml"), /docker build --platform "\$\{IMAGE_PLATFORM:-linux\/amd64\}"/);
    });

    it("refuses an x86 instance type and instance settings without nat: instance, naming the key", async () => {
        await installMocks("fargate-kit", "lean", "us-east-1");
        throwsValidation(() => new Network("n1", { nat: "instance", natInstanceType: "t3.nano" }), 'natInstanceType: is "t3.nano"; allowed: a Graviton (arm64) instance type such as "t4g.nano"');
        throwsValidation(() => new Network("n2", { nat: "perAz", natInstanceType: "t4g.nano" }), 'natInstanceType: is set, but nat is "perAz"; it applies only to nat: "instance"');
        throwsValidation(() => new Network("n3", { vpcId: "vpc-1", publicSubnetIds: ["a", "b"], nat: "instance" }), 'nat: is "instance", but NAT gateways and instances are only created in a new VPC');
    });

    it("boot script: forwards, masquerades out of the primary interface, takes the interface and address, then signals", () => {
        const script = natUserData({ eniId: "eni-1", allocationId: "eipalloc-1", groupName: "g", hookName: "nat-ready" });
        const order = ["net.ipv4.ip_forward = 1", "masquerade\n", "--no-source-dest-check", 'attach-network-interface --network-interface-id "$ENI" --instance-id "$INSTANCE"', "associate-address --allocation-id", "finish CONTINUE"].map((s) => script.indexOf(s));
        assert.ok(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1])), `steps in order: ${order}`);
        assert.match(script, /fail\(\) \{ echo "fargate-kit NAT: \$\*" >&2; \[ -n "\$\{TOOK:-\}" \] && give_back; finish ABANDON; \}/);
        assert.match(script, /WantedBy=multi-user.target/, "forwarding survives a reboot");
        const syntax = require("child_process").spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
        assert.strictEqual(syntax.status, 0, syntax.stderr);
    });

    it("boot script: a boot that fails after taking the interface hands it back to the instance it replaced, then abandons", function () {
        if (process.platform === "win32") this.skip();
        // The script runs for real under bash, with aws, curl and the system tools stubbed: EC2's
        // interface moves between instances in files, and the Elastic IP cannot be taken.
        const fs = require("fs") as typeof import("fs");
        const os = require("os") as typeof import("os");
        const path = require("path") as typeof import("path");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nat-boot-"));
        const bin = path.join(dir, "bin");
        for (const d of ["bin", "etc/sysctl.d", "etc/systemd/system", "sbin", "state"]) fs.mkdirSync(path.join(dir, d), { recursive: true });
        const stub = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
        const state = path.join(dir, "state");
        fs.writeFileSync(path.join(state, "eni"), "in-use i-old attach-old");
        stub("aws", `S=${state}; echo "$*" >> $S/calls; read -r STATUS OWNER ATT < $S/eni
case "$*" in
  *describe-network-interfaces*Attachment.AttachmentId\'*) echo "$ATT" ;;
  *describe-network-interfaces*Status\'*) echo "$STATUS" ;;
  *describe-network-interfaces*) printf '%s\\t%s\\t%s\\n' "$STATUS" "$OWNER" "$ATT" ;;
  *detach-network-interface*) echo "available None None" > $S/eni ;;
  *attach-network-interface*) [ "$STATUS" = available ] || exit 255; ID=$(echo "$*" | sed -E 's/.*--instance-id ([^ ]+).*/\\1/'); echo "in-use $ID attach-$ID" > $S/eni ;;
  *associate-address*) exit 255 ;;
  *describe-addresses*) echo eni-old-primary ;;
esac`);
        stub("curl", `case "$*" in *api/token*) echo t ;; *instance-id*) echo i-new ;; *placement/region*) echo us-east-1 ;; *interface-id*) echo eni-new-primary ;; *mac*) echo 0a:00:00:00:00:01 ;; esac`);
        stub("ip", "echo 'default via 10.0.0.1 dev ens5'");
        for (const tool of ["nft", "sysctl", "systemctl", "dnf", "sleep"]) stub(tool, "exit 0");
        const script = natUserData({ eniId: "eni-1", allocationId: "eipalloc-1", groupName: "g", hookName: "nat-ready" })
            .replace(/\/etc\//g, `${dir}/etc/`)
            .replace(/\/usr\/local\/sbin\//g, `${dir}/sbin/`);
        const run = require("child_process").spawnSync("bash", ["-s"], { input: script, encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir } });
        const calls = fs.readFileSync(path.join(state, "calls"), "utf8").trim().split("\n");
        const attaches = calls.filter((c) => c.includes("attach-network-interface") && !c.includes("detach")).map((c) => /--instance-id (\S+)/.exec(c)![1]);
        assert.deepStrictEqual(attaches.filter((x, i) => attaches.indexOf(x) === i), ["i-new", "i-old"], calls.join("\n"));
        assert.strictEqual(fs.readFileSync(path.join(state, "eni"), "utf8").trim(), "in-use i-old attach-i-old", "the old instance holds the interface again");
        assert.match(calls[calls.length - 1], /autoscaling complete-lifecycle-action .*--lifecycle-action-result ABANDON/);
        assert.match(run.stderr, /could not take the Elastic IP eipalloc-1/);
    });
});
