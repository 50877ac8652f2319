import assert from "node:assert/strict";
import { test } from "node:test";
import { isPortable, kernelSettings, reproducibility } from "../../lib/backend/reproducibility";
import { blasGuarantee, blasKernelSetting } from "../../lib/backend/wasm/blas-kernels";
import { sameKernels } from "../../report/check/compare";

test("the addon's GEMMs are portable unless VAE_LAB_BLAS_KERNELS=native hands them to OpenBLAS", () => {
  assert.equal(blasKernelSetting({}), "portable");
  assert.equal(blasKernelSetting({ VAE_LAB_BLAS_KERNELS: "native", OPENBLAS_CORETYPE: "SkylakeX" }), "native");
  assert.throws(() => blasKernelSetting({ VAE_LAB_BLAS_KERNELS: "fast" }), { message: "invalid VAE_LAB_BLAS_KERNELS: fast (use portable or native)" });
  const openblas = { version: "0.3.21", coreName: "Cooperlake", threads: 1 };
  assert.equal(blasGuarantee("portable", true, openblas), "portable: VAE Lab's GEMM (one fused multiply-add chain per element)");
  assert.equal(blasGuarantee("native", false, { ...openblas, threads: 2 }),
    "not portable: OpenBLAS 0.3.21 Cooperlake kernels, 2 threads (VAE_LAB_BLAS_KERNELS=native)");
  assert.match(blasGuarantee("portable", false, openblas), /^not portable: .*\(vae-lab-blas was built before its portable GEMM: npm ci\)$/);
});

test("each backend says what a seed reproduces", () => {
  const wasm = { name: "wasm" as const, wasm: { simd: true, threads: false } };
  assert.equal(reproducibility(wasm), "portable: wasm SIMD kernels");
  assert.equal(reproducibility(wasm, "portable: VAE Lab's GEMM (x)"), "portable: wasm SIMD kernels + VAE Lab's GEMM (x)");
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
  assert.equal(kernelSettings({ ...base, OPENBLAS_CORETYPE: "SkylakeX" }), k, "OpenBLAS's kernels do not run on the portable route");
  const native = { ...base, VAE_LAB_BLAS_KERNELS: "native" };
  assert.equal(kernelSettings({ ...native, OPENBLAS_CORETYPE: "HASWELL" }), kernelSettings({ ...native, OPENBLAS_CORETYPE: "Haswell" }));
  assert.notEqual(kernelSettings({ ...native, OPENBLAS_CORETYPE: "SkylakeX" }), kernelSettings(native));
  for (const change of [native, { VAE_LAB_BLAS: "off" }, { VAE_LAB_BLAS_THREADS: "2" }, { VAE_LAB_BACKEND: "cpu" }, { VAE_LAB_WASM_KERNELS: "stock" }]) {
    assert.notEqual(kernelSettings({ ...base, ...change }), k, JSON.stringify(change));
  }
});

test("--check holds two machines on the same portable kernels to identical values, and other kernels to tolerances", () => {
  const line = "portable: wasm SIMD kernels + VAE Lab's GEMM (one fused multiply-add chain per element)";
  const backend = (description: string, r?: string) => ({ requested: "auto", description, name: "wasm", blas: null, tfjs: "4.22.0", reproducibility: r });
  assert.ok(sameKernels(backend("wasm + portable GEMM (avx512 kernel)", line), backend("wasm + portable GEMM (avx2 kernel)", line)));
  assert.ok(!sameKernels(backend("a", line), backend("b", "not portable: wasm SIMD kernels + OpenBLAS 0.3.21 SkylakeX kernels, 1 thread (x)")));
  assert.ok(sameKernels(backend("same", "not portable: x"), backend("same", "not portable: x")), "one machine's own kernels");
  assert.ok(!sameKernels(backend("a"), backend("b")), "reports from before the line: by description");
});
