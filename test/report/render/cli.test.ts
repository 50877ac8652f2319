import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { CHROMIUM, openPage } from "../../support/chromium";
import { ROOT } from "../../support/kernel";
import { workspace, writeNotebooks } from "../../support/notebooks";
import { needs } from "../../support/system";

const CLI = path.join(ROOT, "dist", "report", "cli.js");
const PRINTED = `<script>alert('cell script')</script><img src=x onerror="alert('cell img')">`;

function cli(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [CLI, "--notebooks", path.join(dir, "notebooks"), "--out", path.join(dir, "out"), "--profile", "smoke", ...args], {
    encoding: "utf8", timeout: 120000, env: { ...process.env, VAE_LAB_REPORT_CACHE: path.join(dir, "cache"), ...env },
  });
}

test("npm run report writes index.html and report.pdf beside the notebooks; a cell's printed markup stays text and runs nothing", needs({ programs: [CHROMIUM, "pdftotext"] }), async () => {
  const dir = workspace("render-cli");
  writeNotebooks(dir, {
    "01-printed": [
      { md: "# Printed markup\n\nA cell prints a script and an image with `onerror`; a figure follows." },
      `console.log(${JSON.stringify(PRINTED)})`,
      `import * as lab from "vae-lab";\nlab.classHistogram([{ name: "s", values: [1, 2, 3] }], { title: "Three bars", normalize: false })`,
    ],
  });
  const r = cli(dir, []);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\nreport: report\.pdf: \d+ pages with 1 figures, printed in \d+\.\d s\nreport: wrote .*out\/ \(index\.html, report\.pdf, metrics\.json, 1 executed notebook\) in \d+s; none from the cache\n$/);
  assert.deepEqual(fs.readdirSync(path.join(dir, "out")).sort(), ["index.html", "metrics.json", "notebooks", "report.pdf"]);
  assert.deepEqual(fs.readdirSync(dir).sort(), ["cache", "notebooks", "out"], "no temporary folder is left");
  assert.match(r.stdout, /\nreport: notebooks: 1 figures drawn as PNG beside their plotly output /);
  const executed = JSON.parse(fs.readFileSync(path.join(dir, "out", "notebooks", "01-printed.ipynb"), "utf8"));
  const figure = executed.cells.flatMap((c: { outputs?: { data?: Record<string, unknown> }[] }) => c.outputs ?? []).find((o: { data?: Record<string, unknown> }) => o.data?.["application/vnd.plotly.v1+json"]);
  assert.equal(typeof figure.data["image/png"], "string", "the executed notebook's figure has a static image");

  const open = await openPage(path.join(dir, "out", "index.html"));
  try {
    assert.deepEqual([open.requests, open.pageErrors, open.dialogs], [[], [], []]);
    assert.equal(await open.page.textContent("pre.output.stdout"), PRINTED);
    assert.equal(await open.page.evaluate(`document.querySelectorAll("main img[onerror], main script:not([type])").length`), 0);
    assert.equal(await open.page.textContent("figure.plotly figcaption"), "Figure 1. Three bars");
    assert.ok((await open.page.evaluate(`document.querySelectorAll("figure.plotly .barlayer .point").length`)) === 3, "three bars drawn");
  } finally {
    await open.close();
  }
  const text = spawnSync("pdftotext", [path.join(dir, "out", "report.pdf"), "-"], { encoding: "utf8" }).stdout;
  assert.ok(text.includes(PRINTED), "the markup is text in the PDF");
  assert.match(text, /Figure 1\. Three bars/);

  const noPdf = cli(dir, ["--no-pdf"]);
  assert.equal(noPdf.status, 0, noPdf.stderr);
  assert.match(noPdf.stdout, /^\[1\/1\] 01-printed: from the cache\nreport: --no-pdf: the executed notebooks carry no static figures either .*\nreport: wrote .*out\/ \(index\.html, metrics\.json, 1 executed notebook\) in \d+s; from the cache: 01-printed\n$/);
  assert.ok(!fs.existsSync(path.join(dir, "out", "report.pdf")), "the output folder is replaced as a whole");

  const bad = cli(dir, [], { CHROME_PATH: "/nonexistent/chrome" });
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, "", "no notebook ran");
  assert.match(bad.stderr, /^report: CHROME_PATH=\/nonexistent\/chrome is not an executable Chromium \(unset it to search .*\)\n$/);
});
