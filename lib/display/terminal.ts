/** Formats seconds as `1h02m`, `3m05s` or `12s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${s}s`;
}

/** One progress line: `epoch 2/10 [=====>    ] 45% loss 163.2 ETA 1m05s`. */
export function progressLine(o: {
  epoch: number;
  epochs: number;
  done: number;
  total: number;
  loss: number;
  elapsed: number;
  width?: number;
}): string {
  const width = o.width ?? 24;
  const frac = o.total > 0 ? Math.min(1, o.done / o.total) : 0;
  const filled = Math.round(frac * width);
  const bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(width - filled);
  const eta = frac > 0 ? (o.elapsed / frac) * (1 - frac) : NaN;
  const percent = String(Math.floor(frac * 100)).padStart(3);
  return `epoch ${o.epoch}/${o.epochs} [${bar}] ${percent}% loss ${o.loss.toFixed(2)} ETA ${formatDuration(eta)}`;
}

/** A progress bar redrawn in place on a terminal, at most every `intervalMs`; silent elsewhere. */
export class TerminalProgress {
  private last = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = 100,
  ) {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(line: string, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < this.intervalMs) return;
    this.last = now;
    this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 100) - 1)}\x1b[K`);
  }

  /** Ends the line so later output starts on a fresh one. */
  done(message?: string): void {
    if (!this.enabled) return;
    this.stream.write(`\r\x1b[K${message ? `${message}\n` : ""}`);
  }
}
