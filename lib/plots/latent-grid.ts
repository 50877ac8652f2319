import type { FigureOptions } from "./figure";
import { Figure } from "./figure";
import { imageGrid } from "./image-grid";
import type { Images } from "./images";

export interface LatentGridOptions extends FigureOptions {
  /** Latent values of the grid's columns (left to right) and rows (top to bottom), as from `samplers.grid2d`. */
  xs: number[];
  ys: number[];
  /** Integer upscaling. Default 1. */
  scale?: number;
  /** Show every k-th tick. Default: about 8 ticks per axis. */
  tickEvery?: number;
}

/**
 * Images decoded over a 2-D latent grid, tiled without gaps, with both axes in latent units
 * (doc 001's grid over the active range).
 * @example const g = samplers.grid2d(region, 15); latentGrid(model.decode(g.codes), g)
 */
export function latentGrid(images: Images, o: LatentGridOptions): Figure {
  const n = o.xs.length * o.ys.length;
  const [count, h, w] = images.shape;
  if (count !== n) throw new Error(`latentGrid: ${count} images for a ${o.xs.length}x${o.ys.length} grid`);
  const every = o.tickEvery ?? Math.max(1, Math.ceil(o.xs.length / 8));
  const fig = imageGrid([{ images }], { ...o, columns: o.xs.length, padding: 0, scale: o.scale ?? 1, xTitle: "z[0]" });
  const s = o.scale ?? 1;
  const pick = <T>(xs: T[]) => xs.filter((_, i) => i % every === 0);
  const idx = (len: number) => Array.from({ length: len }, (_, i) => i);
  const xaxis = {
    ...(fig.layout.xaxis as object),
    showticklabels: true,
    ticks: "outside",
    tickvals: pick(idx(o.xs.length)).map((i) => (i + 0.5) * w * s),
    ticktext: pick(o.xs).map(fmt),
  };
  const yaxis = {
    ...(fig.layout.yaxis as object),
    title: { text: "z[1]" },
    showticklabels: true,
    ticks: "outside",
    tickvals: pick(idx(o.ys.length)).map((i) => (i + 0.5) * h * s),
    ticktext: pick(o.ys).map(fmt),
  };
  const margin = { ...(fig.layout.margin as object), l: 60, b: 50 };
  return new Figure(fig.data, {
    ...fig.layout,
    xaxis,
    yaxis,
    margin,
    width: (fig.layout.width as number) + 50,
    height: (fig.layout.height as number) + 40,
  });
}

function fmt(v: number): string {
  return Math.abs(v) < 1e-9 ? "0" : v.toFixed(Math.abs(v) >= 10 ? 0 : 1);
}
