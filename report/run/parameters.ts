import * as ts from "typescript";
import type { ParameterValue } from "../metrics";
import { joinSource, type Notebook } from "../notebook";
import { PROFILE_VARIABLE } from "../../lib/notebook/kernel-keys";

/** A parameter declared in a notebook's `parameters` cell. */
export interface Parameter {
  name: string;
  /** `const` or `let`, as declared. */
  keyword: "const" | "let";
  /** The value type a `--set` must have; `other` cannot be set from the command line. */
  type: "number" | "string" | "boolean" | "other";
  /** The declared type annotation's text, kept in the injected cell (e.g. a string union). */
  annotation?: string;
  /** The literal default, or one per profile for `byProfile({...})`; absent for other expressions. */
  defaults?: ParameterValue | Record<string, ParameterValue>;
}

/** What the parameters cell declares. */
export interface ParametersCell {
  parameters: Parameter[];
}

/** A notebook's parameter mistake (unknown key, wrong type, bad cell): one line naming the notebook. */
export class ParameterError extends Error {
  override name = "ParameterError";
}

/** The index of the notebook's code cell tagged `parameters`, or -1 when it has none. */
export function parametersCellAt(nb: Notebook): number {
  return nb.cells.findIndex((c) => c.cell_type === "code" && c.metadata.tags?.includes("parameters"));
}

/** The notebook's `parameters` cell, read by {@link parseParametersCell}; undefined when it has none. */
export function readParametersCell(nb: Notebook, where: string): ParametersCell | undefined {
  const at = parametersCellAt(nb);
  return at >= 0 ? parseParametersCell(joinSource(nb.cells[at].source), where) : undefined;
}

/**
 * Reads the declarations of a `parameters` cell with TypeScript's parser. The cell may hold imports
 * and `const`/`let` declarations only; a parameter's type comes from its annotation (number, string,
 * boolean), its literal initializer, or the literals of a `byProfile({...})` call.
 */
export function parseParametersCell(source: string, where: string): ParametersCell {
  const file = ts.createSourceFile("parameters.ts", source, ts.ScriptTarget.ES2022, true);
  const cell: ParametersCell = { parameters: [] };
  for (const st of file.statements) {
    const line = file.getLineAndCharacterOfPosition(st.getStart()).line + 1;
    if (ts.isImportDeclaration(st)) continue;
    if (!ts.isVariableStatement(st) || !(st.declarationList.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let))) {
      const text = st.getText().split("\n")[0];
      throw new ParameterError(`${where}: the parameters cell holds only imports and const/let declarations; line ${line} is \`${text}\``);
    }
    const keyword = st.declarationList.flags & ts.NodeFlags.Const ? "const" : "let";
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name)) {
        throw new ParameterError(`${where}: parameters cell line ${line}: destructuring is not a parameter; declare one name per value`);
      }
      cell.parameters.push(describe(d, keyword));
    }
  }
  return cell;
}

function describe(d: ts.VariableDeclaration, keyword: "const" | "let"): Parameter {
  const name = (d.name as ts.Identifier).text;
  const annotation = d.type?.getText();
  const literal = d.initializer ? literalValue(d.initializer) : undefined;
  const perProfile = d.initializer ? byProfileValues(d.initializer) : undefined;
  const defaults = literal ?? perProfile;
  const sample = literal ?? (perProfile ? Object.values(perProfile)[0] : undefined);
  const plainTypes = [ts.SyntaxKind.NumberKeyword, ts.SyntaxKind.StringKeyword, ts.SyntaxKind.BooleanKeyword];
  const fromAnnotation = d.type && plainTypes.includes(d.type.kind) ? annotation : undefined;
  const type = (fromAnnotation ?? (sample === undefined ? "other" : typeof sample)) as Parameter["type"];
  return { name, keyword, type, ...(annotation ? { annotation } : {}), ...(defaults !== undefined ? { defaults } : {}) };
}

function literalValue(e: ts.Expression): ParameterValue | undefined {
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) {
    return -Number(e.operand.text);
  }
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isAsExpression(e) || ts.isParenthesizedExpression(e)) return literalValue(e.expression);
  return undefined;
}

