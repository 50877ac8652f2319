import type MarkdownIt from "markdown-it";
import { uniqueId, type RenderEnv } from "../core";
import { slug } from "../html";

/** The plain text of a heading's inline tokens (math as its TeX, code as its text). */
export function inlineText(token: MarkdownIt.Token): string {
  return (token.children ?? []).map((t) => (t.type === "softbreak" || t.type === "hardbreak" ? " " : t.content)).join("").trim();
}

/**
 * markdown-it plugin: every heading gets a unique id, `<notebook>--<heading>` as slugs, so the contents
 * and the PDF's links can point at it; headings of level 1 and 2 in markdown cells go into the
 * table of contents.
 */
export function headingsPlugin(md: MarkdownIt): void {
  md.renderer.rules.heading_open = (tokens, i, options, env: RenderEnv, self) => {
    const token = tokens[i];
    const text = inlineText(tokens[i + 1]);
    const id = uniqueId(env, `${slug(env.notebook)}--${slug(text)}`);
    token.attrSet("id", id);
    const level = Number(token.tag.slice(1));
    if (env.collectToc && level <= 2) env.toc.push({ level, id, text, notebook: env.notebook });
    return self.renderToken(tokens, i, options);
  };
}
