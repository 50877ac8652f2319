import type { Scorecard } from "./scorecard";
import { estimateOf, meanEstimate, measureComparison, type MeasureComparison } from "../stats/uncertainty";

const Z95 = 1.959964;

/** The per-image values behind a scorecard: kept beside it, not in its record (10,000 numbers). */
interface PerImage {
  elbo: Float32Array;
  bound: Float32Array;
  testImages: number;
}

const PER_IMAGE = new WeakMap<Scorecard, PerImage>();

/** Keeps a scorecard's per-image ELBOs and bounds, so that {@link compareScorecards} can pair them. */
export function keepPerImage(card: Scorecard, values: PerImage): void {
  PER_IMAGE.set(card, values);
}

/** Two scorecards compared measure by measure (a against b). */
export interface ScoreComparison {
  /** Test total (negative ELBO, nats): lower is better. Absent without per-image ELBOs. */
  total?: MeasureComparison;
  /** Importance-weighted bound on log p(x), nats: higher is better. */
  iwBound?: MeasureComparison;
  /** Classifier's mean confidence on samples: higher is better. */
  meanConfidence: MeasureComparison;
  /** Frechet distance of samples to test images: lower is better. */
  frechet: MeasureComparison;
}

/** The standard error behind a scorecard's Frechet interval (the distance ± 1.96 bootstrap standard errors). */
function bootstrapSE(c: Scorecard): number {
  return (c.frechetHigh - c.frechetLow) / (2 * Z95);
}

function paired(a: Float32Array, b: Float32Array): Float64Array {
  return Float64Array.from(a, (v, i) => v - b[i]);
}

/**
 * Compares scorecard `a` with `b`, each measure with a 95% interval: the test total and the bound
 * paired image by image when both scorecards were made in this run on the same test images (the
 * spread of the per-image differences, scaled to the test set for the total), else from independent
 * standard errors; the samples' confidence from independent standard errors; the Frechet distance
 * from the two bootstrap intervals.
 * @example lab.compareScorecards(convScore, denseScore).total?.verdict // "lower": the conv VAE's total is lower
 */
export function compareScorecards(a: Scorecard, b: Scorecard): ScoreComparison {
  const [pa, pb] = [PER_IMAGE.get(a), PER_IMAGE.get(b)];
  const pair = pa && pb && pa.elbo.length === pb.elbo.length && pa.testImages === pb.testImages;
  const out: ScoreComparison = {
    meanConfidence: measureComparison(
      estimateOf(a.meanConfidence - b.meanConfidence, Math.hypot(a.meanConfidenceSE, b.meanConfidenceSE), 0),
      "independent standard errors",
    ),
    frechet: measureComparison(estimateOf(a.frechet - b.frechet, Math.hypot(bootstrapSE(a), bootstrapSE(b)), 0), "bootstrap intervals"),
  };
  if (pair) {
    const elbo = meanEstimate(paired(pb.elbo, pa.elbo)); // total_a - total_b per image = elbo_b - elbo_a
    const se = elbo.se * Math.sqrt(pa.elbo.length / pa.testImages);
    out.total = measureComparison(estimateOf(a.total - b.total, se, pa.testImages), "paired over test images");
    out.iwBound = measureComparison(meanEstimate(paired(pa.bound, pb.bound)), "paired over test images");
  } else {
    if (a.totalSE !== undefined && b.totalSE !== undefined) {
      out.total = measureComparison(estimateOf(a.total - b.total, Math.hypot(a.totalSE, b.totalSE), 0), "independent standard errors");
    }
    if (a.iwBound !== undefined && b.iwBound !== undefined && a.iwBoundSE !== undefined && b.iwBoundSE !== undefined) {
      const difference = estimateOf(a.iwBound - b.iwBound, Math.hypot(a.iwBoundSE, b.iwBoundSE), 0);
      out.iwBound = measureComparison(difference, "independent standard errors");
    }
  }
  return out;
}

/** Which of two scorecards each measure favours, by the verdicts of {@link compareScorecards}. */
export interface ScoreTally {
  /** Measures on which a is better beyond the interval (e.g. `test total`), and those favouring b. */
  a: string[];
  b: string[];
  /** Measures with no detectable difference. */
  neither: string[];
  /** The side better on every measure, if one is. */
  everywhere?: "a" | "b";
}

/** Sorts the measures of a comparison by which side they favour: lower is better for the total and the Frechet distance. */
export function tallyScores(c: ScoreComparison): ScoreTally {
  const out: ScoreTally = { a: [], b: [], neither: [] };
  const side = (name: string, m: MeasureComparison | undefined, better: "higher" | "lower") => {
    if (!m) return;
    if (m.verdict === "no detectable difference") out.neither.push(name);
    else out[m.verdict === better ? "a" : "b"].push(name);
  };
  side("test total", c.total, "lower");
  side("bound on log p(x)", c.iwBound, "higher");
  side("sample confidence", c.meanConfidence, "higher");
  side("Frechet distance", c.frechet, "lower");
  const all = out.a.length + out.b.length + out.neither.length;
  if (out.a.length === all) out.everywhere = "a";
  if (out.b.length === all) out.everywhere = "b";
  return out;
}
