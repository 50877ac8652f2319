import type { Plugin } from "../core";
import { escapeHtml, textOf } from "../html";

/**
 * Any other `text/html` output (not one of VAE Lab's figures or tables): shown inside a sandboxed
 * frame. The sandbox has no `allow-scripts`, so nothing in it runs; `allow-same-origin` only lets
 * the page size the frame to its content. The page's Content-Security-Policy also holds inside it,
 * so it loads nothing from the network.
 */
export const frames: Plugin = (r) => {
  r.rules["text/html"] = (value, _out, env) => {
    env.uses.add("frames");
    const style = `<style>body{margin:0;padding:0.4em 0.7em;font:14px/1.4 system-ui,sans-serif}</style>`;
    const doc = `<!doctype html><meta charset="utf-8">${style}${textOf(value)}`;
    const frame = `<iframe class="output frame" sandbox="allow-same-origin" title="HTML output, shown without its scripts"`;
    return `${frame} srcdoc="${escapeHtml(doc)}"></iframe>\n`;
  };
};
