import * as tf from "@tensorflow/tfjs-core";
import { CategoricalLatent } from "./categorical";
import { JointLatent } from "./joint";
import type { Latent } from "./types";

/**
 * One thing a user can turn in a model's code: a continuous coordinate, or a categorical variable
 * whose K columns form one one-hot block.
 */
export type LatentFactor =
  | {
      kind: "continuous";
      /** `z[i]`, counted among the continuous coordinates. */
      name: string;
      /** Column of the code. */
      column: number;
    }
  | {
      kind: "categorical";
      /** `c[i]`, counted among the categorical variables. */
      name: string;
      /** First column of the variable's one-hot block. */
      offset: number;
      /** K: columns of the block. */
      classes: number;
    };

/**
 * The factors of a latent, in code order: a joint latent's continuous coordinates then its
 * categorical variables; a categorical latent's N variables; any other latent's code columns as
 * continuous coordinates.
 * @example latentFactors(model.latent).map((f) => f.name) // joint-vae: z[0], z[1], c[0] ... c[4]
 */
export function latentFactors(latent: Latent): LatentFactor[] {
  if (latent instanceof JointLatent) {
    const continuous = continuousFactors(latent.continuous.codeSize, 0);
    return [...continuous, ...categoricalFactors(latent.discrete, latent.continuous.codeSize)];
  }
  if (latent instanceof CategoricalLatent) return categoricalFactors(latent, 0);
  return continuousFactors(latent.codeSize, 0);
}

/**
 * Codes that turn one factor with the rest of `base` fixed, [values.length, D]: a continuous factor
 * takes each value in turn; a categorical one takes each class index of `values` as its one-hot block.
 * @example factorSweep(code, { kind: "categorical", name: "c[0]", offset: 2, classes: 65 }, [0, 1, 2])
 */
export function factorSweep(base: ArrayLike<number>, factor: LatentFactor, values: number[]): tf.Tensor2D {
  const d = base.length;
  const out = new Float32Array(values.length * d);
  values.forEach((v, r) => {
    out.set(Array.from(base), r * d);
    if (factor.kind === "continuous") {
      if (factor.column >= d) throw new Error(`factor ${factor.name}: column ${factor.column} outside a code of ${d}`);
      out[r * d + factor.column] = v;
      return;
    }
    if (factor.offset + factor.classes > d) {
      throw new Error(`factor ${factor.name}: block ${factor.offset}+${factor.classes} outside a code of ${d}`);
    }
    if (!Number.isInteger(v) || v < 0 || v >= factor.classes) {
      throw new Error(`factor ${factor.name}: invalid class ${v} (0-${factor.classes - 1})`);
    }
    for (let k = 0; k < factor.classes; k++) out[r * d + factor.offset + k] = k === v ? 1 : 0;
  });
  return tf.tensor2d(out, [values.length, d]);
}

/**
 * Codes that put a 2-D grid on two continuous columns of `base`, the rest fixed: grid points
 * [n, 2] (row-major x, y pairs, e.g. the values of `grid2d(...).codes`) -> codes [n, D] (the
 * decoded "latent space" of a joint model at one discrete code).
 * @example planeCodes(base, [0, 1], await readValues(grid2d(region, 12).codes))
 */
export function planeCodes(base: ArrayLike<number>, columns: [number, number], xy: ArrayLike<number>): tf.Tensor2D {
  const d = base.length;
  if (columns.some((c) => !Number.isInteger(c) || c < 0 || c >= d)) {
    throw new Error(`planeCodes: columns ${columns.join(",")} outside a code of ${d}`);
  }
  if (xy.length % 2 !== 0) throw new Error(`planeCodes: grid of ${xy.length} values, not x, y pairs`);
  const n = xy.length / 2;
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    out.set(Array.from(base), i * d);
    out[i * d + columns[0]] = xy[2 * i];
    out[i * d + columns[1]] = xy[2 * i + 1];
  }
  return tf.tensor2d(out, [n, d]);
}

function continuousFactors(dims: number, first: number): LatentFactor[] {
  return Array.from({ length: dims }, (_, i) => ({ kind: "continuous" as const, name: `z[${i}]`, column: first + i }));
}

function categoricalFactors(latent: CategoricalLatent, first: number): LatentFactor[] {
  const { count, classes } = latent.options;
  return Array.from({ length: count }, (_, i) => ({ kind: "categorical" as const, name: `c[${i}]`, offset: first + i * classes, classes }));
}
