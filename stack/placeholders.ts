/**
 * The example values of the shipped stack files (`acme`, `example.com`). A stack file copied from
 * ours keeps some: the offline plan runs with them, but `pulumi up` stops before creating anything
 * (a certificate for example.com would wait forever for validation; an OIDC trust for acme would
 * let nobody in), naming each key to change.
 */
import { Problem, ValidationError, show } from "../components/internal/validation";
import { StackConfig } from "./stack-config";

/** Domains reserved for documentation (RFC 2606): nobody can validate a certificate for them. */
const EXAMPLE_DOMAIN = /(^|\.)example\.(com|org|net)\.?$/;
const EXAMPLE_ORG = /^acme$/i;
const EXAMPLE_REPO = /^acme\//i;

export function placeholderProblems(config: StackConfig): Problem[] {
    const p = config.project;
    const out: Problem[] = [];
    const flag = (path: string, value: string, what: string) => out.push({ path, message: `is ${show(value)}, the example value of the shipped stack files; set ${what} before pulumi up` });
    const domain = (path: string, value: string | undefined) => value !== undefined && EXAMPLE_DOMAIN.test(value) && flag(path, value, "your own domain (example.com can never get a certificate)");
    const email = (path: string, value: string | undefined) => value !== undefined && EXAMPLE_DOMAIN.test(value.split("@")[1] ?? "") && flag(path, value, "an address that reads the alarms");
    const repo = (path: string, value: string | undefined) => value !== undefined && EXAMPLE_REPO.test(value) && flag(path, value, "your repository (owner/name)");
    if (config.deployments) {
        if (EXAMPLE_ORG.test(config.deployments.organization)) flag(`${p}:deployments.organization`, config.deployments.organization, "your Pulumi Cloud organization");
        repo(`${p}:deployments.repository`, config.deployments.repository);
    }
    repo(`${p}:app.ciPush.repository`, config.app.ciPush?.repository);
    domain(`${p}:loadBalancer.hostedZoneName`, config.loadBalancer.hostedZoneName);
    email(`${p}:network.alarms.email`, config.network.alarms?.email);
    for (const [name, w] of Object.entries(config.webServices)) {
        domain(`${p}:webServices.${name}.domainName`, w.domainName);
        (w.aliases ?? []).forEach((a, i) => domain(`${p}:webServices.${name}.aliases[${i}]`, a));
        email(`${p}:webServices.${name}.alarms.email`, w.alarms?.email);
    }
    for (const [name, w] of Object.entries(config.workers)) email(`${p}:workers.${name}.alarms.email`, w.alarms?.email);
    for (const [name, j] of Object.entries(config.scheduledTasks)) email(`${p}:scheduledTasks.${name}.alarms.email`, j.alarms?.email);
    return out;
}

/** Set by the offline plan and the tests (tools/mock-runtime.ts): example values are allowed there. */
export const OFFLINE_PLAN_ENV = "FARGATE_KIT_OFFLINE_PLAN";

/**
 * Refuses a real deploy with example values; the offline plan warns instead (a copied stack file
 * should plan before it is filled in).
 */
export function refusePlaceholders(config: StackConfig, env: Record<string, string | undefined>): void {
    const problems = placeholderProblems(config);
    if (problems.length === 0) return;
    if (env[OFFLINE_PLAN_ENV]) {
        config.warnings.push(`Example values that pulumi up refuses: ${problems.map((p) => p.path).join(", ")}.`);
        return;
    }
    throw new ValidationError(`Stack config of "${config.stack}"`, problems);
}
