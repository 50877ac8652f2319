import { TensorInfo, _FusedMatMulAttrs } from "@tensorflow/tfjs-core";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";
import { applyEpilogue, fastMatMul, GemmEpilogue } from "./matmul-core";
import { free, runStock, WasmKernelArgs } from "./kernel-util";

const CLAMPS = new Set(["linear", "relu", "relu6"]);

/**
 * `_FusedMatMul` for wasm: act(a·b + bias) with the same meaning as the cpu backend (bias of any
 * shape that broadcasts to the output; activation linear, relu, relu6, elu, prelu, leakyrelu or
 * sigmoid). A bias of shape [N] and the clamps are fused into the XNNPACK GEMM; everything else
 * runs as the stock element-wise kernels afterwards.
 */
export function fusedMatMul({ inputs, backend, attrs }: WasmKernelArgs): TensorInfo {
  const { a, b } = inputs;
  const bias: TensorInfo | undefined = inputs.bias;
  const preluActivationWeights: TensorInfo | undefined = inputs.preluActivationWeights;
  const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as unknown as _FusedMatMulAttrs;
  const n = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
  const clamp = CLAMPS.has(activation) ? (activation as GemmEpilogue["activation"]) : "linear";
  const fusableBias = bias == null || (bias.shape.length === 1 && bias.shape[0] === n && bias.dtype === "float32");
  let y: TensorInfo;
  if (fusableBias) {
    y = fastMatMul(backend, a, b, transposeA, transposeB, { bias: bias ?? null, activation: clamp });
  } else {
    const raw = fastMatMul(backend, a, b, transposeA, transposeB);
    y = applyEpilogue(backend, raw, { bias, activation: clamp });
  }
  if (CLAMPS.has(activation)) return y;
  const z = activate("_FusedMatMul", backend, y, activation, preluActivationWeights, leakyreluAlpha);
  free(backend, y);
  return z;
}

/** A fused kernel's activation other than the clamps, by the stock element-wise kernels. */
export function activate(
  kernel: string,
  backend: BackendWasm,
  x: TensorInfo,
  activation: string,
  prelu: TensorInfo | undefined,
  leakyAlpha: number | undefined,
): TensorInfo {
  switch (activation) {
    case "sigmoid":
      return runStock("Sigmoid", backend, { x });
    case "elu":
      return runStock("Elu", backend, { x });
    case "leakyrelu":
      return runStock("LeakyRelu", backend, { x }, { alpha: leakyAlpha ?? 0.2 });
    case "prelu":
      if (prelu == null) throw new Error(`${kernel}: activation prelu needs preluActivationWeights`);
      return runStock("Prelu", backend, { x, alpha: prelu });
    default:
      throw new Error(`${kernel}: unsupported activation ${activation}`);
  }
}
