/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** An nbformat multi-line string (a string or an array of lines) as one string. */
export function textOf(s: unknown): string {
  if (Array.isArray(s)) return s.join("");
  return typeof s === "string" ? s : s == null ? "" : String(s);
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/**
 * Text as a terminal would leave it: ANSI escapes (colours, cursor moves) removed and, on each line,
 * only what follows the last carriage return (a progress bar's final state).
 */
export function terminalText(s: string): string {
  return s
    .replace(ANSI, "")
    .replace(/\r\n/g, "\n")
    .split("\n")
    .map((line) => line.slice(line.lastIndexOf("\r") + 1))
    .join("\n");
}

/** Lines of text output a report shows at most; longer output keeps its first and last halves. */
export const MAX_LINES = 200;

/**
 * Preformatted, escaped terminal text in a `<pre>` with the given classes ("" when the text is
 * empty); past `maxLines` lines, the middle is left out with a line saying how much.
 */
export function pre(text: string, classes: string, maxLines = MAX_LINES): string {
  const t = terminalText(text).replace(/\n+$/, "");
  if (!t) return "";
  const lines = t.split("\n");
  if (lines.length <= maxLines) return `<pre class="${classes}">${escapeHtml(t)}</pre>\n`;
  const half = Math.max(1, Math.floor(maxLines / 2));
  const cut = `<span class="clipped">… ${lines.length - 2 * half} lines left out here (the executed notebook has them all) …</span>`;
  const [head, tail] = [lines.slice(0, half), lines.slice(-half)].map((part) => escapeHtml(part.join("\n")));
  return `<pre class="${classes}">${head}\n${cut}\n${tail}</pre>\n`;
}

/** Plain text of a plotly title: its line breaks (`<br>`) as spaces and its styling tags (`<b>`, `<sup>`, ...) dropped; other text kept. */
export function plainTitle(s: string): string {
  return s.replace(/<br\s*\/?>/gi, " ").replace(/<\/?(b|i|em|strong|sup|sub|s|u|span|a)(\s[^>]*)?>/gi, "").replace(/\s+/g, " ").trim();
}

/** A fragment id made of lower-case letters, digits and dashes, e.g. `Train, or load` → `train-or-load`. */
export function slug(s: string): string {
  return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "section";
}

/** JSON safe inside a `<script>` element (no `</script>`, no `<!--`). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
