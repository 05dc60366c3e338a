/**
 * EventBridge Scheduler schedule expressions and time zones: what is accepted, what is refused
 * with which message, the generator of valid ones, and the stack config loader's report.
 */
import * as assert from "assert";
import * as path from "path";
import fc from "fast-check";
import { Check } from "../components/internal/validation";
import { checkScheduleExpression, checkTimezone } from "../components/internal/schedule-expression";
import { loadStackConfig } from "../stack/config";
import { readStackFiles } from "../tools/mock-runtime";
import { runsPerMonth } from "../plan/schedules";
import { throwsValidation } from "./support";
import { validSchedule, validTimezone } from "./generate/schedules";

const messages = (fn: (check: Check, v: unknown) => void, value: unknown): string[] => {
    const check = Check.root("schedule");
    fn(check, value);
    return check.problems.map((p) => p.message);
};

const VALID = [
    "rate(1 minute)",
    "rate(5 minutes)",
    "rate(1 hour)",
    "rate(6 hours)",
    "rate(1 day)",
    "rate(7 days)",
    "cron(0 3 * * ? *)",
    "cron(0 3 ? * * *)",
    "cron(0/15 9-17 ? * MON-FRI *)",
    "cron(*/5 * * * ? *)",
    "cron(5-30/5 8,12,17 ? * mon-fri *)",
    "cron(0 10 1 1,4,7,10 ? *)",
    "cron(0 0 1 JAN-MAR ? 2026-2030)",
    "cron(0 0 1 */3 ? 2026/2)",
    "cron(0 9 L * ? *)",
    "cron(0 9 LW * ? *)",
    "cron(0 9 15W * ? *)",
    "cron(0 9 ? * L *)",
    "cron(0 9 ? * 6L *)",
    "cron(0 9 ? * FRIL *)",
    "cron(0 9 ? * MON#1 *)",
    "cron(0 9 ? * 2#1 *)",
    "cron(0 9 ? * 3#5 *)",
    "cron(59 23 31 12 ? 2199)",
    "cron(0 0 1 1 ? 1970)",
    "at(2026-12-01T09:00:00)",
    "at(2028-02-29T23:59:59)",
];

