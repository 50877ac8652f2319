import * as tf from "@tensorflow/tfjs-core";

/** What crossed between JavaScript and the backend: kernels run, reads of values, uploads of values. */
export interface Traffic {
  /** Kernels dispatched through the engine (every op, every gradient op). */
  kernels: number;
  /** Device-to-host reads asked for by JavaScript: `data()` and `dataSync()` (on a GPU each one waits for its queue to drain). */
  reads: number;
  /**
   * Reads a kernel makes of its own inputs while it runs: on wasm a copy within host memory (its
   * stock slice does this), on a GPU a kernel computed on the CPU, which also waits for the queue.
   */
  kernelReads: number;
  /** Host-to-device uploads: tensors made from JavaScript values. */
  uploads: number;
}

type Counted = { runKernelFunc: (...a: unknown[]) => unknown };
type Backend = { read: (...a: unknown[]) => unknown; readSync: (...a: unknown[]) => unknown; write: (...a: unknown[]) => unknown };

/**
 * Counts {@link Traffic} on the engine and the active backend from now until `stop()`, by wrapping
 * their methods (nothing else changes); `counts()` reads the totals so far.
 * @example const t = countTraffic(); step(); const { reads } = t.counts(); t.stop();
 */
export function countTraffic(): { counts: () => Traffic; stop: () => void } {
  const totals: Traffic = { kernels: 0, reads: 0, kernelReads: 0, uploads: 0 };
  const engine = tf.engine() as unknown as Counted;
  const backend = tf.backend() as unknown as Backend;
  const undo: (() => void)[] = [];
  const inside = { kernels: 0, reads: 0, kernelReads: 0, uploads: 0 };
  // A read that calls readSync is one read; a write without values (an output's allocation) is no
  // upload; a kernel that runs other kernels counts each.
  const wrap = <T extends object>(target: T, method: keyof T & string, key: keyof Traffic, counts = (_args: unknown[]) => true) => {
    const own = Object.prototype.hasOwnProperty.call(target, method);
    const original = (target as Record<string, (...a: unknown[]) => unknown>)[method];
    (target as Record<string, unknown>)[method] = function (this: unknown, ...args: unknown[]) {
      if ((key !== "kernels" && inside[key] > 0) || !counts(args)) return original.apply(this, args);
      totals[key === "reads" && inside.kernels > 0 ? "kernelReads" : key]++;
      inside[key]++;
      try {
        return original.apply(this, args);
      } finally {
        inside[key]--;
      }
    };
    undo.push(() => {
      if (own) (target as Record<string, unknown>)[method] = original;
      else delete (target as Record<string, unknown>)[method];
    });
  };
  wrap(engine, "runKernelFunc", "kernels");
  wrap(backend, "read", "reads");
  wrap(backend, "readSync", "reads");
  wrap(backend, "write", "uploads", (args) => args[0] != null);
  return { counts: () => ({ ...totals }), stop: () => undo.reverse().forEach((f) => f()) };
}
