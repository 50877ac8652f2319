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
  if (expected.length !== k || expected.some((e) => !(e > 0))) throw new Error(`invalid expected shares: ${JSON.stringify(expected)} (${k} positive numbers)`);
  const ratios = fractions.map((f, c) => f / expected[c]);
  const classes = ratios.map((_, c) => c);
  return {
    over: classes.filter((c) => ratios[c] > ratio).sort((a, b) => ratios[b] - ratios[a]),
    under: classes.filter((c) => ratios[c] < 1 / ratio).sort((a, b) => ratios[a] - ratios[b]),
    ratios,
  };
}
