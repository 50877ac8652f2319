import assert from "node:assert/strict";
import { test } from "node:test";
import { noteOnce } from "../../lib/util/warn";

function captureStderr(fn: () => void): string {
  const write = process.stderr.write;
  let text = "";
  process.stderr.write = ((chunk: string) => ((text += chunk), true)) as typeof process.stderr.write;
  try {
    fn();
  } finally {
    process.stderr.write = write;
  }
  return text;
}

test("a note is plain cell output in a notebook and stderr elsewhere, once per process", () => {
  const hook = Symbol.for("vae-lab.kernel");
  const shown: unknown[] = [];
  (globalThis as Record<symbol, unknown>)[hook] = { display: (b: unknown) => shown.push(b) };
  try {
    const err = captureStderr(() => {
      assert.equal(noteOnce("backend wasm (a test note)"), true);
      assert.equal(noteOnce("backend wasm (a test note)"), false);
    });
    assert.equal(err, "", "nothing on stderr in a notebook");
    assert.deepEqual(shown, [{ "text/plain": "vae-lab: backend wasm (a test note)" }]);
  } finally {
    delete (globalThis as Record<symbol, unknown>)[hook];
  }
  const quiet = process.env.VAE_LAB_QUIET;
  delete process.env.VAE_LAB_QUIET;
  try {
    assert.equal(captureStderr(() => noteOnce("outside a kernel")), "vae-lab: outside a kernel\n");
  } finally {
    if (quiet !== undefined) process.env.VAE_LAB_QUIET = quiet;
  }
});
