import * as fs from "node:fs";

let source: string | undefined;

/** plotly.js (the cartesian bundle) as source text, read once from the installed package. */
export function plotlySource(): string {
  source ??= fs.readFileSync(require.resolve("plotly.js-cartesian-dist-min/plotly-cartesian.min.js"), "utf8");
  return source;
}

/**
 * A script tag that defines `window.Plotly` unless the page already has it. `define`, `module` and
 * `exports` are shadowed so the bundle sets the global even where require.js is loaded (the classic
 * notebook).
 */
export function plotlyLoaderHtml(): string {
  const code = plotlySource().replace(/<\/script/gi, "<\\/script");
  return `<script>if (!window.Plotly) { (function (define, module, exports) {\n${code}\n}).call(window); }</script>`;
}

/**
 * A div and a script that draws a figure with plotly.js once it is available (it may be loaded by an
 * earlier output). `id` must be unique in the page.
 */
export function plotlyDivHtml(id: string, figure: { data: unknown; layout: unknown }): string {
  const layout = figure.layout as { width?: number; height?: number };
  const json = JSON.stringify({ ...figure, config: { responsive: false, displaylogo: false } }).replace(/</g, "\\u003c");
  const style = `width:${layout.width ?? 600}px;height:${layout.height ?? 400}px`;
  return [
    `<div id="${id}" class="vae-lab-figure" style="${style}"></div>`,
    `<script>(function draw(tries) { var f = ${json}; var el = document.getElementById("${id}");`,
    ` if (window.Plotly && el) { window.Plotly.newPlot(el, f.data, f.layout, f.config); }`,
    ` else if (tries < 200) { setTimeout(function () { draw(tries + 1); }, 50); } })(0);</script>`,
  ].join("\n");
}
