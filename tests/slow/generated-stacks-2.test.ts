/**
 * The slow suite's share of generated valid stack files (part 2 of 4, so the two mocha workers
 * split them): 250 files each, larger than npm test's, from a seed of their own.
 */
import { checkGeneratedStacks } from "../generate/run";

describe("generated valid stack files, part 2 of 4", () => {
    it("plan and hold the invariants (250 files, up to 6 web services and 4 workers)", async function () {
        this.timeout(20 * 60 * 1000);
        await checkGeneratedStacks({ seed: 7100 + 2, runs: 250, size: { maxWeb: 6, maxWorkers: 4 }, timeLimitMs: 15 * 60 * 1000 });
    });
});
