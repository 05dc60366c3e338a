import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { Cluster } from "../components/platform/cluster";
import { FargateWebService } from "../components/services/web-service";
import { FargateWebServiceArgs, TLS_POLICY, normalizeWebServiceArgs } from "../components/services/web-service-args";
import { estimateAwsDefaultRollout } from "../components/internal/rollout";
import { ProgramRun, RecordedResource, runInMocks, runProgram } from "../tools/mock-runtime";
import { buildPlan } from "../plan/plan";
import { updateProblems } from "../tools/provider-rules";
import { containerDefs, ofType, one, statements, throwsValidation, bothStacks, serviceConfig, withWeb } from "./support";

const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/rails:3f2c1ab";

type Settings = Omit<FargateWebServiceArgs, "cluster" | "vpcId" | "subnetIds" | "loadBalancerSubnetIds">;
const rails = (): Settings => ({ task: { image: IMAGE, cpu: 512, memory: 1024, containers: [{ name: "rails", ports: [{ containerPort: 3000 }] }] } });

async function web(settings: Settings, name = "web"): Promise<{ resources: RecordedResource[]; service: FargateWebService }> {
    const run = await runInMocks(() => {
        const cluster = new aws.ecs.Cluster("cluster", {});
        return new FargateWebService(name, { ...settings, cluster, vpcId: "vpc-1", subnetIds: ["private-a", "private-b"], loadBalancerSubnetIds: ["public-a", "public-b"] });
    });
    return { resources: run.resources, service: run.result };
}

const byName = (resources: RecordedResource[], type: string) => Object.fromEntries(ofType(resources, type).map((r) => [r.name, r]));

