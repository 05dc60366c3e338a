import { Check, show } from "./validation";

/**
 * EventBridge Scheduler's schedule expressions and time zones, checked offline so a bad schedule
 * fails at preview with a message that says what to write, not at deploy with Scheduler's
 * "Invalid Schedule Expression".
 *
 * Cron rules: the EventBridge cron expressions reference (Scheduler links to it), field table and
 * "Limitations"; where it is silent (L or W in a list, both fields "?") we follow Quartz, whose
 * syntax it is.
 */

const ALLOWED = "allowed: rate(<n> minute(s)|hour(s)|day(s)), cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>) or at(yyyy-mm-ddThh:mm:ss)";
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;

interface Field {
    name: string;
    min: number;
    max: number;
    /** Names for min, min+1, … (case-insensitive). */
    names?: string[];
    /** Which wildcards beyond `, - *` the field takes (AWS's table): "/" steps, "?" and the day forms. */
    step: boolean;
    day?: "month" | "week";
    /** What to write instead, for the "not valid" message. */
    allowed: string;
}

const FIELDS: Field[] = [
    { name: "minutes", min: 0, max: 59, step: true, allowed: "0-59 with , - * /" },
    { name: "hours", min: 0, max: 23, step: true, allowed: "0-23 with , - * /" },
    { name: "day-of-month", min: 1, max: 31, step: true, day: "month", allowed: "1-31 with , - * /, or one of ?, L, LW, <day>W (e.g. 15W)" },
    { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], step: true, allowed: "1-12 or JAN-DEC with , - * /" },
    // AWS's table gives day-of-week no "/" (Quartz has it; Scheduler's reference does not).
    { name: "day-of-week", min: 1, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], step: false, day: "week", allowed: "1-7 or SUN-SAT (1 = SUN) with , - *, or one of ?, L, <day>L (e.g. FRIL), <day>#<n> (e.g. MON#1)" },
    { name: "year", min: 1970, max: 2199, step: true, allowed: "1970-2199 with , - * /" },
];

const range = (f: Field) => `${f.min}-${f.max}${f.names ? ` or ${f.names[0]}-${f.names[f.names.length - 1]}` : ""}`;

/** The number a value stands for (a number or, where the field has them, a name); NaN if neither. */
function valueOf(f: Field, text: string): number {
    if (/^\d+$/.test(text)) return Number(text);
    const i = f.names?.indexOf(text.toUpperCase()) ?? -1;
    return i >= 0 ? f.min + i : NaN;
}

/** What is wrong with one value of a field (`text` is the whole field, for the message), or undefined. */
function valueProblem(f: Field, text: string, value: string): string | undefined {
    const where = value === text ? `${f.name} field ${show(text)}` : `${f.name} field ${show(text)}: ${show(value)}`;
    const n = valueOf(f, value);
    if (Number.isNaN(n)) return `${where} is not valid; allowed: ${f.allowed}`;
    if (n < f.min || n > f.max) return `${where} is out of ${range(f)}`;
    return undefined;
}

/** `*`, `<v>`, `<v>-<v>`, each optionally `/<increment>`: the forms every field takes, in a list. */
function partProblem(f: Field, text: string, part: string): string | undefined {
    const where = part === text ? `${f.name} field ${show(text)}` : `${f.name} field ${show(text)}: ${show(part)}`;
    const m = /^(\*|[^-/]+)(?:-([^-/]+))?(?:\/(.*))?$/.exec(part);
    if (!m) return `${where} is not valid; allowed: ${f.allowed}`;
    const [, from, to, step] = m;
    if (step !== undefined && !f.step) return `${where}: "/" is not allowed in ${f.name}; allowed: ${f.allowed}`;
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) return `${where}: the increment after "/" must be a whole number of at least 1`;
    if (from === "*") return to === undefined ? undefined : `${where} is not valid; allowed: ${f.allowed}`;
    const problem = valueProblem(f, text, from) ?? (to === undefined ? undefined : valueProblem(f, text, to));
    if (problem) return problem;
    // Ranges go low to high, as AWS's reference shows them; whether Scheduler wraps 22-2 around
    // midnight (Quartz does) is not documented, so we ask for the list that surely works.
    if (to !== undefined && valueOf(f, from) > valueOf(f, to)) {
        return `${where} runs backwards; a range goes from low to high within ${range(f)} (across the end, list two: ${valueOf(f, from)}-${f.max},${f.min}-${valueOf(f, to)})`;
    }
    return undefined;
}

