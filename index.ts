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
import { dataStoreReplacements } from "./stack/data";
import { ValidationError } from "./components/internal/validation";

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
    // A named image without a tag this time keeps the one it ran (as the app image does).
    for (const name of Object.keys(config.imageTags)) config.imageTags[name] ??= previous.imageTags[name] ?? config.imageTag;
    config.warnings.push(...queueTypeChanges(config, previous.queueUrls));
    // A change that would replace a database or cache: refused in a protected stack before anything is created.
    const replacements = dataStoreReplacements(config, previous.dataStores);
    if (replacements.problems.length > 0) throw new ValidationError(`Stack config of "${config.stack}"`, replacements.problems);
    config.warnings.push(...replacements.warnings);
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
        scheduledTasks: stack.scheduledTasks,
        region: config.region,
        images: stack.images,
        tasks: stack.tasks,
        databases: stack.databases,
        caches: stack.caches,
        dataStores: stack.dataStores,
        buckets: stack.buckets,
        topics: stack.topics,
    };
};