describe("FargateWebService in the stage and prod stacks", () => {
    let stage: ProgramRun;
    let prod: ProgramRun;
    before(async () => {
        ({ stage, prod } = await bothStacks());
    });

    it("stage serves plain HTTP on the load balancer's name, without a certificate", () => {
        const listeners = ofType(stage.resources, "aws:lb/listener:Listener");
        // Requests are routed by the service's listener rule; the listener itself answers what no rule matches.
        assert.deepStrictEqual(listeners.map((l) => [l.inputs.port, l.inputs.protocol, l.inputs.defaultActions[0].type]), [[80, "HTTP", "fixed-response"]]);
        const route = one(stage.resources, "aws:lb/listenerRule:ListenerRule", "web-route");
        assert.deepStrictEqual([route.inputs.priority, route.inputs.conditions, route.inputs.actions], [50000, [{ pathPattern: { values: ["/*"] } }], [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/fargate-kit-stage-web-tg-879b/943f017f100becff" }]]);
        assert.strictEqual(ofType(stage.resources, "aws:acm/certificate:Certificate").length, 0);
        assert.match(String(stage.outputs.url), /^http:\/\/fargate-kit-stage-app-\d+\.us-east-1\.elb\.amazonaws\.com$/);
    });

    it("stage tasks run with a public IP (no NAT), reachable only from the load balancer", () => {
        const svc = one(stage.resources, "aws:ecs/service:Service", "web");
        assert.deepStrictEqual(svc.inputs.networkConfiguration, { subnets: ["subnet-public-0", "subnet-public-1"], securityGroups: ["web-tasks-id", "main-database-access-id", "main-cache-access-id"], assignPublicIp: true });
        const tasks = one(stage.resources, "aws:ec2/securityGroup:SecurityGroup", "web-tasks");
        assert.strictEqual(tasks.inputs.ingress, undefined);
        const fromLb = one(stage.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-tasks-from-lb");
        assert.deepStrictEqual([fromLb.inputs.securityGroupId, fromLb.inputs.referencedSecurityGroupId, fromLb.inputs.fromPort, fromLb.inputs.toPort], ["web-tasks-id", "app-lb-id", 8080, 8080]);
    });

    it("stage's ECS Exec may write session logs to the cluster's exec log group, and nowhere else", () => {
        const policy = statements(one(stage.resources, "aws:iam/rolePolicy:RolePolicy", "web-task").inputs.policy);
        const bySid = Object.fromEntries(policy.map((s) => [s.Sid, s]));
        assert.deepStrictEqual(bySid.EcsExecLogs.Resource, ["arn:aws:logs:us-east-1:123456789012:log-group:/ecs/fargate-kit-stage/app/exec:*"]);
        assert.deepStrictEqual(bySid.EcsExecLogs.Action, ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"]);
        assert.deepStrictEqual([bySid.EcsExecLogGroups.Action, bySid.EcsExecLogGroups.Resource], [["logs:DescribeLogGroups"], ["*"]]);
        assert.strictEqual(one(stage.resources, "aws:cloudwatch/logGroup:LogGroup", "app-exec").inputs.name, "/ecs/fargate-kit-stage/app/exec");
    });

    it("prod serves HTTPS with a TLS 1.3 policy, an issued certificate, a 301 redirect and an alias record", () => {
        const listeners = byName(prod.resources, "aws:lb/listener:Listener");
        assert.deepStrictEqual(
            [listeners["app-https"].inputs.port, listeners["app-https"].inputs.protocol, listeners["app-https"].inputs.sslPolicy],
            [443, "HTTPS", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"],
        );
        assert.strictEqual(listeners["app-https"].inputs.certificateArn, "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000");
        assert.deepStrictEqual(listeners["app-http-redirect"].inputs.defaultActions, [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
        const cert = one(prod.resources, "aws:acm/certificate:Certificate");
        assert.deepStrictEqual([cert.inputs.domainName, cert.inputs.validationMethod], ["app.example.com", "DNS"]);
        const records = byName(prod.resources, "aws:route53/record:Record");
        assert.deepStrictEqual(records["app-alias"].inputs.aliases, [{ name: "fargate-kit-prod-app-1234567890.us-east-1.elb.amazonaws.com", zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: true }]);
        assert.strictEqual(records["app-cert-validation"].inputs.type, "CNAME");
        assert.strictEqual(prod.outputs.url, "https://app.example.com");
    });

    it("prod's load balancer drops invalid headers, mitigates desync, is deletion-protected and logs to S3", () => {
        const lb = one(prod.resources, "aws:lb/loadBalancer:LoadBalancer");
        assert.deepStrictEqual(
            [lb.inputs.dropInvalidHeaderFields, lb.inputs.desyncMitigationMode, lb.inputs.enableDeletionProtection, lb.inputs.internal, lb.inputs.subnets],
            [true, "defensive", true, false, ["subnet-public-0", "subnet-public-1"]],
        );
        assert.deepStrictEqual(lb.inputs.accessLogs, { bucket: "fargate-kit-prod-app-lb-logs-0000000", prefix: "app", enabled: true });
        const policy = JSON.parse(one(prod.resources, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
        assert.deepStrictEqual(policy.Statement[0], {
            Sid: "ElbLogDelivery",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::127311923021:root", Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: "arn:aws:s3:::fargate-kit-prod-app-lb-logs-0000000/app/AWSLogs/123456789012/*",
        });
        assert.deepStrictEqual(one(prod.resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        const bucket = one(prod.resources, "aws:s3/bucket:Bucket");
        assert.deepStrictEqual([bucket.protect, bucket.retainOnDelete, bucket.inputs.forceDestroy], [true, true, false]);
        const stageLb = one(stage.resources, "aws:lb/loadBalancer:LoadBalancer");
        assert.deepStrictEqual([stageLb.inputs.enableDeletionProtection, stageLb.inputs.accessLogs], [false, undefined]);
    });

    it("opens the load balancer only on its listener ports", () => {
        const sg = one(prod.resources, "aws:ec2/securityGroup:SecurityGroup", "app-lb");
        // Rules are separate resources, so each service can add its own (egress to its tasks, a test port).
        assert.strictEqual(sg.inputs.ingress, undefined);
        const rules = ofType(prod.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === "app-lb-id");
        assert.deepStrictEqual(rules.map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]), [[80, 80, "0.0.0.0/0"], [443, 443, "0.0.0.0/0"]]);
    });

    it("runs nginx in front of php-fpm, nginx starting once php is HEALTHY, the load balancer targeting nginx", () => {
        const [nginx, php] = containerDefs(one(prod.resources, "aws:ecs/taskDefinition:TaskDefinition", "web-task"));
        assert.deepStrictEqual([nginx.name, nginx.dependsOn, nginx.portMappings], ["nginx", [{ containerName: "php", condition: "HEALTHY" }], [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }]]);
        assert.strictEqual(php.portMappings.length, 0, "php-fpm is reached over 127.0.0.1 inside the task");
        assert.deepStrictEqual(one(prod.resources, "aws:ecs/service:Service", "web").inputs.loadBalancers, [{ targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/fargate-kit-prod-web-tg-529d/943f017f100becff", containerName: "nginx", containerPort: 8080 }]);
        // The app's environment and secrets go to php, not to nginx.
        assert.deepStrictEqual(php.secrets.map((s: any) => s.name), ["APP_KEY", "DB_PASSWORD", "DB_USERNAME"]);
        assert.strictEqual(nginx.secrets, undefined);
        assert.strictEqual(nginx.image, php.image);
    });
});

describe("FargateWebService rollouts", () => {
    it("defaults to a rolling deploy with circuit breaker, 100/200 %, a grace period and waiting for steady state", async () => {
        const { resources } = await web(rails());
        const svc = one(resources, "aws:ecs/service:Service");
        assert.deepStrictEqual(
            {
                breaker: svc.inputs.deploymentCircuitBreaker,
                min: svc.inputs.deploymentMinimumHealthyPercent,
                max: svc.inputs.deploymentMaximumPercent,
                grace: svc.inputs.healthCheckGracePeriodSeconds,
                wait: svc.inputs.waitForSteadyState,
                platform: svc.inputs.platformVersion,
                tags: svc.inputs.propagateTags,
                strategy: svc.inputs.deploymentConfiguration,
                controller: svc.inputs.deploymentController,
                desired: svc.inputs.desiredCount,
                alarms: svc.inputs.alarms,
                sigint: svc.inputs.sigintRollback,
            },
            {
                breaker: { enable: true, rollback: true },
                min: 100,
                max: 200,
                grace: 60,
                wait: true,
                platform: "LATEST",
                tags: "SERVICE",
                strategy: { strategy: "ROLLING" },
                controller: { type: "ECS" },
                desired: 2,
                alarms: undefined,
                sigint: true,
            },
        );
    });

    it("checks health every 5 s, healthy after 2, and drains for maxRequestSeconds, with stopTimeout aligned", async () => {
        const { resources, service } = await web({ ...rails(), maxRequestSeconds: 20 });
        const tg = one(resources, "aws:lb/targetGroup:TargetGroup");
        assert.deepStrictEqual([tg.inputs.targetType, tg.inputs.deregistrationDelay], ["ip", 20]);
        assert.deepStrictEqual(tg.inputs.healthCheck, { enabled: true, protocol: "HTTP", port: "traffic-port", path: "/", matcher: "200-399", interval: 5, timeout: 4, healthyThreshold: 2, unhealthyThreshold: 3 });
        assert.strictEqual(containerDefs(one(resources, "aws:ecs/taskDefinition:TaskDefinition"))[0].stopTimeout, 20);
        // The modelled wave: 30 s start (assumed) + 2 × 5 s + 20 s drain, against 30 + 5 × 30 + 300 with AWS defaults.
        assert.deepStrictEqual(service.rolloutEstimate, { seconds: 60, waves: 1, parts: { taskStart: 30, healthDetection: 10, drain: 20, bake: 0, waves: 1 } });
        assert.strictEqual(estimateAwsDefaultRollout(2).seconds, 480);
    });

    it("BLUE_GREEN: two target groups, a pure-forward production rule ECS owns, an infrastructure role, the circuit breaker and alarm rollback", async () => {
        const { resources } = await web({ ...rails(), deployment: { strategy: "BLUE_GREEN", bakeTimeMinutes: 10, testListenerPort: 8443, testListenerCidrs: ["10.0.0.0/8"] } });
        const tgs = byName(resources, "aws:lb/targetGroup:TargetGroup");
        assert.deepStrictEqual(Object.keys(tgs).sort(), ["web-tg", "web-tg-green"]);
        const rules = byName(resources, "aws:lb/listenerRule:ListenerRule");
        assert.deepStrictEqual(rules["web-route"].inputs.actions, [
            {
                type: "forward",
                forward: {
                    targetGroups: [
                        { arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/fargate-kit-test-web-tg-ece1/943f017f100becff", weight: 100 },
                        { arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/fargate-kit-test-web-9a5145-f6ad/943f017f100becff", weight: 0 },
                    ],
                },
            },
        ]);
        assert.ok(rules["web-test"], "a test listener rule");
        const svc = one(resources, "aws:ecs/service:Service");
        assert.deepStrictEqual(svc.inputs.deploymentConfiguration, { strategy: "BLUE_GREEN", bakeTimeInMinutes: "10" });
        assert.deepStrictEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
        const adv = svc.inputs.loadBalancers[0].advancedConfiguration;
        assert.deepStrictEqual(Object.keys(adv).sort(), ["alternateTargetGroupArn", "productionListenerRule", "roleArn", "testListenerRule"]);
        assert.strictEqual(adv.productionListenerRule, "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/lb/50dc6c495c0c9188/web-route");
        assert.deepStrictEqual(svc.inputs.alarms, { alarmNames: ["fargate-kit-test-web-5xx", "fargate-kit-test-web-unhealthy", "fargate-kit-test-web-unhealthy-green"], enable: true, rollback: true });
        const role = one(resources, "aws:iam/role:Role", "web-infrastructure");
        assert.strictEqual(JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal.Service, "ecs.amazonaws.com");
        assert.strictEqual(one(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.policyArn, "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers");
        const ingress = ofType(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === "web-lb-id");
        assert.deepStrictEqual(ingress.map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4]), [[80, "0.0.0.0/0"], [8443, "10.0.0.0/8"]]);
        // The service waits for its rules: ECS needs the target groups on the listener, and the test rule.
        assert.deepStrictEqual(svc.dependsOn.filter((d) => d.includes("ListenerRule")).sort(), ["aws:lb/listenerRule:ListenerRule::web-route", "aws:lb/listenerRule:ListenerRule::web-test"]);
    });

    it("CANARY and LINEAR pass their traffic-shifting settings (bake times typed as strings)", async () => {
        const canary = one((await web({ ...rails(), deployment: { strategy: "CANARY", canaryPercent: 5, canaryBakeTimeMinutes: 3 } })).resources, "aws:ecs/service:Service");
        assert.deepStrictEqual(canary.inputs.deploymentConfiguration, { strategy: "CANARY", bakeTimeInMinutes: "5", canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: "3" } });
        const linear = one((await web({ ...rails(), deployment: { strategy: "LINEAR", linearStepPercent: 20, linearStepBakeTimeMinutes: 1 } })).resources, "aws:ecs/service:Service");
        assert.deepStrictEqual(linear.inputs.deploymentConfiguration, { strategy: "LINEAR", bakeTimeInMinutes: "5", linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: "1" } });
    });

    it("rejects the combinations ECS rejects, naming the field", () => {
        throwsValidation(() => new FargateWebService("w2", { ...rails(), deployment: { canaryPercent: 5 } } as FargateWebServiceArgs), "deployment.canaryPercent: applies only to the CANARY strategy; strategy is ROLLING");
        throwsValidation(() => new FargateWebService("w3", { ...rails(), deployment: { minimumHealthyPercent: 100, maximumPercent: 100 } } as FargateWebServiceArgs), "deployment.maximumPercent: is 100, not above minimumHealthyPercent 100");
        throwsValidation(() => new FargateWebService("w4", { ...rails(), deployment: { strategy: "LINEAR", linearStepPercent: 2 } } as FargateWebServiceArgs), "deployment.linearStepPercent: is 2; allowed: 3 to 100 percent");
        throwsValidation(() => new FargateWebService("w5", { ...rails(), deployment: { strategy: "BLUE_GREEN", testListenerPort: 8443 } } as FargateWebServiceArgs), "deployment.testListenerCidrs: is empty; say who may reach the test listener");
        throwsValidation(() => new FargateWebService("w6", { ...rails(), deployment: { bakeTimeMinutes: 5 } } as FargateWebServiceArgs), "deployment.bakeTimeMinutes: applies only to BLUE_GREEN, CANARY and LINEAR");
        throwsValidation(() => new FargateWebService("w7", { ...rails(), deployment: { strategy: "CANARY", canaryPercent: 0 } } as FargateWebServiceArgs), "deployment.canaryPercent: is 0; allowed: 0.1 to 100 percent");
    });
});

describe("FargateWebService options", () => {
    it("turns on ECS Exec: the flag, the ssmmessages actions on the task role and an init process", async () => {
        const settings = rails();
        settings.task.containers[0].readonlyRootFilesystem = false;
        const { resources } = await web({ ...settings, enableExecuteCommand: true });
        assert.strictEqual(one(resources, "aws:ecs/service:Service").inputs.enableExecuteCommand, true);
        const actions = statements(one(resources, "aws:iam/rolePolicy:RolePolicy", "web-task").inputs.policy).flatMap((s) => s.Action);
        assert.deepStrictEqual(actions, ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]);
        assert.deepStrictEqual(containerDefs(one(resources, "aws:ecs/taskDefinition:TaskDefinition"))[0].linuxParameters, { initProcessEnabled: true });
    });

    it("refuses ECS Exec with a read-only root filesystem", () => {
        throwsValidation(
            () => new FargateWebService("x1", { ...rails(), enableExecuteCommand: true } as FargateWebServiceArgs),
            'enableExecuteCommand: is true, but containers "rails" have a read-only root filesystem (the default), where the ECS Exec agent cannot run',
        );
    });

    it("autoscales on CPU, memory and requests per target, scaling in more slowly than out, and leaves the count to it", async () => {
        const { resources } = await web({ ...rails(), autoscaling: { minTasks: 2, maxTasks: 8, cpuPercent: 55, memoryPercent: 70, requestsPerTarget: 600 } });
        const target = one(resources, "aws:appautoscaling/target:Target");
        assert.deepStrictEqual([target.inputs.minCapacity, target.inputs.maxCapacity, target.inputs.resourceId], [2, 8, "service/cluster-0000000/web-0000000"]);
        const policies = byName(resources, "aws:appautoscaling/policy:Policy");
        const cfg = (n: string) => policies[n].inputs.targetTrackingScalingPolicyConfiguration;
        assert.deepStrictEqual([cfg("web-cpu").targetValue, cfg("web-cpu").predefinedMetricSpecification.predefinedMetricType], [55, "ECSServiceAverageCPUUtilization"]);
        assert.deepStrictEqual([cfg("web-memory").targetValue, cfg("web-memory").predefinedMetricSpecification.predefinedMetricType], [70, "ECSServiceAverageMemoryUtilization"]);
        assert.deepStrictEqual(cfg("web-requests").predefinedMetricSpecification, {
            predefinedMetricType: "ALBRequestCountPerTarget",
            resourceLabel: "app/fargate-kit-test-web/50dc6c495c0c9188/targetgroup/fargate-kit-test-web-tg-ece1/943f017f100becff",
        });
        for (const n of ["web-cpu", "web-memory", "web-requests"]) {
            assert.deepStrictEqual([cfg(n).scaleInCooldown, cfg(n).scaleOutCooldown], [300, 60]);
        }
        assert.strictEqual(one(resources, "aws:ecs/service:Service").inputs.desiredCount, 2);
    });

    it("alarms on 5xx rate, unhealthy hosts, p95/p99 latency, CPU and memory, notifying an email topic", async () => {
        const { resources } = await web({ ...rails(), alarms: { email: "ops@example.com", p99Seconds: 2 } });
        const alarms = byName(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
        assert.deepStrictEqual(Object.keys(alarms).sort(), ["web-5xx", "web-cpu", "web-memory", "web-not-running", "web-p95", "web-p99", "web-unhealthy"]);
        const rate = alarms["web-5xx"].inputs.metricQueries.find((q: any) => q.returnData);
        // Per target group, so services sharing a load balancer are told apart.
        assert.strictEqual(rate.expression, "IF((FILL(requests0, 0)) > 0, 100 * (FILL(errors0, 0)) / (FILL(requests0, 0)), 0)");
        const errors = alarms["web-5xx"].inputs.metricQueries.find((q: any) => q.id === "errors0").metric;
        assert.deepStrictEqual([errors.metricName, errors.dimensions], ["HTTPCode_Target_5XX_Count", { LoadBalancer: "app/fargate-kit-test-web/50dc6c495c0c9188", TargetGroup: "targetgroup/fargate-kit-test-web-tg-ece1/943f017f100becff" }]);
        assert.deepStrictEqual([alarms["web-p99"].inputs.extendedStatistic, alarms["web-p99"].inputs.threshold], ["p99", 2]);
        assert.deepStrictEqual(alarms["web-cpu"].inputs.dimensions, { ClusterName: "cluster-0000000", ServiceName: "web-0000000" });
        const topic = "arn:aws:sns:us-east-1:123456789012:fargate-kit-test-web-alarms";
        for (const a of Object.values(alarms)) assert.deepStrictEqual(a.inputs.alarmActions, [topic]);
        assert.deepStrictEqual(one(resources, "aws:sns/topicSubscription:TopicSubscription").inputs, { topic, protocol: "email", endpoint: "ops@example.com" });
        // CloudWatch cannot publish to a topic under the AWS-managed alias/aws/sns key: notifications would be dropped.
        assert.strictEqual(one(resources, "aws:sns/topic:Topic").inputs.kmsMasterKeyId, undefined);
    });

    it("rolls a rolling deploy back on alarms when asked", async () => {
        const { resources } = await web({ ...rails(), deployment: { rollbackOnAlarms: true } });
        const svc = one(resources, "aws:ecs/service:Service");
        assert.deepStrictEqual(svc.inputs.alarms, { alarmNames: ["fargate-kit-test-web-5xx", "fargate-kit-test-web-unhealthy"], enable: true, rollback: true });
        assert.deepStrictEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
    });

    it("uses an existing certificate without a zone, and adopts extra security groups", async () => {
        const arn = "arn:aws:acm:us-east-1:123456789012:certificate/abcd";
        const { resources } = await web({ ...rails(), domainName: "tool.example.org", certificateArn: arn, securityGroupIds: ["sg-rds-clients"] });
        assert.strictEqual(ofType(resources, "aws:acm/certificate:Certificate").length, 0);
        assert.strictEqual(ofType(resources, "aws:route53/record:Record").length, 0);
        assert.strictEqual(byName(resources, "aws:lb/listener:Listener")["web-https"].inputs.certificateArn, arn);
        assert.deepStrictEqual(one(resources, "aws:ecs/service:Service").inputs.networkConfiguration.securityGroups, ["web-tasks-id", "sg-rds-clients"]);
    });

    it("runs above an on-demand base on Fargate Spot", async () => {
        const { resources } = await web({ ...rails(), spot: true, onDemandBaseTasks: 2, spotPercent: 75 });
        assert.deepStrictEqual(one(resources, "aws:ecs/service:Service").inputs.capacityProviderStrategies, [
            { capacityProvider: "FARGATE", weight: 25, base: 2 },
            { capacityProvider: "FARGATE_SPOT", weight: 75, base: 0 },
        ]);
    });

    it("rejects inconsistent options with the field, value and what is allowed", () => {
        const arm = { ...rails(), task: { ...rails().task, cpuArchitecture: "ARM64" as const } };
        const cases: Array<[Settings, string]> = [
            [{ ...arm, spot: true }, "spot: is true, but the task is ARM64; Fargate Spot runs only X86_64 Linux tasks"],
            [{ ...rails(), containerName: "nginx" }, 'containerName: is "nginx", which is not a container of the task; containers: "rails"'],
            [{ ...rails(), containerPort: 8080 }, 'containerPort: is 8080, but container "rails" exposes 3000'],
            [{ ...rails(), task: { ...rails().task, containers: [{ name: "worker" }] } }, "task.containers: have no port; the load balancer needs a container with a port"],
            [{ ...rails(), certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/x" }, "certificateArn: is set without domainName; HTTPS needs the site's domain"],
            [{ ...rails(), domainName: "app.example.com" }, "domainName: is set without hostedZoneName/hostedZoneId or certificateArn"],
            [{ ...rails(), domainName: "app.example.com", hostedZoneName: "example.org" }, 'hostedZoneName: is "example.org", which does not contain domainName "app.example.com"'],
            [{ ...rails(), healthCheck: { intervalSeconds: 5, timeoutSeconds: 5 } }, "healthCheck.timeoutSeconds: is 5, but it must be less than intervalSeconds (5)"],
            [{ ...rails(), healthCheck: { healthyThreshold: 1 } }, "healthCheck.healthyThreshold: is 1; allowed: a whole number from 2 to 10"],
            [{ ...rails(), healthCheck: { path: "up" } }, 'healthCheck.path: is "up"; allowed: a path starting with "/"'],
            [{ ...rails(), maxRequestSeconds: 4000 }, "maxRequestSeconds: is 4000; allowed: a whole number from 1 to 3600 seconds"],
            [{ ...rails(), allowedCidrs: ["0.0.0.0"] }, 'allowedCidrs[0]: is "0.0.0.0"; allowed: an IPv4 CIDR'],
            [{ ...rails(), autoscaling: { minTasks: 0, maxTasks: 2 } }, "autoscaling.minTasks: is 0; allowed: a whole number from 1 to 5000 (a web service keeps at least one task)"],
            [{ ...rails(), autoscaling: { minTasks: 3, maxTasks: 2 } }, "autoscaling.maxTasks: is 2, below minTasks 3"],
            [{ ...rails(), autoscaling: { minTasks: 1, maxTasks: 4, scaleInCooldownSeconds: 30 } }, "autoscaling.scaleInCooldownSeconds: is shorter than scaleOutCooldownSeconds"],
            [{ ...rails(), alarms: { email: "ops" } }, 'alarms.email: is "ops"; allowed: an email address'],
            [{ ...rails(), alarms: { enabled: false }, deployment: { rollbackOnAlarms: true } }, "deployment.rollbackOnAlarms: is true, but alarms.enabled is false"],
            [{ ...rails(), onDemandBaseTasks: 1 }, "onDemandBaseTasks and spotPercent apply only with spot: true"],
        ];
        cases.forEach(([settings, message], i) => throwsValidation(() => new FargateWebService(`bad${i}`, settings as FargateWebServiceArgs), `FargateWebService "bad${i}"`, message));
    });

    it("takes a long name: the load balancer's and target groups' names are cut to AWS's 32 with a hash, apart", async () => {
        // The names were once Pulumi's autonames (name + 8), and names over 21 (15 with blue/green) were refused.
        const run = await web({ ...rails(), deployment: { strategy: "BLUE_GREEN" } } as Settings, "customer-portal-website-eu");
        const names = [...ofType(run.resources, "aws:lb/targetGroup:TargetGroup"), ...ofType(run.resources, "aws:lb/loadBalancer:LoadBalancer")].map((r) => r.inputs.name as string);
        assert.strictEqual(names.length, 3);
        assert.strictEqual(new Set(names).size, 3);
        for (const n of names) assert.match(n, /^(?!-)[A-Za-z0-9-]{1,32}(?<!-)$/, n);
    });

    it("exposes its children and the TLS policy it uses", async () => {
        const { service } = await web(rails());
        const urnOf = (r: { urn: import("@pulumi/pulumi").Output<string> }) => new Promise<string>((resolve) => r.urn.apply(resolve));
        const exposed = {
            service: "aws:ecs/service:Service::web",
            taskDefinition: "aws:ecs/taskDefinition:TaskDefinition::web-task",
            loadBalancer: "aws:lb/loadBalancer:LoadBalancer::web-lb",
            targetGroup: "aws:lb/targetGroup:TargetGroup::web-tg",
            listener: "aws:lb/listener:Listener::web-http",
            taskSecurityGroup: "aws:ec2/securityGroup:SecurityGroup::web-tasks",
            loadBalancerSecurityGroup: "aws:ec2/securityGroup:SecurityGroup::web-lb",
            taskRole: "aws:iam/role:Role::web-task",
            executionRole: "aws:iam/role:Role::web-execution",
            logGroup: "aws:cloudwatch/logGroup:LogGroup::web-logs",
        } as const;
        for (const [prop, typeAndName] of Object.entries(exposed)) {
            const urn = await urnOf(service[prop as keyof typeof exposed]);
            assert.ok(urn.endsWith(`$${typeAndName}`), `${prop}: ${urn}`);
        }
        assert.strictEqual(service.alternateTargetGroup, undefined);
        assert.strictEqual(TLS_POLICY, "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09");
    });
});

describe("updates the AWS provider accepts", () => {
    const runStage = (web: Record<string, unknown>) => runProgram({ stack: "stage", overrides: { "fargate-kit:imageTag": "3f2c1ab", ...withWeb(web) } });
    const stageWeb = () => serviceConfig("stage", "webServices", "web");

    it("changes Spot settings on a running service without the provider's 'force_new_deployment should be true' refusal", async () => {
        const before = await runStage(stageWeb());
        const after = await runStage({ ...stageWeb(), spot: true, onDemandBaseTasks: 1, spotPercent: 50 });
        assert.notDeepStrictEqual(one(before.resources, "aws:ecs/service:Service", "web").inputs.capacityProviderStrategies, one(after.resources, "aws:ecs/service:Service", "web").inputs.capacityProviderStrategies);
        assert.deepStrictEqual(updateProblems(before.resources, after.resources), []);
        // The rule itself: the same change without forceNewDeployment is what the provider refuses.
        const stripped = after.resources.map((r) => (r.type === "aws:ecs/service:Service" ? { ...r, inputs: { ...r.inputs, forceNewDeployment: undefined } } : r));
        assert.deepStrictEqual(updateProblems(before.resources, stripped), [{ resource: "aws:ecs/service:Service::web", message: "force_new_deployment should be true when capacity_provider_strategy is being updated" }]);
    });

    it("gives pulumi up as long as the modelled rollout needs, bake times included, and records the timeouts in the plan", async () => {
        const rolling = await runStage(stageWeb());
        assert.deepStrictEqual(one(rolling.resources, "aws:ecs/service:Service", "web").customTimeouts, { create: "20m", update: "20m", delete: "20m" });
        const canary = await runStage({ ...stageWeb(), deployment: { strategy: "CANARY", bakeTimeMinutes: 60, canaryBakeTimeMinutes: 30 } });
        // 30 s start + 10 s health + (60 + 30) min bake + 30 s drain = 5470 s; twice that (deploy, rollback) + 10 min.
        assert.deepStrictEqual(one(canary.resources, "aws:ecs/service:Service", "web").customTimeouts, { create: "193m", update: "193m", delete: "20m" });
        const plan = buildPlan(canary).resources.find((r) => r.type === "aws:ecs/service:Service" && r.name === "web")!;
        assert.deepStrictEqual(plan.customTimeouts, { create: "193m", update: "193m", delete: "20m" });
    });

    it("accepts only the traffic percentages ECS accepts: steps of 0.1", () => {
        throwsValidation(() => new FargateWebService("c1", { ...rails(), deployment: { strategy: "CANARY", canaryPercent: 12.55 } } as FargateWebServiceArgs), "deployment.canaryPercent: is 12.55; allowed: 0.1 to 100 percent in steps of 0.1");
        throwsValidation(() => new FargateWebService("c2", { ...rails(), deployment: { strategy: "LINEAR", linearStepPercent: 33.33 } } as FargateWebServiceArgs), "deployment.linearStepPercent: is 33.33; allowed: 3 to 100 percent in steps of 0.1");
        normalizeWebServiceArgs("c3", { ...rails(), deployment: { strategy: "CANARY", canaryPercent: 12.5 } });
        normalizeWebServiceArgs("c4", { ...rails(), deployment: { strategy: "LINEAR", linearStepPercent: 33.3 } });
    });

    it("refuses request-count scaling with blue/green, whose live target group alternates", () => {
        throwsValidation(
            () => new FargateWebService("b1", { ...rails(), autoscaling: { minTasks: 2, maxTasks: 4, requestsPerTarget: 500 }, deployment: { strategy: "BLUE_GREEN" } } as FargateWebServiceArgs),
            "autoscaling.requestsPerTarget: scales on one target group's requests, but BLUE_GREEN deployments move traffic between two",
        );
    });
});

describe("ECS Exec with a cluster KMS key", () => {
    it("lets the task role decrypt with the cluster's exec key, and only that key", async () => {
        const key = "arn:aws:kms:us-east-1:123456789012:key/exec-key";
        const settings = rails();
        settings.task.containers[0].readonlyRootFilesystem = false;
        const run = await runInMocks(() => {
            const cluster = new Cluster("app", { execKmsKeyArn: key });
            return new FargateWebService("web", { ...settings, enableExecuteCommand: true, cluster: cluster.cluster, vpcId: "vpc-1", subnetIds: ["a", "b"], loadBalancerSubnetIds: ["c", "d"] });
        });
        const bySid = Object.fromEntries(statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "web-task").inputs.policy).map((s) => [s.Sid, s]));
        assert.deepStrictEqual(bySid.EcsExecKms, { Effect: "Allow", Sid: "EcsExecKms", Action: ["kms:Decrypt"], Resource: [key] });
        const plain = await web({ ...settings, enableExecuteCommand: true });
        assert.ok(!statements(one(plain.resources, "aws:iam/rolePolicy:RolePolicy", "web-task").inputs.policy).some((s) => s.Sid === "EcsExecKms"));
    });
});
