/**
 * Reads and validates the whole stack config before any resource exists. Every problem is
 * reported at once, each naming the config key path, the bad value and what is allowed.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { validateClusterArgs } from "../components/platform/cluster";
import { Check, Problem, ValidationError, show, suggest } from "../components/internal/validation";
import { checkSecretsManagerRef } from "../components/internal/arns";
import { validateNetworkArgs } from "../components/platform/network";
import { validateRegistryRepoArgs } from "../components/platform/registry-repo";
import { ENV_NAME, LOG_RETENTION_DAYS, PROD_LOG_RETENTION_DAYS, checkSecretSpec } from "../components/task/task-spec";
import { sessionSeconds, validatePulumiDeploymentsArgs } from "../components/platform/deployments";
import { BOUNDARY_FORBIDDEN_SERVICES, boundaryForbids, boundaryPolicyName } from "../components/internal/boundary";
import { AppConfig, ClusterConfig, DeploymentsConfig, NetworkConfig, TaskConfig, appSchema, clusterSchema, deploymentsSchema, networkSchema } from "./schema";
import { BucketConfig, TopicConfig, bucketSchema, topicSchema } from "./schema";
import { checkData } from "./data-config";
import {
    LegacyWebConfig,
    LegacyWorkerConfig,
    LoadBalancerConfig,
    MigrationConfig,
    ScheduledTaskConfig,
    WebConfig,
    WorkerConfig,
    legacyWebSchema,
    legacyWorkerSchema,
    loadBalancerSchema,
    migrationSchema,
    scheduledTasksSchema,
    standaloneTasksSchema,
    StandaloneTaskConfig,
    tagsSchema,
    webServicesSchema,
    workersSchema,
} from "./service-schema";
import { checkServices, fromSingleServiceKeys } from "./service-config";
import { MIGRATION_NAME, checkMigrationConfig, checkScheduledTaskConfig, checkStandaloneTaskConfig } from "./services";
import { StackConfig } from "./stack-config";
import { zodProblems } from "./zod-problems";
import { DEPLOYMENT_SECRET_KEYS, checkCodeCommitConfig, checkSecretOnlyKey } from "./codecommit-config";
import { ImageConfig, checkContainerImages, checkImages, imagesSchema, resolveImageTags } from "./images";
import { CacheConfig, DatabaseConfig, cachesSchema, databasesSchema } from "./data-schema";
import { checkDataConfig } from "./data";
import { FileSystemConfig, checkFileSystemMounts, checkFileSystems, checkSecurityGroupCount, fileSystemsSchema } from "./file-systems";

/** Environment variable CI sets to the image tag it built (the git SHA). */
export const IMAGE_TAG_ENV = "IMAGE_TAG";

