import { PLOTLY_MIME } from "../../../lib/display/mime";
import type { Plugin } from "../core";
import { plainTitle, scriptJson } from "../html";
import { numbered } from "../numbering";

/** Options of {@link figures}. */
export interface FigureOptions {
  /** Width and height in CSS pixels that a printed page leaves for a figure; larger figures are scaled down to fit in print. */
  printWidth: number;
  printHeight: number;
}

interface PlotlyFigure {
  data: unknown[];
  layout?: Record<string, unknown>;
}

function titleText(layout: Record<string, unknown>): string {
  const t = layout.title as { text?: unknown } | string | undefined;
  return String((typeof t === "string" ? t : t?.text) ?? "");
}

/**
 * Plotly figures (VAE Lab's figure bundles), drawn from their JSON by the page's one copy of
 * plotly.js (never from the bundle's HTML): numbered, captioned below with the figure's title
 * (which leaves the plot, so it is not said twice), at the size the figure sets (in print, scaled
 * down to fit the page when larger).
 */
export const figures: Plugin<FigureOptions> = (r, o) => {
  r.rules[PLOTLY_MIME] = (value, _out, env) => {
    const fig = value as PlotlyFigure;
    if (!fig || !Array.isArray(fig.data)) throw new Error(`${env.notebook}: invalid ${PLOTLY_MIME} output: no data array`);
    const layout = { ...(fig.layout ?? {}) };
    const title = titleText(layout);
    if (layout.title) layout.title = { ...(typeof layout.title === "object" ? layout.title : {}), text: "" };
    const width = Number(layout.width) || 700;
    const height = Number(layout.height) || 450;
    Object.assign(layout, { width, height });
    const num = numbered(env, "figure", plainTitle(title));
    env.uses.add("plotly");
    const zoom = Math.min(1, o.printWidth / width, o.printHeight / height);
    const spec = { data: fig.data, layout, config: { displaylogo: false, responsive: false, modeBarButtonsToRemove: ["sendDataToCloud"] } };
    return [
      `<figure class="figure plotly" id="${num.id}">`,
      `<div class="plot" style="width:${width}px;height:${height}px;--print-zoom:${+zoom.toFixed(4)}"></div>`,
      `<script type="application/json" class="plot-data">${scriptJson(spec)}</script>`,
      num.caption,
      `</figure>\n`,
    ].join("\n");
  };
};
