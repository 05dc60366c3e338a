/**
 * Real apps' service shapes (issue 21): deployment settings for every service, load-balancer
 * target settings and scaling signals — checked on the recorded resource inputs.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { FargateWebService } from "../components/services/web-service";
import { FargateWebServiceArgs } from "../components/services/web-service-args";
import { Worker, WorkerArgs } from "../components/services/worker";
import { QueueWorker } from "../components/services/queue-worker";
import { QueueWorkerArgs } from "../components/services/queue-worker-args";
import { rollingCanProgress } from "../components/services/rolling-deployment";
import { RecordedResource, runInMocks, runProgram } from "../tools/mock-runtime";
import { one, ofType, serviceConfig, throwsValidation } from "./support";
import { estimateCost } from "../plan/costs";
import { evaluateControls } from "../plan/controls";
import { checkReachableFrom } from "../stack/service-connect";
import { Check } from "../components/internal/validation";
import { replacementProblems } from "../tools/provider-rules";
import { scheduledCount } from "../plan/plan-facts";

const IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/rails:3f2c1ab";
const placement = (cluster: aws.ecs.Cluster) => ({ cluster, vpcId: "vpc-1", subnetIds: ["private-a", "private-b"] });
type WebSettings = Omit<FargateWebServiceArgs, "cluster" | "vpcId" | "subnetIds" | "loadBalancerSubnetIds">;
const rails = (): WebSettings => ({ task: { image: IMAGE, cpu: 512, memory: 1024, containers: [{ name: "rails", ports: [{ containerPort: 3000 }] }] } });
const sidekiq = (): Omit<WorkerArgs, "cluster" | "vpcId" | "subnetIds"> => ({ task: { image: IMAGE, cpu: 256, memory: 512, containers: [{ name: "sidekiq", command: ["bundle", "exec", "sidekiq"] }] } });

async function web(settings: WebSettings, name = "web"): Promise<RecordedResource[]> {
    const run = await runInMocks(() => new FargateWebService(name, { ...settings, ...placement(new aws.ecs.Cluster("cluster", {})), loadBalancerSubnetIds: ["public-a", "public-b"] }));
    return run.resources;
}
async function worker(settings: Omit<WorkerArgs, "cluster" | "vpcId" | "subnetIds">, name = "clock"): Promise<{ resources: RecordedResource[]; worker: Worker }> {
    const run = await runInMocks(() => new Worker(name, { ...settings, ...placement(new aws.ecs.Cluster("cluster", {})) }));
    return { resources: run.resources, worker: run.result };
}

describe("deployment settings", () => {
    it("a singleton worker stops its old task before starting the new one (0 %/100 %), one task, circuit breaker kept", async () => {
        const { resources, worker: w } = await worker({ ...sidekiq(), deployment: { singleton: true } });
        const svc = one(resources, "aws:ecs/service:Service", "clock");
        assert.deepStrictEqual([svc.inputs.desiredCount, svc.inputs.deploymentMinimumHealthyPercent, svc.inputs.deploymentMaximumPercent], [1, 0, 100]);
        assert.deepStrictEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
        assert.strictEqual(ofType(resources, "aws:appautoscaling/target:Target").length, 0);
        // One wave: stop, then start.
        assert.strictEqual(w.rolloutEstimate.waves, 1);
    });

    it("any worker takes its own percentages; the plan's rollout model follows them", async () => {
        const { resources, worker: w } = await worker({ ...sidekiq(), scaling: { minTasks: 4, maxTasks: 8 }, deployment: { minimumHealthyPercent: 50, maximumPercent: 100 } });
        const svc = one(resources, "aws:ecs/service:Service", "clock");
        assert.deepStrictEqual([svc.inputs.deploymentMinimumHealthyPercent, svc.inputs.deploymentMaximumPercent], [50, 100]);
        // 4 tasks, 2 may stop at once: two waves.
        assert.strictEqual(w.rolloutEstimate.waves, 2);
    });

    it("a singleton queue worker scales between 0 and 1 task", async () => {
        const run = await runInMocks(() => new QueueWorker("jobs", { task: { image: IMAGE, cpu: 256, memory: 512, containers: [{ name: "jobs", command: ["php", "artisan", "queue:work"] }] }, deployment: { singleton: true }, ...placement(new aws.ecs.Cluster("cluster", {})) }));
        const svc = one(run.resources, "aws:ecs/service:Service", "jobs");
        assert.deepStrictEqual([svc.inputs.deploymentMinimumHealthyPercent, svc.inputs.deploymentMaximumPercent], [0, 100]);
        const target = one(run.resources, "aws:appautoscaling/target:Target");
        assert.deepStrictEqual([target.inputs.minCapacity, target.inputs.maxCapacity], [0, 1]);
    });

    it("a singleton web service runs one task at 0 %/100 %", async () => {
        const resources = await web({ ...rails(), deployment: { singleton: true } });
        const svc = one(resources, "aws:ecs/service:Service", "web");
        assert.deepStrictEqual([svc.inputs.desiredCount, svc.inputs.deploymentMinimumHealthyPercent, svc.inputs.deploymentMaximumPercent], [1, 0, 100]);
    });

    it("ECS rounds the floor up and the ceiling down: some percentages never let a deploy start", () => {
        assert.strictEqual(rollingCanProgress(1, { minimumHealthyPercent: 50, maximumPercent: 150 }), false);
        assert.strictEqual(rollingCanProgress(2, { minimumHealthyPercent: 50, maximumPercent: 150 }), true);
        assert.strictEqual(rollingCanProgress(1, { minimumHealthyPercent: 0, maximumPercent: 100 }), true);
        assert.strictEqual(rollingCanProgress(3, { minimumHealthyPercent: 100, maximumPercent: 133 }), false);
    });

    it("refuses settings ECS could not deploy, or that contradict the singleton, naming the key", () => {
        const cases: Array<[Omit<WorkerArgs, "cluster" | "vpcId" | "subnetIds">, string]> = [
            [{ ...sidekiq(), deployment: { singleton: true }, scaling: { minTasks: 1, maxTasks: 3 } }, "deployment.singleton: is true, but scaling.minTasks/maxTasks allow 3 tasks; a singleton runs one task"],
            [{ ...sidekiq(), deployment: { singleton: true, maximumPercent: 200 } }, "deployment.maximumPercent: is set with singleton: true"],
            [{ ...sidekiq(), deployment: { minimumHealthyPercent: 50, maximumPercent: 150 } }, "deployment: minimumHealthyPercent 50 and maximumPercent 150 let 1 task neither stop one (at least 1 must keep running) nor start one (at most 1 may run)"],
            [{ ...sidekiq(), deployment: { minimumHealthyPercent: 100, maximumPercent: 100 } }, "deployment.maximumPercent: is 100, not above minimumHealthyPercent 100"],
            [{ ...sidekiq(), deployment: { maximumPercent: 250 } }, "deployment.maximumPercent: is 250; allowed: a whole number from 100 to 200 percent"],
        ];
        cases.forEach(([settings, message], i) => throwsValidation(() => new Worker(`bad${i}`, { ...settings, ...placement({} as aws.ecs.Cluster) }), `Worker "bad${i}"`, message));
        throwsValidation(() => new FargateWebService("w1", { ...rails(), deployment: { strategy: "BLUE_GREEN", singleton: true } } as FargateWebServiceArgs), "deployment.singleton: applies to ROLLING; BLUE_GREEN starts a full green set");
        throwsValidation(() => new FargateWebService("w2", { ...rails(), desiredCount: 3, deployment: { singleton: true } } as FargateWebServiceArgs), "deployment.singleton: is true, but desiredCount allow 3 tasks");
        throwsValidation(
            () => new QueueWorker("q1", { task: { image: IMAGE, containers: [{ name: "q" }] }, scaling: { maxTasks: 5 }, deployment: { singleton: true } } as QueueWorkerArgs),
            "deployment.singleton: is true, but scaling.minTasks/maxTasks allow 5 tasks",
        );
    });

    it("a stack file's singleton scheduler plans at 0 %/100 %", async () => {
        const run = await runProgram({
            stack: "stage",
            overrides: {
                "fargate-kit:imageTag": "3f2c1ab",
                "fargate-kit:workers": { worker: serviceConfig("stage", "workers", "worker"), clock: { queue: false, task: { cpu: 256, memory: 512, containers: [{ name: "clock", command: ["php", "artisan", "schedule:work"] }] }, deployment: { singleton: true } } },
            },
        });
        const svc = one(run.resources, "aws:ecs/service:Service", "clock");
        assert.deepStrictEqual([svc.inputs.desiredCount, svc.inputs.deploymentMinimumHealthyPercent, svc.inputs.deploymentMaximumPercent], [1, 0, 100]);
    });
});

const SHAPES = require("path").join(__dirname, "..", "examples", "stacks", "Pulumi.services.yaml");
const policies = (resources: RecordedResource[]) => Object.fromEntries(ofType(resources, "aws:appautoscaling/policy:Policy").map((p) => [p.name, p.inputs]));

describe("scaling signals", () => {
    it("scales a web service on requests alone when scaleOnCpu is false (no implied CPU policy)", async () => {
        const resources = await web({ ...rails(), autoscaling: { minTasks: 2, maxTasks: 8, scaleOnCpu: false, requestsPerTarget: 500 } });
        const p = policies(resources);
        assert.deepStrictEqual(Object.keys(p), ["web-requests"]);
        assert.strictEqual(p["web-requests"].targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType, "ALBRequestCountPerTarget");
        // Without the switch the CPU policy stays, as before.
        assert.deepStrictEqual(Object.keys(policies(await web({ ...rails(), autoscaling: { minTasks: 2, maxTasks: 8, requestsPerTarget: 500 } }))).sort(), ["web-cpu", "web-requests"]);
    });

    it("tracks any CloudWatch metric: namespace, name, dimensions, statistic and unit as given", async () => {
        const metric = { namespace: "Shop/Web", metricName: "ActiveSessionsPerTask", dimensions: [{ name: "Stage", value: "prod" }], statistic: "Maximum" as const, unit: "Count", targetValue: 200 };
        const resources = await web({ ...rails(), autoscaling: { minTasks: 2, maxTasks: 8, metrics: [metric], scaleInCooldownSeconds: 600 } });
        assert.deepStrictEqual(policies(resources)["web-metric-0"], {
            policyType: "TargetTrackingScaling",
            resourceId: "service/cluster-0000000/web-0000000",
            scalableDimension: "ecs:service:DesiredCount",
            serviceNamespace: "ecs",
            targetTrackingScalingPolicyConfiguration: {
                targetValue: 200,
                scaleInCooldown: 600,
                scaleOutCooldown: 60,
                customizedMetricSpecification: { namespace: "Shop/Web", metricName: "ActiveSessionsPerTask", dimensions: [{ name: "Stage", value: "prod" }], statistic: "Maximum", unit: "Count" },
            },
        });
    });

    it("turns absolute steps into one policy and alarm per direction, bounds relative to the alarm's threshold", async () => {
        const { resources } = await worker({
            ...sidekiq(),
            scaling: { minTasks: 1, maxTasks: 6, scaleOnCpu: false, steps: [{ namespace: "App/Jobs", metricName: "WaitSeconds", statistic: "Maximum", steps: [{ lower: 120, change: 3 }, { upper: 5, change: -1 }, { lower: 30, change: 1 }, { upper: 1, change: -2 }] }] },
        });
        const p = policies(resources);
        assert.deepStrictEqual(Object.keys(p).sort(), ["clock-steps-0-in", "clock-steps-0-out"]);
        assert.deepStrictEqual(p["clock-steps-0-out"].stepScalingPolicyConfiguration, {
            adjustmentType: "ChangeInCapacity",
            cooldown: 60,
            metricAggregationType: "Maximum",
            stepAdjustments: [
                { metricIntervalLowerBound: "0", metricIntervalUpperBound: "90", scalingAdjustment: 1 },
                { metricIntervalLowerBound: "90", scalingAdjustment: 3 },
            ],
        });
        assert.deepStrictEqual(p["clock-steps-0-in"].stepScalingPolicyConfiguration.stepAdjustments, [
            { metricIntervalUpperBound: "0", metricIntervalLowerBound: "-4", scalingAdjustment: -1 },
            { metricIntervalUpperBound: "-4", scalingAdjustment: -2 },
        ]);
        assert.strictEqual(p["clock-steps-0-in"].stepScalingPolicyConfiguration.cooldown, 300);
        const alarms = Object.fromEntries(ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [a.name, a.inputs]));
        assert.deepStrictEqual(
            [alarms["clock-steps-0-out"].comparisonOperator, alarms["clock-steps-0-out"].threshold, alarms["clock-steps-0-out"].statistic, alarms["clock-steps-0-out"].alarmActions],
            ["GreaterThanOrEqualToThreshold", 30, "Maximum", ["arn:aws:mock:us-east-1:123456789012:Policy/clock-steps-0-out-0000000"]],
        );
        assert.deepStrictEqual([alarms["clock-steps-0-in"].comparisonOperator, alarms["clock-steps-0-in"].threshold], ["LessThanOrEqualToThreshold", 5]);
        assert.strictEqual(one(resources, "aws:ecs/service:Service").inputs.desiredCount, 1);
    });

    it("schedules the range of the task count, in the schedule's time zone, on the service's own scalable target", async () => {
        const { resources } = await worker({ ...sidekiq(), scaling: { minTasks: 1, schedules: [{ name: "night", schedule: "cron(0 20 ? * * *)", timezone: "Europe/Berlin", minTasks: 0, maxTasks: 0 }, { name: "morning", schedule: "cron(0 7 ? * MON-FRI *)", minTasks: 1, maxTasks: 1 }] } });
        const actions = Object.fromEntries(ofType(resources, "aws:appautoscaling/scheduledAction:ScheduledAction").map((a) => [a.name, a.inputs]));
        assert.deepStrictEqual(actions["clock-schedule-night"], {
            name: "night",
            schedule: "cron(0 20 ? * * *)",
            timezone: "Europe/Berlin",
            scalableTargetAction: { minCapacity: 0, maxCapacity: 0 },
            resourceId: "service/cluster-0000000/clock-0000000",
            scalableDimension: "ecs:service:DesiredCount",
            serviceNamespace: "ecs",
        });
        assert.strictEqual(actions["clock-schedule-morning"].timezone, "UTC");
        // A fixed count moved only by schedules: a scalable target, no CPU policy, and ECS's count left to it.
        assert.deepStrictEqual(Object.keys(policies(resources)), []);
        const target = one(resources, "aws:appautoscaling/target:Target");
        assert.deepStrictEqual([target.inputs.minCapacity, target.inputs.maxCapacity], [1, 1]);
        assert.ok(one(resources, "aws:appautoscaling/scheduledAction:ScheduledAction", "clock-schedule-night").dependsOn.includes("aws:appautoscaling/target:Target::clock-scaling"));
    });

    it("refuses signals AWS would refuse, or that could not work, before any resource exists", () => {
        const scaled = (scaling: WorkerArgs["scaling"]) => ({ ...sidekiq(), scaling });
        const cases: Array<[Omit<WorkerArgs, "cluster" | "vpcId" | "subnetIds">, string]> = [
            [scaled({ schedules: [{ name: "night", schedule: "cron(0 20 * * MON *)", minTasks: 0 }] }), "scaling.schedules[0].schedule: is \"cron(0 20 * * MON *)\""],
            [scaled({ schedules: [{ name: "night", schedule: "rate(1 hour)", timezone: "europe/berlin", minTasks: 0 }] }), 'scaling.schedules[0].timezone: is "europe/berlin"; time zone names are case-sensitive: "Europe/Berlin"'],
            [scaled({ schedules: [{ name: "a", schedule: "rate(1 day)", minTasks: 0 }, { name: "a", schedule: "rate(2 days)", minTasks: 1 }] }), 'scaling.schedules[1].name: is "a" again'],
            [scaled({ schedules: [{ name: "Night", schedule: "rate(1 day)", minTasks: 0 }] }), 'scaling.schedules[0].name: is "Night"; allowed: lower-case letters'],
            [scaled({ schedules: [{ name: "x", schedule: "rate(1 day)" }] }), "scaling.schedules[0]: sets neither minTasks nor maxTasks"],
            [scaled({ minTasks: 1, maxTasks: 3, schedules: [{ name: "x", schedule: "rate(1 day)", minTasks: 5 }] }), "scaling.schedules[0].minTasks: is 5, above the maximum 3 in force; give maxTasks too"],
            [scaled({ minTasks: 1, maxTasks: 3, steps: [{ namespace: "A", metricName: "B", steps: [{ lower: 10, upper: 20, change: 1 }] }] }), "scaling.steps[0].steps[0]: has both lower and upper"],
            [scaled({ minTasks: 1, maxTasks: 3, steps: [{ namespace: "A", metricName: "B", steps: [{ lower: 10, change: -1 }] }] }), "scaling.steps[0].steps[0].change: is -1; a step with lower scales out"],
            [scaled({ minTasks: 1, maxTasks: 3, steps: [{ namespace: "A", metricName: "B", steps: [{ lower: 10, change: 1 }, { upper: 10, change: -1 }] }] }), "scaling.steps[0].steps: scale in at or below 10 and out at or above 10"],
            [scaled({ minTasks: 1, maxTasks: 3, steps: [{ namespace: "A", metricName: "B", periodSeconds: 45, steps: [{ lower: 10, change: 1 }] }] }), "scaling.steps[0].periodSeconds: is 45; allowed: 10, 20, 30 or a multiple of 60"],
            [scaled({ minTasks: 1, maxTasks: 3, metrics: [{ namespace: "A", metricName: "B", statistic: "p99" as never, targetValue: 5 }] }), 'scaling.metrics[0].statistic: is "p99"'],
            [scaled({ minTasks: 1, maxTasks: 3, metrics: [{ namespace: "A", metricName: "B", unit: "requests", targetValue: 0 }] }), 'scaling.metrics[0].unit: is "requests"; allowed: a CloudWatch unit'],
            [scaled({ minTasks: 1, maxTasks: 3, metrics: [{ namespace: "A", metricName: "B", targetValue: 0 }] }), "scaling.metrics[0].targetValue: is 0; allowed: a number above 0"],
            [scaled({ minTasks: 1, maxTasks: 3, scaleOnCpu: false, cpuPercent: 50 }), "scaling.cpuPercent: is set, but scaleOnCpu is false"],
        ];
        cases.forEach(([settings, message], i) => throwsValidation(() => new Worker(`bad${i}`, { ...settings, ...placement({} as aws.ecs.Cluster) }), `Worker "bad${i}"`, message));
        throwsValidation(() => new FargateWebService("w1", { ...rails(), autoscaling: { minTasks: 1, maxTasks: 4, scaleOnCpu: false } } as FargateWebServiceArgs), "autoscaling.scaleOnCpu: is false and nothing else scales the service");
    });

    it("a stack file plans every signal, and the plan prices the schedules' hours", async () => {
        const run = await runProgram({ stack: "services", stackFile: SHAPES, overrides: { "fargate-kit:imageTag": "3f2c1ab" } });
        const p = policies(run.resources);
        assert.deepStrictEqual(Object.keys(p).filter((n) => n.startsWith("web-")).sort(), ["web-metric-0", "web-requests"]);
        assert.deepStrictEqual(Object.keys(p).filter((n) => n.startsWith("horizon-")).sort(), ["horizon-steps-0-in", "horizon-steps-0-out"]);
        assert.deepStrictEqual(ofType(run.resources, "aws:appautoscaling/scheduledAction:ScheduledAction").map((a) => a.name).sort(), ["mail-schedule-morning", "mail-schedule-night", "web-schedule-evening", "web-schedule-office-hours"]);
        const cost = estimateCost(run);
        const web = cost.lines.find((l) => l.item.startsWith("Fargate web:"))!;
        // 2 more tasks 11 h on each of the model month's 22 weekdays: 2 + 2 × 11 × 22 / 720.
        assert.match(web.item, /^Fargate web: 2\.67 × 0\.5 vCPU \/ 1 GB x86 \(scheduled: 2\.67 tasks on average/);
        const perTask = cost.lines.find((l) => l.item.startsWith("Fargate scheduler:"))!.monthly * 2; // 0.5 vCPU/1 GB is twice the scheduler's size
        assert.ok(Math.abs(web.monthly - perTask * (2 + (2 * 11 * 22) / 720)) < 0.05, `${web.monthly}`);
    });

    it("prices a stage at zero 12 hours a day at half its tasks", () => {
        const target = { inputs: { minCapacity: 2, maxCapacity: 4 } } as unknown as RecordedResource;
        const action = (name: string, schedule: string, min: number, max: number) => ({ inputs: { name, schedule, scalableTargetAction: { minCapacity: min, maxCapacity: max } } }) as unknown as RecordedResource;
        const s = scheduledCount(target, [action("night", "cron(0 20 * * ? *)", 0, 0), action("morning", "cron(0 8 * * ? *)", 2, 4)])!;
        assert.strictEqual(s.averageTasks, 1);
        assert.strictEqual(s.averageMaxTasks, 2);
        // at() fires once: the steady month is the one after it, which the model does not guess.
        assert.deepStrictEqual(scheduledCount(target, [action("launch", "at(2027-01-01T00:00:00)", 6, 6)])!, { averageTasks: 2, averageMaxTasks: 4, ignored: ["launch"] });
    });
});

describe("load-balancer targets", () => {
    const sidecar = (): WebSettings => ({
        task: {
            image: IMAGE,
            cpu: 512,
            memory: 1024,
            containers: [
                { name: "tls", image: "public.ecr.aws/nginx/nginx:1.27", ports: [{ containerPort: 8443 }, { containerPort: 9000 }] },
                { name: "app", ports: [{ containerPort: 3000 }] },
            ],
        },
        containerName: "tls",
        containerPort: 8443,
    });

    it("speaks HTTPS to a TLS sidecar, checks health on another port and protocol, which only the load balancer may reach", async () => {
        const resources = await web({ ...sidecar(), targetProtocol: "HTTPS", healthCheck: { path: "/health", port: 9000, protocol: "HTTP" } });
        const tg = one(resources, "aws:lb/targetGroup:TargetGroup", "web-tg").inputs;
        assert.deepStrictEqual([tg.protocol, tg.port, tg.protocolVersion], ["HTTPS", 8443, undefined]);
        assert.deepStrictEqual([tg.healthCheck.protocol, tg.healthCheck.port, tg.healthCheck.path], ["HTTP", "9000", "/health"]);
        const ingress = one(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-health-from-lb").inputs;
        assert.deepStrictEqual([ingress.securityGroupId, ingress.referencedSecurityGroupId, ingress.fromPort, ingress.toPort], ["web-tasks-id", "web-lb-id", 9000, 9000]);
        const egress = one(resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "web-lb-to-health").inputs;
        assert.deepStrictEqual([egress.securityGroupId, egress.referencedSecurityGroupId, egress.fromPort], ["web-lb-id", "web-tasks-id", 9000]);
    });

    it("sets stickiness and slow start on the target group; the default group keeps its inputs and name", async () => {
        const resources = await web({ ...rails(), stickiness: { type: "app_cookie", cookieName: "laravel_session", durationSeconds: 3600 }, slowStartSeconds: 60 });
        const tg = one(resources, "aws:lb/targetGroup:TargetGroup", "web-tg").inputs;
        assert.deepStrictEqual(tg.stickiness, { enabled: true, type: "app_cookie", cookieDuration: 3600, cookieName: "laravel_session" });
        assert.strictEqual(tg.slowStart, 60);
        const plain = one(await web(rails()), "aws:lb/targetGroup:TargetGroup", "web-tg").inputs;
        assert.deepStrictEqual([plain.stickiness, plain.slowStart, plain.protocol, plain.protocolVersion, plain.healthCheck.port, plain.healthCheck.protocol], [undefined, undefined, "HTTP", undefined, "traffic-port", "HTTP"]);
        // Its name is the one it had before the target settings existed (web-service.test.ts pins
        // stage's "fargate-kit-stage-web-tg-879b"): existing groups are not replaced.
    });

    it("a protocol change renames the group, so the new one is created beside the old (deleteBeforeReplace false)", async () => {
        const before = await web(sidecar());
        const after = await web({ ...sidecar(), targetProtocol: "HTTPS" });
        const [a, b] = [before, after].map((rs) => one(rs, "aws:lb/targetGroup:TargetGroup", "web-tg"));
        assert.notStrictEqual(a.inputs.name, b.inputs.name);
        assert.ok(b.inputs.name.length <= 32, b.inputs.name);
        assert.deepStrictEqual(replacementProblems(before, after), []);
    });

    it("refuses target settings ELB would refuse, naming the key", () => {
        const cases: Array<[WebSettings, string]> = [
            [{ ...rails(), slowStartSeconds: 10 }, "slowStartSeconds: is 10; allowed: 0 (off) or a whole number from 30 to 900 seconds"],
            [{ ...rails(), stickiness: { type: "app_cookie" } }, "stickiness.cookieName: is missing; app_cookie follows the app's own cookie"],
            [{ ...rails(), stickiness: { type: "app_cookie", cookieName: "AWSALBAPP-1" } }, 'stickiness.cookieName: is "AWSALBAPP-1"; names starting with AWSALB'],
            [{ ...rails(), stickiness: { cookieName: "sid" } }, "stickiness.cookieName: applies to app_cookie"],
            [{ ...rails(), stickiness: { durationSeconds: 700000 } }, "stickiness.durationSeconds: is 700000; allowed: a whole number from 1 to 604800 seconds"],
            [{ ...rails(), targetProtocolVersion: "HTTP2" }, "targetProtocolVersion: is HTTP2, which ELB offers only behind an HTTPS listener"],
            [{ ...rails(), targetProtocol: "HTTPS", healthCheck: { protocol: "HTTP" } }, "healthCheck.protocol: is HTTP, but the traffic port 3000 speaks HTTPS (targetProtocol)"],
            [{ ...rails(), healthCheck: { port: 9999 } }, "healthCheck.port: is 9999, which no container of the task exposes"],
            [{ ...rails(), targetProtocol: "TCP" as never }, 'targetProtocol: is "TCP"; allowed: "HTTP", "HTTPS"'],
        ];
        cases.forEach(([settings, message], i) => throwsValidation(() => new FargateWebService(`bad${i}`, settings as FargateWebServiceArgs), `FargateWebService "bad${i}"`, message));
    });

    it("ELB.17: an HTTPS listener with a pre-TLS 1.3 policy fails the control; plain HTTP listeners pass", () => {
        const listener = (protocol: string, sslPolicy?: string) => ({ type: "aws:lb/listener:Listener", name: `l-${protocol}`, inputs: { protocol, sslPolicy } }) as unknown as RecordedResource;
        const result = (rs: RecordedResource[]) => evaluateControls(rs).find((c) => c.id === "ELB.17")!;
        assert.deepStrictEqual(result([listener("HTTP"), listener("HTTPS", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09")]).status, "pass");
        assert.deepStrictEqual(result([listener("HTTPS", "ELBSecurityPolicy-2016-08")]).failures, ["Listener l-HTTPS"]);
    });
});

describe("service to service (Service Connect)", () => {
    let run: Awaited<ReturnType<typeof runProgram>>;
    before(async function () {
        this.timeout(60000);
        run = await runProgram({ stack: "services", stackFile: SHAPES, overrides: { "fargate-kit:imageTag": "3f2c1ab" } });
    });
    const service = (name: string) => one(run.resources, "aws:ecs/service:Service", name);
    const env = (family: string) => {
        const td = ofType(run.resources, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.inputs.family.endsWith(`-${family}`))!;
        return Object.fromEntries((JSON.parse(td.inputs.containerDefinitions)[0].environment ?? []).map((e: { name: string; value: string }) => [e.name, e.value]));
    };

    it("one HTTP namespace per stack; the backend publishes its port under its name, logging its proxy to its own log group", () => {
        const ns = one(run.resources, "aws:servicediscovery/httpNamespace:HttpNamespace", "app-connect");
        assert.strictEqual(ns.inputs.name, "fargate-kit-services");
        const sc = service("api").inputs.serviceConnectConfiguration;
        assert.deepStrictEqual([sc.enabled, sc.services], [true, [{ portName: "api", discoveryName: "api", clientAlias: [{ dnsName: "api", port: 8080 }] }]]);
        assert.strictEqual(sc.namespace, "arn:aws:mock:us-east-1:123456789012:HttpNamespace/fargate-kit-services");
        assert.deepStrictEqual([sc.logConfiguration.logDriver, sc.logConfiguration.options["awslogs-stream-prefix"], sc.logConfiguration.options["awslogs-region"]], ["awslogs", "service-connect", "us-east-1"]);
        const td = ofType(run.resources, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.inputs.family.endsWith("-api"))!;
        const ports = JSON.parse(td.inputs.containerDefinitions)[0].portMappings;
        assert.deepStrictEqual(ports.map((p: any) => [p.containerPort, p.name]), [[8080, "api"]]);
        // No load balancer for a backend service.
        assert.strictEqual(service("api").inputs.loadBalancers, undefined);
    });

    it("the plan says when the containers' limits leave the proxy less than AWS advises (256 CPU units, 64 MiB), and only then", async () => {
        const { buildPlan, summarize } = require("../plan/plan") as typeof import("../plan/plan");
        const YAML = require("yaml");
        const workers = YAML.parse(require("fs").readFileSync(SHAPES, "utf8")).config["fargate-kit:workers"];
        const text = (r: typeof run) => summarize(buildPlan(r), r);
        assert.doesNotMatch(text(run), /Service Connect proxy/);
        // Octane given the whole task by hard limits: nothing is left for the proxy.
        const api = { ...workers.api, task: { ...workers.api.task, containers: [{ ...workers.api.task.containers[0], cpu: 512, memory: 1000 }] } };
        const tight = await runProgram({ stack: "services", stackFile: SHAPES, overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:workers": { ...workers, api } } });
        assert.match(text(tight), /\n  api .*\n(?:.*\n)*? +Service Connect proxy: AWS advises leaving it 256 CPU units and 64 MiB of the task; the containers' limits leave 0 units and 24 MiB/);
    });

    it("named clients join as clients, get API_URL, and wait for the service they call; others stay out", () => {
        for (const client of ["web", "horizon"]) {
            const sc = service(client).inputs.serviceConnectConfiguration;
            assert.deepStrictEqual([sc.enabled, sc.services], [true, []], client);
            assert.strictEqual(env(client).API_URL, "http://api:8080", client);
            assert.ok(service(client).dependsOn.includes("aws:ecs/service:Service::api"), `${client} waits for api: ${service(client).dependsOn}`);
        }
        assert.strictEqual(service("scheduler").inputs.serviceConnectConfiguration, undefined);
        assert.strictEqual(env("scheduler").API_URL, undefined);
    });

    it("the backend's tasks admit only the named clients' tasks, on its port", () => {
        const rules = ofType(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === "api-tasks-id");
        assert.deepStrictEqual(
            rules.map((r) => [r.name, r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]).sort(),
            [["api-from-horizon", "horizon-tasks-id", 8080, 8080, undefined], ["api-from-web", "web-tasks-id", 8080, 8080, undefined]],
        );
    });

    it("refuses reachableFrom that could not work, at the key", async () => {
        const api = { queue: false, task: { cpu: 256, memory: 512, containers: [{ name: "api", command: ["node", "api.js"], ports: [8080] }] } };
        const web = serviceConfig("stage", "webServices", "web");
        const refused = async (workers: Record<string, unknown>, message: string, app?: Record<string, unknown>) => {
            await assert.rejects(
                runProgram({ stack: "stage", overrides: { "fargate-kit:imageTag": "3f2c1ab", "fargate-kit:webServices": { web: { ...web, sendsTo: undefined } }, "fargate-kit:workers": workers, ...(app ? { "fargate-kit:app": app } : {}) } }),
                (e: Error) => e.message.includes(message) || assert.fail(e.message),
            );
        };
        await refused({ api: { ...api, reachableFrom: ["front"] } }, 'fargate-kit:workers.api.reachableFrom[0]: is "front", which is not a service of this stack');
        await refused({ api: { ...api, reachableFrom: ["api"] } }, 'fargate-kit:workers.api.reachableFrom[0]: is "api" itself');
        await refused({ api: { ...api, queue: true, reachableFrom: ["web"] } }, "fargate-kit:workers.api.reachableFrom: is set on a worker on an SQS queue");
        await refused({ api: { ...api, task: { ...api.task, containers: [{ name: "api", command: ["node", "api.js"] }] }, reachableFrom: ["web"] } }, "fargate-kit:workers.api.reachableFrom: is set, but the service has no port");
        await refused(
            { api: { ...api, reachableFrom: ["cron"] }, cron: { ...api, task: { ...api.task, containers: [{ name: "cron", command: ["node", "cron.js"], ports: [9000] }] }, reachableFrom: ["api"] } },
            "reachableFrom forms a cycle",
        );
    });

    it("refuses a client variable that is set elsewhere (one place per variable)", () => {
        const c = Check.root();
        const api = { queue: false, reachableFrom: ["web"], task: { cpu: 256, memory: 512, containers: [{ name: "api", ports: [{ containerPort: 8080 }] }] } } as any;
        const web = { task: { cpu: 256, memory: 512, containers: [{ name: "web", ports: [{ containerPort: 3000 }], environment: { API_URL: "http://old" } }] } } as any;
        checkReachableFrom((kind, name) => c.at(`${kind}.${name}`), { webServices: { web }, workers: { api } }, {} as any);
        assert.match(c.problems.map((p) => `${p.path}: ${p.message}`).join("\n"), /workers\.api\.reachableFrom: names "web", which would get API_URL \(http:\/\/api:8080\), but webServices\.web\.task\.containers\[0\] \(web\) already sets API_URL/);
    });

    it("the library refuses a published port the task does not name", () => {
        throwsValidation(
            () => new Worker("lib", { ...sidekiq(), serviceConnect: { namespace: "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1", publish: [{ portName: "http" }] }, ...placement({} as aws.ecs.Cluster) }),
            'Worker "lib"',
            'serviceConnect.publish[0].portName: is "http", which is not a named port of the task; named ports: none',
        );
    });
});
