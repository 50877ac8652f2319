import type { Figure } from "./figure";
import { imageGrid, ImageGridOptions, ImageRow } from "./image-grid";
import { Images, toImageBatch } from "./images";

/** A labelled set of images, e.g. the samples of one prior or one model. */
export interface ImageGroup {
  label: string;
  images: Images;
}

export interface SampleGridOptions extends Omit<ImageGridOptions, "columns" | "columnLabels"> {
  /** Images shown per group (the first ones). Default 24. */
  perGroup?: number;
  /** Images per row. Default 12. */
  columns?: number;
}

/**
 * Several groups of samples in one grid: each group fills `perGroup / columns` rows, labelled on its
 * first row, so priors or models sit one under another.
 * @example sampleGrid(draws.map((d) => ({ label: d.label, images: d.images })), { perGroup: 36 })
 */
export function sampleGrid(groups: ImageGroup[], o: SampleGridOptions = {}): Figure {
  if (groups.length === 0) throw new Error("sampleGrid: no groups");
  const perGroup = o.perGroup ?? 24;
  const columns = o.columns ?? 12;
  if (!Number.isInteger(perGroup) || perGroup < 1) throw new Error(`invalid perGroup: ${perGroup} (a positive integer)`);
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`invalid columns: ${columns} (a positive integer)`);
  const rows: ImageRow[] = [];
  const firstRows: number[] = [];
  for (const g of groups) {
    firstRows.push(rows.length);
    const batch = toImageBatch(g.images);
    const [n, h, w, c] = batch.shape;
    const per = h * w * c;
    const shown = Math.min(n, perGroup);
    if (shown === 0) throw new Error(`sampleGrid: group ${g.label} has no images`);
    for (let start = 0; start < shown; start += columns) {
      const count = Math.min(columns, shown - start);
      const data = Float32Array.from({ length: count * per }, (_, i) => batch.data[start * per + i]);
      rows.push({ label: start === 0 ? g.label : "", images: { data, shape: [count, h, w, c] } });
    }
  }
  const { perGroup: _p, columns: _c, ...grid } = o;
  const fig = imageGrid(rows, grid);
  // one label per group, centred on its rows
  const y = fig.layout.yaxis as { tickvals: number[] };
  const centres = firstRows.map((start, i) => {
    const end = (firstRows[i + 1] ?? rows.length) - 1;
    return (y.tickvals[start] + y.tickvals[end]) / 2;
  });
  fig.layout.yaxis = { ...y, tickvals: centres, ticktext: groups.map((g) => g.label), ticks: "" };
  return fig;
}
