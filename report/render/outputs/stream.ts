import type { Plugin } from "../core";
import { escapeHtml, MAX_LINES, pre, terminalText, textOf } from "../html";

/** Options of {@link streams}. */
export interface StreamOptions {
  /**
   * Stderr lines that are notes of the lib, not errors: each match is removed from its line and the
   * rest shown as a quiet note. Default `[/^vae-lab: /]` (what `warnOnce` and the backend picker write).
   */
  notes?: RegExp[];
  /** Lines shown at most per block; longer output keeps its first and last halves. Default {@link MAX_LINES}. */
  maxLines?: number;
}

/**
 * Stream outputs: stdout as preformatted text; stderr split into the lib's notes (quiet) and the
 * rest (marked as stderr). Text is escaped; ANSI escapes and overwritten progress lines are dropped;
 * a long log keeps its first and last lines.
 */
export const streams: Plugin<StreamOptions> = (r, o) => {
  const notes = o.notes ?? [/^vae-lab: /];
  const max = o.maxLines ?? MAX_LINES;
  r.rules.stream = (_d, out) => {
    if (out.output_type !== "stream") return "";
    const text = textOf(out.text);
    if (out.name !== "stderr") return pre(text, "output stdout", max);
    let html = "";
    let other: string[] = [];
    const flush = () => {
      html += pre(other.join("\n"), "output stderr", max);
      other = [];
    };
    for (const line of terminalText(text).split("\n")) {
      const note = notes.find((re) => re.test(line));
      if (!note) {
        other.push(line);
        continue;
      }
      flush();
      html += `<p class="output note">${escapeHtml(line.replace(note, ""))}</p>\n`;
    }
    flush();
    return html;
  };
};
