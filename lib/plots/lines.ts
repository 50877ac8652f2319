import { axis, baseLayout, DIGIT_COLORS, Figure, FigureOptions, Trace } from "./figure";

/** One line of a {@link lineChart}. */
export interface LineSeries {
  name: string;
  x: number[];
  y: number[];
  /** Which y axis: `left` (default) or `right` (titled by `y2Title`). */
  axis?: "left" | "right";
  /** Dashed instead of solid. Default false. */
  dash?: boolean;
}

/** A vertical line marking one x value, labelled at the top (a chosen value, a published one). */
export interface XMarker {
  x: number;
  label: string;
}

export interface LineChartOptions extends FigureOptions {
  xTitle: string;
  /** Title of the left axis, with its unit. */
  yTitle: string;
  /** Title of the right axis, when a series uses it. */
  y2Title?: string;
  /** A logarithmic x axis (a hyper-parameter grid on a log scale). Default false. */
  logX?: boolean;
  /** Range of the left y axis. Default: plotly's. */
  yRange?: [number, number];
  markers?: XMarker[];
}

/**
 * Lines with markers, one per series, on one or two y axes, with optional vertical markers: a
 * hyper-parameter search's criterion against the value, or a measure along an interpolation path.
 * @example
 * lineChart([{ name: "FD", x: betas, y: fd }], {
 *   xTitle: "beta", yTitle: "Frechet distance", logX: true, markers: [{ x: 0.075, label: "doc 004" }],
 * })
 */
export function lineChart(series: LineSeries[], o: LineChartOptions): Figure {
  if (series.length === 0) throw new Error("lineChart: no series");
  series.forEach((s) => {
    if (s.x.length !== s.y.length) throw new Error(`lineChart: series ${s.name} has ${s.x.length} x and ${s.y.length} y values`);
    if (o.logX && s.x.some((v) => !(v > 0))) throw new Error(`lineChart: series ${s.name} has an x value <= 0 on a log axis`);
  });
  const right = series.some((s) => s.axis === "right");
  const traces: Trace[] = series.map((s, i) => ({
    type: "scatter",
    mode: "lines+markers",
    name: s.name,
    x: s.x,
    y: s.y.map((v) => Math.round(v * 1e4) / 1e4),
    yaxis: s.axis === "right" ? "y2" : "y",
    line: { color: DIGIT_COLORS[i % DIGIT_COLORS.length], dash: s.dash ? "dash" : "solid" },
    marker: { size: 6 },
  }));
  const markers = o.markers ?? [];
  // plotly places shapes at data values but annotations at log10 of them on a log axis
  const annotationX = (x: number) => (o.logX ? Math.log10(x) : x);
  return new Figure(traces, baseLayout(o, 640, 380, {
    xaxis: axis(o.xTitle, o.logX ? { type: "log" } : {}),
    yaxis: axis(o.yTitle, o.yRange ? { range: o.yRange } : {}),
    ...(right ? { yaxis2: axis(o.y2Title ?? "", { overlaying: "y", side: "right", showgrid: false }) } : {}),
    margin: { l: 60, r: right ? 70 : 20, t: o.title ? 60 : 30, b: 50 },
    shapes: markers.map((m) => ({
      type: "line",
      xref: "x",
      yref: "paper",
      x0: m.x,
      x1: m.x,
      y0: 0,
      y1: 1,
      line: { dash: "dot", color: "#555555", width: 1 },
    })),
    annotations: markers.map((m) => ({
      text: m.label,
      x: annotationX(m.x),
      xref: "x",
      y: 1,
      yref: "paper",
      yanchor: "bottom",
      showarrow: false,
      font: { size: 11 },
    })),
    legend: { orientation: "h", y: -0.22 },
  }));
}
