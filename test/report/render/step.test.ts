import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import { UsageError } from "../../../lib/cli/args";
import { findChromium, NO_CHROMIUM, printPdf } from "../../../report/render/pdf";
import { NO_STATIC_FIGURES_NO_CHROMIUM, NO_STATIC_FIGURES_NO_PDF, renderStep } from "../../../report/render-step";
import { CHROMIUM } from "../../support/chromium";
import { needs } from "../../support/system";
import { ROOT } from "../../support/kernel";
import { sampleReport } from "../../support/report";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "vae-lab-render-step-"));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function executable(name: string): string {
  const file = path.join(tmp, "bin", name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, "#!/bin/sh\n", { mode: 0o755 });
  return file;
}

test("Chromium is CHROME_PATH when set (a one-line error when it is not an executable), else the first candidate found", () => {
  const fake = executable("fake-chromium");
  executable("later-chromium");
  fs.writeFileSync(path.join(tmp, "bin", "not-executable"), "", { mode: 0o644 });
  const env = { PATH: path.join(tmp, "bin") };
  assert.equal(findChromium({ ...env, CHROME_PATH: fake }), fake);
  assert.equal(findChromium({ ...env, CHROME_PATH: "fake-chromium" }), fake, "a name is looked up on PATH");
  assert.throws(() => findChromium({ ...env, CHROME_PATH: "/nonexistent/chrome" }), { message: /^CHROME_PATH=\/nonexistent\/chrome is not an executable Chromium \(unset it to search \/usr\/bin\/chromium, chromium, chromium-browser, \.\.\.\)$/ });
  assert.throws(() => findChromium({ ...env, CHROME_PATH: path.join(tmp, "bin", "not-executable") }), /is not an executable Chromium/);
  assert.equal(findChromium(env, ["/nonexistent/chromium", "not-executable", "fake-chromium", "later-chromium"]), fake);
  assert.equal(findChromium(env, ["/nonexistent/chromium", "nothing-here"]), undefined);
});

