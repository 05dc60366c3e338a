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
