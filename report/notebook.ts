import * as fs from "node:fs";
import { writeFileAtomic } from "../lib/util/fs";
import type { KernelProvenance } from "./metrics";

/** An nbformat 4 output, as the kernel sent it (multi-line strings may be arrays of lines). */
export type Output =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: string | string[] }
  | { output_type: "display_data"; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "execute_result"; execution_count: number | null; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** Cell metadata: tags (`parameters`, `injected-parameters`, `vae-lab-error`), and nbclient-style timing. */
export interface CellMetadata {
  tags?: string[];
  /** ISO times as nbclient's `record_timing` writes them. */
  execution?: {
    "iopub.status.busy"?: string;
    "iopub.execute_input"?: string;
    "shell.execute_reply"?: string;
    "iopub.status.idle"?: string;
  };
  [key: string]: unknown;
}

export interface CodeCell {
  cell_type: "code";
  id?: string;
  source: string | string[];
  metadata: CellMetadata;
  execution_count: number | null;
  outputs: Output[];
}

export interface TextCell {
  cell_type: "markdown" | "raw";
  id?: string;
  source: string | string[];
  metadata: CellMetadata;
  attachments?: Record<string, Record<string, string>>;
}

export type Cell = CodeCell | TextCell;

/** What the runner writes into an executed notebook's `metadata.vae_lab`. */
export interface RunMetadata {
  /** The notebook's name: its file name without `.ipynb`, e.g. `01-vae-2d`. */
  name: string;
  /** Its source path relative to the project root, e.g. `notebooks/01-vae-2d.ipynb`. */
  source: string;
  profile: string;
  /** Every parameter with the value it ran with (defaults and `--set` values). */
  parameters: Record<string, string | number | boolean>;
  /** The `--set` values only. */
  overrides: Record<string, string | number | boolean>;
  /** The cache key the run was executed under, and its parts (source, lib, lockfile, ...) to say why a lookup missed. */
  cacheKey: string;
  cacheParts?: Record<string, string>;
  /** What the notebook's kernel reported: backend, seeds, checkpoints (null if it could not say). */
  kernel?: KernelProvenance | null;
  status: "ok" | "failed";
  /** When failed: the index of the failing cell in `cells` and the first line of its error. */
  failure?: { cell: number; message: string };
  started: string;
  ended: string;
  seconds: number;
  /** The kernel's peak resident memory, MiB, where the system tells it (the next build's schedule goes by it). */
  peakMemoryMiB?: number;
}

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: {
    kernelspec?: { name: string; display_name: string; language?: string };
    language_info?: { name: string };
    vae_lab?: RunMetadata;
    [key: string]: unknown;
  };
  cells: Cell[];
}

/** A multi-line nbformat string as one string. */
export function joinSource(s: string | string[] | undefined): string {
  return Array.isArray(s) ? s.join("") : s ?? "";
}

/** Reads and checks a notebook; throws one line naming the file and what is wrong. */
export function readNotebook(file: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
  } catch (e) {
    throw new Error(`${file}: not a readable notebook (${(e as Error).message.split("\n")[0]})`);
  }
  if (nb?.nbformat !== 4) throw new Error(`${file}: nbformat is ${nb?.nbformat}, expected 4`);
  if (!Array.isArray(nb.cells)) throw new Error(`${file}: has no cells array`);
  nb.cells.forEach((c, i) => {
    if (!["code", "markdown", "raw"].includes(c.cell_type)) throw new Error(`${file}: cell ${i + 1} has cell_type ${c.cell_type}`);
  });
  return nb;
}

/** Writes a notebook atomically as nbformat JSON (one-space indent, as Jupyter writes it). */
export function writeNotebook(file: string, nb: Notebook): void {
  writeFileAtomic(file, JSON.stringify(nb, null, 1) + "\n");
}
