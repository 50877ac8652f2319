import * as path from "node:path";
import { UsageError } from "../lib/cli/args";
import { writeFileAtomic } from "../lib/util/fs";
import type { RenderStep } from "./build";
import { renderReport } from "./render";
import { findChromium, NO_CHROMIUM, printPdf } from "./render/pdf";

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
 * The build's render step: writes index.html, then prints report.pdf from it, into the build's
 * temporary folder. Looks for Chromium at once, so a bad `CHROME_PATH` fails before any notebook
 * runs; without a Chromium it writes the HTML and says in one line how to get the PDF.
 */
export function renderStep(o: RenderStepOptions): RenderStep {
  const browser = o.pdf ? (o.chromium === undefined ? chromiumOrUsageError() : o.chromium) : null;
  return async (dir, notebooks, metrics, say) => {
    const source = (nb: (typeof notebooks)[number]) => nb.metadata.vae_lab?.source;
    const report = renderReport(notebooks, metrics, { base: (nb) => (source(nb) ? path.dirname(path.resolve(o.root, source(nb)!)) : undefined) });
    for (const w of report.warnings) say(`report: ${w}`);
    writeFileAtomic(path.join(dir, "index.html"), report.html);
    if (!o.pdf) return ["index.html"];
    if (!browser) {
      say(NO_CHROMIUM);
      return ["index.html"];
    }
    const title = `VAE Lab report · ${metrics.provenance.profile} · ${metrics.provenance.commit?.slice(0, 12) ?? "no commit"}${metrics.provenance.dirty ? " (dirty)" : ""}`;
    const printed = await printPdf(path.join(dir, "index.html"), path.join(dir, "report.pdf"), { chromium: browser, title });
    for (const f of printed.failed) say(`report: report.pdf: figure #${f.id} could not be drawn: ${f.message}`);
    say(`report: report.pdf: ${printed.pages} pages with ${printed.figures} figures, printed in ${printed.seconds.toFixed(1)} s`);
    return ["index.html", "report.pdf"];
  };
}

function chromiumOrUsageError(): string | undefined {
  try {
    return findChromium();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
