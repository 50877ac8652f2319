import assert from "node:assert/strict";
import { test } from "node:test";
import { codeSpread } from "../../lib";

test("code spread: per-axis mean and sd, and the share of codes within the radius", () => {
  const codes = { values: Float32Array.from([0, 0, 3, 0, 0, -1, 1, 1]), rows: 4, cols: 2 };
  const s = codeSpread(codes);
  assert.deepEqual(s.mean, [1, 0]);
  assert.ok(Math.abs(s.sd[0] - Math.sqrt((1 + 4 + 1 + 0) / 3)) < 1e-12);
  assert.ok(Math.abs(s.sd[1] - Math.sqrt((0 + 0 + 1 + 1) / 3)) < 1e-12);
  assert.equal(s.withinRadius, 0.75, "(3, 0) lies outside radius 2");
  assert.equal(codeSpread(codes, 3).withinRadius, 1, "on the circle counts as inside");
  assert.throws(() => codeSpread(codes, 0), /invalid radius: 0/);
});
