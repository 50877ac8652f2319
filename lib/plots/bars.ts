import { axis, baseLayout, DIGIT_COLORS, Figure, FigureOptions } from "./figure";

/** One bar series: e.g. the class histogram of samples from one prior. */
export interface BarSeries {
  name: string;
  /** One value per category. */
  values: number[];
}

export interface ClassHistogramOptions extends FigureOptions {
  /** Category names. Default "0".."9". */
  categories?: string[];
  /** Show fractions of each series' total instead of counts. Default true. */
  normalize?: boolean;
  /** Draw a dashed line at the uniform share (1 / categories). Default true when normalised. */
  uniformLine?: boolean;
}

/**
 * Grouped bars of class histograms of generated samples, one series per prior or model, with the
 * uniform share marked (doc 002 saw one digit far too often: this shows it).
 * @example classHistogram([{ name: "N(0,1)", values: counts }])
 */
export function classHistogram(series: BarSeries[], o: ClassHistogramOptions = {}): Figure {
  if (series.length === 0) throw new Error("classHistogram: no series");
  const k = series[0].values.length;
  const categories = o.categories ?? Array.from({ length: k }, (_, i) => String(i));
  series.forEach((s) => {
    if (s.values.length !== categories.length) {
      throw new Error(`classHistogram: series ${s.name} has ${s.values.length} values for ${categories.length} categories`);
    }
  });
  const normalize = o.normalize ?? true;
  const data = series.map((s, i) => {
    const total = s.values.reduce((a, b) => a + b, 0) || 1;
    return {
      type: "bar",
      name: s.name,
      x: categories,
      y: s.values.map((v) => (normalize ? Math.round((v / total) * 1e4) / 1e4 : v)),
      marker: { color: DIGIT_COLORS[i % DIGIT_COLORS.length] },
    };
  });
  const shapes = normalize && (o.uniformLine ?? true)
    ? [{
        type: "line",
        xref: "paper",
        x0: 0,
        x1: 1,
        y0: 1 / categories.length,
        y1: 1 / categories.length,
        line: { dash: "dash", color: "#555555", width: 1 },
      }]
    : [];
  return new Figure(data, baseLayout(o, 620, 360, {
    barmode: "group",
    xaxis: axis("class", { type: "category" }),
    yaxis: axis(normalize ? "fraction of samples" : "samples"),
    shapes,
  }));
}
