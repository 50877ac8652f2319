import type { CheckSummary } from "../metrics";
import type { CheckRow, Tolerance } from "./compare";

/** A value as recorded, every digit kept (a difference in the last bit must show). */
function show(v: unknown): string {
  if (v === undefined) return "—";
  return typeof v === "number" ? String(v) : JSON.stringify(v);
}

function toleranceText(t: Tolerance): string {
  if (t.kind === "timing") return "timing, not compared";
  if (t.absolute !== undefined) return `${t.kind}, ±${t.absolute}`;
  if (t.relative !== undefined) return `${t.kind}, ±${t.relative * 100}%`;
  return t.kind;
}

const RESULT: Record<CheckRow["status"], string> = {
  identical: "identical", within: "within", differs: "DIFFERS", timing: "timing", missing: "MISSING", new: "NEW",
};

/**
 * The check as text: one aligned table per notebook (value, before, after, difference, result); the
 * tolerance column appears only when the backends differ.
 */
export function checkTables(rows: CheckRow[], sameBackend: boolean): string {
  const out: string[] = [];
  for (const notebook of [...new Set(rows.map((r) => r.notebook))]) {
    const head = ["value", "before", "after", "difference", "result", ...(sameBackend ? [] : ["tolerance"])];
    const body = rows.filter((r) => r.notebook === notebook).map((r) => [
      r.name, show(r.before), show(r.after), r.difference === undefined ? "" : String(Number(r.difference.toPrecision(4))),
      RESULT[r.status], ...(sameBackend ? [] : [toleranceText(r.tolerance)]),
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const pad = (c: string, i: number) => (i === 0 || i === 4 || i === 5 ? c.padEnd(widths[i]) : c.padStart(widths[i]));
    const line = (cells: string[]) => cells.map(pad).join("  ").trimEnd();
    out.push(`${notebook}:`, line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line), "");
  }
  return out.join("\n");
}

/** The summary stored in metrics.json and shown on the report's cover. */
export function checkSummary(
  rows: CheckRow[],
  o: { sameBackend: boolean; backend: string | null; profile: string; date: Date; models?: CheckSummary["models"] },
): CheckSummary {
  const count = (s: CheckRow["status"]) => rows.filter((r) => r.status === s).length;
  const differences = rows
    .filter((r) => r.status === "differs" || r.status === "missing" || r.status === "new")
    .map(({ notebook, name, before, after, status }) => ({ notebook, name, before, after, status }));
  return {
    date: o.date.toISOString(), backend: o.backend, sameBackend: o.sameBackend, profile: o.profile,
    values: rows.length - count("timing"), identical: count("identical"), within: count("within"), timings: count("timing"),
    ...(o.models ? { models: o.models } : {}), passed: differences.length === 0, differences,
  };
}

/** What the rerun trained: `, 2 models retrained` (and `and 1 loaded` should it have loaded any); empty for older checks. */
function modelsText(m: CheckSummary["models"]): string {
  if (!m) return "";
  const retrained = m.retrained === 0 ? "no model trained" : `${m.retrained} model${m.retrained === 1 ? "" : "s"} retrained`;
  return `, ${retrained}${m.loaded ? ` and ${m.loaded} loaded` : ""}`;
}

/** One line: `checked: rerun from scratch on DATE on BACKEND, N models retrained, M values, all identical` (or what differed). */
export function checkLine(c: CheckSummary): string {
  const on = `rerun from scratch on ${c.date.slice(0, 10)} on ${c.backend ?? "an unreported backend"}${modelsText(c.models)}`;
  if (!c.passed) {
    const first = c.differences.slice(0, 3).map((d) => `${d.notebook} ${d.name}`).join(", ");
    const more = c.differences.length > 3 ? ", ..." : "";
    return `check failed: ${on}, ${c.differences.length} of ${c.values} values differ or are missing (${first}${more})`;
  }
  if (c.values === 0) return `checked: ${on}; the notebooks record no values to compare`;
  const how = c.within ? `${c.identical} identical, ${c.within} within the cross-backend tolerances` : "all identical";
  return `checked: ${on}, ${c.values} values, ${how}${c.timings ? ` (${c.timings} timings shown, not compared)` : ""}`;
}
