import { RECORD_MIME, type RecordData } from "../../lib/display/mime";
import type { NotebookTiming } from "../metrics";
import type { Notebook } from "../notebook";

/**
 * The values a notebook recorded (`lab.record`), read from its outputs in order: the last value of a
 * name wins, and each name recorded more than once is reported through `say` once.
 */
export function collectRecords(nb: Notebook, label: string, say: (line: string) => void): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const seen = new Map<string, number>();
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    for (const o of cell.outputs) {
      const shown = o.output_type === "display_data" || o.output_type === "execute_result";
      const r = shown ? (o.data[RECORD_MIME] as RecordData | undefined) : undefined;
      if (!r) continue;
      values[r.name] = r.value;
      seen.set(r.name, (seen.get(r.name) ?? 0) + 1);
    }
  }
  for (const [name, n] of seen) if (n > 1) say(`${label}: ${name} was recorded ${n} times; the last value wins`);
  return values;
}

/** Per-cell durations (busy to idle) from nbclient-style cell timing. */
export function cellTimings(nb: Notebook): NotebookTiming["cells"] {
  const out: NotebookTiming["cells"] = [];
  nb.cells.forEach((c, index) => {
    const t = c.metadata.execution;
    if (c.cell_type !== "code" || !t?.["iopub.status.busy"] || !t["iopub.status.idle"]) return;
    out.push({ index, seconds: (Date.parse(t["iopub.status.idle"]) - Date.parse(t["iopub.status.busy"])) / 1000 });
  });
  return out;
}
