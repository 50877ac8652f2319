import assert from "node:assert/strict";
import { test } from "node:test";
import { backendInfo, BackendUnavailable, describeBackend, initBackend, parseBackend } from "../../lib/backend";

// As on a machine where tfjs-backend-wasm did not install.
const blocked = ["@tensorflow/tfjs-backend-wasm"];

test("a forced backend that cannot load is an error saying why", async () => {
  await assert.rejects(initBackend({ backend: "wasm", quiet: true, blocked }), (e: Error) => {
    assert.ok(e instanceof BackendUnavailable);
    assert.equal(e.message, "backend wasm cannot load: @tensorflow/tfjs-backend-wasm not installed");
    return true;
  });
  await assert.rejects(initBackend({ backend: "tensorflow", quiet: true, blocked }), /backend tensorflow cannot load: @tensorflow\/tfjs-node not installed/);
});

test("the automatic choice falls back past what cannot load, says what it skipped, and never tries libtensorflow on the CPU", async () => {
  const info = await initBackend({ backend: "auto", quiet: true, blocked });
  assert.equal(info.name, "cpu");
  assert.deepEqual(info.skipped.map((s) => s.name), ["tensorflow-gpu", "webgpu", "wasm"]);
  assert.match(info.skipped[2].reason, /tfjs-backend-wasm not installed/);
  assert.equal(info.reproducibility, "portable: TensorFlow.js cpu kernels (JavaScript)");
});

test("wasm reports SIMD and threads; the report is one line", async () => {
  const info = await initBackend({ backend: "wasm", quiet: true });
  assert.equal(info.name, "wasm");
  assert.equal(backendInfo(), info);
  assert.equal(typeof info.wasm?.simd, "boolean");
  assert.match(info.reproducibility, /^portable: wasm SIMD kernels( \+ VAE Lab's GEMM \(one fused multiply-add chain per element\))?$/);
  assert.match(describeBackend(info), /^wasm \(tfjs 4\.\d+\.\d+, (no )?SIMD, (1 thread|threads)\)( \+ portable GEMM \((avx512|avx2|scalar) kernel\))?$/);
});

test("backend names are validated", () => {
  assert.equal(parseBackend("cpu"), "cpu");
  assert.throws(() => parseBackend("gpu"), /invalid backend: gpu \(choose one of auto, tensorflow-gpu, webgpu, tensorflow, wasm, cpu\)/);
});
