import { ANSWER_MIME, PLOTLY_MIME, PROGRESS_MIME, RECORD_MIME, TABLE_MIME } from "../../lib/display/mime";
import type { MetricsFile } from "../metrics";
import type { Notebook } from "../notebook";
import { cells } from "./cells";
import { createEnv, Renderer } from "./core";
import { slug } from "./html";
import { APPENDIX, codeAppendix } from "./document/appendix";
import { cover } from "./document/cover";
import { page } from "./document/page";
import { notebookSection } from "./document/section";
import { PRINT_HEIGHT_PX, PRINT_WIDTH_PX } from "./document/style";
import { toc } from "./document/toc";
import { headingsPlugin } from "./markdown/headings";
import { imagesPlugin } from "./markdown/images";
import { mathPlugin } from "./markdown/math";
import { answers } from "./outputs/answer";
import { errors } from "./outputs/error";
import { figures } from "./outputs/figure";
import { frames } from "./outputs/frame";
import { IMAGE_MIMES, images } from "./outputs/image";
import { quiet } from "./outputs/quiet";
import { streams, type StreamOptions } from "./outputs/stream";
import { tables } from "./outputs/table";
import { texts } from "./outputs/text";

/**
 * The MIME types a display or result is shown by, best first: VAE Lab's own (records, progress,
 * answers, tables, figures), then images, markdown, other HTML (sandboxed), JSON and plain text.
 */
export const DISPLAY_PRIORITY = [
  RECORD_MIME, PROGRESS_MIME, ANSWER_MIME, TABLE_MIME, PLOTLY_MIME, ...IMAGE_MIMES,
  "text/markdown", "text/html", "application/json", "text/plain",
];

/** Options of {@link createRenderer}. */
export interface RendererOptions {
  streams?: StreamOptions;
}

/** The report's renderer: markdown-it with math, heading ids and embedded images, and a rule for every output kind. */
export function createRenderer(o: RendererOptions = {}): Renderer {
  const r = new Renderer();
  r.md.use(mathPlugin).use(headingsPlugin).use(imagesPlugin);
  r.use(cells).use(streams, o.streams ?? {}).use(errors).use(quiet).use(answers).use(tables)
    .use(figures, { printWidth: PRINT_WIDTH_PX, printHeight: PRINT_HEIGHT_PX })
    .use(images).use(texts).use(frames);
  r.priority.push(...DISPLAY_PRIORITY);
  return r;
}

/** Options of {@link renderReport}. */
export interface ReportOptions extends RendererOptions {
  /** The cover's title. Default "VAE Lab report". */
  title?: string;
  /** The folder a notebook's relative image paths resolve against (e.g. its source folder); none: such images are left out. */
  base?: (nb: Notebook, name: string) => string | undefined;
}

/** A rendered report and what it holds. */
export interface RenderedReport {
  html: string;
  figures: number;
  tables: number;
  /** Things the author should hear about (images left out, TeX that did not render), each once. */
  warnings: string[];
}

/**
 * Executed notebooks and their metrics.json as one self-contained HTML page: a cover with the
 * provenance, the contents, each notebook (markdown, folded code, numbered figures and tables,
 * answers, recorded values) and the code appendix for print. Notebooks are named by their
 * `metadata.vae_lab.name`, else `notebook-<n>`.
 */
export function renderReport(notebooks: Notebook[], metrics: MetricsFile, o: ReportOptions = {}): RenderedReport {
  const r = createRenderer(o);
  const env = createEnv();
  const rendered = notebooks.map((nb, i) => {
    const name = nb.metadata.vae_lab?.name ?? `notebook-${i + 1}`;
    env.base = o.base?.(nb, name);
    return { nb, ...notebookSection(r, env, name, nb, metrics.notebooks[name]) };
  });
  const title = o.title ?? "VAE Lab report";
  const titles = Object.fromEntries(rendered.map((n) => [n.name, n.title]));
  const appendix = rendered.map((n) => ({ id: `code-${slug(n.name)}`, name: n.name, title: n.title, nb: n.nb }));
  const body = [
    cover(metrics, title, titles),
    toc(rendered, APPENDIX),
    ...rendered.map((n) => n.html),
    codeAppendix(appendix),
  ].join("\n");
  return { html: page({ title, body, env }), figures: env.counters.figure ?? 0, tables: env.counters.table ?? 0, warnings: env.warnings };
}
