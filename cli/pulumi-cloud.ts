/**
 * The Pulumi Cloud REST API calls `wait` makes (https://www.pulumi.com/docs/reference/cloud-rest-api/):
 * a deployment's status, the stack's newest deployment, and the stack's outputs after it, with
 * `Authorization: token $PULUMI_ACCESS_TOKEN`.
 */
import { Context } from "./context";
import { CliError } from "./errors";
import { StackOutputsJson } from "./outputs";

/** Deployment statuses (GetDeploymentResponse.status); the last three are terminal. */
export type DeploymentStatus = "not-started" | "accepted" | "running" | "succeeded" | "failed" | "skipped";
export const TERMINAL: DeploymentStatus[] = ["succeeded", "failed", "skipped"];

export interface Deployment {
    id: string;
    status: DeploymentStatus;
    created?: string;
    modified?: string;
    version?: number;
    jobs?: { status?: string; steps?: { name?: string; status?: string }[] }[];
}

export interface CloudStack {
    org: string;
    project: string;
    stack: string;
}

export function parseCloudStack(value: string | undefined): CloudStack {
    const parts = (value ?? "").split("/");
    if (parts.length !== 3 || parts.some((p) => !p)) {
        throw new CliError(`wait needs the stack as organization/project/stack (e.g. acme/fargate-kit/prod): pass --stack or set PULUMI_STACK${value ? `; got "${value}"` : ""}`);
    }
    return { org: parts[0], project: parts[1], stack: parts[2] };
}

export class PulumiCloud {
    constructor(
        private readonly ctx: Context,
        private readonly api: string,
        private readonly token: string,
    ) {}

    static fromEnv(ctx: Context, api: string | undefined): PulumiCloud {
        const token = ctx.env.PULUMI_ACCESS_TOKEN;
        if (!token) throw new CliError("PULUMI_ACCESS_TOKEN is not set: wait reads the deployment from the Pulumi Cloud API with it (a token that may read the stack's deployments)");
        return new PulumiCloud(ctx, (api ?? ctx.env.PULUMI_API_URL ?? "https://api.pulumi.com").replace(/\/$/, ""), token);
    }

    private async get<T>(path: string): Promise<T> {
        let response: Response;
        try {
            response = await this.ctx.fetch(`${this.api}${path}`, { headers: { Authorization: `token ${this.token}`, Accept: "application/vnd.pulumi+8", "Content-Type": "application/json" } });
        } catch (e) {
            throw new CliError(`cannot reach the Pulumi Cloud API at ${this.api}: ${(e as Error).message}`, 1);
        }
        if (response.status === 401) throw new CliError("the Pulumi Cloud API refused PULUMI_ACCESS_TOKEN (401): it is missing, expired or revoked");
        if (response.status === 404) throw new CliError(`not found in Pulumi Cloud: ${path} (check the organization/project/stack and the deployment id)`);
        if (!response.ok) throw new CliError(`Pulumi Cloud API ${path}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`, 1);
        return (await response.json()) as T;
    }

    private base(s: CloudStack): string {
        return `/api/stacks/${encodeURIComponent(s.org)}/${encodeURIComponent(s.project)}/${encodeURIComponent(s.stack)}`;
    }

    deployment(s: CloudStack, id: string): Promise<Deployment> {
        return this.get<Deployment>(`${this.base(s)}/deployments/${encodeURIComponent(id)}`);
    }

    async latestDeployment(s: CloudStack): Promise<Deployment> {
        const r = await this.get<{ deployments?: Deployment[] }>(`${this.base(s)}/deployments?page=1&pageSize=10`);
        const newest = (r.deployments ?? []).sort((a, b) => Date.parse(b.created ?? "") - Date.parse(a.created ?? ""))[0];
        if (!newest) throw new CliError(`stack ${s.org}/${s.project}/${s.stack} has no Pulumi Deployment yet`);
        return newest;
    }

    /** The outputs of the stack's last update, from its exported state (the root `pulumi:pulumi:Stack` resource). */
    async outputs(s: CloudStack): Promise<StackOutputsJson | undefined> {
        const state = await this.get<{ deployment?: { resources?: { type?: string; outputs?: Record<string, unknown> }[] } }>(`${this.base(s)}/export`);
        const root = (state.deployment?.resources ?? []).find((r) => r.type === "pulumi:pulumi:Stack");
        return root?.outputs && typeof root.outputs.clusterName === "string" ? (root.outputs as unknown as StackOutputsJson) : undefined;
    }
}
