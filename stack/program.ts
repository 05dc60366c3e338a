/**
 * The program: composes the library's components for one stack from its validated config.
 * `index.ts` calls this; tests and the offline plan run `index.ts` itself under mocks.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConnectPlan, connectEnvironment, connectPlan, publishedPortName, withNamedPort } from "./service-connect";
import { ServiceConnectArgs } from "../components/services/service-connect";
import { Cluster } from "../components/platform/cluster";
import { PulumiDeployments } from "../components/platform/deployments";
import { Network } from "../components/platform/network";
import { RegistryRepo } from "../components/platform/registry-repo";
import { QueueWorker } from "../components/services/queue-worker";
import { FargateWebService } from "../components/services/web-service";
import { stackRolePath } from "../components/internal/iam";
import { SharedLoadBalancer } from "../components/platform/load-balancer";
import { Worker } from "../components/services/worker";
import { IMAGE_TAG_ENV, StackConfig } from "./config";
import { isDefaultService, isInternal, queueWorkerOrder } from "./service-config";
import { WebConfig, WorkerConfig } from "./service-schema";
import { MIGRATION_NAME, QueueProducer, migrationSettings, plainWorkerSettings, queueWorkerSettings, scheduledTaskSettings, webSettings } from "./services";
import { standaloneTaskSettings } from "./services";
import { StandaloneTask, StandaloneTaskSettings } from "../components/services/standalone-task";
import { MigrationGate } from "../components/services/migration-gate";
import { ScheduledTask } from "../components/services/scheduled-task";
import { ImagePlatform } from "../components/enums";
import { boundaryExternals } from "./boundary-externals";
import { laterQueues } from "./later-queues";
import { APP_IMAGE, NamedImages, createNamedImages, imageTagVariable, imageUsers } from "./images";
import { DataStores, createDataStores, withData } from "./data";
import { createData, createDeliveries, dataFor } from "./data-program";
import { createFileSystems, mountingOptions } from "./file-systems";
import { TaskConfig } from "./schema";

export interface StackOutputs {
    vpcId: pulumi.Output<string>;
    taskSubnetIds: pulumi.Output<string[]>;
    tasksHavePublicIp: boolean;
    clusterName: pulumi.Output<string>;
    repositoryUrl?: pulumi.Output<string>;
    /** The image the services run, or undefined before CI has supplied a tag. */
    image?: pulumi.Output<string>;
    /** What CI builds the image for (`docker build --platform`): follows `app.cpuArchitecture`. */
    imagePlatform: ImagePlatform;
    /** The default web service's address (or the only one's). */
    url?: pulumi.Output<string>;
    /** Web services by name: ECS service name, address, log group and task definition family. */
    webServices: Record<string, { serviceName: pulumi.Output<string>; url: pulumi.Output<string>; logGroupName: pulumi.Output<string>; taskFamily: pulumi.Output<string> }>;
    /** Workers by name: ECS service name, log group, task definition family, and the queues of SQS workers. */
    workers: Record<string, { serviceName: pulumi.Output<string>; logGroupName: pulumi.Output<string>; taskFamily: pulumi.Output<string>; queueUrl?: pulumi.Output<string>; deadLetterQueueUrl?: pulumi.Output<string> }>;
    ciPushRoleArn?: pulumi.Output<string>;
    deployRoleArn?: pulumi.Output<string>;
    /** Scheduled tasks by name: EventBridge Scheduler schedule, log group, task definition family, dead-letter queue (for `fargate-kit status` and `run`). */
    scheduledTasks: Record<string, { scheduleName: pulumi.Output<string>; logGroupName: pulumi.Output<string>; taskFamily: pulumi.Output<string>; deadLetterQueueUrl: pulumi.Output<string> }>;
    /** Every image of the stack by name ("app" first): its repository, the reference deployed, and the containers that run it. */
    images: Record<string, ImageOutput>;
    /** Standalone task definitions by name, for one-off runs: family, its newest revision's ARN, security group and log group. */
    /** Standalone tasks: `securityGroupIds` is every group a run needs (its own, and a file system's clients group per file system it mounts). */
    tasks: Record<string, { family: pulumi.Output<string>; taskDefinitionArn: pulumi.Output<string>; securityGroupId: pulumi.Output<string>; securityGroupIds: pulumi.Output<string>[]; logGroupName: pulumi.Output<string> }>;
    /** Databases and caches by name (endpoints; a database's secret ARN), and what would replace each. */
    databases: DataStores["outputs"]["databases"];
    caches: DataStores["outputs"]["caches"];
    dataStores: DataStores["outputs"]["dataStores"];
    /** Bucket names by the stack file's key. */
    buckets?: Record<string, pulumi.Output<string>>;
    /** Topic ARNs by the stack file's key. */
    topics?: Record<string, pulumi.Output<string>>;
}