test("without a Chromium the step writes index.html and says in one line how to get the PDF and that the notebooks have no static figures", async () => {
  const { notebooks, metrics } = sampleReport();
  for (const [pdf, expected] of [[true, [NO_CHROMIUM, NO_STATIC_FIGURES_NO_CHROMIUM]], [false, [NO_STATIC_FIGURES_NO_PDF]]] as const) {
    const dir = fs.mkdtempSync(path.join(tmp, "out-"));
    const said: string[] = [];
    const files = await renderStep({ pdf, root: ROOT, chromium: null })(dir, notebooks, metrics, (l) => said.push(l));
    assert.deepEqual(files, ["index.html"]);
    assert.deepEqual(fs.readdirSync(dir), ["index.html"]);
    assert.deepEqual(said, expected);
    assert.match(fs.readFileSync(path.join(dir, "index.html"), "utf8"), /^<!doctype html>\n/);
  }
  for (const line of [NO_CHROMIUM, NO_STATIC_FIGURES_NO_CHROMIUM, NO_STATIC_FIGURES_NO_PDF]) assert.equal(line.split("\n").length, 1);
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(base64: string): { width: number; height: number } {
  const png = Buffer.from(base64, "base64");
  assert.equal(png.toString("latin1", 1, 4), "PNG", "not a PNG");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test("with Chromium every plotly figure of the executed notebooks gets a PNG of its own size, in the session that prints the PDF", needs({ programs: [CHROMIUM] }), async () => {
  const { notebooks, metrics } = sampleReport();
  const dir = fs.mkdtempSync(path.join(tmp, "out-"));
  const said: string[] = [];
  const files = await renderStep({ pdf: true, root: ROOT, chromium: CHROMIUM })(dir, notebooks, metrics, (l) => said.push(l));
  assert.deepEqual(files, ["index.html", "report.pdf"]);
  let figures = 0;
  for (const nb of notebooks) {
    const file = nb.metadata.vae_lab!.name;
    for (const cell of nb.cells) {
      for (const out of cell.cell_type === "code" ? cell.outputs ?? [] : []) {
        const o = out as { data?: Record<string, unknown>; metadata?: Record<string, unknown> };
        const fig = o.data?.["application/vnd.plotly.v1+json"] as { layout?: { width?: number; height?: number } } | undefined;
        if (!fig) continue;
        figures++;
        assert.equal(typeof o.data!["image/png"], "string", `${file}: a plotly figure without a PNG`);
        const size = pngSize(o.data!["image/png"] as string);
        assert.deepEqual(size, { width: fig.layout?.width ?? 700, height: fig.layout?.height ?? 450 }, `${file}: the PNG is not the figure's size`);
        assert.deepEqual(o.metadata?.["image/png"], size);
        assert.equal(o.data!["text/html"], undefined, "the drawing script is dropped (an untrusted notebook shows it blank)");
        assert.ok(o.data!["text/plain"], "the text stays");
      }
    }
  }
  assert.equal(figures, 4, "the sample report's four figures");
  assert.match(said.find((l) => l.startsWith("report: notebooks:")) ?? "", /^report: notebooks: 4 figures drawn as PNG beside their plotly output \(\d+\.\d MiB\) in \d+\.\d s$/);
  assert.ok(said.some((l) => /^report: report\.pdf: \d+ pages/.test(l)), said.join("\n"));
});

test("a CHROME_PATH that names nothing fails when the step is made, before any notebook runs, as a usage error", () => {
  const saved = process.env.CHROME_PATH;
  process.env.CHROME_PATH = "/nonexistent/chrome";
  try {
    assert.throws(() => renderStep({ pdf: true, root: ROOT }), (e: unknown) => e instanceof UsageError && /^CHROME_PATH=\/nonexistent\/chrome is not/.test(e.message));
    assert.doesNotThrow(() => renderStep({ pdf: false, root: ROOT }), "--no-pdf needs no Chromium");
  } finally {
    if (saved === undefined) delete process.env.CHROME_PATH;
    else process.env.CHROME_PATH = saved;
  }
});

test("images beside a notebook resolve from its source folder under the root; the step says what it left out", async () => {
  const { notebooks, metrics } = sampleReport();
  const root = fs.mkdtempSync(path.join(tmp, "root-"));
  fs.mkdirSync(path.join(root, "notebooks", "figures"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "test", "fixtures", "render", "markdown", "pixels.png"), path.join(root, "notebooks", "figures", "pixels.png"));
  notebooks[0].cells.push({ cell_type: "markdown", source: "![two pixels](figures/pixels.png) ![gone](figures/gone.png)", metadata: {} });
  const dir = fs.mkdtempSync(path.join(tmp, "out-"));
  const said: string[] = [];
  await renderStep({ pdf: false, root, chromium: null })(dir, notebooks, metrics, (l) => said.push(l));
  const html = fs.readFileSync(path.join(dir, "index.html"), "utf8");
  assert.ok(html.includes(`<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAAAAADRSSBW`), "the image beside the notebook is embedded");
  assert.deepEqual(said, [`report: 01-vae: image left out: image not found: ${path.join(root, "notebooks", "figures", "gone.png")}`, NO_STATIC_FIGURES_NO_PDF]);
});

test("a Chromium that does not start is one line naming it, and no PDF is left", async () => {
  const fake = executable("exits-at-once");
  const html = path.join(tmp, "page.html");
  fs.writeFileSync(html, "<!doctype html><title>t</title>");
  await assert.rejects(printPdf(html, path.join(tmp, "page.pdf"), { chromium: fake, title: "t" }), (e: Error) => e.message.startsWith(`cannot start ${fake}: `) && !e.message.includes("\n"));
  assert.ok(!fs.existsSync(path.join(tmp, "page.pdf")));
});
