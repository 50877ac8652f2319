import MarkdownIt from "markdown-it";
import type { Cell, Output } from "../notebook";
import { escapeHtml } from "./html";

/** A heading of the table of contents. */
export interface TocEntry {
  /** 1 for a notebook's title, 2 for its sections. */
  level: number;
  id: string;
  /** Plain text. */
  text: string;
  notebook: string;
}

/**
 * What rendering one report accumulates, shared by every rule (markdown-it's `env`): where it is,
 * the numbers given so far, the headings for the table of contents, and what the page must carry.
 */
export interface RenderEnv {
  /** Name of the notebook being rendered; it prefixes every id made inside it. */
  notebook: string;
  /** Folder that relative image paths in its markdown resolve against; undefined: they are not embedded. */
  base?: string;
  /** Attachments of the markdown cell being rendered (`attachment:name` images). */
  attachments?: Record<string, Record<string, string>>;
  /** True while rendering a markdown cell, whose headings go into the table of contents. */
  collectToc: boolean;
  /** Running numbers by kind (`figure`, `table`), over the whole report. */
  counters: Record<string, number>;
  toc: TocEntry[];
  /** TeX macros (`\gdef`) defined so far in the notebook. */
  macros?: Record<string, string>;
  /** Every id given out, so each one is unique in the page. */
  ids: Set<string>;
  /** What the page needs: `plotly` (figures to draw), `math` (KaTeX's stylesheet and fonts), `frames` (sandboxed HTML to size). */
  uses: Set<"plotly" | "math" | "frames">;
  /** Things the author should hear about (a remote image left out, bad TeX), said once each by the build. */
  warnings: string[];
}

/** A fresh environment for one report. */
export function createEnv(): RenderEnv {
  return { notebook: "", collectToc: false, counters: {}, toc: [], ids: new Set(), uses: new Set(), warnings: [] };
}

/** Gives out `base`, or `base-2`, `base-3`, ... so that ids stay unique in the page. */
export function uniqueId(env: RenderEnv, base: string): string {
  let id = base;
  for (let i = 2; env.ids.has(id); i++) id = `${base}-${i}`;
  env.ids.add(id);
  return id;
}

/** Adds a warning unless the same one was added before. */
export function warn(env: RenderEnv, message: string): void {
  if (!env.warnings.includes(message)) env.warnings.push(message);
}

/**
 * Renders one output to HTML. `data` is the output's value under the MIME type the rule is
 * registered for (for `stream` and `error` rules, the output itself).
 */
export type OutputRule = (data: unknown, output: Output, env: RenderEnv, r: Renderer) => string;

/** Renders one cell (with its outputs) to HTML. */
export type CellRule = (cell: Cell, env: RenderEnv, r: Renderer) => string;

/** Extends a renderer: adds markdown-it plugins, output rules, cell rules. */
export type Plugin<O = void> = (r: Renderer, options: O) => void;

/**
 * The renderer's core, written as markdown-it is: it knows no output kind itself. Plugins fill
 * {@link rules} (by output kind: `stream`, `error`, or a MIME type of a display or result),
 * {@link priority} (the MIME types a rich output is tried in) and {@link cellRules}, and extend
 * {@link md}, the markdown-it instance that renders markdown cells and answers.
 * @example new Renderer().use(math).use(figures).cell(cell, env)
 */
export class Renderer {
  readonly rules: Record<string, OutputRule> = {};
  readonly priority: string[] = [];
  readonly cellRules: Partial<Record<Cell["cell_type"], CellRule>> = {};

  /** Raw HTML in markdown is shown as text (`html: false`): only VAE Lab's own outputs add markup. */
  constructor(readonly md: MarkdownIt = new MarkdownIt({ html: false, linkify: false, typographer: true })) {}

  use<O>(plugin: Plugin<O>, ...options: O extends void ? [] : [O]): this {
    plugin(this, options[0] as O);
    return this;
  }

  /** Markdown to HTML with the report's plugins. */
  markdown(src: string, env: RenderEnv): string {
    return this.md.render(src, env);
  }

  /** One cell, by its cell type's rule. */
  cell(cell: Cell, env: RenderEnv): string {
    const rule = this.cellRules[cell.cell_type];
    if (!rule) throw new Error(`no rule renders cells of type ${cell.cell_type}`);
    return rule(cell, env, this);
  }

  /** One output: `stream` and `error` by their rules, a display or result by the first MIME type of {@link priority} it holds. */
  output(o: Output, env: RenderEnv): string {
    if (o.output_type === "stream" || o.output_type === "error") return this.rule(o.output_type)(o, o, env, this);
    if (o.output_type !== "display_data" && o.output_type !== "execute_result") {
      throw new Error(`invalid output_type: ${(o as { output_type: unknown }).output_type}`);
    }
    const data = o.data ?? {};
    const mime = this.priority.find((m) => m in data && this.rules[m]);
    if (mime) return this.rules[mime](data[mime], o, env, this);
    const kinds = Object.keys(data);
    if (!kinds.length) return "";
    return `<p class="output unshown">An output of type ${escapeHtml(kinds.join(", "))}, not shown in the report.</p>\n`;
  }

  private rule(kind: string): OutputRule {
    const rule = this.rules[kind];
    if (!rule) throw new Error(`no rule renders ${kind} outputs`);
    return rule;
  }
}