/** One image of the stack, as the outputs and the plan show it. */
export interface ImageOutput {
    /** The managed ECR repository (absent for an image outside the stack). */
    repositoryUrl?: pulumi.Output<string>;
    /** The reference the services run, or undefined before it has a tag. */
    image?: pulumi.Output<string>;
    /** The tag deployed (a later deploy without one keeps it). */
    tag?: string;
    /** The variable CI may set to this image's tag (the app image's is IMAGE_TAG). */
    tagVariable: string;
    /** Whether the stack file pins the tag (`images.<name>.tag`): CI's variable may then only repeat it. */
    pinned: boolean;
    /** `<service>/<container>` of every container that runs it. */
    containers: string[];
}

export function createStack(config: StackConfig): StackOutputs {
    const name = "app";
    const stackTags = { ...config.tags, app: config.project, stack: config.stack };
    const iamPath = stackRolePath(config.project, config.stack);
    // First: its permissions boundary goes on every role the stack creates.
    const deployments = config.deployments && createDeployments(config, stackTags);
    const permissionsBoundary = deployments ? deployments.permissionsBoundaryArn : undefined;
    const network = new Network(name, { ...config.network, iamPath, permissionsBoundary, tags: stackTags });
    const cluster = new Cluster(name, { ...config.cluster, execLogRetentionDays: config.cluster.execLogRetentionDays ?? config.logRetentionDays, protect: config.protect, retainOnDelete: config.retainOnDelete, tags: stackTags });
    // File systems before any service: stateful, made on the first deploy too, and mounted by id.
    const fileSystems = createFileSystems(config, network.vpcId, network.taskSubnetIds, stackTags);
    config.fileSystemIds = Object.fromEntries(Object.entries(fileSystems).map(([n, f]) => [n, { fileSystemId: f.fileSystemId, accessPointIds: f.accessPointIds }]));
    // A service that mounts one carries its clients' group and waits for its mount targets.
    const mounting = <T extends { securityGroupIds?: pulumi.Input<string>[] }>(task: TaskConfig, settings: T): T => {
        const extra = mountingOptions(task, fileSystems).securityGroupIds;
        return extra.length === 0 ? settings : { ...settings, securityGroupIds: [...(settings.securityGroupIds ?? []), ...extra] };
    };
    const after = (task: TaskConfig, opts: { dependsOn: pulumi.Input<pulumi.Resource>[] }) => ({ dependsOn: [...opts.dependsOn, ...mountingOptions(task, fileSystems).dependsOn] });
    // The other images first: the CI push role of the app's repository may push to theirs too.
    const named = createNamedImages(config, iamPath, permissionsBoundary, stackTags);
    config.imageUris = named.uris;
    const { repositoryUrl, image: appImage, ciPushRoleArn } = createImage(name, config, iamPath, permissionsBoundary, stackTags, named.pushRepositoryArns);
    const untagged = Object.entries(named.uris).filter(([, uri]) => uri === undefined).map(([n]) => n);
    const image = untagged.length === 0 ? appImage : undefined;
    // Before any service (and whether or not there is an image yet): the services that use them wait for them.
    const data = createDataStores(config, { vpcId: network.vpcId, subnetIds: network.taskSubnetIds, tags: stackTags });
    for (const warning of config.warnings) pulumi.log.warn(warning);
    const hasServices = Object.keys(config.webServices).length + Object.keys(config.workers).length > 0;
    if (image === undefined && hasServices) {
        // First deploy: the repository must exist before CI can push to it.
        pulumi.log.warn(`No image tag yet: services are not deployed. Push an image, then deploy with $${IMAGE_TAG_ENV} (or config imageTag) set to its tag.`);
    }
    if (appImage !== undefined && untagged.length > 0 && hasServices) {
        pulumi.log.warn(`No tag for image(s) ${untagged.join(", ")}: services are not deployed. Set $${IMAGE_TAG_ENV}, ${untagged.map((n) => `$${imageTagVariable(n)}`).join(", ")} or their tag in ${config.project}:images.`);
    }
    const outputs: StackOutputs = {
        vpcId: network.vpcId,
        taskSubnetIds: network.taskSubnetIds,
        tasksHavePublicIp: network.assignPublicIp,
        clusterName: cluster.clusterName,
        repositoryUrl,
        image,
        imagePlatform: imagePlatform(config),
        webServices: {},
        workers: {},
        ciPushRoleArn,
        deployRoleArn: deployments?.deployRole.arn,
        scheduledTasks: {},
        tasks: {},
        images: imageOutputs(config, repositoryUrl, appImage, named),
        ...data.outputs,
    };
    // Buckets and topics outlive images and services: created on the first deploy too, before anything that uses them.
    const messaging = createData(config, stackTags);
    outputs.buckets = Object.fromEntries(Object.entries(messaging.buckets).map(([n, b]) => [n, b.bucketName]));
    outputs.topics = Object.fromEntries(Object.entries(messaging.topics).map(([n, t]) => [n, t.topicArn]));
    if (image === undefined) return outputs;

    const placement = { iamPath, permissionsBoundary, cluster: cluster.cluster, vpcId: network.vpcId, subnetIds: network.taskSubnetIds, assignPublicIp: network.assignPublicIp };
    // The migration runs on the new image first; a failed one stops the deploy before any service rolls.
    const migration = config.migration && new MigrationGate(MIGRATION_NAME, mounting(config.migration.task, { ...withData(migrationSettings(config, config.migration, image), config.migration.task, data.connections(MIGRATION_NAME)), ...placement }), after(config.migration.task, { dependsOn: [cluster, ...data.dependencies(MIGRATION_NAME)] }));
    // Services use the cluster's FARGATE/FARGATE_SPOT capacity providers: wait for their association (and the migration).
    const afterCluster = { dependsOn: [cluster, ...(migration ? [migration.gate] : [])] };
    const queues = new Map<string, QueueWorker>();
    // Queue workers sending to each other in a circle: the one built first gets the others' queues when they exist.
    const later = laterQueues(config);
    // What a service gets handed: the queues it sends to, the buckets granted to it, the topics it publishes to.
    const producer = (service: string, sendsTo: string[] | undefined): QueueProducer | undefined => {
        const targets = (sendsTo ?? []).map((t) => queues.get(t) ?? later.producerOf(t));
        const wired = dataFor(config, messaging, service);
        if (targets.length === 0 && wired.statements.length === 0) return undefined;
        return {
            environment: Object.assign({}, ...targets.map((q) => q.queueEnvironment), wired.environment),
            statements: [...targets.flatMap((q) => q.producerStatements()), ...wired.statements],
        };
    };
    // A service that uses a data store also waits for it (and for the rule that admits it).
    const usesData = (service: string) => ({ dependsOn: [...afterCluster.dependsOn, ...data.dependencies(service)] });
    for (const [jobName, job] of Object.entries(config.scheduledTasks)) {
        const scheduled = new ScheduledTask(jobName, mounting(job.task, { ...withData(scheduledTaskSettings(config, jobName, job, image, producer(jobName, undefined)), job.task, data.connections(jobName)), ...placement }), after(job.task, usesData(jobName)));
        outputs.scheduledTasks[jobName] = { scheduleName: scheduled.schedule.name, logGroupName: scheduled.logGroup.name, taskFamily: scheduled.taskDefinition.family, deadLetterQueueUrl: scheduled.deadLetterQueue.url };
    }
    for (const [taskName, t] of Object.entries(config.tasks)) {
        const { securityGroupIds: storeGroups, ...settings } = withData(standaloneTaskSettings(config, taskName, t, image, producer(taskName, undefined)), t.task, data.connections(taskName)) as StandaloneTaskSettings & { securityGroupIds?: pulumi.Input<string>[] };
        const standalone = new StandaloneTask(taskName, { ...settings, iamPath, permissionsBoundary, vpcId: network.vpcId }, { dependsOn: data.dependencies(taskName) });
        // Nothing here runs it: whoever does passes these groups — its own, the access group of each
        // data store it uses, and the clients group of each file system it mounts.
        const groups = [standalone.securityGroup.id, ...[...(storeGroups ?? []), ...mountingOptions(t.task, fileSystems).securityGroupIds].map((g) => pulumi.output(g))];
        outputs.tasks[taskName] = { family: standalone.family, taskDefinitionArn: standalone.taskDefinition.arn, securityGroupId: standalone.securityGroup.id, securityGroupIds: groups, logGroupName: standalone.logGroup.name };
    }
    const connect = createConnect(name, config, stackTags);
    // A service waits for the services it calls through Service Connect and for the data stores it uses.
    const afterAll = (service: string) => ({ dependsOn: [...afterCluster.dependsOn, ...connect.publishersOf(service), ...data.dependencies(service)] });
    // SQS workers first, each after the workers it sends to: producers need their queues.
    for (const workerName of queueWorkerOrder(config.workers)) {
        const w = config.workers[workerName];
        const worker = new QueueWorker(workerName, mounting(w.task, { ...withData(queueWorkerSettings(config, workerName, w, image, connect.environment(workerName, producer(workerName, w.sendsTo))), w.task, data.connections(workerName)), ...placement, serviceConnect: connect.args(workerName, w) }), after(w.task, afterAll(workerName)));
        connect.built(workerName, worker, worker.taskSecurityGroup, worker.service);
        queues.set(workerName, worker);
        later.built(workerName, worker);
        outputs.workers[workerName] = { serviceName: worker.service.name, logGroupName: worker.logGroup.name, taskFamily: worker.taskDefinition.family, queueUrl: worker.queueUrl, deadLetterQueueUrl: worker.deadLetterQueueUrl };
    }
    // Topics and buckets deliver into the queues now that they exist.
    createDeliveries(config, messaging, queues);
    for (const [workerName, w] of Object.entries(config.workers).filter(([, w]) => w.queue === false)) {
        const named = connect.named(workerName, w);
        const worker = new Worker(workerName, mounting(w.task, { ...withData(plainWorkerSettings(config, workerName, named, image, connect.environment(workerName, producer(workerName, w.sendsTo))), w.task, data.connections(workerName)), ...placement, serviceConnect: connect.args(workerName, named) }), after(w.task, afterAll(workerName)));
        connect.built(workerName, worker, worker.taskSecurityGroup, worker.service);
        outputs.workers[workerName] = { serviceName: worker.service.name, logGroupName: worker.logGroup.name, taskFamily: worker.taskDefinition.family };
    }
    const webNames = Object.keys(config.webServices);
    if (webNames.length > 0) {
        const lbOf = createLoadBalancers(name, config, network, stackTags);
        for (const webName of webNames) {
            const web = connect.named(webName, config.webServices[webName]);
            const settings = withData(webSettings(config, webName, web, image, connect.environment(webName, producer(webName, web.sendsTo))), web.task, data.connections(webName));
            const service = new FargateWebService(webName, mounting(web.task, { ...settings, defaultRoute: isDefaultService(config, webName), ...placement, loadBalancer: lbOf(webName), serviceConnect: connect.args(webName, web) }), after(web.task, afterAll(webName)));
            connect.built(webName, service, service.taskSecurityGroup, service.service);
            outputs.webServices[webName] = { serviceName: service.service.name, url: service.url, logGroupName: service.logGroup.name, taskFamily: service.taskDefinition.family };
            // The stack's url is the internet-facing one's, unless every service is internal.
            const publicOrOnlyInternal = !isInternal(config.webServices[webName]) || webNames.every((n) => isInternal(config.webServices[n]));
            if (publicOrOnlyInternal && (isDefaultService(config, webName) || outputs.url === undefined)) outputs.url = service.url;
        }
    }
    connect.admitClients();
    return outputs;
}

