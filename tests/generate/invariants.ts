/**
 * What must hold for every stack file that plans, checked on the resources the program recorded:
 * hosts on a certificate of their zone with an alias record, queue variables naming the right
 * queues, secrets granted by their full ARN, task security groups open only to their load
 * balancer on their port, IAM actions AWS knows on the narrowest resource, names and descriptions
 * AWS accepts, a provider-call table entry for every type, and warnings about keys the file has.
 * Each returns problems as text, so a failing generated case says all that is wrong at once.
 */
import { ProgramRun, RecordedResource } from "../../tools/mock-runtime";
import { authorizationProblems } from "../../tools/iam-check";
import { constraintProblems } from "../../tools/aws-constraints";
import { DATA_SOURCE_CALLS, PROVIDER_CALLS } from "../../tools/provider-calls";
import { GeneratedStack, PROJECT } from "./stack-file";
import { targetProblems } from "./target-invariants";
import { imageBuildProblems } from "./image-invariants";
import { standaloneTaskProblems } from "./task-invariants";

const MOCK_ZONE_ID = "Z0123456789ABCDEFGHIJ";
const of = (run: ProgramRun, type: string) => run.resources.filter((r) => r.type === type);
const childrenOf = (run: ProgramRun, component: string, name: string) => run.resources.filter((r) => r.parent === `fargate-kit:index:${component}::${name}`);
const essentialContainers = (td: RecordedResource): any[] => JSON.parse(td.inputs.containerDefinitions).filter((c: any) => c.essential !== false && !c.firelensConfiguration);
const envOf = (c: any): Record<string, string> => Object.fromEntries((c.environment ?? []).map((e: any) => [e.name, e.value]));

export function invariantProblems(file: GeneratedStack, run: ProgramRun, warnings: string[]): string[] {
    return [
        ...hostProblems(file, run),
        ...queueVariableProblems(file, run),
        ...secretProblems(file, run),
        ...securityGroupProblems(file, run),
        ...fileSystemProblems(file, run),
        ...internalProblems(file, run),
        ...iamProblems(run),
        ...constraintProblems(run.resources),
        ...callTableProblems(run),
        ...keyProblems(file, warnings),
        ...dataProblems(file, run),
        ...messagingProblems(file, run),
        ...targetProblems(file, run),
        ...imageBuildProblems(file, run),
        ...standaloneTaskProblems(file, run),
    ];
}

/**
 * Buckets and topics: each granted service gets the bucket's variable and exactly the statements
 * of its access (no S3 or SNS grant to anyone else), publishers alone may publish, and each queue
 * policy admits exactly the topics that deliver to that worker and the buckets that notify it.
 */
