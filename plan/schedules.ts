/**
 * How often an EventBridge Scheduler expression fires in a 30-day month, for the plan's cost
 * estimate: rate() exactly, cron() by counting the days, hours and minutes it selects in a 30-day
 * month that starts on a Monday (fields: minutes hours day-of-month month day-of-week year; `*`,
 * `?`, lists, ranges and steps; day names and month names; L, LW, `<d>W`, `<d>L` and `<d>#<n>`),
 * at() once. Undefined where it cannot say.
 */
import { DAYS, MONTHS, field } from "../components/internal/cron-fields";

const MONTH_DAYS = 30;
const ALL_DAYS = Array.from({ length: MONTH_DAYS }, (_, i) => i + 1);
/** AWS numbers weekdays 1 = SUN … 7 = SAT; day 1 of the month is a Monday (2). */
const weekday = (day: number) => (day % 7) + 1;

/** W: the weekday nearest `day`, without leaving the month (Saturday the 1st moves to Monday the 3rd). */
function nearestWeekday(day: number): number {
    const w = weekday(day);
    if (w === 7) return day === 1 ? 3 : day - 1;
    if (w === 1) return day === MONTH_DAYS ? day - 2 : day + 1;
    return day;
}

/** The days of the month the day-of-month field selects. */
function byDayOfMonth(spec: string): Set<number> | undefined {
    if (spec === "L") return new Set([MONTH_DAYS]);
    if (spec === "LW") return new Set([nearestWeekday(MONTH_DAYS)]);
    const w = /^(\d+)W$/.exec(spec);
    if (w) return new Set([nearestWeekday(Math.min(Number(w[1]), MONTH_DAYS))]);
    return field(spec, 1, 31);
}

/** The days of the month the day-of-week field selects. */
function byDayOfWeek(given: string): Set<number> | undefined {
    // L alone is the last day of the week, Saturday.
    const spec = given === "L" ? "7" : given;
    const special = /^(.+)(L|#([1-5]))$/.exec(spec);
    const days = field(special ? special[1] : spec, 1, 7, DAYS, 1);
    if (!days) return undefined;
    const matching = ALL_DAYS.filter((day) => days.has(weekday(day)));
    if (!special) return new Set(matching);
    if (days.size !== 1) return undefined;
    // <d>L: the last of them; <d>#<n>: the nth (the last one where this month has fewer: an estimate).
    return new Set([special[2] === "L" ? matching[matching.length - 1] : matching[Math.min(Number(special[3]), matching.length) - 1]]);
}

/** Runs in the model month: at() once, a recurring expression as often as it fires in it. */
export function runsPerMonth(expression: string): number | undefined {
    if (/^at\(/.test(expression)) return 1;
    return firingMinutes(expression)?.length;
}

/**
 * The minutes of the model month (0 = Monday the 1st, 00:00) at which a recurring expression
 * fires, in order: rate() from the month's start, cron() by its minute, hour and day fields (the
 * month and year fields are taken to match). Undefined for at(), which fires once and so changes
 * no month after it, and where the expression cannot be read.
 */
export function firingMinutes(expression: string): number[] | undefined {
    const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
    if (rate) {
        const every = Number(rate[1]) * (rate[2].startsWith("minute") ? 1 : rate[2].startsWith("hour") ? 60 : 1440);
        return Array.from({ length: Math.floor((MONTH_DAYS * 1440) / every) }, (_, i) => i * every);
    }
    const cron = /^cron\(\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*\)$/.exec(expression);
    if (!cron) return undefined;
    const minutes = field(cron[1], 0, 59);
    const hours = field(cron[2], 0, 23);
    const dom = byDayOfMonth(cron[3].toUpperCase());
    const dow = byDayOfWeek(cron[5].toUpperCase());
    if (!minutes || !hours || !dom || !dow || !field(cron[4], 1, 12, MONTHS, 1)) return undefined;
    const out: number[] = [];
    for (const day of ALL_DAYS.filter((d) => dom.has(d) && dow.has(d))) {
        for (const h of [...hours].sort((a, b) => a - b)) for (const m of [...minutes].sort((a, b) => a - b)) out.push((day - 1) * 1440 + h * 60 + m);
    }
    return out;
}
