import * as fs from "node:fs";

/** Who holds a build lock. */
interface Owner {
  pid: number;
  started: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(file: string): Owner | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Owner;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock file `file` (created exclusively, naming this process). While another live process
 * holds it, says so once through `say` and waits, polling every `pollMs`; a lock whose owner is gone
 * is taken over (and said so). Returns the release function; `signal` stops the wait.
 */
export async function acquireLock(file: string, say: (line: string) => void, pollMs = 500, signal?: AbortSignal): Promise<() => void> {
  let waiting = false;
  for (;;) {
    if (signal?.aborted) throw new Error(`stopped while waiting for ${file}`);
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, started: new Date().toISOString() }), { flag: "wx" });
      return () => {
        if (readOwner(file)?.pid === process.pid) fs.rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const owner = readOwner(file);
    if (!owner || !alive(owner.pid)) {
      // A half-written lock (its writer just started) reads as no owner: give it one poll to appear.
      if (!owner && !waiting) await new Promise((r) => setTimeout(r, pollMs));
      if (owner || !readOwner(file)) {
        say(`taking over ${file}: its owner${owner ? `, process ${owner.pid},` : ""} is gone`);
        fs.rmSync(file, { force: true });
      }
      continue;
    }
    if (!waiting) say(`another build (process ${owner.pid}, since ${owner.started}) is writing the same output; waiting for it to finish (${file})`);
    waiting = true;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