/**
 * Service Connect of the stack (stack/service-connect.ts): one HTTP namespace when a service is
 * reachable from another, each service's place in it, its clients' variables, the order (a client
 * waits for the services it calls) and the security-group rules (a published port admits only its
 * named clients' tasks).
 */
function createConnect(name: string, config: StackConfig, tags: Record<string, string>) {
    const plan: ConnectPlan | undefined = connectPlan(config);
    const namespace = plan && new aws.servicediscovery.HttpNamespace(`${name}-connect`, { name: `${config.project}-${config.stack}`, description: `Service Connect of ${config.project} (${config.stack})`, tags });
    const built = new Map<string, { component: pulumi.Resource; securityGroup: aws.ec2.SecurityGroup }>();
    const waiting = new Map<string, { promise: Promise<pulumi.Resource>; resolve: (r: pulumi.Resource) => void }>();
    for (const p of plan?.published.keys() ?? []) {
        let resolve!: (r: pulumi.Resource) => void;
        waiting.set(p, { promise: new Promise<pulumi.Resource>((r) => (resolve = r)), resolve });
    }
    const inNamespace = (service: string) => plan !== undefined && (plan.published.has(service) || plan.clientsOf.has(service));
    return {
        named: <T extends WebConfig | WorkerConfig>(service: string, c: T): T => withNamedPort(plan, service, c),
        args: (service: string, c: WebConfig | WorkerConfig): ServiceConnectArgs | undefined =>
            inNamespace(service) ? { namespace: namespace!.arn, publish: plan!.published.has(service) ? [{ portName: publishedPortName(plan!, service, c), dnsName: plan!.published.get(service)!.dnsName }] : undefined } : undefined,
        environment: (service: string, producer: QueueProducer | undefined): QueueProducer | undefined => {
            const env = connectEnvironment(plan, service);
            if (Object.keys(env).length === 0) return producer;
            return { environment: { ...(producer?.environment ?? {}), ...env }, statements: producer?.statements ?? [] };
        },
        // A client waits for the services it calls, except one that itself needs the client (it sends
        // to the client's queue, directly or through others): the wait would hold the client's URN
        // until that service exists, which waits for the client's queue — a deadlock at preview.
        publishersOf: (service: string): pulumi.Input<pulumi.Resource>[] => (plan?.clientsOf.get(service) ?? []).filter((p) => !needs(config, p, service)).map((p) => waiting.get(p)!.promise),
        // A client waits for the ECS services it calls (not their components, whose rules admitting it need its own group).
        built: (service: string, component: pulumi.Resource, securityGroup: aws.ec2.SecurityGroup, ecsService: aws.ecs.Service) => {
            built.set(service, { component, securityGroup });
            waiting.get(service)?.resolve(ecsService);
        },
        admitClients: () => {
            for (const [service, p] of plan?.published ?? []) {
                const server = built.get(service)!;
                for (const [client, publishers] of plan!.clientsOf) {
                    if (!publishers.includes(service)) continue;
                    new aws.vpc.SecurityGroupIngressRule(
                        `${service}-from-${client}`,
                        { securityGroupId: server.securityGroup.id, referencedSecurityGroupId: built.get(client)!.securityGroup.id, ipProtocol: "tcp", fromPort: p.port, toPort: p.port, description: `Service Connect from ${client}`, tags },
                        { parent: server.component },
                    );
                }
            }
        },
    };
}

