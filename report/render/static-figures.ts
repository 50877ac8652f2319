import type { BrowserContext } from "playwright-core";
import type { Notebook } from "../notebook";
import { plotlyScript } from "./document/assets";

const PLOTLY = "application/vnd.plotly.v1+json";

/** What {@link addStaticFigures} did. */
export interface StaticFiguresResult {
  /** Figures that got an image. */
  figures: number;
  /** Bytes of PNG data added (decoded). */
  bytes: number;
  /** Figures plotly could not draw: notebook, cell index and why (they keep no image). */
  failed: { notebook: string; cell: number; message: string }[];
  seconds: number;
}

type FigureJson = { data: unknown[]; layout?: { width?: number; height?: number } };

/** The figure's own size in CSS pixels (plotly's defaults where the layout sets none). */
export function figureSize(fig: FigureJson): { width: number; height: number } {
  return { width: Math.round(fig.layout?.width ?? 700), height: Math.round(fig.layout?.height ?? 450) };
}

/**
 * Adds an `image/png` rendering beside every plotly figure of the executed `notebooks` (in place),
 * drawn by plotly.js in the given headless Chromium session at the figure's own size. The figure's
 * `text/html` (a script that draws it) is dropped: Jupyter ranks HTML above PNG and shows an
 * untrusted notebook's HTML with its script removed, so a grader's copy would show a blank figure.
 * What stays: the plotly JSON, which JupyterLab's plotly extension and VS Code draw live, the PNG,
 * which every other viewer shows (classic notebook, GitHub, nbviewer), and the text. The page asks
 * the network for nothing.
 */
export async function addStaticFigures(notebooks: Notebook[], context: BrowserContext): Promise<StaticFiguresResult> {
  const started = Date.now();
  const result: StaticFiguresResult = { figures: 0, bytes: 0, failed: [], seconds: 0 };
  const page = await context.newPage();
  try {
    await page.route("**/*", (route) => route.abort());
    await page.setContent(`<!doctype html><html><body><script>${plotlyScript()}</script></body></html>`);
    for (const nb of notebooks) {
      for (const [index, cell] of nb.cells.entries()) {
        if (cell.cell_type !== "code") continue;
        for (const out of cell.outputs ?? []) {
          const data = (out as { data?: Record<string, unknown> }).data;
          const fig = data?.[PLOTLY] as FigureJson | undefined;
          if (!data || !fig) continue;
          const size = figureSize(fig);
          try {
            const url = (await page.evaluate(
              ([f, s]) =>
                (globalThis as unknown as { Plotly: { toImage: (f: unknown, o: unknown) => Promise<string> } }).Plotly.toImage(
                  f,
                  { format: "png", ...s, scale: 1 },
                ),
              [fig, size] as const,
            )) as string;
            const png = url.slice(url.indexOf(",") + 1);
            data["image/png"] = png;
            delete data["text/html"];
            const meta = ((out as { metadata?: Record<string, unknown> }).metadata ??= {});
            meta["image/png"] = size;
            result.figures++;
            result.bytes += Buffer.byteLength(png, "base64");
          } catch (e) {
            result.failed.push({
              notebook: nb.metadata.vae_lab?.name ?? "notebook",
              cell: index,
              message: String((e as Error).message).split("\n")[0],
            });
          }
        }
      }
    }
  } finally {
    await page.close().catch(() => undefined);
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
