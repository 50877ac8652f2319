import { estimateOf, meanEstimate, measureComparison, pairedDifference, type MeasureComparison } from "../stats/uncertainty";

/** A test total (nats per image) with its standard error over the test images. */
export interface TestTotal {
  total: number;
  totalSE: number;
  testImages: number;
}

/** Each record's per-image totals, kept beside it (not in it: 10,000 numbers), for {@link compareTotals}. */
const PER_IMAGE = new WeakMap<TestTotal, Float64Array>();

/**
 * Adds `totalSE` and `testImages` to `record` from its per-image totals, and keeps those totals
 * beside it so that {@link compareTotals} can pair two records image by image.
 * @example withTotals(means, (await evaluateByImage(model, test)).total)
 */
export function withTotals<T extends { total: number }>(record: T, perImage: Float64Array): T & TestTotal {
  const out = { ...record, totalSE: meanEstimate(perImage).se, testImages: perImage.length };
  PER_IMAGE.set(out, perImage);
  return out;
}

/**
 * Compares two test totals at 95% (a - b): image by image when both were made by {@link withTotals}
 * in this run on the same images (two models' totals differ far less between them than across
 * images), else from the two standard errors. `higher` means a's total is higher (worse).
 * @example differenceText(compareTotals(metrics.conv.loss, metrics.dense.loss), { unit: "nats" })
 */
export function compareTotals(a: TestTotal, b: TestTotal): MeasureComparison {
  const [pa, pb] = [PER_IMAGE.get(a), PER_IMAGE.get(b)];
  if (pa && pb && pa.length === pb.length) {
    return measureComparison(pairedDifference(pa, pb), "paired over test images");
  }
  const n = Math.min(a.testImages, b.testImages);
  return measureComparison(estimateOf(a.total - b.total, Math.hypot(a.totalSE, b.totalSE), n), "independent standard errors");
}
