/**
 * The fargate-kit program. `pulumi up --stack stage|prod` runs this file (see `main` in
 * Pulumi.yaml); `npm run synth` runs it offline under mocks. The components it composes
 * are the npm library in `components/`.
 */
import { loadStackConfig } from "./stack/config";
import { createStack } from "./stack/program";

const stack = createStack(loadStackConfig());

export const vpcId = stack.vpcId;
export const taskSubnetIds = stack.taskSubnetIds;
export const tasksHavePublicIp = stack.tasksHavePublicIp;
export const clusterName = stack.clusterName;
export const repositoryUrl = stack.repositoryUrl;
export const image = stack.image;
export const url = stack.url;
export const webServiceName = stack.webServiceName;
export const workerServiceName = stack.workerServiceName;
export const queueUrl = stack.queueUrl;
export const deadLetterQueueUrl = stack.deadLetterQueueUrl;