function messagingProblems(file: GeneratedStack, run: ProgramRun): string[] {
    const buckets: Record<string, any> = cfg(file, "buckets") ?? {};
    const topics: Record<string, any> = cfg(file, "topics") ?? {};
    if (Object.keys(buckets).length === 0 && Object.keys(topics).length === 0) return [];
    const out: string[] = [];
    const policyOf = (service: string) => run.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === `${service}-task`);
    const statementsOf = (service: string): any[] => (policyOf(service) ? JSON.parse(policyOf(service)!.inputs.policy).Statement : []);
    const taskOf = (service: string) => run.resources.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.name === `${service}-task`);
    const services = [...Object.keys(cfg(file, "webServices") ?? {}), ...Object.keys(cfg(file, "workers") ?? {}), ...Object.keys(cfg(file, "scheduledTasks") ?? {})];
    for (const [name, b] of Object.entries(buckets)) {
        const bucket = of(run, "aws:s3/bucket:Bucket").find((r) => r.name === `${name}-bucket`);
        if (!bucket) {
            out.push(`bucket ${name} was not created`);
            continue;
        }
        const variable = b.variable ?? `${name.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_BUCKET`;
        for (const service of services) {
            const grant = b.grants?.[service];
            const st = statementsOf(service).filter((s: any) => (s.Resource as string[]).some((r) => r.startsWith("arn:aws:s3:::") && r.includes(bucket.inputs.bucketPrefix)));
            if (grant === undefined) {
                if (st.length > 0) out.push(`${service} is granted ${st.map((s: any) => s.Action).join()} on bucket ${name} without a grant`);
                continue;
            }
            const access = typeof grant === "string" ? grant : grant.access;
            const prefix = typeof grant === "string" ? "" : grant.prefix ?? "";
            const expected = [
                ...(access !== "write" ? [["s3:GetObject"], ["s3:ListBucket"]] : []),
                ...(access !== "read" ? [["s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"]] : []),
            ];
            const actual = st.map((s: any) => s.Action);
            if (JSON.stringify(actual) !== JSON.stringify(expected)) out.push(`${service}'s ${access} grant on bucket ${name} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
            for (const s of st) {
                const objects = (s.Resource as string[]).filter((r) => r.includes("/"));
                if (objects.some((r) => !r.endsWith(`/${prefix}*`))) out.push(`${service}: objects of bucket ${name} granted as ${objects.join()}, not under ${JSON.stringify(prefix)}`);
                if (s.Action.includes("s3:ListBucket") && prefix && s.Condition?.StringLike?.["s3:prefix"]?.[0] !== `${prefix}*`) out.push(`${service}: ListBucket of ${name} not narrowed to ${prefix}`);
            }
            const td = taskOf(service);
            for (const c of td ? essentialContainers(td) : []) {
                if (!String(envOf(c)[variable] ?? "").startsWith(bucket.inputs.bucketPrefix)) out.push(`${service}/${c.name}: ${variable} is ${envOf(c)[variable]}, not bucket ${name}`);
            }
        }
    }
    for (const [name, t] of Object.entries(topics)) {
        for (const service of services) {
            const publishes = statementsOf(service).some((s: any) => s.Action.includes("sns:Publish") && (s.Resource as string[]).some((r) => new RegExp(`-${name}-topic(\\.fifo)?$`).test(r)));
            const publisher = (t.publishers ?? []).includes(service);
            if (publishes !== publisher) out.push(`${service} ${publishes ? "may" : "may not"} publish to topic ${name}, but it is ${publisher ? "" : "not "}a publisher`);
        }
    }
    // Each receiving worker's queue admits exactly its topics and its buckets.
    const workers = new Set([...Object.values(topics).flatMap((t: any) => Object.keys(t.subscribers ?? {})), ...Object.values(buckets).flatMap((b: any) => Object.keys(b.notify ?? {}))]);
    for (const worker of workers) {
        const policy = run.resources.find((r) => r.type === "aws:sqs/queuePolicy:QueuePolicy" && r.name === `${worker}-delivery`);
        if (!policy) {
            out.push(`worker ${worker} receives from a topic or bucket, but its queue has no policy`);
            continue;
        }
        const sources = (JSON.parse(policy.inputs.policy).Statement as any[]).flatMap((s) => s.Condition.ArnEquals["aws:SourceArn"] as string[]).sort();
        const expected = [
            ...Object.entries(topics).filter(([, t]) => t.subscribers?.[worker]).map(([n]) => `-${n}-topic`),
            ...Object.entries(buckets).filter(([, b]) => b.notify?.[worker]).map(([n]) => `-${n}-bucket-`),
        ];
        if (sources.length !== expected.length || !expected.every((e) => sources.some((src) => src.includes(e)))) out.push(`the queue of ${worker} admits ${sources.join(", ")}, expected exactly ${expected.join(", ")}`);
        if (!String(policy.inputs.queueUrl).endsWith(`-${worker}`) && !String(policy.inputs.queueUrl).endsWith(`-${worker}.fifo`)) {
            // Names are sanitized and may be cut: compare with the worker's queue instead.
            const queue = run.resources.find((r) => r.type === "aws:sqs/queue:Queue" && r.name === `${worker}-queue`);
            if (queue && !String(policy.inputs.queueUrl).endsWith(`/${queue.inputs.name}`)) out.push(`the delivery policy of ${worker} is on ${policy.inputs.queueUrl}, not its queue ${queue.inputs.name}`);
        }
    }
    return out;
}

/** The security groups a deployed service's tasks carry (ECS service, schedule target, migration run); undefined when not deployed. */
function taskGroups(run: ProgramRun, component: string, name: string): string[] | undefined {
    const children = childrenOf(run, component, name);
    const service = children.find((r) => r.type === "aws:ecs/service:Service");
    if (service) return service.inputs.networkConfiguration.securityGroups;
    const schedule = children.find((r) => r.type === "aws:scheduler/schedule:Schedule");
    if (schedule) return schedule.inputs.target.ecsParameters.networkConfiguration.securityGroups;
    const rule = children.find((r) => r.type === "aws:cloudwatch/eventTarget:EventTarget");
    if (rule) return rule.inputs.ecsTarget?.networkConfiguration?.securityGroups;
    const migration = children.find((r) => r.type === "pulumi-nodejs:dynamic/fargate-kit:MigrationRun");
    if (migration) return JSON.parse(JSON.stringify(migration.inputs).match(/"securityGroups":(\[[^\]]*\])/)![1]);
    return undefined;
}

/**
 * Each database and cache admits only its access group, on its port, from no CIDR; exactly its
 * usedBy services' tasks carry that group; a database's secret reaches exactly their app
 * containers, by full ARN and JSON key, granted exactly to their execution roles, and no other
 * service's.
 */
function dataProblems(file: GeneratedStack, run: ProgramRun): string[] {
    const out: string[] = [];
    const stores = [
        ...Object.entries<any>(cfg(file, "databases") ?? {}).map(([name, s]) => ({ kind: "database", component: "Database", name, s })),
        ...Object.entries<any>(cfg(file, "caches") ?? {}).map(([name, s]) => ({ kind: "cache", component: "Cache", name, s })),
    ];
    for (const { kind, component, name, s } of stores) {
        const access = `${name}-${kind}-access-id`;
        const rules = childrenOf(run, component, name).filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        const port = s.adopt?.port ?? (kind === "cache" ? 6379 : s.engine === "mysql" ? 3306 : 5432);
        if (rules.length !== 1) out.push(`${component} ${name}: ${rules.length} ingress rules, not one`);
        for (const r of rules) {
            if (r.inputs.referencedSecurityGroupId !== access) out.push(`${r.name}: admits ${r.inputs.referencedSecurityGroupId}, not the access group`);
            if (r.inputs.cidrIpv4 !== undefined || r.inputs.cidrIpv6 !== undefined) out.push(`${r.name}: admits a CIDR`);
            if (r.inputs.fromPort !== port) out.push(`${r.name}: admits port ${r.inputs.fromPort}, not ${port}`);
            if (s.adopt && r.inputs.securityGroupId !== s.adopt.securityGroupId) out.push(`${r.name}: on ${r.inputs.securityGroupId}, not the adopted group`);
        }
        // A cache's URL variable, where named, is rediss://<its host variable's value>:<port> in each app container of its services.
        if (kind === "cache" && s.variables?.url) {
            for (const { component: c, name: service } of tasksOf(file).filter((t) => s.usedBy.includes(t.name))) {
                const td = childrenOf(run, c, service).find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
                for (const def of td ? JSON.parse(td.inputs.containerDefinitions) : []) {
                    const env = envOf(def);
                    if (env[s.variables.host ?? "REDIS_HOST"] === undefined) continue;
                    const want = `rediss://${env[s.variables.host ?? "REDIS_HOST"]}:${env[s.variables.port ?? "REDIS_PORT"]}`;
                    if (env[s.variables.url] !== want) out.push(`${td!.name}/${def.name}: ${s.variables.url} is ${env[s.variables.url]}, not ${want}`);
                }
            }
        }
        const secretArn = kind === "database" && !s.adopt ? (s.kind === "instance" ? /secret:rds!db-/ : /secret:rds!cluster-/) : kind === "database" ? /secret:legacy\/db-[A-Za-z0-9]{6}$/ : undefined;
        const password = s.variables?.password ?? "DB_PASSWORD";
        for (const { component: c, name: service, task } of tasksOf(file)) {
            const groups = taskGroups(run, c, service);
            if (groups === undefined) continue; // not deployed yet
            const uses = s.usedBy.includes(service);
            if (groups.includes(access) !== uses) out.push(`${service}: ${uses ? "lacks" : "carries"} the access group of ${kind} ${name}`);
            if (!secretArn) continue;
            const children = childrenOf(run, c, service);
            const td = children.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")!;
            const grants: string[] = children
                .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith("-execution"))
                .flatMap((p) => JSON.parse(p.inputs.policy).Statement.filter((st: any) => [st.Action].flat().includes("secretsmanager:GetSecretValue")))
                .flatMap((st: any) => [st.Resource].flat());
            const granted = grants.filter((g) => secretArn.test(g));
            if (granted.length !== (uses ? 1 : 0)) out.push(`${service}: the ${kind} ${name}'s secret is granted ${granted.length} times (${uses ? "once" : "never"} expected)`);
            const defs = JSON.parse(td.inputs.containerDefinitions);
            for (const container of task.containers) {
                const def = defs.find((x: any) => x.name === container.name);
                const entry = (def?.secrets ?? []).find((x: any) => x.name === password);
                // As stack/derive.ts receivesDataStores says: dataStoreVariables, else the app's environment.
                const wanted = uses && (container.dataStoreVariables ?? (container.image === undefined && container.inheritAppEnvironment !== false));
                if (!wanted) {
                    if (entry && uses) out.push(`${td.name}/${container.name}: gets ${password}, though it does not inherit the app's settings`);
                    continue;
                }
                if (!entry) out.push(`${td.name}/${container.name}: ${password} missing`);
                else if (entry.valueFrom !== `${granted[0]}:password::`) out.push(`${td.name}/${container.name}: ${password} is ${entry.valueFrom}, not the granted secret's key password`);
            }
        }
    }
    return out;
}

