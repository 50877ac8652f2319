import { uniqueId, type RenderEnv } from "./core";
import { escapeHtml } from "./html";

/** The kinds of numbered things and how captions name them. */
export const NUMBERED = { figure: { label: "Figure", id: "fig" }, table: { label: "Table", id: "tab" } } as const;

/** A numbered figure or table: its number, its id in the page and its caption's HTML. */
export interface Numbered {
  n: number;
  id: string;
  caption: string;
}

/**
 * The next number of `kind` in the report (figures and tables count separately, from 1) and the
 * caption made from `title` (plain text, escaped here):
 * `<figcaption><span class="label">Figure 3.</span> Title</figcaption>`.
 */
export function numbered(env: RenderEnv, kind: keyof typeof NUMBERED, title: string | undefined): Numbered {
  const n = (env.counters[kind] = (env.counters[kind] ?? 0) + 1);
  const id = uniqueId(env, `${NUMBERED[kind].id}-${n}`);
  const text = (title ?? "").trim();
  const caption = `<figcaption><span class="label">${NUMBERED[kind].label} ${n}.</span>${text ? ` ${escapeHtml(text)}` : ""}</figcaption>`;
  return { n, id, caption };
}
