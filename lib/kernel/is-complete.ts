import { dirname } from "node:path";

type TS = typeof import("@tslab/typescript-for-tslab");

/** is_complete_reply content. */
export interface IsCompleteReply {
  status: "complete" | "incomplete" | "invalid";
  indent?: string;
}

let ts: TS | undefined;

/** The TypeScript compiler tslab compiles cells with (so the parser matches what runs). */
export function tslabTypeScript(): TS {
  if (!ts) {
    const tslabDir = dirname(require.resolve("tslab/package.json"));
    ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] })) as TS;
  }
  return ts;
}

function nextIndent(code: string): string {
  const lines = code.trimEnd().split("\n");
  const last = lines[lines.length - 1];
  const base = /^\s*/.exec(last)![0];
  return /[{([]\s*$|=>\s*$/.test(last) ? `${base}  ` : base;
}

/**
 * Whether `code` can run as a cell: `complete`; `incomplete` when the parser's only complaints sit
 * at the end of the text (an unclosed bracket, string template or comment: more input could fix
 * it); `invalid` when a syntax error sits before the end (`a = ]`), which no more input can fix.
 */
export function isComplete(code: string): IsCompleteReply {
  if (code.trim() === "") return { status: "complete" };
  const t = tslabTypeScript();
  const file = t.createSourceFile("cell.tsx", code, t.ScriptTarget.Latest, false, t.ScriptKind.TS);
  const diags = ((file as unknown as { parseDiagnostics?: { start?: number }[] }).parseDiagnostics ?? []);
  if (diags.length === 0) return { status: "complete" };
  const end = code.trimEnd().length;
  if (diags.every((d) => (d.start ?? 0) >= end)) return { status: "incomplete", indent: nextIndent(code) };
  return { status: "invalid" };
}
