/**
 * Stack files as users write them (Pulumi.<stack>.yaml): their own zone, queue workers that send
 * to each other, certificates of another region, worker-only stacks, FireLens, and a load
 * balancer made elsewhere. Each describe's core case failed on 909da5c (cce6120 fixed them).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import * as aws from "@pulumi/aws";
import { loadStackConfig } from "../stack/config";
import { StackConfig } from "../stack/stack-config";
import { ProgramRun, RecordedResource, readStackFiles, runInMocks, runProgram } from "../tools/mock-runtime";
import { evaluateControls } from "../plan/controls";
import { SharedLoadBalancer } from "../components/platform/load-balancer";
import { FargateWebService } from "../components/services/web-service";
import { QueueWorker } from "../components/services/queue-worker";
import { containerDefs, ofType, one, statements, throwsValidation } from "./support";

const root = path.join(__dirname, "..");
const TAG = { "fargate-kit:imageTag": "abc1234" };
const ACCOUNT = "123456789012";
const PROD = readStackFiles(root, "prod").config;
/** A key of Pulumi.prod.yaml, parsed (a fresh copy each time). */
const prod = (key: string) => JSON.parse(PROD[`fargate-kit:${key}`]);

/** Loads the prod stack file with some keys replaced (`undefined` removes a key), as the program would. */
function load(patch: Record<string, unknown>): StackConfig {
    const raw = { ...PROD };
    // A patch that replaces the services leaves out the database and cache, whose usedBy names prod's.
    if (["fargate-kit:webServices", "fargate-kit:workers"].some((k) => k in patch)) for (const k of ["fargate-kit:databases", "fargate-kit:caches"]) if (!(k in patch)) delete raw[k];
    for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete raw[k];
        else raw[k] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return loadStackConfig(raw, {}, "fargate-kit", "prod", () => false);
}
/** prod's `web` service with some fields replaced. */
const web = (patch: Record<string, unknown> = {}) => ({ ...prod("webServices").web, ...patch });
/** prod's `worker` with some fields replaced. */
const worker = (patch: Record<string, unknown> = {}) => ({ ...prod("workers").worker, ...patch });
/** A deep copy of a service config, to edit its containers. */
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** Reads (`Resource.get`) are recorded as custom resources with no inputs: they create nothing. */
const isRead = (r: RecordedResource) => r.custom && Object.keys(r.inputs).length === 0;
const created = (rs: RecordedResource[], type: string) => ofType(rs, type).filter((r) => !isRead(r));

/**
 * Runs `body` while recording the data-source calls (token and inputs) the mock monitor answers:
 * `ProgramRun.invokes` has the tokens only.
 */
async function recordingCalls<T>(body: () => Promise<T>): Promise<{ result: T; calls: { token: string; inputs: any }[] }> {
    const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");
    const { deserializeProperties } = require("@pulumi/pulumi/runtime/rpc");
    const calls: { token: string; inputs: any }[] = [];
    const invoke = MockMonitor.prototype.invoke;
    MockMonitor.prototype.invoke = function (req: any, callback: any) {
        calls.push({ token: req.getTok(), inputs: deserializeProperties(req.getArgs()) });
        return invoke.call(this, req, callback);
    };
    try {
        return { result: await body(), calls };
    } finally {
        MockMonitor.prototype.invoke = invoke;
    }
}


