import type { FactorEffect } from "../eval/codes/control";
import { axis, baseLayout, DIGIT_COLORS, Figure, FigureOptions, Trace, withAlpha } from "./figure";

/** One model's control table. */
export interface ControlSeries {
  model: string;
  effects: FactorEffect[];
}

export interface ControlMapOptions extends FigureOptions {
  /** The change rate that counts as moving (drawn as dashed lines). Default 0.2. */
  threshold?: number;
}

/**
 * The control table as a map: each latent factor of each model is a point at (how often turning it
 * changes the digit, how often it changes the colour), so the four corners read "neither", "digit
 * only", "colour only" and "both". Circles are continuous coordinates, squares categorical variables.
 * @example controlMap([{ model: "joint-vae", effects }])
 */
export function controlMap(series: ControlSeries[], o: ControlMapOptions = {}): Figure {
  if (series.length === 0) throw new Error("controlMap: no models");
  const t = o.threshold ?? 0.2;
  const traces: Trace[] = series.map((s, i) => ({
    type: "scatter",
    mode: "markers",
    name: s.model,
    x: s.effects.map((e) => round(e.digitChange)),
    y: s.effects.map((e) => round(e.colorChange)),
    text: s.effects.map((e) => `${s.model} ${e.factor}: ${e.moves}`),
    hoverinfo: "text",
    marker: {
      color: withAlpha(DIGIT_COLORS[i % DIGIT_COLORS.length], 0.85),
      size: 10,
      symbol: s.effects.map((e) => (e.kind === "continuous" ? "circle" : "square")),
      line: { color: "white", width: 1 },
    },
  }));
  const line = (x0: number, y0: number, x1: number, y1: number) => ({
    type: "line",
    x0,
    y0,
    x1,
    y1,
    line: { dash: "dash", color: "#888888", width: 1 },
  });
  const note = (x: number, y: number, text: string) => ({
    x,
    y,
    text,
    showarrow: false,
    xanchor: x < 0.5 ? "left" : "right",
    font: { color: "#777777", size: 11 },
  });
  return new Figure(traces, baseLayout(o, 660, 520, {
    xaxis: axis("digit changed (fraction of settings)", { range: [-0.03, 1.03] }),
    yaxis: axis("colour changed (fraction of settings)", { range: [-0.03, 1.03] }),
    shapes: [line(t, -0.03, t, 1.03), line(-0.03, t, 1.03, t)],
    annotations: [note(0, t - 0.04, "neither"), note(1, t - 0.04, "digit only"), note(0, 1, "colour only"), note(1, 1, "both")],
    legend: { title: { text: "model (circle: continuous, square: categorical)" } },
  }));
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
