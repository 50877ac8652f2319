import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { randomData, trackWasmMallocs, useWasm } from "./wasm-support";

test("Identity and same-dtype Cast share the input's wasm memory, and it lives until the last user is disposed", async () => {
  const backend = await useWasm();
  const data = randomData(1000, 1);
  const mallocs = trackWasmMallocs(backend);
  try {
    const x = tf.tensor(data, [10, 100]);
    const blocks = mallocs.liveBlocks();
    const dataIds = backend.numDataIds();
    const copies = [tf.clone(x), tf.cast(x, "float32"), tf.engine().runKernel("Identity", { x }) as tf.Tensor];
    assert.equal(mallocs.liveBlocks(), blocks, "a copy allocated wasm memory");
    assert.equal(backend.numDataIds(), dataIds, "a copy made a new data id");
    x.dispose();
    for (const c of copies) assert.deepEqual(c.dataSync(), data);
    tf.dispose(copies.slice(0, 2));
    assert.deepEqual(copies[2].dataSync(), data);
    copies[2].dispose();
    assert.equal(mallocs.liveBlocks(), 0, `${mallocs.liveBlocks()} wasm blocks still allocated`);
  } finally {
    mallocs.stop();
  }
});

test("Cast to another dtype still converts, and strings still clone", async () => {
  await useWasm();
  const x = tf.tensor1d([1.7, -2.2, 0, 3.5]);
  const ints = tf.cast(x, "int32");
  assert.equal(ints.dtype, "int32");
  assert.deepEqual([...ints.dataSync()], [1, -2, 0, 3]);
  const back = tf.cast(ints, "float32");
  assert.deepEqual([...back.dataSync()], [1, -2, 0, 3]);
  const s = tf.tensor1d(["a", "b"], "string");
  assert.deepEqual(tf.clone(s).dataSync(), ["a", "b"]);
  tf.dispose([x, ints, back, s]);
});
