/**
 * How often an EventBridge Scheduler expression fires in a 30-day month, for the plan's cost
 * estimate: rate() exactly, cron() by walking the month minute by minute (fields: minutes hours
 * day-of-month month day-of-week year; `*`, `?`, lists, ranges and steps; day names and month
 * names; not L, W or #), at() once. Undefined where it cannot say.
 */
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

function field(spec: string, min: number, max: number, names: string[] = [], offset = 0): Set<number> | undefined {
    const out = new Set<number>();
    for (const part of spec.split(",")) {
        if (part === "*" || part === "?") {
            for (let v = min; v <= max; v++) out.add(v);
            continue;
        }
        const m = /^([A-Z0-9]+|\*)(?:-([A-Z0-9]+))?(?:\/(\d+))?$/i.exec(part);
        if (!m) return undefined;
        const value = (s: string) => (names.includes(s.toUpperCase()) ? names.indexOf(s.toUpperCase()) + offset : /^\d+$/.test(s) ? Number(s) : NaN);
        const from = m[1] === "*" ? min : value(m[1]);
        const to = m[2] !== undefined ? value(m[2]) : m[3] !== undefined || m[1] === "*" ? max : from;
        const step = m[3] !== undefined ? Number(m[3]) : 1;
        if ([from, to, step].some((n) => !Number.isFinite(n)) || step < 1) return undefined;
        for (let v = from; v <= to; v += step) out.add(v);
    }
    return out;
}

export function runsPerMonth(expression: string): number | undefined {
    const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
    if (rate) {
        const minutes = Number(rate[1]) * (rate[2].startsWith("minute") ? 1 : rate[2].startsWith("hour") ? 60 : 1440);
        return Math.floor((30 * 1440) / minutes);
    }
    if (/^at\(/.test(expression)) return 1;
    const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression);
    if (!cron) return undefined;
    const minutes = field(cron[1], 0, 59);
    const hours = field(cron[2], 0, 23);
    const dom = field(cron[3], 1, 31);
    const dow = field(cron[5], 1, 7, DAYS, 1); // AWS: 1 = Sunday
    if (!minutes || !hours || !dom || !dow || !field(cron[4], 1, 12, MONTHS, 1)) return undefined;
    // A 30-day month starting on a Monday (day 1 = MON = 2).
    let runs = 0;
    for (let day = 1; day <= 30; day++) {
        const weekday = ((day - 1 + 1) % 7) + 1;
        const dayMatches = cron[3] === "?" ? dow.has(weekday) : cron[5] === "?" ? dom.has(day) : dom.has(day) && dow.has(weekday);
        if (dayMatches) runs += hours.size * minutes.size;
    }
    return runs;
}
