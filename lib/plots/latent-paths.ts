import { Figure, Trace } from "./figure";
import { latentScatter, LatentScatterData, LatentScatterOptions } from "./latent-scatter";

/** A path through a 2-D latent space, e.g. the straight line between two test images' codes. */
export interface LatentPath {
  /** Legend entry, e.g. "3 → 8". */
  label: string;
  /** Points [x, y] along the path, in order. */
  points: number[][];
}

/**
 * A 2-D latent scatter (see {@link latentScatter}) with paths drawn over it in black, each ending
 * in a labelled arrow head: where an interpolation goes relative to the codes of the data.
 * @example latentPaths({ codes, labels }, [{ label: "3 → 8", points: path.arraySync() }], { title: "AE codes" })
 */
export function latentPaths(d: LatentScatterData, paths: LatentPath[], o: LatentScatterOptions = {}): Figure {
  const base = latentScatter(d, { markerSize: 3, ...o });
  const dashes = ["solid", "dash", "dot", "dashdot"];
  const lines: Trace[] = paths.map((p, i) => {
    if (p.points.some((q) => q.length !== 2)) throw new Error(`latentPaths: path ${p.label} has points that are not [x, y]`);
    return {
      type: "scatter",
      mode: "lines+markers",
      name: p.label,
      x: p.points.map((q) => round(q[0])),
      y: p.points.map((q) => round(q[1])),
      line: { color: "#111111", width: 2, dash: dashes[i % dashes.length] },
      marker: {
        color: "#111111",
        size: p.points.map((_, k) => (k === 0 || k === p.points.length - 1 ? 9 : 4)),
        symbol: p.points.map((_, k) => (k === p.points.length - 1 ? "triangle-up" : "circle")),
      },
    };
  });
  return new Figure([...base.data, ...lines], base.layout);
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
