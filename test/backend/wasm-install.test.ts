import { test } from "node:test";
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { installWasmKernels, isOverridden, WASM_OVERRIDES } from "../../lib/backend/wasm";
import { randomData, relativeError, valuesOn } from "./wasm-support";

// Runs in its own process (node --test isolates files), so nothing has initialised wasm yet.
test("installWasmKernels works before setBackend('wasm') and is idempotent", async () => {
  const names = WASM_OVERRIDES.map(([name]) => name);
  assert.deepEqual(installWasmKernels(), names);
  assert.deepEqual(installWasmKernels(), []);
  await tf.setBackend("wasm");
  assert.deepEqual(installWasmKernels(), []);
  for (const name of names) assert.ok(isOverridden(name), `${name} not overridden`);
  const ad = randomData(50 * 70, 1);
  const bd = randomData(90 * 50, 2);
  const build = () => tf.matMul(tf.tensor(ad, [50, 70]), tf.tensor(bd, [90, 50]), true, true);
  const [want] = await valuesOn("cpu", build);
  const [got] = await valuesOn("wasm", build);
  assert.ok(relativeError(got, want) < 1e-5, `relative error ${relativeError(got, want)}`);
});
