/** Every public arg is documented; every optional one says its default (CDK-style `@default`). */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const dir = path.join(__dirname, "..", "components");
/** Interfaces that are the components' public contract (exported from components/index.ts). */
const PUBLIC = [
    "ClusterArgs", "NetworkArgs", "RegistryRepoArgs", "ImageBuildArgs", "CiPushArgs", "PulumiDeploymentsArgs", "GitCredentials",
    "ServiceBaseArgs", "AlarmNotificationArgs", "FargateWebServiceArgs", "WebHealthCheckArgs", "WebDeploymentArgs", "WebAutoscalingArgs", "WebAlarmsArgs",
    "QueueWorkerArgs", "WorkerScalingArgs", "WorkerAlarmsArgs",
    "StandaloneTaskArgs", "ContainerCapabilities", "TaskVolume", "VolumeMount",
    "RollingDeploymentArgs", "MetricDimensionArgs", "MetricTargetArgs", "ScalingStepArgs", "StepScalingArgs", "ScheduledScalingArgs", "ServiceConnectArgs", "ServiceConnectPortArgs", "WebStickinessArgs",
    "FileSystemArgs", "FileSystemAccessPointArgs", "FileSystemAdoptArgs", "FileSystemAdoptedAccessPoint", "FileSystemUsageEstimate", "EfsVolumeSpec",
    "FargateTaskSpec", "ContainerSpec", "PortSpec", "SecretSpec", "ContainerHealthCheck", "ContainerDependency", "PolicyStatementSpec", "ContainerLogging", "FireLensOutput", "LoadBalancerAttachment",
    "DatabaseArgs", "DatabaseAdoption", "DatabaseVariables", "CacheArgs", "CacheAdoption", "CacheVariables",
    "BucketArgs", "BucketLifecycleRuleArgs", "BucketTransitionArgs", "BucketCorsRuleArgs", "TopicArgs", "QueueDeliveryArgs", "QueueTopicSubscriptionArgs", "BucketEventsArgs", "BucketQueueEventArgs", "PolicyConditionSpec", "LogRouterSpec", "LogSubscriptionSpec",
];

function members(): { iface: string; name: string; optional: boolean; doc: string }[] {
    const out: { iface: string; name: string; optional: boolean; doc: string }[] = [];
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"));
    for (const file of files) {
        const source = ts.createSourceFile(file, fs.readFileSync(path.join(dir, file), "utf8"), ts.ScriptTarget.ES2021, true);
        source.forEachChild((node) => {
            if (!ts.isInterfaceDeclaration(node) || !PUBLIC.includes(node.name.text)) return;
            for (const m of node.members) {
                if (!ts.isPropertySignature(m)) continue;
                const doc = ts.getJSDocCommentsAndTags(m).map((d) => d.getText()).join("\n");
                out.push({ iface: node.name.text, name: m.name.getText(), optional: m.questionToken !== undefined, doc });
            }
        });
    }
    return out;
}

describe("public API documentation", () => {
    const all = members();

    it("finds every public args interface", () => {
        assert.deepStrictEqual([...new Set(all.map((m) => m.iface))].sort(), [...PUBLIC].sort());
        assert.ok(all.length > 150, `${all.length} members`);
    });

    it("documents every member, and gives every optional one a @default", () => {
        const undocumented = all.filter((m) => !m.doc.trim()).map((m) => `${m.iface}.${m.name}`);
        const noDefault = all.filter((m) => m.optional && !m.doc.includes("@default")).map((m) => `${m.iface}.${m.name}`);
        assert.deepStrictEqual({ undocumented, noDefault }, { undocumented: [], noDefault: [] });
    });
});

describe("day-2 documentation", () => {
    const doc = fs.readFileSync(path.join(__dirname, "..", "docs", "operations.md"), "utf8");
    const table = doc.slice(doc.indexOf("## Stack outputs"), doc.indexOf("\n## ", doc.indexOf("## Stack outputs") + 1));
    const documented = [...table.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);

    it("lists exactly the stack outputs index.ts exports", () => {
        const program = fs.readFileSync(path.join(__dirname, "..", "index.ts"), "utf8");
        const returned = program.slice(program.lastIndexOf("return {")).match(/^\s+(\w+):/gm)!.map((l) => l.trim().slice(0, -1));
        assert.deepStrictEqual(documented, returned);
    });

    it("names each service output's members as the program sets them", async () => {
        const { bothStacks } = require("./support");
        const { prod } = await bothStacks();
        assert.deepStrictEqual(Object.keys(prod.outputs.webServices.web), ["serviceName", "url", "logGroupName", "taskFamily"]);
        assert.deepStrictEqual(Object.keys(prod.outputs.workers.worker), ["serviceName", "logGroupName", "taskFamily", "queueUrl", "deadLetterQueueUrl"]);
        assert.match(table, /`webServices` \| per web service: `serviceName`, `url`, `logGroupName`, `taskFamily` \|/);
        assert.match(table, /`workers` \| per worker: `serviceName`, `logGroupName`, `taskFamily`, and for SQS workers `queueUrl`, `deadLetterQueueUrl` \|/);
        // The commands use the outputs they name.
        for (const key of ["clusterName", "repositoryUrl", "imagePlatform", "taskSubnetIds", "tasksHavePublicIp"]) assert.match(doc, new RegExp(`out '?\\.${key}`), key);
        assert.strictEqual(prod.outputs.workers.worker.logGroupName, "/ecs/fargate-kit-prod/worker");
        assert.deepStrictEqual(Object.keys(prod.outputs.scheduledTasks.scheduler), ["scheduleName", "logGroupName", "taskFamily", "deadLetterQueueUrl"]);
        assert.match(table, /`scheduledTasks` \| per scheduled task: `scheduleName`, `logGroupName`, `taskFamily`, `deadLetterQueueUrl` \|/);
        assert.strictEqual(prod.outputs.region, "us-east-1");
        // The command's tests read recorded outputs of the same shape as the program's.
        const recorded = JSON.parse(fs.readFileSync(path.join(__dirname, "cli", "fixtures", "prod-outputs.json"), "utf8"));
        const shape = (o: Record<string, unknown>): unknown => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v && typeof v === "object" && !Array.isArray(v) ? shape(v as Record<string, unknown>) : typeof v]));
        assert.deepStrictEqual(shape(recorded), shape(prod.outputs));
    });

    it("is the fargate-kit command's guide, with a section per command and the raw recipes as an appendix", () => {
        const sections = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        for (const command of ["status", "logs", "exec", "run", "wait", "rollback"]) assert.ok(sections.includes(command), command);
        assert.strictEqual(sections[sections.length - 1], "Appendix: the raw aws recipes");
        // The one-off task recipe gets its security groups from the service itself.
        assert.match(doc, /describe-services .*--query 'services\[0\]\.networkConfiguration\.awsvpcConfiguration\.securityGroups'/);
        assert.doesNotMatch(doc, /<the worker's task security group>/);
    });
});
