import type { Plugin } from "../core";
import { escapeHtml, textOf } from "../html";
import { numbered } from "../numbering";

/** The image types {@link images} shows, in the order it prefers them. */
export const IMAGE_MIMES = ["image/svg+xml", "image/png", "image/jpeg", "image/gif", "image/webp"];

/**
 * Image outputs, embedded as data URLs (SVG too, inside an `<img>`, where its scripts cannot run):
 * numbered as figures, at the width and height the output's metadata gives, captioned with its
 * `title` metadata when it has one.
 */
export const images: Plugin = (r) => {
  for (const mime of IMAGE_MIMES) {
    r.rules[mime] = (value, out, env) => {
      const text = textOf(value);
      const data = mime === "image/svg+xml" ? Buffer.from(text).toString("base64") : text.replace(/\s+/g, "");
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) throw new Error(`${env.notebook}: invalid ${mime} output: not base64`);
      const meta = (("metadata" in out ? out.metadata?.[mime] : undefined) ?? {}) as { width?: number; height?: number };
      const title = ("metadata" in out ? out.metadata?.title : undefined) as string | undefined;
      const size = (["width", "height"] as const).map((k) => (Number(meta[k]) > 0 ? ` ${k}="${Number(meta[k])}"` : "")).join("");
      const num = numbered(env, "figure", title);
      const img = `<img src="data:${mime};base64,${data}" alt="${escapeHtml(title ?? `Figure ${num.n}`)}"${size}>`;
      return `<figure class="figure image" id="${num.id}">${img}\n${num.caption}\n</figure>\n`;
    };
  }
};
