/** How often each class occurs, and how even that is. */
export interface ClassDistribution {
  /** Count per class. */
  counts: number[];
  /** Fraction per class (counts / total). */
  fractions: number[];
  /** Entropy of the fractions, -sum p log p, in nats; log(classes) when uniform. */
  classEntropy: number;
  /** Entropy / log(classes), in [0, 1]; 1 when uniform. */
  normalizedClassEntropy: number;
  /** Standard error of the entropy over the samples (delta method: sqrt((sum p log² p - H²) / n)). */
  classEntropySE: number;
  /** The most frequent class (doc 002's "3 too often"). */
  mode: number;
}

/**
 * Histogram of class indices (e.g. the classifier's predictions for generated samples).
 * @example classDistribution([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).classEntropy === Math.log(10)
 */
export function classDistribution(classes: ArrayLike<number>, classCount = 10): ClassDistribution {
  if (classes.length === 0) throw new Error("class histogram of no samples");
  const counts = new Array<number>(classCount).fill(0);
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i];
    if (!Number.isInteger(c) || c < 0 || c >= classCount) throw new Error(`invalid class at ${i}: ${c} (0..${classCount - 1})`);
    counts[c]++;
  }
  const fractions = counts.map((n) => n / classes.length);
  const entropy = fractions.reduce((s, p) => s - (p > 0 ? p * Math.log(p) : 0), 0);
  const second = fractions.reduce((s, p) => s + (p > 0 ? p * Math.log(p) ** 2 : 0), 0);
  const entropySE = Math.sqrt(Math.max(second - entropy * entropy, 0) / classes.length);
  const mode = counts.indexOf(Math.max(...counts));
  const normalizedClassEntropy = entropy / Math.log(classCount);
  return { counts, fractions, classEntropy: entropy, normalizedClassEntropy, classEntropySE: entropySE, mode };
}

/** Which classes a histogram holds too often or too rarely. */
export interface ClassBalance {
  /** Classes whose share exceeds `ratio` times the expected share, most frequent first. */
  over: number[];
  /** Classes whose share is below the expected share divided by `ratio`, rarest first. */
  under: number[];
  /** Each class's share divided by its expected share (1: as expected). */
  ratios: number[];
}

export interface ClassBalanceOptions {
  /** How far from the expected share a class must be, as a factor. Default 1.5 (above 15% or below 6.7% of ten classes). */
  ratio?: number;
  /** The expected share of each class. Default uniform (1 / classes). */
  expected?: number[];
}

/**
 * Over- and under-represented classes of a histogram given as shares (fractions summing to 1).
 * @example classBalance([0.1, 0.1, 0.1, 0.25, 0.1, 0.1, 0.05, 0.05, 0.1, 0.05]).over // [3]
 */
export function classBalance(fractions: number[], options: ClassBalanceOptions = {}): ClassBalance {
  const { ratio = 1.5 } = options;
  const k = fractions.length;
  if (k === 0) throw new Error("classBalance of an empty histogram");
  if (!(ratio > 1)) throw new Error(`invalid balance ratio: ${ratio} (above 1)`);
  const expected = options.expected ?? new Array<number>(k).fill(1 / k);
  if (expected.length !== k || expected.some((e) => !(e > 0))) {
    throw new Error(`invalid expected shares: ${JSON.stringify(expected)} (${k} positive numbers)`);
  }
  const ratios = fractions.map((f, c) => f / expected[c]);
  const classes = ratios.map((_, c) => c);
  return {
    over: classes.filter((c) => ratios[c] > ratio).sort((a, b) => ratios[b] - ratios[a]),
    under: classes.filter((c) => ratios[c] < 1 / ratio).sort((a, b) => ratios[a] - ratios[b]),
    ratios,
  };
}