/** The project's config keys (`<project>:<key>`) and their schemas. */
export const CONFIG_SCHEMAS = {
    /** Image tag to deploy (git SHA); CI may give it as $IMAGE_TAG instead. */
    imageTag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "a Docker tag, e.g. a git SHA"),
    /** Refuse to delete stateful resources (repository, queues, log groups, log bucket) and the load balancer: only that. */
    protect: z.boolean(),
    /** Leave stateful resources in AWS when they leave the stack or the stack is destroyed. */
    retainOnDelete: z.boolean(),
    /** Days every log group keeps logs, unless a task or the cluster says otherwise. */
    // The CLI hands scalars to the program as text: "30" is the number 30.
    logRetentionDays: z.preprocess((v) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v), z.number().int()),
    /** Tags of every resource of the stack, besides app, stack and service. */
    tags: tagsSchema,
    network: networkSchema,
    cluster: clusterSchema,
    app: appSchema,
    /** The load balancer the web services share. */
    loadBalancer: loadBalancerSchema,
    /** Web services by name. */
    webServices: webServicesSchema,
    /** Workers by name: on an SQS queue, or plain (`queue: false`). */
    workers: workersSchema,
    /** Jobs the scheduler starts, by name. */
    scheduledTasks: scheduledTasksSchema,
    /** The migration that runs on each new image before the services roll. */
    migration: migrationSchema,
    /** Task definitions for one-off runs by other tools (`aws ecs run-task`), by name. */
    tasks: standaloneTasksSchema,
    /** Images besides the app's, by name; a container runs one with `image: <name>`. */
    images: imagesSchema,
    /** EFS file systems by name, created or adopted; containers mount them with `mounts: [{ fileSystem, accessPoint, path }]`. */
    fileSystems: fileSystemsSchema,
    /** 0.1's single web service; read as webServices.web. */
    web: legacyWebSchema,
    /** 0.1's single worker; read as workers.worker. */
    worker: legacyWorkerSchema,
    /** Pulumi Deployments on push, with AWS credentials by OIDC. May be a secret (for its environmentVariables). */
    deployments: deploymentsSchema,
    /** CodeCommit: the HTTPS Git password of deployments.gitUsername; must be a Pulumi secret. */
    deploymentsGitPassword: z.string().min(1),
    /** CodeCommit: the Pulumi access token pushes start deployments with; must be a Pulumi secret. */
    deploymentsPulumiToken: z.string().min(1),
    /** Databases by name: Aurora Serverless v2 or an RDS instance, or an adopted one, and the services that use each. */
    databases: databasesSchema,
    /** Caches by name: ElastiCache Serverless or nodes, or an adopted one, and the services that use each. */
    caches: cachesSchema,
    /** S3 buckets by name, handed to services by grants (docs/data-messaging.md). */
    buckets: z.record(z.string(), bucketSchema),
    /** SNS topics by name: their publishers and subscribing queue workers. */
    topics: z.record(z.string(), topicSchema),
} as const;

/** Keys that may be Pulumi secrets: their secret values are passed on as secrets, never in resource settings. */
const SECRET_CAPABLE_KEYS: string[] = ["deployments", ...DEPLOYMENT_SECRET_KEYS];

export type { StackConfig };

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Parses a raw config string: objects and booleans arrive JSON-encoded, strings as is. */
function decode(raw: string): unknown {
    const t = raw.trim();
    if (t.startsWith("{") || t.startsWith("[") || t === "true" || t === "false") {
        try {
            return JSON.parse(t);
        } catch {
            return raw;
        }
    }
    return raw;
}

/** Whether the running program's config key is a Pulumi secret (the SDK does not type this helper). */
function isSecretInProgram(key: string): boolean {
    return (require("@pulumi/pulumi/runtime/config") as { isConfigSecret: (k: string) => boolean }).isConfigSecret(key);
}

/**
 * Loads the stack config. `raw` is the flat Pulumi config (`namespace:key` → string) and `env`
 * the process environment; both default to the running program's.
 */
