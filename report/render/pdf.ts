import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { PRINT_MARGINS } from "./document/style";
import { escapeHtml } from "./html";

/** Where a Chromium is looked for after `CHROME_PATH`: Debian's, then the usual names on PATH, then macOS's. */
export const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome-stable", "google-chrome", "chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome", "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/** Flags for headless Chromium in a container: no sandbox, no GPU, nothing that phones home. */
export const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--no-first-run", "--disable-dev-shm-usage",
];

/** What to say when there is no Chromium: the PDF is skipped and this says how to get it. */
export const NO_CHROMIUM =
  "report: no Chromium found, so no report.pdf (install one, e.g. `apt-get install chromium`, or set CHROME_PATH, then rerun; " +
  "or print index.html from a browser)";

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  if (name.includes("/")) return executable(name) ? name : undefined;
  return (env.PATH ?? "").split(path.delimiter).filter(Boolean).map((d) => path.join(d, name)).find(executable);
}

/**
 * The Chromium to print with: `CHROME_PATH` when set (an error, said at once, when it is not an
 * executable), else the first of `candidates` found; undefined when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, candidates = CHROMIUM_CANDIDATES): string | undefined {
  const set = env.CHROME_PATH;
  if (set) {
    const found = onPath(set, env);
    if (!found) {
      throw new Error(`CHROME_PATH=${set} is not an executable Chromium (unset it to search ${candidates.slice(0, 3).join(", ")}, ...)`);
    }
    return found;
  }
  for (const c of candidates) {
    const found = onPath(c, env);
    if (found) return found;
  }
  return undefined;
}

/**
 * Runs `work` in one headless Chromium session (a fresh profile, removed afterwards), so a build
 * draws its notebooks' static figures and prints its PDF in the same browser. A failure to start
 * is one line naming the executable.
 */
export async function withChromium<T>(chromiumPath: string, work: (context: BrowserContext) => Promise<T>): Promise<T> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "vae-lab-chromium-"));
  let context: BrowserContext | undefined;
  try {
    context = await step(
      `cannot start ${chromiumPath}`,
      chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: CHROMIUM_FLAGS, timeout: 60000 }),
    );
    return await work(context);
  } finally {
    await context?.close().catch(() => undefined);
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** Options of {@link printPdf}. */
export interface PrintOptions {
  chromium: string;
  /** A session to print in (see {@link withChromium}); default a new one for this PDF. */
  context?: BrowserContext;
  /** Shown at the top of every page. */
  title: string;
  /** Milliseconds for the page to load and every figure to draw. Default 120000. */
  timeoutMs?: number;
}

/** What printing did. */
export interface PrintResult {
  pages: number;
  /** Figures drawn. */
  figures: number;
  /** Figures plotly could not draw: their ids and why (the PDF says so in their place). */
  failed: { id: string; message: string }[];
  seconds: number;
}

const SMALL = `font: 8px system-ui, 'DejaVu Sans', sans-serif; color: #8c959f; width: 100%; margin: 0 ${PRINT_MARGINS.left};`;

/** Awaits `work`; a failure becomes one line: `what: <the error's first line>`. */
async function step<T>(what: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    throw new Error(`${what}: ${String((e as Error).message ?? e).split("\n")[0]}`);
  }
}

/**
 * Prints the report page to an A4 PDF with headless Chromium: every request other than the page
 * itself is refused (and is an error), every figure is drawn and every font loaded before printing
 * (the page's `vaeLabReport.ready`), then pages get the title above and `page n of N` below, and
 * internal links (the contents) and an outline of the headings. Throws one line when Chromium fails,
 * the page throws or asks for anything; a figure plotly cannot draw is printed as its error and
 * listed in the result.
 */
export async function printPdf(htmlFile: string, pdfFile: string, o: PrintOptions): Promise<PrintResult> {
  if (!o.context) return withChromium(o.chromium, (context) => printPdf(htmlFile, pdfFile, { ...o, context }));
  const context = o.context;
  const started = Date.now();
  const url = pathToFileURL(path.resolve(htmlFile)).href;
  const timeout = o.timeoutMs ?? 120000;
  const blocked: string[] = [];
  const problems: string[] = [];
  const page = await context.newPage();
  try {
    await page.route("**/*", (route) =>
      route.request().url() === url ? route.continue() : (blocked.push(route.request().url()), route.abort()),
    );
    page.on("pageerror", (e) => problems.push(e.message.split("\n")[0]));
    const where = `cannot print ${htmlFile}`;
    await step(where, page.goto(url, { waitUntil: "load", timeout }));
    const late = `new Promise((_, no) => setTimeout(() => no(new Error("figures not drawn after ${timeout} ms")), ${timeout}))`;
    const figures = (await step(where, page.evaluate(`Promise.race([window.vaeLabReport.ready, ${late}])`))) as number;
    const failed = (await page.evaluate("window.vaeLabReport.failed")) as PrintResult["failed"];
    if (problems.length) throw new Error(`${where}: the page threw: ${problems[0]}`);
    if (blocked.length) {
      const more = blocked.length > 1 ? ` and ${blocked.length - 1} more` : "";
      throw new Error(`${where}: the page asked the network for ${blocked[0]}${more}`);
    }
    await step(where, page.pdf({
      path: pdfFile, format: "A4", printBackground: true, outline: true, tagged: true,
      margin: PRINT_MARGINS,
      displayHeaderFooter: true,
      headerTemplate: `<div style="${SMALL} padding-top: 5mm;">${escapeHtml(o.title)}</div>`,
      footerTemplate:
        `<div style="${SMALL} text-align: center;">page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
    }));
    const pages = (fs.readFileSync(pdfFile, "latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
    return { pages, figures, failed, seconds: (Date.now() - started) / 1000 };
  } finally {
    await page.close().catch(() => undefined);
  }
}
