/** What the app itself may call: the task role's statements, least privilege by rule. */
import * as pulumi from "@pulumi/pulumi";
import { authorizedOnAnyResource, knownService } from "../internal/any-resource";
import { Check, show } from "../internal/validation";

/** An IAM statement for the task role. */
export interface PolicyStatementSpec {
    /** Actions such as `"s3:GetObject"`; wildcards like `"s3:*"` are rejected. */
    actions: string[];
    /**
     * Resource ARNs. `"*"` only for actions AWS authorizes on no resource type (e.g.
     * `cloudwatch:PutMetricData`, `xray:PutTraceSegments`), and then as the only resource.
     */
    resources: pulumi.Input<string>[];
    /**
     * Conditions that narrow the statement, e.g. `{ operator: "StringEquals", key: "cloudwatch:namespace", values: ["Shop"] }`.
     * Default: none.
     * @default - none
     */
    conditions?: PolicyConditionSpec[] | undefined;
}

/** One IAM condition: `"Condition": { <operator>: { <key>: <values> } }`. */
export interface PolicyConditionSpec {
    /** The condition operator, e.g. `"StringEquals"`, `"StringLike"`, `"ArnLike"`, `"Bool"`, `"ForAnyValue:StringLike"`, `"StringEqualsIfExists"`. */
    operator: string;
    /** The condition key, e.g. `"cloudwatch:namespace"`, `"aws:SourceVpc"`, `"s3:prefix"`. */
    key: string;
    /** The values to compare with (any one matches). */
    values: pulumi.Input<string>[];
}

/** IAM's condition operators (IAM User Guide, "IAM JSON policy elements: Condition operators"). */
const CONDITION_OPERATORS = [
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
];
/** `ForAllValues:`/`ForAnyValue:` before, `IfExists` after (not on Null). */
export function isConditionOperator(op: string): boolean {
    const m = /^(?:(?:ForAllValues|ForAnyValue):)?([A-Za-z]+?)(IfExists)?$/.exec(op);
    return m !== null && CONDITION_OPERATORS.includes(m[1]) && !(m[1] === "Null" && m[2] !== undefined);
}
const CONDITION_KEY = /^[A-Za-z0-9-]+:[A-Za-z0-9_./${}:-]+$/;

/** The `Condition` block of a statement's conditions (undefined when none). */
export function conditionBlock(conditions: PolicyConditionSpec[] | undefined): Record<string, Record<string, pulumi.Input<string>[]>> | undefined {
    if (conditions === undefined || conditions.length === 0) return undefined;
    const out: Record<string, Record<string, pulumi.Input<string>[]>> = {};
    for (const c of conditions) (out[c.operator] ??= {})[c.key] = c.values;
    return out;
}


const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+\*?$/;

export function checkStatements(check: Check, statements: PolicyStatementSpec[]): void {
    statements.forEach((s, i) => {
        const sc = check.at(i);
        if (!s.actions || s.actions.length === 0) {
            sc.at("actions").fail("is empty");
        }
        (s.actions ?? []).forEach((a, j) => {
            if (a === "*" || a.endsWith(":*") || !IAM_ACTION.test(a)) {
                sc.at("actions").at(j).fail(`is ${show(a)}; allowed: a specific action such as "s3:GetObject" (wildcard actions break least privilege)`);
            }
        });
        if (!s.resources || s.resources.length === 0) {
            sc.at("resources").fail("is empty");
        }
        const anyResource = (s.resources ?? []).indexOf("*");
        if (anyResource >= 0) {
            const scoped = (s.actions ?? []).filter((a) => IAM_ACTION.test(a) && !authorizedOnAnyResource(a));
            if (scoped.length > 0) {
                sc.at("resources").at(anyResource).fail(
                    `is "*"; name the ARNs the app needs: AWS authorizes ${scoped.map((a) => show(a)).join(", ")} on a resource type${knownService(scoped[0]) ? "" : " (or does not know the service)"}, and "*" is only for actions with no resource type, such as "cloudwatch:PutMetricData" or "xray:PutTraceSegments" (put those in a statement of their own)`,
                );
            } else if (s.resources.length > 1) {
                sc.at("resources").fail(`lists "*" beside other resources; "*" already covers them: give "*" alone`);
            }
        }
        checkConditions(sc.at("conditions"), s.conditions);
    });
}

function checkConditions(check: Check, conditions: PolicyConditionSpec[] | undefined): void {
    if (!check.list(conditions, "of conditions ({ operator, key, values })")) return;
    const seen = new Set<string>();
    (conditions ?? []).forEach((c, i) => {
        const cc = check.at(i);
        if (!cc.object(c, "PolicyConditionSpec: operator, key, values")) return;
        if (typeof c.operator !== "string" || !isConditionOperator(c.operator)) {
            cc.at("operator").fail(`is ${show(c.operator)}; allowed: an IAM condition operator such as "StringEquals", "StringLike", "ArnLike", "Bool", "IpAddress", optionally with "ForAnyValue:"/"ForAllValues:" or "IfExists"`);
        }
        if (typeof c.key !== "string" || !CONDITION_KEY.test(c.key)) cc.at("key").fail(`is ${show(c.key)}; allowed: a condition key such as "cloudwatch:namespace" or "aws:SourceVpc"`);
        if (!Array.isArray(c.values) || c.values.length === 0) cc.at("values").fail("is empty; give at least one value");
        const id = `${c.operator}|${c.key}`;
        if (seen.has(id)) cc.fail(`repeats ${show(c.operator)} on ${show(c.key)}; put all its values in one condition (any one matches)`);
        seen.add(id);
    });
}
