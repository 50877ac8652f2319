import * as path from "node:path";
import { writeFileAtomic } from "../util/fs";
import { escapeHtml } from "./bundles";
import { display, DisplayOptions, kernelHook, toMimeBundle } from "./jupyter";
import { plotlyLoaderHtml } from "./plotly-html";
import "./formatters";

export interface ShowOptions extends DisplayOptions {
  /**
   * Outside a kernel, write the value to this file instead: `.html` (a standalone page), `.json`
   * (a figure's plotly JSON, or the whole bundle) or `.txt` (the text form). Ignored in a kernel.
   */
  file?: string;
}

/**
 * Shows a figure, image grid, table or any value in the notebook: the explicit form of ending a cell
 * with it. Outside a kernel it does nothing, or writes `options.file` (atomically).
 * @example show(trainingCurves(history)); show(fig, { file: "curves.html" })
 */
export function show(value: unknown, options: ShowOptions = {}): void {
  if (kernelHook()) {
    display(value, options);
    return;
  }
  if (!options.file) return;
  const bundle = toMimeBundle(value);
  const ext = path.extname(options.file).toLowerCase();
  const json = bundle["application/vnd.plotly.v1+json"] ?? bundle;
  if (ext === ".html") writeFileAtomic(options.file, standalonePage(bundle));
  else if (ext === ".json") writeFileAtomic(options.file, JSON.stringify(json, null, 1) + "\n");
  else if (ext === ".txt") writeFileAtomic(options.file, String(bundle["text/plain"] ?? "") + "\n");
  else throw new Error(`show: cannot write ${options.file} (use .html, .json or .txt)`);
}

/** A self-contained HTML page for a bundle: its HTML (with plotly.js inlined if needed) or its text. */
export function standalonePage(bundle: Record<string, unknown>): string {
  const html = bundle["text/html"] as string | undefined;
  const body = html ?? `<pre>${escapeHtml(String(bundle["text/plain"] ?? ""))}</pre>`;
  const loader = html && html.includes("Plotly.newPlot") && !html.includes("if (!window.Plotly)") ? plotlyLoaderHtml() : "";
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>VAE Lab</title></head><body>\n${loader}${body}\n</body></html>\n`;
}
