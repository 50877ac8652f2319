import { formatDuration } from "../../lib/display/terminal";

type State = { status: "waiting" | "running" | "done" | "cached" | "failed"; cell?: number; cells?: number; note?: string; started?: number; text?: string };

/**
 * The build's progress, one line per notebook: on a terminal, a block of lines redrawn in place
 * (notebook i of N, cell j of M, the cell's own progress, elapsed); elsewhere, a plain line as each
 * notebook starts and ends.
 */
export class BuildProgress {
  private readonly states = new Map<string, State>();
  private drawn = 0;
  private last = 0;
  private readonly timer?: NodeJS.Timeout;

  constructor(private readonly names: string[], private readonly stream: NodeJS.WriteStream = process.stdout) {
    for (const n of names) this.states.set(n, { status: "waiting" });
    if (this.tty) this.timer = setInterval(() => this.draw(true), 1000).unref();
  }

  private get tty(): boolean {
    return Boolean(this.stream.isTTY);
  }

  private label(name: string): string {
    return `[${this.names.indexOf(name) + 1}/${this.names.length}] ${name}`;
  }

  start(name: string): void {
    this.set(name, { status: "running", started: Date.now() }, "running");
  }

  cell(name: string, cell: number, cells: number, note?: string): void {
    const s = this.states.get(name)!;
    this.set(name, { ...s, cell, cells, note: note ?? (cell === s.cell ? s.note : undefined) });
  }

  done(name: string, seconds: number, cells: number): void {
    this.set(name, { status: "done", text: `done in ${formatDuration(seconds)} (${cells} code cells)` }, `done in ${formatDuration(seconds)} (${cells} code cells)`);
  }

  cached(name: string): void {
    this.set(name, { status: "cached", text: "from the cache" }, "from the cache");
  }

  failed(name: string, message: string): void {
    this.set(name, { status: "failed", text: `failed: ${message}` }, `failed: ${message}`);
  }

  /** Stops redrawing; the lines stay on the terminal. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.draw(true);
  }

  private set(name: string, state: State, plainLine?: string): void {
    this.states.set(name, state);
    if (!this.tty) {
      if (plainLine) this.stream.write(`${this.label(name)}: ${plainLine}\n`);
      return;
    }
    this.draw(state.status !== "running");
  }

  /** Writes a line above the progress block (a message the block must not overwrite). */
  say(line: string): void {
    if (this.tty && this.drawn) this.stream.write(`\x1b[${this.drawn}A\r\x1b[J`);
    this.stream.write(`${line}\n`);
    this.drawn = 0;
    if (this.tty) this.draw(true);
  }

  private draw(force: boolean): void {
    if (!this.tty) return;
    const now = Date.now();
    if (!force && now - this.last < 200) return;
    this.last = now;
    const width = (this.stream.columns ?? 100) - 1;
    const lines = this.names.map((n) => `${this.label(n)}  ${this.describe(this.states.get(n)!, now)}`.slice(0, width));
    const up = this.drawn ? `\x1b[${this.drawn}A` : "";
    this.stream.write(up + lines.map((l) => `\r${l}\x1b[K\n`).join(""));
    this.drawn = lines.length;
  }

  private describe(s: State, now: number): string {
    if (s.status !== "running") return s.text ?? "waiting";
    const elapsed = formatDuration((now - (s.started ?? now)) / 1000);
    return `cell ${s.cell ?? 0}/${s.cells ?? "?"}  ${elapsed}${s.note ? `  ${s.note}` : ""}`;
  }
}
