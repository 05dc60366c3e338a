/**
 * The stack-file reference (docs/stack-file.md), generated from the zod schemas the program
 * validates with: every key the schema accepts, its type and allowed values read from the schema,
 * its description, default and example from the schema's own metadata (`.meta({ … })`) or from
 * stack/schema-docs.ts. tests/stack-docs.test.ts fails when a key has no description or example,
 * or when the committed file differs from what this writes.
 *
 * Usage: npm run docs            (writes docs/stack-file.md)
 *        npm run docs -- --check (exit 1 when docs/stack-file.md is stale or a key is undocumented)
 */
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { stringify } from "yaml";
import { CONFIG_SCHEMAS } from "../stack/config";
import { secretSchema, taskSchema } from "../stack/schema";
import { legacyWebSchema, legacyWorkerSchema } from "../stack/service-schema";
import { KEY_DOCS, KeyDoc, SECTIONS } from "../stack/schema-docs";

export const STACK_DOCS_FILE = path.join(__dirname, "..", "docs", "stack-file.md");
const PROJECT = "fargate-kit";

/** One key of the stack file, as the schema defines it. */
export interface SchemaKey {
    /** The documentation path: `webServices.<name>.healthCheck.path`, `task.containers[].name`. */
    path: string;
    /** The section it belongs to (a top-level key, or a shared shape: `task`, `secret`). */
    section: string;
    type: string;
    /** Enum values, from the schema. */
    allowed?: string[];
    required: boolean;
    /** Whether its value is an object whose keys are documented on their own (here, or in a shared section). */
    hasChildren: boolean;
    /** The schema of the value (optional unwrapped), to check examples against. */
    schema: z.ZodType;
    /** Metadata attached to the schema itself (`.meta({ description, default, example })`). */
    inline?: KeyDoc;
}

type Def = { type: string; [k: string]: any };
const def = (s: z.ZodType): Def => (s as any)._zod.def;

/** Shapes used in several places: documented once, in their own section, and linked. */
const SHARED = new Map<z.ZodType, { section: string; type: string }>([
    [taskSchema, { section: "task", type: "task (see [task](#task))" }],
    [secretSchema, { section: "secret", type: "secret reference (see [secret](#secret))" }],
    [legacyWebSchema, { section: "", type: "object: 0.1's single web service (the keys of a web service and of `loadBalancer`)" }],
    [legacyWorkerSchema, { section: "", type: "object: 0.1's single worker (the keys of a worker)" }],
]);

function inlineMeta(s: z.ZodType): KeyDoc | undefined {
    const m = z.globalRegistry.get(s) as Partial<KeyDoc> | undefined;
    return m?.description ? { description: m.description, default: m.default, example: m.example } : undefined;
}

/** Unwraps optional and preprocess wrappers: the schema of the value itself, and what was on the wrappers. */
function unwrap(s: z.ZodType): { inner: z.ZodType; required: boolean; inline?: KeyDoc } {
    let required = true;
    let inline = inlineMeta(s);
    for (;;) {
        const d = def(s);
        if (d.type === "optional" || d.type === "default" || d.type === "nullable") {
            if (d.type !== "nullable") required = false;
            s = d.innerType;
        } else if (d.type === "pipe" && def(d.in).type === "transform") s = d.out;
        else break;
        inline ??= inlineMeta(s);
    }
    return { inner: s, required, inline };
}

function typeName(s: z.ZodType): string {
    const d = def(s);
    switch (d.type) {
        case "string":
            return "string";
        case "number":
            return (s as any).format === "safeint" || (s as any).isInt ? "whole number" : "number";
        case "boolean":
            return "boolean";
        case "enum":
            return "one of the allowed values";
        case "never":
            return "not allowed";
        case "object":
            return "object";
        case "array": {
            const el = unwrap(d.element).inner;
            const shared = SHARED.get(el);
            return shared ? `list of ${shared.type}` : def(el).type === "object" ? "list of objects" : `list of ${plural(typeName(el))}`;
        }
        case "record": {
            const v = unwrap(d.valueType).inner;
            const shared = SHARED.get(v);
            return shared ? `map: name → ${shared.type}` : def(v).type === "object" ? "map: name → object" : `map: name → ${typeName(v)}`;
        }
        default:
            return d.type;
    }
}
const plural = (t: string) => (t === "whole number" ? "whole numbers" : t === "string" ? "strings" : t === "number" ? "numbers" : t);

/** The key names of a record's placeholder, per documentation path (`webServices` → `<name>`). */
function placeholder(p: string): string {
    return /(environment|secrets|dockerLabels|environmentVariables|options|secretOptions|tags|args)$/.test(p) ? "<NAME>" : "<name>";
}

