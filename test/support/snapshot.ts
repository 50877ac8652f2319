import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const DIR = path.join(__dirname, "..", "..", "..", "test", "plots", "snapshots");

/**
 * Compares a value's JSON with the committed snapshot `test/plots/snapshots/<name>.json`. A missing
 * snapshot is written (and fails under CI); `UPDATE_SNAPSHOTS=1` rewrites it. A change to a figure
 * is therefore a visible diff in review.
 */
export function assertSnapshot(name: string, value: unknown): void {
  const file = path.join(DIR, `${name}.json`);
  const json = JSON.stringify(value, null, 1) + "\n";
  if (process.env.UPDATE_SNAPSHOTS === "1" || !fs.existsSync(file)) {
    if (process.env.CI && process.env.UPDATE_SNAPSHOTS !== "1") assert.fail(`snapshot ${file} is missing (run the tests once locally and commit it)`);
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(file, json);
    return;
  }
  assert.equal(json, fs.readFileSync(file, "utf8"), `figure ${name} differs from ${file} (UPDATE_SNAPSHOTS=1 to accept)`);
}
