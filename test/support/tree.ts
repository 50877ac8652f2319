import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Every file and folder under `dir` (relative path, sorted) with its size, modification time and SHA-256,
 * so `assert.deepEqual(treeState(dir), before)` proves nothing there was written, added or removed.
 */
export function treeState(dir: string): Record<string, string> {
  const state: Record<string, string> = {};
  for (const name of (fs.readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const file = path.join(dir, name);
    const stat = fs.statSync(file);
    const hash = stat.isFile() ? createHash("sha256").update(fs.readFileSync(file)).digest("hex") : "folder";
    state[name] = `${stat.size} ${stat.mtimeMs} ${hash}`;
  }
  return state;
}
