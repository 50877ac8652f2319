/**
 * Micro benchmark of the wasm kernel overrides: `node dist/bench/kernels.js [--windows N] [--only REGEX]`.
 * Prints ms per call (median of N timed windows after one warm-up call) and GFLOP/s (for Sum and
 * UnsortedSegmentSum: billions of input elements per second) for each kernel, first with the stock
 * tfjs-backend-wasm kernels, then with `installWasmKernels()` on XNNPACK, then on OpenBLAS when the
 * addon is built. Single-threaded, so the process's CPU time is the figure: it leaves out the time
 * other processes on the machine take the core away; wall time is shown beside it.
 */
import * as os from "node:os";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
import { blas, enableBlas, installWasmKernels } from "../lib/backend/wasm";

interface Case {
  name: string;
  flops: number;
  build: () => { run: () => tf.Tensor; inputs: tf.Tensor[] };
}

const argWindows = process.argv.indexOf("--windows");
const argOnly = process.argv.indexOf("--only");
const WINDOWS = argWindows > 0 ? Number(process.argv[argWindows + 1]) : 5;

/** op(A)·op(B) with op(A) m×k and op(B) k×n; by default a batch of 128 through a 784-512 dense layer. */
function matmulCase(tA: boolean, tB: boolean, [m, k, n] = [128, 784, 512]): Case {
  return {
    name: `matMul ${m}x${k} @ ${k}x${n} tA=${tA ? 1 : 0} tB=${tB ? 1 : 0}`,
    flops: 2 * m * k * n,
    build: () => {
      const a = tf.randomUniform(tA ? [k, m] : [m, k], -1, 1, "float32", 1);
      const b = tf.randomUniform(tB ? [n, k] : [k, n], -1, 1, "float32", 2);
      return { run: () => tf.matMul(a, b, tA, tB), inputs: [a, b] };
    },
  };
}

type Shape4 = [number, number, number, number];

/** A forward conv2d x[B,H,W,Ci] * w[3,3,Ci,Co] with `stride`, 'same'; benches both backprops. */
function convCases(label: string, x: Shape4, co: number, stride: number): Case[] {
  const w: Shape4 = [3, 3, x[3], co];
  const y: Shape4 = [x[0], Math.ceil(x[1] / stride), Math.ceil(x[2] / stride), co];
  const flops = 2 * y[0] * y[1] * y[2] * 9 * x[3] * co;
  const attrs = { strides: stride, pad: "same", dataFormat: "NHWC" };
  return [
    {
      name: `Conv2D               ${label}`,
      flops,
      build: () => {
        const xt = tf.randomUniform(x, -1, 1, "float32", 3);
        const wt = tf.randomUniform(w, -1, 1, "float32", 5);
        return { run: () => tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, stride, "same"), inputs: [xt, wt] };
      },
    },
    {
      name: `Conv2DBackpropFilter ${label}`,
      flops,
      build: () => {
        const xt = tf.randomUniform(x, -1, 1, "float32", 3);
        const dy = tf.randomUniform(y, -1, 1, "float32", 4);
        const run = () => tf.engine().runKernel("Conv2DBackpropFilter", { x: xt, dy }, { ...attrs, filterShape: w }) as tf.Tensor;
        return { run, inputs: [xt, dy] };
      },
    },
    {
      name: `Conv2DBackpropInput  ${label}`,
      flops,
      build: () => {
        const wt = tf.randomUniform(w, -1, 1, "float32", 5);
        const dy = tf.randomUniform(y, -1, 1, "float32", 6);
        const run = () => tf.engine().runKernel("Conv2DBackpropInput", { dy, filter: wt }, { ...attrs, inputShape: x }) as tf.Tensor;
        return { run, inputs: [wt, dy] };
      },
    },
  ];
}

function sumCase(shape: number[]): Case {
  const size = shape.reduce((p, q) => p * q);
  return {
    name: `Sum over leading axes of ${shape.join("x")}`,
    flops: size,
    build: () => {
      const x = tf.randomUniform(shape, -1, 1, "float32", 7);
      return { run: () => tf.sum(x, shape.slice(0, -1).map((_, i) => i)), inputs: [x] };
    },
  };
}

const segmentCase: Case = {
  name: "UnsortedSegmentSum 4096x64 rows into 1000 segments",
  flops: 4096 * 64,
  build: () => {
    const x = tf.randomUniform([4096, 64], -1, 1, "float32", 8);
    const ids = tf.tensor1d(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 1000), "int32");
    return { run: () => tf.unsortedSegmentSum(x, ids, 1000), inputs: [x, ids] };
  },
};

