/**
 * The slow suite's share of generated valid stack files (part 1 of 4, so the two mocha workers
 * split them): 250 files each, larger than npm test's, from a seed of their own.
 */
import * as assert from "assert";
import { checkGeneratedStacks, checkMutations } from "../generate/run";

describe("generated valid stack files, part 1 of 4", () => {
    it("plan and hold the invariants (250 files, up to 6 web services and 4 workers)", async function () {
        this.timeout(20 * 60 * 1000);
        await checkGeneratedStacks({ seed: 7100 + 1, runs: 250, size: { maxWeb: 6, maxWorkers: 4 }, timeLimitMs: 15 * 60 * 1000 });
    });

    it("with one user mistake are refused at the key the user wrote (2,000 files)", function () {
        this.timeout(5 * 60 * 1000);
        assert.strictEqual(checkMutations({ seed: 7100, runs: 2000 }), 2000);
    });
});
