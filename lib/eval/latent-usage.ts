import { latentFactors, type LatentFactor } from "../models/latents/factors";
import type { Latent } from "../models/latents/types";
import type { Rows } from "./batched";
import { activeUnitsOf } from "./active-units";

export interface LatentUsageOptions {
  /** A continuous coordinate is active when the variance of its posterior mean exceeds this. Default 0.01. */
  threshold?: number;
  /** A class of a categorical variable is in use when it is the mode for at least this fraction of the images. Default 0.005. */
  minShare?: number;
}

/** How much of a latent the encoder uses over a data set. */
export interface LatentUsage {
  /** Continuous coordinates, and how many are active (Burda et al.'s statistic). */
  continuousDims: number;
  activeContinuous: number;
  /** Categorical variables (N) and classes in all (N x K). */
  categoricalVariables: number;
  classesTotal: number;
  /** Classes in use, summed over the variables. */
  classesUsed: number;
  /** Classes in use per variable. */
  classesUsedPerVariable: number[];
  /**
   * What the categorical code tells apart, in nats: the entropy of the class each image gets (its
   * mode), summed over the variables. 0 when every image gets the same code; at most N log K. For a
   * saturated (one-hot) posterior it is the mutual information between image and code, which the KL
   * to the uniform prior is not (a code that is certain and the same for every image has KL N log K).
   */
  categoricalEntropy: number;
}

/** How many images of `codes` (posterior modes) get each class of a categorical factor, [K]. */
export function classCounts(codes: Rows, factor: Extract<LatentFactor, { kind: "categorical" }>): number[] {
  if (factor.offset + factor.classes > codes.cols) throw new Error(`factor ${factor.name}: block ${factor.offset}+${factor.classes} outside codes of width ${codes.cols}`);
  const counts = new Array<number>(factor.classes).fill(0);
  for (let i = 0; i < codes.rows; i++) {
    let best = 0;
    for (let k = 1; k < factor.classes; k++) if (codes.values[i * codes.cols + factor.offset + k] > codes.values[i * codes.cols + factor.offset + best]) best = k;
    counts[best]++;
  }
  return counts;
}

/**
 * Active continuous coordinates and categorical classes in use, from posterior modes [N, codeSize]
 * (e.g. `latentCodes(model, test)`, whose categorical blocks are one-hot).
 * @example latentUsage(model.latent, latentCodes(model, test)).classesUsed
 */
export function latentUsage(latent: Latent, codes: Rows, options: LatentUsageOptions = {}): LatentUsage {
  const { threshold = 0.01, minShare = 0.005 } = options;
  if (codes.cols !== latent.codeSize) throw new Error(`latentUsage: codes of width ${codes.cols}, the latent's code is ${latent.codeSize}`);
  if (!(minShare >= 0 && minShare <= 1)) throw new Error(`invalid minShare: ${minShare} (in [0, 1])`);
  const factors = latentFactors(latent);
  const columns = factors.flatMap((f) => (f.kind === "continuous" ? [f.column] : []));
  let activeContinuous = 0;
  if (columns.length > 0) {
    const values = new Float32Array(codes.rows * columns.length);
    for (let i = 0; i < codes.rows; i++) columns.forEach((c, j) => (values[i * columns.length + j] = codes.values[i * codes.cols + c]));
    activeContinuous = activeUnitsOf({ values, rows: codes.rows, cols: columns.length }, { threshold }).count;
  }
  const categorical = factors.filter((f): f is Extract<LatentFactor, { kind: "categorical" }> => f.kind === "categorical");
  const counts = categorical.map((f) => classCounts(codes, f));
  const perVariable = counts.map((c) => c.filter((n) => n > 0 && n >= minShare * codes.rows).length);
  const entropy = (c: number[]) => c.reduce((h, n) => (n > 0 ? h - (n / codes.rows) * Math.log(n / codes.rows) : h), 0);
  return {
    continuousDims: columns.length,
    activeContinuous,
    categoricalVariables: categorical.length,
    classesTotal: categorical.reduce((s, f) => s + f.classes, 0),
    classesUsed: perVariable.reduce((s, n) => s + n, 0),
    classesUsedPerVariable: perVariable,
    categoricalEntropy: counts.reduce((s, c) => s + entropy(c), 0),
  };
}