function walk(s: z.ZodType, p: string, section: string, out: SchemaKey[], top = false): void {
    const { inner, required, inline } = unwrap(s);
    const d = def(inner);
    const shared = top ? undefined : SHARED.get(inner);
    const element = d.type === "array" ? unwrap(d.element).inner : d.type === "record" ? unwrap(d.valueType).inner : undefined;
    const childObject = element && !SHARED.has(element) && def(element).type === "object" ? element : undefined;
    const sharedElement = element !== undefined && SHARED.has(element);
    const hasChildren = shared !== undefined || sharedElement || d.type === "object" || childObject !== undefined;
    if (p) {
        out.push({
            path: p,
            section,
            type: shared ? shared.type : typeName(inner),
            allowed: d.type === "enum" ? Object.values(d.entries as Record<string, string>) : undefined,
            required,
            hasChildren,
            schema: inner,
            inline,
        });
    }
    if (shared) return;
    // A record's or list's objects are documented by their keys (`webServices.<name>.spot`).
    const object = d.type === "object" ? inner : childObject;
    const prefix = d.type === "object" ? p : d.type === "array" ? `${p}[]` : `${p}.${placeholder(p)}`;
    if (object) for (const [k, v] of Object.entries(def(object).shape as Record<string, z.ZodType>)) walk(v, prefix ? `${prefix}.${k}` : k, section, out);
}

/** Every key of the stack file, in schema order: the top-level keys, then the shared shapes. */
/** What the reference is generated from: the config schemas and the descriptions (tests pass altered copies). */
export interface DocSources {
    schemas: Record<string, z.ZodType>;
    docs: Record<string, KeyDoc>;
}
const SOURCES: DocSources = { schemas: CONFIG_SCHEMAS as unknown as Record<string, z.ZodType>, docs: KEY_DOCS };

export function schemaKeys(sources: DocSources = SOURCES): SchemaKey[] {
    const out: SchemaKey[] = [];
    // Every top-level key is optional: the file sets what it needs.
    for (const [key, schema] of Object.entries(sources.schemas)) walk(schema.optional(), key, key, out);
    walk(taskSchema, "task", "task", out, true);
    walk(secretSchema, "secret", "secret", out, true);
    return out;
}

export interface DocProblems {
    /** Keys with no description (neither `.meta` nor stack/schema-docs.ts). */
    undocumented: string[];
    /** Keys without children and without an example. */
    noExample: string[];
    /** Examples the key's own schema refuses. */
    badExample: string[];
    /** Entries of stack/schema-docs.ts for keys the schema does not have. */
    stale: string[];
    /** Keys documented both inline and in stack/schema-docs.ts. */
    twice: string[];
}

/** Every key, with its documentation merged in. */
export function documentedKeys(sources: DocSources = SOURCES): (SchemaKey & { doc?: KeyDoc })[] {
    return schemaKeys(sources).map((k) => ({ ...k, doc: k.inline ?? sources.docs[k.path] }));
}

export function docProblems(sources: DocSources = SOURCES): DocProblems {
    const keys = documentedKeys(sources);
    const paths = new Set(keys.map((k) => k.path));
    const problems: DocProblems = { undocumented: [], noExample: [], badExample: [], stale: [], twice: [] };
    for (const k of keys) {
        if (k.inline && sources.docs[k.path]) problems.twice.push(k.path);
        if (!k.doc?.description) problems.undocumented.push(k.path);
        else if (!k.hasChildren && k.doc.example === undefined) problems.noExample.push(k.path);
        if (k.doc?.example !== undefined && !k.schema.safeParse(k.doc.example).success) problems.badExample.push(k.path);
    }
    problems.stale = Object.keys(sources.docs).filter((p) => !paths.has(p));
    return problems;
}

/** The problems as one message that says what to do. */
export function describeProblems(p: DocProblems): string | undefined {
    const parts: string[] = [];
    if (p.undocumented.length) parts.push(`keys without a description: ${p.undocumented.join(", ")}`);
    if (p.noExample.length) parts.push(`keys without an example: ${p.noExample.join(", ")}`);
    if (p.badExample.length) parts.push(`examples their key's schema refuses: ${p.badExample.join(", ")}`);
    if (p.stale.length) parts.push(`entries of stack/schema-docs.ts for keys the schema no longer has: ${p.stale.join(", ")}`);
    if (p.twice.length) parts.push(`keys documented both with .meta() and in stack/schema-docs.ts (keep one): ${p.twice.join(", ")}`);
    if (!parts.length) return undefined;
    return `${parts.join("\n")}\nAdd { description, default?, example } for each key to stack/schema-docs.ts (task.* and secret.*: stack/schema-docs-task.ts), paths as listed (records as <name>, lists as []), then run \`npm run docs\`.`;
}

// ---- rendering ---------------------------------------------------------------------------------

const anchor = (p: string) => p.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** Sample names for placeholders, so an example is a stack file one can paste. */
function sampleName(segment: string, parent: string): string {
    if (segment === "<NAME>") return parent === "secrets" || parent === "secretOptions" ? "DB_PASSWORD" : parent === "tags" ? "team" : parent === "options" ? "Host" : parent === "args" ? "NODE_ENV" : parent === "dockerLabels" ? "com.example.team" : "APP_ENV";
    if (parent === "webServices") return "web";
    if (parent === "workers") return "worker";
    if (parent === "scheduledTasks") return "nightly";
    return "main";
}

