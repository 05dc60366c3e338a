/**
 * The AWS SDK v3 clients, loaded on first use. They are optional peer dependencies of the
 * package: a project that only imports the components installs none of them, and a command that
 * needs one it lacks says which to install. Credentials come from the SDK's standard chain
 * (environment, AWS_PROFILE and SSO, web identity, container and instance roles).
 */
import { CliError } from "./errors";

type Ecs = typeof import("@aws-sdk/client-ecs");
type Logs = typeof import("@aws-sdk/client-cloudwatch-logs");
type Sqs = typeof import("@aws-sdk/client-sqs");
type CloudWatch = typeof import("@aws-sdk/client-cloudwatch");
type Elbv2 = typeof import("@aws-sdk/client-elastic-load-balancing-v2");
type Scheduler = typeof import("@aws-sdk/client-scheduler");

export interface AwsClients {
    ecs(region: string): { sdk: Ecs; client: InstanceType<Ecs["ECSClient"]> };
    logs(region: string): { sdk: Logs; client: InstanceType<Logs["CloudWatchLogsClient"]> };
    sqs(region: string): { sdk: Sqs; client: InstanceType<Sqs["SQSClient"]> };
    cloudwatch(region: string): { sdk: CloudWatch; client: InstanceType<CloudWatch["CloudWatchClient"]> };
    elbv2(region: string): { sdk: Elbv2; client: InstanceType<Elbv2["ElasticLoadBalancingV2Client"]> };
    scheduler(region: string): { sdk: Scheduler; client: InstanceType<Scheduler["SchedulerClient"]> };
}

/** The packages by what they serve, for the message when one is missing. */
export const SDK_PACKAGES = {
    ecs: "@aws-sdk/client-ecs",
    logs: "@aws-sdk/client-cloudwatch-logs",
    sqs: "@aws-sdk/client-sqs",
    cloudwatch: "@aws-sdk/client-cloudwatch",
    elbv2: "@aws-sdk/client-elastic-load-balancing-v2",
    scheduler: "@aws-sdk/client-scheduler",
} as const;

/** Every client the command can use, for the install hint. */
export const ALL_SDK_INSTALL = `npm install --save-dev ${Object.values(SDK_PACKAGES).join(" ")}`;

/**
 * Loads a package with `require`, or explains how to install it. `load` is the module loader
 * (tests pass one that fails, as a project without the package would).
 */
export function loadSdk<T>(pkg: string, load: (id: string) => unknown = require): T {
    try {
        return load(pkg) as T;
    } catch (e) {
        if ((e as NodeJS.ErrnoException)?.code === "MODULE_NOT_FOUND" && String((e as Error).message).includes(pkg)) {
            throw new CliError(`this command needs ${pkg}, an optional dependency of fargate-kit that is not installed: npm install --save-dev ${pkg}  (all of the command's clients: ${ALL_SDK_INSTALL})`);
        }
        throw e;
    }
}

export function sdkClients(load: (id: string) => unknown = require): AwsClients {
    const cache = new Map<string, unknown>();
    const make = <S, C>(pkg: string, className: string, region: string): { sdk: S; client: C } => {
        const key = `${pkg} ${region}`;
        if (!cache.has(key)) {
            const sdk = loadSdk<Record<string, new (config: { region: string }) => unknown>>(pkg, load);
            cache.set(key, { sdk, client: new sdk[className]({ region }) });
        }
        return cache.get(key) as { sdk: S; client: C };
    };
    return {
        ecs: (region) => make(SDK_PACKAGES.ecs, "ECSClient", region),
        logs: (region) => make(SDK_PACKAGES.logs, "CloudWatchLogsClient", region),
        sqs: (region) => make(SDK_PACKAGES.sqs, "SQSClient", region),
        cloudwatch: (region) => make(SDK_PACKAGES.cloudwatch, "CloudWatchClient", region),
        elbv2: (region) => make(SDK_PACKAGES.elbv2, "ElasticLoadBalancingV2Client", region),
        scheduler: (region) => make(SDK_PACKAGES.scheduler, "SchedulerClient", region),
    };
}
