/**
 * The fargate-kit program. `pulumi up --stack stage|prod` runs this file (see `main` in
 * Pulumi.yaml); `npm run synth` runs it offline under mocks. The components it composes
 * are the npm library in `components/`.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "./stack/config";
import { refusePlaceholders } from "./stack/placeholders";
import { previousOutputs, queueTypeChanges } from "./stack/previous";
import { createStack } from "./stack/program";

export = async () => {
    // The whole config is validated before anything is registered.
    const config = loadStackConfig();
    refusePlaceholders(config, process.env);
    const previous = await previousOutputs();
    if (config.imageTag === undefined) {
        config.imageTag = previous.imageTag;
        if (config.imageTag !== undefined) {
            pulumi.log.info(`No $IMAGE_TAG or imageTag given: keeping the deployed image tag ${config.imageTag}.`);
        }
    }
    config.warnings.push(...queueTypeChanges(config, previous.queueUrls));
    const stack = createStack(config);
    return {
        imageTag: config.imageTag,
        vpcId: stack.vpcId,
        taskSubnetIds: stack.taskSubnetIds,
        tasksHavePublicIp: stack.tasksHavePublicIp,
        clusterName: stack.clusterName,
        repositoryUrl: stack.repositoryUrl,
        image: stack.image,
        imagePlatform: stack.imagePlatform,
        url: stack.url,
        webServices: stack.webServices,
        workers: stack.workers,
        ciPushRoleArn: stack.ciPushRoleArn,
        deployRoleArn: stack.deployRoleArn,
        buckets: stack.buckets,
        topics: stack.topics,
    };
};