export function loadStackConfig(
    raw: Record<string, string> = pulumi.runtime.allConfig(),
    env: Record<string, string | undefined> = process.env,
    project: string = pulumi.getProject(),
    stack: string = pulumi.getStack(),
    isSecret: (key: string) => boolean = isSecretInProgram,
): StackConfig {
    const problems: Problem[] = [];
    const values: Record<string, unknown> = {};
    const known = Object.keys(CONFIG_SCHEMAS);
    /** Keys whose value failed its schema: left out of the config, so the checks across keys do not run. */
    const unreadable = new Set<string>();

    for (const [fullKey, rawValue] of Object.entries(raw)) {
        const [namespace, key] = fullKey.split(":", 2);
        if (namespace !== project) {
            checkForeignKey(fullKey, namespace, key, project, problems);
            continue;
        }
        if (key === "imageTag" && rawValue.trim() === "") {
            continue; // the project default: no tag in config
        }
        if (!(key in CONFIG_SCHEMAS)) {
            const guess = suggest(key, known);
            problems.push({ path: fullKey, message: `is not a known setting${guess ? `; did you mean ${show(`${project}:${guess}`)}?` : ""} Known: ${known.map((k) => `${project}:${k}`).join(", ")}` });
            continue;
        }
        if (isSecret(fullKey) && !SECRET_CAPABLE_KEYS.includes(key)) {
            // These keys shape resources; a secret here would end up in clear text in their settings.
            problems.push({
                path: fullKey,
                message: `is stored as a Pulumi secret, but it configures infrastructure and its values would be written into resource settings in clear text; keep secret values in Secrets Manager or SSM and reference them under ${project}:app.secrets, and set this key without --secret`,
            });
            continue;
        }
        if ((DEPLOYMENT_SECRET_KEYS as readonly string[]).includes(key) && !isSecret(fullKey)) {
            checkSecretOnlyKey(new Check(problems, fullKey), project, key);
            continue;
        }
        const schema = CONFIG_SCHEMAS[key as keyof typeof CONFIG_SCHEMAS] as z.ZodType;
        const input = decode(rawValue);
        const parsed = schema.safeParse(input);
        if (parsed.success) {
            values[key] = parsed.data;
        } else {
            problems.push(...zodProblems(fullKey, schema, input, parsed.error.issues));
            unreadable.add(key);
        }
    }

    const region = raw["aws:region"];
    if (region === undefined) {
        problems.push({ path: "aws:region", message: "is missing; set it in Pulumi.<stack>.yaml, e.g. aws:region: us-east-1" });
    } else if (!REGION.test(region)) {
        problems.push({ path: "aws:region", message: `is ${show(region)}; allowed: an AWS region such as "us-east-1"` });
    }

    const imageTag = reconcileImageTag(values.imageTag as string | undefined, env[IMAGE_TAG_ENV], project, problems);
    const config: StackConfig = {
        project,
        stack,
        region: region ?? "",
        imageTag,
        protect: (values.protect as boolean | undefined) ?? true,
        retainOnDelete: (values.retainOnDelete as boolean | undefined) ?? true,
        logRetentionDays: (values.logRetentionDays as number | undefined) ?? PROD_LOG_RETENTION_DAYS,
        network: networkWithModeDefault((values.network as NetworkConfig | undefined) ?? {}),
        cluster: (values.cluster as ClusterConfig | undefined) ?? {},
        app: (values.app as AppConfig | undefined) ?? {},
        tags: (values.tags as Record<string, string> | undefined) ?? {},
        loadBalancer: (values.loadBalancer as LoadBalancerConfig | undefined) ?? {},
        webServices: (values.webServices as Record<string, WebConfig> | undefined) ?? {},
        workers: (values.workers as Record<string, WorkerConfig> | undefined) ?? {},
        scheduledTasks: (values.scheduledTasks as Record<string, ScheduledTaskConfig> | undefined) ?? {},
        migration: values.migration as MigrationConfig | undefined,
        tasks: (values.tasks as Record<string, StandaloneTaskConfig> | undefined) ?? {},
        images: (values.images as Record<string, ImageConfig> | undefined) ?? {},
        imageTags: resolveImageTags((values.images as Record<string, ImageConfig> | undefined) ?? {}, imageTag, env, project, problems),
        deployments: values.deployments as DeploymentsConfig | undefined,
        fileSystems: (values.fileSystems as Record<string, FileSystemConfig> | undefined) ?? {},
        deploymentsIsSecret: isSecret(`${project}:deployments`),
        deploymentSecrets: { gitPassword: values.deploymentsGitPassword as string | undefined, pulumiToken: values.deploymentsPulumiToken as string | undefined },
        databases: (values.databases as Record<string, DatabaseConfig> | undefined) ?? {},
        caches: (values.caches as Record<string, CacheConfig> | undefined) ?? {},
        buckets: (values.buckets as Record<string, BucketConfig> | undefined) ?? {},
        topics: (values.topics as Record<string, TopicConfig> | undefined) ?? {},
        warnings: [],
    };
    if ("web" in values || "worker" in values) {
        for (const [old, now] of [["web", "webServices"], ["web", "loadBalancer"], ["worker", "workers"]]) {
            if (old in values && now in values) problems.push({ path: `${project}:${old}`, message: `is set together with ${project}:${now}; use the named shape only (see docs/apps.md, "Migrating a 0.1 stack file")` });
        }
        Object.assign(config, fromSingleServiceKeys(project, values.web as LegacyWebConfig | undefined, values.worker as LegacyWorkerConfig | undefined, config.warnings));
    }
    const readProblems = problems.length;
    // Route 53 shows zone names with their trailing dot ("example.com."): the same zone.
    if (config.loadBalancer.hostedZoneName?.endsWith(".")) config.loadBalancer = { ...config.loadBalancer, hostedZoneName: config.loadBalancer.hostedZoneName.replace(/\.+$/, "") };
    // Semantic rules are the components' own, run here on the parsed config so nothing is
    // created when any of them fails.
    const check = new Check(problems, "");
    if ("network" in values) validateNetworkArgs(check.at(`${project}:network`), config.network);
    if ("cluster" in values) validateClusterArgs(check.at(`${project}:cluster`), config.cluster);
    // Checked here, where it was typed: it reaches every task's log group.
    if (!check.at(`${project}:logRetentionDays`).oneOf(values.logRetentionDays as number | undefined, LOG_RETENTION_DAYS)) config.logRetentionDays = PROD_LOG_RETENTION_DAYS;
    // What `app` gives every app container is checked once, where it was typed; the services are
    // then checked with only the entries that passed, so no problem is reported twice.
    const sharedApp = checkSharedApp(config.app, `${project}:app`, problems);
    config.app = sharedApp;
    if ("app" in values) {
        validateRegistryRepoArgs(check.at(`${project}:app`), { keepTaggedImages: config.app.keepTaggedImages, untaggedExpiryDays: config.app.untaggedExpiryDays, ciPush: config.app.ciPush });
        if (config.app.imageRepository && (config.app.build || config.app.keepTaggedImages || config.app.untaggedExpiryDays || config.app.ciPush || config.app.deleteImagesWithRepository !== undefined)) {
            check.at(`${project}:app`).fail("sets imageRepository (an outside registry) together with build/keepTaggedImages/untaggedExpiryDays/ciPush/deleteImagesWithRepository, which apply only to the managed ECR repository");
        }
    }
    // File systems first: the services' checks see their mounts resolved to task volumes.
    checkFileSystems(check.at(`${project}:fileSystems`), config);
    checkFileSystemMounts((where) => check.at(`${project}:${where}`), config);
    checkSecurityGroupCount((where) => check.at(`${project}:${where}`), config);
    // Services are checked where they were typed: the single-service keys under their own names.
    checkServices(
        {
            key: (key) => check.at(key === "loadBalancer" && "web" in values ? `${project}:web` : `${project}:${key}`),
            service: (kind, name) => (kind === "webServices" && "web" in values ? check.at(`${project}:web`) : kind === "workers" && "worker" in values ? check.at(`${project}:worker`) : check.at(`${project}:${kind}`).at(name)),
        },
        config,
        config,
    );
    for (const [name, job] of Object.entries(config.scheduledTasks)) {
        checkScheduledTaskConfig(check.at(`${project}:scheduledTasks`).at(name), config, name, job);
        if (name in config.webServices || name in config.workers || name === MIGRATION_NAME) check.at(`${project}:scheduledTasks`).at(name).fail(`is also the name of a service (or "${MIGRATION_NAME}"); names must be unique in a stack`);
    }
    if (config.migration) checkMigrationConfig(check.at(`${project}:migration`), config, config.migration);
    checkImages(check.at(`${project}:images`), config);
    checkContainerImages((kind, name) => (kind === "migration" ? check.at(`${project}:migration`) : kind === "webServices" && "web" in values ? check.at(`${project}:web`) : kind === "workers" && "worker" in values ? check.at(`${project}:worker`) : check.at(`${project}:${kind}`).at(name)), config);
    for (const [name, t] of Object.entries(config.tasks)) {
        checkStandaloneTaskConfig(check.at(`${project}:tasks`).at(name), config, name, t);
        if (name in config.webServices || name in config.workers || name in config.scheduledTasks || name === MIGRATION_NAME) check.at(`${project}:tasks`).at(name).fail(`is also the name of a service or scheduled task (or "${MIGRATION_NAME}"); names must be unique in a stack`);
    }
    if (config.deployments) validatePulumiDeploymentsArgs(check.at(`${project}:deployments`), config.deployments);
    if (config.deployments && config.migration) checkMigrationFitsSession(check, project, config.migration, config.deployments);
    if (config.deployments) checkStatementsWithinBoundary(check, project, config);
    checkCodeCommitConfig(check, project, config.region, config.deployments, config.deploymentSecrets);
    checkDataConfig((key) => check.at(`${project}:${key}`), config);
    checkData(check, config);
    // A key that failed its schema is missing from the config the rules across keys read: what they
    // would say ("usedBy: "web" is not a service", "hostedZoneName: set without any domain name")
    // would be false. Its shape problems come first; those checks run once they are fixed.
    if (unreadable.size > 0) problems.splice(readProblems);
    if (problems.length > 0) {
        throw new ValidationError(`Stack config of "${stack}"`, problems.map((p) => atTypedKey(p, raw)));
    }
    return config;
}

