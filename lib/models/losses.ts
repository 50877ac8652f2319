import * as tf from "@tensorflow/tfjs-core";

// Every loss here is per image (shape [B]), in nats; callers take the batch mean.

/**
 * Bernoulli negative log-likelihood from logits, summed over pixels (binary cross-entropy):
 *   -sum_p [x log s(l) + (1 - x) log(1 - s(l))] = sum_p [softplus(l) - x l]
 * x, logits: [B, H, W, C] -> [B]
 */
export function bernoulliNll(x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), sumAxes(x)) as tf.Tensor1D);
}

/**
 * Squared error between the image and the decoder's mean s(l), summed over pixels:
 *   sum_p (x - s(l))^2      x, logits: [B, H, W, C] -> [B]
 * (a Gaussian likelihood with variance 1/2, up to a constant).
 */
export function squaredError(x: tf.Tensor, logits: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.squaredDifference(x, tf.sigmoid(logits)), sumAxes(x)) as tf.Tensor1D);
}

/**
 * KL divergence of a diagonal Gaussian posterior from the standard normal prior:
 *   KL(N(mu, s^2) || N(0, I)) = -1/2 sum_j (1 + log s_j^2 - mu_j^2 - s_j^2)
 * mean, logVar: [B, D] -> [B]
 */
export function gaussianKl(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, logVar), tf.square(mean)), tf.exp(logVar)), 1)) as tf.Tensor1D);
}

/**
 * KL divergence of N categorical posteriors q = softmax(logits) from the uniform prior over K:
 *   KL(q || U(K)) = sum_n sum_k q_nk (log q_nk + log K)
 * logits: [B, N, K] -> [B]
 */
export function categoricalKl(logits: tf.Tensor3D): tf.Tensor1D {
  return tf.tidy(() => {
    const logQ = tf.logSoftmax(logits);
    const k = logits.shape[2];
    return tf.sum(tf.mul(tf.exp(logQ), tf.add(logQ, Math.log(k))), [1, 2]) as tf.Tensor1D;
  });
}

/** The reconstruction losses a model can use: `bce` (Bernoulli, from logits) or `mse` (squared error). */
export const RECONSTRUCTION_LOSSES = { bce: bernoulliNll, mse: squaredError } as const;
export type ReconstructionLoss = keyof typeof RECONSTRUCTION_LOSSES;

function sumAxes(x: tf.Tensor): number[] {
  return x.shape.slice(1).map((_, i) => i + 1);
}
