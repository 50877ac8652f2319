import { argmaxRows, type Rows } from "../stats/batched";

/**
 * Each image's predicted class (its largest probability) and that probability, from the classifier's
 * probabilities [N, classes] (not re-exported: the step {@link classifierOutputs} and
 * `sampleReference` share).
 */
export function readings(probs: Rows): { predicted: Int32Array; confidence: Float32Array } {
  const predicted = argmaxRows(probs);
  const confidence = Float32Array.from(predicted, (c, i) => probs.values[i * probs.cols + c]);
  return { predicted, confidence };
}
