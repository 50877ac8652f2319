import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_FLAGS } from "../../report/render/pdf";

/** Debian's Chromium, which the browser tests need (`needs({ programs: [CHROMIUM] })`). */
export const CHROMIUM = "/usr/bin/chromium";

/** A report page open in headless Chromium, and what it did: requests (all refused), errors, dialogs. */
export interface OpenPage {
  page: Page;
  /** Every URL the page asked for other than itself; each was refused. */
  requests: string[];
  /** Uncaught exceptions. */
  pageErrors: string[];
  /** Messages of alert/confirm/prompt dialogs (dismissed): a script that should not have run did. */
  dialogs: string[];
  consoleErrors: string[];
  /** Opens another file in the same page (its requests allowed in turn) and waits for its figures. */
  goto(file: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens an HTML file in a fresh headless Chromium profile with every network request refused and
 * counted, waits for the report's figures (`vaeLabReport.ready`) and returns the page.
 */
export async function openPage(file: string, viewport = { width: 1280, height: 900 }): Promise<OpenPage> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "vae-lab-page-"));
  let url = pathToFileURL(file).href;
  const opened: Omit<OpenPage, "page" | "close" | "goto"> = { requests: [], pageErrors: [], dialogs: [], consoleErrors: [] };
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport, timeout: 30000 });
    await context.route("**/*", (route) => (route.request().url() === url ? route.continue() : (opened.requests.push(route.request().url()), route.abort())));
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (e) => opened.pageErrors.push(e.message));
    page.on("console", (m) => m.type() === "error" && opened.consoleErrors.push(m.text()));
    page.on("dialog", (d) => {
      opened.dialogs.push(d.message());
      void d.dismiss();
    });
    const goto = async (f: string) => {
      url = pathToFileURL(f).href;
      await page.goto(url, { timeout: 30000 });
      await page.evaluate("window.vaeLabReport.ready");
    };
    await goto(file);
    const ctx = context;
    return { ...opened, page, goto, close: async () => (await ctx.close().catch(() => undefined), fs.rmSync(profile, { recursive: true, force: true })) };
  } catch (e) {
    await context?.close().catch(() => undefined);
    fs.rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
