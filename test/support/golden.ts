import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { isPortable } from "../../lib/backend/reproducibility";
import { writeFileAtomic } from "../../lib/util/fs";
import { ROOT } from "./kernel";

/**
 * Golden values: results committed under `test/golden/`, one entry per portable route (the
 * backend's reproducibility line, e.g. `portable: wasm SIMD kernels + VAE Lab's GEMM (...)`),
 * compared bit for bit. They catch a machine or a change that computes other bits. After a change
 * that moves the bits on purpose, `UPDATE_GOLDEN=1 npm test -- golden notebooks` rewrites the
 * entries of the route this machine runs, and the commit says why.
 */
export type GoldenFile = Record<string, Record<string, unknown>>;

export const GOLDEN_DIR = path.join(ROOT, "test", "golden");

function read(file: string): GoldenFile {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as GoldenFile) : {};
}

/**
 * Whether a route has references to compare with: a non-portable route (native kernels, a GPU)
 * or a portable one without an entry (another OpenBLAS version) skips with the reason; under
 * `VAE_LAB_REQUIRE_SYSTEM_TOOLS=1` (CI, whose Debian packages the references were made with) a
 * portable route without an entry fails.
 */
export function goldenSkip(name: string, route: string | null | undefined): string | undefined {
  if (process.env.UPDATE_GOLDEN === "1") return undefined;
  if (!isPortable(route)) return `${route ?? "no backend reported"}: no golden values for a route that is not portable`;
  if (read(path.join(GOLDEN_DIR, name))[route!]) return undefined;
  const reason = `no golden values in test/golden/${name} for "${route}"`;
  if (process.env.VAE_LAB_REQUIRE_SYSTEM_TOOLS === "1") assert.fail(`${reason} (VAE_LAB_REQUIRE_SYSTEM_TOOLS=1 forbids skipping)`);
  return reason;
}

/**
 * Compares `values` with the entry for `route` in `test/golden/<name>`, every value bit for bit
 * (numbers with Object.is); the failure lists the first values that differ. `UPDATE_GOLDEN=1`
 * writes the entry instead. Call {@link goldenSkip} first.
 */
export function assertGolden(name: string, route: string, values: Record<string, unknown>): void {
  const file = path.join(GOLDEN_DIR, name);
  const golden = read(file);
  if (process.env.UPDATE_GOLDEN === "1") {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, JSON.stringify({ ...golden, [route]: values }, null, 1) + "\n");
    return;
  }
  const want = golden[route];
  const names = [...new Set([...Object.keys(want), ...Object.keys(values)])];
  const differ = names.filter((k) => !Object.is(want[k], values[k]) && JSON.stringify(want[k]) !== JSON.stringify(values[k]));
  const shown = differ.slice(0, 8).map((k) => `  ${k}: golden ${JSON.stringify(want[k])}, now ${JSON.stringify(values[k])}`);
  assert.equal(differ.length, 0, [
    `${differ.length} of ${names.length} values differ from test/golden/${name} on "${route}":`,
    ...shown,
    "A machine that computes other bits, or a change that moved them: if on purpose, UPDATE_GOLDEN=1 and say why in the commit.",
  ].join("\n"));
}
