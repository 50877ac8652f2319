import type * as pl from "nodejs-polars";

/** One row of a metrics table: a name (model, run, sampler...) and its scalar metrics. */
export interface MetricRow {
  name: string;
  /** Any metric result object; its number, string and boolean fields become columns, the rest is skipped. */
  metrics: object;
}

/**
 * A DataFrame with one row per named metric set: column `name`, then the union of the scalar
 * metric fields in first-seen order (null where a row lacks one). Arrays and nested objects
 * (histograms, per-dim variances) are left out; flatten them first if a table needs them.
 * @example metricsFrame([{ name: "ae", metrics: aeProbe }, { name: "vae", metrics: vaeProbe }])
 */
export function metricsFrame(rows: MetricRow[]): pl.DataFrame {
  const p: typeof pl = require("nodejs-polars");
  const columns: string[] = [];
  const scalars = rows.map((row) => {
    if (typeof row.name !== "string") throw new Error(`metric row name must be a string, got ${JSON.stringify(row.name)}`);
    const out: Record<string, number | string | boolean> = {};
    for (const [k, v] of Object.entries(row.metrics)) {
      if (k === "name") throw new Error(`metric field "name" clashes with the row name (row ${row.name})`);
      if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") {
        out[k] = v;
        if (!columns.includes(k)) columns.push(k);
      }
    }
    return out;
  });
  const data: Record<string, unknown[]> = { name: rows.map((r) => r.name) };
  for (const c of columns) data[c] = scalars.map((s) => (c in s ? s[c] : null));
  return p.DataFrame(data);
}
