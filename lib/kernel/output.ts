import { StringDecoder } from "node:string_decoder";

/** A stream name as used by Jupyter `stream` messages. */
export type StreamName = "stdout" | "stderr";

const original = {
  stdout: process.stdout.write.bind(process.stdout),
  stderr: process.stderr.write.bind(process.stderr),
};

/** Writes one line to the kernel process's real stderr (never to a notebook cell). */
export function kernelLog(message: string): void {
  original.stderr(`[vae-lab kernel] ${message}\n`);
}

/**
 * Routes everything user code writes to `process.stdout` / `process.stderr` (console.log included)
 * to `sink` from now on. Output printed by timers after a cell ends still reaches `sink`, which
 * attributes it to the latest cell, as IPython does.
 */
export function captureStreams(sink: (name: StreamName, text: string) => void): void {
  for (const name of ["stdout", "stderr"] as const) {
    const decoder = new StringDecoder("utf8");
    const stream = process[name];
    stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
      const text =
        typeof chunk === "string"
          ? chunk
          : decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
      if (text) sink(name, text);
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") process.nextTick(done as () => void);
      return true;
    }) as typeof stream.write;
  }
}
