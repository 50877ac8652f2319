import type { EpochRecord, History } from "../train/history";
import { axis, baseLayout, DIGIT_COLORS, Figure, FigureOptions, Trace } from "./figure";

export interface TrainingCurvesOptions extends FigureOptions {
  /** Loss terms to draw, one panel each. Default: every term in the history, then `total`. */
  terms?: string[];
  /** Title of the first panel's y axis. Default "nats per image" (say what else a loss is in, e.g. squared error). */
  yTitle?: string;
}

const LABELS: Record<string, string> = {
  reconstruction: "reconstruction",
  kl: "KL (continuous)",
  klDiscrete: "KL (discrete)",
  total: "total",
};

/**
 * Training curves: one panel per loss term, train (solid) and test (dashed) per epoch, in nats per image.
 * @example trainingCurves(history, { title: "Conv VAE" })
 */
export function trainingCurves(history: History | EpochRecord[], o: TrainingCurvesOptions = {}): Figure {
  const epochs = Array.isArray(history) ? history : history.epochs;
  if (epochs.length === 0) throw new Error("trainingCurves: the history has no epochs");
  const present = Object.keys(epochs[0].train).filter((t) => t !== "total");
  const terms = o.terms ?? [...present, "total"];
  terms.forEach((t) => {
    if (!(t in epochs[0].train)) throw new Error(`trainingCurves: no loss term ${t} (have ${Object.keys(epochs[0].train).join(", ")})`);
  });
  const gap = 0.08;
  const width = (1 - gap * (terms.length - 1)) / terms.length;
  const traces: Trace[] = [];
  const layout: Record<string, unknown> = {};
  const x = epochs.map((e) => e.epoch);
  terms.forEach((term, i) => {
    const suffix = i === 0 ? "" : String(i + 1);
    const color = DIGIT_COLORS[i % DIGIT_COLORS.length];
    const value = (rec: Record<string, number | undefined> | undefined) => (rec && rec[term] !== undefined ? round(rec[term]!) : null);
    const curve = (name: "train" | "test", y: (number | null)[], line: object) => ({
      type: "scatter",
      mode: "lines+markers",
      name,
      legendgroup: name,
      showlegend: i === 0,
      x,
      y,
      xaxis: `x${suffix}`,
      yaxis: `y${suffix}`,
      line,
      marker: { size: 4 },
    });
    traces.push(curve("train", epochs.map((e) => value(e.train)), { color: "#333333" }));
    if (epochs.some((e) => e.test)) traces.push(curve("test", epochs.map((e) => value(e.test)), { color, dash: "dash" }));
    const start = i * (width + gap);
    layout[`xaxis${suffix}`] = axis("epoch", { domain: [start, start + width], anchor: `y${suffix}` });
    layout[`yaxis${suffix}`] = axis(i === 0 ? o.yTitle ?? "nats per image" : "", { anchor: `x${suffix}` });
  });
  const annotations = terms.map((t, i) => ({
    text: LABELS[t] ?? t,
    showarrow: false,
    xref: "paper",
    yref: "paper",
    x: i * (width + gap) + width / 2,
    y: 1.02,
    xanchor: "center",
    yanchor: "bottom",
  }));
  return new Figure(
    traces,
    baseLayout(o, Math.max(420, 260 * terms.length), 340, { ...layout, annotations, legend: { orientation: "h", y: -0.25 } }),
  );
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