const CASES: Case[] = [
  matmulCase(false, false),
  matmulCase(true, false),
  matmulCase(false, true),
  matmulCase(true, true),
  // gumbel-vae's widest layer (2352-512) at notebook 03's batch 28: forward, input gradient, weight gradient
  matmulCase(false, false, [28, 2352, 512]),
  matmulCase(false, true, [28, 512, 2352]),
  matmulCase(true, false, [2352, 28, 512]),
  ...convCases("conv 28x28x1->14x14x32 s2", [128, 28, 28, 1], 32, 2),
  ...convCases("conv 28x28x3->14x14x32 s2", [128, 28, 28, 3], 32, 2),
  ...convCases("conv 14x14x32->7x7x64 s2", [128, 14, 14, 32], 64, 2),
  ...convCases("convT 7x7x64->14x14x64 s2", [128, 14, 14, 64], 64, 2),
  ...convCases("convT 14x14x64->28x28x32 s2", [128, 28, 28, 32], 64, 2),
  ...convCases("convT 28x28x32->28x28x1 s1", [128, 28, 28, 1], 32, 1),
  ...convCases("conv 28x28x32->28x28x1 s1", [128, 28, 28, 32], 1, 1),
  sumCase([128, 28, 28, 32]),
  sumCase([128, 512]),
  segmentCase,
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Median ms per call (CPU time of this process, or wall time), or an error message when the kernel is missing. */
function time(c: Case): { wall: number; cpu: number } | string {
  const { run, inputs } = c.build();
  try {
    const once = () => tf.dispose(run());
    const t0 = performance.now();
    once();
    const first = performance.now() - t0;
    const calls = Math.max(1, Math.min(20, Math.round(300 / Math.max(first, 1))));
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let w = 0; w < WINDOWS; w++) {
      const start = performance.now();
      const cpu0 = cpuMs();
      for (let i = 0; i < calls; i++) once();
      cpu.push((cpuMs() - cpu0) / calls);
      wall.push((performance.now() - start) / calls);
    }
    return { wall: median(wall), cpu: median(cpu) };
  } catch (e) {
    return (e as Error).message.split("\n")[0].slice(0, 60);
  } finally {
    tf.dispose(inputs);
  }
}

function cell(r: { wall: number; cpu: number } | string, flops: number): string {
  if (typeof r === "string") return `fails: ${r.includes("not registered") ? "not registered" : r}`.padEnd(30);
  const gflops = (flops / r.cpu / 1e6).toFixed(1);
  return `${r.cpu.toFixed(1).padStart(7)} (${r.wall.toFixed(1).padStart(6)}) ${gflops.padStart(5)} GF/s`.padEnd(30);
}

async function main(): Promise<void> {
  await tf.setBackend("wasm");
  const only = argOnly > 0 ? new RegExp(process.argv[argOnly + 1]) : null;
  const cases = CASES.filter((c) => only == null || only.test(c.name));
  const load = os.loadavg()[0].toFixed(2);
  console.log(`wasm kernels, ${os.cpus()[0].model}, ${os.cpus().length} cores, load average ${load}; median of ${WINDOWS} windows`);
  console.log("ms per call: CPU time of this process (wall time in brackets); GF/s from CPU time");
  const stock = cases.map(time);
  const installed = installWasmKernels();
  enableBlas(false);
  const ours = cases.map(time);
  const withBlas = enableBlas(true) ? cases.map(time) : null;
  console.log(`overrides: ${installed.join(", ")}; OpenBLAS: ${blas().description}`);
  console.log(`${"kernel".padEnd(58)}${"stock".padEnd(30)}${"overrides, XNNPACK".padEnd(30)}${withBlas ? "overrides, OpenBLAS" : ""}`);
  cases.forEach((c, i) => {
    const best = withBlas?.[i] ?? ours[i];
    const base = stock[i];
    const speedup = typeof base !== "string" && typeof best !== "string" ? `  x${(base.cpu / best.cpu).toFixed(1)}` : "";
    const blasCell = withBlas ? cell(withBlas[i], c.flops) : "";
    console.log(`${c.name.padEnd(58)}${cell(stock[i], c.flops)}${cell(ours[i], c.flops)}${blasCell}${speedup}`);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
