/**
 * What the stack file names outside the stack, which its roles may use: the permissions boundary
 * allows these beside the stack's own resources (components/internal/boundary.ts).
 */
import { BoundaryExternals } from "../components/internal/boundary";
import { ecrRepositoryArnOfImage, isFullSecretArn } from "../components/internal/arns";
import { ContainerConfig, TaskConfig } from "./schema";
import { StackConfig } from "./stack-config";

type SecretSpec = { secretsManager?: string; ssmParameter?: string; kmsKeyArn?: string };

export function boundaryExternals(config: StackConfig, partition = "aws"): BoundaryExternals {
    const out: Required<BoundaryExternals> = { secrets: [], secretNames: [], ssmParameters: [], ssmParameterNames: [], kmsKeys: [], queues: [], repositories: [], loadBalancers: [], statements: [], logDestinations: [], codeBuildProject: "", fileSystemIds: [] };
    const secret = (s: SecretSpec) => {
        if (s.secretsManager !== undefined) (isFullSecretArn(s.secretsManager) ? out.secrets : out.secretNames).push(s.secretsManager);
        if (s.ssmParameter !== undefined) (s.ssmParameter.startsWith("arn:") ? out.ssmParameters : out.ssmParameterNames).push(s.ssmParameter);
        if (s.kmsKeyArn !== undefined) out.kmsKeys.push(s.kmsKeyArn);
    };
    const secretRef = (ref: string | undefined) => ref !== undefined && secret({ secretsManager: ref });
    Object.values(config.app.secrets ?? {}).forEach(secret);
    secretRef(config.app.imageRepositoryCredentialsSecret);
    const image = (ref: string | undefined) => {
        const repo = ref && ecrRepositoryArnOfImage(ref, partition);
        if (repo) out.repositories.push(repo);
    };
    image(config.app.imageRepository);
    const task = (t: TaskConfig) => {
        image(t.logRouterImage);
        for (const sub of t.logSubscriptions ?? []) if (/:(kinesis|firehose):/.test(sub.destinationArn)) out.logDestinations.push(sub.destinationArn);
        (t.taskRoleStatements ?? []).forEach((s) => out.statements.push({ actions: s.actions, resources: s.resources, ...(s.conditions?.length ? { conditions: s.conditions } : {}) }));
        t.containers.forEach((c: ContainerConfig) => {
            image(c.image);
            secretRef(c.repositoryCredentialsSecret);
            Object.values(c.secrets ?? {}).forEach(secret);
            Object.values(c.logging?.fireLens?.secretOptions ?? {}).forEach(secret);
        });
    };
    for (const i of Object.values(config.images ?? {})) {
        image(i.repository);
        secretRef(i.repositoryCredentialsSecret);
    }
    Object.values(config.webServices).forEach((w) => task(w.task));
    for (const w of Object.values(config.workers)) {
        task(w.task);
        for (const q of [w.queueArn, w.deadLetterQueueArn]) if (q !== undefined) out.queues.push(q);
        if (w.kmsKeyArn !== undefined) out.kmsKeys.push(w.kmsKeyArn);
    }
    Object.values(config.scheduledTasks).forEach((j) => task(j.task));
    Object.values(config.tasks ?? {}).forEach((t) => task(t.task));
    if (config.migration) task(config.migration.task);
    // The app's databases: the master-password secret RDS creates has a name unknown before it
    // exists (rds!cluster-<uuid>, rds!db-<uuid>); the boundary allows that family, the roles grant exactly one.
    for (const db of Object.values(config.databases ?? {})) {
        if (db.adopt) secretRef(db.adopt.secret);
        else out.secretNames.push((db.kind ?? "serverless") === "serverless" ? "rds!cluster-*" : "rds!db-*");
        if (db.secretKmsKeyArn !== undefined) out.kmsKeys.push(db.secretKmsKeyArn);
    }
    // Customer keys of the stack's buckets and topics: their users decrypt and generate data keys with them.
    for (const d of [...Object.values(config.buckets ?? {}), ...Object.values(config.topics ?? {})]) if (d.kmsKeyArn !== undefined) out.kmsKeys.push(d.kmsKeyArn);
    const adopt = config.loadBalancer.adopt;
    if (adopt) out.loadBalancers.push(adopt.loadBalancerArn, adopt.listenerArn);
    for (const fs of Object.values(config.fileSystems ?? {})) if (fs.adopt) out.fileSystemIds.push(fs.adopt.fileSystemId);
    const unique = (v: string[]) => [...new Set(v)];
    return {
        ...out,
        secrets: unique(out.secrets),
        secretNames: unique(out.secretNames),
        ssmParameters: unique(out.ssmParameters),
        ssmParameterNames: unique(out.ssmParameterNames),
        kmsKeys: unique(out.kmsKeys),
        queues: unique(out.queues),
        repositories: unique(out.repositories),
        loadBalancers: unique(out.loadBalancers),
        logDestinations: unique(out.logDestinations),
        fileSystemIds: unique(out.fileSystemIds),
        codeBuildProject: config.app.ciPush?.provider === "codebuild" ? config.app.ciPush.codeBuildProject : undefined,
    };
}
