import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { tempKernelSpec } from "../support/jupyter";
import { fixture, ROOT } from "../support/kernel";
import { NotebookServer, startNotebookServer } from "../support/notebook-server";
import { needs } from "../support/system";
import { sampleReport } from "../support/report";
import { writeNotebook } from "../../report/notebook";
import { withChromium } from "../../report/render/pdf";
import { addStaticFigures } from "../../report/render/static-figures";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const NOTEBOOK = "display-smoke.ipynb";

/** What the page shows of one plotly figure. */
interface PlotProbe {
  title: string;
  xTitle: string;
  yTitle: string;
  svgs: number;
  points: number;
  /** Drawn height of each bar in pixels. */
  bars: number[];
  legendItems: number;
  images: string[];
}

/** Reads every rendered plotly figure, table and error output from the page (runs in the browser). */
const PROBE = `(() => {
  const all = (root, s) => Array.from(root.querySelectorAll(s));
  const text = (root, s) => (root.querySelector(s) || {}).textContent || "";
  const xlink = "http://www.w3.org/1999/xlink";
  return {
    plots: all(document, ".output_area .js-plotly-plot").map((p) => ({
      title: text(p, ".gtitle"),
      xTitle: text(p, ".xtitle"),
      yTitle: text(p, ".ytitle"),
      svgs: all(p, "svg.main-svg").length,
      points: all(p, ".scatterlayer path.point").length,
      bars: all(p, ".barlayer .point path").map((b) => b.getBBox().height),
      legendItems: all(p, ".legend .traces").length,
      images: all(p, "svg image").map((i) => i.getAttribute("href") || i.getAttributeNS(xlink, "href") || ""),
    })),
    tables: all(document, ".output_area table.vae-lab-table").map((t) => ({
      head: all(t, "thead th").map((th) => th.textContent),
      rows: all(t, "tbody tr").map((tr) => all(tr, "td").map((td) => td.textContent)),
    })),
    errors: all(document, ".output_error").map((e) => e.textContent),
    counts: Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code").map((c) => c.input_prompt_number),
  };
})()`;

/** Natural size of an image URI once the browser has decoded it, or null if it cannot. */
const IMAGE_SIZE = `(src) => new Promise((resolve) => {
  const img = new Image();
  img.onload = () => resolve([img.naturalWidth, img.naturalHeight]);
  img.onerror = () => resolve(null);
  img.src = src;
})`;

