import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { PLOTLY_MIME } from "../../../lib/display/mime";
import type { Notebook } from "../../../report/notebook";
import { renderReport } from "../../../report/render";
import { CHROMIUM, openPage, type OpenPage } from "../../support/chromium";
import { SAMPLE, sampleReport } from "../../support/report";
import { needs } from "../../support/system";

const NEEDS = needs({ programs: [CHROMIUM] });
let dir: string;
let open: OpenPage;

before(async () => {
  if (NEEDS.skip) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "vae-lab-report-page-"));
  const { notebooks, metrics } = sampleReport();
  fs.writeFileSync(path.join(dir, "index.html"), renderReport(notebooks, metrics).html);
  open = await openPage(path.join(dir, "index.html"));
});

after(async () => {
  await open?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** What the page shows of its figures (runs in the browser). */
const FIGURES = `Array.from(document.querySelectorAll("figure.plotly")).map((f) => ({
  caption: f.querySelector("figcaption").textContent,
  svgs: f.querySelectorAll(".js-plotly-plot svg.main-svg").length,
  marks: f.querySelectorAll(".scatterlayer path.point, .barlayer .point path, .imagelayer image, .scatterlayer path.js-line").length,
  titles: Array.from(f.querySelectorAll(".xtitle, .ytitle")).map((t) => t.textContent),
  images: Array.from(f.querySelectorAll("svg image")).map((i) => (i.getAttribute("href") || "").slice(0, 22)),
}))`;

test("offline in Chromium: no request, no error, every figure drawn, math set in KaTeX's fonts, nothing wider than a laptop screen", NEEDS, async () => {
  const { page } = open;
  assert.deepEqual(open.requests, [], "requests made");
  assert.deepEqual(open.pageErrors, [], "uncaught errors");
  assert.equal(await page.evaluate("window.vaeLabReport.ready"), SAMPLE.figures);
  const figures = (await page.evaluate(FIGURES)) as { caption: string; svgs: number; marks: number; titles: string[]; images: string[] }[];
  assert.deepEqual(figures.map((f) => f.caption), SAMPLE.captions.filter((c) => c.startsWith("Figure")).map((c) => c + (c.includes("Loss") ? ", nats per image" : "")));
  for (const f of figures) {
    assert.ok(f.svgs >= 2, `${f.caption}: ${f.svgs} plotly SVG layers`);
    assert.ok(f.marks > 0, `${f.caption}: nothing drawn`);
  }
  assert.equal(await page.evaluate(`document.querySelectorAll(".main-svg").length`), figures.reduce((n, f) => n + f.svgs, 0), "every plotly SVG belongs to a figure");
  assert.deepEqual(figures[2].titles, ["class", SAMPLE.axisTitle]);
  assert.deepEqual(figures[3].images, ["data:image/png;base64,"]);
  const math = (await page.evaluate(`({ formulas: document.querySelectorAll(".katex-html").length,
    loaded: Array.from(document.fonts).filter((f) => f.family.startsWith("KaTeX") && f.status === "loaded").map((f) => f.family) })`)) as { formulas: number; loaded: string[] };
  assert.ok(math.formulas >= 3, `${math.formulas} formulas`);
  assert.ok(math.loaded.includes("KaTeX_Main") && math.loaded.includes("KaTeX_Math"), `fonts loaded: ${math.loaded.join(", ")}`);
  assert.ok((await page.evaluate("document.documentElement.scrollWidth")) as number <= 1280, "the page scrolls sideways at 1280 px");
  const overflowing = await page.evaluate(`Array.from(document.querySelectorAll("main *")).filter((e) => e.closest("figure, .scroll, pre, .math, iframe") === null && e.getBoundingClientRect().right > document.querySelector("main").getBoundingClientRect().right + 1).map((e) => e.tagName + "." + e.className)`);
  assert.deepEqual(overflowing, [], "elements sticking out of the column");
});

test("a cell's printed <script> and <img onerror> are text, foreign HTML runs nothing in its sandbox", NEEDS, async () => {
  const { page } = open;
  assert.deepEqual(open.dialogs, [], "a script ran");
  const text = (await page.evaluate(`document.querySelector("pre.output.stdout").textContent`)) as string;
  assert.equal(text, `<script>alert("stdout script")</script><img src=x onerror="alert('stdout img')">`);
  assert.equal(await page.evaluate(`document.querySelectorAll("main script:not([type]), main img[onerror]").length`), 0);
  const frame = (await page.evaluate(`(() => { const f = document.querySelector("iframe.frame"); const d = f.contentDocument;
    return { sandbox: f.getAttribute("sandbox"), bold: d.querySelector("b").textContent, scripts: d.scripts.length, height: f.getBoundingClientRect().height }; })()`)) as { sandbox: string; bold: string; scripts: number; height: number };
  assert.deepEqual([frame.sandbox, frame.bold, frame.scripts], ["allow-same-origin", "HTML", 1], "the frame shows the HTML, its script inert");
  assert.ok(frame.height < 150, `the frame is sized to its content (${frame.height} px)`);
  for (const e of open.consoleErrors) assert.match(e, /^Blocked script execution in 'about:srcdoc'|^Loading the image 'file:.*\/x' violates the following Content Security Policy directive: "img-src data:"/, "only the sandbox and the policy complain");
});

test("code is folded until clicked; the contents and figure ids resolve", NEEDS, async () => {
  const { page } = open;
  const folds = (await page.evaluate(`Array.from(document.querySelectorAll("details.source")).map((d) => d.open)`)) as boolean[];
  assert.equal(folds.length, 17);
  assert.deepEqual(folds.map((o, i) => (o ? i : -1)).filter((i) => i >= 0), [15], "only the cell where a notebook stopped is open");
  assert.equal(await page.isVisible("details.source >> nth=4 >> pre"), false);
  await page.click("details.source >> nth=4 >> summary");
  assert.equal(await page.evaluate(`document.querySelectorAll("details.source")[4].open`), true);
  assert.equal(await page.textContent("details.source >> nth=4 >> pre"), "lab.trainingCurves(run.history)");
  assert.ok(await page.isVisible("details.source >> nth=4 >> pre"));
  assert.equal(await page.isVisible("#appendix-code"), false, "the appendix is for print");
  const broken = await page.evaluate(`Array.from(document.querySelectorAll('a[href^="#"]')).map((a) => a.getAttribute("href").slice(1)).filter((id) => !document.getElementById(id))`);
  assert.deepEqual(broken, []);
});

test("a figure plotly cannot draw says so in its place and is listed; the others are drawn", NEEDS, async () => {
  const { notebooks, metrics } = sampleReport();
  const figure = (data: unknown[], title: string) => ({ output_type: "display_data" as const, data: { [PLOTLY_MIME]: { data, layout: { title: { text: title } } } }, metadata: {} });
  const nb: Notebook = { ...notebooks[0], cells: [{ cell_type: "code", source: "x", metadata: {}, execution_count: 1, outputs: [figure([null], "Broken"), figure([{ type: "bar", y: [1, 2] }], "Fine")] }] };
  fs.writeFileSync(path.join(dir, "broken.html"), renderReport([nb], metrics).html);
  await open.goto(path.join(dir, "broken.html"));
  const { page } = open;
  assert.equal(await page.evaluate("window.vaeLabReport.ready"), 1);
  assert.deepEqual(await page.evaluate("window.vaeLabReport.failed"), [{ id: "fig-1", message: "Cannot read properties of null (reading 'type')" }]);
  assert.equal(await page.textContent("#fig-1 .figure-error"), "This figure could not be drawn: Cannot read properties of null (reading 'type')");
  assert.equal(await page.evaluate(`document.querySelectorAll("#fig-2 svg.main-svg").length > 0`), true);
  assert.deepEqual(open.pageErrors, []);
});
