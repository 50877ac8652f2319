import assert from "node:assert/strict";
import { test } from "node:test";
import { cpuFeatures } from "../../lib/backend/wasm/blas-kernels";
import { presets } from "../../lib/train";
import { runInChild, type RunResult } from "../backend/backend-run";
import { needsBlas } from "../backend/blas-support";
import { assertGolden, goldenSkip } from "../support/golden";

// Every preset trained 3 steps of 16 images (seed 1) on wasm, in a fresh process per route, against
// test/golden/presets.json: each step's loss and a hash of every trained weight, bit for bit.
const REQUEST = { presets: presets().map((p) => p.name), steps: 3, batchSize: 16, seed: 1 };
const FILE = "presets.json";

/** The environment without the variables that choose OpenBLAS's kernels, plus `extra`. */
function env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const e = { ...process.env, ...extra };
  for (const k of ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "VAE_LAB_BLAS_KERNELS", "VAE_LAB_BLAS_THREADS"]) if (!(k in extra)) delete e[k];
  return e;
}

const values = (r: RunResult) => Object.fromEntries(Object.keys(r.losses).flatMap((name) => [
  ...r.losses[name].map((l, i) => [`${name}.loss[${i}]`, l] as const),
  [`${name}.weights`, r.weights[name]] as const,
]));

const byDefault = runInChild("wasm", REQUEST, { env: env({}) });
const withoutBlas = runInChild("wasm", REQUEST, { env: env({ VAE_LAB_BLAS: "off" }) });
byDefault.catch(() => undefined);
withoutBlas.catch(() => undefined);

test("every preset computes the committed bits on the default route (OpenBLAS's portable kernels when built)", async (t) => {
  const r = await byDefault;
  const skip = goldenSkip(FILE, r.reproducibility);
  if (skip) return t.skip(skip);
  assertGolden(FILE, r.reproducibility, values(r));
});

test("every preset computes the committed bits on wasm without OpenBLAS", async (t) => {
  const r = await withoutBlas;
  assert.equal(r.reproducibility, "portable: wasm SIMD kernels");
  const skip = goldenSkip(FILE, r.reproducibility);
  if (skip) return t.skip(skip);
  assertGolden(FILE, r.reproducibility, values(r));
});

const avx512 = cpuFeatures().flags?.has("avx512f") ?? false;
test("the goldens catch other bits: OpenBLAS's AVX-512 kernels train the same presets to other values", {
  ...needsBlas(),
  ...(avx512 ? {} : { skip: "needs a CPU with AVX-512 (OpenBLAS's SkylakeX kernels)" }),
}, async (t) => {
  if (process.env.UPDATE_GOLDEN === "1") return t.skip("updating goldens");
  const [native, portable] = await Promise.all([runInChild("wasm", REQUEST, { env: env({ OPENBLAS_CORETYPE: "SkylakeX" }) }), byDefault]);
  assert.match(native.reproducibility, /^not portable: .*SkylakeX kernels.*\(OPENBLAS_CORETYPE=SkylakeX\)$/);
  const a = values(native);
  const b = values(portable);
  const differ = Object.keys(b).filter((k) => !Object.is(a[k], b[k]));
  assert.ok(differ.some((k) => k.endsWith(".weights")), `SkylakeX kernels reproduced the portable bits (${differ.length} values differ)`);
});
