// The package.json that `npm pack` / `npm publish` ship differs from the repository's in what only
// the repository needs (prepack writes it, postpack puts the repository's back byte for byte):
// - no `scripts`: the repository's `prepare` builds dist/ when `pulumi package add <git URL>` runs
//   `npm install` in a clone (a component package); in the tarball dist/ is built already, and
//   npm 11 warns about every dependency with an install script ("install scripts not yet covered
//   by allowScripts"), so a consumer installing fargate-kit would see ours;
// - exports["."].default is the built JavaScript: in the repository it names the TypeScript entry
//   (./components/index.ts), where Pulumi's schema analyzer reads the components' types; the
//   tarball ships no sources, and `default` must name a file the package contains.
// Usage: node tools/pack-manifest.js strip|restore
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const manifest = path.join(root, "package.json");
const saved = path.join(root, "package.json.prepack");

/** The shipped manifest for the repository's one. */
function packedManifest(pkg) {
    const out = { ...pkg };
    delete out.scripts;
    out.exports = { ...pkg.exports, ".": { ...pkg.exports["."], default: pkg.exports["."].require } };
    return out;
}

function restore() {
    if (fs.existsSync(saved)) fs.renameSync(saved, manifest);
}

function strip() {
    // A pack that failed before postpack left the shipped manifest in place: restore the repository's first.
    restore();
    const text = fs.readFileSync(manifest, "utf8");
    fs.writeFileSync(saved, text);
    fs.writeFileSync(manifest, JSON.stringify(packedManifest(JSON.parse(text)), null, 2) + "\n");
}

module.exports = { packedManifest };

if (require.main === module) {
    const command = process.argv[2];
    if (command === "strip") strip();
    else if (command === "restore") restore();
    else {
        console.error("usage: node tools/pack-manifest.js strip|restore");
        process.exit(2);
    }
}
