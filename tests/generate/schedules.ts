/**
 * Valid EventBridge Scheduler schedule expressions and time zones, in the variety users type:
 * rates of each unit, cron with lists, ranges, steps, names, L/W/#, "?" on either side and years,
 * at() on real dates.
 */
import fc from "fast-check";

const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

const pad = (n: number) => String(n).padStart(2, "0");
/** Names in the case users type them: MON, mon, Mon. */
const anyCase = (name: string) => fc.constantFrom(name, name.toLowerCase(), name[0] + name.slice(1).toLowerCase());

/** A value of [min, max] as a number or, where the field has them, a name. */
function value(min: number, max: number, names?: string[]): fc.Arbitrary<string> {
    return fc.integer({ min, max }).chain((n) => (names ? fc.oneof(fc.constant(String(n)), anyCase(names[n - min])) : fc.constant(String(n))));
}

/** A range low-high, both numbers or both names (Quartz, whose syntax this is, does not mix them). */
function range(min: number, max: number, names?: string[]): fc.Arbitrary<string> {
    return fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }), fc.boolean()).map(([a, b, named]) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return names && named ? `${names[lo - min]}-${names[hi - min]}` : `${lo}-${hi}`;
    });
}

/** `*`, a value, a range, a list of values and ranges, or a step (`*\/5`, `0/15`, `5-30/5`, from numbers). */
function field(min: number, max: number, opts: { names?: string[]; step?: boolean } = {}): fc.Arbitrary<string> {
    const one = fc.oneof(value(min, max, opts.names), range(min, max, opts.names));
    const forms = [fc.constant("*"), one, fc.array(one, { minLength: 2, maxLength: 4 }).map((xs) => xs.join(","))];
    if (opts.step) forms.push(fc.tuple(fc.oneof(fc.constant("*"), value(min, max), range(min, max)), fc.integer({ min: 1, max: max - min + 1 })).map(([from, i]) => `${from}/${i}`));
    return fc.oneof(...forms);
}

/** Day-of-month when day-of-week is "?": any field, or L, LW, <d>W. */
const dayOfMonth = fc.oneof({ weight: 4, arbitrary: field(1, 31, { step: true }) }, fc.constantFrom("L", "LW", "l"), fc.integer({ min: 1, max: 31 }).map((d) => `${d}W`));

/** Day-of-week when day-of-month is "?": any field (no steps in AWS's table), or L, <d>L, <d>#<n>. */
const day = value(1, 7, DAYS);
const dayOfWeek = fc.oneof(
    { weight: 4, arbitrary: field(1, 7, { names: DAYS }) },
    fc.constant("L"),
    day.map((d) => `${d}L`),
    fc.tuple(day, fc.integer({ min: 1, max: 5 })).map(([d, n]) => `${d}#${n}`),
);

const cron = fc
    .record({
        minutes: field(0, 59, { step: true }),
        hours: field(0, 23, { step: true }),
        days: fc.oneof(dayOfMonth.map((d) => [d, "?"]), dayOfWeek.map((w) => ["?", w])),
        month: field(1, 12, { names: MONTHS, step: true }),
        year: fc.oneof({ weight: 3, arbitrary: fc.constant("*") }, field(1970, 2199, { step: true })),
    })
    .map((c) => `cron(${c.minutes} ${c.hours} ${c.days[0]} ${c.month} ${c.days[1]} ${c.year})`);

const rate = fc
    .tuple(fc.constantFrom("minute", "hour", "day"), fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 1000 })))
    .map(([unit, n]) => `rate(${n} ${unit}${n === 1 ? "" : "s"})`);

const at = fc
    .record({ date: fc.date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }), seconds: fc.boolean() })
    .map(({ date: d, seconds }) => `at(${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${seconds ? pad(d.getUTCSeconds()) : "00"})`);

/** A schedule expression EventBridge Scheduler accepts. */
export function validSchedule(): fc.Arbitrary<string> {
    return fc.oneof(rate, cron, at);
}

const ZONES = [
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Asia/Kathmandu",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Africa/Johannesburg",
    "Etc/GMT-14",
    "Etc/GMT+5",
];

/** An IANA time zone name Scheduler accepts (half-hour, 45-minute and Etc offsets included). */
export function validTimezone(): fc.Arbitrary<string> {
    return fc.constantFrom(...ZONES);
}