function byProfileValues(e: ts.Expression): Record<string, ParameterValue> | undefined {
  if (!ts.isCallExpression(e) || !/(^|\.)byProfile$/.test(e.expression.getText())) return undefined;
  const arg = e.arguments[0];
  if (!arg || !ts.isObjectLiteralExpression(arg)) return undefined;
  const out: Record<string, ParameterValue> = {};
  for (const p of arg.properties) {
    if (!ts.isPropertyAssignment(p)) return undefined;
    const v = literalValue(p.initializer);
    if (v === undefined) return undefined;
    out[p.name.getText().replace(/^["']|["']$/g, "")] = v;
  }
  const types = new Set(Object.values(out).map((v) => typeof v));
  return types.size === 1 ? out : undefined;
}

/**
 * Types the `--set` values for one notebook from its parameters: an unknown key, a key that cannot
 * be set, or a value of the wrong type is a {@link ParameterError} naming the notebook.
 */
export function typeOverrides(
  raw: Record<string, string>,
  cell: ParametersCell | undefined,
  where: string,
): Record<string, ParameterValue> {
  const keys = Object.keys(raw);
  if (keys.length === 0) return {};
  if (!cell) throw new ParameterError(`${where} has no cell tagged parameters, so --set ${keys[0]} cannot apply`);
  const known = cell.parameters.map((p) => p.name).filter((n) => n !== "profile");
  const out: Record<string, ParameterValue> = {};
  for (const key of keys) {
    if (key === "profile") throw new ParameterError(`${where}: set the profile with --profile, not --set profile`);
    const p = cell.parameters.find((q) => q.name === key);
    if (!p) throw new ParameterError(`${where} has no parameter ${key} (known: ${known.join(", ") || "none"})`);
    out[key] = coerce(raw[key], p, where);
  }
  return out;
}

function coerce(raw: string, p: Parameter, where: string): ParameterValue {
  if (p.type === "string") return raw;
  if (p.type === "number") {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n)) throw new ParameterError(`${where}: --set ${p.name}=${raw}: ${p.name} is a number`);
    return n;
  }
  if (p.type === "boolean") {
    if (raw !== "true" && raw !== "false") {
      throw new ParameterError(`${where}: --set ${p.name}=${raw}: ${p.name} is a boolean (true or false)`);
    }
    return raw === "true";
  }
  throw new ParameterError(`${where}: --set ${p.name}: its default is not a number, string or boolean literal, so it cannot be set`);
}

/** The value each parameter runs with under `profile`, where it is known before running. */
export function resolvedParameters(
  cell: ParametersCell | undefined,
  profile: string,
  overrides: Record<string, ParameterValue>,
): Record<string, ParameterValue> {
  const out: Record<string, ParameterValue> = {};
  for (const p of cell?.parameters ?? []) {
    const d = p.defaults;
    const v = p.name in overrides ? overrides[p.name] : typeof d === "object" ? d[profile] : d;
    if (v !== undefined) out[p.name] = v;
  }
  return out;
}

/**
 * The source of the `injected-parameters` cell: a comment naming the profile, a guard that stops a
 * rerun on a kernel with another profile (a grader who opens a full report's notebook in a JupyterLab
 * started without `VAE_LAB_PROFILE=full` would otherwise get quick's parameters, and train), then
 * each `--set` value. The profile itself reaches the kernel before any cell runs, as
 * `VAE_LAB_PROFILE` (the parameters cell above this one already reads it).
 */
export function injectedSource(cell: ParametersCell | undefined, profile: string, overrides: Record<string, ParameterValue>): string {
  const n = Object.keys(overrides).length;
  const lines = [
    `// Injected by npm run report: profile ${profile}${n ? `, ${n} value${n === 1 ? "" : "s"} from --set` : ""}.`,
    "{",
    `  const built = ${JSON.stringify(profile)}, running = process.env.${PROFILE_VARIABLE} || "quick";`,
    `  const fix = \`restart the kernel with ${PROFILE_VARIABLE}=\${built} to rerun this notebook\`;`,
    "  if (running !== built) throw new Error(`this notebook was built with profile ${built}, the kernel runs ${running}: ${fix}`);",
    "}",
  ];
  for (const [name, value] of Object.entries(overrides)) {
    const p = cell!.parameters.find((q) => q.name === name)!;
    lines.push(`${p.keyword} ${name}: ${p.annotation ?? p.type} = ${JSON.stringify(value)};`);
  }
  return lines.join("\n") + "\n";
}
