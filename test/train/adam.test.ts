import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { countTraffic } from "../../lib/backend/traffic";
import { blas, BlasBinding, enableBlas } from "../../lib/backend/wasm";
import { adam, FusedAdam } from "../../lib/train/adam";
import { randomData, trackWasmMallocs, useWasm } from "../backend/wasm-support";
import { needsBlas, useBlasWasm } from "../backend/blas-support";

type Make = () => tf.Optimizer;
const heapOf = (backend: { wasm: unknown }) => (backend.wasm as { HEAPU8: Uint8Array }).HEAPU8.buffer;
const CONFIGS: [string, number, number, number, number | undefined][] = [
  ["defaults", 1e-2, 0.9, 0.999, undefined],
  ["odd constants", 3e-3, 0.8, 0.95, 1e-6],
];

/** Fails at the first element whose float32 bits differ, naming it. */
function sameBits(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  const a = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const b = new Uint32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) assert.fail(`${what}: element ${i} is ${got[i]}, tf.train.adam gives ${want[i]}`);
  }
}

/** Counts the addon's adamUpdate calls while `fn` runs (0 when the addon is absent). */
function countAdam<T>(fn: () => T): { result: T; calls: number } {
  const binding = blas().binding as BlasBinding | null;
  const original = binding?.adamUpdate;
  let calls = 0;
  if (binding && original) {
    binding.adamUpdate = (...args: Parameters<NonNullable<BlasBinding["adamUpdate"]>>) => {
      calls++;
      original(...args);
    };
  }
  try {
    return { result: fn(), calls };
  } finally {
    if (binding && original) binding.adamUpdate = original;
  }
}

/** `steps` minimize steps of a small dense autoencoder; returns the losses and every weight. */
function trainDense(make: Make, steps: number): { losses: Float32Array; weights: Float32Array[] } {
  const shapes = [[48, 32], [32], [32, 8], [8], [8, 32], [32], [32, 48], [48]];
  const vars = shapes.map((s, i) => tf.variable(tf.mul(tf.tensor(randomData(s.reduce((p, q) => p * q, 1), i + 1), s), 0.3)));
  const x = tf.tensor2d(randomData(16 * 48, 77), [16, 48]);
  const opt = make();
  const losses = new Float32Array(steps);
  for (let step = 0; step < steps; step++) {
    const cost = opt.minimize(() => {
      let h: tf.Tensor = x;
      for (let l = 0; l < 4; l++) {
        h = tf.add(tf.matMul(h, vars[2 * l]), vars[2 * l + 1]);
        if (l < 3) h = tf.tanh(h);
      }
      return tf.mean(tf.square(tf.sub(h, x)));
    }, true, vars)!;
    losses[step] = cost.dataSync()[0];
    cost.dispose();
  }
  const weights = vars.map((v) => Float32Array.from(v.dataSync()));
  opt.dispose();
  tf.dispose([x, ...vars]);
  return { losses, weights };
}

/**
 * `steps` applyGradients calls on random variables with random gradients spanning many magnitudes
 * (with zeros, tiny and huge entries), list form on even steps, map form on odd ones; a variable
 * with no gradient on step 2. Returns the weights and the optimizer's saved moments.
 */
async function trainRandom(make: Make, steps: number): Promise<Float32Array[]> {
  const shapes = [[300, 7], [7], [1], [5, 4, 3]];
  const vars = shapes.map((s, i) => tf.variable(tf.tensor(randomData(s.reduce((p, q) => p * q, 1), 10 + i), s)));
  const opt = make();
  for (let step = 0; step < steps; step++) {
    const grads = vars.map((v, i) => tf.tidy(() => {
      const n = v.size;
      const raw = randomData(n, 100 * step + i);
      const scale = randomData(n, 1000 + 100 * step + i).map((u) => 10 ** Math.round(u * 20));
      return tf.tensor(raw.map((r, j) => (j % 11 === 0 ? 0 : r * scale[j])), v.shape);
    }));
    if (step % 2 === 0) opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: step === 2 && i === 1 ? (null as unknown as tf.Tensor) : grads[i] })));
    else opt.applyGradients(Object.fromEntries(vars.map((v, i) => [v.name, grads[i]])));
    tf.dispose(grads);
  }
  const saved = await opt.getWeights();
  const out = [...vars.map((v) => Float32Array.from(v.dataSync())), ...saved.slice(1).map((w) => Float32Array.from(w.tensor.dataSync()))];
  opt.dispose();
  tf.dispose(vars);
  return out;
}

