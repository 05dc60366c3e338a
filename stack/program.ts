/**
 * The program: composes the library's components for one stack from its validated config.
 * `index.ts` calls this; tests and the offline plan run `index.ts` itself under mocks.
 */
import * as pulumi from "@pulumi/pulumi";
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
import { isDefaultService, queueWorkerOrder } from "./service-config";
import { MIGRATION_NAME, QueueProducer, migrationSettings, plainWorkerSettings, queueWorkerSettings, scheduledTaskSettings, webSettings } from "./services";
import { MigrationGate } from "../components/services/migration-gate";
import { ScheduledTask } from "../components/services/scheduled-task";
import { ImagePlatform } from "../components/enums";
import { boundaryExternals } from "./boundary-externals";
import { createData, createDeliveries, dataFor } from "./data-program";

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
    /** Bucket names by the stack file's key. */
    buckets?: Record<string, pulumi.Output<string>>;
    /** Topic ARNs by the stack file's key. */
    topics?: Record<string, pulumi.Output<string>>;
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
    const { repositoryUrl, image, ciPushRoleArn } = createImage(name, config, iamPath, permissionsBoundary, stackTags);
    for (const warning of config.warnings) pulumi.log.warn(warning);
    const hasServices = Object.keys(config.webServices).length + Object.keys(config.workers).length > 0;
    if (image === undefined && hasServices) {
        // First deploy: the repository must exist before CI can push to it.
        pulumi.log.warn(`No image tag yet: services are not deployed. Push an image, then deploy with $${IMAGE_TAG_ENV} (or config imageTag) set to its tag.`);
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
    };
    // Data outlives images and services: created on the first deploy too, before anything that uses it.
    const data = createData(config, stackTags);
    outputs.buckets = Object.fromEntries(Object.entries(data.buckets).map(([n, b]) => [n, b.bucketName]));
    outputs.topics = Object.fromEntries(Object.entries(data.topics).map(([n, t]) => [n, t.topicArn]));
    if (image === undefined) return outputs;

    const placement = { iamPath, permissionsBoundary, cluster: cluster.cluster, vpcId: network.vpcId, subnetIds: network.taskSubnetIds, assignPublicIp: network.assignPublicIp };
    // The migration runs on the new image first; a failed one stops the deploy before any service rolls.
    const migration = config.migration && new MigrationGate(MIGRATION_NAME, { ...migrationSettings(config, config.migration, image), ...placement }, { dependsOn: [cluster] });
    // Services use the cluster's FARGATE/FARGATE_SPOT capacity providers: wait for their association (and the migration).
    const afterCluster = { dependsOn: [cluster, ...(migration ? [migration.gate] : [])] };
    const queues = new Map<string, QueueWorker>();
    // What a service gets handed: the queues it sends to, the buckets granted to it, the topics it publishes to.
    const producer = (service: string, sendsTo: string[] | undefined): QueueProducer | undefined => {
        const targets = (sendsTo ?? []).map((t) => queues.get(t)!);
        const wired = dataFor(config, data, service);
        if (targets.length === 0 && wired.statements.length === 0) return undefined;
        return {
            environment: Object.assign({}, ...targets.map((q) => q.queueEnvironment), wired.environment),
            statements: [...targets.flatMap((q) => q.producerStatements()), ...wired.statements],
        };
    };
    for (const [jobName, job] of Object.entries(config.scheduledTasks)) {
        new ScheduledTask(jobName, { ...scheduledTaskSettings(config, jobName, job, image, producer(jobName, undefined)), ...placement }, afterCluster);
    }
    // SQS workers first, each after the workers it sends to: producers need their queues.
    for (const workerName of queueWorkerOrder(config.workers) ?? []) {
        const w = config.workers[workerName];
        const worker = new QueueWorker(workerName, { ...queueWorkerSettings(config, workerName, w, image, producer(workerName, w.sendsTo)), ...placement }, afterCluster);
        queues.set(workerName, worker);
        outputs.workers[workerName] = { serviceName: worker.service.name, logGroupName: worker.logGroup.name, taskFamily: worker.taskDefinition.family, queueUrl: worker.queueUrl, deadLetterQueueUrl: worker.deadLetterQueueUrl };
    }
    // Topics and buckets deliver into the queues now that they exist.
    createDeliveries(config, data, queues);
    for (const [workerName, w] of Object.entries(config.workers).filter(([, w]) => w.queue === false)) {
        const worker = new Worker(workerName, { ...plainWorkerSettings(config, workerName, w, image, producer(workerName, w.sendsTo)), ...placement }, afterCluster);
        outputs.workers[workerName] = { serviceName: worker.service.name, logGroupName: worker.logGroup.name, taskFamily: worker.taskDefinition.family };
    }
    const webNames = Object.keys(config.webServices);
    if (webNames.length > 0) {
        const lb = createLoadBalancer(name, config, network, stackTags);
        for (const webName of webNames) {
            const web = config.webServices[webName];
            const settings = webSettings(config, webName, web, image, producer(webName, web.sendsTo));
            const service = new FargateWebService(webName, { ...settings, defaultRoute: isDefaultService(config, webName), ...placement, loadBalancer: lb }, afterCluster);
            outputs.webServices[webName] = { serviceName: service.service.name, url: service.url, logGroupName: service.logGroup.name, taskFamily: service.taskDefinition.family };
            if (isDefaultService(config, webName) || outputs.url === undefined) outputs.url = service.url;
        }
    }
    return outputs;
}

/** The load balancer the web services share, with every host they answer to. */
function createLoadBalancer(name: string, config: StackConfig, network: Network, tags: Record<string, string>): SharedLoadBalancer {
    const hosts = Object.values(config.webServices).flatMap((w) => [...(w.domainName !== undefined ? [w.domainName] : []), ...(w.aliases ?? [])]);
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
    return new PulumiDeployments("deploy", { ...d, environmentVariables: env, natInstances: config.network.nat === "instance", boundaryExternals: boundaryExternals(config), tags });
}

/** One line decides the architecture: `app.cpuArchitecture` sets the tasks' and the image build's. */
function imagePlatform(config: StackConfig): ImagePlatform {
    return config.app.cpuArchitecture === "ARM64" ? ImagePlatform.linuxArm64 : ImagePlatform.linuxAmd64;
}

/** The managed ECR repository and the image to deploy, or the outside image repository. */
function createImage(name: string, config: StackConfig, iamPath: string, permissionsBoundary: pulumi.Output<string> | undefined, tags: Record<string, string>): { repositoryUrl?: pulumi.Output<string>; image?: pulumi.Output<string>; ciPushRoleArn?: pulumi.Output<string> } {
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
        iamPath,
        permissionsBoundary,
        tags,
    });
    return { repositoryUrl: repo.repositoryUrl, image: repo.imageUri, ciPushRoleArn: repo.ciPushRole?.arn };
}
