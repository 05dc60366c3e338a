/**
 * The manifest `npm pack` ships (tools/pack-manifest.js): what only the repository needs is left
 * out. The slow suite installs the real tarball (tests/slow/consumer-typescript.test.ts).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const { packedManifest } = require("../tools/pack-manifest") as { packedManifest: (pkg: Record<string, any>) => Record<string, any> };
const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8"));

describe("the packed package.json", () => {
    it("is written by prepack and put back by postpack, the build first", () => {
        assert.strictEqual(pkg.scripts.prepack, "npm run build && node tools/pack-manifest.js strip");
        assert.strictEqual(pkg.scripts.postpack, "node tools/pack-manifest.js restore");
    });

    it("has no scripts (npm 11 lists a dependency's prepare or install script as a warning to approve)", () => {
        assert.ok(pkg.scripts.prepare, "the repository keeps prepare: pulumi package add builds dist/ through it");
        assert.strictEqual(packedManifest(pkg).scripts, undefined);
    });

    it("points exports[\".\"].default at the built entry, which the tarball contains, and changes nothing else", () => {
        const packed = packedManifest(pkg);
        assert.strictEqual(pkg.exports["."].default, "./components/index.ts", "the repository's: Pulumi's schema analyzer reads the TypeScript entry");
        assert.strictEqual(packed.exports["."].default, "./dist/components/index.js");
        assert.ok(pkg.files.some((f: string) => packed.exports["."].default.replace(/^\.\//, "").startsWith(f.replace(/\*\*$/, ""))), "default is under files");
        const { scripts: _scripts, exports: _exports, ...rest } = pkg;
        const { scripts: _s, exports: packedExports, ...packedRest } = packed;
        assert.deepStrictEqual(packedRest, rest);
        assert.deepStrictEqual({ ...packedExports, ".": { ...packedExports["."], default: pkg.exports["."].default } }, pkg.exports);
    });
});
