import { PROGRESS_MIME, RECORD_MIME, type ProgressData } from "../../../lib/display/mime";
import type { Plugin } from "../core";
import { escapeHtml } from "../html";

/**
 * The outputs that say little: a record (`lab.record`) shows nothing where it was made (its value
 * is in the notebook's table of recorded values), and training progress shows its last line only.
 */
export const quiet: Plugin = (r) => {
  r.rules[RECORD_MIME] = () => "";
  r.rules[PROGRESS_MIME] = (value, _out, env) => {
    const p = value as ProgressData;
    if (!p || typeof p.text !== "string") throw new Error(`${env.notebook}: invalid ${PROGRESS_MIME} output: no text`);
    return `<p class="output progress${p.done ? " done" : ""}">${escapeHtml(p.text)}</p>\n`;
  };
};
