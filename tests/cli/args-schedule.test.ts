/** The small parts: the argument parser's refusals and suggestions, and the next runs of a schedule. */
import * as assert from "assert";
import { parseArgs } from "../../cli/args";
import { statusSpec } from "../../cli/commands/status";
import { runSpec } from "../../cli/commands/run";
import { describeRate, nextRuns } from "../../cli/schedule";
import { cli } from "./support";

describe("fargate-kit arguments", () => {
    it("takes --name value, --name=value, short flags, and keeps everything after -- as it is", () => {
        const p = parseArgs(runSpec, ["web", "-c", "php", "--timeout=5m", "--", "php", "artisan", "--force", "x"]);
        assert.deepStrictEqual(p, { options: { container: "php", timeout: "5m" }, positionals: ["web"], rest: ["php", "artisan", "--force", "x"] });
    });

    it("refuses an unknown option with the nearest known one, a missing value, extra arguments, an unknown command", async () => {
        assert.throws(() => parseArgs(statusSpec, ["--sevice", "web"]), /unknown option --sevice for "status"/);
        assert.throws(() => parseArgs(runSpec, ["web", "--containr", "php"]), /unknown option --containr for "run"; did you mean --container\?/);
        assert.throws(() => parseArgs(runSpec, ["web", "--timeout"]), /option --timeout needs a value/);
        assert.throws(() => parseArgs(runSpec, ["web", "php", "artisan"]), /too many arguments for "run": php artisan \(usage: fargate-kit run .*; a command goes after --\)/);
        const r = await cli(["stauts"]);
        assert.deepStrictEqual([r.code, r.stderr], [2, 'fargate-kit: unknown command "stauts"; did you mean status? (commands: status, logs, exec, run, wait, rollback)\n']);
        const help = await cli(["logs", "--help"]);
        assert.match(help.stdout, /^fargate-kit logs <service\|task> /);
        assert.match(help.stdout, /-f, --follow +keep printing new lines/);
        assert.strictEqual((await cli([])).code, 2);
    });
});

describe("next runs of a schedule", () => {
    const from = Date.parse("2026-03-07T12:00:00Z");
    const iso = (xs: number[] | undefined) => xs?.map((x) => new Date(x).toISOString());

    it("cron in UTC and in a time zone across a daylight-saving change", () => {
        assert.deepStrictEqual(iso(nextRuns("cron(0/15 * * * ? *)", "UTC", from, 2)), ["2026-03-07T12:15:00.000Z", "2026-03-07T12:30:00.000Z"]);
        // 02:30 on weekdays in New York: EST (-5) until Sunday 8 March 2026, EDT (-4) after.
        assert.deepStrictEqual(iso(nextRuns("cron(30 2 ? * MON-FRI *)", "America/New_York", from, 2)), ["2026-03-09T06:30:00.000Z", "2026-03-10T06:30:00.000Z"]);
        assert.deepStrictEqual(iso(nextRuns("cron(0 9 1 JAN,JUL ? *)", "Asia/Kolkata", from, 1)), ["2026-07-01T03:30:00.000Z"]);
    });

    it("at() once; rate() and L/W/# have no clock time here", () => {
        assert.deepStrictEqual(iso(nextRuns("at(2026-04-01T08:00:00)", "Europe/Paris", from)), ["2026-04-01T06:00:00.000Z"]);
        assert.deepStrictEqual(nextRuns("at(2025-01-01T00:00:00)", "UTC", from), []);
        assert.strictEqual(nextRuns("rate(5 minutes)", "UTC", from), undefined);
        assert.strictEqual(nextRuns("cron(0 0 L * ? *)", "UTC", from), undefined);
        assert.deepStrictEqual([describeRate("rate(5 minutes)"), describeRate("rate(1 hour)")], ["every 5 minutes", "every hour"]);
    });
});
