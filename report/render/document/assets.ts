import * as fs from "node:fs";
import * as path from "node:path";

let plotly: string | undefined;
let katexCss: string | undefined;

/** plotly.js (the cartesian bundle, as the notebooks use) as script text safe inside a `<script>` element. */
export function plotlyScript(): string {
  const file = require.resolve("plotly.js-cartesian-dist-min/plotly-cartesian.min.js");
  plotly ??= fs.readFileSync(file, "utf8").replace(/<\/script/gi, "<\\/script");
  return plotly;
}

/**
 * KaTeX's stylesheet with its fonts inlined as WOFF2 data, so math looks the same everywhere and the
 * page requests no font. Throws if KaTeX's CSS no longer names its fonts as this expects.
 */
export function katexStylesheet(): string {
  if (katexCss) return katexCss;
  const dist = path.dirname(require.resolve("katex/dist/katex.min.css"));
  const fontSource = /src:url\(fonts\/([\w-]+)\.woff2\) format\("woff2"\)[^;}]*/g;
  const css = fs.readFileSync(path.join(dist, "katex.min.css"), "utf8").replace(fontSource, (_m, font: string) => {
    const data = fs.readFileSync(path.join(dist, "fonts", `${font}.woff2`)).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
  const left = css.match(/url\((?!data:)[^)]*\)/);
  if (left) throw new Error(`katex.min.css: cannot inline ${left[0]} (expected fonts/NAME.woff2 first in each src)`);
  katexCss = css;
  return css;
}
