import * as fs from "node:fs";
import * as path from "node:path";

/** Who holds a lock file: its process and when it took the lock. */
export interface LockOwner {
  pid: number;
  started: string;
}

/** Options of {@link acquireLock}. */
export interface LockOptions {
  /** Where waiting and take-overs are said, one line each. Default: nothing is said. */
  say?: (line: string) => void;
  /** The line said once when another live process holds the lock. Default: `<file> is held by process N (since T); waiting`. */
  waiting?: (owner: LockOwner, file: string) => string;
  /** Milliseconds between two looks at a held lock. Default 500. */
  pollMs?: number;
  /** Stops the wait: the promise rejects. */
  signal?: AbortSignal;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The owner named in a lock file, or undefined when there is none or it is half written. */
export function lockOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockOwner;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock file `file` (created exclusively, naming this process). While another live process
 * holds it, says so once and waits; a lock whose owner is gone is taken over (and said so). Returns
 * the release function.
 * @example const release = await acquireLock(`${dir}.lock`, { say: console.error }); try { ... } finally { release(); }
 */
export async function acquireLock(file: string, o: LockOptions = {}): Promise<() => void> {
  const say = o.say ?? (() => {});
  const pollMs = o.pollMs ?? 500;
  let waiting = false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (;;) {
    if (o.signal?.aborted) throw new Error(`stopped while waiting for ${file}`);
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, started: new Date().toISOString() }), { flag: "wx" });
      return () => {
        if (lockOwner(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const owner = lockOwner(file);
    if (!owner || !alive(owner.pid)) {
      // A half-written lock (its writer just started) reads as no owner: give it one poll to appear.
      if (!owner && !waiting) await new Promise((r) => setTimeout(r, pollMs));
      if (owner || !lockOwner(file)) {
        say(`taking over ${file}: its owner${owner ? `, process ${owner.pid},` : ""} is gone`);
        fs.rmSync(file, { force: true });
      }
      continue;
    }
    if (!waiting) say(o.waiting?.(owner, file) ?? `${file} is held by process ${owner.pid} (since ${owner.started}); waiting`);
    waiting = true;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
