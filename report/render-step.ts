import type { RenderStep } from "./build";

/** The build's render step: none yet (the renderer writes index.html and report.pdf). */
export function renderStep(_o: { pdf: boolean }): RenderStep | undefined {
  return undefined;
}
