import * as tf from "@tensorflow/tfjs-core";
import { Rng } from "../util/random";

/**
 * Codes for generation, each drawn with a visible seed. Gaussian, Beta and categorical priors;
 * a grid over a 2-D region; paths between two codes.
 */

/** A standard normal N(0, 1) draw per dimension, [n, dim]. */
export function standardNormal(n: number, dim: number, seed: number): tf.Tensor2D {
  return normal(n, dim, { mean: 0, sd: 1 }, seed);
}

/**
 * A normal draw per dimension with the given mean and standard deviation, [n, dim]. Doc 002's
 * "Gaussian(1, 2)" is read as mean 1 and standard deviation 2 (variance 4): `{ mean: 1, sd: 2 }`.
 */
export function normal(n: number, dim: number, o: { mean: number; sd: number }, seed: number): tf.Tensor2D {
  checkCount(n, dim);
  if (!(o.sd > 0)) throw new Error(`invalid sd: ${o.sd} (positive)`);
  return tf.randomNormal([n, dim], o.mean, o.sd, "float32", seed);
}

/**
 * A Beta(alpha, beta) draw per dimension, [n, dim], values in (0, 1). Doc 002 uses alpha = beta =
 * 0.25: mean 0.5 and variance ab / ((a + b)^2 (a + b + 1)) = 1/6 (doc 002 says 0.2, which is not
 * what that formula gives). Drawn as X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta), in
 * float64 and in log space, so small shape parameters do not underflow.
 */
export function beta(n: number, dim: number, o: { alpha: number; beta: number }, seed: number): tf.Tensor2D {
  checkCount(n, dim);
  if (!(o.alpha > 0) || !(o.beta > 0)) throw new Error(`invalid Beta parameters: alpha ${o.alpha}, beta ${o.beta} (positive)`);
  const rng = new Rng(seed);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < out.length; i++) {
    const lx = logGamma(o.alpha, rng);
    const ly = logGamma(o.beta, rng);
    out[i] = 1 / (1 + Math.exp(ly - lx));
  }
  return tf.tensor2d(out, [n, dim]);
}

/** Uniform categorical codes: N one-hot blocks of K classes per row, [n, N*K]. */
export function uniformCategorical(n: number, count: number, classes: number, seed: number): tf.Tensor2D {
  checkCount(n, count * classes);
  const rng = new Rng(seed);
  const out = new Float32Array(n * count * classes);
  for (let r = 0; r < n * count; r++) out[r * classes + rng.int(classes)] = 1;
  return tf.tensor2d(out, [n, count * classes]);
}

/** A rectangle in a 2-D latent space. */
export interface Region2d {
  x: [number, number];
  y: [number, number];
}

/**
 * A `steps` x `steps` grid over a 2-D region, row by row from the top (largest y) and left (smallest
 * x), as codes [steps^2, 2] with the axis values of its columns and rows.
 */
export function grid2d(region: Region2d, steps: number): { codes: tf.Tensor2D; xs: number[]; ys: number[] } {
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`invalid grid steps: ${steps} (an integer >= 2)`);
  const axis = ([lo, hi]: [number, number]) => Array.from({ length: steps }, (_, i) => lo + ((hi - lo) * i) / (steps - 1));
  const xs = axis(region.x);
  const ys = axis(region.y).reverse();
  const codes = new Float32Array(steps * steps * 2);
  ys.forEach((y, r) => xs.forEach((x, c) => codes.set([x, y], 2 * (r * steps + c))));
  return { codes: tf.tensor2d(codes, [steps * steps, 2]), xs, ys };
}

/**
 * The active region of 2-D codes (doc 001): per axis, from the smallest to the largest value, or
 * between two quantiles (e.g. 0.01 and 0.99) to ignore outliers.
 */
