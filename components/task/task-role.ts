/** What the app itself may call: the task role's statements, least privilege by rule. */
import * as pulumi from "@pulumi/pulumi";
import { Check, show } from "../internal/validation";

/** An IAM statement for the task role. */
export interface PolicyStatementSpec {
    /** Actions such as `"s3:GetObject"`; wildcards like `"s3:*"` are rejected. */
    actions: string[];
    /** Resource ARNs; `"*"` is rejected. */
    resources: pulumi.Input<string>[];
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
        (s.resources ?? []).forEach((r, j) => {
            if (r === "*") {
                sc.at("resources").at(j).fail(`is "*"; name the ARNs the app needs`);
            }
        });
    });
}
