import assert from "node:assert/strict";
import { test } from "node:test";
import { compareSummaries, type GenerativeSummary } from "../../lib";

const summary = (reconstruction: number, reconstructionSE: number, kl: number | null): GenerativeSummary => ({
  reconstruction, reconstructionSE, kl, klSE: kl === null ? null : 0.1, activeUnits: 2, dims: 2, clearlyActive: 2, clearlyInactive: 0,
  reconstructionAccuracy: 0.9, frechet: 10, frechetSE: 1, meanConfidence: 0.8, meanConfidenceSE: 0.01,
  normalizedClassEntropy: 0.95, normalizedClassEntropySE: 0.01,
});

test("compareSummaries: a verdict only beyond the 95% interval of the two standard errors", () => {
  assert.equal(compareSummaries(summary(110, 0.5, 5), summary(100, 0.5, 5), "reconstruction"), "higher");
  assert.equal(compareSummaries(summary(100, 0.5, 5), summary(110, 0.5, 5), "reconstruction"), "lower");
  assert.equal(compareSummaries(summary(101, 0.5, 5), summary(100, 0.5, 5), "reconstruction"), "no detectable difference");
  assert.equal(compareSummaries(summary(100, 0.5, 5), summary(100, 0.5, 6), "kl"), "lower");
  assert.throws(() => compareSummaries(summary(100, 0.5, null), summary(100, 0.5, 5), "kl"), /compareSummaries: a summary has no kl/);
});
