// Loads TypeScript sources for the tests and the offline plan: each file is transpiled with
// sucrase (pure JavaScript: no type-check, no per-platform binaries, line numbers kept, so stack
// traces point at the right lines) and the result cached by content hash under
// node_modules/.cache, so only changed files are transpiled again. `npm test` type-checks the
// whole tree with `tsc --noEmit` first. `pulumi up` does not use this: Pulumi runs index.ts with
// its own ts-node.
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const cacheDir = path.join(__dirname, "..", "node_modules", ".cache", "fargate-kit-ts");
const salt = `sucrase-${require("sucrase/package.json").version}-v1`;
let sucrase;

require.extensions[".ts"] = function (module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    const key = crypto.createHash("sha1").update(salt).update(filename).update(source).digest("hex");
    const cached = path.join(cacheDir, `${key}.js`);
    let code;
    try {
        code = fs.readFileSync(cached, "utf8");
    } catch {
        sucrase ??= require("sucrase");
        code = sucrase.transform(source, { transforms: ["typescript", "imports"], filePath: filename }).code;
        try {
            fs.mkdirSync(cacheDir, { recursive: true });
            fs.writeFileSync(cached, code);
        } catch {
            // A read-only tree just means no cache.
        }
    }
    module._compile(code, filename);
};
