/**
 * The npm tarball for the slow tests, as `npm pack` makes it: dist/ built, the files `npm pack`
 * lists, and the manifest tools/pack-manifest.js ships (prepack/postpack). Packed from a staging
 * copy rather than by `npm pack` in the repository, whose prepack rewrites package.json for a
 * moment: tests running beside it (the schema analyzer reads exports["."].default) would see the
 * shipped manifest. Builds take a lock: two test files building dist/ at once would interleave.
 */
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.join(__dirname, "..", "..");

const { packedManifest } = require("../../tools/pack-manifest") as { packedManifest: (pkg: Record<string, unknown>) => Record<string, unknown> };

export interface Packed {
    /** The tarball's path. */
    tarball: string;
    /** Paths inside the package, as `npm pack --json` lists them. */
    files: string[];
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function withLock<T>(body: () => T): T {
    const lock = path.join(os.tmpdir(), `fargate-kit-pack-${crypto.createHash("sha1").update(ROOT).digest("hex").slice(0, 12)}.lock`);
    for (;;) {
        try {
            fs.mkdirSync(lock);
            break;
        } catch {
            // A lock older than a build can take was left by a killed run.
            const held = fs.statSync(lock, { throwIfNoEntry: false });
            if (held && Date.now() - held.mtimeMs > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
            else sleep(500);
        }
    }
    try {
        return body();
    } finally {
        fs.rmSync(lock, { recursive: true, force: true });
    }
}

const npmJson = (args: string[], cwd: string) => {
    const out = execFileSync("npm", [...args, "--json", "--ignore-scripts"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return JSON.parse(out.slice(out.indexOf("[")))[0];
};

/** Builds dist/ and packs the library into `dest`. */
export function packLibrary(dest: string): Packed {
    const staging = fs.mkdtempSync(path.join(dest, "staging-"));
    withLock(() => {
        execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
        // What `npm pack` would put in the tarball (files, README, LICENSE, …), copied while dist/ is ours.
        for (const { path: file } of npmJson(["pack", "--dry-run"], ROOT).files as { path: string }[]) {
            if (file === "package.json") continue;
            fs.mkdirSync(path.dirname(path.join(staging, file)), { recursive: true });
            fs.copyFileSync(path.join(ROOT, file), path.join(staging, file));
        }
    });
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    fs.writeFileSync(path.join(staging, "package.json"), JSON.stringify(packedManifest(manifest), null, 2) + "\n");
    const info = npmJson(["pack", "--pack-destination", dest], staging);
    fs.rmSync(staging, { recursive: true, force: true });
    return { tarball: path.join(dest, info.filename), files: info.files.map((f: { path: string }) => f.path) };
}
