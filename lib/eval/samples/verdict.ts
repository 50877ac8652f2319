import { meanEstimate } from "../stats/uncertainty";
import { classDistribution, type ClassDistribution } from "./class-balance";

/**
 * What every sample measure reports of the classifier's reading of N images: the histogram of the
 * predicted classes and the mean confidence with its standard error (not re-exported: the fields
 * {@link SampleMetrics} and {@link SampleReference} share, computed in one place).
 */
export function classifierVerdict(
  predicted: Int32Array,
  confidence: Float32Array,
  classes: number,
): { samples: number; histogram: ClassDistribution; meanConfidence: number; meanConfidenceSE: number } {
  const conf = meanEstimate(confidence);
  const histogram = classDistribution(predicted, classes);
  return { samples: predicted.length, histogram, meanConfidence: conf.value, meanConfidenceSE: conf.se };
}
