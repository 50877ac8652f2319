import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { makeBundle, readBundle, unpackBundle } from "../../../report/bundle/bundle";
import { readTarGz, writeTarGz } from "../../../report/bundle/tar";
import { ROOT } from "../../support/kernel";
import { tempDir } from "../../support/lab";
import { build, metricsOf, TRAINS, withCheckpoints, workspace, writeNotebooks } from "../../support/notebooks";

test("tar: what is written reads back, and a plain tar lists it", () => {
  const entries = [{ path: "b/one.txt", data: Buffer.from("one\n") }, { path: `b/${"d".repeat(90)}/${"f".repeat(60)}.bin`, data: Buffer.alloc(1300, 7) }];
  const archive = writeTarGz(entries, 1_700_000_000);
  assert.deepEqual(readTarGz(archive).map((e) => [e.path, Buffer.from(e.data).toString("hex")]), entries.map((e) => [e.path, e.data.toString("hex")]));
  const file = path.join(tempDir(), "a.tar.gz");
  fs.writeFileSync(file, archive);
  const listed = spawnSync("tar", ["-tzf", file], { encoding: "utf8" });
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual(listed.stdout.trim().split("\n"), entries.map((e) => e.path));
});

test("a bundle round trip: unpacked elsewhere, the rerun loads every checkpoint and records identical values; a changed byte is refused", async () => {
  const dir = workspace("bundle");
  writeNotebooks(dir, { "01-trains": TRAINS });
  const out = path.join(dir, "out");
  const first = await withCheckpoints(tempDir(), () => build(dir, { cache: false }));
  assert.ok(first.ok, first.failures.map((f) => f.message).join("\n"));
  const trained = metricsOf(out).notebooks["01-trains"].kernel!.checkpoints;
  assert.deepEqual(trained.map((c) => c.loaded), [false]);
  const file = path.join(dir, "handin.tar.gz");
  const manifest = makeBundle({ report: out, root: ROOT, file });
  assert.ok(manifest.files.some((f) => f.path === `checkpoints/${trained[0].id}/weights.bin`));
  assert.ok(manifest.files.some((f) => f.path === "source/01-trains.ipynb") && manifest.files.some((f) => f.path === "report/metrics.json"));
  const sums = spawnSync("sh", ["-c", `mkdir x && tar -xzf ${JSON.stringify(file)} -C x && cd x/vae-lab-bundle && sha256sum -c --quiet SHA256SUMS`], { cwd: tempDir(), encoding: "utf8" });
  assert.equal(sums.status, 0, `the documented plain-tar check: ${sums.stderr}`);

  const elsewhere = tempDir();
  const unpacked = unpackBundle({ file, report: path.join(elsewhere, "report"), checkpoints: path.join(elsewhere, "checkpoints") });
  assert.deepEqual([unpacked.placed, unpacked.kept], [[trained[0].id], []]);
  assert.ok(fs.existsSync(path.join(elsewhere, "report", "source", "01-trains.ipynb")));
  const rerun = await withCheckpoints(path.join(elsewhere, "checkpoints"), () => build(dir, { cache: false, out: path.join(elsewhere, "rerun") }));
  assert.ok(rerun.ok);
  const again = metricsOf(path.join(elsewhere, "rerun")).notebooks["01-trains"];
  assert.deepEqual(again.kernel!.checkpoints.map((c) => [c.id, c.loaded]), [[trained[0].id, true]], "no training: the checkpoint was loaded");
  assert.deepEqual(again.metrics, metricsOf(out).notebooks["01-trains"].metrics);

  const bytes = fs.readFileSync(file);
  const entries = readTarGz(bytes);
  const weights = entries.find((e) => e.path.endsWith("weights.bin"))!;
  weights.data = Buffer.from(weights.data);
  weights.data[10] ^= 1;
  fs.writeFileSync(file, writeTarGz(entries));
  assert.throws(() => readBundle(file), new RegExp(`^BundleError: ${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: checkpoints/${trained[0].id}/weights\\.bin does not match its hash in the manifest \\(the bundle was changed or damaged\\)$`));
  bytes[Math.floor(bytes.length / 2)] ^= 0xff;
  fs.writeFileSync(file, bytes);
  assert.throws(() => readBundle(file), /^BundleError: .*handin\.tar\.gz: (not a readable gzip archive|corrupt tar header|truncated tar entry|.* does not match its hash)/);
  const cli = spawnSync(process.execPath, [path.join(ROOT, "dist", "report", "cli.js"), "--unpack", file, "--out", path.join(elsewhere, "again")], { encoding: "utf8", env: { ...process.env, VAE_LAB_CHECKPOINTS: path.join(elsewhere, "c2") } });
  assert.equal(cli.status, 1);
  assert.equal(cli.stderr.trim().split("\n").length, 1, cli.stderr);
  assert.ok(!fs.existsSync(path.join(elsewhere, "again")) && !fs.existsSync(path.join(elsewhere, "c2")), "nothing is unpacked from a refused bundle");
});
