import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ProgramRun, readStackFiles, runProgram } from "../tools/mock-runtime";
import { Plan, buildPlan, diffPlans, estimateCost, spotTasks, summarize } from "../plan/plan";
import { PRICES } from "../plan/prices";
import { bothStacks, serviceConfig, withWeb } from "./support";

const root = path.join(__dirname, "..");
const TAG = { "fargate-kit:imageTag": "3f2c1ab" };

describe("offline plan (npm run synth)", () => {
    let stageRun: ProgramRun;
    let prodRun: ProgramRun;
    let stage: Plan;
    let prod: Plan;
    before(async () => {
        ({ stage: stageRun, prod: prodRun } = await bothStacks());
        stage = buildPlan(stageRun);
        prod = buildPlan(prodRun);
    });

    it("has exactly the documented JSON shape", () => {
        assert.deepStrictEqual(Object.keys(prod), ["project", "stack", "resources", "outputs", "estimate", "rollout"]);
        assert.deepStrictEqual([prod.project, prod.stack], ["fargate-kit", "prod"]);
        for (const r of prod.resources) {
            assert.deepStrictEqual(Object.keys(r), ["type", "name", "parent", "protect", "retainOnDelete", "customTimeouts", "inputs"]);
            assert.ok(r.parent === null || /^[\w-]+:[\w/-]*:\w+::[\w-]+$/.test(r.parent), `parent ${r.parent}`);
        }
        assert.deepStrictEqual(Object.keys(prod.estimate), ["region", "currency", "priceDate", "monthly", "monthlyAtMaxScale", "byCategory", "byService", "lines"]);
        assert.match(prod.estimate.priceDate, /^\d{4}-\d{2}-\d{2}$/);
        for (const l of prod.estimate.lines) assert.deepStrictEqual(Object.keys(l), ["item", "monthly", "category", "service", "atMaxScale", "cheaper"]);
        const sum = (key: "monthly" | "atMaxScale", lines = prod.estimate.lines) => lines.reduce((s, l) => s + Math.round(l[key] * 100), 0) / 100;
        assert.strictEqual(prod.estimate.monthly, sum("monthly"));
        assert.strictEqual(prod.estimate.monthlyAtMaxScale, sum("atMaxScale"));
        for (const [category, subtotal] of Object.entries(prod.estimate.byCategory)) assert.strictEqual(subtotal, sum("monthly", prod.estimate.lines.filter((l) => l.category === category)), category);
        for (const [service, subtotal] of Object.entries(prod.estimate.byService)) assert.strictEqual(subtotal, sum("monthly", prod.estimate.lines.filter((l) => l.service === service)), service);
        assert.deepStrictEqual(Object.keys(prod.estimate.byService), ["worker", "web", "scheduler"]);
        const services = prod.resources.filter((r) => r.type === "aws:ecs/service:Service").map((r) => r.name).sort();
        assert.deepStrictEqual(prod.rollout.map((r) => r.service).sort(), services);
        for (const r of prod.rollout) assert.deepStrictEqual(Object.keys(r), ["service", "seconds", "parts"]);
        // Inputs are the registered values with outputs resolved, e.g. the ECS service's cluster ARN.
        const svc = prod.resources.find((r) => r.type === "aws:ecs/service:Service" && r.name === "web")!;
        assert.strictEqual(svc.inputs.cluster, "arn:aws:ecs:us-east-1:123456789012:cluster/fargate-kit-prod-app");
        assert.strictEqual(prod.resources.find((r) => r.type === "aws:ecr/repository:Repository")!.protect, true);
    });

    it("prices stage by hand-checkable arithmetic (us-east-1, 730 h)", () => {
        const lines = Object.fromEntries(stage.estimate.lines.map((l) => [l.item.split(":")[0], l]));
        // web: 1 task × (0.5 vCPU × $0.04048 + 1 GB × $0.004445) × 730 h = $18.02;
        // on ARM64 (0.5 × $0.03238 + 1 × $0.00356) × 730 = $14.42: $3.60 less
        assert.deepStrictEqual(lines["Fargate web"], { item: "Fargate web: 1 × 0.5 vCPU / 1 GB x86", monthly: 18.02, category: "compute", service: "web", atMaxScale: 18.02, cheaper: { option: "cpuArchitecture: ARM64", saves: 3.6 } });
        // worker: scales to zero, priced at 0; at its maximum, 2 Spot tasks ×
        // (0.25 × $0.04048 + 0.5 × $0.004445) × 730 h × (1 − 0.68) = 2 × $9.01 × 0.32 = $5.77.
        // No ARM64 hint at zero tasks (nothing to save).
        assert.deepStrictEqual(lines["Fargate worker"], {
            item: "Fargate worker: 0 × 0.25 vCPU / 0.5 GB x86, 0 on Spot at -68% (autoscaled 0–2, priced at 0; at 2: $5.77)",
            monthly: 0,
            category: "compute",
            service: "worker",
            atMaxScale: 5.77,
            cheaper: null,
        });
        // ALB: ($0.0225 + 1 LCU × $0.008) × 730 = $22.27
        assert.strictEqual(lines["Load balancer app-lb (1 LCU assumed)"].monthly, 22.27);
        // no NAT; public IPv4: 2 ALB + 1 task = 3 × $0.005 × 730 = $10.95; at maximum 2 + 1 + 2 = 5: $18.25
        assert.strictEqual(lines["NAT gateways"], undefined);
        assert.deepStrictEqual([lines["Public IPv4"].item, lines["Public IPv4"].monthly, lines["Public IPv4"].atMaxScale], ["Public IPv4: 3 addresses (2 load balancer, 0 NAT, 1 task)", 10.95, 18.25]);
        // 2 secrets × $0.40; 1 web task × 1 GB logs × $0.50; 1 repo × 5 GB × $0.10
        assert.strictEqual(lines["Secrets Manager"].monthly, 0.8);
        assert.deepStrictEqual([lines["Logs web"].monthly, lines["Logs worker"].monthly, lines["Logs worker"].atMaxScale], [0.5, 0, 1]);
        assert.strictEqual(lines["ECR storage"].monthly, 0.5);
        // the scheduler: 43200 runs × 60 s billed = 720 h × (0.25 × $0.04048 + 0.5 × $0.004445) = $8.89
        assert.strictEqual(lines["Scheduled scheduler"].monthly, 8.89);
        // alarms at $0.10 per metric read: web 7 alarms reading 9 metrics, worker 4 reading 6, the scheduler 1
        assert.deepStrictEqual([lines["Alarms web"].monthly, lines["Alarms worker"].monthly, lines["Alarms scheduler"].monthly], [0.9, 0.6, 0.1]);
        // Container Insights at $0.30 per metric: cluster 12, web 15 + 11, the scheduler's family 11; the
        // worker publishes none while scaled to zero (26 at its maximum)
        assert.deepStrictEqual(
            ["Container Insights (enabled) cluster", "Container Insights web", "Container Insights worker", "Container Insights scheduler"].map((k) => [lines[k].monthly, lines[k].atMaxScale]),
            [[3.6, 3.6], [7.8, 7.8], [0, 7.8], [3.3, 3.3]],
        );
        // The database: db.t4g.micro $0.016 × 730 + 20 GB gp3 × $0.115 = $13.98; the Valkey cache at its
        // 100 MB minimum: 0.1 × $0.084 × 730 + 100M ECPUs × $0.0023 = $6.36 (the RDS secret is one of the 2 above)
        assert.deepStrictEqual([lines["Database main"].monthly, lines["Cache main"].monthly], [13.98, 6.36]);
        // 18.02 + 0 + 8.89 + 10.95 + 22.27 + 0.5 + 0 + 1.6 + 14.7 + 0.8 + 0.5 + 13.98 + 6.36
        assert.strictEqual(stage.estimate.monthly, 98.57);
        assert.deepStrictEqual(stage.estimate.byService, { worker: 0.6, web: 27.22, scheduler: 12.29 });
        const text = summarize(stage, stageRun);
        assert.match(text, /\$18\.02  Fargate web: 1 × 0\.5 vCPU \/ 1 GB x86\n +→ cpuArchitecture: ARM64 would save \$3\.60\/month/);
        assert.match(text, /\$98\.57  total · \$120\.44 with every autoscaled service at its maximum/);
    });

    it("prices prod's NAT gateways per AZ, offers NAT instances next to them, and prices autoscaled services at their minimum", () => {
        const lines = Object.fromEntries(prod.estimate.lines.map((l) => [l.item.split(":")[0], l]));
        // 2 × ($0.045 × 730 + 20 GB × $0.045) = $67.50; 2 × t4g.nano ($0.0042 × 730 + 8 GB × $0.08) = $7.41 → $60.09 less
        assert.deepStrictEqual(lines["NAT gateways"], { item: "NAT gateways: 2 (+20 GB each assumed)", monthly: 67.5, category: "network", service: null, atMaxScale: 67.5, cheaper: { option: "nat: instance (2 × t4g.nano)", saves: 60.09 } });
        // web: 2 × (1 × 0.04048 + 2 × 0.004445) × 730 = $72.08; at 10 tasks $360.40
        assert.strictEqual(lines["Fargate web"].monthly, 72.08);
        assert.strictEqual(lines["Fargate web"].atMaxScale, 360.4);
        assert.match(lines["Fargate web"].item, /priced at 2; at 10: \$360\.40/);
        // a worker with Spot above its on-demand base: ARM64 would lose Spot, and says so
        assert.deepStrictEqual(lines["Fargate worker"].cheaper, { option: "cpuArchitecture: ARM64 (no Fargate Spot on ARM64)", saves: 3.6 });
        // the NAT gateways alarm on port exhaustion (1 metric) and drops (3 metrics): 2 × $0.40
        assert.strictEqual(lines["Alarms shared"].monthly, 0.8);
    });

    it("splits tasks between Fargate and Spot as ECS does: base first, then by weight", () => {
        const strategy = [
            { capacityProvider: "FARGATE", weight: 25, base: 2 },
            { capacityProvider: "FARGATE_SPOT", weight: 75, base: 0 },
        ];
        assert.strictEqual(spotTasks(strategy, 2), 0);
        assert.strictEqual(spotTasks(strategy, 6), 3);
        assert.strictEqual(spotTasks([{ capacityProvider: "FARGATE_SPOT", weight: 100, base: 0 }], 4), 4);
        assert.strictEqual(spotTasks([{ capacityProvider: "FARGATE", weight: 1, base: 0 }], 4), 0);
    });

    it("plans every region: one without sourced prices is shown as not priced, never as a silent zero", () => {
        const estimate = estimateCost({ ...prodRun, region: "eu-north-1" });
        assert.deepStrictEqual([estimate.monthly, estimate.lines], [null, []]);
        assert.match(estimate.note!, /^not priced: the price table \(plan\/prices\.ts, \d{4}-\d{2}-\d{2}\) has sourced prices for us-east-1, ap-northeast-1 only, not eu-north-1$/);
        assert.ok(PRICES["ap-northeast-1"].fargateX86VcpuHour > PRICES["us-east-1"].fargateX86VcpuHour);
    });


    it("prices Tokyo from its own column", async () => {
        const tokyo = await runProgram({ stack: "stage", overrides: { ...TAG, "aws:region": "ap-northeast-1" } });
        const web = estimateCost(tokyo).lines.find((l) => l.item.startsWith("Fargate web"))!;
        // (0.5 × $0.05056 + 1 × $0.005536) × 730 = $22.50
        assert.strictEqual(web.monthly, 22.5);
    });

    it("models each service's rollout and the AWS-default equivalent", () => {
        const web = prod.rollout.find((r) => r.service === "web")!;
        // 30 s start (assumed) + 2 × 5 s health + 30 s drain, one wave at 100/200 %
        assert.deepStrictEqual(web, { service: "web", seconds: 70, parts: { strategy: "ROLLING", taskStart: 30, healthDetection: 10, drain: 30, bake: 0, waves: 1, awsDefaultSeconds: 480 } });
        const worker = prod.rollout.find((r) => r.service === "worker")!;
        // no load balancer: healthy 40 s after RUNNING; an old task may take stopTimeout (120 s) to finish its job
        assert.deepStrictEqual(worker.parts, { strategy: "ROLLING", taskStart: 30, healthDetection: 40, drain: 120, bake: 0, waves: 1, awsDefaultSeconds: 100 });
    });

    it("adds bake time for blue/green", async () => {
        const run = await runProgram({ stack: "stage", overrides: { ...TAG, ...withWeb({ ...serviceConfig("stage", "webServices", "web"), deployment: { strategy: "BLUE_GREEN", bakeTimeMinutes: 3 } }) } });
        const web = buildPlan(run).rollout.find((r) => r.service === "web")!;
        assert.deepStrictEqual([web.seconds, web.parts.bake, web.parts.strategy], [30 + 10 + 180 + 30, 180, "BLUE_GREEN"]);
    });

    it("summarizes resources by component, services, cost and rollout", () => {
        const text = summarize(prod, prodRun);
        assert.match(text, /^fargate-kit · stack prod · us-east-1 · \d+ resources \(\d+ protected\)/);
        assert.match(text, /SharedLoadBalancer app \(\d+\): .*LoadBalancer/);
        assert.match(text, /web +1 vCPU \/ 2 GB X86_64 · 2–10 tasks · ROLLING · health \/up every 5s · drain 30s/);
        assert.match(text, /\$\d+\.\d\d {2}total/);
        // What each writable path starts with, said plainly.
        assert.match(text, /\n +php writable: \/var\/www\/html\/storage, \/tmp \(seeded from the image\)\n/);
        assert.match(text, /\n +nginx writable: \/var\/cache\/nginx, \/var\/run, \/tmp \(start empty and root-owned, hiding the image's files there\)\n/);
        assert.match(text, /web +70 s {2}ROLLING: start 30 \+ health 10 \+ drain 30 s, 1 wave\(s\) · AWS defaults: 480 s/);
    });

    it("diffs two stacks readably: cost first, resources grouped, stack-name-only values folded into one line", () => {
        const text = diffPlans(stage, prod);
        const lines = text.split("\n");
        assert.strictEqual(lines[0], "Differences stage → prod");
        // The cost difference first, by category, largest first.
        const delta = Math.round((prod.estimate.monthly! - stage.estimate.monthly!) * 100) / 100;
        assert.strictEqual(lines[2], `Monthly estimate: $${stage.estimate.monthly!.toFixed(2)} → $${prod.estimate.monthly!.toFixed(2)} (+$${delta.toFixed(2)}) · at maximum scale $${stage.estimate.monthlyAtMaxScale!.toFixed(2)} → $${prod.estimate.monthlyAtMaxScale!.toFixed(2)}`);
        assert.match(lines[3], /^ +\+\$\d+\.\d\d {2}(compute|network|data) \(\$/);
        // Resources only one side has, one line per type.
        assert.match(text, /\n {2}\+ Listener app-http-redirect, app-https\n/);
        assert.match(text, /\n {2}\+ Certificate app-cert\n/);
        // tags.stack and every name, ARN and path that differs only by the stack name: one line.
        assert.doesNotMatch(text, /\n +tags\.stack:/);
        assert.doesNotMatch(text, /"fargate-kit-stage-app" → "fargate-kit-prod-app"/);
        assert.match(text, /\n {2}\(\d+ value\(s\) in \d+ resource\(s\) differ only by the stack name, stage → prod, \d+ of them tags\.stack: names, ARNs, paths; not listed\)\n/);
        // The same change on several resources, once; a resource's own changes under it.
        assert.match(text, /\n {6}protect: false → true {2}\(10: LogGroup app-exec, [^)]*; Repository app; ServerlessCache main; Queue [^)]*\)\n/);
        assert.strictEqual(text.match(/protect: false → true/g)!.length, 1);
        assert.match(text, /~ Repository app\n +forceDelete: true → false\n {2}~/);
        assert.match(text, /~ Vpc app\n +natGateways\.strategy: "None" → "OnePerAz"\n +subnetSpecs\[1\]: \(unset\) → \{"cidrMask":20,"type":"Private"\}\n/);
        // A list of plain values is shown whole, once; a block only one side has is one line.
        assert.match(text, /~ Service web\n(.*\n)*? +networkConfiguration\.subnets: \["subnet-public-0","subnet-public-1"\] → \["subnet-private-0","subnet-private-1"\]\n/);
        assert.doesNotMatch(text, /subnets\[0\]/);
        assert.match(text, /~ LoadBalancer app-lb\n +accessLogs: \(unset\) → \{"bucket":"fargate-kit-prod-app-lb-logs-0000000","enabled":true,"prefix":"app"\}\n/);
        assert.ok(lines.length < 150, `${lines.length} lines`);
    });


});

describe("stack files with ESC environments", () => {
    it("are read with their imports listed, and the plan says they were not opened", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "esc-"));
        for (const f of ["Pulumi.yaml", "index.ts"]) fs.copyFileSync(path.join(root, f), path.join(dir, f));
        for (const d of ["stack", "components", "node_modules"]) fs.symlinkSync(path.join(root, d), path.join(dir, d));
        const stage = fs.readFileSync(path.join(root, "Pulumi.stage.yaml"), "utf8").replace("config:\n", "environment:\n  - fargate-kit/stage\nconfig:\n");
        fs.writeFileSync(path.join(dir, "Pulumi.esc.yaml"), stage);
        assert.deepStrictEqual(readStackFiles(dir, "esc").environments, ["fargate-kit/stage"]);
        const run = await runProgram({ root: dir, stack: "esc", overrides: TAG });
        assert.match(summarize(buildPlan(run), run), /ESC environments fargate-kit\/stage are not opened offline: config they provide is missing from this plan\./);
        fs.rmSync(dir, { recursive: true, force: true });
    });
});
