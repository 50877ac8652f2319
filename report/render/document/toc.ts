import type { TocEntry } from "../core";
import { escapeHtml } from "../html";

/** One notebook in the contents: its title (linking to its section) and its level-2 headings. */
export interface TocNotebook {
  id: string;
  title: string;
  sections: TocEntry[];
  failed: boolean;
}

/**
 * The table of contents: each notebook with its sections, then the code appendix (printed only).
 * Its links are internal anchors, which Chromium prints as links to their pages.
 */
export function toc(notebooks: TocNotebook[], appendix: { id: string; title: string } | undefined): string {
  const item = (id: string, text: string, inner = "", cls = "") =>
    `<li${cls ? ` class="${cls}"` : ""}><a href="#${escapeHtml(id)}">${escapeHtml(text)}</a>${inner}</li>`;
  const items = notebooks.map((nb) => {
    const sections = nb.sections.length ? `<ol>${nb.sections.map((s) => item(s.id, s.text)).join("")}</ol>` : "";
    return item(nb.id, nb.title + (nb.failed ? " (failed)" : ""), sections);
  });
  if (appendix) items.push(item(appendix.id, appendix.title, "", "print-only"));
  const heading = `<h2 id="contents-title">Contents</h2>`;
  return `<nav class="toc" id="contents" aria-labelledby="contents-title">\n${heading}\n<ol>\n${items.join("\n")}\n</ol>\n</nav>`;
}
