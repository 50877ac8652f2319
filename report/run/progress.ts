import { formatDuration } from "../../lib/display/terminal";

/** Seconds of the last run's finished cells before the ETA scales the rest by this run's pace. */
const PACE_AFTER_S = 60;

type State = {
  status: "waiting" | "running" | "done" | "cached" | "failed";
  cell?: number;
  cells?: number;
  note?: string;
  started?: number;
  cellStarted?: number;
  text?: string;
};

/** Options of {@link BuildProgress}. */
export interface BuildProgressOptions {
  /** When the output is not a terminal: one line per running notebook and one for the build this often. Default 60 s. */
  logEveryMs?: number;
  /** The clock (tests). Default Date.now. */
  now?: () => number;
}

/**
 * The build's progress, one line per notebook: on a terminal, a block of lines redrawn in place
 * (notebook i of N, cell j of M, elapsed, the cell's own progress, e.g. a model's epoch and ETA, and
 * the notebook's ETA when an earlier run of it left cell timings, at this run's pace once it has one)
 * under a line for the whole build;
 * elsewhere, a plain line as each notebook starts and ends, and the same lines once a minute.
 */
export class BuildProgress {
  private readonly states = new Map<string, State>();
  private readonly expected = new Map<string, number[]>();
  private jobs = 1;
  private drawn = 0;
  private last = 0;
  private readonly timer?: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(
    private readonly names: string[],
    private readonly stream: NodeJS.WriteStream = process.stdout,
    o: BuildProgressOptions = {},
  ) {
    this.now = o.now ?? Date.now;
    for (const n of names) this.states.set(n, { status: "waiting" });
    if (this.tty) this.timer = setInterval(() => this.draw(true), 1000).unref();
    else this.timer = setInterval(() => this.log(), o.logEveryMs ?? 60_000).unref();
  }

  private get tty(): boolean {
    return Boolean(this.stream.isTTY);
  }

  private label(name: string): string {
    return `[${this.names.indexOf(name) + 1}/${this.names.length}] ${name}`;
  }

  /** How many notebooks run at once (for the build's ETA). */
  setJobs(jobs: number): void {
    this.jobs = Math.max(1, jobs);
  }

  /** Seconds each code cell of `name` took last time: the notebook's and the build's ETA come from them. */
  expect(name: string, cellSeconds: number[] | undefined): void {
    if (cellSeconds) this.expected.set(name, cellSeconds);
  }

  start(name: string): void {
    const now = this.now();
    this.set(name, { status: "running", started: now, cellStarted: now }, "running");
  }

  cell(name: string, cell: number, cells: number, note?: string): void {
    const s = this.states.get(name)!;
    const same = cell === s.cell;
    this.set(name, { ...s, cell, cells, note: note ?? (same ? s.note : undefined), cellStarted: same ? s.cellStarted : this.now() });
  }

  done(name: string, seconds: number, cells: number): void {
    const text = `done in ${formatDuration(seconds)} (${cells} code cells)`;
    this.set(name, { status: "done", text }, text);
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

  /** The plain log's lines: the build, then each running notebook. */
  private log(): void {
    const running = this.names.filter((n) => this.states.get(n)!.status === "running");
    if (running.length === 0) return;
    const now = this.now();
    const lines = [this.buildLine(now), ...running.map((n) => `${this.label(n)}: ${this.describe(n, now)}`)];
    this.stream.write(lines.map((l) => `${l}\n`).join(""));
  }

  private draw(force: boolean): void {
    if (!this.tty) return;
    const now = this.now();
    if (!force && now - this.last < 200) return;
    this.last = now;
    const width = (this.stream.columns ?? 100) - 1;
    const rows = [this.buildLine(now), ...this.names.map((n) => `${this.label(n)}  ${this.describe(n, now)}`)];
    const lines = rows.map((l) => l.slice(0, width));
    const up = this.drawn ? `\x1b[${this.drawn}A` : "";
    this.stream.write(up + lines.map((l) => `\r${l}\x1b[K\n`).join(""));
    this.drawn = lines.length;
  }

  /**
   * This run's speed against the last one for a running notebook: the seconds its finished cells
   * took now over what they took then, once those took at least PACE_AFTER_S last time (so a run
   * that loads from checkpoints what the last one trained gets an ETA of minutes, not of the
   * training); 1 before that.
   */
  private pace(name: string): number {
    const s = this.states.get(name)!;
    const t = this.expected.get(name);
    if (s.status !== "running" || !t || s.started === undefined || s.cellStarted === undefined) return 1;
    const then = t.slice(0, Math.max(0, (s.cell ?? 1) - 1)).reduce((a, b) => a + b, 0);
    return then >= PACE_AFTER_S ? (s.cellStarted - s.started) / 1000 / then : 1;
  }

  /** Seconds `name` still needs by its earlier cell timings at this run's pace, or undefined without them. */
  private remaining(name: string, now: number): number | undefined {
    const s = this.states.get(name)!;
    const t = this.expected.get(name);
    if (s.status !== "running" && s.status !== "waiting") return 0;
    if (!t) return undefined;
    if (s.status === "waiting") return t.reduce((a, b) => a + b, 0);
    const i = Math.max(0, (s.cell ?? 1) - 1);
    const pace = this.pace(name);
    const inCell = (now - (s.cellStarted ?? now)) / 1000;
    return Math.max(0, (t[i] ?? 0) * pace - inCell) + t.slice(i + 1).reduce((a, b) => a + b, 0) * pace;
  }

  /** The whole build: how many notebooks are done, running and waiting, and when it should end. */
  private buildLine(now: number): string {
    const count = (st: State["status"][]) => this.names.filter((n) => st.includes(this.states.get(n)!.status)).length;
    const head = `build: ${count(["done", "cached"])} done, ${count(["running"])} running, ${count(["waiting"])} waiting`;
    const left = this.names.map((n) => this.remaining(n, now));
    const unknown = left.filter((x) => x === undefined).length;
    if (unknown > 0) return `${head}; ETA unknown (${unknown} notebook${unknown === 1 ? "" : "s"} without an earlier run to go by)`;
    const slots = new Array(this.jobs).fill(0);
    for (const x of left as number[]) slots[slots.indexOf(Math.min(...slots))] += x;
    const paced = this.names.some((n) => this.pace(n) !== 1);
    return `${head}; ETA ${formatDuration(Math.max(...slots))} (from the last run's cell times${paced ? " at this run's pace" : ""})`;
  }

  private describe(name: string, now: number): string {
    const s = this.states.get(name)!;
    if (s.status !== "running") return s.text ?? "waiting";
    const elapsed = formatDuration((now - (s.started ?? now)) / 1000);
    const left = this.remaining(name, now);
    const eta = left === undefined ? "" : `, notebook ETA ${formatDuration(left)}`;
    return `cell ${s.cell ?? 0}/${s.cells ?? "?"}  ${elapsed}${eta}${s.note ? `  ${s.note}` : ""}`;
  }
}
