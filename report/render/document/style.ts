/** Millimetres of the printed page's side margins (A4, 210 mm wide). */
const SIDE_MM = 15;

/** Millimetres of the printed page's top and bottom margins (A4, 297 mm high). */
const TOP_MM = 16;
const BOTTOM_MM = 18;

/** CSS pixels a printed A4 page leaves for content between its side margins (96 px per inch). */
export const PRINT_WIDTH_PX = Math.floor(((210 - 2 * SIDE_MM) / 25.4) * 96);

/** CSS pixels a printed page leaves for a figure: its height between the margins, less room for a caption. */
export const PRINT_HEIGHT_PX = Math.floor(((297 - TOP_MM - BOTTOM_MM) / 25.4) * 96) - 90;

/** The margins report.pdf is printed with, as the PDF printer takes them. */
export const PRINT_MARGINS = { top: `${TOP_MM}mm`, bottom: `${BOTTOM_MM}mm`, left: `${SIDE_MM}mm`, right: `${SIDE_MM}mm` };

/**
 * The report's stylesheet: one column of up to 900 px with prose held to about 70 characters,
 * figures at their own size (scrolling sideways in their frame when wider than the column), and a
 * print sheet for A4 (each notebook from a new page, nothing split inside a figure or table, code
 * moved to the appendix, figures scaled to the page width).
 */
