import * as tf from "@tensorflow/tfjs-core";
import { getKernel, registerGradient, registerKernel, TensorInfo } from "@tensorflow/tfjs-core";
import { blas, BlasBinding } from "./blas";
import { f32, sizeOf, WasmKernelArgs } from "./kernel-util";

/** The fused loss terms, by their tfjs kernel names (wasm backend only, native addon required). */
export const LOSS_KERNELS = {
  bce: "VaeLabBernoulliNll",
  mse: "VaeLabSquaredError",
  gaussianKl: "VaeLabGaussianKl",
} as const;

type Term = keyof typeof LOSS_KERNELS;
type Native = Required<BlasBinding>;

/** The addon's forward and gradient functions of each term, and the names of its two inputs. */
const TERMS: Record<Term, { inputs: [string, string]; forward: keyof Native; grad: keyof Native; outputs: number }> = {
  bce: { inputs: ["x", "logits"], forward: "bernoulliNll", grad: "bernoulliNllGrad", outputs: 1 },
  mse: { inputs: ["x", "logits"], forward: "squaredError", grad: "squaredErrorGrad", outputs: 1 },
  gaussianKl: { inputs: ["mean", "logVar"], forward: "gaussianKl", grad: "gaussianKlGrad", outputs: 2 },
};

type Call = (...args: (Float32Array | number)[]) => void;

function native(term: Term, which: "forward" | "grad"): Call {
  const fn = blas().binding?.[TERMS[term][which]] as Call | undefined;
  if (!fn) {
    throw new Error(`${LOSS_KERNELS[term]}: the vae-lab-blas addon with ${TERMS[term][which]} is not loaded (${blas().description})`);
  }
  return fn;
}

/** Rows and columns of a term's inputs: [B, ...] read as [B, size / B]. */
function dims(t: TensorInfo): [number, number] {
  const rows = t.shape[0] ?? 1;
  return [rows, rows === 0 ? 0 : sizeOf(t.shape) / rows];
}

/** Forward kernel body: the term per row, [B]. */
function forwardKernel(term: Term) {
  return ({ inputs, backend }: WasmKernelArgs): TensorInfo => {
    const [a, b] = TERMS[term].inputs.map((n) => inputs[n]);
    const [rows, cols] = dims(a);
    const out = backend.makeOutput([rows], "float32");
    native(term, "forward")(f32(backend, a), f32(backend, b), f32(backend, out), rows, cols);
    return out;
  };
}

/** Gradient kernel body: inputs the forward's two and dy [B]; outputs the gradient of the second (and, for the KL, the first). */
function gradKernel(term: Term) {
  return ({ inputs, backend }: WasmKernelArgs): TensorInfo[] => {
    const [a, b] = TERMS[term].inputs.map((n) => inputs[n]);
    const [rows, cols] = dims(a);
    const outs = Array.from({ length: TERMS[term].outputs }, () => backend.makeOutput(a.shape, "float32"));
    native(term, "grad")(f32(backend, a), f32(backend, b), f32(backend, inputs.dy), ...outs.map((o) => f32(backend, o)), rows, cols);
    return outs;
  };
}

/** dy [B] as [B, 1, ...] to broadcast over one input's trailing axes. */
function perRow(dy: tf.Tensor, like: tf.Tensor): tf.Tensor {
  return tf.reshape(dy, [dy.shape[0], ...like.shape.slice(1).map(() => 1)]);
}

/**
 * The gradient of each forward kernel: one native call per backward pass (the engine's backward
 * scope disposes an output nobody asks for). The images' gradient, which no model needs, is built
 * from stock ops only when asked for: −l·dy for the Bernoulli term, 2(x − s(l))·dy for the squared
 * error.
 */
function registerGradients(term: Term): void {
  const [first, second] = TERMS[term].inputs;
  registerGradient({
    kernelName: LOSS_KERNELS[term],
    inputsToSave: [first, second],
    gradFunc: (dy, saved) => {
      const [a, b] = saved;
      const grads = tf.engine().runKernel(`${LOSS_KERNELS[term]}Grad`, { [first]: a, [second]: b, dy: dy as tf.Tensor }) as tf.Tensor[];
      if (term === "gaussianKl") return { [first]: () => grads[0], [second]: () => grads[1] };
      const dx =
        term === "bce"
          ? () => tf.mul(tf.neg(b), perRow(dy as tf.Tensor, b))
          : () => tf.mul(tf.mul(tf.sub(a, tf.sigmoid(b)), 2), perRow(dy as tf.Tensor, a));
      return { [first]: dx, [second]: () => grads[0] };
    },
  });
}

/**
 * True when the fused loss terms can run now: the wasm backend is active and the OpenBLAS addon
 * (routing enabled, see `enableBlas`) has their functions. Registers the kernels and their
 * gradients on first success. Elsewhere the pure functions of lib/models/losses.ts run.
 */
export function fusedLossReady(backendName: string): boolean {
  const b = blas().binding;
  if (backendName !== "wasm" || b == null) return false;
  const terms = Object.keys(TERMS) as Term[];
  if (!terms.every((t) => typeof b[TERMS[t].forward] === "function" && typeof b[TERMS[t].grad] === "function")) return false;
  for (const t of terms) {
    if (getKernel(LOSS_KERNELS[t], "wasm")) continue;
    registerKernel({ kernelName: LOSS_KERNELS[t], backendName: "wasm", kernelFunc: forwardKernel(t) as never });
    registerKernel({ kernelName: `${LOSS_KERNELS[t]}Grad`, backendName: "wasm", kernelFunc: gradKernel(t) as never });
    registerGradients(t);
  }
  return true;
}
