import * as path from "node:path";
import { UsageError } from "../lib/cli/args";
import { writeFileAtomic } from "../lib/util/fs";
import type { RenderStep } from "./build";
import { renderReport } from "./render";
import { findChromium, NO_CHROMIUM, printPdf, withChromium } from "./render/pdf";
import { addStaticFigures } from "./render/static-figures";

/** Options of {@link renderStep}. */
export interface RenderStepOptions {
  /** Print report.pdf (the CLI's `--no-pdf` turns it off). */
  pdf: boolean;
  /** The project root, which notebooks' source paths are relative to (for images beside a notebook). */
  root: string;
  /** The Chromium to print with; default {@link findChromium} (`CHROME_PATH`, then the usual places); null: none. */
  chromium?: string | null;
}

/**
 * The build's render step: writes index.html, then, in one headless Chromium session, adds a PNG
 * beside every plotly figure of the executed notebooks (which the build writes afterwards) and
 * prints report.pdf, into the build's temporary folder. Looks for Chromium at once, so a bad `CHROME_PATH` fails before any notebook
 * runs; without a Chromium (or with `--no-pdf`) it writes the HTML and says in one line what is missing.
 */
export function renderStep(o: RenderStepOptions): RenderStep {
  const browser = o.pdf ? (o.chromium === undefined ? chromiumOrUsageError() : o.chromium) : null;
  return async (dir, notebooks, metrics, say) => {
    const source = (nb: (typeof notebooks)[number]) => nb.metadata.vae_lab?.source;
    const base = (nb: (typeof notebooks)[number]) => (source(nb) ? path.dirname(path.resolve(o.root, source(nb)!)) : undefined);
    const report = renderReport(notebooks, metrics, { base });
    for (const w of report.warnings) say(`report: ${w}`);
    writeFileAtomic(path.join(dir, "index.html"), report.html);
    if (!o.pdf) {
      say(NO_STATIC_FIGURES_NO_PDF);
      return ["index.html"];
    }
    if (!browser) {
      say(NO_CHROMIUM);
      say(NO_STATIC_FIGURES_NO_CHROMIUM);
      return ["index.html"];
    }
    const p = metrics.provenance;
    const title = `VAE Lab report · ${p.profile} · ${p.commit?.slice(0, 12) ?? "no commit"}${p.dirty ? " (dirty)" : ""}`;
    await withChromium(browser, async (context) => {
      const figures = await addStaticFigures(notebooks, context);
      for (const f of figures.failed) say(`report: ${f.notebook} cell ${f.cell}: no static image: ${f.message}`);
      say(`report: notebooks: ${figures.figures} figures drawn as PNG beside their plotly output (${
        (figures.bytes / 2 ** 20).toFixed(1)
      } MiB) in ${figures.seconds.toFixed(1)} s`);
      const printed = await printPdf(path.join(dir, "index.html"), path.join(dir, "report.pdf"), { chromium: browser, title, context });
      for (const f of printed.failed) say(`report: report.pdf: figure #${f.id} could not be drawn: ${f.message}`);
      say(`report: report.pdf: ${printed.pages} pages with ${printed.figures} figures, printed in ${printed.seconds.toFixed(1)} s`);
    });
    return ["index.html", "report.pdf"];
  };
}

/** Said when `--no-pdf` skips Chromium: the static figures are drawn by the same browser. */
export const NO_STATIC_FIGURES_NO_PDF =
  "report: --no-pdf: the executed notebooks carry no static figures either (drawn by the same Chromium); " +
  "viewers that run no script show them blank";
/** Said with {@link NO_CHROMIUM}. */
export const NO_STATIC_FIGURES_NO_CHROMIUM =
  "report: without Chromium the executed notebooks carry no static figures; viewers that run no script show them blank";

function chromiumOrUsageError(): string | undefined {
  try {
    return findChromium();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
