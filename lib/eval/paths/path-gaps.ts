import { readArray } from "../../backend/read";
import type { ImageDataset } from "../../data/dataset";
import type { ImagePair } from "../../data/pick";
import type { LatentModel } from "../../models/model";
import type { Rows } from "../stats/batched";
import { latentCodes } from "../codes/codes";
import { pathCodes, PathOptions } from "./paths";
import { meanEstimate, type Estimate } from "../stats/uncertainty";

/** How far the points of interpolation paths lie from the codes of real data. */
export interface PathGaps {
  /** The codes' typical spacing: the median distance from a code to its nearest other code. */
  spacing: number;
  /** Mean over the interior points of every path of the distance to the nearest data code, in units of `spacing`. */
  meanGap: number;
  /** Fraction of interior points farther than `offData` spacings from every data code, in [0, 1]. */
  offDataShare: number;
  /** The threshold of `offDataShare`, in spacings. */
  offData: number;
  /** Each path's mean interior gap, in the pairs' order: compare two models pair by pair. */
  gapPerPair: number[];
  /** {@link meanGap} as the mean over paths, with its standard error and 95% interval. */
  gap: Estimate;
}

/**
 * Whether straight paths between codes stay where the data's codes are: each interior point's distance
 * to the nearest code of `ds` (posterior modes), relative to how far codes lie from each other. A path
 * that crosses empty code space has large gaps; one through filled space stays near 1.
 * @example (await pathGaps(ae, test, randomPairs(test.labels, 50, 1))).meanGap // e.g. 4.2 for a 2-D autoencoder
 */
export async function pathGaps(
  model: LatentModel,
  ds: ImageDataset,
  pairs: ImagePair[],
  options: PathOptions & { offData?: number } = {},
): Promise<PathGaps> {
  if (pairs.length === 0) throw new Error("pathGaps: no pairs");
  const paths: number[][][] = [];
  for (const pair of pairs) {
    const path = await pathCodes(model, ds, pair, options);
    paths.push(await readArray(path).finally(() => path.dispose()));
  }
  return pathGapsOf(await latentCodes(model, ds), paths, options.offData);
}

/**
 * {@link PathGaps} of paths (each a list of points, ends included) against codes [N, D]; the pure
 * core of {@link pathGaps}.
 */
export function pathGapsOf(codes: Rows, paths: number[][][], offData = 2): PathGaps {
  if (!(offData > 0)) throw new Error(`invalid offData: ${offData} (a positive number of spacings)`);
  if (codes.rows < 2) throw new Error(`pathGaps: need at least 2 codes, got ${codes.rows}`);
  const self = Array.from({ length: codes.rows }, (_, i) => nearest(codes, codes.values.subarray(i * codes.cols, (i + 1) * codes.cols), i));
  const spacing = median(self);
  if (!(spacing > 0)) throw new Error(`pathGaps: the codes' spacing is ${spacing} (codes coincide)`);
  let sum = 0;
  let off = 0;
  let points = 0;
  const gapPerPair: number[] = [];
  for (const path of paths) {
    const interior = path.slice(1, -1);
    if (interior.length === 0) throw new Error("pathGaps: the paths have no interior points (steps >= 3)");
    let pathSum = 0;
    for (const z of interior) {
      if (z.length !== codes.cols) throw new Error(`pathGaps: a path point has ${z.length} coordinates, the codes ${codes.cols}`);
      const gap = nearest(codes, z) / spacing;
      sum += gap;
      pathSum += gap;
      off += +(gap > offData);
      points++;
    }
    gapPerPair.push(pathSum / interior.length);
  }
  if (points === 0) throw new Error("pathGaps: no paths");
  return { spacing, meanGap: sum / points, offDataShare: off / points, offData, gapPerPair, gap: meanEstimate(gapPerPair) };
}

/** Euclidean distance from `z` to the nearest row of `codes`, skipping row `skip`. */
function nearest(codes: Rows, z: ArrayLike<number>, skip = -1): number {
  let best = Infinity;
  for (let i = 0; i < codes.rows; i++) {
    if (i === skip) continue;
    let sq = 0;
    for (let d = 0; d < codes.cols && sq < best; d++) sq += (codes.values[i * codes.cols + d] - z[d]) ** 2;
    if (sq < best) best = sq;
  }
  return Math.sqrt(best);
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
