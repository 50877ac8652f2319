import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { tempDir } from "../support/lab";

const bench = path.join(__dirname, "..", "..", "bench", "train.js");

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [bench, "--backend", "wasm", ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("--workers 2 times two-thread training and says so in the table and the JSON file", () => {
  const out = path.join(tempDir(), "bench.json");
  const r = run("--models", "dense-vae-2d", "--batch-size", "32", "--steps", "2", "--windows", "2", "--warmup", "1", "--workers", "2", "--json", out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /batch 32, workers 2, median of 2 windows/);
  assert.match(r.stdout, /^dense-vae-2d +2 +\d+ /m);
  const json = JSON.parse(fs.readFileSync(out, "utf8"));
  assert.equal(json.options.workers, 2);
  const [res] = json.results;
  assert.deepEqual([res.model, res.batchSize, res.workers, res.windowsMs.length], ["dense-vae-2d", 32, 2, 2]);
  assert.ok(res.msPerStep > 0 && res.samplesPerSecond > 0 && res.cpuSeconds > 0, JSON.stringify(res));
});

test("a bad --workers is a one-line usage error, exit code 2", () => {
  const r = run("--workers", "many");
  assert.equal(r.code, 2);
  assert.equal(r.stderr, "bench: invalid --workers: many (an integer 1-64 or auto)\n");
});
