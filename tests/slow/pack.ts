/**
 * `npm pack` of the library for the slow tests. Packing rewrites package.json for a moment
 * (tools/pack-manifest.js: prepack/postpack), so two test files packing at once in parallel
 * workers would read each other's half-written manifest: packs take a lock, one at a time.
 */
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.join(__dirname, "..", "..");

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
            // A lock older than a pack can take was left by a killed run.
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

/** Packs the library into `dest` (`prepack` builds dist/ first). */
export function packLibrary(dest: string): Packed {
    return withLock(() => {
        const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dest], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        const info = JSON.parse(out.slice(out.indexOf("[")))[0];
        return { tarball: path.join(dest, info.filename), files: info.files.map((f: { path: string }) => f.path) };
    });
}
