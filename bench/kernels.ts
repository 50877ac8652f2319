/**
 * Micro benchmark of the wasm kernel overrides: `node dist/bench/kernels.js [--windows N]`.
 * Prints ms per call (median of N timed windows after one warm-up window) and GFLOP/s for each
 * kernel, first with the stock tfjs-backend-wasm kernels, then with `installWasmKernels()`.
 * Single-threaded; another process on the machine makes numbers noisy, hence medians.
 */
import * as os from "node:os";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-wasm";
import { installWasmKernels } from "../lib/backend/wasm";

interface Case {
  name: string;
  flops: number;
  build: () => { run: () => tf.Tensor; inputs: tf.Tensor[] };
}

const argWindows = process.argv.indexOf("--windows");
const WINDOWS = argWindows > 0 ? Number(process.argv[argWindows + 1]) : 5;

function matmulCase(tA: boolean, tB: boolean): Case {
  const [m, k, n] = [128, 784, 512];
  return {
    name: `matMul 128x784 @ 784x512 tA=${tA ? 1 : 0} tB=${tB ? 1 : 0}`,
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

const CASES: Case[] = [
  matmulCase(false, false),
  matmulCase(true, false),
  matmulCase(false, true),
  matmulCase(true, true),
  ...convCases("conv 28x28x1->14x14x32 s2", [128, 28, 28, 1], 32, 2),
  ...convCases("conv 28x28x3->14x14x32 s2", [128, 28, 28, 3], 32, 2),
  ...convCases("conv 14x14x32->7x7x64 s2", [128, 14, 14, 32], 64, 2),
  ...convCases("convT 7x7x64->14x14x64 s2", [128, 14, 14, 64], 64, 2),
  ...convCases("convT 14x14x64->28x28x32 s2", [128, 28, 28, 32], 64, 2),
  ...convCases("convT 28x28x32->28x28x1 s1", [128, 28, 28, 1], 32, 1),
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median ms per call, or an error message when the kernel is missing. */
function time(c: Case): number | string {
  const { run, inputs } = c.build();
  try {
    const once = () => tf.dispose(run());
    const t0 = performance.now();
    once();
    const first = performance.now() - t0;
    const calls = Math.max(1, Math.min(20, Math.round(300 / Math.max(first, 1))));
    const perCall: number[] = [];
    for (let w = 0; w < WINDOWS; w++) {
      const start = performance.now();
      for (let i = 0; i < calls; i++) once();
      perCall.push((performance.now() - start) / calls);
    }
    return median(perCall);
  } catch (e) {
    return (e as Error).message.split("\n")[0].slice(0, 60);
  } finally {
    tf.dispose(inputs);
  }
}

function cell(r: number | string, flops: number): string {
  return typeof r === "string" ? `fails: ${r.includes("not registered") ? "not registered" : r}`.padEnd(24) : `${r.toFixed(1).padStart(8)} ms ${(flops / r / 1e6).toFixed(1).padStart(6)} GF/s`;
}

async function main(): Promise<void> {
  await tf.setBackend("wasm");
  const load = os.loadavg()[0].toFixed(2);
  console.log(`wasm kernels, ${os.cpus()[0].model}, ${os.cpus().length} cores, load average ${load}; median of ${WINDOWS} windows`);
  const stock = CASES.map(time);
  const installed = installWasmKernels();
  const ours = CASES.map(time);
  console.log(`overrides: ${installed.join(", ")}`);
  console.log(`${"kernel".padEnd(58)}${"stock".padEnd(26)}override`);
  CASES.forEach((c, i) => {
    const speedup = typeof stock[i] === "number" && typeof ours[i] === "number" ? `  x${((stock[i] as number) / (ours[i] as number)).toFixed(1)}` : "";
    console.log(`${c.name.padEnd(58)}${cell(stock[i], c.flops).padEnd(26)}${cell(ours[i], c.flops)}${speedup}`);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
