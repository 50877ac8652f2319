import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, test } from "node:test";
import * as pl from "nodejs-polars";
import { figureBundler, KERNEL_HOOK, latentScatter, liveProgress, show, toMimeBundle } from "../../lib";
import { TABLE_MIME, type TableData } from "../../lib/display/mime";
import { tempDir } from "../support/lab";

const fig = () => latentScatter({ codes: [0, 1, 2, 3], labels: [1, 2] }, { title: "tiny" });

test("a figure's bundle: plotly JSON, HTML that ships plotly.js once per session, and a text summary", () => {
  const session = figureBundler();
  const first = session(fig());
  const second = session(fig());
  assert.deepEqual(Object.keys(first).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  assert.deepEqual(first["application/vnd.plotly.v1+json"], fig().toJSON());
  assert.match(String(first["text/html"]), /if \(!window\.Plotly\)/);
  assert.ok(String(first["text/html"]).length > 1_000_000);
  assert.doesNotMatch(String(second["text/html"]), /if \(!window\.Plotly\)/);
  assert.ok(String(second["text/html"]).length < 5000);
  assert.match(String(second["text/html"]), /Plotly\.newPlot/);
  assert.equal(second["text/plain"], "Figure: tiny (2 scatter traces)");
});

test("a polars DataFrame displays as an HTML table with a text fallback", () => {
  const df = pl.DataFrame({ model: ["AE", "VAE"], accuracy: [0.8123456, 0.9] });
  const b = toMimeBundle(df);
  assert.match(String(b["text/html"]), /<th>model<\/th><th>accuracy<\/th>/);
  assert.match(String(b["text/html"]), /<td>AE<\/td><td>0.8123<\/td>/);
  assert.match(String(b["text/plain"]), /shape: \(2, 2\)/);
});

test("a table too wide for a page is shown turned, measures as rows, when that is narrower; a narrow one stays", () => {
  const measures = ["reconstruction", "reconstructionSE", "activeUnits", "clearlyActive", "clearlyInactive", "frechetSE"];
  const wide = pl.DataFrame({ name: ["AE", "VAE"], ...Object.fromEntries(measures.map((m, i) => [m, [i + 0.5, i + 1.25]])) });
  const b = toMimeBundle(wide);
  const table = b[TABLE_MIME] as TableData;
  assert.deepEqual(table.columns, ["measure", "AE", "VAE"]);
  assert.deepEqual(table.rows[0], ["reconstruction", "0.5", "1.25"]);
  assert.deepEqual(table.rows.map((r) => r[0]), measures);
  assert.match(String(b["text/html"]), /<th>measure<\/th><th>AE<\/th><th>VAE<\/th>/);
  const many = pl.DataFrame({ name: Array.from({ length: 40 }, (_, i) => `run ${i}`), a: new Array(40).fill(1), b: new Array(40).fill(2) });
  assert.deepEqual((toMimeBundle(many)[TABLE_MIME] as TableData).columns, ["name", "a", "b"], "narrow: as given");
});

test("a figure ending a cell displays through the registered formatter as a figure bundle", () => {
  const b = toMimeBundle(fig());
  assert.deepEqual(Object.keys(b).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
  assert.match(String(b["text/html"]), /Plotly\.newPlot/);
});

test("show outside a kernel does nothing, or writes a standalone page, JSON or text", () => {
  const dir = tempDir();
  const cwd = process.cwd();
  const writes: unknown[] = [];
  const [out, err] = [process.stdout.write, process.stderr.write];
  process.chdir(dir);
  process.stdout.write = process.stderr.write = ((chunk: unknown) => writes.push(chunk) > 0) as never;
  try {
    show(fig());
  } finally {
    [process.stdout.write, process.stderr.write] = [out, err];
    process.chdir(cwd);
  }
  assert.deepEqual(writes, [], "nothing printed");
  assert.deepEqual(fs.readdirSync(dir), [], "no file written in the working directory");
  show(fig(), { file: path.join(dir, "f.html") });
  const html = fs.readFileSync(path.join(dir, "f.html"), "utf8");
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /if \(!window\.Plotly\)/);
  show(fig(), { file: path.join(dir, "f.json") });
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "f.json"), "utf8")), JSON.parse(JSON.stringify(fig().toJSON())));
  assert.throws(() => show(fig(), { file: path.join(dir, "f.png") }), /cannot write .*f\.png \(use \.html, \.json or \.txt\)/);
});

test("in a kernel, show and live progress go through the kernel hook; progress updates one output in place", async () => {
  const sent: { bundle: Record<string, unknown>; options?: { displayId?: string; update?: boolean } }[] = [];
  (globalThis as Record<symbol, unknown>)[KERNEL_HOOK] = { display: (bundle: Record<string, unknown>, options?: object) => sent.push({ bundle, options }), clearOutput() {} };
  after(() => delete (globalThis as Record<symbol, unknown>)[KERNEL_HOOK]);
  show(fig(), { displayId: "f" });
  assert.equal(sent.length, 1);
  assert.ok("application/vnd.plotly.v1+json" in sent[0].bundle);
  const cb = liveProgress({ title: "dense", epochs: 2, intervalMs: 1000 });
  const step = (i: number) => ({ epoch: 1 + Math.floor(i / 10), step: i + 1, seconds: i * 0.01, loss: 200 - i, terms: { reconstruction: 190 - i, kl: 10 } });
  for (let i = 0; i < 20; i++) cb.onStep!(step(i), 10);
  cb.onEpoch!({ epoch: 2, step: 20, seconds: 0.2, trainSeconds: 0.2, train: { reconstruction: 171, kl: 10, total: 181 }, test: { reconstruction: 175, kl: 10, total: 185 } });
  const progress = sent.slice(1);
  assert.equal(progress.length, 2, "rate-limited: the first step and the summary");
  assert.equal(progress[0].options?.update, false);
  assert.equal(progress[1].options?.update, true);
  assert.equal(progress[0].options?.displayId, progress[1].options?.displayId);
  assert.match(String(progress[0].bundle["text/plain"]), /^dense: epoch 1\/2 \[/);
  assert.equal(progress[1].bundle["text/plain"], "dense: 2 epochs in 0s, train total 181.00, test total 185.00 nats per image");
  assert.match(String(progress[1].bundle["text/html"]), /<svg/);
});
