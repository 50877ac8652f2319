import * as fs from "node:fs";
import * as path from "node:path";
import type MarkdownIt from "markdown-it";
import { warn, type RenderEnv } from "../core";
import { escapeHtml } from "../html";

/** Image types a report embeds, by file extension. */
export const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml",
};

/** The data URL for an image reference, or a reason it cannot be embedded. */
function resolve(src: string, env: RenderEnv): { url: string } | { reason: string } {
  let ref = src;
  try {
    ref = decodeURIComponent(src);
  } catch {
    return { reason: `not a valid URL: ${src}` };
  }
  if (/^data:image\/(png|jpeg|gif|webp);base64,/i.test(ref)) return { url: src };
  if (ref.startsWith("attachment:")) {
    const bundle = env.attachments?.[ref.slice("attachment:".length)];
    const mime = bundle && Object.keys(bundle).find((m) => m.startsWith("image/"));
    if (!bundle || !mime) return { reason: `no attachment ${ref.slice(11)} in the cell` };
    const data = mime === "image/svg+xml" ? Buffer.from(bundle[mime]).toString("base64") : bundle[mime].replace(/\s+/g, "");
    return { url: `data:${mime};base64,${data}` };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith("//")) {
    return { reason: `a remote image is not embedded (the report makes no network request): ${ref}` };
  }
  if (!env.base) return { reason: `a local image cannot be found without the notebook's folder: ${ref}` };
  const file = path.resolve(env.base, ref.split(/[?#]/)[0]);
  const mime = IMAGE_TYPES[path.extname(file).toLowerCase()];
  if (!mime) return { reason: `not an image type the report embeds (${Object.keys(IMAGE_TYPES).join(" ")}): ${ref}` };
  if (!fs.existsSync(file)) return { reason: `image not found: ${file}` };
  return { url: `data:${mime};base64,${fs.readFileSync(file).toString("base64")}` };
}

/**
 * markdown-it plugin: images in markdown are embedded as data, from the cell's attachments
 * (`attachment:name.png`) or from files beside the notebook; a remote or missing image is shown as
 * its alt text with the reason, and said once by the build.
 */
export function imagesPlugin(md: MarkdownIt): void {
  const image = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, i, options, env: RenderEnv, self) => {
    const token = tokens[i];
    const r = resolve(token.attrGet("src") ?? "", env);
    if ("url" in r) {
      token.attrSet("src", r.url);
      return image(tokens, i, options, env, self);
    }
    warn(env, `${env.notebook}: image left out: ${r.reason}`);
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    const reason = escapeHtml(r.reason);
    return `<span class="missing-image" title="${reason}">[image${alt ? `: ${escapeHtml(alt)}` : ""}; ${reason}]</span>`;
  };
}
