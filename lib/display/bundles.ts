import { createHash } from "node:crypto";
import type * as pl from "nodejs-polars";
import type { Figure } from "../plots/figure";
import type { MimeBundle } from "./jupyter";
import { TABLE_MIME, type TableData } from "./mime";
import { plotlyDivHtml, plotlyLoaderHtml } from "./plotly-html";

let figureCount = 0;

/**
 * Makes figure bundles for one notebook session. A bundle holds the plotly JSON (JupyterLab with the
 * plotly extension), an HTML fallback (classic notebook, stock JupyterLab, nbconvert) and a one-line
 * text summary; plotly.js is inlined in the first bundle's HTML only, and later figures of the
 * session draw with it.
 * @example const bundle = figureBundler(); bundle(a); bundle(b); // only a's HTML carries plotly.js
 */
export function figureBundler(): (figure: Figure) => MimeBundle {
  let shipped = false;
  return (figure) => {
    const json = figure.toJSON();
    const id = `vae-lab-fig-${createHash("sha1").update(JSON.stringify(json)).digest("hex").slice(0, 10)}-${++figureCount}`;
    const loader = shipped ? "" : plotlyLoaderHtml();
    shipped = true;
    return {
      "application/vnd.plotly.v1+json": json,
      "text/html": `${loader}${plotlyDivHtml(id, json)}`,
      "text/plain": figureSummary(figure),
    };
  };
}

/** This process's figure bundles: a kernel process is one notebook session (see {@link figureBundler}). */
export const figureBundle = figureBundler();

/** One line describing a figure: title and trace types. */
export function figureSummary(figure: Figure): string {
  const types = [...new Set(figure.data.map((t) => t.type))].join(", ");
  return `Figure: ${figure.title} (${figure.data.length} ${types} trace${figure.data.length === 1 ? "" : "s"})`;
}

export interface TableOptions {
  /** Rows shown at most; the rest are summarised in one line. Default 50. */
  maxRows?: number;
  /** Significant digits of floats. Default 4. */
  digits?: number;
  /** Caption above the table. */
  caption?: string;
}

/** A nodejs-polars DataFrame as a bundle: an HTML table, its text rendering and the table as data (for the report). */
export function dataFrameBundle(df: pl.DataFrame, o: TableOptions = {}): MimeBundle {
  const maxRows = o.maxRows ?? 50;
  const rows = df.head(maxRows).toRecords() as Record<string, unknown>[];
  const table: TableData = {
    ...(o.caption ? { caption: o.caption } : {}),
    columns: df.columns,
    rows: rows.map((r) => df.columns.map((c) => formatValue(r[c], o.digits ?? 4))),
    omitted: Math.max(0, df.height - maxRows),
  };
  const head = table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = table.rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join("")}</tr>`).join("\n");
  const more = table.omitted > 0 ? `<p>… ${table.omitted} more rows (${df.height} in all)</p>` : "";
  const caption = o.caption ? `<caption>${escapeHtml(o.caption)}</caption>` : "";
  return {
    [TABLE_MIME]: table,
    "text/html": `<table class="vae-lab-table">${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>${more}`,
    "text/plain": `${o.caption ? `${o.caption}\n` : ""}${df.toString()}`,
  };
}

/** Formats a table value: floats to `digits` significant digits, null as empty. */
export function formatValue(v: unknown, digits = 4): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : Number(v.toPrecision(digits)).toString();
  return String(v);
}

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