/**
 * A problem found on the long form of a value the user typed short (`ports: [8080]` is read as
 * `{ containerPort: 8080 }`) is reported at what they typed: `ports[0]`, not `ports[0].containerPort`.
 */
function atTypedKey(problem: Problem, raw: Record<string, string>): Problem {
    const m = /^([^:.[\]]+:[^.[\]]+)(.*)$/.exec(problem.path);
    if (!m || raw[m[1]] === undefined) return problem;
    const steps = [...m[2].matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)].map((s) => ({ text: s[0], key: s[1] ?? Number(s[2]) }));
    let value: unknown = decode(raw[m[1]]);
    let path = m[1];
    for (const step of steps) {
        if (value === undefined) return problem; // a key to add: it is named as it should be typed
        if (value === null || typeof value !== "object") return { ...problem, path };
        value = (value as Record<string | number, unknown>)[step.key];
        path += step.text;
    }
    return problem;
}

/**
 * A migration may run `timeoutMinutes`, and Pulumi Deployments' AWS credentials last
 * `sessionDuration`: past it the gate can neither watch nor stop its task, and the services still
 * have to roll after it. Ten minutes are kept for the rest of the update.
 */
function checkMigrationFitsSession(check: Check, project: string, migration: MigrationConfig, deployments: DeploymentsConfig): void {
    const timeout = (migration.timeoutMinutes ?? 15) * 60;
    const session = sessionSeconds(deployments.sessionDuration);
    if (timeout + 600 <= session || session < 900 || session > 43200) return;
    const needed = Math.ceil((timeout + 600) / 900) * 15;
    const duration = `${needed >= 60 ? `${Math.floor(needed / 60)}h` : ""}${needed % 60 ? `${needed % 60}m` : ""}`;
    const fix = `set ${project}:deployments.sessionDuration to "${duration}" or more (up to 12h), or shorten the timeout`;
    const what = `a migration may run ${timeout / 60} minutes, but Pulumi Deployments' AWS credentials last ${session / 60} minutes (${project}:deployments.sessionDuration${deployments.sessionDuration === undefined ? ', default "1h"' : ""}) and the services still roll after it`;
    if (migration.timeoutMinutes !== undefined) check.at(`${project}:migration`).at("timeoutMinutes").fail(`is ${migration.timeoutMinutes}: ${what}; ${fix}`);
    else check.at(`${project}:deployments`).at("sessionDuration").fail(`is ${show(deployments.sessionDuration)}: ${what}; ${fix}`);
}

