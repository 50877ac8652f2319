import type { NotebookMetrics } from "../../metrics";
import type { Notebook } from "../../notebook";
import type { Renderer, RenderEnv, TocEntry } from "../core";
import { escapeHtml, slug } from "../html";
import { duration, valueText } from "./format";
import { recordedValues } from "./recorded";

/** A notebook rendered: its section's HTML, its title and the headings it adds to the contents. */
export interface RenderedNotebook {
  id: string;
  name: string;
  title: string;
  html: string;
  sections: TocEntry[];
  failed: boolean;
}

/** The id of a notebook's section: `nb-` and its name as a slug. */
export function sectionId(name: string): string {
  return `nb-${slug(name)}`;
}

/** The line above a notebook's title: its file, how it ran, its parameters. */
function kicker(name: string, nb: Notebook, m: NotebookMetrics | undefined): string {
  const run = nb.metadata.vae_lab;
  const ran = m?.cached ? "from the cache" : run ? `ran ${duration(run.seconds)}` : "";
  const params = Object.entries(m?.parameters ?? run?.parameters ?? {}).map(([k, v]) => `${k} = ${valueText(v)}`);
  const parts = [
    `${run?.source ?? `${name}.ipynb`}`,
    ran,
    run?.status === "failed" ? "failed" : "",
    params.length ? `parameters: ${params.join(", ")}` : "",
  ];
  return `<p class="kicker">${parts.filter(Boolean).map(escapeHtml).join(" · ")}</p>`;
}

/**
 * One notebook as a section `#nb-<name>`: a kicker line, its cells in order, then the values it
 * recorded. Its title is its first level-1 heading, or its name when it has none (then added).
 */
export function notebookSection(r: Renderer, env: RenderEnv, name: string, nb: Notebook, m: NotebookMetrics | undefined): RenderedNotebook {
  Object.assign(env, { notebook: name, macros: {}, collectToc: false, attachments: undefined });
  const from = env.toc.length;
  const cells = nb.cells.map((c) => r.cell(c, env)).join("");
  const entries = env.toc.slice(from);
  const first = entries.findIndex((e) => e.level === 1);
  const title = first >= 0 ? entries[first].text : name;
  const heading = first >= 0 ? "" : `<h1>${escapeHtml(name)}</h1>\n`;
  const sections = entries.filter((_, i) => i !== first);
  const id = sectionId(name);
  env.ids.add(id);
  const failed = (m?.status ?? nb.metadata.vae_lab?.status) === "failed";
  const open = `<section class="notebook${failed ? " failed" : ""}" id="${escapeHtml(id)}">`;
  const html = `${open}\n${kicker(name, nb, m)}\n${heading}${cells}${recordedValues(env, m?.metrics)}</section>\n`;
  return { id, name, title, html, sections, failed };
}
