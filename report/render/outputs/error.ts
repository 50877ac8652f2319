import type { Plugin } from "../core";
import { escapeHtml, terminalText } from "../html";

/**
 * Error outputs stand out: a heading line `Name: message` and the traceback (escaped, ANSI colours
 * removed, its first line dropped when it repeats the heading).
 */
export const errors: Plugin = (r) => {
  r.rules.error = (_d, out) => {
    if (out.output_type !== "error") return "";
    const title = terminalText(`${out.ename}: ${out.evalue}`).split("\n")[0];
    const lines = terminalText((out.traceback ?? []).join("\n")).replace(/\n+$/, "").split("\n");
    if (lines[0]?.trim() === title.trim()) lines.shift();
    const trace = lines.join("\n").trim() ? `<pre>${escapeHtml(lines.join("\n"))}</pre>` : "";
    return `<div class="output error" role="alert"><p class="error-title">${escapeHtml(title)}</p>${trace}</div>\n`;
  };
};