/**
 * Every role of a stack with Pulumi Deployments carries the stack's permissions boundary, which
 * allows no IAM, STS, Organizations or account actions: a task-role statement with one would be
 * cut at run time (AccessDenied); it is refused here instead.
 */
function checkStatementsWithinBoundary(check: Check, project: string, config: StackConfig): void {
    const tasks: [string, TaskConfig][] = [
        ...Object.entries(config.webServices).map(([n, w]): [string, TaskConfig] => [`webServices.${n}`, w.task]),
        ...Object.entries(config.workers).map(([n, w]): [string, TaskConfig] => [`workers.${n}`, w.task]),
        ...Object.entries(config.scheduledTasks).map(([n, j]): [string, TaskConfig] => [`scheduledTasks.${n}`, j.task]),
        ...(config.migration ? [["migration", config.migration.task] as [string, TaskConfig]] : []),
        ...Object.entries(config.tasks).map(([n, t]): [string, TaskConfig] => [`tasks.${n}`, t.task]),
    ];
    for (const [where, task] of tasks) {
        (task.taskRoleStatements ?? []).forEach((st, i) =>
            st.actions.forEach((action, j) => {
                if (boundaryForbids(action)) {
                    check.at(`${project}:${where}`).at("task").at("taskRoleStatements").at(i).at("actions").at(j).fail(
                        `is ${show(action)}, which the stack's permissions boundary (${boundaryPolicyName(`${project}-${config.stack}`)}) never allows a task role: no ${BOUNDARY_FORBIDDEN_SERVICES.join(", ")} actions, so a role the deploy role can reach cannot leave the stack; do this outside the stack with an administrator`,
                    );
                }
            }),
        );
    }
}