export const STYLE = `
:root {
  --text: #1f2328; --muted: #59636e; --faint: #8c959f; --rule: #d8dee4; --wash: #f6f8fa;
  --accent: #0a58b8; --error: #b42318; --error-wash: #fef3f2; --warn: #9a6700; --warn-wash: #fff8e5;
  --answer: #1a7f37; --answer-wash: #f0faf3;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif;
  --mono: ui-monospace, "SFMono-Regular", "Cascadia Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--text); background: #fff; font: 16px/1.6 var(--sans); }
main { max-width: 900px; margin: 0 auto; padding: 3rem 1.5rem 5rem; }
p, li, .cover .subtitle, figcaption, .code-note, .banner, .answer, .output.markdown, .math { max-width: 70ch; }
h1, h2, h3, h4 { line-height: 1.25; margin: 2em 0 0.6em; font-weight: 650; }
h1 { font-size: 1.9rem; margin-top: 0.3em; }
h2 { font-size: 1.4rem; }
h3 { font-size: 1.12rem; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, kbd { font-family: var(--mono); font-size: 0.86em; }
:not(pre) > code { background: var(--wash); padding: 0.1em 0.3em; border-radius: 4px; }
pre {
  margin: 0.6em 0; padding: 0.6em 0.9em; background: var(--wash); border-radius: 6px; overflow-x: auto; line-height: 1.45; font-size: 13px;
}
pre code { font-size: inherit; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.92rem; }
th, td { padding: 0.3em 0.75em; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--text); font-weight: 600; }
.num { text-align: right; }
.quiet, .file { color: var(--muted); }
.file { font-family: var(--mono); font-size: 0.8em; font-weight: normal; }
.kicker { margin: 0; color: var(--muted); font-size: 0.85rem; letter-spacing: 0.02em; }
.cover .title { font-size: 2.4rem; margin: 0 0 0.2em; }
.cover .subtitle { color: var(--muted); margin-top: 0; }
.cover-heading { font-size: 1.05rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); margin: 2em 0 0.5em; }
.provenance th { color: var(--muted); font-weight: 500; width: 7.5em; white-space: nowrap; }
.provenance td, .provenance th { border-bottom-color: #eef1f4; }
.pkg { white-space: nowrap; }
.flag { font-size: 0.8em; padding: 0.05em 0.45em; border-radius: 1em; background: var(--wash); color: var(--muted); white-space: nowrap; }
.flag.dirty { background: var(--warn-wash); color: var(--warn); }
.status.ok { color: var(--answer); } .status.failed { color: var(--error); font-weight: 600; }
.check { margin: 0.8em 0 1.2em; padding: 0.5em 1em; border-radius: 6px; border-left: 4px solid var(--answer); background: var(--wash); }
.check p { margin: 0; }
.check.failed { border-left-color: var(--error); background: var(--error-wash); color: var(--error); }
.check ul { margin: 0.4em 0 0; font-size: 0.9em; }
.runs td:first-child a { font-weight: 550; }
.code-note { color: var(--muted); font-size: 0.9rem; }
.toc { margin: 3rem 0; }
.toc ol { list-style: none; padding-left: 0; margin: 0.2em 0; }
.toc ol ol { padding-left: 1.3em; font-size: 0.95em; }
.toc > ol > li { margin: 0.4em 0; font-weight: 550; }
.toc ol ol li { font-weight: normal; }
.notebook { margin-top: 4.5rem; padding-top: 2rem; border-top: 1px solid var(--rule); }
.cell { margin: 0.4em 0; }
.cell.markdown > :first-child { margin-top: 0.8em; }
details.source { margin: 0.3em 0 0.2em; }
details.source > summary {
  cursor: pointer; color: var(--faint); font: 12px/1.6 var(--mono); width: max-content; list-style-position: outside; margin-left: 1em;
}
details.source > summary:hover, details.source[open] > summary { color: var(--muted); }
details.source > pre { margin-top: 0.2em; border-left: 3px solid var(--rule); }
.cell-note { font-family: var(--sans); margin-left: 0.5em; }
.cell.failed details.source > pre { border-left-color: var(--error); }
.output { margin: 0.4em 0 0.8em; }
pre.output.stdout, pre.output.text, pre.output.json { background: #fff; border: 1px solid #eaeef2; }
pre.output.stderr { background: var(--warn-wash); border-left: 3px solid #d4a72c; }
.clipped { color: var(--muted); font-style: italic; }
p.output.note, p.output.progress, p.output.unshown { color: var(--muted); font-size: 0.85rem; margin: 0.2em 0 0.6em; }
p.output.note::before {
  content: "note"; font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.06em;
  margin-right: 0.6em; padding: 0.05em 0.45em; border: 1px solid var(--rule); border-radius: 3px;
}
p.output.progress { font-family: var(--mono); font-size: 12.5px; }
.output.error, .banner {
  border-left: 4px solid var(--error); background: var(--error-wash); padding: 0.6em 1em; border-radius: 0 6px 6px 0;
}
.output.error .error-title {
  margin: 0; color: var(--error); font-weight: 650; font-family: var(--mono); font-size: 0.9em; white-space: pre-wrap;
}
.output.error pre { background: transparent; padding: 0.3em 0 0; margin: 0; }
.banner { margin: 1em 0; color: var(--error); }
.banner p { margin: 0.3em 0; }
.answer {
  margin: 1em 0 1.4em; padding: 0.5em 1.1em 0.6em;
  border-left: 4px solid var(--answer); background: var(--answer-wash); border-radius: 0 6px 6px 0;
}
.answer-label {
  margin: 0.2em 0 0; font-size: 0.75rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.08em; color: var(--answer);
}
.answer > p { margin: 0.35em 0; }
figure { margin: 1.2em 0 1.8em; max-width: 100%; }
figure.figure { overflow-x: auto; }
.plot { max-width: none; }
figcaption { font-size: 0.9rem; color: var(--muted); margin-top: 0.4em; }
figcaption .label { color: var(--text); font-weight: 650; }
figure.table figcaption { margin: 0 0 0.4em; }
.scroll { overflow-x: auto; max-width: 100%; }
.omitted { font-size: 0.85rem; color: var(--muted); margin: 0.3em 0; }
iframe.frame { display: block; width: 100%; height: 12em; border: 1px solid var(--rule); border-radius: 6px; background: #fff; }
.math { overflow-x: auto; overflow-y: hidden; }
.katex-display { margin: 0.8em 0; }
.math-error, .figure-error { color: var(--error); }
.missing-image { color: var(--warn); font-size: 0.9em; }
.recorded { margin-top: 2.5em; }
.recorded h3 { font-size: 1rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.values td.value { font-variant-numeric: tabular-nums; word-break: break-word; }
.appendix, .print-only { display: none; }
@media (max-width: 700px) { main { padding: 1.5rem 1rem 3rem; } .cover .title { font-size: 1.8rem; } }
@page { size: A4; margin: ${TOP_MM}mm ${SIDE_MM}mm ${BOTTOM_MM}mm; }
@media print {
  body { font-size: 10.5pt; line-height: 1.5; }
  main { max-width: none; padding: 0; }
  a { color: inherit; }
  .toc a { color: var(--accent); }
  .toc, .notebook, .appendix { break-before: page; }
  .notebook { margin-top: 0; padding-top: 0; border-top: none; }
  .appendix, .print-only { display: block; }
  details.source { display: none; }
  h1, h2, h3, h4, figcaption, .kicker { break-after: avoid; }
  figure, .answer, .output.error, .banner, tr, .listing .prompt, p.output.note { break-inside: avoid; }
  figure.figure, .scroll, .math { overflow: visible; }
  figure.figure { display: inline-block; width: 100%; }
  .plot { zoom: var(--print-zoom, 1); }
  figure.image img { max-height: ${PRINT_HEIGHT_PX}px; width: auto; object-fit: contain; }
  .modebar-container { display: none !important; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 8.5pt; }
  pre.output.stdout, pre.output.text { border-color: var(--rule); }
  table { font-size: 9pt; }
  th, td { padding: 0.25em 0.5em; }
  iframe.frame { break-inside: avoid; }
  .listing { margin: 0.6em 0 1em; }
  .listing .prompt { margin: 0; color: var(--muted); font: 8.5pt var(--mono); }
  .listing pre { margin-top: 0.2em; }
}
`;
