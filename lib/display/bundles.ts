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

/**
 * A nodejs-polars DataFrame as a bundle: an HTML table, its text rendering and the table as data (for
 * the report). A table too wide for a page (more than {@link PAGE_CHARACTERS} characters of cells, as
 * a metrics table of a few models with many measures) is shown turned: one row per column, one column
 * per row, headed by the first column's values, when that is narrower.
 */
export function dataFrameBundle(df: pl.DataFrame, o: TableOptions = {}): MimeBundle {
  const maxRows = o.maxRows ?? 50;
  const rows = df.head(maxRows).toRecords() as Record<string, unknown>[];
  const cells = rows.map((r) => df.columns.map((c) => formatValue(r[c], o.digits ?? 4)));
  const table: TableData = {
    ...(o.caption ? { caption: o.caption } : {}),
    ...fitted(df.columns, cells),
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

/** Characters of cells (and their padding) a table may span before it is shown turned. */
export const PAGE_CHARACTERS = 100;

/** The characters a table's widest cells span, three of padding per column. */
function tableWidth(columns: string[], rows: string[][]): number {
  return columns.reduce((w, c, j) => w + Math.max(c.length, ...rows.map((r) => r[j].length)) + 3, 0);
}

/** The table as given, or turned (columns as rows, headed by the first column) when it is too wide and that is narrower. */
function fitted(columns: string[], rows: string[][]): { columns: string[]; rows: string[][] } {
  if (columns.length < 3 || rows.length === 0 || tableWidth(columns, rows) <= PAGE_CHARACTERS) return { columns, rows };
  const turned = {
    columns: [columns[0] === "name" ? "measure" : columns[0], ...rows.map((r) => r[0])],
    rows: columns.slice(1).map((c, j) => [c, ...rows.map((r) => r[j + 1])]),
  };
  return tableWidth(turned.columns, turned.rows) < tableWidth(columns, rows) ? turned : { columns, rows };
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