const cfg = (file: GeneratedStack, key: string) => file.config[`${PROJECT}:${key}`];

/** Every host is on a certificate the zone validates, and has an alias record in that zone. */
function hostProblems(file: GeneratedStack, run: ProgramRun): string[] {
    const web: Record<string, any> = cfg(file, "webServices") ?? {};
    const lb = cfg(file, "loadBalancer") ?? {};
    // Additional targets' hosts are the load balancer's too (certificate, alias record).
    const hosts = [...new Set(Object.values(web).flatMap((w: any) => [...(w.domainName ? [w.domainName] : []), ...(w.aliases ?? []), ...Object.values<any>(w.additionalTargets ?? {}).flatMap((t) => t.hosts ?? [])]))];
    if (hosts.length === 0) return [];
    const out: string[] = [];
    const zoneId = lb.hostedZoneId?.replace(/^\/hostedzone\//, "") ?? (lb.hostedZoneName !== undefined ? MOCK_ZONE_ID : undefined);
    const certs = of(run, "aws:acm/certificate:Certificate");
    if (lb.adopt) {
        // The owner's listener, certificates and DNS: nothing of theirs is made, every rule is on their listener.
        if (certs.length > 0) out.push(`adopted load balancer, yet ${certs.length} certificate(s) requested`);
        if (of(run, "aws:route53/record:Record").length > 0) out.push("adopted load balancer, yet Route 53 records were made");
        const internal = Object.keys(web).filter((n) => web[n].public === false);
        for (const rule of of(run, "aws:lb/listenerRule:ListenerRule").filter((r) => !internal.some((n) => r.name.startsWith(`${n}-`)))) {
            if (!rule.name.endsWith("-test") && rule.inputs.listenerArn !== lb.adopt.listenerArn) out.push(`${rule.name} is on ${rule.inputs.listenerArn}, not the adopted listener`);
        }
        return out;
    }
    if (lb.certificateArns) {
        if (certs.length > 0) out.push(`certificateArns given, yet ${certs.length} certificate(s) requested`);
        const listener = of(run, "aws:lb/listener:Listener").find((l) => l.inputs.protocol === "HTTPS" && l.inputs.port === 443);
        if (listener?.inputs.certificateArn !== lb.certificateArns[0]) out.push(`the HTTPS listener's certificate is ${listener?.inputs.certificateArn}, not ${lb.certificateArns[0]}`);
    } else {
        const names = certs.flatMap((c) => [c.inputs.domainName, ...(c.inputs.subjectAlternativeNames ?? [])]);
        for (const h of hosts) if (!names.includes(h)) out.push(`host ${h} is on no certificate (${names.join(", ")})`);
        const validations = of(run, "aws:route53/record:Record").filter((r) => r.name.includes("cert-validation"));
        if (validations.length !== names.length) out.push(`${names.length} certificate names but ${validations.length} validation records`);
        for (const v of validations) if (v.inputs.zoneId !== zoneId) out.push(`validation record ${v.name} is in zone ${v.inputs.zoneId}, not ${zoneId}`);
    }
    if (lb.hostedZoneName !== undefined) {
        const zone = lb.hostedZoneName.replace(/\.$/, "");
        const lookups = run.invokes.includes("aws:route53/getZone:getZone");
        if (!lookups) out.push(`zone ${zone} was never looked up`);
    }
    const aliases = of(run, "aws:route53/record:Record").filter((r) => r.inputs.type === "A" && r.inputs.aliases);
    for (const h of hosts) {
        const alias = aliases.find((a) => a.inputs.name === h);
        if (zoneId === undefined) {
            if (alias) out.push(`host ${h} got an alias record without a zone`);
        } else if (!alias) out.push(`host ${h} has no alias record`);
        else if (alias.inputs.zoneId !== zoneId) out.push(`alias ${h} is in zone ${alias.inputs.zoneId}, not ${zoneId}`);
    }
    return out;
}

/** A queue worker's own variables name its own queue; each producer's name the consumer's. */
function queueVariableProblems(file: GeneratedStack, run: ProgramRun): string[] {
    const workers: Record<string, any> = cfg(file, "workers") ?? {};
    const web: Record<string, any> = cfg(file, "webServices") ?? {};
    const out: string[] = [];
    const urlOf = (name: string) => {
        const q = childrenOf(run, "QueueWorker", name).find((r) => r.type === "aws:sqs/queue:Queue" && r.name === `${name}-queue`);
        return q && `https://sqs.${run.region}.amazonaws.com/123456789012/${q.inputs.name ?? `${q.name}-0000000`}`;
    };
    const vars = (w: any) => [w.queueUrlVariable ?? "QUEUE_URL", w.queueNameVariable ?? "QUEUE_NAME"];
    const check = (component: string, service: string, expected: Record<string, string | undefined>) => {
        const td = childrenOf(run, component, service).find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
        if (!td) {
            out.push(`${service}: no task definition`);
            return;
        }
        for (const c of essentialContainers(td)) {
            const env = envOf(c);
            for (const [v, url] of Object.entries(expected)) if (env[v] !== url) out.push(`${service}/${c.name}: ${v} is ${env[v]}, expected ${url}`);
        }
    };
    for (const [name, w] of Object.entries(workers)) {
        const expected: Record<string, string | undefined> = {};
        if (w.queue !== false) expected[vars(w)[0]] = urlOf(name);
        for (const t of w.sendsTo ?? []) expected[vars(workers[t])[0]] = urlOf(t);
        check(w.queue === false ? "Worker" : "QueueWorker", name, expected);
    }
    for (const [name, w] of Object.entries(web)) {
        check("FargateWebService", name, Object.fromEntries((w.sendsTo ?? []).map((t: string) => [vars(workers[t])[0], urlOf(t)])));
    }
    return out;
}

/** The services of a file with their component type and task: where each task definition comes from. */
function tasksOf(file: GeneratedStack): { component: string; name: string; task: any }[] {
    const entries = (key: string, component: (v: any) => string) => Object.entries<any>(cfg(file, key) ?? {}).map(([name, v]) => ({ component: component(v), name, task: v.task }));
    const migration = cfg(file, "migration");
    return [
        ...entries("webServices", () => "FargateWebService"),
        ...entries("workers", (w) => (w.queue === false ? "Worker" : "QueueWorker")),
        ...entries("scheduledTasks", () => "ScheduledTask"),
        ...(migration ? [{ component: "MigrationGate", name: "migrate", task: migration.task }] : []),
        ...entries("tasks", () => "StandaloneTask"),
    ];
}

/**
 * Each app secret reaches exactly the containers that inherit the app's settings, by its full ARN
 * (Secrets Manager) or parameter ARN (SSM), granted exactly to the task's execution role; no
 * other container gets it (an nginx beside php-fpm holds no database password).
 */
function secretProblems(file: GeneratedStack, run: ProgramRun): string[] {
    const secrets: Record<string, any> = cfg(file, "app")?.secrets ?? {};
    if (Object.keys(secrets).length === 0) return [];
    const out: string[] = [];
    for (const { component, name, task } of tasksOf(file)) {
        const children = childrenOf(run, component, name);
        const td = children.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
        if (!td) continue; // a service that is not deployed yet
        const grants = children
            .filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith("-execution"))
            .flatMap((p) => JSON.parse(p.inputs.policy).Statement.filter((st: any) => [st.Action].flat().some((a: string) => a === "secretsmanager:GetSecretValue" || a === "ssm:GetParameters")))
            .flatMap((st: any) => [st.Resource].flat());
        for (const g of grants) if (/[*?]/.test(g)) out.push(`${td.name}: a secret is granted by pattern ${g}`);
        const defs = JSON.parse(td.inputs.containerDefinitions);
        for (const c of task.containers) {
            const def = defs.find((x: any) => x.name === c.name);
            // App-image containers (no image, or `image: app`) inherit unless they opt out; others only when they opt in.
            const inherits = c.inheritAppEnvironment ?? (c.image === undefined || c.image === "app");
            for (const [key, spec] of Object.entries<any>(secrets)) {
                const entry = (def?.secrets ?? []).find((x: any) => x.name === key);
                if (!inherits) {
                    if (entry) out.push(`${td.name}/${c.name}: gets ${key}, though it does not inherit the app's settings`);
                    continue;
                }
                if (!entry) {
                    out.push(`${td.name}/${c.name}: secret ${key} missing`);
                    continue;
                }
                const arn = spec.ssmParameter !== undefined ? String(entry.valueFrom) : String(entry.valueFrom).split(":").slice(0, 7).join(":");
                const expected = spec.ssmParameter !== undefined
                    ? (spec.ssmParameter.startsWith("arn:") ? spec.ssmParameter : `arn:aws:ssm:${run.region}:123456789012:parameter/${spec.ssmParameter.replace(/^\//, "")}`)
                    : spec.secretsManager.startsWith("arn:") ? spec.secretsManager : undefined;
                if (spec.secretsManager !== undefined && !/-[A-Za-z0-9]{6}$/.test(arn)) out.push(`${td.name}/${c.name}: ${key} is referenced by ${entry.valueFrom}, not a full ARN`);
                if (expected !== undefined && arn !== expected) out.push(`${td.name}/${c.name}: ${key} is ${arn}, not ${expected}`);
                if (!grants.includes(arn)) out.push(`${td.name}: ${key}'s ARN ${arn} is not granted exactly (grants: ${grants.join(", ")})`);
            }
        }
    }
    return out;
}

