import type { CodeCell } from "../notebook";
import type { Plugin } from "./core";
import { escapeHtml, textOf } from "./html";

/** The tags the runner gives cells, and what a code cell's fold says of them. */
const TAG_NOTES: [string, string][] = [
  ["parameters", "parameters"],
  ["injected-parameters", "parameters set by the build"],
  ["vae-lab-error", "the notebook stopped here"],
];

/** The label of a code cell: `In [3]`, or `In [ ]` for a cell that did not run. */
export function promptOf(cell: CodeCell): string {
  return `In [${cell.execution_count ?? " "}]`;
}

/** What the fold of a code cell says after its prompt: its tags, and "not run" for a cell the run never reached. */
export function cellNotes(cell: CodeCell): string[] {
  const tags = cell.metadata?.tags ?? [];
  const notes = TAG_NOTES.filter(([t]) => tags.includes(t)).map(([, note]) => note);
  if (cell.execution_count === null && cell.outputs.length === 0) notes.push("not run");
  return notes;
}

/**
 * Cells: markdown through markdown-it (its headings into the contents; the runner's error banner
 * as an alert); code folded in a `<details>` (open only where the notebook stopped) followed by its
 * outputs; raw cells left out, as nbconvert's HTML leaves them.
 */
export const cells: Plugin = (r) => {
  r.cellRules.markdown = (cell, env) => {
    const banner = cell.metadata?.tags?.includes("vae-lab-error-banner");
    env.collectToc = !banner;
    env.attachments = "attachments" in cell ? cell.attachments : undefined;
    try {
      const html = r.markdown(textOf(cell.source), env);
      return banner ? `<div class="banner" role="alert">\n${html}</div>\n` : `<div class="cell markdown">\n${html}</div>\n`;
    } finally {
      env.collectToc = false;
      env.attachments = undefined;
    }
  };
  r.cellRules.raw = () => "";
  r.cellRules.code = (cell, env) => {
    const c = cell as CodeCell;
    const source = textOf(c.source).replace(/\s+$/, "");
    const outputs = (c.outputs ?? []).map((o) => r.output(o, env)).join("");
    if (!source && !outputs) return "";
    const failed = c.metadata?.tags?.includes("vae-lab-error");
    const notes = cellNotes(c).map((n) => ` <span class="cell-note">${escapeHtml(n)}</span>`).join("");
    const summary = `<summary><span class="prompt">${escapeHtml(promptOf(c))}</span>${notes}</summary>`;
    const code = `<pre><code>${escapeHtml(source)}</code></pre>`;
    const fold = source ? `<details class="source"${failed ? " open" : ""}>${summary}${code}</details>\n` : "";
    return `<div class="cell code${failed ? " failed" : ""}">\n${fold}${outputs}</div>\n`;
  };
};