/**
 * Config namespaces a stack file may use besides the project's, with the keys each provider
 * reads (from the installed provider SDKs' `config/vars`, so they follow the pinned versions).
 * `pulumi:` keys (tags, disable-default-providers, …) belong to the engine and are not checked.
 */
function providerConfigKeys(): Record<string, readonly string[] | "any"> {
    const keysOf = (module: string): string[] => {
        try {
            return Object.keys(require(module));
        } catch {
            return []; // an optional provider that is not installed
        }
    };
    return { aws: keysOf("@pulumi/aws/config/vars"), pulumiservice: keysOf("@pulumi/pulumiservice/config/vars"), pulumi: "any" };
}

/**
 * A key outside the project's namespace is either a provider's setting the provider knows, or a
 * mistake that would be silently ignored: a mistyped project name (`fargate-kits:worker`) or a
 * mistyped provider key (`aws:regoin`).
 */
function checkForeignKey(fullKey: string, namespace: string, key: string, project: string, problems: Problem[]): void {
    const providers = providerConfigKeys();
    const known = providers[namespace];
    if (known === "any") return;
    if (known !== undefined) {
        if (known.length === 0 || known.includes(key)) return;
        const guess = suggest(key, known);
        problems.push({ path: fullKey, message: `is not a setting of the ${namespace} provider${guess ? `; did you mean ${show(`${namespace}:${guess}`)}?` : ""}` });
        return;
    }
    const projectKeys = Object.keys(CONFIG_SCHEMAS).map((k) => `${project}:${k}`);
    const guessNamespace = suggest(namespace, [project, ...Object.keys(providers)]);
    const guess = guessNamespace === project ? suggest(`${project}:${key}`, projectKeys) : guessNamespace ? `${guessNamespace}:${key}` : undefined;
    problems.push({
        path: fullKey,
        message:
            `is in namespace ${show(namespace)}, which is neither this project's (${show(project)}, the name in Pulumi.yaml) nor a provider's this program uses (${Object.keys(providers).join(", ")}), ` +
            `so nothing would read it${guess ? `; did you mean ${show(guess)}?` : ""}`,
    });
}

