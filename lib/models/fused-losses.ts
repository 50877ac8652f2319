import * as tf from "@tensorflow/tfjs-core";
import { fusedLossReady, LOSS_KERNELS } from "../backend/wasm/loss-kernels";
import { gaussianKl, RECONSTRUCTION_LOSSES, ReconstructionLoss } from "./losses";

// The loss terms as the models compute them: one fused kernel for the term and one for its gradient
// where the backend has them (wasm with the OpenBLAS addon), instead of ~6 kernels forward and ~10
// backward. The pure functions of losses.ts stay the reference and run everywhere else; the fused
// terms match them within 1e-5 relative (test/models/fused-losses.test.ts).

function fusable(a: tf.Tensor, b: tf.Tensor): boolean {
  const same = a.shape.length > 0 && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
  return same && a.dtype === "float32" && b.dtype === "float32" && fusedLossReady(tf.getBackend());
}

/**
 * The reconstruction term `loss` per image, [B]: {@link RECONSTRUCTION_LOSSES}'s function, fused when
 * the backend allows.
 * x, logits: [B, H, W, C] -> [B]
 */
export function reconstructionTerm(loss: ReconstructionLoss, x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  if (!fusable(x, logits)) return RECONSTRUCTION_LOSSES[loss](x, logits);
  return tf.engine().runKernel(LOSS_KERNELS[loss], { x, logits }) as tf.Tensor1D;
}

/**
 * KL(N(mean, exp(logVar)) || N(0, I)) per row, [B]: {@link gaussianKl}, fused when the backend allows.
 * mean, logVar: [B, D] -> [B]
 */
export function gaussianKlTerm(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  if (!fusable(mean, logVar)) return gaussianKl(mean, logVar);
  return tf.engine().runKernel(LOSS_KERNELS.gaussianKl, { mean, logVar }) as tf.Tensor1D;
}
