/** aws-sdk-client-mock stubs for a healthy prod stack (the fixture's outputs); tests change what they need. */
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListServiceDeploymentsCommand, ListTasksCommand, Service } from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetScheduleCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";

export const ecs = mockClient(ECSClient);
export const logs = mockClient(CloudWatchLogsClient);
export const sqs = mockClient(SQSClient);
export const cloudwatch = mockClient(CloudWatchClient);
export const elbv2 = mockClient(ElasticLoadBalancingV2Client);
export const scheduler = mockClient(SchedulerClient);

export const REPO = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fargate-kit-prod-app";
export const TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/fargate-kit-prod-web/0123456789abcdef";
export const td = (family: string, rev: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${rev}`;
export const taskArn = (id: string) => `arn:aws:ecs:us-east-1:123456789012:task/fargate-kit-prod-app/${id}`;
export const NETWORK = { awsvpcConfiguration: { subnets: ["subnet-private-0", "subnet-private-1"], securityGroups: ["sg-0web"], assignPublicIp: "DISABLED" as const } };

export function webService(over: Partial<Service> = {}): Service {
    return {
        serviceName: "web-7d41e2a",
        desiredCount: 2,
        runningCount: 2,
        pendingCount: 0,
        taskDefinition: td("fargate-kit-prod-web", 12),
        enableExecuteCommand: true,
        loadBalancers: [{ targetGroupArn: TG, containerName: "php", containerPort: 8080 }],
        networkConfiguration: NETWORK,
        platformVersion: "LATEST",
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        deployments: [{ id: "ecs-svc/1111", status: "PRIMARY", taskDefinition: td("fargate-kit-prod-web", 12), rolloutState: "COMPLETED", failedTasks: 0 }],
        ...over,
    };
}

export function workerService(over: Partial<Service> = {}): Service {
    return {
        serviceName: "worker-91c0b3f",
        desiredCount: 1,
        runningCount: 1,
        pendingCount: 0,
        taskDefinition: td("fargate-kit-prod-worker", 7),
        networkConfiguration: { awsvpcConfiguration: { ...NETWORK.awsvpcConfiguration, securityGroups: ["sg-0worker"] } },
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        deployments: [{ id: "ecs-svc/2222", status: "PRIMARY", taskDefinition: td("fargate-kit-prod-worker", 7), rolloutState: "COMPLETED", failedTasks: 0 }],
        ...over,
    };
}

const definition = (family: string, rev: number, tag: string) => ({
    taskDefinition: {
        family,
        revision: rev,
        taskDefinitionArn: td(family, rev),
        registeredAt: new Date("2026-12-01T10:00:00Z"),
        containerDefinitions: [
            { name: family.endsWith("web") ? "php" : family.split("-").pop(), image: `${REPO}:${tag}`, essential: true, logConfiguration: { logDriver: "awslogs" as const, options: { "awslogs-group": `/ecs/fargate-kit-prod/${family.split("-").pop()}`, "awslogs-stream-prefix": family.split("-").pop()! } } },
            ...(family.endsWith("web") ? [{ name: "nginx", image: "public.ecr.aws/nginx/nginx:1.27", essential: true }] : []),
        ],
    },
});

/** Every client answers as a healthy stack would. */
export function healthy(): void {
    for (const m of [ecs, logs, sqs, cloudwatch, elbv2, scheduler]) m.reset();
    ecs.on(DescribeServicesCommand).callsFake((input) => ({ services: (input.services as string[]).map((n) => (n.startsWith("web") ? webService() : workerService())), failures: [] }));
    ecs.on(ListServiceDeploymentsCommand).resolves({ serviceDeployments: [] });
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [] });
    ecs.on(DescribeTaskDefinitionCommand).callsFake((input) => {
        const [family, rev] = String(input.taskDefinition).split("/").pop()!.split(":");
        return definition(family, Number(rev ?? 12), "3f2c1ab");
    });
    elbv2.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [{ TargetHealth: { State: "healthy" } }, { TargetHealth: { State: "healthy" } }] });
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [], CompositeAlarms: [] });
    cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: "age0", Values: [42, 30] }] });
    sqs.on(GetQueueAttributesCommand).callsFake((input) => ({ Attributes: String(input.QueueUrl).endsWith("-dlq") ? { ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" } : { ApproximateNumberOfMessages: "5", ApproximateNumberOfMessagesNotVisible: "2" } }));
    scheduler.on(GetScheduleCommand).resolves({
        Name: "fargate-kit-prod-scheduler",
        ScheduleExpression: "cron(0 3 * * ? *)",
        ScheduleExpressionTimezone: "UTC",
        State: "ENABLED",
        Target: {
            Arn: "arn:aws:ecs:us-east-1:123456789012:cluster/fargate-kit-prod-app",
            RoleArn: "arn:aws:iam::123456789012:role/x",
            EcsParameters: { TaskDefinitionArn: td("fargate-kit-prod-scheduler", 4), PlatformVersion: "LATEST", NetworkConfiguration: { awsvpcConfiguration: { Subnets: ["subnet-private-0"], SecurityGroups: ["sg-0sched"], AssignPublicIp: "DISABLED" } } },
        },
    });
}
