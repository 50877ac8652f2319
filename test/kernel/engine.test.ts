import assert from "node:assert/strict";
import { after, test } from "node:test";
import { Engine } from "../../lib/kernel/engine";
import { workspace } from "../support/notebooks";

const engine = new Engine(workspace("engine"));
after(() => engine.close());

test("an interrupt that arrives before the cell's code starts still stops the cell, and the next cell runs", async () => {
  const stopped = await engine.run("await new Promise<void>(() => {}); 1", async () => engine.interrupt());
  assert.equal(stopped.ok, false);
  assert.equal(stopped.error?.ename, "Interrupted");
  const next = await engine.run("40 + 2");
  assert.deepEqual([next.ok, next.value], [true, 42]);
});

test("an interrupt between cells does not stop the next one", async () => {
  engine.interrupt();
  const r = await engine.run("await new Promise((resolve) => setTimeout(resolve, 50)); 'done'");
  assert.deepEqual([r.ok, r.value], [true, "done"]);
});
