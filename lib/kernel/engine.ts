import { expandShorthandProperties } from "./shorthand";
import { format } from "node:util";
import { createConverter, type Converter } from "tslab/dist/converter";
import { createExecutor, type ConverterSet, type Executor } from "tslab/dist/executor";
import type { CompletionInfo } from "tslab/dist/converter";
import { describeError, type ErrorContent } from "./errors";

/** What running one cell produced. */
export interface RunOutcome {
  ok: boolean;
  /** True when the cell ended with an expression whose value is not null or undefined. */
  hasValue: boolean;
  value?: unknown;
  /** Set when `ok` is false. */
  error?: ErrorContent;
}

class Converters implements ConverterSet {
  private nodeConv?: Converter;
  private browserConv?: Converter;
  get node(): Converter {
    return (this.nodeConv ??= createConverter({ isJS: false, isBrowser: false }));
  }
  get browser(): Converter {
    return (this.browserConv ??= createConverter({ isJS: false, isBrowser: true }));
  }
  close(): void {
    this.nodeConv?.close();
    this.browserConv?.close();
  }
}

/**
 * tslab's compiler and executor behind a narrow interface. tslab reports through the console we
 * pass it: type errors as formatted lines, runtime failures as the thrown value, and the cell's last
 * expression as the value itself; `run` collects those into one outcome.
 */
export class Engine {
  private readonly converters = new Converters();
  private readonly executor: Executor;
  private current?: { diagnostics: string[]; thrown: unknown[]; value?: unknown; hasValue: boolean };
  private stopRun?: (e: Error) => void;

  /** `rootDir` is where cells live: imports resolve and local `.ts` files compile from there. */
  constructor(rootDir: string) {
    void this.converters.node;
    this.executor = createExecutor(rootDir, this.converters, {
      log: (value: unknown) => {
        if (this.current) Object.assign(this.current, { value, hasValue: true });
      },
      error: (first: unknown, ...rest: unknown[]) => {
        if (!this.current) return;
        if (typeof first === "string" && rest.length > 0) this.current.diagnostics.push(format(first, ...rest));
        else this.current.thrown.push(first);
      },
    });
  }

  /**
   * Compiles and runs `code`; never throws. `before` runs first (the kernel flushes its messages
   * there). An interrupt from the moment `run` is called on stops the cell, even one that arrives
   * before the cell's code starts or while it compiles (tslab alone would lose it).
   */
  async run(code: string, before?: () => Promise<void>): Promise<RunOutcome> {
    const state = (this.current = { diagnostics: [] as string[], thrown: [] as unknown[], hasValue: false, value: undefined as unknown });
    const interrupted = new Promise<never>((_, reject) => (this.stopRun = reject));
    interrupted.catch(() => {});
    let ok: boolean;
    try {
      await Promise.race([before?.(), interrupted]);
      ok = await Promise.race([this.executor.execute(expandShorthandProperties(code)), interrupted]);
    } catch (e) {
      state.thrown.push(e);
      ok = false;
    } finally {
      this.current = undefined;
      this.stopRun = undefined;
    }
    if (ok) return { ok, hasValue: state.hasValue, value: state.value };
    return { ok, hasValue: false, error: describeError(state.diagnostics, state.thrown) };
  }

  /** Completion candidates at UTF-16 offset `pos`. */
  complete(code: string, pos: number): CompletionInfo {
    return this.executor.complete(code, pos);
  }

  /** TypeScript quick info at UTF-16 offset `pos`, or undefined. */
  inspect(code: string, pos: number): ReturnType<Executor["inspect"]> | undefined {
    return this.executor.inspect(code, pos);
  }

  /** Stops the running cell: rejects its pending top-level await, or stops it before it starts. */
  interrupt(): void {
    this.executor.interrupt();
    this.stopRun?.(new Error("Interrupted asynchronously"));
  }

  /** Releases the compiler's watchers. */
  close(): void {
    this.executor.close();
  }
}
