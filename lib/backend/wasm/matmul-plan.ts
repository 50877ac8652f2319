/** Packing an element of the right operand costs about this many transposed elements (measured). */
const PACK_COST = 7;

const seenAsWeights = new WeakSet<object>();

/**
 * Whether C = op(A)·op(B) (A is [M, K] after op, B is [K, N]) is cheaper computed as
 * Cᵀ = op(B)ᵀ·op(A)ᵀ and transposed back. The GEMM is the same; what differs is the copying
 * around it: materialised transposes, and XNNPACK's packing of the right operand, which it
 * redoes for every new tensor at ~7x the cost of a transpose per element and caches per tensor.
 *
 * Transposed products compare both costs (A·Bᵀ with a small batch M, a dense layer's input
 * gradient, is several times cheaper swapped). An untransposed product without a fused epilogue
 * is swapped only the first time its right operand is seen, when it is not packed yet: a weight
 * used again (inference) is then packed once and stays cached, while a weight replaced every
 * step (training) never pays for packing. XNNPACK accumulates each output's dot product in k
 * order either way, so the choice does not change a single bit of the result.
 */
export function shouldSwap(
  b: { dataId: object },
  [m, k, n]: number[],
  transposeA: boolean,
  transposeB: boolean,
  plainProduct: boolean,
): boolean {
  const direct = (transposeA ? m * k : 0) + (transposeB ? k * n : 0) + PACK_COST * k * n;
  const swapped = (transposeB ? 0 : k * n) + (transposeA ? 0 : m * k) + PACK_COST * k * m + m * n;
  if (transposeA || transposeB) return swapped < direct;
  if (!plainProduct || seenAsWeights.has(b.dataId)) return false;
  seenAsWeights.add(b.dataId);
  return swapped < direct;
}
