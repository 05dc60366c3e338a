/**
 * Which actions may be granted on `Resource: "*"`: those AWS authorizes on no resource type
 * (AWS's Service Authorization Reference, shipped as a generated table), and the few whose only
 * resource types are optional and whose usual call names none.
 */
import { RESOURCELESS_ACTIONS } from "./resourceless-actions";

/**
 * Actions whose resource types are all optional and whose usual call touches none of them, so IAM
 * evaluates it on "*"; each with why. `cloudwatch:PutMetricData` gained an optional `dataset`
 * (OTLP datasets); a PutMetricData without a dataset is authorized on "*", narrowed by
 * `cloudwatch:namespace`.
 */
export const ANY_RESOURCE_WHEN_UNNAMED: Readonly<Record<string, string>> = {
    "cloudwatch:PutMetricData": "its only resource type (dataset) is optional; a PutMetricData without a dataset is authorized on \"*\"",
};

let lowered: Set<string> | undefined;

/** Whether AWS authorizes `action` (`service:Name`, any case) on "*" only. */
export function authorizedOnAnyResource(action: string): boolean {
    lowered ??= new Set([
        ...Object.entries(RESOURCELESS_ACTIONS).flatMap(([service, names]) => names.split(" ").map((n) => `${service}:${n}`.toLowerCase())),
        ...Object.keys(ANY_RESOURCE_WHEN_UNNAMED).map((a) => a.toLowerCase()),
    ]);
    return lowered.has(action.toLowerCase());
}

/** Whether AWS knows the service of `action` (its prefix) at all. */
export function knownService(action: string): boolean {
    return action.split(":")[0].toLowerCase() in RESOURCELESS_ACTIONS;
}
