import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { renderReport } from "../../../report/render";
import { printPdf, type PrintResult } from "../../../report/render/pdf";
import { CHROMIUM } from "../../support/chromium";
import { SAMPLE, sampleReport } from "../../support/report";
import { needs } from "../../support/system";

const NEEDS = needs({ programs: [CHROMIUM, "pdfinfo", "pdftotext", "pdftoppm"] });
let dir: string;
let pdf: string;
let printed: PrintResult;
/** The text of each page, whitespace collapsed. */
let pages: string[];

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "latin1", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const text = (first: number, last = first) => spawnSync("pdftotext", ["-f", String(first), "-l", String(last), "-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, " ");
/** 1-based number of the first page whose text holds `s`, or 0. */
const pageOf = (s: string) => pages.findIndex((p) => p.includes(s)) + 1;
const lastPageOf = (s: string) => pages.map((p, i) => (p.includes(s) ? i + 1 : 0)).reduce((a, b) => Math.max(a, b), 0);

before(async () => {
  if (NEEDS.skip) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vae-lab-report-pdf-"));
  const { notebooks, metrics } = sampleReport();
  fs.writeFileSync(path.join(dir, "index.html"), renderReport(notebooks, metrics).html);
  pdf = path.join(dir, "report.pdf");
  printed = await printPdf(path.join(dir, "index.html"), pdf, { chromium: CHROMIUM, title: "VAE Lab report · test" });
  pages = Array.from({ length: printed.pages }, (_, i) => text(i + 1));
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("report.pdf: A4 pages numbered n of N, each notebook from a new page, captions and the answer in its text, code in the appendix", NEEDS, () => {
  const info = run("pdfinfo", [pdf]);
  const n = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  assert.equal(n, printed.pages);
  assert.ok(n >= 6 && n <= 12, `${n} pages`);
  assert.match(info, /^Page size:\s+59[56](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/m);
  assert.equal(printed.figures, SAMPLE.figures);
  pages.forEach((p, i) => {
    assert.ok(p.includes(`page ${i + 1} of ${n}`), `page ${i + 1} is numbered`);
    assert.ok(p.includes("VAE Lab report · test"), `page ${i + 1} has the title`);
  });
  const words = [...run("pdftotext", ["-bbox", "-f", "2", "-l", "2", pdf, "-"]).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
    .map((m) => ({ x0: +m[1], y0: +m[2], x1: +m[3], y1: +m[4], text: m[5] }));
  const header = words.find((w) => w.text === "VAE" && w.y0 < 50)!;
  const footer = words.find((w) => w.text === "page" && w.y0 > 800)!;
  assert.ok(header && header.y1 - header.y0 > 5 && Math.abs(header.x0 - 42.5) < 2, `the title above is legible at the left margin: ${JSON.stringify(header)}`);
  assert.ok(footer && footer.y1 - footer.y0 > 5 && Math.abs((footer.x0 + footer.x1) / 2 - 298) < 30, `the page number below is legible and centred: ${JSON.stringify(footer)}`);
  const all = pages.join(" ");
  for (const caption of SAMPLE.captions) assert.ok(all.includes(caption), `caption ${caption}`);
  assert.ok(all.includes(SAMPLE.answer), "the answer");
  assert.ok(all.includes(`<script>alert("stdout script")</script><img src=x onerror="alert('stdout img')">`), "printed markup as text");
  const [contents, first, second] = ["Contents", "notebooks/01-vae.ipynb", "notebooks/02-fails.ipynb"].map(pageOf);
  const appendix = lastPageOf("Appendix: code");
  assert.ok(1 < contents && contents < first && first < second && second < appendix, `pages ${[contents, first, second, appendix]}`);
  for (const [page, kicker] of [[first, "notebooks/01-vae.ipynb"], [second, "notebooks/02-fails.ipynb"]] as const) {
    const body = pages[page - 1].replace("VAE Lab report · test", "").replace(/page \d+ of \d+/, "").trim();
    assert.ok(body.startsWith(kicker), `${kicker} starts its page: ${body.slice(0, 80)}`);
  }
  assert.ok(pageOf("lab.trainingCurves(run.history)") >= appendix, "code appears only in the appendix");
  assert.ok(text(appendix, n).includes(`throw new Error("the checkpoint is missing")`));
});

test("figures print whole and as vectors: each caption shares its page with its axis titles as text, and the page is not blank", NEEDS, () => {
  const checks: [string, string[]][] = [
    ["Figure 1. Loss per epoch", ["epoch", "nats per image", "KL (continuous)"]],
    ["Figure 2. Posterior means of the test codes", ["z[0]", "z[1]"]],
    ["Figure 3. Digits among the samples", ["class", SAMPLE.axisTitle]],
    ["Figure 4. Test images and their reconstructions", ["original", "reconstruction"]],
  ];
  for (const [caption, labels] of checks) {
    const page = pageOf(caption);
    assert.ok(page > 0, `${caption} printed`);
    for (const label of labels) assert.ok(pages[page - 1].includes(label), `${caption}: "${label}" is text on page ${page}`);
  }
  const page = pageOf("Figure 3. Digits among the samples");
  const out = path.join(dir, "figure");
  run("pdftoppm", ["-gray", "-r", "40", "-f", String(page), "-l", String(page), pdf, out]);
  const pgm = fs.readFileSync(fs.readdirSync(dir).filter((f) => f.startsWith("figure")).map((f) => path.join(dir, f))[0]);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString("latin1", 0, 40))!;
  const pixels = pgm.subarray(header[0].length);
  assert.equal(pixels.length, Number(header[1]) * Number(header[2]));
  const dark = pixels.filter((v) => v < 200).length / pixels.length;
  assert.ok(dark > 0.02, `page ${page} is ${(100 * dark).toFixed(2)}% ink`);
});

test("the contents link to their pages: each entry is a named destination on the page of its heading", NEEDS, () => {
  const dests = new Map([...run("pdfinfo", ["-dests", pdf]).matchAll(/^\s*(\d+) \[.*\] "(.+)"$/gm)].map((m) => [m[2], Number(m[1])]));
  const entries: [string, string][] = [
    ["nb-01-vae", "A VAE on MNIST"], ["01-vae--training", "Training"], ["01-vae--latent-space", "Latent space"], ["01-vae--scores", "Scores"],
    ["01-vae--hostile-output", "Hostile output"], ["nb-02-fails", "A notebook that fails"], ["appendix-code", "Appendix: code"],
  ];
  const contents = pageOf("Contents");
  for (const [id, heading] of entries) {
    const page = dests.get(id);
    assert.ok(page, `no destination ${id} (have ${[...dests.keys()].join(", ")})`);
    assert.ok(page > contents && pages[page - 1].includes(heading), `${id} points at page ${page}, which lacks "${heading}"`);
  }
});
