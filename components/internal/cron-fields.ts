/**
 * The fields of an EventBridge Scheduler cron expression as sets of values: `*`, `?`, lists, ranges
 * and steps, with day and month names. Shared by the plan (how often a job runs) and the
 * `fargate-kit` command (when it runs next); the syntax itself is checked by schedule-expression.
 */
export const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
export const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

/** The values one field selects between `min` and `max`, or undefined for what it cannot read (L, W, #). */
export function field(spec: string, min: number, max: number, names: string[] = [], offset = 0): Set<number> | undefined {
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
        if ([from, to, step].some((n) => !Number.isFinite(n)) || step < 1 || from < min || to > max) return undefined;
        for (let v = from; v <= to; v += step) out.add(v);
    }
    return out;
}
