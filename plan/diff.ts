/**
 * `npm run synth -- --diff <stackA> <stackB>`: what differs between two plans, readable. The cost
 * difference comes first, then rollouts, the resources only one side has, and the changed inputs
 * grouped by resource. What would drown the real differences is folded: a value that differs only
 * by the stack name (`tags.stack`, `fargate-kit-stage-app` → `fargate-kit-prod-app`, ARNs and
 * paths holding it) is counted in one line, the same change on several resources is shown once
 * with the resources it touches, and a list or block only one side has is shown whole, once.
 */
import { fmtUsd } from "./costs";
import type { Plan, PlanResource } from "./plan";

/** Changes per resource shown before "… N more". */
const PER_RESOURCE = 12;
/** A change on this many resources or more is shown once, with the resources listed. */
const SHARED = 3;

const short = (type: string) => type.split(":").pop() ?? type;

/** A JSON string (a policy, container definitions) read as the value it holds. */
function parsed(value: unknown): unknown {
    if (typeof value === "string" && /^[[{]/.test(value)) {
        try {
            return JSON.parse(value);
        } catch {
            /* plain string */
        }
    }
    return value;
}

const isContainer = (v: unknown): v is object => v !== null && typeof v === "object";
const plainList = (v: unknown) => Array.isArray(v) && v.every((x) => !isContainer(x));
/** Values longer than this are cut (the whole plan is in `--out`). */
const MAX_VALUE = 160;
const show = (v: unknown) => {
    if (v === undefined) return "(unset)";
    const text = JSON.stringify(v);
    return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}… (${text.length} characters)` : text;
};

/**
 * The differing values of two inputs, path → [from, to]. A subtree only one side has is one
 * entry (an added statement, an added block), and so is a list of plain values: each shown once.
 */
export function diffValues(a: unknown, b: unknown, path: string, out: [string, string, string][]): void {
    a = parsed(a);
    b = parsed(b);
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const bothObjects = isContainer(a) && isContainer(b) && Array.isArray(a) === Array.isArray(b) && !(plainList(a) && plainList(b));
    if (!bothObjects) {
        out.push([path, show(a), show(b)]);
        return;
    }
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])];
    if (!Array.isArray(a)) keys.sort();
    for (const k of keys) diffValues(ra[k], rb[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k, out);
}

interface Change {
    resource: string;
    path: string;
    from: string;
    to: string;
}

/** Whether `from` becomes `to` by putting stack b's name where stack a's stands (as a word: `stage`, not `staging`). */
function onlyStackName(from: string, to: string, a: string, b: string): boolean {
    if (a === b) return false;
    const word = new RegExp(`(?<![A-Za-z0-9])${a.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9])`, "g");
    return from.replace(word, b) === to;
}

const usdDelta = (a: number, b: number) => `${b - a >= 0 ? "+" : "−"}${fmtUsd(Math.abs(Math.round((b - a) * 100) / 100))}`;

function costLines(a: Plan, b: Plan): string[] {
    const ea = a.estimate;
    const eb = b.estimate;
    if (ea.monthly === null || eb.monthly === null) {
        return [`Monthly estimate: ${ea.monthly === null ? "not priced" : fmtUsd(ea.monthly)} → ${eb.monthly === null ? "not priced" : fmtUsd(eb.monthly)}`];
    }
    const out = [`Monthly estimate: ${fmtUsd(ea.monthly)} → ${fmtUsd(eb.monthly)} (${usdDelta(ea.monthly, eb.monthly)}) · at maximum scale ${fmtUsd(ea.monthlyAtMaxScale!)} → ${fmtUsd(eb.monthlyAtMaxScale!)}`];
    const categories = [...new Set([...Object.keys(ea.byCategory), ...Object.keys(eb.byCategory)])] as (keyof typeof ea.byCategory)[];
    const rows = categories
        .map((c) => ({ c, from: ea.byCategory[c] ?? 0, to: eb.byCategory[c] ?? 0 }))
        .filter((r) => Math.round(r.from * 100) !== Math.round(r.to * 100))
        .sort((x, y) => Math.abs(y.to - y.from) - Math.abs(x.to - x.from));
    for (const r of rows) out.push(`  ${usdDelta(r.from, r.to).padStart(9)}  ${r.c} (${fmtUsd(r.from)} → ${fmtUsd(r.to)})`);
    return out;
}

function rolloutLines(a: Plan, b: Plan): string[] {
    const names = [...new Set([...a.rollout.map((r) => r.service), ...b.rollout.map((r) => r.service)])];
    const out: string[] = [];
    for (const n of names) {
        const l = a.rollout.find((r) => r.service === n);
        const r = b.rollout.find((x) => x.service === n);
        if (l?.seconds !== r?.seconds) out.push(`Rollout ${n}: ${l ? `${l.seconds} s` : "(none)"} → ${r ? `${r.seconds} s` : "(none)"}`);
    }
    return out.length || names.length === 0 ? out : [`Rollout: the same for ${names.length} service(s)`];
}

/** `+ Listener app-https, app-http-redirect`: the resources only one side has, one line per type. */
function onlyLines(keys: string[], sign: string): string[] {
    const byType = new Map<string, string[]>();
    for (const k of keys) {
        const [type, name] = k.split("::");
        byType.set(short(type), [...(byType.get(short(type)) ?? []), name]);
    }
    return [...byType].sort(([x], [y]) => x.localeCompare(y)).map(([type, names]) => `  ${sign} ${type} ${names.join(", ")}`);
}

/** `LogGroup app-exec, web-logs; Queue worker-dlq`: resource keys by type. */
function byType(keys: string[]): string {
    const types = new Map<string, string[]>();
    for (const k of keys) types.set(short(k.split("::")[0]), [...(types.get(short(k.split("::")[0])) ?? []), k.split("::")[1]]);
    return [...types].map(([t, names]) => `${t} ${names.join(", ")}`).join("; ");
}

const label = (key: string) => `${short(key.split("::")[0])} ${key.split("::")[1]}`;

/** What differs between two plans: cost, rollouts, resources, and their inputs. */
export function diffPlans(a: Plan, b: Plan): string {
    const key = (r: PlanResource) => `${r.type}::${r.name}`;
    const left = new Map(a.resources.map((r) => [key(r), r]));
    const right = new Map(b.resources.map((r) => [key(r), r]));
    const out: string[] = [`Differences ${a.stack} → ${b.stack}`, ""];
    out.push(...costLines(a, b), ...rolloutLines(a, b), "");

    const removed = [...left.keys()].filter((k) => !right.has(k));
    const added = [...right.keys()].filter((k) => !left.has(k));
    out.push(`Resources: ${removed.length} only in ${a.stack}, ${added.length} only in ${b.stack}, ${[...left.keys()].filter((k) => right.has(k)).length} in both`);
    out.push(...onlyLines(removed, "-"), ...onlyLines(added, "+"), "");

    const changes: Change[] = [];
    let stackNameValues = 0;
    const stackNameResources = new Set<string>();
    let stackTags = 0;
    for (const [k, l] of left) {
        const r = right.get(k);
        if (!r) continue;
        const differences: [string, string, string][] = [];
        diffValues({ ...l.inputs, protect: l.protect, retainOnDelete: l.retainOnDelete }, { ...r.inputs, protect: r.protect, retainOnDelete: r.retainOnDelete }, "", differences);
        for (const [p, from, to] of differences) {
            if (onlyStackName(from, to, a.stack, b.stack)) {
                stackNameValues++;
                stackNameResources.add(k);
                if (p === "tags.stack") stackTags++;
                continue;
            }
            changes.push({ resource: k, path: p, from, to });
        }
    }
    const changedResources = new Set(changes.map((c) => c.resource));
    out.push(`Changed inputs: ${changedResources.size} resource(s)`);
    if (stackNameValues > 0) {
        out.push(`  (${stackNameValues} value(s) in ${stackNameResources.size} resource(s) differ only by the stack name, ${a.stack} → ${b.stack}${stackTags ? `, ${stackTags} of them tags.stack` : ""}: names, ARNs, paths; not listed)`);
    }

    // The same change on several resources: once, with where.
    const groups = new Map<string, Change[]>();
    for (const c of changes) {
        const g = `${c.path}\u0000${c.from}\u0000${c.to}`;
        groups.set(g, [...(groups.get(g) ?? []), c]);
    }
    const shared = [...groups.values()].filter((g) => g.length >= SHARED);
    const sharedSet = new Set(shared.flat());
    if (shared.length) {
        out.push("  on several resources:");
        for (const g of shared.sort((x, y) => y.length - x.length)) {
            out.push(`      ${g[0].path}: ${g[0].from} → ${g[0].to}  (${g.length}: ${byType(g.map((c) => c.resource))})`);
        }
    }
    for (const resource of [...left.keys()].filter((k) => changedResources.has(k))) {
        const own = changes.filter((c) => c.resource === resource && !sharedSet.has(c));
        if (own.length === 0) continue;
        out.push(`  ~ ${label(resource)}`);
        for (const c of own.slice(0, PER_RESOURCE)) out.push(`      ${c.path}: ${c.from} → ${c.to}`);
        if (own.length > PER_RESOURCE) out.push(`      … ${own.length - PER_RESOURCE} more`);
    }
    return out.join("\n");
}
