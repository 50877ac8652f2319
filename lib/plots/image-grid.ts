import { axis, baseLayout, Figure, FigureOptions } from "./figure";
import { Images, ImageBatch, mosaic, toImageBatch } from "./images";
import { encodePng, pngDataUri } from "./png";

/** One labelled row of an image grid. */
export interface ImageRow {
  /** Shown left of the row, e.g. "original", "N(0, 1)", "AE". */
  label?: string;
  images: Images;
}

export interface ImageGridOptions extends FigureOptions {
  /** Labels under the columns, e.g. interpolation weights or traversal values. */
  columnLabels?: string[];
  /** Axis titles. Default none. */
  xTitle?: string;
  yTitle?: string;
  /** Integer nearest-neighbour upscaling. Default 2. */
  scale?: number;
  /** Pixels between images. Default 1. */
  padding?: number;
  /** Images per row when a single row is wrapped (only with one unlabeled row). Default: all in one row. */
  columns?: number;
}

/**
 * Rows of images as one compact picture (one PNG, one plotly image trace), labelled rows and columns.
 * Colour images are shown in true colour; digits stay crisp (pixel repetition, no smoothing).
 * @example imageGrid([{ label: "original", images: x }, { label: "reconstruction", images: r }])
 */
export function imageGrid(rows: ImageRow[], o: ImageGridOptions = {}): Figure {
  if (rows.length === 0) throw new Error("imageGrid: no rows");
  const batches = rows.map((r) => toImageBatch(r.images));
  const [, h, w, c] = batches[0].shape;
  batches.forEach((b, i) => {
    if (b.shape[1] !== h || b.shape[2] !== w || b.shape[3] !== c) {
      throw new Error(`imageGrid: row ${i} has images of shape ${b.shape.slice(1).join("x")}, row 0 ${h}x${w}x${c}`);
    }
  });
  const wrap = rows.length === 1 && !rows[0].label && o.columns ? o.columns : undefined;
  const columns = wrap ?? Math.max(...batches.map((b) => b.shape[0]));
  const merged = wrap ? batches[0] : padRows(batches, columns);
  const scale = o.scale ?? 2;
  const padding = o.padding ?? 1;
  const m = mosaic(merged, { columns, scale, padding });
  const centre = (i: number, size: number) => (padding + i * (size + padding) + size / 2) * scale;
  const rowLabels = rows.map((r) => r.label ?? "");
  const showRows = !wrap && rowLabels.some(Boolean);
  const trace = {
    type: "image",
    source: pngDataUri(encodePng(m.pixels, m.width, m.height, m.channels)),
    hoverinfo: "skip",
  };
  const left = showRows ? 20 + 7 * Math.max(...rowLabels.map((l) => l.length)) : 10;
  const bottom = o.columnLabels || o.xTitle ? 50 : 10;
  const layout = baseLayout(o, m.width + left + 20, m.height + bottom + (o.title ? 50 : 10), {
    margin: { l: left, r: 20, t: o.title ? 50 : 10, b: bottom },
    xaxis: axis(o.xTitle ?? "", {
      showgrid: false, zeroline: false, range: [0, m.width],
      ...(o.columnLabels
        ? { tickvals: o.columnLabels.map((_, i) => centre(i, w)), ticktext: o.columnLabels }
        : { showticklabels: false, ticks: "" }),
    }),
    yaxis: axis(o.yTitle ?? "", {
      showgrid: false, zeroline: false, range: [m.height, 0], scaleanchor: "x",
      ...(showRows ? { tickvals: rowLabels.map((_, i) => centre(i, h)), ticktext: rowLabels } : { showticklabels: false, ticks: "" }),
    }),
  });
  return new Figure([trace], layout);
}

function padRows(batches: ImageBatch[], columns: number): ImageBatch {
  const [, h, w, c] = batches[0].shape;
  const per = h * w * c;
  const data = new Float32Array(batches.length * columns * per);
  batches.forEach((b, r) => {
    for (let i = 0; i < b.shape[0] * per; i++) data[r * columns * per + i] = b.data[i];
  });
  return { data, shape: [batches.length * columns, h, w, c] };
}