/** Each invalid expression with a fragment of the message it must get. */
const INVALID: [string, string][] = [
    ["cron(0 3 * * * *)", 'is "cron(0 3 * * * *)"; day-of-month and day-of-week are both "*": one of them must be "?" (e.g. cron(0 3 * * ? *) for every day at 03:00)'],
    ["cron(0 3 1 * MON *)", 'day-of-month "1" and day-of-week "MON" are both set; Scheduler takes one of them, with "?" in the other: cron(0 3 1 * ? *) or cron(0 3 ? * MON *)'],
    ["cron(0 3 * * MON *)", 'day-of-month is "*" and day-of-week is "MON": day-of-month must be "?" (cron(0 3 ? * MON *))'],
    ["cron(0 3 L * * *)", 'day-of-week must be "?" (cron(0 3 L * ? *))'],
    ["cron(0 3 ? * ? *)", 'day-of-month and day-of-week are both "?": only one of them may be'],
    ["cron(60 3 * * ? *)", 'minutes field "60" is out of 0-59'],
    ["cron(5,61 3 * * ? *)", 'minutes field "5,61": "61" is out of 0-59'],
    ["cron(0 24 * * ? *)", 'hours field "24" is out of 0-23'],
    ["cron(0 3 32 * ? *)", 'day-of-month field "32" is out of 1-31'],
    ["cron(0 3 0 * ? *)", 'day-of-month field "0" is out of 1-31'],
    ["cron(0 3 1 13 ? *)", 'month field "13" is out of 1-12 or JAN-DEC'],
    ["cron(0 3 1 JUNE ? *)", 'month field "JUNE" is not valid; allowed: 1-12 or JAN-DEC'],
    ["cron(0 3 ? * 8 *)", 'day-of-week field "8" is out of 1-7 or SUN-SAT'],
    ["cron(0 3 ? * 0 *)", 'day-of-week field "0" is out of 1-7 or SUN-SAT'],
    ["cron(0 3 ? * MON-FRI 1969)", 'year field "1969" is out of 1970-2199'],
    ["cron(0 3 ? * MON-FRI 2200)", 'year field "2200" is out of 1970-2199'],
    ["cron(0 3 ? * MON#6 *)", 'day-of-week field "MON#6": the week after "#" is out of 1-5'],
    ["cron(0 3 ? * 8#1 *)", 'day-of-week field "8#1": "8" is out of 1-7 or SUN-SAT'],
    ["cron(0 3 ? * MON#1,FRI#3 *)", 'day-of-week field "MON#1,FRI#3": ?, L, W and # stand alone in day-of-week, not in a list'],
    ["cron(0 3 ? * 8L *)", 'day-of-week field "8L": "8" is out of 1-7 or SUN-SAT'],
    ["cron(0 3 1,L * ? *)", 'day-of-month field "1,L": ?, L, W and # stand alone in day-of-month'],
    ["cron(0 3 32W * ? *)", 'day-of-month field "32W": the day before "W" is out of 1-31'],
    ["cron(0 3 L-3 * ? *)", "L-<n> is not in Scheduler's cron reference"],
    ["cron(0 3 ? * MON/2 *)", 'day-of-week field "MON/2": "/" is not allowed in day-of-week'],
    ["cron(0 3 15W * MON *)", 'day-of-month "15W" and day-of-week "MON" are both set'],
    ["cron(? 3 * * ? *)", 'minutes field "?": "?" is allowed only in day-of-month or day-of-week'],
    ["cron(L 3 * * ? *)", 'minutes field "L": "L" is allowed only in day-of-month or day-of-week'],
    ["cron(0/0 3 * * ? *)", 'minutes field "0/0": the increment after "/" must be a whole number of at least 1'],
    ["cron(0 22-2 * * ? *)", 'hours field "22-2" runs backwards; a range goes from low to high within 0-23 (across the end, list two: 22-23,0-2)'],
    ["cron(0 3 * *)", 'is "cron(0 3 * *)"; has 4 fields, a cron expression has 6: cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)'],
    ["cron(0 3 * * ? * *)", "has 7 fields, a cron expression has 6"],
    ["at(2026-02-30T10:00:00)", 'is "at(2026-02-30T10:00:00)"; day "30" is out of 01-28 (2026-02 has 28 days)'],
    ["at(2026-13-01T10:00:00)", 'month "13" is out of 01-12'],
    ["at(2026-01-01T24:00:00)", 'hour "24" is out of 00-23'],
    ["at(2026-01-01T10:60:00)", 'minute "60" is out of 00-59'],
    ["at(2026-01-01T10:00)", "allowed: rate(<n> minute(s)|hour(s)|day(s)), cron("],
    ["rate(0 minutes)", 'is "rate(0 minutes)"; a rate is at least 1'],
    ["rate(1 minutes)", 'is "rate(1 minutes)"; Scheduler wants "1 minute" but "5 minutes" (singular only for 1)'],
    ["rate(5 minute)", 'is "rate(5 minute)"; Scheduler wants "1 minute" but "5 minutes" (singular only for 1)'],
    ["rate(1 hours)", 'Scheduler wants "1 hour" but "5 hours"'],
    ["rate(2 day)", 'Scheduler wants "1 day" but "2 days"'],
    ["rate(1.5 hours)", "allowed: rate(<n> minute(s)|hour(s)|day(s)), cron("],
    ["every minute", 'is "every minute"; allowed: rate(<n> minute(s)|hour(s)|day(s)), cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>) or at(yyyy-mm-ddThh:mm:ss)'],
];

