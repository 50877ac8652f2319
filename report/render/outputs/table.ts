import { TABLE_MIME, type TableData } from "../../../lib/display/mime";
import type { Plugin } from "../core";
import { escapeHtml } from "../html";
import { numbered } from "../numbering";

const NUMBER = /^[-+−]?(\d[\d,]*\.?\d*|\.\d+)(e[-+]?\d+)?\s*%?$|^(NaN|-?Infinity)$/i;

/** A table's HTML from its data: escaped cells, columns of numbers aligned right. */
export function tableHtml(columns: string[], rows: string[][]): string {
  const numeric = columns.map((_, j) => rows.some((row) => row[j]) && rows.every((row) => !row[j] || NUMBER.test(row[j])));
  const cls = (j: number) => (numeric[j] ? ` class="num"` : "");
  const head = columns.map((c, j) => `<th${cls(j)}>${escapeHtml(c)}</th>`).join("");
  const body = rows.map((row) => `<tr>${columns.map((_, j) => `<td${cls(j)}>${escapeHtml(row[j] ?? "")}</td>`).join("")}</tr>`).join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/**
 * Tables (VAE Lab's table bundles), rebuilt from their data and never from the bundle's HTML:
 * numbered, captioned above, with the count of rows left out.
 */
export const tables: Plugin = (r) => {
  r.rules[TABLE_MIME] = (value, _out, env) => {
    const t = value as TableData;
    if (!t || !Array.isArray(t.columns) || !Array.isArray(t.rows) || t.rows.some((row) => !Array.isArray(row))) {
      throw new Error(`${env.notebook}: invalid ${TABLE_MIME} output: expected {columns: string[], rows: string[][]}`);
    }
    const num = numbered(env, "table", t.caption);
    const columns = t.columns.map(String);
    const rows = t.rows.map((row) => row.map((v) => String(v ?? "")));
    const count = `${t.omitted} more row${t.omitted === 1 ? "" : "s"} (${rows.length + t.omitted} in all)`;
    const more = t.omitted > 0 ? `\n<p class="omitted">… ${count}</p>` : "";
    const table = `<div class="scroll">${tableHtml(columns, rows)}</div>`;
    return `<figure class="table" id="${num.id}">\n${num.caption}\n${table}${more}\n</figure>\n`;
  };
};
