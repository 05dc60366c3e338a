/**
 * The next times an EventBridge Scheduler expression fires, for `fargate-kit status`: cron()
 * in its time zone (fields: minutes hours day-of-month month day-of-week year; `*`, `?`, lists,
 * ranges, steps, day and month names), at() once. rate() has no fixed clock (it counts from when
 * the schedule was created), and cron's L, W and # are left to the console: both give undefined.
 */
import { DAYS, MONTHS, field } from "../components/internal/cron-fields";

interface Cron {
    minutes: Set<number>;
    hours: Set<number>;
    daysOfMonth: Set<number> | "any";
    months: Set<number>;
    daysOfWeek: Set<number> | "any";
    years: Set<number>;
}

function parseCron(body: string): Cron | undefined {
    const f = body.trim().split(/\s+/);
    if (f.length !== 6) return undefined;
    const [mi, h, dom, mo, dow, y] = f;
    const minutes = field(mi, 0, 59);
    const hours = field(h, 0, 23);
    const months = field(mo, 1, 12, MONTHS, 1);
    const years = field(y, 1970, 2199);
    const daysOfMonth = dom === "?" ? "any" : field(dom, 1, 31);
    const daysOfWeek = dow === "?" ? "any" : field(dow, 1, 7, DAYS, 1);
    if (!minutes || !hours || !months || !years || !daysOfMonth || !daysOfWeek) return undefined;
    return { minutes, hours, daysOfMonth, months, daysOfWeek, years };
}

/** Minutes to add to a UTC time to read the wall clock of `timeZone` then. */
function offsetMinutes(format: Intl.DateTimeFormat, utc: number): number {
    const p = Object.fromEntries(format.formatToParts(new Date(utc)).map((x) => [x.type, x.value]));
    const local = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute));
    return Math.round((local - Math.floor(utc / 60000) * 60000) / 60000);
}

/** Up to `count` next firing times (UTC epoch ms) after `from`, or undefined where it cannot say. */
export function nextRuns(expression: string, timeZone = "UTC", from: number, count = 3): number[] | undefined {
    let format: Intl.DateTimeFormat;
    try {
        format = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" });
    } catch {
        return undefined;
    }
    const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression.trim());
    if (at) {
        const wall = Date.UTC(+at[1], +at[2] - 1, +at[3], +at[4], +at[5], +at[6]);
        const when = wall - offsetMinutes(format, wall) * 60000;
        return when > from ? [when] : [];
    }
    const cron = /^cron\((.*)\)$/.exec(expression.trim());
    const spec = cron && parseCron(cron[1]);
    if (!spec) return undefined;
    const out: number[] = [];
    const start = Math.floor(from / 60000) * 60000 + 60000;
    const limit = start + 366 * 86400000;
    let offset = offsetMinutes(format, start);
    for (let t = start; t < limit && out.length < count; t += 60000) {
        // Time zones change their offset only at a quarter hour.
        if ((t / 60000) % 15 === 0) offset = offsetMinutes(format, t);
        const local = new Date(t + offset * 60000);
        const dayMatches =
            spec.months.has(local.getUTCMonth() + 1) &&
            spec.years.has(local.getUTCFullYear()) &&
            (spec.daysOfMonth === "any" || spec.daysOfMonth.has(local.getUTCDate())) &&
            (spec.daysOfWeek === "any" || spec.daysOfWeek.has(local.getUTCDay() + 1));
        if (!dayMatches) {
            // Jump to the next quarter hour rather than testing each minute of a day that does not match.
            t += (14 - (local.getUTCMinutes() % 15)) * 60000;
            continue;
        }
        if (spec.hours.has(local.getUTCHours()) && spec.minutes.has(local.getUTCMinutes())) out.push(t);
    }
    return out;
}

/** "every 5 minutes" for rate(5 minutes), for the status line where no clock time exists. */
export function describeRate(expression: string): string | undefined {
    const m = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
    return m ? `every ${m[1] === "1" ? "" : `${m[1]} `}${m[2].replace(/s$/, "")}${m[1] === "1" ? "" : "s"}` : undefined;
}
