/**
 * Consumers compile with `exactOptionalPropertyTypes` (every `tsc --init` since TypeScript 5.9):
 * each optional property of the library's exported types must accept an explicit `undefined`
 * (`imageTag: process.env.IMAGE_TAG`). New args get it with `node -r ./tools/register.js tools/optional-undefined.ts`.
 */
import * as assert from "assert";
import * as path from "path";
import { addUndefined, enumTypeNames, findMissingUndefined, sourceFiles } from "../tools/optional-undefined";

describe("optional properties of the library's exported types", () => {
    it("leave the enum-typed ones to Pulumi's schema analyzer, which names an enum by the property's type reference", () => {
        assert.ok(enumTypeNames().has("NatMode") && enumTypeNames().has("DeploymentStrategy"), [...enumTypeNames()].join(", "));
    });

    it("all say `| undefined`, so consumers with exactOptionalPropertyTypes can pass process.env values and undefined outputs", () => {
        const files = sourceFiles();
        assert.ok(files.some((f) => f.endsWith(path.join("services", "web-service-args.ts"))), "components/ was not scanned");
        const missing = files.flatMap((f) => findMissingUndefined(f)).map((m) => `${path.relative(path.join(__dirname, ".."), m.file)}:${m.line} ${m.where}`);
        assert.deepStrictEqual(missing, [], `optional properties without \`| undefined\` (fix: node -r ./tools/register.js tools/optional-undefined.ts):\n${missing.join("\n")}`);
    });

    it("are found in exported interfaces and type aliases, nested object types included, and fixed idempotently", () => {
        const text = [
            "export interface A { a?: string; b?: string | undefined; c: string; d?: () => void; e?: { f?: number; g?: number | undefined }[]; h?: any }",
            "interface Hidden { x?: string }",
            "export type T = { t?: Array<{ u?: boolean }> } | string;",
            "export type K = keyof A; export interface B { k?: keyof A }",
            "export interface C { mode?: NatMode; input?: pulumi.Input<NatMode>; other?: pulumi.Input<Other> }",
        ].join("\n");
        const missing = findMissingUndefined("x.ts", text, new Set(["NatMode"]));
        assert.deepStrictEqual(missing.map((m) => m.where).sort(), ["A.a", "A.d", "A.e", "A.e.f", "B.k", "C.other", "T.t", "T.t.u"]);
        const fixed = addUndefined(text, missing);
        assert.match(fixed, /a\?: string \| undefined; b\?: string \| undefined;/);
        assert.match(fixed, /d\?: \(\(\) => void\) \| undefined;/);
        assert.match(fixed, /e\?: \{ f\?: number \| undefined; g\?: number \| undefined \}\[\] \| undefined;/);
        assert.match(fixed, /t\?: Array<\{ u\?: boolean \| undefined \}> \| undefined/);
        assert.match(fixed, /k\?: \(keyof A\) \| undefined/);
        assert.match(fixed, /interface Hidden \{ x\?: string \}/);
        assert.match(fixed, /mode\?: NatMode; input\?: pulumi\.Input<NatMode>; other\?: pulumi\.Input<Other> \| undefined/);
        assert.deepStrictEqual(findMissingUndefined("x.ts", fixed, new Set(["NatMode"])), []);
        assert.strictEqual(addUndefined(fixed, findMissingUndefined("x.ts", fixed, new Set(["NatMode"]))), fixed);
    });
});
