import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { batchCount, batches, loadMnist } from "../../lib/data";
import { testBackend } from "../support/lab";

before(testBackend);
const ds = loadMnist({ split: "test", size: 300 });

function labelsOf(options: Parameters<typeof batches>[1]): number[] {
  const out: number[] = [];
  for (const b of batches(ds, options)) {
    out.push(...b.labels.dataSync());
    tf.dispose([b.x, b.labels]);
  }
  return out;
}

test("a pass visits every image once; shuffles are seeded per epoch", () => {
  const plain = labelsOf({ batchSize: 64, shuffle: false });
  assert.deepEqual(plain, [...ds.labels]);
  const a = labelsOf({ batchSize: 64, seed: 1, epoch: 1 });
  assert.deepEqual(a, labelsOf({ batchSize: 64, seed: 1, epoch: 1 }));
  assert.notDeepEqual(a, labelsOf({ batchSize: 64, seed: 1, epoch: 2 }));
  assert.deepEqual([...a].sort(), [...plain].sort());
  assert.equal(batchCount(ds, { batchSize: 64 }), 5);
  assert.equal(batchCount(ds, { batchSize: 64, dropRemainder: true }), 4);
});

test("pixels scale to [0,1]; fixed and dynamic binarisation give 0/1 with the right mean", () => {
  const first = (binarize: "none" | "fixed" | "dynamic", seed = 0) => {
    const b = batches(ds, { batchSize: 300, shuffle: false, binarize, seed }).next().value!;
    const x = b.x.dataSync().slice() as Float32Array;
    tf.dispose([b.x, b.labels]);
    return x;
  };
  const gray = first("none");
  assert.equal(gray[ds.images.findIndex((v) => v === 255)], 1);
  const fixed = first("fixed");
  assert.ok(fixed.every((v, i) => v === (Math.round(gray[i] * 255) > 127 ? 1 : 0)));
  const dyn = first("dynamic", 4);
  assert.ok(dyn.every((v) => v === 0 || v === 1));
  const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
  assert.ok(Math.abs(mean(dyn) - mean(gray)) < 0.005, `dynamic mean ${mean(dyn)} vs ${mean(gray)}`);
  assert.deepEqual(dyn, first("dynamic", 4));
  assert.notDeepEqual(dyn, first("dynamic", 5));
});

test("bad batch options fail in one line", () => {
  assert.throws(() => batches(ds, { batchSize: 0 }).next(), /invalid batch size: 0/);
  assert.throws(() => batches(ds, { batchSize: 8, binarize: "maybe" as never }).next(), /invalid binarize: maybe/);
});