async function compareWithTfjs(label: string, expectNative: boolean): Promise<void> {
  for (const [name, lr, b1, b2, eps] of CONFIGS) {
    const want = trainDense(() => tf.train.adam(lr, b1, b2, eps), 6);
    const { result: got, calls } = countAdam(() => trainDense(() => adam(lr, b1, b2, eps), 6));
    assert.equal(calls, expectNative ? 6 * 8 : 0, `${label} ${name}: native adamUpdate calls`);
    sameBits(got.losses, want.losses, `${label} ${name}: losses`);
    got.weights.forEach((w, i) => sameBits(w, want.weights[i], `${label} ${name}: dense weight ${i}`));
    assert.ok(want.losses[5] < want.losses[0], `${label} ${name}: the loss did not fall`);

    const wantR = await trainRandom(() => tf.train.adam(lr, b1, b2, eps), 7);
    const gotR = await trainRandom(() => adam(lr, b1, b2, eps), 7);
    gotR.forEach((w, i) => sameBits(w, wantR[i], `${label} ${name}: random variable or moment ${i}`));
  }
}

test("FusedAdam's native step is bit-identical to tf.train.adam on wasm (losses, weights, moments)", needsBlas(), async () => {
  await useBlasWasm();
  await compareWithTfjs("native", true);
});

test("FusedAdam falls back to tfjs's op sequence, bit-identical, without the addon and on cpu", async () => {
  await useWasm();
  const was = enableBlas(false);
  try {
    await compareWithTfjs("wasm fallback", false);
  } finally {
    enableBlas(true);
  }
  await tf.setBackend("cpu");
  try {
    await compareWithTfjs("cpu", false);
  } finally {
    await useWasm();
    enableBlas(was);
  }
});

test("the fallback step uploads its constants once and two bias corrections a step, and dispose frees them", async () => {
  await useWasm();
  const was = enableBlas(false);
  try {
    const w = tf.variable(tf.tensor1d([1, -2, 3]));
    const before = tf.memory().numTensors;
    const loss = () => tf.sum(tf.square(w)) as tf.Scalar;
    const uploadsOf = (f: () => void) => {
      const traffic = countTraffic();
      for (let step = 0; step < 4; step++) f();
      traffic.stop();
      return traffic.counts().uploads;
    };
    const gradientsAlone = uploadsOf(() => {
      const r = tf.variableGrads(loss, [w]);
      tf.dispose([r.value, ...Object.values(r.grads)]);
    });
    const opt = adam(0.01);
    const withAdam = uploadsOf(() => opt.minimize(loss, false, [w]));
    // one variable: 6 constants once, then 2 bias corrections a step
    assert.equal(withAdam - gradientsAlone, 6 + 4 * 2, `uploads in 4 steps: ${withAdam}, of which the gradients' ${gradientsAlone}`);
    opt.dispose();
    assert.equal(tf.memory().numTensors, before, "tensors left after dispose");
    w.dispose();
  } finally {
    enableBlas(was);
  }
});

test("switching between the native and the fallback step mid-training keeps one state", needsBlas(), async () => {
  await useBlasWasm();
  // enableBlas also moves the GEMMs (so the gradients) between OpenBLAS and XNNPACK: switch both runs alike.
  const alternating = (make: Make): Make => () => {
    let step = 0;
    const opt = make();
    const minimize = opt.minimize.bind(opt);
    opt.minimize = (f, ret, list) => {
      enableBlas(step++ % 2 === 0);
      return minimize(f, ret, list);
    };
    return opt;
  };
  try {
    const want = trainDense(alternating(() => tf.train.adam(1e-2)), 6);
    enableBlas(true);
    const { result: got, calls } = countAdam(() => trainDense(alternating(() => adam(1e-2)), 6));
    assert.equal(calls, 3 * 8, "native calls on alternate steps");
    sameBits(got.losses, want.losses, "losses");
    got.weights.forEach((w, i) => sameBits(w, want.weights[i], `weight ${i}`));
  } finally {
    enableBlas(true);
  }
});

test("FusedAdam leaks no tensors or wasm heap blocks, and dispose frees its moments", needsBlas(), async () => {
  const backend = await useBlasWasm();
  const shapes = [[200, 50], [50]];
  const vars = shapes.map((s, i) => tf.variable(tf.tensor(randomData(s.reduce((p, q) => p * q, 1), i + 5), s)));
  const x = tf.tensor2d(randomData(8 * 200, 3), [8, 200]);
  const before = tf.memory().numTensors;
  const opt = adam(1e-3);
  const step = () => opt.minimize(() => tf.mean(tf.square(tf.add(tf.matMul(x, vars[0]), vars[1]))), false, vars);
  step();
  assert.equal(tf.memory().numTensors, before + 4, "two moments per variable after the first step");
  const tensors = tf.memory().numTensors;
  const heapBytes = heapOf(backend).byteLength;
  const mallocs = trackWasmMallocs(backend);
  try {
    for (let i = 0; i < 5; i++) step();
    // The steps write the weights and moments in place: nothing allocated during them stays live.
    assert.equal(mallocs.liveBlocks(), 0, `${mallocs.liveBlocks()} wasm blocks (${mallocs.liveBytes()} bytes) live after 5 steps`);
    assert.equal(heapOf(backend).byteLength, heapBytes, "the wasm heap grew");
  } finally {
    mallocs.stop();
  }
  assert.equal(tf.memory().numTensors, tensors, "tensor count grew");
  assert.equal(opt.iterations, 6);
  opt.dispose();
  assert.equal(tf.memory().numTensors, before, "dispose left tensors");
  tf.dispose([x, ...vars]);
});