/** Task security groups admit only their load balancer, on the service's container port. */
function securityGroupProblems(file: GeneratedStack, run: ProgramRun): string[] {
    const out: string[] = [];
    const lbGroup = run.resources.find((r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && r.parent === "fargate-kit:index:SharedLoadBalancer::app");
    const web: Record<string, any> = cfg(file, "webServices") ?? {};
    for (const rule of of(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) {
        const [component, service] = (rule.parent ?? "").replace("fargate-kit:index:", "").split("::");
        // Data stores' rules are checked by dataProblems.
        if (component === "SharedLoadBalancer" || component === "Network" || component === "Database" || component === "Cache" || component === "FileSystem") continue;
        // Service Connect: a service reachable from named clients admits exactly their tasks, on its port.
        const served: any = web[service] ?? (cfg(file, "workers") ?? {})[service];
        const client = (served?.reachableFrom ?? []).find((c: string) => rule.name === `${service}-from-${c}`);
        if (client !== undefined) {
            const p0 = served.task.containers.flatMap((c: any) => c.ports ?? [])[0];
            const p = typeof p0 === "object" ? p0.containerPort : p0;
            if (rule.inputs.referencedSecurityGroupId !== `${client}-tasks-id` || rule.inputs.fromPort !== p || rule.inputs.toPort !== p || rule.inputs.cidrIpv4 !== undefined) {
                out.push(`${rule.name}: admits ${rule.inputs.referencedSecurityGroupId ?? rule.inputs.cidrIpv4} on ${rule.inputs.fromPort}-${rule.inputs.toPort}, not ${client}'s tasks on ${p}`);
            }
            continue;
        }
        if (component !== "FargateWebService") {
            out.push(`${rule.name}: ${component} ${service}'s tasks admit traffic, but only web services take requests`);
            continue;
        }
        const first = web[service]?.task.containers.flatMap((c: any) => c.ports ?? [])[0];
        // An additional target's rule (<service>-<target>-tasks-from-lb) admits that target's port.
        const target = Object.entries<any>(web[service]?.additionalTargets ?? {}).find(([t]) => rule.name === `${service}-${t}-tasks-from-lb`)?.[1];
        const port = target !== undefined ? target.containerPort : typeof first === "object" ? first.containerPort : first;
        if (rule.inputs.cidrIpv4 !== undefined || rule.inputs.cidrIpv6 !== undefined) out.push(`${rule.name}: admits a CIDR (${rule.inputs.cidrIpv4 ?? rule.inputs.cidrIpv6})`);
        // An internal service (public: false) is admitted from the internal load balancer's group.
        const lbGroupId = web[service]?.public === false ? "app-internal-lb-id" : cfg(file, "loadBalancer")?.adopt?.securityGroupId ?? (lbGroup && `${lbGroup.name}-id`);
        if (lbGroupId && rule.inputs.referencedSecurityGroupId !== lbGroupId) out.push(`${rule.name}: admits ${rule.inputs.referencedSecurityGroupId}, not the load balancer's group`);
        if (rule.inputs.fromPort !== port || rule.inputs.toPort !== port) out.push(`${rule.name}: admits ports ${rule.inputs.fromPort}-${rule.inputs.toPort}, not the container port ${port}`);
    }
    return out;
}

/**
 * Internal services (public: false): an internal ALB in the tasks' subnets, admitting only the
 * VPC's CIDR, carries their rules; no internet-facing ALB unless a service is public.
 */
function internalProblems(file: GeneratedStack, run: ProgramRun): string[] {
    const web: Record<string, any> = cfg(file, "webServices") ?? {};
    const internal = Object.keys(web).filter((n) => web[n].public === false);
    const lbs = of(run, "aws:lb/loadBalancer:LoadBalancer");
    const lb = lbs.find((l) => l.name === "app-internal-lb");
    if (internal.length === 0 || !run.outputs.image) return lb ? ["an internal load balancer without an internal service"] : [];
    const out: string[] = [];
    if (!lb || lb.inputs.internal !== true) return ["internal services, but no internal load balancer"];
    if (JSON.stringify(lb.inputs.subnets) !== JSON.stringify(run.outputs.taskSubnetIds)) out.push(`the internal load balancer is in ${lb.inputs.subnets}, not the tasks' subnets ${run.outputs.taskSubnetIds}`);
    const open = of(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.startsWith("app-internal-lb-in-") && r.inputs.cidrIpv4 !== (cfg(file, "network")?.cidrBlock ?? "10.0.0.0/16"));
    if (!cfg(file, "network")?.vpcId) for (const r of open) out.push(`${r.name}: the internal load balancer admits ${r.inputs.cidrIpv4}, not the VPC's CIDR`);
    for (const n of internal) {
        const rule = of(run, "aws:lb/listenerRule:ListenerRule").find((r) => r.name === `${n}-route`);
        if (!String(rule?.inputs.listenerArn).endsWith("/app-internal-http")) out.push(`${n}-route is on ${rule?.inputs.listenerArn}, not the internal listener`);
    }
    if (internal.length === Object.keys(web).length && lbs.length !== 1) out.push(`only internal services, yet ${lbs.length} load balancers`);
    return out;
}

/** Every policy's actions exist, and "*" only where AWS authorizes on no resource type. */
function iamProblems(run: ProgramRun): string[] {
    return [...of(run, "aws:iam/rolePolicy:RolePolicy"), ...of(run, "aws:iam/policy:Policy")].flatMap((p) => authorizationProblems(JSON.parse(p.inputs.policy).Statement, p.name));
}

/** The deploy role's table knows the provider calls of every resource type and data source used. */
function callTableProblems(run: ProgramRun): string[] {
    const types = [...new Set(run.resources.filter((r) => r.custom).map((r) => r.type))].filter((t) => t !== "pulumi:providers:aws" && !t.startsWith("pulumi:"));
    return [...types.filter((t) => !(t in PROVIDER_CALLS)).map((t) => `no provider-call entry for ${t}`), ...run.invokes.filter((t) => !(t in DATA_SOURCE_CALLS)).map((t) => `no data-source call entry for ${t}`)];
}

/** Every `fargate-kit:<key path>` a warning names is a key the file has. */
export function keyProblems(file: GeneratedStack, messages: string[]): string[] {
    const out: string[] = [];
    for (const m of messages) {
        for (const [, path] of m.matchAll(/\bfargate-kit:([A-Za-z0-9_.[\]-]+)/g)) {
            if (!hasKeyPath(file, path.replace(/[.]$/, ""))) out.push(`"${m}" names fargate-kit:${path}, which the file does not have`);
        }
    }
    return out;
}

/** Whether `webServices.web.task.containers[0].command` (or a prefix of it) is in the file. */
export function hasKeyPath(file: GeneratedStack, path: string): boolean {
    const [top, ...rest] = path.split(".");
    const topKey = top.replace(/\[\d+\]$/, "");
    let value: any = file.config[`${PROJECT}:${topKey}`];
    if (value === undefined) return false;
    const parts = [...(top.match(/\[(\d+)\]/g) ?? []), ...rest.flatMap((p) => [p.replace(/\[\d+\]/g, ""), ...(p.match(/\[(\d+)\]/g) ?? [])])].filter((p) => p !== "");
    for (const part of parts) {
        const index = /^\[(\d+)\]$/.exec(part);
        value = index ? value?.[Number(index[1])] : value?.[part];
        if (value === undefined) return false;
    }
    return true;
}

/**
 * EFS: NFS (TCP 2049) admitted only from the file system's clients' group, which only the services
 * that mount it carry; ClientWrite only for a task with a read-write mount; every EFS volume with
 * transit encryption and IAM authorization; mounting services wait for the mount targets.
 */
function fileSystemProblems(file: GeneratedStack, run: ProgramRun): string[] {
    const out: string[] = [];
    const fileSystems: Record<string, any> = cfg(file, "fileSystems") ?? {};
    for (const [name, fs] of Object.entries(fileSystems)) {
        const parent = `fargate-kit:index:FileSystem::${name}`;
        const rules = of(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.parent === parent);
        const clients = run.resources.find((r) => r.parent === parent && r.type === "aws:ec2/securityGroup:SecurityGroup" && r.name === `${name}-clients`);
        const clientId = fs.adopt?.clientSecurityGroupId ?? (clients && `${clients.name}-id`);
        for (const r of rules) {
            if (r.inputs.fromPort !== 2049 || r.inputs.toPort !== 2049 || r.inputs.ipProtocol !== "tcp") out.push(`${r.name}: admits ${r.inputs.ipProtocol} ${r.inputs.fromPort}-${r.inputs.toPort}, not NFS`);
            if (r.inputs.cidrIpv4 !== undefined || r.inputs.referencedSecurityGroupId !== clientId) out.push(`${r.name}: admits ${r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId}, not ${name}'s clients' group`);
        }
        if (!fs.adopt && rules.length !== 1) out.push(`${name}: ${rules.length} NFS rules, not 1`);
        // allowReplacement lifts protect for this deployment; backups still follow the stack's protect.
        const efs = run.resources.find((r) => r.parent === parent && r.type === "aws:efs/fileSystem:FileSystem");
        const protect = cfg(file, "protect") === true;
        if (efs && efs.protect !== (protect && fs.allowReplacement !== true)) out.push(`${name}: protect is ${efs.protect} (stack protect ${protect}, allowReplacement ${fs.allowReplacement})`);
        const backup = run.resources.find((r) => r.parent === parent && r.type === "aws:efs/backupPolicy:BackupPolicy");
        if (efs && (backup !== undefined) !== protect) out.push(`${name}: ${backup ? "backed up" : "not backed up"}, though the stack's protect is ${protect}`);
        if (backup && backup.inputs.backupPolicy?.status !== "ENABLED") out.push(`${name}: backup policy ${backup.inputs.backupPolicy?.status}`);
        const targets = of(run, "aws:efs/mountTarget:MountTarget").filter((t) => t.parent === parent).map((t) => `${t.type}::${t.name}`);
        for (const svc of of(run, "aws:ecs/service:Service")) {
            // By name: one family can be the prefix of another's ("…-web" and "…-web_v2").
            const td = of(run, "aws:ecs/taskDefinition:TaskDefinition").find((t) => t.name === `${svc.name}-task`);
            const mounts = (td?.inputs.volumes ?? []).some((v: any) => v.name.startsWith(`efs-${name}`));
            const carries = (svc.inputs.networkConfiguration?.securityGroups ?? []).includes(clientId);
            if (mounts !== carries) out.push(`${svc.name}: ${mounts ? "mounts" : "does not mount"} ${name} but ${carries ? "carries" : "lacks"} its clients' group`);
            const component = run.resources.find((r) => svc.parent === `${r.type}::${r.name}`);
            if (mounts && component && !targets.every((t) => component.dependsOn.includes(t))) out.push(`${svc.name}: does not wait for ${name}'s mount targets`);
        }
    }
    for (const td of of(run, "aws:ecs/taskDefinition:TaskDefinition")) {
        const efs = (td.inputs.volumes ?? []).filter((v: any) => v.efsVolumeConfiguration);
        for (const v of efs) {
            const c = v.efsVolumeConfiguration;
            if (c.transitEncryption !== "ENABLED" || c.authorizationConfig?.iam !== "ENABLED") out.push(`${td.name}: volume ${v.name} without TLS and IAM authorization`);
        }
        if (efs.length === 0) continue;
        const writes = (JSON.parse(td.inputs.containerDefinitions) as any[]).some((c) => (c.mountPoints ?? []).some((m: any) => efs.some((v: any) => v.name === m.sourceVolume) && !m.readOnly));
        const role = of(run, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === td.name);
        const grants = role ? (JSON.parse(role.inputs.policy).Statement as any[]).flatMap((s) => s.Action) : [];
        if (!grants.includes("elasticfilesystem:ClientMount")) out.push(`${td.name}: mounts a file system without ClientMount`);
        if (grants.includes("elasticfilesystem:ClientWrite") !== writes) out.push(`${td.name}: ClientWrite ${writes ? "missing for a read-write mount" : "granted to read-only mounts"}`);
    }
    return out;
}