export function activeRegion(codes: ArrayLike<number>, quantiles: [number, number] = [0, 1]): Region2d {
  const range = (axis: 0 | 1): [number, number] => {
    const v = Float64Array.from({ length: codes.length / 2 }, (_, i) => codes[2 * i + axis]).sort();
    if (v.length === 0) throw new Error("activeRegion: no codes");
    const at = (q: number) => v[Math.min(v.length - 1, Math.max(0, Math.round(q * (v.length - 1))))];
    return [at(quantiles[0]), at(quantiles[1])];
  };
  return { x: range(0), y: range(1) };
}

/**
 * `steps` codes from a to b inclusive, [steps, D]: `linear` (straight line) or `spherical` (slerp:
 * along the great circle, with the norm interpolated linearly, which suits Gaussian latents).
 */
export function interpolate(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  steps: number,
  mode: "linear" | "spherical" = "linear",
): tf.Tensor2D {
  if (a.length !== b.length) throw new Error(`interpolate: codes of length ${a.length} and ${b.length}`);
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`invalid interpolation steps: ${steps} (an integer >= 2)`);
  if (mode !== "linear" && mode !== "spherical") throw new Error(`invalid interpolation: ${mode} (linear or spherical)`);
  const d = a.length;
  const out = new Float32Array(steps * d);
  const na = Math.hypot(...Array.from(a));
  const nb = Math.hypot(...Array.from(b));
  const cos = na && nb ? Math.max(-1, Math.min(1, Array.from(a).reduce((s, v, i) => s + v * b[i], 0) / (na * nb))) : 1;
  const omega = Math.acos(cos);
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    for (let i = 0; i < d; i++) {
      if (mode === "linear" || omega < 1e-6) out[s * d + i] = (1 - t) * a[i] + t * b[i];
      else {
        const dir = (Math.sin((1 - t) * omega) * (a[i] / na) + Math.sin(t * omega) * (b[i] / nb)) / Math.sin(omega);
        out[s * d + i] = ((1 - t) * na + t * nb) * dir;
      }
    }
  }
  return tf.tensor2d(out, [steps, d]);
}

/**
 * Codes for a latent traversal: `base` repeated once per value, with coordinate `dim` set to each
 * value in turn, [values.length, D].
 * @example traverse(code, 0, [-2, -1, 0, 1, 2])
 */
export function traverse(base: ArrayLike<number>, dim: number, values: number[]): tf.Tensor2D {
  if (!Number.isInteger(dim) || dim < 0 || dim >= base.length) {
    throw new Error(`invalid traversal dimension: ${dim} (0-${base.length - 1})`);
  }
  const out = new Float32Array(values.length * base.length);
  values.forEach((v, r) => {
    out.set(Array.from(base), r * base.length);
    out[r * base.length + dim] = v;
  });
  return tf.tensor2d(out, [values.length, base.length]);
}

/**
 * Codes that sweep one categorical variable through its K classes: `base` repeated K times, with the
 * one-hot block of K columns starting at `offset` set to class 0, 1, ..., K-1, [K, D].
 * @example sweepCategory(code, 2 + 3 * 20, 20) // the 4th variable of a joint code after 2 continuous dims
 */
export function sweepCategory(base: ArrayLike<number>, offset: number, classes: number): tf.Tensor2D {
  if (!Number.isInteger(offset) || offset < 0 || offset + classes > base.length) {
    throw new Error(`invalid category block: offset ${offset}, ${classes} classes in a code of ${base.length}`);
  }
  const out = new Float32Array(classes * base.length);
  for (let k = 0; k < classes; k++) {
    out.set(Array.from(base), k * base.length);
    for (let j = 0; j < classes; j++) out[k * base.length + offset + j] = j === k ? 1 : 0;
  }
  return tf.tensor2d(out, [classes, base.length]);
}

/** log of a Gamma(shape, 1) draw (Marsaglia-Tsang; shape < 1 boosted by U^(1/shape)). */
function logGamma(shape: number, rng: Rng): number {
  if (shape < 1) return logGamma(shape + 1, rng) + Math.log(1 - rng.next()) / shape;
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = gaussian(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return Math.log(d * v);
  }
}

function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

function checkCount(n: number, dim: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`invalid sample count: ${n}`);
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`invalid dimensions: ${dim}`);
}
