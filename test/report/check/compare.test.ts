import assert from "node:assert/strict";
import { test } from "node:test";
import { checkPassed, compareMetrics, toleranceFor } from "../../../report/check/compare";
import { checkLine, checkSummary, checkTables } from "../../../report/check/table";
import type { MetricsFile } from "../../../report/metrics";
import { checkNote } from "../../../report/render/document/cover";

const metrics = (backend: string, values: Record<string, unknown>): MetricsFile => ({
  provenance: { backend: { requested: "auto", description: backend, name: null, blas: null, tfjs: null } } as MetricsFile["provenance"],
  notebooks: { "01-a": { parameters: {}, metrics: values, seconds: 1, cached: false, status: "ok", kernel: null } },
});

test("same backend: every value but timings must be identical; paths name nested values", () => {
  const before = metrics("wasm", { conv: { test: { total: 150.25 }, epochSeconds: 12 }, betas: [0, 1], chosen: "0.5" });
  const same = compareMetrics(before, metrics("wasm", { conv: { test: { total: 150.25 }, epochSeconds: 13 }, betas: [0, 1], chosen: "0.5" }));
  assert.ok(same.sameBackend && checkPassed(same.rows));
  assert.deepEqual(same.rows.map((r) => `${r.name}:${r.status}`), ["conv.test.total:identical", "conv.epochSeconds:timing", "betas[0]:identical", "betas[1]:identical", "chosen:identical"]);
  const changed = compareMetrics(before, metrics("wasm", { conv: { test: { total: 150.2500001 }, epochSeconds: 12 }, betas: [0], extra: 1, chosen: "0.5" }));
  assert.ok(!checkPassed(changed.rows));
  assert.deepEqual(changed.rows.filter((r) => r.status !== "identical" && r.status !== "timing").map((r) => `${r.name}:${r.status}`), ["conv.test.total:differs", "betas[1]:missing", "extra:new"]);
  const summary = checkSummary(changed.rows, { sameBackend: true, backend: "wasm", profile: "smoke", date: new Date("2026-12-02T10:00:00Z") });
  assert.equal(summary.values, 5);
  assert.match(checkLine(summary), /^check failed: rerun from scratch on 2026-12-02 on wasm, 3 of 5 values differ or are missing \(01-a conv\.test\.total, 01-a betas\[1\], 01-a extra\)$/);
  const table = checkTables(changed.rows, true);
  assert.match(table, /^01-a:\nvalue +before +after +difference +result\n/);
  const note = checkNote(summary);
  assert.match(note, /^<div class="check failed"><p>check failed: rerun from scratch on 2026-12-02 on wasm, 3 of 5 values differ/);
  assert.match(note, /<li><code>01-a<\/code> betas\[1\]: 1 → —<\/li>/);
  assert.match(table, /conv\.test\.total +150\.25 +150\.2500001 +1e-7 +DIFFERS/);
});

test("across backends each kind of value has a stated tolerance, and the table says which applied", () => {
  assert.deepEqual(toleranceFor("dense.test.total", 150), { kind: "nats", relative: 0.02 });
  assert.deepEqual(toleranceFor("samples.digitAccuracy", 0.93), { kind: "fraction", absolute: 0.02 });
  assert.deepEqual(toleranceFor("activeUnits", 7), { kind: "count", absolute: 1 });
  assert.deepEqual(toleranceFor("frechet", 12.5), { kind: "number", relative: 0.05 });
  for (const timing of ["conv.imagesPerSecond", "dense.score.secondsPerEpoch", "epochSeconds60k.ratio", "build.wallMs", "steps[2].stepTime", "time"]) {
    assert.deepEqual(toleranceFor(timing, 400), { kind: "timing" }, timing);
  }
  for (const value of ["timesteps", "msePrior.total", "lifetimeMs2"]) assert.notDeepEqual(toleranceFor(value, 400), { kind: "timing" }, value);
  assert.deepEqual(toleranceFor("chosenBeta", "0.5"), { kind: "exact" });
  const r = compareMetrics(metrics("wasm", { loss: 100, accuracy: 0.9, units: 7, chosen: "a" }), metrics("webgpu", { loss: 101.5, accuracy: 0.93, units: 8, chosen: "a" }));
  assert.equal(r.sameBackend, false);
  assert.deepEqual(r.rows.map((x) => x.status), ["within", "differs", "within", "identical"]);
  assert.match(checkTables(r.rows, false), /accuracy +0\.9 +0\.93 +0\.03\d* +DIFFERS +fraction, ±0\.02/);
  const summary = checkSummary(r.rows.filter((x) => x.name !== "accuracy"), { sameBackend: false, backend: "webgpu", profile: "quick", date: new Date("2026-12-02T10:00:00Z") });
  assert.equal(checkLine(summary), "checked: rerun from scratch on 2026-12-02 on webgpu, 3 values, 1 identical, 2 within the cross-backend tolerances");
});

test("the line says how many models the rerun retrained, and any it only loaded; a check from before says nothing of models", () => {
  const date = new Date("2026-12-02T10:00:00Z");
  const line = (models?: { retrained: number; loaded: number }) => checkLine(checkSummary([], { sameBackend: true, backend: "wasm", profile: "smoke", date, models }));
  assert.equal(line({ retrained: 2, loaded: 0 }), "checked: rerun from scratch on 2026-12-02 on wasm, 2 models retrained; the notebooks record no values to compare");
  assert.match(line({ retrained: 1, loaded: 1 }), /on wasm, 1 model retrained and 1 loaded;/);
  assert.match(line({ retrained: 0, loaded: 0 }), /on wasm, no model trained;/);
  assert.match(line(), /on wasm; the notebooks/);
});
