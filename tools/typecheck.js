// `npm run typecheck`: the whole tree (tsconfig.json) with TypeScript 7's native compiler when
// installed (devDependency `typescript-native`, an alias of typescript@7: ~1.5 s instead of 6–7 s
// with 5.9; same diagnostics), else with `typescript`. `typescript` itself stays 5.x: Pulumi's
// language host runs this program through its JavaScript API (ts-node), which TypeScript 7's
// package does not have, and so do Pulumi's schema analyzer and tools/optional-undefined.ts.
const { spawnSync } = require("child_process");
const path = require("path");

function compiler() {
    for (const pkg of ["typescript-native", "typescript"]) {
        try {
            return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), "bin", "tsc");
        } catch {
            // not installed
        }
    }
    throw new Error("no TypeScript compiler installed");
}

const result = spawnSync(process.execPath, [compiler(), "--noEmit", "-p", path.join(__dirname, "..", "tsconfig.json"), ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