/** Whether `from` needs `to` built first: it sends to `to`'s queue, or calls (or sends to) a service that does. */
function needs(config: StackConfig, from: string, to: string, seen = new Set<string>()): boolean {
    if (seen.has(from)) return false;
    seen.add(from);
    const service = config.webServices[from] ?? config.workers[from];
    const next = [...(service?.sendsTo ?? []), ...Object.entries({ ...config.webServices, ...config.workers }).filter(([, c]) => (c.reachableFrom ?? []).includes(from)).map(([n]) => n)];
    return next.some((n) => n === to || needs(config, n, to, seen));
}

/**
 * The load balancer(s) of the web services, each created only when a service is on it: the
 * internet-facing one, and the internal one of the services with `public: false`.
 */
function createLoadBalancers(name: string, config: StackConfig, network: Network, tags: Record<string, string>): (webName: string) => SharedLoadBalancer {
    const all = Object.values(config.webServices);
    const external = all.some((w) => !isInternal(w)) ? createLoadBalancer(name, config, network, tags) : undefined;
    const internal = all.some(isInternal) ? createInternalLoadBalancer(name, config, network, tags) : undefined;
    return (webName) => (isInternal(config.webServices[webName]) ? internal! : external!);
}

/**
 * The internal load balancer: in the tasks' subnets (private ones, or the public ones with
 * `nat: none`, where its scheme still gives it private addresses only), admitting the VPC's
 * CIDR, HTTP only; its idle timeout, access logs and deletion protection follow `loadBalancer`.
 */