test(
  "the classic notebook in headless Chromium draws VAE Lab's figures, image grid and table",
  { timeout: 150000, ...needs({ programs: [CHROMIUM, "jupyter-notebook"], pythonModules: ["notebook"] }) },
  async () => withClassicNotebook("browser", async ({ work, state, page, server }) => {
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));

    await page.goto(`${server.url}/notebooks/${NOTEBOOK}?token=${server.token}`, { timeout: 30000 });
    await waitFor(page, "the vae-lab kernel to connect", `Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected()
      && Jupyter.notebook.kernel.name === "vae-lab" && !!Jupyter.notebook.kernel.info_reply.implementation`, 30000, server);
    await page.evaluate("Jupyter.notebook.execute_all_cells()");
    await waitFor(page, "every cell to run", `!Jupyter.notebook.kernel_busy && Jupyter.notebook.get_cells()
      .filter((c) => c.cell_type === "code").every((c) => typeof c.input_prompt_number === "number")`, 60000, server);
    await waitFor(page, "three plotly figures to draw", `document.querySelectorAll(".output_area .js-plotly-plot svg.main-svg").length >= 6`, 20000, server);

    await screenshot(page, state);
    const { plots, tables, errors, counts } = (await page.evaluate(PROBE)) as { plots: PlotProbe[]; tables: { head: string[]; rows: string[][] }[]; errors: string[]; counts: number[] };
    assert.deepEqual(errors, [], "error outputs in the page");
    assert.deepEqual(pageErrors, [], "uncaught errors in the page");
    assert.deepEqual(counts, [1, 2, 3, 4, 5]);
    assert.deepEqual(plots.map((p) => p.title), ["Seeded codes, coloured by digit", "The first eight MNIST test images", "Digits among the eight images"]);
    const [scatter, grid, bars] = plots;

    // The latent scatter: every one of the 200 codes is a marker, ten digits in the legend, labelled axes.
    assert.equal(scatter.points, 200);
    assert.equal(scatter.legendItems, 10);
    assert.deepEqual([scatter.xTitle, scatter.yTitle], ["z[0]", "z[1]"]);
    assert.ok(plots.every((p) => p.svgs >= 2), "each figure has its plotly SVG layers");

    // The image grid: one <image> in the SVG holding the whole mosaic as a PNG the browser decodes,
    // 8 digits of 28 px, 1 px padding, upscaled 3x: (8 * 29 + 1) * 3 by (29 + 1) * 3.
    assert.equal(grid.images.length, 1);
    assert.match(grid.images[0], /^data:image\/png;base64,/);
    assert.deepEqual(await page.evaluate(`(${IMAGE_SIZE})(${JSON.stringify(grid.images[0])})`), [699, 90]);
    assert.equal(grid.points, 0);

    // The histogram shown with lab.show: one bar per digit, as tall as its count among 7 2 1 0 4 1 4 9.
    const unit = Math.min(...bars.bars.filter((h) => h > 0));
    assert.ok(unit > 20, `bars are ${bars.bars.join(", ")} px high`);
    assert.deepEqual(bars.bars.map((h) => Math.round(h / unit)), [1, 2, 1, 0, 2, 0, 0, 1, 0, 1]);
    assert.deepEqual([bars.xTitle, bars.yTitle], ["class", "samples"]);

    // The polars DataFrame as an HTML table: a header and one row per image.
    assert.equal(tables.length, 1);
    assert.deepEqual(tables[0].head, ["image", "digit", "ink"]);
    assert.equal(tables[0].rows.length, 8);
    assert.deepEqual(tables[0].rows.map((r) => r[1]), ["7", "2", "1", "0", "4", "1", "4", "9"]);

    // Saved from the page, the executed notebook keeps every output and stays small.
    await page.evaluate("Jupyter.notebook.save_notebook()");
    const saved = join(work, NOTEBOOK);
    const bytes = statSync(saved).size;
    assert.ok(bytes < 5 * 1024 * 1024, `saved notebook is ${bytes} bytes, over 5 MB`);
    const cells = JSON.parse(readFileSync(saved, "utf8")).cells.filter((c: { cell_type: string }) => c.cell_type === "code");
    assert.deepEqual(cells.map((c: { execution_count: number }) => c.execution_count), [1, 2, 3, 4, 5]);
    const plotly = cells.flatMap((c: { outputs: { data?: object }[] }) => c.outputs).filter((o: { data?: object }) => o.data && "application/vnd.plotly.v1+json" in o.data);
    assert.equal(plotly.length, 3);
  }, (work) => copyFileSync(fixture("notebooks", NOTEBOOK), join(work, NOTEBOOK))),
);