describe("EventBridge Scheduler schedule expressions", () => {
    for (const expression of VALID) {
        it(`accepts ${expression}`, () => assert.deepStrictEqual(messages(checkScheduleExpression, expression), []));
    }

    for (const [expression, fragment] of INVALID) {
        it(`refuses ${expression}`, () => {
            const found = messages(checkScheduleExpression, expression);
            assert.ok(found.length > 0, `${expression} was accepted`);
            assert.ok(found.some((m) => m.includes(fragment)), `no message contains ${JSON.stringify(fragment)}:\n${found.join("\n")}`);
        });
    }

    it("reports every bad field of one expression, and the ? rule only once the fields are right", () => {
        assert.deepStrictEqual(messages(checkScheduleExpression, "cron(61 25 * * * *)"), [
            'is "cron(61 25 * * * *)"; minutes field "61" is out of 0-59',
            'is "cron(61 25 * * * *)"; hours field "25" is out of 0-23',
        ]);
    });

    it("refuses what is not a string, and a missing schedule, without the word undefined", () => {
        assert.deepStrictEqual(messages(checkScheduleExpression, 5), ["is 5; allowed: rate(<n> minute(s)|hour(s)|day(s)), cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>) or at(yyyy-mm-ddThh:mm:ss)"]);
        assert.match(messages(checkScheduleExpression, undefined)[0], /^is missing; allowed: rate\(/);
    });
});

describe("EventBridge Scheduler time zones", () => {
    for (const tz of ["UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "Asia/Kolkata", "Australia/Lord_Howe"]) {
        it(`accepts ${tz}`, () => assert.deepStrictEqual(messages(checkTimezone, tz), []));
    }
    for (const tz of ["Mars/Olympus", "CET+1", "europe berlin", "+01:00", ""]) {
        it(`refuses ${JSON.stringify(tz)}`, () => assert.deepStrictEqual(messages(checkTimezone, tz), [`is ${JSON.stringify(tz)}; allowed: an IANA time zone name such as "Europe/Berlin" or "America/New_York"`]));
    }
    it("refuses a name in the wrong case, with its spelling", () => {
        assert.deepStrictEqual(messages(checkTimezone, "europe/berlin"), ['is "europe/berlin"; time zone names are case-sensitive: "Europe/Berlin"']);
    });
    it("leaves an unset time zone to Scheduler's default and refuses a non-string", () => {
        assert.deepStrictEqual(messages(checkTimezone, undefined), []);
        assert.deepStrictEqual(messages(checkTimezone, 1), ['is 1; allowed: an IANA time zone name such as "Europe/Berlin" or "America/New_York"']);
    });
});

describe("generated schedules", () => {
    it("every generated schedule and time zone passes the checker, and the plan can count its runs", () => {
        fc.assert(
            fc.property(validSchedule(), validTimezone(), (expression, tz) => {
                assert.deepStrictEqual(messages(checkScheduleExpression, expression), [], expression);
                assert.deepStrictEqual(messages(checkTimezone, tz), [], tz);
                const runs = runsPerMonth(expression);
                assert.ok(Number.isInteger(runs) && runs! >= 0, `${expression}: ${runs} runs`);
            }),
            { numRuns: 500 },
        );
    });

    it("covers the variety: every unit, L, W, #, ? on either side, years and at()", () => {
        const samples = fc.sample(validSchedule(), { numRuns: 2000, seed: 42 });
        const patterns: Record<string, RegExp> = {
            minute: /^rate\(1 minute\)$/,
            hours: /^rate\(\d+ hours\)$/,
            day: /^rate\(1 day\)$/,
            L: /^cron\(\S+ \S+ L /i,
            LW: /^cron\(\S+ \S+ LW /i,
            nW: /^cron\(\S+ \S+ \d+W /,
            dL: /^cron\(\S+ \S+ \? \S+ \w+L /i,
            nth: /#[1-5] /,
            domQuestion: /^cron\(\S+ \S+ \? /,
            dowQuestion: /^cron\(\S+ \S+ \S+ \S+ \? /,
            names: /(MON|TUE|WED|THU|FRI|SAT|SUN|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)/i,
            step: /\/\d+ /,
            list: /,/,
            year: /^cron\(.* (19|2[01])\d\d[^ ]*\)$/,
            at: /^at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)$/,
        };
        for (const [name, pattern] of Object.entries(patterns)) assert.ok(samples.some((s) => pattern.test(s)), `no ${name} among the samples`);
    });
});

describe("the plan's run count for L, W and #", () => {
    // The plan counts runs in a 30-day month starting on a Monday.
    const cases: [string, number][] = [
        ["cron(0 0 L * ? *)", 1],
        ["cron(0 0 LW * ? *)", 1],
        ["cron(0 0 15W * ? *)", 1],
        ["cron(0 0 ? * 6L *)", 1],
        ["cron(0 0 ? * FRIL *)", 1],
        ["cron(0 0 ? * MON#1 *)", 1],
        ["cron(0,30 0 ? * 2#5 *)", 2],
        ["cron(0 0 ? * L *)", 4],
        ["cron(0 0 ? * sat *)", 4],
    ];
    for (const [expression, runs] of cases) it(`${expression}: ${runs}`, () => assert.strictEqual(runsPerMonth(expression), runs));
});

describe("schedules in the stack config", () => {
    it("names the key and the problem when a stack's scheduled task has an invalid cron", () => {
        const raw = readStackFiles(path.join(__dirname, ".."), "stage").config;
        const jobs = JSON.parse(raw["fargate-kit:scheduledTasks"]);
        const load = (scheduler: Record<string, unknown>) => loadStackConfig({ ...raw, "fargate-kit:scheduledTasks": JSON.stringify({ scheduler: { ...jobs.scheduler, ...scheduler } }) }, {}, "fargate-kit", "stage", () => false);
        throwsValidation(
            () => load({ schedule: "cron(0 3 * * * *)" }),
            'fargate-kit:scheduledTasks.scheduler.schedule: is "cron(0 3 * * * *)"; day-of-month and day-of-week are both "*": one of them must be "?"',
        );
        throwsValidation(() => load({ schedule: "cron(0 3 ? * MON-FRI *)", timezone: "Mars/Olympus" }), 'fargate-kit:scheduledTasks.scheduler.timezone: is "Mars/Olympus"; allowed: an IANA time zone name');
        assert.doesNotThrow(() => load({ schedule: "cron(0 3 ? * MON-FRI *)", timezone: "Europe/Berlin" }));
    });
});