/** Checks `app.environment` and `app.secrets`; returns the app with only the entries that passed. */
function checkSharedApp(app: AppConfig, path: string, problems: Problem[]): AppConfig {
    const keep = <T>(entries: Record<string, T> | undefined, checkOne: (c: Check, key: string, v: T) => void): Record<string, T> | undefined => {
        if (entries === undefined) return undefined;
        const out: Record<string, T> = {};
        for (const [key, v] of Object.entries(entries)) {
            const c = Check.root(path);
            checkOne(c, key, v);
            problems.push(...c.problems);
            if (c.ok) out[key] = v;
        }
        return out;
    };
    const environment = keep(app.environment, (c, key) => c.at("environment").at(key).matches(key, ENV_NAME, "an environment variable name (letters, digits, '_', not starting with a digit)"));
    const secrets = keep(app.secrets, (c, key, secret) => {
        const at = c.at("secrets").at(key);
        at.matches(key, ENV_NAME, "an environment variable name (letters, digits, '_', not starting with a digit)");
        if (app.environment && key in app.environment) at.fail("is also set in app.environment; a variable comes from one place only");
        checkSecretSpec(at, secret);
    });
    // Checked where it was typed: it reaches every app container, whose paths would otherwise carry the problem.
    let repositoryCredentialsSecret = app.imageRepositoryCredentialsSecret;
    if (repositoryCredentialsSecret !== undefined) {
        const c = Check.root(path);
        checkSecretsManagerRef(c.at("imageRepositoryCredentialsSecret"), repositoryCredentialsSecret);
        problems.push(...c.problems);
        if (!c.ok) repositoryCredentialsSecret = undefined;
    }
    if (app.imageRepository !== undefined) {
        const c = Check.root(path);
        const lastSegment = app.imageRepository.split("/").pop() ?? "";
        if (/[:@]/.test(lastSegment)) {
            c.at("imageRepository").fail(`is ${show(app.imageRepository)}, which names a tag or digest; give the repository alone (${show(app.imageRepository.replace(/[:@][^/]*$/, ""))}): the tag comes from $IMAGE_TAG or imageTag`);
        }
        problems.push(...c.problems);
    }
    return { ...app, environment, secrets, imageRepositoryCredentialsSecret: repositoryCredentialsSecret };
}


/**
 * Tasks never get a public IP unless the stack file says so: without a `nat` (or endpoints), a new
 * VPC gets a NAT gateway per AZ and an adopted one uses its private subnets. `nat: none` stays an
 * explicit opt-out (Security Hub ECS.2 then reports it). Not tied to `protect`: turning protection
 * off to tear a stack down must not move its tasks to public IPs first.
 */
function networkWithModeDefault(network: NetworkConfig): NetworkConfig {
    if (network.nat !== undefined || network.vpcEndpoints) return network;
    return { ...network, nat: network.vpcId !== undefined ? "existing" : "perAz" };
}

/** One image tag, from config or $IMAGE_TAG; both set and different is an error, never a silent pick. */
function reconcileImageTag(fromConfig: string | undefined, fromEnv: string | undefined, project: string, problems: Problem[]): string | undefined {
    fromConfig = fromConfig?.trim() || undefined;
    const envTag = fromEnv?.trim() || undefined;
    if (envTag !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(envTag)) {
        problems.push({ path: `$${IMAGE_TAG_ENV}`, message: `is ${show(envTag)}; allowed: a Docker tag such as a git SHA` });
        return undefined;
    }
    if (fromConfig !== undefined && envTag !== undefined && fromConfig !== envTag) {
        problems.push({
            path: `${project}:imageTag`,
            message: `is ${show(fromConfig)} but $${IMAGE_TAG_ENV} is ${show(envTag)}; set the tag in one place (CI usually sets $${IMAGE_TAG_ENV}; remove the config key or make them equal)`,
        });
    }
    return envTag ?? fromConfig;
}
