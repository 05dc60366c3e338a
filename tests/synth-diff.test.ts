/** The readable `synth --diff` on small hand-made plans: each folding rule, and what it must not fold. */
import * as assert from "assert";
import { diffPlans, diffValues } from "../plan/diff";
import type { Plan, PlanResource } from "../plan/plan";

const resource = (type: string, name: string, inputs: Record<string, unknown>, protect = false): PlanResource => ({ type, name, parent: null, protect, retainOnDelete: false, customTimeouts: null, inputs });
const plan = (stack: string, resources: PlanResource[], monthly: number | null, byCategory: Record<string, number> = {}): Plan => ({
    project: "shop",
    stack,
    resources,
    outputs: {},
    estimate: { region: "us-east-1", currency: "USD", priceDate: "2026-11-21", monthly, monthlyAtMaxScale: monthly, byCategory, byService: {}, lines: [] } as unknown as Plan["estimate"],
    rollout: [],
});

describe("synth --diff", () => {
    it("folds values that differ only by the stack name as a word, and keeps the rest", () => {
        const a = plan("stage", [resource("aws:sqs/queue:Queue", "jobs", { name: "shop-stage-jobs", tags: { stack: "stage" }, env: "staging" })], 10, { compute: 10 });
        const b = plan("prod", [resource("aws:sqs/queue:Queue", "jobs", { name: "shop-prod-jobs", tags: { stack: "prod" }, env: "production" })], 25.5, { compute: 20, network: 5.5 });
        assert.strictEqual(
            diffPlans(a, b),
            [
                "Differences stage → prod",
                "",
                "Monthly estimate: $10.00 → $25.50 (+$15.50) · at maximum scale $10.00 → $25.50",
                "    +$10.00  compute ($10.00 → $20.00)",
                "     +$5.50  network ($0.00 → $5.50)",
                "",
                "Resources: 0 only in stage, 0 only in prod, 1 in both",
                "",
                "Changed inputs: 1 resource(s)",
                "  (2 value(s) in 1 resource(s) differ only by the stack name, stage → prod, 1 of them tags.stack: names, ARNs, paths; not listed)",
                "  ~ Queue jobs",
                '      env: "staging" → "production"',
            ].join("\n"),
        );
    });

    it("shows the same change on three or more resources once, with the resources by type", () => {
        const group = (stack: string, retention: number) => plan(stack, ["a", "b", "c"].map((n) => resource("aws:cloudwatch/logGroup:LogGroup", n, { retentionInDays: retention }, stack === "prod")), null);
        const text = diffPlans(group("stage", 30), group("prod", 365));
        assert.match(text, /^Monthly estimate: not priced → not priced$/m);
        assert.match(text, /\n {2}on several resources:\n {6}protect: false → true {2}\(3: LogGroup a, b, c\)\n {6}retentionInDays: 30 → 365 {2}\(3: LogGroup a, b, c\)$/);
        assert.doesNotMatch(text, /~ LogGroup/);
    });

    it("shows a list of plain values whole and a block only one side has as one line, parsing JSON strings", () => {
        const out: [string, string, string][] = [];
        diffValues(
            { subnets: ["s-1", "s-2"], policy: JSON.stringify({ Statement: [{ Sid: "A", Action: ["x:Y"] }] }), tags: { a: "1" } },
            { subnets: ["s-3", "s-2"], policy: JSON.stringify({ Statement: [{ Sid: "A", Action: ["x:Y"] }, { Sid: "B", Action: ["x:Z"] }] }), tags: { a: "1" } },
            "",
            out,
        );
        assert.deepStrictEqual(out, [
            ["policy.Statement[1]", "(unset)", '{"Sid":"B","Action":["x:Z"]}'],
            ["subnets", '["s-1","s-2"]', '["s-3","s-2"]'],
        ]);
    });

    it("lists the resources only one side has, one line per type", () => {
        const a = plan("a", [resource("aws:lb/listener:Listener", "http", {})], 1);
        const b = plan("b", [resource("aws:lb/listener:Listener", "https", {}), resource("aws:lb/listener:Listener", "redirect", {}), resource("aws:acm/certificate:Certificate", "cert", {})], 1);
        assert.match(diffPlans(a, b), /\nResources: 1 only in a, 3 only in b, 0 in both\n {2}- Listener http\n {2}\+ Certificate cert\n {2}\+ Listener https, redirect\n/);
    });
});
