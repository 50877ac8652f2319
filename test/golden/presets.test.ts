import assert from "node:assert/strict";
import { test } from "node:test";
import { blas } from "../../lib/backend/wasm";
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
  const chosen = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "VAE_LAB_BLAS_KERNELS", "VAE_LAB_BLAS_THREADS", "VAE_LAB_GEMM_ISA"];
  for (const k of chosen) if (!(k in extra)) delete e[k];
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

test("every preset computes the committed bits on the default route (the addon's portable GEMM when built)", async (t) => {
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

// One machine stands in for others: the portable GEMM's narrower kernels (an AVX2-only CPU, and the
// scalar one any other CPU runs) must give this machine's bits exactly.
const top = blas().binding?.gemmKernel?.();
const lower = ["avx2", "scalar"].filter((isa) => top === "avx512" || (top === "avx2" && isa === "scalar"));
test("the portable GEMM's AVX-512, AVX2 and scalar kernels train every preset to the same bits", {
  ...needsBlas(),
  ...(lower.length ? {} : { skip: `the portable GEMM runs its ${top ?? "(missing)"} kernel here: no other to compare` }),
}, async () => {
  const narrower = lower.map((isa) => runInChild("wasm", REQUEST, { env: env({ VAE_LAB_GEMM_ISA: isa }) }));
  const [portable, ...others] = await Promise.all([byDefault, ...narrower]);
  others.forEach((r, i) => assert.deepEqual(values(r), values(portable), `the ${lower[i]} kernel computed other bits than the ${top}`));
});

test("the goldens catch other bits: OpenBLAS's own kernels train the same presets to other values", needsBlas(), async (t) => {
  if (process.env.UPDATE_GOLDEN === "1") return t.skip("updating goldens");
  const [native, portable] = await Promise.all([runInChild("wasm", REQUEST, { env: env({ VAE_LAB_BLAS_KERNELS: "native" }) }), byDefault]);
  assert.match(native.reproducibility, /^not portable: .*OpenBLAS .* kernels, 1 thread \(VAE_LAB_BLAS_KERNELS=native\)$/);
  const a = values(native);
  const b = values(portable);
  const differ = Object.keys(b).filter((k) => !Object.is(a[k], b[k]));
  assert.ok(differ.some((k) => k.endsWith(".weights")), `OpenBLAS reproduced the portable GEMM's bits (${differ.length} values differ)`);
});
