import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after } from "node:test";
import { initBackend } from "../../lib/backend";

/** Initialises the backend tests run on: `VAE_LAB_TEST_BACKEND`, default wasm (what this machine trains on). */
export async function testBackend() {
  return initBackend({ backend: (process.env.VAE_LAB_TEST_BACKEND as "wasm" | "cpu") ?? "wasm", quiet: true });
}

/** A fresh temporary folder removed after the test file. */
export function tempDir(prefix = "vae-lab-test-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Largest absolute difference between two equal-length arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
