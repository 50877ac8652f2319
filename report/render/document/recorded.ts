import { uniqueId, type RenderEnv } from "../core";
import { escapeHtml, slug } from "../html";
import { valueText } from "./format";

const LONG = 240;

/** The values a notebook recorded with `lab.record`, as a table of name and value (long values cut, with their length). */
export function recordedValues(env: RenderEnv, metrics: Record<string, unknown> | undefined): string {
  const id = uniqueId(env, `${slug(env.notebook)}--recorded`);
  const entries = Object.entries(metrics ?? {});
  const head = `<section class="recorded" aria-labelledby="${id}">\n<h3 id="${id}">Recorded values</h3>\n`;
  if (!entries.length) return `${head}<p class="quiet">This notebook recorded no values (<code>lab.record</code>).</p>\n</section>\n`;
  const rows = entries.map(([name, v]) => {
    const text = valueText(v);
    const shown = text.length > LONG ? `${escapeHtml(text.slice(0, LONG))}… <span class="quiet">(${text.length} characters)</span>` : escapeHtml(text);
    return `<tr><td><code>${escapeHtml(name)}</code></td><td class="value">${shown}</td></tr>`;
  });
  return `${head}<table class="values"><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>\n</section>\n`;
}
