import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { checkReport } from "../../../report/check/run";
import { ROOT } from "../../support/kernel";
import { tempDir } from "../../support/lab";
import { build, captureStream, metricsOf, TRAINS, withCheckpoints, workspace, writeNotebooks } from "../../support/notebooks";
import { treeState } from "../../support/tree";

test("--check trains every model again: the rerun trained (loaded none), its line says so, the real checkpoints stay", async () => {
  const dir = workspace("check-retrain");
  writeNotebooks(dir, { "01-trains": TRAINS });
  const out = path.join(dir, "out");
  const checkpoints = tempDir();
  await withCheckpoints(checkpoints, async () => {
    const built = await build(dir, { cache: false });
    assert.ok(built.ok, built.failures.map((f) => f.message).join("\n"));
    const trained = metricsOf(out).notebooks["01-trains"].kernel!.checkpoints;
    assert.deepEqual(trained.map((c) => [path.dirname(c.path), c.loaded]), [[checkpoints, false]], "the build trained in the real folder");
    const before = treeState(checkpoints);

    const r = await checkReport({ root: ROOT, notebooks: path.join(dir, "notebooks"), report: out, stream: captureStream() });
    assert.ok(r.passed && r.ran, r.text);
    const check = metricsOf(out).check!;
    assert.deepEqual(check.models, { retrained: 1, loaded: 0 }, "a check that reused the real checkpoint would say loaded: 1");
    assert.ok(check.values > 0 && check.identical === check.values, "the retrained model gave bit-identical values");
    const line = `^checked: rerun from scratch on [-\\d]+ on wasm .*, 1 model retrained, ${check.values} values, all identical$`;
    assert.match(r.line, new RegExp(line));
    assert.deepEqual(treeState(checkpoints), before, "the real checkpoint folder: nothing written, added or removed");
    assert.deepEqual(metricsOf(out).notebooks["01-trains"].kernel!.checkpoints, trained, "the report still names the real checkpoint");
  });
});
