import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { cacheKey, fileHash, NotebookCache, treeHash, type CacheInputs } from "../../../report/run/cache";
import { tempDir } from "../../support/lab";
import { notebookOf } from "../../support/notebooks";

const base: CacheInputs = { notebook: notebookOf([{ md: "# T" }, { code: "const n = 1;", tags: ["parameters"] }, "n + 1"]), lib: "lib1", lockfile: "lock1", profile: "smoke", backend: "auto", kernels: "k", overrides: {}, reference: "full-run-1" };

test("the cache key changes with each input it depends on, and says which part changed", () => {
  const k = cacheKey(base);
  const edited = structuredClone(base.notebook);
  edited.cells[2].source = "n + 2";
  const variants: [string, Partial<CacheInputs>][] = [
    ["source", { notebook: edited }],
    ["lib", { lib: "lib2" }],
    ["lockfile", { lockfile: "lock2" }],
    ["profile", { profile: "quick" }],
    ["backend", { backend: "cpu" }],
    ["kernels", { kernels: "backend=auto blas=auto kernels=skylakex threads=1 wasm=vae-lab" }],
    ["parameters", { overrides: { n: 2 } }],
    ["reference", { reference: "full-run-2" }],
  ];
  for (const [part, change] of variants) {
    const v = cacheKey({ ...base, ...change });
    assert.notEqual(v.key, k.key, part);
    assert.deepEqual(Object.keys(v.parts).filter((p) => v.parts[p] !== k.parts[p]), [part]);
  }
  const outputsOnly = structuredClone(base.notebook);
  (outputsOnly.cells[2] as { outputs: unknown[] }).outputs = [{ output_type: "stream", name: "stdout", text: "x" }];
  outputsOnly.cells[2].metadata.collapsed = true;
  assert.equal(cacheKey({ ...base, notebook: outputsOnly }).key, k.key, "outputs and editor metadata do not count");
  assert.equal(cacheKey({ ...base, overrides: { b: 1, a: 2 } }).key, cacheKey({ ...base, overrides: { a: 2, b: 1 } }).key);
});

test("the cache returns a stored notebook only under its key and says why it missed", () => {
  const dir = tempDir();
  const cache = new NotebookCache(dir);
  const { key, parts } = cacheKey(base);
  assert.deepEqual(cache.lookup("a", key, parts), { miss: "not in the cache" });
  const nb = structuredClone(base.notebook);
  nb.metadata.vae_lab = { name: "a", source: "a.ipynb", profile: "smoke", parameters: {}, overrides: {}, cacheKey: key, status: "ok", started: "", ended: "", seconds: 1 };
  cache.store("a", nb, parts);
  assert.ok("notebook" in cache.lookup("a", key, parts));
  assert.deepEqual(cache.lookup("other/a", key, parts), { miss: "not in the cache" }, "a notebook of the same name elsewhere is another entry");
  const other = cacheKey({ ...base, lib: "lib2" });
  assert.deepEqual(cache.lookup("a", other.key, other.parts), { miss: "lib changed" });
  const quick = cacheKey({ ...base, profile: "quick" });
  assert.deepEqual(cache.lookup("a", quick.key, quick.parts), { miss: "not in the cache" }, "each profile has its own entry");
  assert.ok("notebook" in cache.lookup("a", key, parts), "storing another profile would not evict this one");
  fs.writeFileSync(path.join(dir, fs.readdirSync(dir)[0]), "{ not json");
  assert.match((cache.lookup("a", key, parts) as { miss: string }).miss, /^cached copy unreadable/);
});

test("an earlier run's cell timings come from the cache, else from a report's executed copy of the same profile", () => {
  const dir = tempDir();
  const cache = new NotebookCache(path.join(dir, "cache"));
  const nb = structuredClone(base.notebook);
  const at = (s: number) => new Date(Date.UTC(2026, 11, 5, 0, 0, s)).toISOString();
  nb.cells.forEach((c, i) => {
    if (c.cell_type === "code") c.metadata.execution = { "iopub.status.busy": at(10 * i), "iopub.status.idle": at(10 * i + 3 * i) };
  });
  nb.metadata.vae_lab = { name: "a", source: "a.ipynb", profile: "full", parameters: {}, overrides: {}, cacheKey: "k", status: "ok", started: "", ended: "", seconds: 9, peakMemoryMiB: 700 };
  const report = path.join(dir, "a.ipynb");
  fs.writeFileSync(report, JSON.stringify(nb));
  assert.deepEqual(cache.previousRun("a", "full"), {}, "nothing cached, no fallback");
  assert.deepEqual(cache.previousRun("a", "full", report), { cellSeconds: [3, 6], seconds: 9, peakMemoryMiB: 700 });
  assert.deepEqual(cache.previousRun("a", "quick", report), {}, "another profile's run does not count");
  assert.deepEqual(cache.previousRun("a", "full", path.join(dir, "missing.ipynb")), {});
  const cached = structuredClone(nb);
  cached.metadata.vae_lab!.seconds = 4;
  cache.store("a", cached, cacheKey({ ...base, profile: "full" }).parts);
  assert.equal(cache.previousRun("a", "full", report).seconds, 4, "the cache's own run comes first");
});

test("tree and file hashes follow contents and names", () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "a.js"), "1");
  fs.writeFileSync(path.join(dir, "a.js.map"), "m");
  const h = treeHash(dir, (f) => !f.endsWith(".map"));
  fs.writeFileSync(path.join(dir, "a.js.map"), "changed");
  assert.equal(treeHash(dir, (f) => !f.endsWith(".map")), h);
  fs.writeFileSync(path.join(dir, "a.js"), "2");
  assert.notEqual(treeHash(dir, (f) => !f.endsWith(".map")), h);
  assert.equal(treeHash(path.join(dir, "none")), "missing");
  assert.equal(fileHash(path.join(dir, "none")), "missing");
  assert.equal(fileHash(path.join(dir, "a.js")).length, 16);
});
