import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, test } from "node:test";
import { readBundle } from "../../../report/bundle/bundle";
import type { MetricsFile } from "../../../report/metrics";
import { ROOT } from "../../support/kernel";
import { build, metricsOf, workspace, writeNotebooks } from "../../support/notebooks";
import { treeState } from "../../support/tree";

const PLANT = "VAE_LAB_TEST_PLANTED";
const dir = workspace("check-cli");
const out = path.join(dir, "out");

/** `npm run report -- --check ...` on the workspace's notebooks and report; `plant` goes to the kernels as {@link PLANT}. */
function check(args: string[], plant?: string) {
  const env = { ...process.env, VAE_LAB_REPORT_CACHE: path.join(dir, "cache"), ...(plant ? { [PLANT]: plant } : {}) };
  const cli = path.join(ROOT, "dist", "report", "cli.js");
  return spawnSync(process.execPath, [cli, "--check", "--notebooks", path.join(dir, "notebooks"), "--out", out, "--no-pdf", ...args], {
    encoding: "utf8", timeout: 120000, env,
  });
}

before(async () => {
  writeNotebooks(dir, {
    "01-planted": [
      { code: `import * as lab from "vae-lab";\nconst offset = 1;`, tags: ["parameters"] },
      `await lab.initBackend({ backend: "wasm", quiet: true });\nif (process.env.${PLANT} === "fail") throw new Error("planted failure");`,
      `lab.record("value", offset + Number(process.env.${PLANT} ?? 0));`,
    ],
  });
  const built = await build(dir);
  assert.ok(built.ok, built.failures.map((f) => f.message).join("\n"));
});

test("--check --against DIR checks that report, not --out's; identical values exit 0 and --bundle FILE carries the check", () => {
  const elsewhere = path.join(dir, "elsewhere");
  fs.cpSync(out, elsewhere, { recursive: true });
  const untouched = treeState(out);
  const file = path.join(dir, "handin.tar.gz");
  const r = check(["--against", elsewhere, "--bundle", file]);
  assert.equal(r.status, 0, r.stderr);
  const line = /\nreport: checked: rerun from scratch on [-\d]+ on wasm .*, no model trained, 1 values, all identical; written into .*elsewhere\/\n/;
  assert.match(r.stdout, line, "the line names the folder checked");
  assert.match(r.stdout, /\nreport: bundled .*handin\.tar\.gz: the report \(.*\), 1 source notebooks and 0 checkpoints /);
  const recorded = metricsOf(elsewhere).check!;
  assert.deepEqual([recorded.passed, recorded.values, recorded.identical, recorded.models], [true, 1, 1, { retrained: 0, loaded: 0 }]);
  assert.deepEqual(treeState(out), untouched, "--out's report is not the one checked");

  const { files } = readBundle(file);
  const bundled = JSON.parse(Buffer.from(files.get("report/metrics.json")!).toString()) as MetricsFile;
  assert.deepEqual(bundled.check, recorded, "the bundle holds the checked report");
  assert.match(Buffer.from(files.get("report/index.html")!).toString(), /<div class="check passed"><p>checked: rerun from scratch /);
});

test("--check exits 1 when a value differs, names it on stderr and records it in the report", () => {
  const r = check([], "0.25");
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /\nvalue +before +after +difference +result\n.*\nvalue +1 +1\.25 +0\.25 +DIFFERS\n/);
  const line = /^report: check failed: rerun from scratch on .*, 1 of 1 values differ or are missing \(01-planted value\); written into .*out\/\n$/;
  assert.match(r.stderr, line);
  const differs = { notebook: "01-planted", name: "value", before: 1, after: 1.25, status: "differs" };
  assert.deepEqual(metricsOf(out).check!.differences, [differs]);
});

test("a notebook failing during the check: shown with its cell, nothing compared, exit 1, the report as it was and no bundle", () => {
  const untouched = treeState(out);
  const file = path.join(dir, "failed.tar.gz");
  const r = check(["--bundle", file], "fail");
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /01-planted\.ipynb, cell 2 \(In \[3\]\): Error: planted failure\n--- source of cell 2 ---\n/);
  const line = "report: check failed: 1 of 1 notebooks did not run (01-planted); nothing was compared and the report is as it was\n";
  assert.ok(r.stderr.endsWith(`${line}report: ${file} not written: a bundle is made only after a check that passes\n`), r.stderr);
  assert.doesNotMatch(r.stdout, /DIFFERS|identical|value +before/, "no table");
  assert.deepEqual(treeState(out), untouched);
  assert.ok(!fs.existsSync(file) && !fs.existsSync(`${out}.failed`), "no bundle, no failed output beside the report");
});

test("--bundle without --profile packs the report at --out at its own profile, from the cache, not a fresh quick one", () => {
  const file = path.join(dir, "same-profile.tar.gz");
  const env = { ...process.env, VAE_LAB_REPORT_CACHE: path.join(dir, "cache") };
  const cli = path.join(ROOT, "dist", "report", "cli.js");
  const args = [cli, "--bundle", file, "--notebooks", path.join(dir, "notebooks"), "--out", out, "--no-pdf"];
  const r = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 120000, env });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^report: --bundle: rebuilding .*out\/ at its own profile, smoke\n/);
  assert.match(r.stdout, /from the cache: 01-planted/);
  assert.equal(metricsOf(out).provenance.profile, "smoke");
  const manifest = JSON.parse(Buffer.from(readBundle(file).files.get("manifest.json")!).toString()) as { profile: string };
  assert.equal(manifest.profile, "smoke");
});