function createInternalLoadBalancer(name: string, config: StackConfig, network: Network, tags: Record<string, string>): SharedLoadBalancer {
    const lb = config.loadBalancer;
    return new SharedLoadBalancer(`${name}-internal`, { vpcId: network.vpcId, subnetIds: network.taskSubnetIds, internal: true, vpcCidrBlock: network.cidrBlock,
        // (With loadBalancer.adopt these keys are refused, so the internal one gets the defaults.)
        idleTimeoutSeconds: lb.idleTimeoutSeconds,
        deletionProtection: lb.deletionProtection,
        accessLogs: lb.accessLogs ?? true,
        accessLogRetentionDays: lb.accessLogRetentionDays,
        protect: config.protect,
        retainOnDelete: config.retainOnDelete,
        tags,
    });
}

/** The load balancer the web services share, with every host they answer to. */
function createLoadBalancer(name: string, config: StackConfig, network: Network, tags: Record<string, string>): SharedLoadBalancer {
    const publicServices = Object.values(config.webServices).filter((w) => !isInternal(w));
    // The services' own hosts first, then their additional targets' (a new target's host appends, not reorders).
    const hosts = [
        ...publicServices.flatMap((w) => [...(w.domainName !== undefined ? [w.domainName] : []), ...(w.aliases ?? [])]),
        ...publicServices.flatMap((w) => Object.values(w.additionalTargets ?? {}).flatMap((t) => t.hosts ?? [])),
    ];
    return new SharedLoadBalancer(name, { ...config.loadBalancer, vpcId: network.vpcId, subnetIds: network.publicSubnetIds, domainNames: hosts.length ? [...new Set(hosts)] : undefined,
        // Access logs are on unless the stack file turns them off: not tied to protect, so a teardown does not delete the bucket first.
        accessLogs: config.loadBalancer.adopt ? undefined : config.loadBalancer.accessLogs ?? true,
        protect: config.protect,
        retainOnDelete: config.retainOnDelete,
        tags,
    });
}

