import { printQuickInfo } from "tslab/dist/inspect";
import type { Engine } from "./engine";

/** Protocol 5.2+ cursor positions count unicode code points; JS strings index UTF-16 units. */
export function codePointsToUtf16(text: string, cursor: number): number {
  let units = 0;
  let points = 0;
  for (const ch of text) {
    if (points === cursor) break;
    units += ch.length;
    points++;
  }
  return units;
}

/** The inverse of `codePointsToUtf16`. */
export function utf16ToCodePoints(text: string, offset: number): number {
  return [...text.slice(0, offset)].length;
}

/** complete_reply content for `code` at code-point `cursor` (default: end of code). */
export function completeReply(engine: Engine, code: string, cursor?: number): Record<string, unknown> {
  const pos = codePointsToUtf16(code, cursor ?? [...code].length);
  const info = engine.complete(code, pos);
  return {
    status: "ok",
    matches: info.candidates,
    cursor_start: utf16ToCodePoints(code, info.start),
    cursor_end: utf16ToCodePoints(code, info.end),
    metadata: {},
  };
}

/** inspect_reply content: TypeScript's quick info (type and doc comment) for the name at `cursor`. */
export function inspectReply(engine: Engine, code: string, cursor?: number): Record<string, unknown> {
  const pos = codePointsToUtf16(code, cursor ?? [...code].length);
  const info = engine.inspect(code, pos) ?? (pos > 0 ? engine.inspect(code, pos - 1) : undefined);
  if (!info) return { status: "ok", found: false, data: {}, metadata: {} };
  return { status: "ok", found: true, data: { "text/plain": printQuickInfo(info) }, metadata: {} };
}
