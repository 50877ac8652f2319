import assert from "node:assert/strict";
import { test } from "node:test";
import { isPortable, kernelSettings, reproducibility } from "../../lib/backend/reproducibility";
import { blasGuarantee, chooseBlasKernels } from "../../lib/backend/wasm/blas-kernels";
import { sameKernels } from "../../report/check/compare";

const AVX2 = { arch: "x64", flags: new Set(["sse2", "avx", "avx2", "fma"]) };
const AVX512 = { arch: "x64", flags: new Set(["avx2", "fma", "avx512f"]) };

test("OpenBLAS gets the portable kernels on any x86-64 CPU with AVX2 and FMA, unless told otherwise", () => {
  assert.deepEqual(chooseBlasKernels({}, AVX2), { coreType: "Haswell" });
  assert.deepEqual(chooseBlasKernels({}, AVX512), { coreType: "Haswell" });
  assert.deepEqual(chooseBlasKernels({ OPENBLAS_CORETYPE: "SkylakeX" }, AVX512), { reason: "OPENBLAS_CORETYPE=SkylakeX" });
  assert.deepEqual(chooseBlasKernels({ VAE_LAB_BLAS_KERNELS: "native" }, AVX512), { reason: "VAE_LAB_BLAS_KERNELS=native" });
  assert.deepEqual(chooseBlasKernels({}, { arch: "x64", flags: new Set(["avx"]) }), { reason: "CPU without AVX2 and FMA" });
  assert.deepEqual(chooseBlasKernels({}, { arch: "arm64", flags: new Set() }), { reason: "arm64: no portable kernel family" });
  assert.deepEqual(chooseBlasKernels({}, { arch: "x64", flags: null }), { reason: "CPU features unknown" });
  assert.throws(() => chooseBlasKernels({ VAE_LAB_BLAS_KERNELS: "fast" }, AVX2), { message: "invalid VAE_LAB_BLAS_KERNELS: fast (use portable or native)" });
});

test("the guarantee names the kernels and is portable only for the portable family on x86-64", () => {
  assert.equal(blasGuarantee("0.3.21", "Haswell", 1, { coreType: "Haswell" }, "x64"), "portable: OpenBLAS 0.3.21 Haswell kernels, 1 thread");
  assert.equal(blasGuarantee("0.3.21", "Haswell", 1, { reason: "OPENBLAS_CORETYPE=haswell" }, "x64"), "portable: OpenBLAS 0.3.21 Haswell kernels, 1 thread");
  assert.equal(blasGuarantee("0.3.21", "Cooperlake", 2, { reason: "VAE_LAB_BLAS_KERNELS=native" }, "x64"),
    "not portable: OpenBLAS 0.3.21 Cooperlake kernels, 2 threads (VAE_LAB_BLAS_KERNELS=native)");
  assert.equal(blasGuarantee("0.3.21", "Zen", 1, { coreType: "Haswell" }, "x64"),
    "not portable: OpenBLAS 0.3.21 Zen kernels, 1 thread (OpenBLAS did not take OPENBLAS_CORETYPE)");
  assert.match(blasGuarantee("0.3.21", "NEOVERSEN1", 1, { reason: "arm64: no portable kernel family" }, "arm64"), /^not portable: .*\(arm64/);
});

test("each backend says what a seed reproduces", () => {
  const wasm = { name: "wasm" as const, wasm: { simd: true, threads: false } };
  assert.equal(reproducibility(wasm), "portable: wasm SIMD kernels");
  assert.equal(reproducibility(wasm, "portable: OpenBLAS 0.3.21 Haswell kernels, 1 thread"), "portable: wasm SIMD kernels + OpenBLAS 0.3.21 Haswell kernels, 1 thread");
  assert.equal(reproducibility(wasm, "not portable: OpenBLAS 0.3.21 SkylakeX kernels, 1 thread (OPENBLAS_CORETYPE=SkylakeX)"),
    "not portable: wasm SIMD kernels + OpenBLAS 0.3.21 SkylakeX kernels, 1 thread (OPENBLAS_CORETYPE=SkylakeX)");
  assert.match(reproducibility({ name: "wasm", wasm: { simd: true, threads: true } }), /^not portable/);
  assert.ok(isPortable(reproducibility({ name: "cpu" })));
  assert.ok(!isPortable(reproducibility({ name: "tensorflow" })));
  assert.equal(reproducibility({ name: "webgpu", device: "NVIDIA H200" }), "not portable: GPU kernels (NVIDIA H200)");
  assert.ok(!isPortable(null));
});

test("the kernel settings a cache key uses change with every variable that changes the bits", () => {
  const base = { OPENBLAS_CORETYPE: "", VAE_LAB_BLAS_KERNELS: "" };
  const k = kernelSettings(base);
  assert.equal(kernelSettings({ ...base, OPENBLAS_CORETYPE: "HASWELL" }), kernelSettings({ ...base, OPENBLAS_CORETYPE: "Haswell" }));
  for (const change of [{ OPENBLAS_CORETYPE: "SkylakeX" }, { VAE_LAB_BLAS: "off" }, { VAE_LAB_BLAS_THREADS: "2" }, { VAE_LAB_BACKEND: "cpu" }, { VAE_LAB_WASM_KERNELS: "stock" }]) {
    assert.notEqual(kernelSettings({ ...base, ...change }), k, JSON.stringify(change));
  }
});

test("--check holds two machines on the same portable kernels to identical values, and other kernels to tolerances", () => {
  const line = "portable: wasm SIMD kernels + OpenBLAS 0.3.21 Haswell kernels, 1 thread";
  const backend = (description: string, r?: string) => ({ requested: "auto", description, name: "wasm", blas: null, tfjs: "4.22.0", reproducibility: r });
  assert.ok(sameKernels(backend("wasm + OpenBLAS (Haswell) on a Xeon", line), backend("wasm + OpenBLAS (Haswell) on an EPYC", line)));
  assert.ok(!sameKernels(backend("a", line), backend("b", "not portable: wasm SIMD kernels + OpenBLAS 0.3.21 SkylakeX kernels, 1 thread (x)")));
  assert.ok(sameKernels(backend("same", "not portable: x"), backend("same", "not portable: x")), "one machine's own kernels");
  assert.ok(!sameKernels(backend("a"), backend("b")), "reports from before the line: by description");
});
