/**
 * docs/stack-file.md is generated from the stack-file schema (tools/stack-docs.ts): one source of
 * truth, like the components' JSDoc. A key added to the schema without a description and an
 * example, or a schema change without `npm run docs`, fails here with what to do.
 */
import * as assert from "assert";
import * as fs from "fs";
import { z } from "zod";
import { describeProblems, docProblems, documentedKeys, renderStackDocs, schemaKeys, STACK_DOCS_FILE } from "../tools/stack-docs";
import { CONFIG_SCHEMAS } from "../stack/config";
import { clusterSchema } from "../stack/schema";
import { KEY_DOCS, KeyDoc } from "../stack/schema-docs";

describe("stack-file reference (docs/stack-file.md)", () => {
    it("documents every key of the schema with a description, and every value key with an example its schema accepts", () => {
        const message = describeProblems(docProblems());
        assert.strictEqual(message, undefined, message);
    });

    it("is what `npm run docs` writes from the schema", () => {
        const committed = fs.existsSync(STACK_DOCS_FILE) ? fs.readFileSync(STACK_DOCS_FILE, "utf8") : "";
        assert.ok(committed === renderStackDocs(), "docs/stack-file.md differs from the stack-file schema and stack/schema-docs.ts: run `npm run docs` and commit the result");
    });

    it("walks every key the schema accepts: top-level keys, nested objects, records by <name>, lists by []", () => {
        const paths = schemaKeys().map((k) => k.path);
        for (const key of Object.keys(CONFIG_SCHEMAS)) assert.ok(paths.includes(key), key);
        for (const p of ["network.nat", "webServices.<name>.healthCheck.path", "workers.<name>.scaling.backlogPerTask", "task.containers[].ports[].containerPort", "task.containers[].logging.fireLens.name", "secret.jsonKey", "app.ciPush.provider"]) {
            assert.ok(paths.includes(p), p);
        }
        // Shared shapes are documented once and linked, not repeated under every service.
        assert.ok(!paths.some((p) => /^(webServices|workers|scheduledTasks|migration)\b.*\.task\./.test(p)));
    });

    it("reads types and allowed values from the schema, so they cannot drift from it", () => {
        const byPath = new Map(documentedKeys().map((k) => [k.path, k]));
        assert.deepStrictEqual(byPath.get("network.nat")!.allowed, ["none", "single", "perAz", "instance", "existing"]);
        assert.deepStrictEqual(byPath.get("webServices.<name>.deployment.strategy")!.allowed, ["ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"]);
        assert.strictEqual(byPath.get("task.cpu")!.type, "whole number");
        assert.strictEqual(byPath.get("task.cpu")!.required, true);
        assert.strictEqual(byPath.get("webServices.<name>.spot")!.required, false);
        const doc = renderStackDocs();
        assert.ok(doc.includes("allowed: `none`, `single`, `perAz`, `instance`, `existing`"));
    });

    it("places each example at its full path in the stack file", () => {
        const doc = renderStackDocs();
        assert.ok(doc.includes("```yaml\nfargate-kit:webServices:\n  web:\n    healthCheck:\n      path: /up\n```"), "healthCheck.path example");
        assert.ok(doc.includes("```yaml\nfargate-kit:app:\n  secrets:\n    DB_PASSWORD:\n      jsonKey: password\n```"), "secret example under app.secrets");
    });

    // Altered copies of the sources: the real schema and descriptions are never changed.
    const altered = (cluster: Record<string, z.ZodType>, docs: Record<string, KeyDoc>) => ({
        schemas: { ...(CONFIG_SCHEMAS as unknown as Record<string, z.ZodType>), cluster: clusterSchema.extend(cluster) },
        docs: { ...KEY_DOCS, ...docs },
    });

    it("finds a key added without documentation, and an entry whose key is gone", () => {
        const p = docProblems(altered({ newKey: z.boolean().optional() }, { "cluster.oldKey": { description: "gone", example: 1 } }));
        assert.deepStrictEqual(p.undocumented, ["cluster.newKey"]);
        assert.deepStrictEqual(p.stale, ["cluster.oldKey"]);
        assert.match(describeProblems(p)!, /keys without a description: cluster\.newKey\n.*cluster\.oldKey[\s\S]*stack\/schema-docs\.ts.*npm run docs/);
    });

    it("takes a description attached in the schema (.meta) as well, refuses one in both places, and checks examples", () => {
        const sources = altered(
            { inlineKey: z.number().int().optional().meta({ description: "Documented where it is defined.", example: 3 }), twiceKey: z.string().optional().meta({ description: "Here.", example: "a" }) },
            { "cluster.twiceKey": { description: "And there.", example: "a" }, "cluster.execLogRetentionDays": { ...KEY_DOCS["cluster.execLogRetentionDays"], example: "ninety" } },
        );
        assert.deepStrictEqual(docProblems(sources), { undocumented: [], noExample: [], badExample: ["cluster.execLogRetentionDays"], stale: [], twice: ["cluster.twiceKey"] });
        assert.ok(renderStackDocs(sources).includes("Documented where it is defined."));
    });
});
