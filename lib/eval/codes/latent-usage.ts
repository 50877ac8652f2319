import { latentFactors, type LatentFactor } from "../../models/latents/factors";
import type { Latent } from "../../models/latents/types";
import type { Rows } from "../stats/batched";
import { activeUnitsOf } from "./active-units";
import { meanEstimate } from "../stats/uncertainty";

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
  /**
   * Its standard error over the images: the entropy is the mean over images of each image's
   * surprisal, -sum over variables of log(share of images given that image's class), so the spread
   * of the surprisals gives it (0 without categorical variables).
   */
  categoricalEntropySE: number;
}

type Categorical = Extract<LatentFactor, { kind: "categorical" }>;

/** The class each image of `codes` (posterior modes) gets for a categorical factor, [N]. */
export function classOf(codes: Rows, factor: Categorical): Int32Array {
  if (factor.offset + factor.classes > codes.cols) {
    throw new Error(`factor ${factor.name}: block ${factor.offset}+${factor.classes} outside codes of width ${codes.cols}`);
  }
  const out = new Int32Array(codes.rows);
  for (let i = 0; i < codes.rows; i++) {
    let best = 0;
    const o = i * codes.cols + factor.offset;
    for (let k = 1; k < factor.classes; k++) if (codes.values[o + k] > codes.values[o + best]) best = k;
    out[i] = best;
  }
  return out;
}

function countClasses(classes: Int32Array, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (const c of classes) counts[c]++;
  return counts;
}

/** How many images of `codes` (posterior modes) get each class of a categorical factor, [K]. */
export function classCounts(codes: Rows, factor: Categorical): number[] {
  return countClasses(classOf(codes, factor), factor.classes);
}

/** Each image's surprisal under the empirical class shares, summed over the variables, [N]. */
function surprisals(classes: Int32Array[], counts: number[][], n: number): Float64Array {
  const out = new Float64Array(n);
  classes.forEach((cs, j) => cs.forEach((c, i) => (out[i] -= Math.log(counts[j][c] / n))));
  return out;
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
  const categorical = factors.filter((f): f is Categorical => f.kind === "categorical");
  const classes = categorical.map((f) => classOf(codes, f));
  const counts = classes.map((c, j) => countClasses(c, categorical[j].classes));
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
    categoricalEntropySE: categorical.length && codes.rows > 1 ? meanEstimate(surprisals(classes, counts, codes.rows)).se : 0,
  };
}
