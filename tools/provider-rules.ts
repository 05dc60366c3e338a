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

/**
 * Inputs that force a replacement (`ForceNew` in the provider's schema) of resources the program
 * names explicitly. Source: terraform-provider-aws `internal/service/elbv2/target_group.go`.
 */
const FORCE_NEW: Record<string, string[]> = {
    "aws:lb/targetGroup:TargetGroup": ["port", "protocol", "protocolVersion", "targetType", "vpcId", "ipAddressType", "name", "namePrefix"],
};

/** What keeps AWS from deleting a resource: ELB refuses to delete a target group an action uses (DeleteTargetGroup). */
const BLOCKS_DELETE: Record<string, string[]> = {
    "aws:lb/targetGroup:TargetGroup": ["aws:lb/listenerRule:ListenerRule", "aws:lb/listener:Listener"],
};

/**
 * How a replacement would run when `after` updates `before`. pulumi-terraform-bridge replaces a
 * resource whose auto-named `name` the program set explicitly delete-before-create
 * (`nameRequiresDeleteBeforeReplace`, pkg/tfbridge/schema.go), unless the program sets
 * `deleteBeforeReplace: false`. Deleting first fails while a resource that stays still uses it
 * (a target group behind a listener rule: ResourceInUse); creating first fails when the new one
 * has the old one's name (the provider's create: "already exists").
 */
export function replacementProblems(before: RecordedResource[], after: RecordedResource[]): UpdateProblem[] {
    const out: UpdateProblem[] = [];
    for (const next of after) {
        const keys = FORCE_NEW[next.type];
        const prev = keys && before.find((r) => r.type === next.type && r.name === next.name && r.parent === next.parent);
        if (!prev || keys.every((k) => same(prev.inputs[k], next.inputs[k]))) continue;
        const resource = `${next.type}::${next.name}`;
        const oldName = prev.inputs.name as string | undefined;
        const deleteFirst = next.deleteBeforeReplace ?? oldName !== undefined;
        if (deleteFirst && oldName !== undefined) {
            // Whatever used the old one before this update, and stays, still uses it when it is deleted.
            const stays = (r: RecordedResource) => after.some((a) => a.type === r.type && a.name === r.name && a.parent === r.parent);
            const users = before.filter((r) => (BLOCKS_DELETE[next.type] ?? []).includes(r.type) && stays(r) && JSON.stringify(r.inputs).includes(oldName));
            for (const u of users) out.push({ resource, message: `is replaced delete-before-create (an explicit name), and deleting it fails while ${u.type.split(":").pop()} ${u.name} still uses it` });
        }
        if (!deleteFirst && same(prev.inputs.name, next.inputs.name) && oldName !== undefined) {
            out.push({ resource, message: `is created beside the old one under the same name ${oldName}, which the provider refuses (already exists)` });
        }
    }
    return out;
}

/**
 * Data stores (components/internal/stateful.ts) that `after` would replace: a ForceNew input of a
 * database or cache changes, or one gives way to another of a different kind under the same
 * parent. The offline twin of the program's own refusal (stack/data.ts), over recorded inputs.
 */
export function dataStoreReplacements(before: RecordedResource[], after: RecordedResource[]): UpdateProblem[] {
    const { STATEFUL_KINDS } = require("../components/internal/stateful") as typeof import("../components/internal/stateful");
    const out: UpdateProblem[] = [];
    for (const prev of before.filter((r) => r.type in STATEFUL_KINDS)) {
        const resource = `${prev.type}::${prev.name}`;
        const next = after.find((r) => r.type === prev.type && r.name === prev.name && r.parent === prev.parent);
        if (!next) {
            const successor = after.find((r) => r.type in STATEFUL_KINDS && r.parent === prev.parent);
            if (successor) out.push({ resource, message: `gives way to ${successor.type.split(":").pop()} ${successor.name}: a new, empty ${STATEFUL_KINDS[prev.type].what}` });
            continue;
        }
        const changed = STATEFUL_KINDS[prev.type].forceNew.filter((k) => !same(prev.inputs[k], next.inputs[k]));
        if (changed.length > 0) out.push({ resource, message: `${changed.join(", ")} change${changed.length === 1 ? "s" : ""}, which replaces the ${STATEFUL_KINDS[prev.type].what} (ForceNew)` });
    }
    return out;
}