/** Pulumi Deployments of this stack; secret environment variables stay secret. */
function createDeployments(config: StackConfig, tags: Record<string, string>): PulumiDeployments {
    const d = config.deployments!;
    const env = d.environmentVariables && Object.fromEntries(Object.entries(d.environmentVariables).map(([k, v]) => [k, config.deploymentsIsSecret ? pulumi.secret(v) : pulumi.output(v)]));
    // CodeCommit: the Git password and the Pulumi token are Pulumi secrets and stay secrets.
    const { gitPassword, pulumiToken } = config.deploymentSecrets;
    const gitCredentials = d.gitUsername !== undefined && gitPassword !== undefined ? { username: d.gitUsername, password: pulumi.secret(gitPassword) } : undefined;
    const pulumiAccessToken = pulumiToken !== undefined ? pulumi.secret(pulumiToken) : undefined;
    const { gitUsername: _, ...args } = d;
    return new PulumiDeployments("deploy", { ...args, gitCredentials, pulumiAccessToken, environmentVariables: env, natInstances: config.network.nat === "instance", boundaryExternals: boundaryExternals(config), tags });
}

/** Every image with its repository, reference and the containers that run it. */
function imageOutputs(config: StackConfig, repositoryUrl: pulumi.Output<string> | undefined, appImage: pulumi.Output<string> | undefined, named: NamedImages): Record<string, ImageOutput> {
    const users = imageUsers(config);
    const out: Record<string, ImageOutput> = { [APP_IMAGE]: { repositoryUrl, image: appImage, tag: config.imageTag, tagVariable: IMAGE_TAG_ENV, pinned: false, containers: users[APP_IMAGE] } };
    for (const n of Object.keys(config.images)) out[n] = { repositoryUrl: named.repositoryUrls[n], image: named.uris[n], tag: config.imageTags[n], tagVariable: imageTagVariable(n), pinned: config.images[n].tag !== undefined, containers: users[n] };
    return out;
}

