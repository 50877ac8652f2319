import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { torchEnv, torchPython } from "../../bench/torch";
import { tempDir } from "../support/lab";

const bench = path.join(__dirname, "..", "..", "bench", "train.js");

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bench, "--backend", "wasm", ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Skips without PyTorch, with the reason; under VAE_LAB_REQUIRE_SYSTEM_TOOLS=1 (CI installs python3-torch) fails instead. */
function torchMissing(): { skip?: string } {
  const r = spawnSync(torchPython(), ["-c", "import torch"], { encoding: "utf8", env: torchEnv() });
  if (r.status === 0) return {};
  const reason = `no PyTorch for ${torchPython()} (apt-get install python3-torch)`;
  if (process.env.VAE_LAB_REQUIRE_SYSTEM_TOOLS === "1") throw new Error(`${reason} (VAE_LAB_REQUIRE_SYSTEM_TOOLS=1 forbids skipping)`);
  return { skip: reason };
}

test("--torch times the PyTorch peer after VAE Lab's model on one thread, round after round, and gives the ratios", torchMissing(), () => {
  const out = path.join(tempDir(), "bench.json");
  const r = run("--models", "dense-vae-2d", "--batch-size", "32", "--steps", "2", "--windows", "2", "--warmup", "1", "--torch", "--rounds", "2", "--json", out);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.match(/^ {2}PyTorch \S+, 1 thread +\d+ .* VAE Lab \/ PyTorch: \d+\.\d\dx wall, \d+\.\d\dx CPU /gm)?.length, 2, r.stdout);
  assert.match(r.stdout, /^ {2}dense-vae-2d: median of 2 rounds \d+ img\/s, PyTorch \d+ img\/s: \d+\.\d\dx \(rounds: \d+\.\d\d, \d+\.\d\d\)$/m);
  const results = JSON.parse(fs.readFileSync(out, "utf8")).results;
  assert.deepEqual(results.map((x: { round: number }) => x.round), [1, 2]);
  assert.deepEqual([results[0].torch.threads, results[0].torch.windowsMs.length], [1, 2]);
  const cuda = spawnSync(torchPython(), ["-c", "import torch; print(torch.cuda.is_available())"], { encoding: "utf8", env: torchEnv() }).stdout.trim() === "True";
  assert.match(results[0].torch.device, cuda ? /^cuda \(.+\)$/ : /^cpu$/, "the peer runs where torch sees a GPU, else on the CPU");
  assert.ok(results[0].torch.samplesPerSecond > 0 && results[0].torch.cpuMsPerStep > 0, JSON.stringify(results[0].torch));
});

test("--torch without a preset that has a PyTorch peer is a one-line usage error", () => {
  const r = run("--models", "gumbel-vae", "--torch");
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "bench: --torch needs --models with dense-vae-2d or conv-vae-2d (the presets with a PyTorch peer)\n");
});

test("the PyTorch run gets one OpenMP and one OpenBLAS thread", () => {
  const env = torchEnv({ LD_LIBRARY_PATH: "/opt/x", OMP_NUM_THREADS: "8" });
  assert.equal(env.OMP_NUM_THREADS, "1");
  assert.equal(env.OPENBLAS_NUM_THREADS, "1");
  assert.match(env.LD_LIBRARY_PATH ?? "", /\/opt\/x$/);
});
