import type { CodeCell, Notebook } from "../../notebook";
import { cellNotes, promptOf } from "../cells";
import { escapeHtml, textOf } from "../html";

/** Where the code appendix is and what it is called. */
export const APPENDIX = { id: "appendix-code", title: "Appendix: code" };

/**
 * The code appendix, printed at the end of the PDF in place of the folded code cells (hidden on
 * screen, where each cell unfolds in place): every notebook's code cells with their prompts.
 */
export function codeAppendix(notebooks: { id: string; name: string; title: string; nb: Notebook }[]): string {
  const parts = notebooks.map(({ id, name, title, nb }) => {
    const listings = nb.cells
      .filter((c): c is CodeCell => c.cell_type === "code" && textOf(c.source).trim() !== "")
      .map((c) => {
        const notes = cellNotes(c).map((n) => ` <span class="cell-note">${escapeHtml(n)}</span>`).join("");
        const listing = `<pre><code>${escapeHtml(textOf(c.source).replace(/\s+$/, ""))}</code></pre>`;
        return `<div class="listing"><p class="prompt">${escapeHtml(promptOf(c))}${notes}</p>${listing}</div>`;
      });
    const heading = `<h2 id="${escapeHtml(id)}">${escapeHtml(title)} <span class="file">${escapeHtml(name)}.ipynb</span></h2>`;
    return `${heading}\n${listings.join("\n")}`;
  });
  return [
    `<section class="appendix" id="${APPENDIX.id}" aria-labelledby="${APPENDIX.id}-title">`,
    `<h1 id="${APPENDIX.id}-title">${APPENDIX.title}</h1>`,
    parts.join("\n"),
    `</section>`,
  ].join("\n");
}
