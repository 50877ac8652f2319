import { tslabTypeScript } from "./is-complete";

/**
 * Rewrites shorthand properties `{ a }` as `{ a: a }` (and `{ a = 1 }` in destructuring as
 * `{ a: a = 1 }`), which means the same thing. tslab carries a cell's declarations into later cells
 * by renaming references, but misses shorthand properties, so `{ trainSize }` in a later cell fails
 * with "trainSize is not defined". Columns on a rewritten line shift by the inserted text.
 */
export function expandShorthandProperties(code: string): string {
  if (!/[{,]\s*[A-Za-z_$][\w$]*\s*[,}=]/.test(code)) return code;
  const ts = tslabTypeScript();
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const inserts: { at: number; text: string }[] = [];
  const visit = (node: import("@tslab/typescript-for-tslab").Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) {
      inserts.push({ at: node.name.getStart(file), text: `${node.name.text}: ` });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = code;
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(at);
  return out;
}
