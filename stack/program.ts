/**
 * The program: composes the library's components for one stack from its validated config.
 * `index.ts` calls this; tests and the offline plan run `index.ts` itself under mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "../components/cluster";
import { PulumiDeployments } from "../components/deployments";
import { Network } from "../components/network";
import { RegistryRepo } from "../components/registry-repo";
import { QueueWorker } from "../components/queue-worker";
import { FargateWebService } from "../components/web-service";
import { stackRolePath } from "../components/internal/iam";
import { IMAGE_TAG_ENV, StackConfig } from "./config";
import { QueueProducer, webSettings, workerSettings } from "./services";

export interface StackOutputs {
    vpcId: pulumi.Output<string>;
    taskSubnetIds: pulumi.Output<string[]>;
    tasksHavePublicIp: boolean;
    clusterName: pulumi.Output<string>;
    repositoryUrl?: pulumi.Output<string>;
    /** The image the services run, or undefined before CI has supplied a tag. */
    image?: pulumi.Output<string>;
    url?: pulumi.Output<string>;
    webServiceName?: pulumi.Output<string>;
    workerServiceName?: pulumi.Output<string>;
    queueUrl?: pulumi.Output<string>;
    deadLetterQueueUrl?: pulumi.Output<string>;
    ciPushRoleArn?: pulumi.Output<string>;
    deployRoleArn?: pulumi.Output<string>;
}

export function createStack(config: StackConfig): StackOutputs {
    const name = "app";
    const network = new Network(name, config.network);
    const cluster = new Cluster(name, { ...config.cluster, protect: config.protect });
    const { repositoryUrl, image, ciPushRoleArn } = createImage(name, config);
    const deployments = config.deployments && createDeployments(config);
    const placement = {
        iamPath: stackRolePath(config.project, config.stack),
        cluster: cluster.cluster,
        vpcId: network.vpcId,
        subnetIds: network.taskSubnetIds,
        assignPublicIp: network.assignPublicIp,
    };
    if (image === undefined && (config.web || config.worker)) {
        // First deploy: the repository must exist before CI can push to it.
        pulumi.log.warn(`No image tag yet: services are not deployed. Push an image, then deploy with $${IMAGE_TAG_ENV} (or config imageTag) set to its tag.`);
    }
    // Services use the cluster's FARGATE/FARGATE_SPOT capacity providers: wait for their association.
    const afterCluster = { dependsOn: [cluster] };
    const worker = config.worker && image ? new QueueWorker("worker", { ...workerSettings(config, config.worker, image), ...placement }, afterCluster) : undefined;
    // The web app dispatches the worker's jobs: it gets the same queue variables and may send.
    const producer: QueueProducer | undefined = worker && { environment: worker.queueEnvironment, statements: worker.producerStatements() };
    const web =
        config.web && image
            ? new FargateWebService("web", { ...webSettings(config, config.web, image, producer), ...placement, loadBalancerSubnetIds: network.publicSubnetIds }, afterCluster)
            : undefined;
    return {
        vpcId: network.vpcId,
        taskSubnetIds: network.taskSubnetIds,
        tasksHavePublicIp: network.assignPublicIp,
        clusterName: cluster.clusterName,
        repositoryUrl,
        image,
        url: web?.url,
        webServiceName: web?.service.name,
        workerServiceName: worker?.service.name,
        queueUrl: worker?.queueUrl,
        deadLetterQueueUrl: worker?.deadLetterQueueUrl,
        ciPushRoleArn,
        deployRoleArn: deployments?.deployRole.arn,
    };
}

/** Pulumi Deployments of this stack; secret environment variables stay secret. */
function createDeployments(config: StackConfig): PulumiDeployments {
    const d = config.deployments!;
    const env = d.environmentVariables && Object.fromEntries(Object.entries(d.environmentVariables).map(([k, v]) => [k, config.deploymentsIsSecret ? pulumi.secret(v) : pulumi.output(v)]));
    return new PulumiDeployments("deploy", { ...d, environmentVariables: env });
}

/** The managed ECR repository and the image to deploy, or the outside image repository. */
function createImage(name: string, config: StackConfig): { repositoryUrl?: pulumi.Output<string>; image?: pulumi.Output<string>; ciPushRoleArn?: pulumi.Output<string> } {
    const { app, imageTag } = config;
    if (app.imageRepository !== undefined) {
        return { image: imageTag === undefined ? undefined : pulumi.output(`${app.imageRepository}:${imageTag}`) };
    }
    const repo = new RegistryRepo(name, {
        imageTag,
        keepTaggedImages: app.keepTaggedImages,
        untaggedExpiryDays: app.untaggedExpiryDays,
        protect: config.protect,
        build: app.build && { ...app.build, platform: app.cpuArchitecture === "ARM64" ? "linux/arm64" : "linux/amd64" },
        ciPush: app.ciPush,
        iamPath: stackRolePath(config.project, config.stack),
    });
    return { repositoryUrl: repo.repositoryUrl, image: repo.imageUri, ciPushRoleArn: repo.ciPushRole?.arn };
}
