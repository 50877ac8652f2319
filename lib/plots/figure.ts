/** A plotly trace: `type` plus the trace's attributes, as plotly.js takes them. */
export interface Trace {
  type: string;
  [attribute: string]: unknown;
}

/** A plotly layout object. */
export type Layout = Record<string, unknown>;


/**
 * A plotly figure: data and layout, nothing else. Builders return it; rendering happens elsewhere
 * (the display layer registers how a figure shows in a notebook).
 */
export class Figure {
  constructor(
    readonly data: Trace[],
    readonly layout: Layout,
  ) {}

  /** The plotly JSON `{data, layout}`. */
  toJSON(): { data: Trace[]; layout: Layout } {
    return { data: this.data, layout: this.layout };
  }

  /** The figure's title, or "figure". */
  get title(): string {
    const t = this.layout.title as { text?: string } | string | undefined;
    return (typeof t === "string" ? t : t?.text) ?? "figure";
  }
}

/** Options every builder takes. */
export interface FigureOptions {
  /** Title above the plot. */
  title?: string;
  /** Width in CSS pixels; fixed so figures print the same in the report. Default per builder. */
  width?: number;
  /** Height in CSS pixels. Default per builder. */
  height?: number;
}

/** Ten distinct colours for the digits 0-9 (Tableau 10). */
export const DIGIT_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/** The layout every figure starts from: title, fixed size, white background, compact margins. */
export function baseLayout(o: FigureOptions, width: number, height: number, extra: Layout = {}): Layout {
  return {
    title: { text: o.title ?? "", x: 0.02, xanchor: "left" },
    width: o.width ?? width,
    height: o.height ?? height,
    margin: { l: 60, r: 20, t: o.title ? 50 : 20, b: 50 },
    font: { family: "Helvetica, Arial, sans-serif", size: 12 },
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    ...extra,
  };
}

/** An axis with a title and light grid lines. */
export function axis(title: string, extra: Layout = {}): Layout {
  return { title: { text: title }, gridcolor: "#e5e5e5", zerolinecolor: "#bbbbbb", ...extra };
}

/**
 * A colour (`#rrggbb` or `rgb(r, g, b)`) made translucent as `rgba(...)`. Figures use it instead of
 * `marker.opacity`, which Chromium prints as one transparency group per point (a scatter of 5,000
 * points took 2.9 MB of PDF that way, 0.1 MB with rgba colours).
 */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  const rgb = hex ? hex.slice(1).map((h) => parseInt(h, 16)) : /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(color)?.slice(1).map(Number);
  if (!rgb) throw new Error(`withAlpha: unsupported colour ${color} (#rrggbb or rgb(r, g, b))`);
  return `rgba(${rgb.join(",")},${alpha})`;
}
