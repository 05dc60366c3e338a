/**
 * The mirror of the generated valid stack files: one user mistake put into each (a host outside
 * the zone, a certificate of another region, sendsTo a queue whose variables clash, cron with
 * both day fields, a partial secret ARN, …) must be refused at the key the user typed, saying
 * what is allowed, naming no key the file does not have. The slow suite runs 2,000.
 */
import * as assert from "assert";
import { checkMutations } from "./generate/run";
import { MUTATION_KINDS } from "./generate/mutations";

describe("generated stack files with one mistake", () => {
    it(`with one user mistake (${MUTATION_KINDS} kinds) are refused at the key the user wrote, naming no key the file lacks`, function () {
        this.timeout(60000);
        const cases = checkMutations({ seed: 2026_12_06, runs: 150 });
        assert.strictEqual(cases, 150);
    });
});
