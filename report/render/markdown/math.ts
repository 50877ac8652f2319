import katex from "katex";
import type MarkdownIt from "markdown-it";
import { warn, type RenderEnv } from "../core";
import { escapeHtml } from "../html";

/** KaTeX's options for the report: HTML for the eye plus MathML for copying and screen readers. */
export const KATEX_OPTIONS = { output: "htmlAndMathml", throwOnError: true, strict: "ignore", trust: false } as const;

/** TeX to KaTeX's HTML; `macros` carries `\gdef` definitions from one formula to the next. */
export function renderTex(tex: string, display: boolean, macros: Record<string, string> = {}): string {
  return katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode: display, macros });
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a;

/**
 * Inline math, as pandoc reads it: `$x$` (the opening `$` followed by a non-space, the closing one
 * preceded by a non-space and not followed by a digit, so `$5 and $6` stays text) and `$$x$$`
 * inside a line (display math). `\$` is a dollar sign.
 */
function mathInline(state: MarkdownIt.StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x24) return false;
  const display = src.charCodeAt(start + 1) === 0x24;
  const marker = display ? "$$" : "$";
  const from = start + marker.length;
  if (!display && (from >= state.posMax || isSpace(src.charCodeAt(from)))) return false;
  let end = from;
  for (;;) {
    end = src.indexOf(marker, end);
    if (end < 0 || end >= state.posMax) return false;
    let slashes = 0;
    while (src.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
    const next = src.charCodeAt(end + 1);
    const closes = slashes % 2 === 0 && (display || (!isSpace(src.charCodeAt(end - 1)) && !(next >= 0x30 && next <= 0x39)));
    if (closes && end > from) break;
    end += 1;
  }
  if (!silent) {
    const token = state.push(display ? "math_inline_display" : "math_inline", "math", 0);
    token.content = src.slice(from, end);
    token.markup = marker;
  }
  state.pos = end + marker.length;
  return true;
}

/** Display math on lines of its own: `$$` ... `$$` (or `$$x$$` alone on a line); it may interrupt a paragraph. */
function mathBlock(state: MarkdownIt.StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (line: number) => state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const first = lineText(startLine);
  if (!first.startsWith("$$")) return false;
  let body: string[];
  let last = startLine;
  const rest = first.slice(2).trimEnd();
  if (rest.length >= 2 && rest.endsWith("$$")) body = [rest.slice(0, -2)];
  else {
    body = rest ? [rest] : [];
    for (last = startLine + 1; last < endLine; last++) {
      const text = lineText(last).trimEnd();
      if (text.endsWith("$$")) break;
      body.push(state.src.slice(state.bMarks[last], state.eMarks[last]));
    }
    if (last >= endLine) return false;
    const tail = lineText(last).trimEnd().slice(0, -2);
    if (tail) body.push(tail);
  }
  if (silent) return true;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = body.join("\n");
  token.markup = "$$";
  token.map = [startLine, last + 1];
  state.line = last + 1;
  return true;
}

function render(tex: string, display: boolean, env: RenderEnv): string {
  env.uses.add("math");
  try {
    return renderTex(tex, display, (env.macros ??= {}));
  } catch (e) {
    warn(env, `${env.notebook}: TeX not rendered: ${(e as Error).message.split("\n")[0]}`);
    return `<code class="math-error" title="${escapeHtml((e as Error).message)}">${escapeHtml(tex)}</code>`;
  }
}

/** markdown-it plugin: `$...$`, `$$...$$` and `$$` blocks rendered by KaTeX at build time. */
export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
  md.renderer.rules.math_inline = (tokens, i, _o, env: RenderEnv) => render(tokens[i].content, false, env);
  md.renderer.rules.math_inline_display = (tokens, i, _o, env: RenderEnv) => render(tokens[i].content, true, env);
  md.renderer.rules.math_block = (tokens, i, _o, env: RenderEnv) => `<div class="math">${render(tokens[i].content, true, env)}</div>\n`;
}
