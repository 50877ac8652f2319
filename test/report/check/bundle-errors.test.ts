import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { BUNDLE_ROOT, makeBundle, readBundle, unpackBundle } from "../../../report/bundle/bundle";
import { readTarGz, writeTarGz, type TarEntry } from "../../../report/bundle/tar";
import { ROOT } from "../../support/kernel";
import { tempDir } from "../../support/lab";
import { notebookOf } from "../../support/notebooks";
import { treeState } from "../../support/tree";

const ID = "dense-vae-00112233aabbccdd";

/** A bundle of a hand-made report (no kernel): one notebook that trained the checkpoint {@link ID}. */
function handIn(): { dir: string; file: string } {
  const dir = tempDir();
  const checkpoint = path.join(dir, "trained", ID);
  fs.mkdirSync(checkpoint, { recursive: true });
  fs.writeFileSync(path.join(checkpoint, "manifest.json"), `{"id": "${ID}"}\n`);
  fs.writeFileSync(path.join(checkpoint, "weights.bin"), Buffer.alloc(600, 3));
  const report = path.join(dir, "report");
  fs.mkdirSync(path.join(report, "notebooks"), { recursive: true });
  fs.writeFileSync(path.join(report, "notebooks", "01-a.ipynb"), JSON.stringify(notebookOf(["1"])));
  const kernel = { checkpoints: [{ id: ID, path: checkpoint, loaded: false }] };
  const metrics = { provenance: { commit: null, profile: "smoke" }, notebooks: { "01-a": { kernel } } };
  fs.writeFileSync(path.join(report, "metrics.json"), JSON.stringify(metrics));
  const file = path.join(dir, "handin.tar.gz");
  makeBundle({ report, root: dir, file });
  return { dir, file };
}

/** A copy of the bundle `file` with its entries edited, as `name` beside it. */
function edited(file: string, name: string, edit: (entries: TarEntry[]) => TarEntry[]): string {
  const copy = path.join(path.dirname(file), name);
  fs.writeFileSync(copy, writeTarGz(edit(readTarGz(fs.readFileSync(file)))));
  return copy;
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The one-line error naming the bundle: `why` exactly, or a pattern for the rest of the line. */
const refused = (file: string, why: string | RegExp) => ({
  name: "BundleError",
  message: typeof why === "string" ? `${file}: ${why}` : new RegExp(`^${literal(file)}: ${why.source}$`),
});
const extra = (p: string) => (entries: TarEntry[]) => [...entries, { path: p, data: Buffer.from("#!/bin/sh\n") }];

test("a bundle whose entries leave its folder is refused by name, and nothing is unpacked", () => {
  const { dir, file } = handIn();
  const entries = [
    ["up.tar.gz", `${BUNDLE_ROOT}/../evil.sh`], ["deep.tar.gz", `${BUNDLE_ROOT}/report/../../evil.sh`], ["absolute.tar.gz", "/tmp/evil.sh"],
  ];
  for (const [name, entry] of entries) {
    const bad = edited(file, name, extra(entry));
    assert.throws(() => readBundle(bad), refused(bad, `${entry}: a path outside the bundle`));
    const target = { file: bad, report: path.join(dir, "unpacked"), checkpoints: path.join(dir, "checkpoints") };
    assert.throws(() => unpackBundle(target), refused(bad, `${entry}: a path outside the bundle`));
  }
  assert.deepEqual(fs.readdirSync(dir).filter((f) => !f.endsWith(".tar.gz")).sort(), ["report", "trained"], "nothing unpacked");
});

test("files the manifest does not list, a missing or broken manifest and a listed file that is absent are refused by name", () => {
  const { file } = handIn();
  const cases: [string, (e: TarEntry[]) => TarEntry[], string | RegExp][] = [
    ["extra.tar.gz", extra(`${BUNDLE_ROOT}/report/run.sh`), "report/run.sh is not in the manifest"],
    ["stray.tar.gz", extra("run.sh"), `run.sh is outside ${BUNDLE_ROOT}/`],
    ["bare.tar.gz", (e) => e.filter((x) => x.path !== `${BUNDLE_ROOT}/manifest.json`),
      `no ${BUNDLE_ROOT}/manifest.json: not a VAE Lab bundle`],
    ["broken.tar.gz", (e) => e.map((x) => (x.path === `${BUNDLE_ROOT}/manifest.json` ? { ...x, data: Buffer.from("{\"format\": 1,") } : x)),
      new RegExp(`${BUNDLE_ROOT}/manifest\\.json is not JSON \\([^\\n]+\\)`)],
    ["other.tar.gz", (e) => e.map((x) => (x.path === `${BUNDLE_ROOT}/manifest.json` ? { ...x, data: Buffer.from("{\"format\": 2}") } : x)),
      `${BUNDLE_ROOT}/manifest.json is not a format 1 manifest`],
    ["short.tar.gz", (e) => e.filter((x) => !x.path.endsWith("/weights.bin")),
      `checkpoints/${ID}/weights.bin is listed in the manifest but missing`],
  ];
  for (const [name, edit, why] of cases) {
    const bad = edited(file, name, edit);
    assert.throws(() => readBundle(bad), refused(bad, why), name);
  }
  const missing = path.join(path.dirname(file), "none.tar.gz");
  assert.throws(() => readBundle(missing), refused(missing, "no such file"));
});

test("unpacking over a checkpoint with other files is refused in one line naming the file, and writes nothing", () => {
  const { dir, file } = handIn();
  const checkpoints = path.join(dir, "checkpoints");
  const report = path.join(dir, "unpacked");
  assert.deepEqual(unpackBundle({ file, report, checkpoints }), { manifest: readBundle(file).manifest, placed: [ID], kept: [] });
  assert.deepEqual([unpackBundle({ file, report, checkpoints }).kept], [[ID]], "the same files: kept");
  fs.writeFileSync(path.join(checkpoints, ID, "manifest.json"), `{"id": "${ID}", "seconds": 9}\n`);
  assert.deepEqual([unpackBundle({ file, report, checkpoints }).kept], [[ID]], "the same weights trained at another time: kept");

  const weights = path.join(checkpoints, ID, "weights.bin");
  fs.writeFileSync(weights, Buffer.alloc(600, 4));
  fs.writeFileSync(path.join(report, "mine.txt"), "a report of my own\n");
  const before = { checkpoints: treeState(checkpoints), report: treeState(report) };
  const at = `the checkpoint already at ${path.join(checkpoints, ID)}; nothing was unpacked`;
  const fix = "move that folder away, or unpack with VAE_LAB_CHECKPOINTS=another folder";
  const why = `checkpoints/${ID}/weights.bin differs from the file in ${at} (${fix})`;
  assert.throws(() => unpackBundle({ file, report, checkpoints }), refused(file, why));
  const cli = spawnSync(process.execPath, [path.join(ROOT, "dist", "report", "cli.js"), "--unpack", file, "--out", report], {
    encoding: "utf8", env: { ...process.env, VAE_LAB_CHECKPOINTS: checkpoints },
  });
  assert.equal(cli.status, 1);
  assert.equal(cli.stderr, `report: ${file}: ${why}\n`);
  assert.deepEqual({ checkpoints: treeState(checkpoints), report: treeState(report) }, before, "the local checkpoint and report stay");

  fs.rmSync(path.join(checkpoints, ID, "manifest.json"));
  const gone = `checkpoints/${ID}/manifest.json is missing from ${at}`;
  assert.throws(() => unpackBundle({ file, report, checkpoints }), refused(file, new RegExp(`${literal(gone)} \\(.*\\)`)));
});