/** The example placed at its full path: `fargate-kit:webServices:\n  web:\n    …`. */
function exampleYaml(p: string, example: unknown): string {
    const segments = p.split(".").flatMap((s) => (s.endsWith("[]") ? [s.slice(0, -2), "[]"] : [s]));
    let [top, ...rest] = segments;
    // The shared shapes are shown where they are most often used.
    let prefix: string[] = [];
    if (top === "task") prefix = ["webServices", "web", "task"];
    else if (top === "secret") prefix = ["app", "secrets", "DB_PASSWORD"];
    else prefix = [top];
    const keys = [...prefix];
    for (let i = 0; i < rest.length; i++) keys.push(rest[i].startsWith("<") ? sampleName(rest[i], keys[keys.length - 1]) : rest[i]);
    let value: unknown = example;
    for (let i = keys.length - 1; i >= 1; i--) value = keys[i] === "[]" ? [value] : { [keys[i]]: value };
    return stringify({ [`${PROJECT}:${keys[0]}`]: value }, { lineWidth: 0 }).trimEnd();
}

/** A default as written: a value in code, a sentence ("the first container with a port") as prose. */
const fmt = (v: unknown) => (typeof v === "string" && (v.includes(" ") || v === "none") ? v : `\`${typeof v === "string" ? v : JSON.stringify(v)}\``);

function renderKey(k: SchemaKey & { doc?: KeyDoc }, depth: number): string[] {
    const out: string[] = [];
    out.push(`${"#".repeat(Math.min(depth, 4))} \`${k.path}\``, "");
    const facts = [k.type, k.required ? "required" : undefined];
    if (k.allowed) facts.push(`allowed: ${k.allowed.map((a) => `\`${a}\``).join(", ")}`);
    if (k.doc?.default !== undefined) facts.push(`default: ${fmt(k.doc.default)}`);
    out.push(facts.filter(Boolean).join(" · "), "");
    if (k.doc?.description) out.push(k.doc.description.trim(), "");
    if (k.doc?.example !== undefined) out.push("```yaml", exampleYaml(k.path, k.doc.example), "```", "");
    return out;
}

/** docs/stack-file.md. */
export function renderStackDocs(sources: DocSources = SOURCES): string {
    const keys = documentedKeys(sources);
    const sections = [...new Set(keys.map((k) => k.section))];
    const out: string[] = [
        "# Stack file reference",
        "",
        "<!-- Generated by `npm run docs` from the stack-file schema (stack/schema.ts, stack/service-schema.ts)",
        "     and its descriptions (stack/schema-docs*.ts). Do not edit by hand: tests/stack-docs.test.ts compares. -->",
        "",
        SECTIONS.intro.trim(),
        "",
        "| key | type | what |",
        "|---|---|---|",
        ...keys.filter((k) => !k.path.includes(".")).map((k) => `| [\`${k.path}\`](#${anchor(k.path)}) | ${k.type.replace(/ \(see .*\)$/, "")} | ${firstSentence(k.doc?.description ?? "")} |`),
        "",
    ];
    for (const section of sections) {
        const intro = SECTIONS.sections[section];
        for (const k of keys.filter((x) => x.section === section)) {
            const depth = k.path.split(".").filter((seg) => !seg.startsWith("<")).length + 1;
            out.push(...renderKey(k, depth));
            if (k.path === section && intro) out.push(intro.trim(), "");
        }
    }
    return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

/** The description's first clause, outside parentheses, for the overview table. */
function firstSentence(text: string): string {
    const t = text.replace(/\s+/g, " ").trim();
    let depth = 0;
    for (let i = 0; i < t.length; i++) {
        if (t[i] === "(") depth++;
        else if (t[i] === ")") depth--;
        else if (depth === 0 && ".:;".includes(t[i]) && (i + 1 === t.length || t[i + 1] === " ")) return `${t.slice(0, i)}.`.replace(/\|/g, "\\|");
    }
    return t.replace(/\|/g, "\\|");
}

if (require.main === module) {
    const problems = describeProblems(docProblems());
    const text = renderStackDocs();
    if (process.argv.includes("--check")) {
        const stale = !fs.existsSync(STACK_DOCS_FILE) || fs.readFileSync(STACK_DOCS_FILE, "utf8") !== text;
        if (problems) console.error(problems);
        if (stale) console.error("docs/stack-file.md differs from the schema: run `npm run docs`");
        process.exit(problems || stale ? 1 : 0);
    }
    fs.writeFileSync(STACK_DOCS_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), STACK_DOCS_FILE)} (${documentedKeys().length} keys)`);
    if (problems) {
        console.error(problems);
        process.exit(1);
    }
}
