import { PALETTE } from "../data/colored";
import { axis, baseLayout, DIGIT_COLORS, Figure, FigureOptions, Trace, withAlpha } from "./figure";

export interface LatentScatterData {
  /** 2-D codes, row-major [n, 2] (encoded test means, or a PCA projection of them). */
  codes: ArrayLike<number>;
  /** The class of each point: a digit, or a palette index for coloured MNIST. */
  labels: ArrayLike<number>;
}

export interface LatentScatterOptions extends FigureOptions {
  /** Colour points by `digit` (ten colours, legend 0-9) or by `palette` colour (coloured MNIST). Default `digit`. */
  colorBy?: "digit" | "palette";
  /** When the codes are a PCA projection: the explained-variance ratio of the two components, shown in the axis titles. */
  pca?: [number, number];
  /** Plot at most this many points (the first ones). Default 5000. */
  maxPoints?: number;
  /** Marker size in pixels. Default 4. */
  markerSize?: number;
}

/**
 * Latent codes of test images in 2-D, one trace (and legend entry) per class.
 * @example latentScatter({ codes, labels }, { title: "Dense VAE: test means" })
 */
export function latentScatter(d: LatentScatterData, o: LatentScatterOptions = {}): Figure {
  const n = Math.min(d.labels.length, d.codes.length / 2, o.maxPoints ?? 5000);
  if (d.codes.length !== 2 * d.labels.length) throw new Error(`latentScatter: ${d.codes.length / 2} codes for ${d.labels.length} labels`);
  const byPalette = o.colorBy === "palette";
  const classes = byPalette ? PALETTE.length : 10;
  const traces: Trace[] = [];
  for (let k = 0; k < classes; k++) {
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      if (d.labels[i] !== k) continue;
      x.push(round(d.codes[2 * i]));
      y.push(round(d.codes[2 * i + 1]));
    }
    if (x.length === 0) continue;
    const color = byPalette ? `rgb(${PALETTE[k].rgb.join(",")})` : DIGIT_COLORS[k];
    traces.push({
      type: "scatter",
      mode: "markers",
      name: byPalette ? PALETTE[k].name : String(k),
      x,
      y,
      marker: { color: withAlpha(color, 0.7), size: o.markerSize ?? 4 },
    });
  }
  const [xt, yt] = o.pca
    ? [`PC 1 (${(100 * o.pca[0]).toFixed(1)}% of variance)`, `PC 2 (${(100 * o.pca[1]).toFixed(1)}% of variance)`]
    : ["z[0]", "z[1]"];
  return new Figure(traces, baseLayout(o, 620, 520, {
    xaxis: axis(xt),
    yaxis: axis(yt),
    legend: { title: { text: byPalette ? "colour" : "digit" }, itemsizing: "constant" },
  }));
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
