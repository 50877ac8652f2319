import { axis, baseLayout, DIGIT_COLORS, Figure, FigureOptions, Trace } from "./figure";

/** The per-dimension mean and standard deviation of one model's codes (e.g. from `codeMoments`). */
export interface CodeSpreadSeries {
  name: string;
  mean: number[];
  sd: number[];
}

export interface CodeSpreadOptions extends FigureOptions {
  /** Shade the standard normal's mean +- 1 sd band, [-1, 1]. Default true. */
  priorBand?: boolean;
}

/**
 * Codes against the prior, one dimension per column: each series' mean with +- 1 sd error bars, over
 * the N(0, 1) band, so codes that sit off-centre or spread wider or narrower than the prior show at
 * a glance (doc 004: why an autoencoder's decoder fails on N(0, I) draws).
 * @example codeSpreadPlot([{ name: "AE", ...codeMoments(aeCodes) }, { name: "VAE", ...codeMoments(vaeCodes) }])
 */
export function codeSpreadPlot(series: CodeSpreadSeries[], o: CodeSpreadOptions = {}): Figure {
  if (series.length === 0) throw new Error("codeSpreadPlot: no series");
  const dims = series[0].mean.length;
  series.forEach((s) => {
    if (s.mean.length !== dims || s.sd.length !== dims) {
      throw new Error(`codeSpreadPlot: series ${s.name} has ${s.mean.length} means and ${s.sd.length} sds for ${dims} dimensions`);
    }
  });
  const offset = (i: number) => (series.length > 1 ? (i - (series.length - 1) / 2) * (0.6 / series.length) : 0);
  const traces: Trace[] = series.map((s, i) => ({
    type: "scatter",
    mode: "markers",
    name: `${s.name} (mean ± 1 sd)`,
    x: s.mean.map((_, d) => round(d + offset(i))),
    y: s.mean.map(round),
    error_y: {
      type: "data",
      array: s.sd.map(round),
      visible: true,
      color: DIGIT_COLORS[i % DIGIT_COLORS.length],
      thickness: 1.5,
      width: 3,
    },
    marker: { color: DIGIT_COLORS[i % DIGIT_COLORS.length], size: 6 },
  }));
  const shapes = o.priorBand ?? true
    ? [{
        type: "rect",
        xref: "paper",
        x0: 0,
        x1: 1,
        y0: -1,
        y1: 1,
        fillcolor: "#999999",
        opacity: 0.18,
        line: { width: 0 },
        layer: "below",
      }]
    : [];
  if (o.priorBand ?? true) {
    traces.push({
      type: "scatter",
      mode: "lines",
      name: "N(0, 1): mean ± 1 sd",
      x: [null],
      y: [null],
      line: { color: "#bbbbbb", width: 10 },
    });
  }
  return new Figure(traces, baseLayout(o, Math.max(520, 40 * dims + 200), 400, {
    xaxis: axis("latent dimension", { tickmode: "array", tickvals: Array.from({ length: dims }, (_, d) => d), zeroline: false }),
    yaxis: axis("code value"),
    shapes,
    legend: { orientation: "h", y: -0.2 },
  }));
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
