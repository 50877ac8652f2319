import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { test } from "node:test";
import { tempDir } from "../support/lab";

const cli = path.join(__dirname, "..", "..", "lib", "cli", "train.js");
const checkpoints = tempDir();

function train(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: "utf8",
    env: { ...process.env, VAE_LAB_CHECKPOINTS: checkpoints, VAE_LAB_BACKEND: "wasm" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("--json prints one final line with the run's numbers, the same twice for one seed", () => {
  const args = ["--model", "dense-vae-2d", "--epochs", "1", "--train-size", "500", "--test-size", "200", "--seed", "5", "--json"];
  const a = train(...args);
  assert.equal(a.code, 0, a.stderr);
  const lines = a.stdout.trim().split("\n");
  assert.equal(lines.length, 1);
  const r = JSON.parse(lines[0]);
  assert.deepEqual(Object.keys(r).slice(0, 8), ["model", "backend", "epochs", "trainSize", "seed", "seconds", "samplesPerSecond", "test"]);
  assert.equal(r.model, "dense-vae-2d");
  assert.equal(r.backend, "wasm");
  assert.equal(r.trainSize, 500);
  assert.ok(Number.isFinite(r.test.total) && r.test.total > 0);
  assert.ok(Math.abs(r.test.total - r.test.reconstruction - r.test.kl) < 1e-6);
  assert.equal(r.loaded, false);
  const b = JSON.parse(train(...args).stdout);
  assert.equal(b.loaded, true);
  assert.deepEqual(b.test, r.test);
  const c = JSON.parse(train(...args, "--retrain").stdout);
  assert.equal(c.loaded, false);
  assert.deepEqual(c.test, r.test);
});

test("an unknown model or a bad option is a one-line error listing the choices, exit code 2", () => {
  const bad = train("--model", "nope");
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split("\n").length, 1);
  assert.match(bad.stderr, /^train: unknown model: nope \(choose one of dense-vae-2d, .+\)\n$/);
  const opt = train("--model", "dense-vae-2d", "--backend", "gpu");
  assert.equal(opt.code, 2);
  assert.match(opt.stderr, /^train: invalid --backend: gpu \(choose one of auto, tensorflow-gpu, webgpu, tensorflow, wasm, cpu\)\n$/);
  const unknown = train("--epochz", "3");
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option: --epochz \(valid: --model, --epochs, /);
  assert.equal(train("--model", "dense-vae-2d", "--epochs", "-1").code, 2);
});

test("--workers 2 trains in two threads; the checkpoint is the same model's, so a later run with 1 loads it", () => {
  const args = ["--model", "dense-vae-2d", "--epochs", "1", "--train-size", "300", "--test-size", "100", "--seed", "9", "--json"];
  const two = JSON.parse(train(...args, "--workers", "2").stdout);
  assert.deepEqual([two.workers, two.loaded], [2, false]);
  const plain = JSON.parse(train(...args, "--retrain").stdout);
  assert.deepEqual([plain.workers, plain.loaded, plain.checkpoint], [1, false, two.checkpoint]);
  assert.ok(Math.abs(two.test.total - plain.test.total) / plain.test.total < 1e-4, `${two.test.total} vs ${plain.test.total}`);
  const one = JSON.parse(train(...args, "--workers", "1").stdout);
  assert.deepEqual([one.loaded, one.checkpoint, one.workers], [true, plain.checkpoint, 1]);
  const bad = train(...args, "--workers", "0");
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, "train: invalid --workers: 0 (an integer 1-64 or auto)\n");
});

test("--list prints every preset with one line each", () => {
  const r = train("--list");
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^dense-vae-2d +dense VAE 784-512-2-512-784/m);
});
