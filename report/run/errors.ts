import type { Notebook } from "../notebook";

/**
 * A notebook that did not run to its end. `message` is one line: `notebooks/NAME.ipynb, cell N: ...`;
 * `details` holds the cell's source and stderr; `notebook` is the partly executed notebook.
 */
export class NotebookRunError extends Error {
  override name = "NotebookRunError";
  constructor(
    message: string,
    readonly details: string,
    readonly notebook: Notebook,
    /** What stopped it: a failing cell, a cell past its timeout, a kernel that died or would not start, or an interrupt. */
    readonly kind: "cell-error" | "timeout" | "dead-kernel" | "start" | "interrupted",
  ) {
    super(message);
  }
}