/** A scratch folder inside the project with a notebook server and a headless Chromium on it; `body` runs with them, then all is removed. */
async function withClassicNotebook(prefix: string, body: (s: { work: string; state: string; page: Page; server: NotebookServer }) => Promise<void>, setup: (work: string) => Promise<void> | void): Promise<void> {
  const { env, cleanup } = tempKernelSpec();
  // Inside the project, so the kernel finds node_modules/vae-lab by walking up from the notebook.
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  const work = mkdtempSync(join(ROOT, ".tmp", `${prefix}-`));
  const state = mkdtempSync(join(tmpdir(), `vae-lab-${prefix}-`));
  let server: NotebookServer | undefined;
  let context: BrowserContext | undefined;
  try {
    await setup(work);
    server = await startNotebookServer(work, state, env);
    context = await chromium.launchPersistentContext(join(state, "profile"), {
      executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1100, height: 900 }, timeout: 30000,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await body({ work, state, page, server });
  } finally {
    await context?.close().catch(() => undefined);
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
    rmSync(state, { recursive: true, force: true });
    cleanup();
  }
}

/** Waits until `expression` is true in the page; on timeout fails with what it waited for and the server log. */
async function waitFor(page: Page, what: string, expression: string, timeout: number, server: NotebookServer): Promise<void> {
  try {
    await page.waitForFunction(expression, undefined, { timeout, polling: 250 });
  } catch (e) {
    throw new Error(`timed out after ${timeout} ms waiting for ${what}: ${(e as Error).message.split("\n")[0]}\n--- jupyter-notebook log ---\n${server.log().slice(-3000)}`);
  }
}

/**
 * Screenshots the whole notebook (the classic notebook scrolls inside #site, so the viewport is grown
 * to fit) and copies it to VAE_LAB_SCREENSHOT_DIR when set. Returns the path.
 */
async function screenshot(page: Page, dir: string): Promise<string> {
  const height = (await page.evaluate(`document.querySelector("#header").offsetHeight + document.querySelector("#notebook").scrollHeight`)) as number;
  await page.setViewportSize({ width: 1100, height: Math.min(Math.ceil(height) + 20, 6000) });
  const path = join(dir, "display-smoke.png");
  await page.screenshot({ path });
  const keep = process.env.VAE_LAB_SCREENSHOT_DIR;
  if (keep) {
    mkdirSync(keep, { recursive: true });
    copyFileSync(path, join(keep, "display-smoke.png"));
  }
  return path;
}

test(
  "an executed notebook with static figures, opened untrusted in the classic notebook, shows every figure as its image",
  { timeout: 120000, ...needs({ programs: [CHROMIUM, "jupyter-notebook"], pythonModules: ["notebook"] }) },
  async () => withClassicNotebook("untrusted", async ({ page, server }) => {
    const dialogs: string[] = [];
    page.on("dialog", (d) => (dialogs.push(d.message()), void d.dismiss()));
    await page.goto(`${server.url}/notebooks/executed.ipynb?token=${server.token}`, { timeout: 30000 });
    await waitFor(page, "the notebook to render", `window.Jupyter && Jupyter.notebook && Jupyter.notebook.get_cells().length > 0`, 30000, server);
    await waitFor(page, "its images to decode", `Array.from(document.querySelectorAll(".output_area img")).every((i) => i.complete)`, 20000, server);
    const shown = (await page.evaluate(`({
      trusted: Jupyter.notebook.trusted,
      images: Array.from(document.querySelectorAll(".output_png img")).map((i) => [i.naturalWidth, i.naturalHeight]),
      plots: document.querySelectorAll(".js-plotly-plot").length,
    })`)) as { trusted: boolean; images: [number, number][]; plots: number };
    await page.setViewportSize({ width: 1100, height: 3000 });
    const keep = process.env.VAE_LAB_SCREENSHOT_DIR;
    if (keep) await page.screenshot({ path: join(keep, "untrusted-static.png") });
    assert.equal(shown.trusted, false, "a notebook someone else executed opens untrusted");
    assert.equal(shown.plots, 0, "no figure script ran");
    assert.equal(shown.images.length, 4, "each of the four figures shows its image");
    assert.ok(shown.images.every(([w, h]) => w > 100 && h > 100), `image sizes ${JSON.stringify(shown.images)}`);
    assert.deepEqual(dialogs, [], "no script of the notebook ran");
  }, async (work) => {
    const nb = sampleReport().notebooks[0];
    const drawn = await withChromium(CHROMIUM, (c) => addStaticFigures([nb], c));
    assert.equal(drawn.figures, 4);
    writeNotebook(join(work, "executed.ipynb"), nb);
  }),
);
