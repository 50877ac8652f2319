import type { MetricsFile } from "../../metrics";
import { checkLine } from "../../check/table";
import { escapeHtml } from "../html";
import { duration, valueText, when } from "./format";
import { sectionId } from "./section";

/** What the cover says about code cells (the PDF prints them in an appendix). */
export const CODE_NOTE =
  "Code cells are folded in index.html (click a cell's In [n] to show it) and printed in the code appendix at the end of report.pdf.";

function row(label: string, value: string): string {
  return `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`;
}

const code = (s: string) => `<code>${escapeHtml(s)}</code>`;

/** The build's provenance as a two-column table: commit, profile, parameters, backend, machine, versions, times. */
export function provenanceTable(m: MetricsFile): string {
  const p = m.provenance;
  const dirty = `<span class="flag dirty">with uncommitted changes</span>`;
  const state = p.dirty ? dirty : p.dirty === false ? `<span class="flag">clean</span>` : "";
  const commit = p.commit ? `${code(p.commit.slice(0, 12))} ${state}` : "not a git checkout";
  const sets = Object.entries(p.parameters);
  const packages = Object.entries(p.packages)
    .map(([name, v]) => `<span class="pkg">${escapeHtml(name)}&nbsp;${escapeHtml(v)}</span>`)
    .join(", ");
  const b = p.backend;
  const requested = b.requested !== "auto" ? ` (requested ${escapeHtml(b.requested)})` : "";
  return [
    `<table class="provenance">`,
    row("Commit", commit),
    row("Profile", escapeHtml(p.profile)),
    row("Parameters", sets.length ? sets.map(([k, v]) => code(`${k}=${valueText(v)}`)).join(" ") : "the notebooks' own (no --set)"),
    row("Backend", `${escapeHtml(b.description ?? "none reported")}${requested}`),
    row("BLAS", escapeHtml(b.blas ?? "none")),
    ...(b.reproducibility ? [row("Reproducible", escapeHtml(b.reproducibility))] : []),
    row("CPU", `${escapeHtml(p.cpu.model)}, ${p.cpu.cores} core${p.cpu.cores === 1 ? "" : "s"}`),
    row("GPU", escapeHtml(p.gpu ?? "none")),
    row("Node", escapeHtml(p.node)),
    row("Packages", packages),
    row("Built", `${escapeHtml(when(p.started))} to ${escapeHtml(when(p.ended, p.started))} (${duration(p.seconds)})`),
    `</table>`,
  ].join("\n");
}

/** One row per notebook: status, when it ran, how long, whether it came from the cache, its seeds. */
export function runsTable(m: MetricsFile, titles: Record<string, string>): string {
  const p = m.provenance;
  const rows = Object.entries(m.notebooks).map(([name, nb]) => {
    const t = p.notebooks[name];
    const status = nb.status === "ok" ? `<span class="status ok">ran</span>` : `<span class="status failed">failed</span>`;
    const seeds = p.seeds[name]?.length ? p.seeds[name].join(", ") : "—";
    const cached = t?.cached ? ` <span class="flag">from the cache</span>` : "";
    return (
      `<tr><td><a href="#${sectionId(name)}">${escapeHtml(titles[name] ?? name)}</a>` +
      `<br><span class="file">${escapeHtml(name)}.ipynb</span></td>` +
      `<td>${status}${cached}</td>` +
      `<td class="num">${escapeHtml(when(t?.started, p.started))}</td><td class="num">${escapeHtml(when(t?.ended, p.started))}</td>` +
      `<td class="num">${duration(t?.seconds ?? nb.seconds)}</td><td class="num">${escapeHtml(seeds)}</td></tr>`
    );
  });
  const head =
    `<th>Notebook</th><th>Status</th><th class="num">Started</th><th class="num">Ended</th>` +
    `<th class="num">Duration</th><th class="num">Seeds</th>`;
  return `<table class="runs"><thead><tr>${head}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

/** The last `--check`: one line, and the values that differed when it failed. */
export function checkNote(c: NonNullable<MetricsFile["check"]>): string {
  const shown = (v: unknown) => escapeHtml(v === undefined ? "—" : valueText(v));
  const items = c.differences
    .slice(0, 20)
    .map((d) => `<li><code>${escapeHtml(d.notebook)}</code> ${escapeHtml(d.name)}: ${shown(d.before)} → ${shown(d.after)}</li>`);
  const more = c.differences.length > 20 ? `<li>… ${c.differences.length - 20} more in metrics.json</li>` : "";
  const list = items.length ? `<ul>${items.join("")}${more}</ul>` : "";
  return `<div class="check ${c.passed ? "passed" : "failed"}"><p>${escapeHtml(checkLine(c))}</p>${list}</div>`;
}

/** The cover: title, one line of what was built, provenance, the notebooks' runs and where the code is. */
export function cover(m: MetricsFile, title: string, titles: Record<string, string>): string {
  const p = m.provenance;
  const n = Object.keys(m.notebooks).length;
  const failed = Object.values(m.notebooks).filter((nb) => nb.status !== "ok").length;
  const failures = failed ? `; <strong class="status failed">${failed} failed</strong>` : "";
  const summary = `${n} notebook${n === 1 ? "" : "s"}, profile ${escapeHtml(p.profile)}, built ${escapeHtml(when(p.started))}${failures}`;
  return [
    `<header class="cover" id="cover">`,
    `<h1 class="title">${escapeHtml(title)}</h1>`,
    `<p class="subtitle">${summary}</p>`,
    ...(m.check ? [checkNote(m.check)] : []),
    `<h2 class="cover-heading">Provenance</h2>`,
    provenanceTable(m),
    `<h2 class="cover-heading">Notebooks</h2>`,
    runsTable(m, titles),
    `<p class="code-note">${escapeHtml(CODE_NOTE)}</p>`,
    `</header>`,
  ].join("\n");
}
