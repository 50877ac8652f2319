import type { Rows } from "../stats/batched";
import { codeMoments } from "./posterior";

/** Where a set of codes sits, to compare with the prior N(0, I). */
export interface CodeSpread {
  /** Per dimension: mean and standard deviation (divisor N - 1) of the codes. */
  mean: number[];
  sd: number[];
  /** Share of codes within Euclidean distance `radius` of the origin, in [0, 1]. */
  withinRadius: number;
  radius: number;
}

/**
 * Mean, spread and the share of codes near the origin, e.g. of encoded test means: under N(0, I) in
 * 2-D, 86.5% of draws lie within radius 2. The per-dimension moments are {@link codeMoments}'s.
 * @example codeSpread(latentCodes(vae, test)).sd // [0.9, 1.1]
 */
export function codeSpread(codes: Rows, radius = 2): CodeSpread {
  if (!(radius > 0)) throw new Error(`invalid radius: ${radius} (a positive number)`);
  const { mean, sd } = codeMoments(codes);
  let inside = 0;
  for (let i = 0; i < codes.rows; i++) {
    let r2 = 0;
    for (let j = 0; j < codes.cols; j++) r2 += codes.values[i * codes.cols + j] ** 2;
    if (r2 <= radius * radius) inside++;
  }
  return { mean, sd, withinRadius: inside / codes.rows, radius };
}
