/**
 * The AWS provider's plan-time rules for updates (its CustomizeDiff functions), applied to two
 * mock runs of the same program: before and after a config change. A mock run accepts any
 * inputs; `pulumi preview` of the second run would not.
 *
 * Source: hashicorp/terraform-provider-aws `internal/service/ecs/service.go`,
 * `capacityProviderStrategyCustomizeDiff` (an existing service whose capacity_provider_strategy
 * changes must have force_new_deployment true; the same file sends ForceNewDeployment with every
 * UpdateService). Properties that force a replacement of an ECS service are listed too (`ForceNew`
 * in its schema: name, cluster, launch_type, iam_role, scheduling_strategy, deployment_controller.type).
 */
import { RecordedResource } from "./mock-runtime";

export interface UpdateProblem {
    resource: string;
    message: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** The provider keeps the strategy as a set: order does not count. */
const strategySet = (v: unknown) => JSON.stringify(((v as Record<string, unknown>[] | undefined) ?? []).map((s) => JSON.stringify(s)).sort());

/** What the provider would refuse, or replace, when `after` updates `before`. */
export function updateProblems(before: RecordedResource[], after: RecordedResource[]): UpdateProblem[] {
    const out: UpdateProblem[] = [];
    for (const next of after) {
        const prev = before.find((r) => r.type === next.type && r.name === next.name && r.parent === next.parent);
        if (!prev || next.type !== "aws:ecs/service:Service") continue;
        const resource = `${next.type}::${next.name}`;
        if (strategySet(prev.inputs.capacityProviderStrategies) !== strategySet(next.inputs.capacityProviderStrategies) && next.inputs.forceNewDeployment !== true) {
            out.push({ resource, message: "force_new_deployment should be true when capacity_provider_strategy is being updated" });
        }
        for (const key of ["name", "cluster", "launchType", "iamRole", "schedulingStrategy"]) {
            if (!same(prev.inputs[key], next.inputs[key])) out.push({ resource, message: `${key} changes, which replaces the service (ForceNew)` });
        }
        if (!same(prev.inputs.deploymentController?.type, next.inputs.deploymentController?.type)) {
            out.push({ resource, message: "deploymentController.type changes, which replaces the service (ForceNew)" });
        }
    }
    return out;
}