/** One line decides the architecture: `app.cpuArchitecture` sets the tasks' and the image build's. */
function imagePlatform(config: StackConfig): ImagePlatform {
    return config.app.cpuArchitecture === "ARM64" ? ImagePlatform.linuxArm64 : ImagePlatform.linuxAmd64;
}

/** The managed ECR repository and the image to deploy, or the outside image repository. */
function createImage(name: string, config: StackConfig, iamPath: string, permissionsBoundary: pulumi.Output<string> | undefined, tags: Record<string, string>, ciPushRepositoryArns: pulumi.Output<string>[]): { repositoryUrl?: pulumi.Output<string>; image?: pulumi.Output<string>; ciPushRoleArn?: pulumi.Output<string> } {
    const { app, imageTag } = config;
    if (app.imageRepository !== undefined) {
        return { image: imageTag === undefined ? undefined : pulumi.output(`${app.imageRepository}:${imageTag}`) };
    }
    const repo = new RegistryRepo(name, {
        imageTag,
        keepTaggedImages: app.keepTaggedImages,
        untaggedExpiryDays: app.untaggedExpiryDays,
        protect: config.protect,
        retainOnDelete: config.retainOnDelete,
        forceDelete: app.deleteImagesWithRepository ?? false,
        build: app.build && { ...app.build, platform: imagePlatform(config) },
        ciPush: app.ciPush,
        ciPushRepositoryArns: ciPushRepositoryArns.length > 0 ? ciPushRepositoryArns : undefined,
        iamPath,
        permissionsBoundary,
        tags,
    });
    return { repositoryUrl: repo.repositoryUrl, image: repo.imageUri, ciPushRoleArn: repo.ciPushRole?.arn };
}
