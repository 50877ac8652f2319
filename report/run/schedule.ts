import * as os from "node:os";

/** A notebook to run: its name, its last run's peak memory (MiB) and duration (s) if known, and how to run it. */
export interface Job<T> {
  name: string;
  peakMiB?: number;
  seconds?: number;
  run: () => Promise<T>;
}

/**
 * The order to start jobs in: those without a known duration first (in list order: they may be
 * long), then the known ones longest first, so the longest notebook does not run alone at the end
 * while the other cores idle. Running order never changes a notebook's numbers.
 */
export function startOrder(list: Job<unknown>[]): number[] {
  const idx = list.map((_, i) => i);
  const unknown = idx.filter((i) => list[i].seconds === undefined);
  const known = idx.filter((i) => list[i].seconds !== undefined).sort((a, b) => list[b].seconds! - list[a].seconds! || a - b);
  return [...unknown, ...known];
}

/** Options of {@link schedule}. */
export interface ScheduleOptions {
  /** At most this many at once. */
  jobs: number;
  /** The memory the running jobs' peaks may add up to, MiB (see {@link memoryBudgetMiB}). */
  budgetMiB: number;
  /** The peak assumed for a job that has no earlier run, MiB. */
  defaultMiB: number;
  /** Told once per job it holds back, e.g. `02-b waits: ...`. */
  say: (line: string) => void;
  /** Start nothing more once this returns true. */
  stopped?: () => boolean;
}

/** The default memory budget: 80% of the machine's memory, in MiB. */
export function memoryBudgetMiB(): number {
  return Math.floor((os.totalmem() / 2 ** 20) * 0.8);
}

const gib = (mib: number) => `${(mib / 1024).toFixed(1)} GiB`;

/**
 * Runs the jobs in {@link startOrder}, at most `jobs` at once, and starts the next only when its peak
 * (from its last run, else `defaultMiB`) fits beside the running ones' within `budgetMiB`; a job
 * that waits for memory is said in one line. A job alone always runs, whatever its peak. Resolves
 * with each job's result in the list's order (jobs never started are missing).
 */
export async function schedule<T>(list: Job<T>[], o: ScheduleOptions): Promise<T[]> {
  const results: T[] = new Array(list.length);
  const running = new Map<number, { mib: number; done: Promise<number> }>();
  const said = new Set<number>();
  const order = startOrder(list);
  let next = 0;
  while (next < list.length || running.size > 0) {
    while (next < list.length && running.size < o.jobs && !o.stopped?.()) {
      const job = list[order[next]];
      const mib = job.peakMiB ?? o.defaultMiB;
      const used = [...running.values()].reduce((s, r) => s + r.mib, 0);
      if (running.size > 0 && used + mib > o.budgetMiB) {
        if (!said.has(next)) o.say(holdLine(job, mib, used, o, [...running.keys()].map((i) => list[i].name)));
        said.add(next);
        break;
      }
      const i = order[next++];
      running.set(i, { mib, done: job.run().then((r) => ((results[i] = r), i)) });
    }
    if (running.size === 0) break;
    running.delete(await Promise.race([...running.values()].map((r) => r.done)));
  }
  return results;
}

function holdLine(job: Job<unknown>, mib: number, used: number, o: ScheduleOptions, names: string[]): string {
  const why = job.peakMiB === undefined ? `about ${gib(mib)} (assumed: no earlier run)` : `${gib(mib)} at its last run`;
  const holders = `${names.join(" and ")} ${names.length === 1 ? "holds" : "hold"}`;
  return `${job.name} waits for memory: it needs ${why}, ${holders} ${gib(used)} of the ${gib(o.budgetMiB)} budget`;
}
