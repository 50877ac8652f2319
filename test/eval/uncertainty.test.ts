import assert from "node:assert/strict";
import { test } from "node:test";
import { compareEstimates, meanEstimate, pairedDifference, proportionEstimate } from "../../lib/eval/stats/uncertainty";

const near = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test("a mean carries its standard error and a normal 95% interval", () => {
  const e = meanEstimate([1, 2, 3, 4]);
  near(e.value, 2.5);
  near(e.se, Math.sqrt(5 / 3 / 4));
  near(e.high - e.value, 1.959964 * e.se);
  assert.equal(e.n, 4);
  assert.equal(meanEstimate([7]).se, 0, "one value: no spread to measure");
  assert.throws(() => meanEstimate([]), /^Error: meanEstimate: no values$/);
  assert.throws(() => meanEstimate([1, NaN]), /^Error: meanEstimate: value 1 is NaN$/);
});

test("a proportion has a Wilson interval: 92.05% of 2,000 spans about 90.8-93.1%, and stays inside [0, 1]", () => {
  const e = proportionEstimate(1841, 2000);
  near(e.value, 0.9205);
  assert.ok(e.low > 0.907 && e.low < 0.909 && e.high > 0.931 && e.high < 0.933, `${e.low} ${e.high}`);
  assert.ok(e.low <= 0.919 && e.high >= 0.919, "doc 000's 91.9% is inside: no detectable difference");
  const none = proportionEstimate(0, 50);
  assert.equal(none.low, 0);
  assert.ok(none.high > 0.05 && none.high < 0.08);
  assert.throws(() => proportionEstimate(3, 2), /^Error: proportionEstimate: 3 of 2$/);
});

test("comparisons say higher or lower only when the interval excludes no difference", () => {
  assert.equal(compareEstimates(pairedDifference([0.9, 0.8, 0.95, 0.85], [0.5, 0.4, 0.6, 0.45])), "higher");
  assert.equal(compareEstimates(pairedDifference([0.5, 0.4, 0.6, 0.45], [0.9, 0.8, 0.95, 0.85])), "lower");
  assert.equal(compareEstimates(pairedDifference([0.9, 0.7, 0.8, 0.6], [0.8, 0.8, 0.7, 0.7])), "no detectable difference");
  assert.equal(compareEstimates(proportionEstimate(1841, 2000), proportionEstimate(1838, 2000)), "no detectable difference");
  assert.equal(compareEstimates(proportionEstimate(1900, 2000), proportionEstimate(1700, 2000)), "higher");
  assert.throws(() => pairedDifference([1], [1, 2]), /^Error: pairedDifference: 1 values against 2$/);
});
