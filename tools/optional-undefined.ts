/**
 * Optional properties of the library's exported types say `| undefined` explicitly.
 *
 * Under `exactOptionalPropertyTypes` (on in every `tsc --init` since TypeScript 5.9) a property
 * declared `imageTag?: pulumi.Input<string>` refuses an explicit `undefined`, so
 * `new RegistryRepo("app", { imageTag: process.env.IMAGE_TAG })` and
 * `task: { image: repo.imageUri }` fail to compile in a consumer's project. Declared
 * `imageTag?: pulumi.Input<string> | undefined` they compile under every setting.
 *
 * One exception: a property typed by one of the enums of components/enums.ts (`nat?: NatMode`)
 * stays as it is. Pulumi's schema analyzer names a schema enum after the property's type reference,
 * and `NatMode | undefined` is no reference (it refuses the union), so other languages would lose the
 * enum. TypeScript users write those as literals (`nat: "single"`).
 *
 * `findMissingUndefined` lists the optional properties (of every exported interface and type alias
 * under components/, nested object types included) that lack it; tests/optional-undefined.test.ts
 * fails on any. Run as a script it rewrites them in place (idempotent: a second run changes nothing):
 *
 *     node -r ./tools/register.js tools/optional-undefined.ts            # fix components/**\/*.ts
 *     node -r ./tools/register.js tools/optional-undefined.ts --check    # list, exit 1 if any
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const COMPONENTS_DIR = path.join(__dirname, "..", "components");

export interface MissingUndefined {
    file: string;
    /** 1-based line of the property. */
    line: number;
    /** `Interface.property` (nested object types add their property path). */
    where: string;
    /** Where ` | undefined` goes, and whether the type needs parentheses first (function, conditional types). */
    start: number;
    end: number;
    parenthesize: boolean;
}

/**
 * The enum types of the components (`export type NatMode = …` in components/enums.ts, and any
 * `export type X = (typeof X)[keyof typeof X]` beside its component, e.g. DatabaseEngine):
 * properties of these types are left alone.
 */
let allEnums: Set<string> | undefined;

export function enumTypeNames(file?: string): Set<string> {
    if (file === undefined && allEnums) return allEnums;
    const names = new Set<string>();
    for (const f of file ? [file] : sourceFiles()) {
        const source = ts.createSourceFile(f, fs.readFileSync(f, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
        for (const s of source.statements) {
            if (!ts.isTypeAliasDeclaration(s) || !isExported(s)) continue;
            // enums.ts holds only enums; elsewhere an enum is the `(typeof X)[keyof typeof X]` of a const of its name.
            if (path.basename(f) === "enums.ts" || /^\(typeof (\w+)\)\[keyof typeof \1\]$/.test(s.type.getText(source).replace(/\s+/g, " "))) names.add(s.name.text);
        }
    }
    if (file === undefined) allEnums = names;
    return names;
}

/** `NatMode` or `pulumi.Input<NatMode>` where NatMode is one of `enums`. */
function isEnumReference(type: ts.TypeNode, enums: Set<string>, source: ts.SourceFile): boolean {
    if (!ts.isTypeReferenceNode(type)) return false;
    const name = type.typeName.getText(source);
    if (enums.has(name)) return true;
    const inner = type.typeArguments?.[0];
    return /(^|\.)Input$/.test(name) && type.typeArguments?.length === 1 && inner !== undefined && ts.isTypeReferenceNode(inner) && enums.has(inner.typeName.getText(source));
}

/** Every `.ts` file under `dir` (declarations excluded). */
export function sourceFiles(dir: string = COMPONENTS_DIR): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path.join(dir, e.name)] : []))
        .sort();
}

function isExported(node: ts.Node): boolean {
    return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** True when the type admits `undefined` as written (`T | undefined`, or `undefined`/`any`/`unknown` itself). */
function admitsUndefined(type: ts.TypeNode): boolean {
    if (ts.isParenthesizedTypeNode(type)) return admitsUndefined(type.type);
    if (ts.isUnionTypeNode(type)) return type.types.some(admitsUndefined);
    return type.kind === ts.SyntaxKind.UndefinedKeyword || type.kind === ts.SyntaxKind.AnyKeyword || type.kind === ts.SyntaxKind.UnknownKeyword;
}

/** Types that `X | undefined` would not wrap as a whole (`() => T | undefined` is a different type). */
function needsParentheses(type: ts.TypeNode): boolean {
    return ts.isFunctionTypeNode(type) || ts.isConstructorTypeNode(type) || ts.isConditionalTypeNode(type) || ts.isInferTypeNode(type) || ts.isTypeOperatorNode(type);
}

/** The optional properties of exported interfaces and type aliases in one source text that lack `| undefined`. */
export function findMissingUndefined(file: string, text: string = fs.readFileSync(file, "utf8"), enums: Set<string> = enumTypeNames()): MissingUndefined[] {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const found: MissingUndefined[] = [];
    const visitMembers = (members: ts.NodeArray<ts.TypeElement>, where: string) => {
        for (const member of members) {
            if (!ts.isPropertySignature(member) || !member.type) continue;
            const name = member.name.getText(source);
            if (member.questionToken && !admitsUndefined(member.type) && !isEnumReference(member.type, enums, source)) {
                found.push({
                    file,
                    line: source.getLineAndCharacterOfPosition(member.getStart(source)).line + 1,
                    where: `${where}.${name}`,
                    start: member.type.getStart(source),
                    end: member.type.getEnd(),
                    parenthesize: needsParentheses(member.type),
                });
            }
            visitType(member.type, `${where}.${name}`);
        }
    };
    // Object types written inline (a nested `{ a?: string }`, in arrays and unions too).
    const visitType = (type: ts.Node, where: string) => {
        if (ts.isTypeLiteralNode(type)) return visitMembers(type.members, where);
        ts.forEachChild(type, (child) => {
            if (ts.isTypeNode(child)) visitType(child, where);
        });
    };
    for (const statement of source.statements) {
        if (!isExported(statement)) continue;
        if (ts.isInterfaceDeclaration(statement)) visitMembers(statement.members, statement.name.text);
        else if (ts.isTypeAliasDeclaration(statement)) visitType(statement.type, statement.name.text);
    }
    return found;
}

/** The source text with ` | undefined` added to every property `findMissingUndefined` lists. */
export function addUndefined(text: string, missing: MissingUndefined[]): string {
    // As insertions (a nested property's type lies inside its parent's), applied from the end so
    // earlier positions stay valid.
    const inserts = missing.flatMap((m) => (m.parenthesize ? [{ at: m.start, text: "(" }, { at: m.end, text: ") | undefined" }] : [{ at: m.end, text: " | undefined" }]));
    let out = text;
    for (const i of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, i.at) + i.text + out.slice(i.at);
    return out;
}

function main(argv: string[]): number {
    const check = argv.includes("--check");
    let total = 0;
    const enums = enumTypeNames();
    for (const file of sourceFiles()) {
        const text = fs.readFileSync(file, "utf8");
        const missing = findMissingUndefined(file, text, enums);
        if (missing.length === 0) continue;
        total += missing.length;
        for (const m of missing) console.log(`${path.relative(process.cwd(), m.file)}:${m.line}: ${m.where}`);
        if (!check) fs.writeFileSync(file, addUndefined(text, missing));
    }
    console.log(check ? `${total} optional properties lack \`| undefined\`` : `added \`| undefined\` to ${total} optional properties`);
    return check && total > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
