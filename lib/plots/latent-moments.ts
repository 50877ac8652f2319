import type { AggregatePosterior } from "../eval/codes/aggregate-posterior";
import { axis, baseLayout, DIGIT_COLORS, Figure, FigureOptions, Trace } from "./figure";

/** A prior's per-coordinate moments, drawn as reference lines. */
export interface PriorLine {
  label: string;
  mean: number;
  variance: number;
}

/**
 * The aggregate posterior per latent dimension against priors: left, each dimension's mean; right,
 * its variance (log scale) split into the part that moves with the image, Var_x(mu), and the total;
 * dimensions sorted by Var_x(mu), most active first; each prior a dashed line in both panels.
 * @example aggregatePosteriorPlot(aggregatePosterior(vae, test), priors.map((p) => ({ label: priorLabel(p), ...priorMoments(p) })))
 */
export function aggregatePosteriorPlot(agg: AggregatePosterior, priors: PriorLine[], o: FigureOptions = {}): Figure {
  const order = agg.meanVariance.map((_, d) => d).sort((a, b) => agg.meanVariance[b] - agg.meanVariance[a]);
  const x = order.map((_, i) => i + 1);
  const pick = (values: number[]) => order.map((d) => round(values[d]));
  const activeText = order.map((d) => `dimension ${d} (${agg.active[d] ? "active" : "inactive"})`);
  const points = (name: string, y: number[], color: string, panel: "" | "2", symbol = "circle", showlegend = true): Trace => ({
    type: "scatter", mode: "markers", name, x, y, text: activeText, xaxis: `x${panel}`, yaxis: `y${panel}`,
    marker: { color, size: 5, symbol }, legendgroup: name, showlegend,
  });
  const codes = "encoded codes (aggregate posterior)";
  const traces: Trace[] = [
    points(codes, pick(agg.mean), "#333333", ""),
    points(codes, pick(agg.variance), "#333333", "2", "circle", false),
    points("variance of the posterior mean, Var(mu)", pick(agg.meanVariance.map((v) => Math.max(v, 1e-6))), "#bbbbbb", "2", "diamond"),
  ];
  priors.forEach((p, i) => {
    const line = { color: DIGIT_COLORS[i % DIGIT_COLORS.length], dash: "dash", width: 1.5 };
    const ends = [0.5, agg.dims + 0.5];
    traces.push({
      type: "scatter",
      mode: "lines",
      name: p.label,
      x: ends,
      y: [p.mean, p.mean],
      line,
      legendgroup: p.label,
      hoverinfo: "name",
    });
    traces.push({
      type: "scatter",
      mode: "lines",
      name: p.label,
      x: ends,
      y: [p.variance, p.variance],
      line,
      legendgroup: p.label,
      showlegend: false,
      xaxis: "x2",
      yaxis: "y2",
      hoverinfo: "name",
    });
  });
  const activeEdge = agg.activeCount + 0.5;
  const shapes = agg.activeCount > 0 && agg.activeCount < agg.dims
    ? ["", "2"].map((panel) => ({
        type: "line",
        xref: `x${panel}`,
        yref: `y${panel} domain`,
        x0: activeEdge,
        x1: activeEdge,
        y0: 0,
        y1: 1,
        line: { color: "#999999", width: 1, dash: "dot" },
      }))
    : [];
  return new Figure(traces, baseLayout(o, 900, 420, {
    xaxis: axis("latent dimension, most active first", { domain: [0, 0.44] }),
    yaxis: axis("mean"),
    xaxis2: axis("latent dimension, most active first", { domain: [0.56, 1], anchor: "y2" }),
    yaxis2: axis("variance (log scale)", { type: "log", dtick: 1, anchor: "x2" }),
    legend: { orientation: "h", y: -0.22 },
    margin: { l: 60, r: 20, t: o.title ? 50 : 20, b: 110 },
    shapes,
    annotations: agg.activeCount > 0 && agg.activeCount < agg.dims
      ? [{
          text: `${agg.activeCount} active`,
          xref: "x2",
          yref: "y2 domain",
          x: activeEdge,
          y: 1,
          xanchor: "left",
          yanchor: "top",
          showarrow: false,
          font: { size: 11, color: "#666666" },
        }]
      : [],
  }));
}

function round(v: number): number {
  return Number(v.toPrecision(5));
}
