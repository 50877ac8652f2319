import { KERNEL_HOOK, type DisplayOptions, type KernelHook, type MimeBundle } from "../display/jupyter";

/** Sends one iopub message on behalf of the current cell. */
export type Publish = (type: string, content: Record<string, any>) => void;

interface TslabDisplayData {
  data: MimeBundle;
  metadata?: Record<string, unknown>;
  transient?: { display_id?: string };
}

/**
 * Installs the kernel's display hook at `globalThis[Symbol.for("vae-lab.kernel")]` and routes
 * tslab's own `display.*` API (which writes through `tslab/dist/jupyter`'s `lastWriteDisplayData`)
 * to `publish`. The lib's `display()` and tslab's therefore both reach the current cell.
 */
export function installDisplay(publish: Publish): KernelHook {
  const hook: KernelHook = {
    display(bundle: MimeBundle, options: DisplayOptions = {}) {
      if (options.update && !options.displayId) throw new Error("update: true needs a displayId");
      const transient = options.displayId ? { display_id: options.displayId } : {};
      publish(options.update ? "update_display_data" : "display_data", {
        data: bundle,
        metadata: options.metadata ?? {},
        transient,
      });
    },
    clearOutput(wait = false) {
      publish("clear_output", { wait });
    },
  };
  Object.defineProperty(globalThis, KERNEL_HOOK, { value: hook, configurable: true, writable: true });
  const tslabJupyter: { lastWriteDisplayData: unknown } = require("tslab/dist/jupyter");
  tslabJupyter.lastWriteDisplayData = (d: TslabDisplayData, update: boolean) =>
    hook.display(d.data, { metadata: d.metadata, displayId: d.transient?.display_id, update });
  return hook;
}
