import * as tf from "@tensorflow/tfjs-core";
import { readValues } from "../../backend/read";
import { select, type ImageDataset } from "../../data/dataset";
import { batches } from "../../data/batches";
import { factorSweep, latentFactors, planeCodes, type LatentFactor } from "../../models/latents/factors";
import type { LatentModel } from "../../models/model";
import { activeRegion, grid2d } from "../../models/samplers";
import { deriveSeed } from "../../util/random";
import type { Rows } from "../stats/batched";
import { latentCodes } from "./codes";
import { factorValues } from "./control";
import { classCounts } from "./latent-usage";
import { pca } from "./pca";

/** Images as plain data, values in [0, 1], [n, H, W, C] (what the image figures take). */
export interface ImagesData {
  data: Float32Array;
  shape: [number, number, number, number];
}

/** Codes in 2-D for a scatter plot: the code itself when it has two columns, else its PCA projection. */
export interface PlanarCodes {
  /** Row-major [n, 2]. */
  codes: Float32Array;
  /** Explained-variance ratios of the two components when projected. */
  pca?: [number, number];
}

/** Codes [N, D] in 2-D: as they are for D = 2, else projected on their two leading principal components. */
export function planarCodes(codes: Rows): PlanarCodes {
  if (codes.cols === 2) return { codes: codes.values.slice(0, 2 * codes.rows) };
  const p = pca(codes, { components: 2 });
  return { codes: Float32Array.from(p.coords.flat()), pca: [p.explainedVarianceRatio[0], p.explainedVarianceRatio[1]] };
}

export interface LatentViewOptions {
  /** Seed of the prior samples. */
  seed: number;
  /** Test images shown with their reconstructions, and prior samples shown. Default 10 each. */
  examples?: number;
  /** Points of the scatter (the first test images). Default 2000. */
  points?: number;
  /** Grid over a 2-D continuous part: steps per axis. Default 12. */
  gridSteps?: number;
  /** Columns of the traversal: values of a continuous factor, the most used classes of a categorical one. Default 9. */
  steps?: number;
  /** Range of a continuous factor in the traversal, as quantiles of the test codes. Default [0.02, 0.98]. */
  quantiles?: [number, number];
  /** The test image whose code the grid and the traversal start from. Default 0. */
  base?: number;
}

/** What the figures of one model show, as plain data. */
export interface LatentViews {
  /** Test codes in 2-D with each image's digit and palette colour. */
  scatter: PlanarCodes & { digits: Uint8Array; colors?: Uint8Array; codeSize: number };
  /** Decoded over the 2-D continuous part (the rest of the base code fixed), when there is one. */
  grid?: {
    images: ImagesData;
    xs: number[];
    ys: number[];
    /** The code has more than the plane: the rest is the base image's. */
    restFixed: boolean;
  };
  originals: ImagesData;
  reconstructions: ImagesData;
  samples: ImagesData;
  /**
   * One row per latent factor, turned from the base code: a continuous one over its quantile range, a
   * categorical one through the classes the test images get most, most used first.
   */
  traversal: { label: string; values: number[]; images: ImagesData }[];
  steps: number;
}

/**
 * The data behind one model's figures: its test codes in 2-D, the decoded 2-D continuous grid (when
 * there is one), originals, reconstructions and prior samples, and a traversal of every factor.
 * @example latentViewFigures(await latentViews(run.model, test, { seed: 1 }), { name: "joint-vae" })
 */
export async function latentViews(model: LatentModel, ds: ImageDataset, o: LatentViewOptions): Promise<LatentViews> {
  const { examples = 10, points = 2000, gridSteps = 12, steps = 9, quantiles = [0.02, 0.98], base = 0 } = o;
  if (model.conditional) throw new Error(`latentViews: ${model.config.family} is conditional; views of unconditional models only`);
  if (!Number.isInteger(base) || base < 0 || base >= ds.size) throw new Error(`invalid base: ${base} (0-${ds.size - 1})`);
  const codes = await latentCodes(model, ds);
  const shown = Math.min(points, codes.rows);
  const baseCode = codes.values.slice(base * codes.cols, (base + 1) * codes.cols);
  const planar = planarCodes({ values: codes.values.subarray(0, shown * codes.cols), rows: shown, cols: codes.cols });
  const decoded = (z: tf.Tensor2D) => readImages(tf.tidy(() => model.decode(z)), z);
  const factors = latentFactors(model.latent);
  const plane = factors.filter((f): f is Extract<LatentFactor, { kind: "continuous" }> => f.kind === "continuous");
  let grid: LatentViews["grid"];
  if (plane.length === 2) {
    const columns: [number, number] = [plane[0].column, plane[1].column];
    const xy = Float32Array.from({ length: codes.rows * 2 }, (_, i) => codes.values[Math.floor(i / 2) * codes.cols + columns[i % 2]]);
    const g = grid2d(activeRegion(xy, [0.01, 0.99]), gridSteps);
    const points = await readValues(g.codes).finally(() => g.codes.dispose());
    grid = { images: await decoded(planeCodes(baseCode, columns, points)), xs: g.xs, ys: g.ys, restFixed: codes.cols > 2 };
  }
  const head = select(ds, Array.from({ length: Math.min(examples, ds.size) }, (_, i) => i), ds.spec);
  const first = batches(head, { batchSize: examples, shuffle: false }).next().value!;
  const reconstructions = await decoded(model.embed(first.x));
  const originals = await readImages(first.x);
  tf.dispose([first.labels, ...(first.colors ? [first.colors] : [])]);
  const traversal: LatentViews["traversal"] = [];
  for (const f of factors) {
    const values = f.kind === "continuous" ? factorValues(f, codes, { steps, quantiles }) : mostUsed(classCounts(codes, f), steps);
    const label = f.kind === "continuous"
      ? `${f.name} ${values[0].toFixed(1)}…${values.at(-1)!.toFixed(1)}`
      : `${f.name} top ${values.length} of ${f.classes}`;
    traversal.push({ label, values, images: await decoded(factorSweep(baseCode, f, values)) });
  }
  return {
    scatter: { ...planar, digits: ds.labels.slice(0, shown), colors: ds.colors?.slice(0, shown), codeSize: codes.cols },
    grid,
    originals,
    reconstructions,
    samples: await readImages(model.generate(examples, deriveSeed(o.seed, "view-samples"))),
    traversal,
    steps,
  };
}

/** The `n` classes the most images get, most used first (ties: lower class first). */
function mostUsed(counts: number[], n: number): number[] {
  return counts.map((c, k) => [c, k]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, n).map(([, k]) => k);
}

/** Reads images into plain data and disposes them (and `also`). */
async function readImages(images: tf.Tensor4D, also?: tf.Tensor): Promise<ImagesData> {
  try {
    return { data: await readValues(images), shape: images.shape as ImagesData["shape"] };
  } finally {
    tf.dispose([images, ...(also ? [also] : [])]);
  }
}
