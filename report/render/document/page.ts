import { escapeHtml } from "../html";
import type { RenderEnv } from "../core";
import { katexStylesheet, plotlyScript } from "./assets";
import { STYLE } from "./style";

/**
 * The page's Content-Security-Policy: inline scripts and styles and data URLs only, so neither the
 * report nor any HTML output shown in it (frames inherit the policy) can load anything from anywhere.
 */
export const CSP = [
  "default-src 'none'", "script-src 'unsafe-inline'", "style-src 'unsafe-inline'", "img-src data:", "font-src data:",
  "frame-src 'self'", "base-uri 'none'", "form-action 'none'",
].join("; ");

/**
 * Draws every figure from its JSON with the page's one plotly.js, sizes the sandboxed frames, and
 * publishes `window.vaeLabReport`: `ready`, a promise of the number of figures drawn, settled once
 * every `Plotly.newPlot`, every frame and every font is done (the PDF printer waits for it), and
 * `failed`, the figures plotly could not draw (each also says so in the page, above its caption).
 */
const DRAW = `(function () {
  var figures = Array.prototype.slice.call(document.querySelectorAll("figure.plotly"));
  var failed = [];
  var drawn = figures.map(function (f) {
    return new Promise(function (done) {
      var spec = JSON.parse(f.querySelector("script.plot-data").textContent);
      done(window.Plotly.newPlot(f.querySelector(".plot"), spec.data, spec.layout, spec.config));
    }).catch(function (e) {
      var message = String((e && e.message) || e).split("\\n")[0];
      failed.push({ id: f.id, message: message });
      var note = document.createElement("p");
      note.className = "figure-error";
      note.textContent = "This figure could not be drawn: " + message;
      f.insertBefore(note, f.querySelector("figcaption"));
    });
  });
  var frames = Array.prototype.slice.call(document.querySelectorAll("iframe.frame")).map(function (f) {
    function fit() {
      var d = f.contentDocument;
      if (d && d.documentElement) f.style.height = Math.min(Math.ceil(d.documentElement.getBoundingClientRect().height) + 2, 900) + "px";
    }
    return new Promise(function (done) {
      if (f.contentDocument && f.contentDocument.readyState === "complete") { fit(); done(); }
      f.addEventListener("load", function () { fit(); done(); });
    });
  });
  window.vaeLabReport = {
    figures: figures.length,
    failed: failed,
    ready: Promise.all(drawn.concat(frames))
      .then(function () { return document.fonts.ready; })
      .then(function () { return figures.length - failed.length; }),
  };
})();`;

/** The whole document: head (policy, styles, KaTeX's stylesheet when there is math), body, then plotly.js once and the drawing script. */
export function page(o: { title: string; body: string; env: RenderEnv }): string {
  const math = o.env.uses.has("math") ? `<style>${katexStylesheet()}</style>\n` : "";
  const plotly = o.env.uses.has("plotly") ? `<script>${plotlyScript()}</script>\n` : "";
  return [
    `<!doctype html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="VAE Lab report">`,
    `<title>${escapeHtml(o.title)}</title>`,
    `<style>${STYLE}</style>`,
    `${math}</head>`,
    `<body>`,
    `<main>`,
    o.body,
    `</main>`,
    `${plotly}<script>${DRAW}</script>`,
    `</body>`,
    `</html>`,
    ``,
  ].join("\n");
}
