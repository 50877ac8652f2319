import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { checkReport } from "../../../report/check/run";
import type { MetricsFile } from "../../../report/metrics";
import { ROOT } from "../../support/kernel";
import { build, captureStream, workspace, writeNotebooks } from "../../support/notebooks";

const PLANT = "VAE_LAB_TEST_PLANTED";

test("--check reruns from scratch: identical values pass and go onto the report; a planted change is found and named", async () => {
  const dir = workspace("check");
  writeNotebooks(dir, {
    "01-planted": [
      { code: `import * as lab from "vae-lab";\nconst offset = 1;`, tags: ["parameters"] },
      `await lab.initBackend({ backend: "wasm", quiet: true });\nlab.record("result", { value: offset + 0.5 + Number(process.env.${PLANT} ?? 0), label: "same" });`,
      `lab.record("fitSeconds", Math.random());`,
    ],
  });
  assert.ok((await build(dir, { set: ["offset=2"] })).ok);
  const out = path.join(dir, "out");
  const check = () => checkReport({ root: ROOT, notebooks: path.join(dir, "notebooks"), report: out, stream: captureStream() });
  const passed = await check();
  assert.ok(passed.passed && passed.ran, passed.text);
  assert.deepEqual(passed.rows.map((r) => `${r.name}:${r.status}`), ["result.value:identical", "result.label:identical", "fitSeconds:timing"]);
  assert.equal(passed.rows[0].after, 2.5, "the report's --set offset=2 was used again");
  let metrics = JSON.parse(fs.readFileSync(path.join(out, "metrics.json"), "utf8")) as MetricsFile;
  assert.deepEqual([metrics.check?.passed, metrics.check?.values, metrics.check?.identical], [true, 2, 2]);
  assert.match(passed.line, /^checked: rerun from scratch on \d{4}-\d\d-\d\d on wasm .*, 2 values, all identical \(1 timings shown, not compared\)$/);

  process.env[PLANT] = "0.25";
  try {
    const failed = await check();
    assert.equal(failed.passed, false);
    assert.deepEqual(failed.rows.filter((r) => r.status === "differs").map((r) => [r.name, r.before, r.after]), [["result.value", 2.5, 2.75]]);
    assert.match(failed.text, /result\.value +2\.5 +2\.75 +0\.25 +DIFFERS/);
  } finally {
    delete process.env[PLANT];
  }
  metrics = JSON.parse(fs.readFileSync(path.join(out, "metrics.json"), "utf8")) as MetricsFile;
  assert.deepEqual(metrics.check?.differences, [{ notebook: "01-planted", name: "result.value", before: 2.5, after: 2.75, status: "differs" }]);
  assert.deepEqual(Object.keys(metrics.notebooks["01-planted"].metrics), ["result", "fitSeconds"], "the report's own values stay");

  const read = () => JSON.parse(fs.readFileSync(path.join(out, "metrics.json"), "utf8")) as MetricsFile;
  assert.ok((await build(dir, { set: ["offset=2"] })).ok);
  assert.equal(read().check?.passed, false, "a rebuild from the cache keeps the check of the values it did not change");
  assert.ok((await build(dir, { set: ["offset=3"] })).ok);
  assert.equal(read().check, undefined, "new values drop the check");
});
