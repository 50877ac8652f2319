import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { buildModel, checkpointId, loadData, preset, trainOrLoad } from "../../lib";
import { writeDirAtomic } from "../../lib/util/fs";
import { tempDir, testBackend } from "../support/lab";

before(testBackend);
process.env.VAE_LAB_QUIET = "1";
const data = loadData("mnist", { trainSize: 300, testSize: 100 });
const options = (dir: string) => ({
  model: preset("dense-vae-2d").model,
  train: { epochs: 1, batchSize: 100, learningRate: 1e-3, seed: 3 },
  data,
  dir,
});

function outputs(model: ReturnType<typeof buildModel>): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(new Float32Array(4 * 784).map((_, i) => (i % 7) / 7), [4, 28, 28, 1]);
    return tf.concat([tf.reshape(model.embed(x), [-1]), tf.reshape(model.decode(model.embed(x)), [-1])]).dataSync() as Float32Array;
  });
}

test("train-or-load: the second call loads bit-identical weights and the same history without training", async () => {
  const dir = tempDir();
  const first = await trainOrLoad(options(dir));
  assert.equal(first.loaded, false);
  assert.ok(fs.existsSync(path.join(first.path, "weights.bin")));
  let steps = 0;
  const second = await trainOrLoad({ ...options(dir), callbacks: { onStep: () => steps++ } });
  assert.equal(second.loaded, true);
  assert.equal(steps, 0);
  assert.equal(second.path, first.path);
  assert.deepEqual(outputs(second.model), outputs(first.model));
  assert.deepEqual(second.history.toJSON(), JSON.parse(JSON.stringify(first.history.toJSON())));
  const retrained = await trainOrLoad({ ...options(dir), retrain: true });
  assert.equal(retrained.loaded, false);
  assert.deepEqual(outputs(retrained.model), outputs(first.model));
});

test("the key covers model, training, data and seed", () => {
  const base = { model: preset("dense-vae-2d").model, train: options("").train, data: { train: data.train.spec } };
  const id = checkpointId(base);
  assert.match(id, /^vae-[0-9a-f]{16}$/);
  assert.equal(checkpointId(JSON.parse(JSON.stringify(base))), id);
  assert.notEqual(checkpointId({ ...base, train: { ...base.train, seed: 4 } }), id);
  assert.notEqual(checkpointId({ ...base, model: { ...base.model, beta: 2 } }), id);
  assert.notEqual(checkpointId({ ...base, data: { train: { ...data.train.spec, size: 299 } } }), id);
});

test("a corrupt or partial checkpoint is reported with its path and retrained, never used", async () => {
  const dir = tempDir();
  const first = await trainOrLoad(options(dir));
  const weights = path.join(first.path, "weights.bin");
  for (const damage of [
    () => fs.truncateSync(weights, 100),
    () => fs.writeFileSync(weights, Buffer.alloc(fs.statSync(weights).size, 1)),
    () => fs.writeFileSync(path.join(first.path, "manifest.json"), "{not json"),
    () => fs.rmSync(weights),
  ]) {
    damage();
    const messages: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    delete process.env.VAE_LAB_QUIET;
    (process.stderr as { write: unknown }).write = (s: string) => (messages.push(String(s)), true);
    try {
      const again = await trainOrLoad(options(dir));
      assert.equal(again.loaded, false);
      assert.deepEqual(outputs(again.model), outputs(first.model));
    } finally {
      (process.stderr as { write: unknown }).write = write;
      process.env.VAE_LAB_QUIET = "1";
    }
    assert.equal(messages.length, 1);
    assert.match(messages[0], new RegExp(`^vae-lab: checkpoint unusable, retraining: ${first.path}/(weights\\.bin|manifest\\.json): .+\\n$`));
    assert.equal((await trainOrLoad(options(dir))).loaded, true);
  }
});

test("an atomic folder write that fails leaves the previous contents", () => {
  const dir = path.join(tempDir(), "ckpt");
  writeDirAtomic(dir, (tmp) => fs.writeFileSync(path.join(tmp, "a"), "good"));
  assert.throws(() => writeDirAtomic(dir, (tmp) => {
    fs.writeFileSync(path.join(tmp, "a"), "half");
    throw new Error("disk full");
  }), /disk full/);
  assert.equal(fs.readFileSync(path.join(dir, "a"), "utf8"), "good");
  assert.deepEqual(fs.readdirSync(path.dirname(dir)), ["ckpt"]);
});
