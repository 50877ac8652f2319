import type { Plugin } from "../core";
import { escapeHtml, pre, textOf } from "../html";

/**
 * Plain results: `text/markdown` rendered as markdown (raw HTML in it shown as text),
 * `application/json` pretty-printed, `text/plain` as escaped preformatted text.
 */
export const texts: Plugin = (r) => {
  r.rules["text/markdown"] = (value, _out, env) => {
    const collect = env.collectToc;
    env.collectToc = false;
    try {
      return `<div class="output markdown">\n${r.markdown(textOf(value), env)}</div>\n`;
    } finally {
      env.collectToc = collect;
    }
  };
  r.rules["application/json"] = (value) => `<pre class="output json">${escapeHtml(JSON.stringify(value, null, 2))}</pre>\n`;
  r.rules["text/plain"] = (value) => pre(textOf(value), "output text");
};