describe("a custom domain in the user's own Route 53 zone", () => {
    it("plans app.mycompany.io in the zone mycompany.io (no placeholder host checked against it)", () => {
        const config = load({ "fargate-kit:loadBalancer": { hostedZoneName: "mycompany.io" }, "fargate-kit:webServices": { web: web({ domainName: "app.mycompany.io" }) } });
        assert.deepStrictEqual([config.loadBalancer.hostedZoneName, config.webServices.web.domainName], ["mycompany.io", "app.mycompany.io"]);
    });

    it("takes the zone with its trailing dot, as Route 53 shows it (mycompany.io.)", () => {
        const config = load({ "fargate-kit:loadBalancer": { hostedZoneName: "mycompany.io." }, "fargate-kit:webServices": { web: web({ domainName: "app.mycompany.io" }) } });
        assert.strictEqual(config.loadBalancer.hostedZoneName, "mycompany.io");
    });

    it("takes a zone below a public suffix, with a host in it and the zone's apex", () => {
        const config = load({
            "fargate-kit:loadBalancer": { hostedZoneName: "shop.example.co.uk" },
            "fargate-kit:webServices": { web: web({ domainName: "www.shop.example.co.uk", aliases: ["shop.example.co.uk"] }) },
        });
        assert.deepStrictEqual([config.webServices.web.domainName, config.webServices.web.aliases], ["www.shop.example.co.uk", ["shop.example.co.uk"]]);
    });

    it("takes the zone by hostedZoneId, and still refuses a host outside a named zone", () => {
        load({ "fargate-kit:loadBalancer": { hostedZoneId: "Z0123456789ABCDEFGHIJ" }, "fargate-kit:webServices": { web: web({ domainName: "app.mycompany.io" }) } });
        throwsValidation(
            () => load({ "fargate-kit:loadBalancer": { hostedZoneName: "mycompany.io" }, "fargate-kit:webServices": { web: web({ domainName: "app.example.com" }) } }),
            'fargate-kit:webServices.web.domainName: is "app.example.com", which is outside the zone "mycompany.io" (fargate-kit:loadBalancer.hostedZoneName)',
        );
    });

    it("plans a copy of Pulumi.prod.yaml edited to the user's domain: certificate, zone look-up and alias record", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fargate-kit-stack-"));
        try {
            const doc = YAML.parseDocument(fs.readFileSync(path.join(root, "Pulumi.prod.yaml"), "utf8"));
            doc.setIn(["config", "fargate-kit:loadBalancer", "hostedZoneName"], "mycompany.io");
            doc.setIn(["config", "fargate-kit:webServices", "web", "domainName"], "app.mycompany.io");
            doc.setIn(["config", "fargate-kit:webServices", "web", "alarms", "email"], "ops@mycompany.io");
            const stackFile = path.join(dir, "Pulumi.prod.yaml");
            fs.writeFileSync(stackFile, doc.toString());
            const { result: run, calls } = await recordingCalls(() => runProgram({ stack: "prod", stackFile, overrides: TAG }));
            const cert = one(run.resources, "aws:acm/certificate:Certificate");
            assert.deepStrictEqual([cert.inputs.domainName, cert.inputs.subjectAlternativeNames], ["app.mycompany.io", undefined]);
            assert.ok(run.invokes.includes("aws:route53/getZone:getZone"), run.invokes.join(", "));
            assert.deepStrictEqual(
                calls.filter((c) => c.token === "aws:route53/getZone:getZone").map((c) => [c.inputs.name, c.inputs.privateZone]),
                [["mycompany.io", false]],
            );
            // Both records (validation and alias) are in the zone looked up (the mocks answer it with this id).
            for (const r of ofType(run.resources, "aws:route53/record:Record")) assert.strictEqual(r.inputs.zoneId, "Z0123456789ABCDEFGHIJ", r.name);
            const alias = ofType(run.resources, "aws:route53/record:Record").filter((r) => r.inputs.type === "A");
            assert.deepStrictEqual(alias.map((r) => r.inputs.name), ["app.mycompany.io"]);
            assert.strictEqual(run.outputs.url, "https://app.mycompany.io");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

const mailer = (patch: Record<string, unknown> = {}) => ({ task: { cpu: 256, memory: 512, containers: [{ name: "mailer", command: ["php", "artisan", "queue:work", "sqs"] }] }, ...patch });
const orders = { sendsTo: ["mailer"], task: { cpu: 256, memory: 512, containers: [{ name: "orders", command: ["php", "artisan", "queue:work", "sqs"] }] } };
let queueWorkers: Promise<ProgramRun> | undefined;
/**
 * prod with two queue workers, orders sending to mailer (whose variables are MAILER_QUEUE_*), run
 * once for the sendsTo and ECS.9 tests: mailer's container logs through FireLens.
 */
function queueWorkersRun(): Promise<ProgramRun> {
    const receiver = mailer({ queueUrlVariable: "MAILER_QUEUE_URL", queueNameVariable: "MAILER_QUEUE_NAME" });
    (receiver.task.containers[0] as Record<string, unknown>).logging = { fireLens: { name: "cloudwatch_logs", options: { region: "us-east-1", log_group_name: "/mailer" } } };
    queueWorkers ??= runProgram({ stack: "prod", overrides: { ...TAG, "fargate-kit:webServices": { web: web({ sendsTo: ["orders"] }) }, "fargate-kit:workers": { orders, mailer: receiver }, "fargate-kit:databases": undefined, "fargate-kit:caches": undefined } });
    return queueWorkers;
}

describe("sendsTo between queue workers", () => {
    it("refuses a queue worker sending to a worker whose variables are its own queue's (QUEUE_URL), with the fix", () => {
        throwsValidation(
            () => load({ "fargate-kit:webServices": { web: web({ sendsTo: ["orders"] }) }, "fargate-kit:workers": { orders, mailer: mailer() } }),
            'fargate-kit:workers.orders.sendsTo[0]: is "mailer", whose queue variables QUEUE_URL and QUEUE_NAME are also "orders"\'s own queue\'s; set queueUrlVariable and queueNameVariable on "mailer" (e.g. MAILER_QUEUE_URL and MAILER_QUEUE_NAME)',
        );
    });

    describe("with the receiver's variables renamed", () => {
        let run: ProgramRun;
        before(async () => {
            run = await queueWorkersRun();
        });

        it("gives the sender its own queue in QUEUE_URL/QUEUE_NAME and the receiver's in MAILER_QUEUE_URL/MAILER_QUEUE_NAME", () => {
            const [c] = containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "orders-task"));
            const env = Object.fromEntries(c.environment.map((e: { name: string; value: string }) => [e.name, e.value]));
            const url = (q: string) => `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/fargate-kit-prod-${q}`;
            assert.deepStrictEqual(
                [env.QUEUE_URL, env.QUEUE_NAME, env.MAILER_QUEUE_URL, env.MAILER_QUEUE_NAME],
                [url("orders"), "fargate-kit-prod-orders", url("mailer"), "fargate-kit-prod-mailer"],
            );
        });

        it("lets the sender's task role send to the receiver's queue", () => {
            const send = statements(one(run.resources, "aws:iam/rolePolicy:RolePolicy", "orders-task").inputs.policy).filter((s) => s.Action.includes("sqs:SendMessage"));
            assert.deepStrictEqual(send.flatMap((s) => s.Resource), [`arn:aws:sqs:us-east-1:${ACCOUNT}:fargate-kit-prod-mailer`]);
        });
    });

    it("refuses a QueueWorker whose container sets its own queue variable (QUEUE_URL)", async () => {
        await runInMocks(() => {
            const cluster = new aws.ecs.Cluster("cluster", {});
            const task = { image: "nginx:1.27", cpu: 256, memory: 512, containers: [{ name: "orders", command: ["work"], environment: { QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/mailer" } }] };
            throwsValidation(
                () => new QueueWorker("orders", { cluster, vpcId: "vpc-1", subnetIds: ["a", "b"], task }),
                'QueueWorker "orders"',
                "task.containers[0].environment.QUEUE_URL: is set, but QUEUE_URL is this worker's own queue variable (queueUrlVariable/queueNameVariable), which names its own queue",
            );
        });
    });

    it("refuses a worker whose own queue variable is also in app.environment, at the worker", () => {
        const app = prod("app");
        app.environment.SQS_QUEUE = "jobs";
        throwsValidation(
            () => load({ "fargate-kit:app": app }),
            "fargate-kit:workers.worker: has the queue variables SQS_QUEUE, which fargate-kit:app.environment also sets for every app container and would hide this worker's own queue",
        );
    });
});

describe("a certificate of another region", () => {
    const EU_CERT = `arn:aws:acm:eu-west-2:${ACCOUNT}:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;

    it("refuses it in a us-east-1 stack file, naming both regions", () => {
        throwsValidation(
            () => load({ "fargate-kit:loadBalancer": { certificateArns: [EU_CERT] } }),
            'fargate-kit:loadBalancer.certificateArns[0]: is a certificate in "eu-west-2", but this stack\'s load balancer is in "us-east-1"',
        );
    });

    it("still refuses a malformed certificate ARN", () => {
        throwsValidation(
            () => load({ "fargate-kit:loadBalancer": { certificateArns: [`arn:aws:acm:us-east-1:${ACCOUNT}:cert/abc`] } }),
            `fargate-kit:loadBalancer.certificateArns[0]: is "arn:aws:acm:us-east-1:${ACCOUNT}:cert/abc"; allowed: an ACM certificate ARN`,
        );
    });

    it("fails a SharedLoadBalancer's run on a certificate outside the provider's region, naming both", async () => {
        const failure = await runInMocks(() => new SharedLoadBalancer("edge", { vpcId: "vpc-1", subnetIds: ["a", "b"], domainNames: ["app.example.com"], certificateArns: [EU_CERT] }), { region: "us-east-1" }).then(
            () => "the run succeeded",
            (e: Error) => e.message,
        );
        assert.match(failure, /certificate arn:aws:acm:eu-west-2:\S+ is in eu-west-2, but the load balancer is in us-east-1; an ALB can use only ACM certificates of its own region/);
    });
});

describe("a worker's command", () => {
    const withoutCommand = (c: Record<string, any>, patch: Record<string, unknown> = {}) => {
        const out = copy(c);
        delete out.task.containers[0].command;
        Object.assign(out.task.containers[0], patch);
        return out;
    };
    const job = () => prod("scheduledTasks").scheduler;
    const migration = () => prod("migration");

    it("is not needed when the container has its own entryPoint (worker, scheduled task)", () => {
        const entryPoint = { entryPoint: ["/usr/local/bin/worker"] };
        const config = load({ "fargate-kit:workers": { worker: withoutCommand(worker(), entryPoint) }, "fargate-kit:scheduledTasks": { scheduler: withoutCommand(job(), entryPoint) } });
        assert.deepStrictEqual(config.workers.worker.task.containers[0].entryPoint, ["/usr/local/bin/worker"]);
    });

    it("is not needed in a worker-only stack: no web service runs the app image (worker, scheduled task)", () => {
        const config = load({
            "fargate-kit:webServices": undefined,
            "fargate-kit:loadBalancer": undefined,
            "fargate-kit:workers": { worker: withoutCommand(worker()) },
            "fargate-kit:scheduledTasks": { scheduler: withoutCommand(job()) },
        });
        assert.deepStrictEqual([Object.keys(config.webServices), config.workers.worker.task.containers[0].command], [[], undefined]);
    });

    it("is not needed for the migration with an entryPoint; without either, a migration is refused even in a worker-only stack", () => {
        load({ "fargate-kit:migration": withoutCommand(migration(), { entryPoint: ["/usr/local/bin/migrate"] }) });
        throwsValidation(
            () => load({ "fargate-kit:webServices": undefined, "fargate-kit:loadBalancer": undefined, "fargate-kit:migration": withoutCommand(migration()) }),
            "fargate-kit:migration.task.containers: run the app image's default command (no command or entryPoint); a migration runs a command of its own",
        );
    });

    it("is still required when a web service serves the app image and there is no entryPoint, naming that service", () => {
        throwsValidation(
            () => load({ "fargate-kit:workers": { worker: withoutCommand(worker()) } }),
            'fargate-kit:workers.worker.task.containers[0].command: is missing; container "worker" would run the default command of the app image, which web service "web" serves: the web app, not a worker',
        );
        throwsValidation(
            () => load({ "fargate-kit:scheduledTasks": { scheduler: withoutCommand(job()) }, "fargate-kit:migration": withoutCommand(migration()) }),
            'fargate-kit:scheduledTasks.scheduler.task.containers[0].command: is missing; container "scheduler" would run the default command of the app image, which web service "web" serves: the web app, not the job',
            'fargate-kit:migration.task.containers[0].command: is missing; container "migrate" would run the default command of the app image, which web service "web" serves: the web app, not the migration',
        );
    });
});

describe("ECS.9 (a logging configuration) with FireLens", () => {
    const taskDefinition = (containers: unknown[]): RecordedResource => ({
        type: "aws:ecs/taskDefinition:TaskDefinition",
        name: "app-task",
        parent: null,
        protect: false,
        retainOnDelete: false,
        custom: true,
        inputs: { family: "app", containerDefinitions: JSON.stringify(containers) },
        dependsOn: [],
    });
    const ecs9 = (rs: RecordedResource[]) => evaluateControls(rs).find((c) => c.id === "ECS.9")!;

    it("passes a planned task whose container logs through FireLens (awsfirelens)", async () => {
        const run = await queueWorkersRun();
        const logDrivers = containerDefs(one(run.resources, "aws:ecs/taskDefinition:TaskDefinition", "mailer-task")).map((c) => [c.name, c.logConfiguration?.logDriver]);
        assert.deepStrictEqual(logDrivers.find(([name]) => name === "mailer"), ["mailer", "awsfirelens"]);
        assert.deepStrictEqual([ecs9(run.resources).status, ecs9(run.resources).failures], ["pass", []]);
    });

    it("passes a hand-made FireLens task and fails a container with no logConfiguration", () => {
        const app = { name: "app", image: "app:1", logConfiguration: { logDriver: "awsfirelens", options: { Name: "cloudwatch_logs" } } };
        const router = { name: "log_router", image: "fluent-bit:3", firelensConfiguration: { type: "fluentbit" }, logConfiguration: { logDriver: "awslogs", options: {} } };
        assert.strictEqual(ecs9([taskDefinition([app, router])]).status, "pass");
        const bare = { name: "sidecar", image: "busybox:1" };
        assert.deepStrictEqual([ecs9([taskDefinition([app, router, bare])]).status, ecs9([taskDefinition([app, router, bare])]).failures], ["fail", ["app-task/sidecar"]]);
    });
});

describe("a load balancer made elsewhere (loadBalancer.adopt)", () => {
    const LB = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/edge/1234567890abcdef`;
    const LISTENER = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/edge/1234567890abcdef/fedcba0987654321`;
    const SG = "sg-0a1b2c3d4e5f60718";
    const adopt = (patch: Record<string, unknown> = {}) => ({ adopt: { loadBalancerArn: LB, listenerArn: LISTENER, securityGroupId: SG, https: true, ...patch } });

    describe("planned from a stack file", () => {
        let run: ProgramRun;
        before(async () => {
            run = await runProgram({ stack: "prod", overrides: { ...TAG, "fargate-kit:loadBalancer": adopt(), "fargate-kit:webServices": { web: web({ domainName: "app.example.com" }) } } });
        });

        it("creates no load balancer, listener or its security group: it reads them", () => {
            for (const type of ["aws:lb/loadBalancer:LoadBalancer", "aws:lb/listener:Listener"]) {
                assert.deepStrictEqual(created(run.resources, type).map((r) => r.name), [], type);
                assert.strictEqual(ofType(run.resources, type).filter(isRead).length, 1, type);
            }
            const ofLb = (type: string) => ofType(run.resources, type).filter((r) => r.parent === "fargate-kit:index:SharedLoadBalancer::app");
            assert.deepStrictEqual(ofLb("aws:ec2/securityGroup:SecurityGroup").map((r) => [r.name, isRead(r)]), [["app-lb", true]]);
            assert.deepStrictEqual(ofLb("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"), [], "no listener ingress of its own");
        });

        it("puts the web service's rule on the adopted listener, by host", () => {
            const rule = one(run.resources, "aws:lb/listenerRule:ListenerRule", "web-route");
            assert.strictEqual(rule.inputs.listenerArn, LISTENER);
            assert.deepStrictEqual(rule.inputs.conditions, [{ hostHeader: { values: ["app.example.com"] } }]);
        });

        it("admits the adopted load balancer's security group to the tasks", () => {
            const fromLb = one(run.resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "web-tasks-from-lb");
            assert.strictEqual(fromLb.inputs.referencedSecurityGroupId, SG);
            assert.strictEqual(one(run.resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "web-lb-to-tasks").inputs.securityGroupId, SG);
        });

        it("makes no certificate and no Route 53 record: they stay the owner's", () => {
            for (const type of ["aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation", "aws:route53/record:Record", "aws:lb/listenerCertificate:ListenerCertificate"]) {
                assert.strictEqual(ofType(run.resources, type).length, 0, type);
            }
            assert.ok(!run.invokes.includes("aws:route53/getZone:getZone"));
        });
    });

    it("refuses a single web service with no host, path or default: true, naming it", () => {
        const bare = web();
        delete bare.domainName;
        throwsValidation(
            () => load({ "fargate-kit:loadBalancer": adopt(), "fargate-kit:webServices": { web: bare } }),
            "fargate-kit:webServices.web: joins the adopted load balancer (fargate-kit:loadBalancer.adopt), whose listener may serve other apps: give domainName, aliases or paths to route by, or default: true",
        );
    });

    it("refuses a listener of another load balancer, ARNs of another region and a malformed security group id", () => {
        const other = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:listener/app/other/0123456789abcdef/fedcba0987654321`;
        throwsValidation(() => load({ "fargate-kit:loadBalancer": adopt({ listenerArn: other }) }), `fargate-kit:loadBalancer.adopt.listenerArn: is "${other}", a listener of another load balancer than loadBalancerArn "${LB}"`);
        const eu = (arn: string) => arn.replace("us-east-1", "eu-west-1");
        throwsValidation(
            () => load({ "fargate-kit:loadBalancer": adopt({ loadBalancerArn: eu(LB), listenerArn: eu(LISTENER) }) }),
            'fargate-kit:loadBalancer.adopt.loadBalancerArn: is in "eu-west-1", but this stack is in "us-east-1"; a service can join only a load balancer of its own region',
        );
        throwsValidation(() => load({ "fargate-kit:loadBalancer": adopt({ listenerArn: eu(LISTENER) }) }), 'fargate-kit:loadBalancer.adopt.listenerArn: is in "eu-west-1", but this stack is in "us-east-1"');
        throwsValidation(() => load({ "fargate-kit:loadBalancer": adopt({ securityGroupId: "sg-edge" }) }), 'fargate-kit:loadBalancer.adopt.securityGroupId: is "sg-edge"; allowed: a security group id');
    });

    it("lets a library SharedLoadBalancer with adopt and no domainNames take a service with a domainName", async () => {
        const run = await runInMocks(() => {
            const cluster = new aws.ecs.Cluster("cluster", {});
            const lb = new SharedLoadBalancer("edge", { vpcId: "vpc-1", subnetIds: [], adopt: { loadBalancerArn: LB, listenerArn: LISTENER, securityGroupId: SG, https: true } });
            const task = { image: "nginx:1.27", cpu: 256, memory: 512, containers: [{ name: "web", ports: [{ containerPort: 8080 }] }] };
            new FargateWebService("shop", { cluster, vpcId: "vpc-1", subnetIds: ["a", "b"], loadBalancer: lb, task, domainName: "shop.example.com" });
        });
        const rule = one(run.resources, "aws:lb/listenerRule:ListenerRule", "shop-route");
        assert.deepStrictEqual([rule.inputs.listenerArn, rule.inputs.conditions], [LISTENER, [{ hostHeader: { values: ["shop.example.com"] } }]]);
    });
});
