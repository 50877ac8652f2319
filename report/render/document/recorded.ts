import { uniqueId, type RenderEnv } from "../core";
import { escapeHtml, slug } from "../html";
import { valueText } from "./format";

const LONG = 240;

/** A record's leaves: objects and arrays of objects opened into dotted paths, arrays of plain values kept whole. */
function leaves(name: string, v: unknown): [string, unknown][] {
  if (Array.isArray(v) && v.some((x) => x !== null && typeof x === "object")) return v.flatMap((x, i) => leaves(`${name}[${i}]`, x));
  if (v !== null && typeof v === "object" && !Array.isArray(v)) return Object.entries(v).flatMap(([k, x]) => leaves(`${name}.${k}`, x));
  return [[name, v]];
}

/** A leaf as text: numbers to six significant digits, inside lists too. */
function leafText(v: unknown): string {
  return Array.isArray(v) ? `[${v.map((x) => (typeof x === "string" ? JSON.stringify(x) : valueText(x))).join(", ")}]` : valueText(v);
}

/**
 * The values a notebook recorded with `lab.record`, as a table of name and value: one row per leaf
 * (`conv.test.total`), numbers to six significant digits, long values cut with their length.
 */
export function recordedValues(env: RenderEnv, metrics: Record<string, unknown> | undefined): string {
  const id = uniqueId(env, `${slug(env.notebook)}--recorded`);
  const entries = Object.entries(metrics ?? {}).flatMap(([name, v]) => leaves(name, v));
  const head = `<section class="recorded" aria-labelledby="${id}">\n<h3 id="${id}">Recorded values</h3>\n`;
  if (!entries.length) return `${head}<p class="quiet">This notebook recorded no values (<code>lab.record</code>).</p>\n</section>\n`;
  const rows = entries.map(([name, v]) => {
    const text = leafText(v);
    const cut = () => `${escapeHtml(text.slice(0, LONG))}… <span class="quiet">(${text.length} characters)</span>`;
    const shown = text.length > LONG ? cut() : escapeHtml(text);
    return `<tr><td><code>${escapeHtml(name)}</code></td><td class="value">${shown}</td></tr>`;
  });
  const table = `<table class="values"><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
  return `${head}${table}\n</section>\n`;
}
