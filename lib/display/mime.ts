/**
 * VAE Lab's own MIME types. Values that a notebook hands to the report travel inside its outputs
 * under these types (as scrapbook's glue does); the report's renderer trusts only these and plotly's.
 */

/** A named value for the report: `{name, value}` (JSON). Shown as nothing in a notebook. */
export const RECORD_MIME = "application/vnd.vae-lab.record+json";

/** An answer built from the run's numbers: {@link AnswerData}; the bundle also has `text/markdown`. */
export const ANSWER_MIME = "application/vnd.vae-lab.answer+json";

/** A table as data: {@link TableData}; the bundle also has `text/html` and `text/plain`. */
export const TABLE_MIME = "application/vnd.vae-lab.table+json";

/** Training progress or its final summary: {@link ProgressData}. */
export const PROGRESS_MIME = "application/vnd.vae-lab.progress+json";

/** Plotly's figure JSON `{data, layout}`, as JupyterLab's plotly extension reads it. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** The content of a {@link RECORD_MIME} output. */
export interface RecordData {
  name: string;
  value: unknown;
}

/** The content of an {@link ANSWER_MIME} output. */
export interface AnswerData {
  /** The answer as markdown, numbers already formatted. */
  markdown: string;
  /** Each interpolated number: its raw value, its text in the answer and its unit, if any. */
  values: { value: number; text: string; unit?: string }[];
}

/** The content of a {@link TABLE_MIME} output: cells already formatted as text. */
export interface TableData {
  caption?: string;
  columns: string[];
  rows: string[][];
  /** Rows left out of `rows` (the table has `rows.length + omitted` in all). */
  omitted: number;
}

/** The content of a {@link PROGRESS_MIME} output. */
export interface ProgressData {
  /** One line: the progress so far, or the final summary. */
  text: string;
  /** True for the final summary. */
  done: boolean;
  /** The training losses so far, thinned to at most 200 points. */
  losses: number[];
}