/**
 * The day fields' own forms: `?`, `L`, `LW`, `<d>W` (day-of-month), `L`, `<d>L`, `<d>#<n>`
 * (day-of-week). Each stands alone: Scheduler takes one `#` expression per field, and Quartz
 * refuses L in a list. Returns null when `text` is none of them (then it is parsed as a list).
 */
function dayFormProblem(f: Field, text: string): string | undefined | null {
    const up = text.toUpperCase();
    const where = `${f.name} field ${show(text)}`;
    if (up === "?" || up === "L" || (f.day === "month" && up === "LW")) return f.day ? undefined : `${where}: "${up}" is allowed only in day-of-month or day-of-week`;
    // Quartz's L-<n> (n days before the last) is not in Scheduler's reference.
    if (f.day === "month" && /^L-\d+$/.test(up)) return `${where}: L-<n> is not in Scheduler's cron reference; allowed: ${f.allowed}`;
    const w = /^(.+)W$/.exec(up);
    if (f.day === "month" && w && /^\d+$/.test(w[1])) return Number(w[1]) >= 1 && Number(w[1]) <= 31 ? undefined : `${where}: the day before "W" is out of 1-31`;
    const last = /^(.+)L$/.exec(up);
    if (f.day === "week" && last && !Number.isNaN(valueOf(f, last[1]))) return valueProblem(f, text, text.slice(0, -1));
    const nth = /^(.+)#(.*)$/.exec(up);
    if (f.day === "week" && nth && !up.includes(",")) {
        return valueProblem(f, text, text.slice(0, nth[1].length)) ?? (/^[1-5]$/.test(nth[2]) ? undefined : `${where}: the week after "#" is out of 1-5 (e.g. MON#1 for the first Monday)`);
    }
    if (f.day && up.includes(",") && up.split(",").some((p) => /[?#]|^L|\dW$|\dL$|[A-Z]{3}L$/.test(p))) {
        return `${where}: ?, L, W and # stand alone in ${f.name}, not in a list; allowed: ${f.allowed}`;
    }
    return null;
}

function fieldProblem(f: Field, text: string): string | undefined {
    const day = dayFormProblem(f, text);
    if (day !== null) return day;
    for (const part of text.split(",")) {
        const problem = partProblem(f, text, part);
        if (problem) return problem;
    }
    return undefined;
}

/** Scheduler needs "?" in exactly one of day-of-month and day-of-week; says which and where. */
function dayRuleProblem(fields: string[]): string | undefined {
    const [min, hour, dom, month, dow, year] = fields;
    const cron = (d: string, w: string) => `cron(${[min, hour, d, month, w, year].join(" ")})`;
    if (dom === "?" && dow === "?") return `day-of-month and day-of-week are both "?": only one of them may be; put "*" in the other (e.g. ${cron("*", "?")})`;
    if (dom === "?" || dow === "?") return undefined;
    if (dom === "*" && dow === "*") {
        const at = /^\d+$/.test(min) && /^\d+$/.test(hour) ? ` at ${hour.padStart(2, "0")}:${min.padStart(2, "0")}` : "";
        const every = month === "*" && year === "*" ? ` for every day${at}` : "";
        return `day-of-month and day-of-week are both "*": one of them must be "?" (e.g. ${cron("*", "?")}${every})`;
    }
    if (dow === "*") return `day-of-month is ${show(dom)} and day-of-week is "*": day-of-week must be "?" (${cron(dom, "?")})`;
    if (dom === "*") return `day-of-month is "*" and day-of-week is ${show(dow)}: day-of-month must be "?" (${cron("?", dow)})`;
    return `day-of-month ${show(dom)} and day-of-week ${show(dow)} are both set; Scheduler takes one of them, with "?" in the other: ${cron(dom, "?")} or ${cron("?", dow)}`;
}

function checkCron(check: Check, s: string, body: string): void {
    const fields = body.trim().split(/\s+/);
    if (fields.length !== 6) {
        check.fail(`is ${show(s)}; has ${fields.length} field${fields.length === 1 ? "" : "s"}, a cron expression has 6: cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)`);
        return;
    }
    const problems = FIELDS.map((f, i) => fieldProblem(f, fields[i])).filter((p): p is string => p !== undefined);
    for (const p of problems) check.fail(`is ${show(s)}; ${p}`);
    // The "?" rule only once the fields themselves are right: a misplaced "?" was reported above.
    if (problems.length === 0) {
        const problem = dayRuleProblem(fields);
        if (problem) check.fail(`is ${show(s)}; ${problem}`);
    }
}

function checkAt(check: Check, s: string, m: RegExpExecArray): void {
    const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate(); // day 0 of the next month: the last of this one
    const problem =
        month < 1 || month > 12 ? `month ${show(m[2])} is out of 01-12`
        : day < 1 || day > days ? `day ${show(m[3])} is out of 01-${days} (${m[1]}-${m[2]} has ${days} days)`
        : hour > 23 ? `hour ${show(m[4])} is out of 00-23`
        : minute > 59 ? `minute ${show(m[5])} is out of 00-59`
        : second > 59 ? `second ${show(m[6])} is out of 00-59`
        : undefined;
    if (problem) check.fail(`is ${show(s)}; ${problem}`);
}

/** Fails `check` unless `expression` is a schedule expression EventBridge Scheduler accepts. */
export function checkScheduleExpression(check: Check, expression: unknown): void {
    const s = expression;
    if (typeof s !== "string") {
        check.fail(`is ${s === undefined ? "missing" : show(s)}; ${ALLOWED}`);
        return;
    }
    const rate = RATE.exec(s);
    const at = AT.exec(s);
    const cron = /^cron\((.*)\)$/.exec(s);
    if (rate) {
        const [n, unit] = [Number(rate[1]), rate[2].replace(/s$/, "")];
        if (n < 1) check.fail(`is ${show(s)}; a rate is at least 1`);
        else if ((n === 1) !== !rate[2].endsWith("s")) check.fail(`is ${show(s)}; Scheduler wants "1 ${unit}" but "${n === 1 ? 5 : n} ${unit}s" (singular only for 1)`);
    } else if (at) checkAt(check, s, at);
    else if (cron) checkCron(check, s, cron[1]);
    else check.fail(`is ${show(s)}; ${ALLOWED}`);
}

/**
 * Fails `check` unless `tz` is an IANA time zone name. Undefined passes (Scheduler's default, UTC).
 * Intl knows the IANA database but matches names case-insensitively; the name Scheduler is given
 * keeps its case, so "europe/berlin" is refused with the right spelling.
 */
export function checkTimezone(check: Check, tz: unknown): void {
    if (tz === undefined) return;
    const allowed = 'allowed: an IANA time zone name such as "Europe/Berlin" or "America/New_York"';
    if (typeof tz !== "string") {
        check.fail(`is ${show(tz)}; ${allowed}`);
        return;
    }
    let resolved: string;
    try {
        resolved = new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
    } catch {
        check.fail(`is ${show(tz)}; ${allowed}`);
        return;
    }
    // Intl resolves aliases too (Asia/Kolkata -> Asia/Calcutta): only a difference in case is wrong.
    if (resolved !== tz && resolved.toLowerCase() === tz.toLowerCase()) check.fail(`is ${show(tz)}; time zone names are case-sensitive: ${show(resolved)}`);
}
