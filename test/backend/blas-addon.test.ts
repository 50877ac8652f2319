import { test } from "node:test";
import assert from "node:assert/strict";
import { blas, BlasBinding } from "../../lib/backend/wasm";
import { describeBackend, initBackend } from "../../lib/backend";
import { randomData } from "./wasm-support";
import { needsBlas } from "./blas-support";

/** C[i][j] = Σ_p op(A)[i][p]·op(B)[p][j] in float64, row-major with leading dimensions. */
function reference(tA: boolean, tB: boolean, m: number, n: number, k: number, a: Float32Array, ao: number, lda: number, b: Float32Array, bo: number, ldb: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ao + (tA ? p * lda + i : i * lda + p)] * b[bo + (tB ? j * ldb + p : p * ldb + j)];
      out.push(s);
    }
  }
  return out;
}

function near(got: ArrayLike<number>, want: number[], what: string): void {
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-4, `${what}: [${i}] ${got[i]} vs ${want[i]}`);
}

test("sgemm honours offsets, leading dimensions, transposes, alpha, beta and batch strides", needsBlas(), () => {
  const native = blas().binding as BlasBinding;
  const [m, n, k] = [5, 4, 3];
  const a = randomData(200, 1);
  const b = randomData(200, 2);
  for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
    const lda = (tA ? m : k) + 2;
    const ldb = (tB ? k : n) + 1;
    const c = new Float32Array(3 + m * 6).fill(1);
    native.sgemm(tA, tB, m, n, k, 2, a, 7, lda, b, 5, ldb, 0.5, c, 3, 6);
    const want = reference(tA, tB, m, n, k, a, 7, lda, b, 5, ldb);
    for (let i = 0; i < m; i++) {
      near(c.subarray(3 + i * 6, 3 + i * 6 + n), want.slice(i * n, (i + 1) * n).map((v) => 2 * v + 0.5), `tA ${tA} tB ${tB} row ${i}`);
      assert.deepEqual([...c.subarray(3 + i * 6 + n, 3 + (i + 1) * 6)], [1, 1], "columns beyond n were written");
    }
  }
  const c = new Float32Array(3 * m * n);
  native.sgemm(false, true, m, n, k, 1, a, 0, k, b, 0, k, 0, c, 0, n, 3, m * k, 0, m * n);
  for (let i = 0; i < 3; i++) near(c.subarray(i * m * n), reference(false, true, m, n, k, a, i * m * k, k, b, 0, k), `batch entry ${i}`);
});

test("sgemm rejects bad arguments in one line instead of touching memory", needsBlas(), () => {
  const native = blas().binding as BlasBinding;
  const a = new Float32Array(6);
  const b = new Float32Array(6);
  const c = new Float32Array(4);
  const call = (over: Partial<{ m: number; k: number; lda: number; aArr: unknown; cOff: number; count: number }>) => () => {
    const args: unknown[] = [false, false, over.m ?? 2, 2, over.k ?? 3, 1, over.aArr ?? a, 0, over.lda ?? 3, b, 0, 2, 0, c, over.cOff ?? 0, 2];
    if (over.count !== undefined) args.push(over.count, 6, 0, 4);
    (native.sgemm as (...x: unknown[]) => void)(...args);
  };
  assert.doesNotThrow(call({}));
  assert.throws(call({ cOff: 1 }), { name: "RangeError", message: "sgemm: c has 4 elements, needs 5 (offset 1, 2x2, ld 2)" });
  assert.throws(call({ lda: 2 }), { name: "RangeError", message: "sgemm: leading dimension of a is 2, needs at least 3" });
  assert.throws(call({ m: -1 }), { name: "RangeError", message: "sgemm: m must be a non-negative integer below 2^31, got -1" });
  assert.throws(call({ k: 1.5 }), { name: "RangeError", message: "sgemm: k must be a non-negative integer below 2^31, got 1.5" });
  assert.throws(call({ aArr: new Float64Array(6) }), { name: "TypeError", message: "sgemm: a must be a Float32Array" });
  assert.throws(call({ count: 2 }), /^RangeError: sgemm: a has 6 elements, needs 12 \(offset 0, 2x3, ld 3, 2 matrices 6 apart\)$/);
  const detached = new Float32Array(6);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  assert.throws(call({ aArr: detached }), /sgemm: a has 0 elements, needs 6/);
  assert.throws(() => native.setThreads(0), { name: "RangeError", message: "setThreads: thread count must be an integer from 1 to 1024, got 0" });
});

test("backendInfo reports the portable GEMM by default, and describeBackend names it", needsBlas(), async () => {
  const info = await initBackend({ backend: "wasm", quiet: true });
  assert.match(info.blas ?? "", /^portable GEMM \((avx512|avx2|scalar) kernel\)$/);
  assert.ok(describeBackend(info).endsWith(` + ${info.blas}`), describeBackend(info));
  assert.equal(blas().binding?.info().threads, 1);
});

test("the portable GEMM and OpenBLAS agree on odd shapes, transposes, offsets, alpha and beta", needsBlas(), () => {
  const native = blas().binding as BlasBinding;
  let seed = 50;
  try {
    for (const [m, n, k] of [[1, 1, 1], [7, 33, 5], [6, 32, 0], [13, 2, 300], [2, 70, 17], [65, 3, 64]]) {
      for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]]) {
        const a = randomData(m * k + 3, seed++);
        const b = randomData(k * n + 2, seed++);
        const c0 = randomData(m * n + 1, seed++);
        const run = (openblas: boolean) => {
          native.useOpenBlas!(openblas);
          const c = Float32Array.from(c0);
          native.sgemm(tA, tB, m, n, k, 0.5, a, 3, Math.max(1, tA ? m : k), b, 2, Math.max(1, tB ? k : n), 2, c, 1, n);
          return c;
        };
        const want = [...run(true)];
        near(run(false), want, `${m}x${n}x${k} tA ${tA} tB ${tB}`);
      }
    }
  } finally {
    native.useOpenBlas!(false);
  }
});

test("a short product with a transposed wide B, computed as its transpose, keeps the bits of the direct product", needsBlas(), () => {
  const native = blas().binding as BlasBinding;
  for (const [m, n, k] of [[28, 2352, 512], [5, 100, 7], [48, 384, 33]]) {
    const a = randomData(m * k, 7);
    const b = randomData(n * k, 8);
    const bt = new Float32Array(k * n);
    for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) bt[p * n + j] = b[j * k + p];
    const c0 = randomData(m * n, 9);
    const swapped = Float32Array.from(c0);
    native.sgemm(false, true, m, n, k, 0.5, a, 0, k, b, 0, k, 2, swapped, 0, n);
    const direct = Float32Array.from(c0);
    native.sgemm(false, false, m, n, k, 0.5, a, 0, k, bt, 0, n, 2, direct, 0, n);
    assert.deepEqual(Buffer.from(swapped.buffer), Buffer.from(direct.buffer), `${m}x${n}x${k}: other bits`);
  }
});