test("the native step writes in place, and not while another tensor shares a weight's memory", needsBlas(), async () => {
  await useBlasWasm();
  const w = tf.variable(tf.tensor(randomData(64, 3)));
  const ref = tf.variable(tf.tensor(randomData(64, 3)));
  const g = (s: number) => tf.tensor(randomData(64, 90 + s));
  const [fused, plain] = [adam(1e-2), tf.train.adam(1e-2)];
  const step = (s: number) => {
    tf.tidy(() => fused.applyGradients([{ name: w.name, tensor: g(s) }]));
    tf.tidy(() => plain.applyGradients([{ name: ref.name, tensor: g(s) }]));
  };
  step(0);
  const id = w.dataId;
  step(1);
  assert.equal(w.dataId, id, "an unshared weight keeps its memory");
  const held = tf.clone(w);
  const kept = Float32Array.from(held.dataSync());
  step(2);
  assert.notEqual(w.dataId, id, "a weight with a live clone gets new memory");
  sameBits(Float32Array.from(held.dataSync()), kept, "the clone after a step");
  step(3);
  sameBits(Float32Array.from(w.dataSync()), Float32Array.from(ref.dataSync()), "weights after 4 steps");
  tf.dispose([held, w, ref]);
  fused.dispose();
  plain.dispose();
});

test("restoring tf.train.adam's saved state into FusedAdam continues bit-identically", needsBlas(), async () => {
  await useBlasWasm();
  const v = tf.variable(tf.tensor(randomData(64, 8)));
  const w = tf.variable(tf.tensor(randomData(64, 8)));
  const g = (s: number) => tf.tensor(randomData(64, 50 + s));
  const ref = tf.train.adam(1e-2);
  for (let s = 0; s < 3; s++) tf.tidy(() => ref.applyGradients([{ name: v.name, tensor: g(s) }]));
  w.assign(v);
  const saved = await ref.getWeights();
  const fused = new FusedAdam(1e-2);
  const copies = saved.map((s) => ({ name: s.name, tensor: s.tensor.clone() }));
  await fused.setWeights(copies);
  tf.dispose([...copies.map((c) => c.tensor), saved[0].tensor]);
  for (let s = 3; s < 6; s++) {
    tf.tidy(() => ref.applyGradients([{ name: v.name, tensor: g(s) }]));
    tf.tidy(() => fused.applyGradients([{ name: w.name, tensor: g(s) }]));
  }
  assert.equal(fused.iterations, 6);
  sameBits(Float32Array.from(w.dataSync()), Float32Array.from(v.dataSync()), "weights after restoring");
  ref.dispose();
  fused.dispose();
  tf.dispose([v, w]);
});

test("adamUpdate rejects out-of-range and overlapping arrays in one line", needsBlas(), () => {
  const native = (blas().binding as BlasBinding).adamUpdate!;
  const heap = new Float32Array(40).fill(1);
  const call = (offsets: number[], n: number) => () =>
    native(heap, heap, heap, heap, heap, heap, heap, ...(offsets as [number, number, number, number, number, number, number]), n, 1e-3, 0.9, 0.999, 1e-7, 0.1, 0.001);
  assert.doesNotThrow(call([0, 5, 10, 15, 20, 25, 30], 5));
  assert.deepEqual([...heap.subarray(25, 30)], Array(5).fill(Math.fround(Math.fround(0.9) + Math.fround(1 - 0.9))), "m' = m*b1 + g*(1-b1)");
  assert.throws(call([0, 5, 10, 15, 20, 25, 36], 5), { name: "RangeError", message: "adamUpdate: outV has 40 elements, needs 41 (offset 36, n 5)" });
  assert.throws(call([0, 5, 10, 15, 20, 22, 30], 5), { name: "RangeError", message: "adamUpdate: outM overlaps outW" });
  assert.throws(call([0, 5, 10, 15, 2, 25, 30], 5), { name: "RangeError", message: "adamUpdate: outW overlaps w" });
  assert.throws(call([0, 5, 10, 15, 5, 25, 30], 5), { name: "RangeError", message: "adamUpdate: outW overlaps m" });
  assert.throws(call([0, 5, 10, 15, 20, 25, 30], -1), { name: "RangeError", message: "adamUpdate: n must be a non-negative integer, got -1" });
  assert.throws(() => (native as (...a: unknown[]) => void)(heap), { name: "TypeError", message: "adamUpdate: expected 21 arguments, got 1" });
  assert.throws(() => adam(Number.NaN), { message: "adam: learning rate must be a finite number, got NaN" });
  assert.throws(() => adam(1e-3, 1), { message: "adam: beta1 must be in [0, 1), got 1" });
});
