/** z of a two-sided 95% normal interval. */
const Z95 = 1.959964;

/** An estimate from a sample with its standard error and 95% interval. */
export interface Estimate {
  value: number;
  /** Standard error of `value`. */
  se: number;
  /** 95% interval. */
  low: number;
  high: number;
  /** Sample size behind it (images, pairs, draws). */
  n: number;
}

/**
 * The mean of `values` with its standard error (sample standard deviation / √n) and a normal 95%
 * interval. Throws one line on an empty sample or a non-finite value.
 * @example meanEstimate(perImageLoss) // { value: 151.2, se: 0.4, low: 150.4, high: 152.0, n: 10000 }
 */
export function meanEstimate(values: ArrayLike<number>): Estimate {
  const n = values.length;
  if (n === 0) throw new Error("meanEstimate: no values");
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new Error(`meanEstimate: value ${i} is ${values[i]}`);
    sum += values[i];
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0;
  return { value: mean, se, low: mean - Z95 * se, high: mean + Z95 * se, n };
}

/**
 * A proportion `successes / n` with a Wilson 95% interval (sound near 0 and 1 and for small n) and
 * the binomial standard error.
 * @example proportionEstimate(1841, 2000) // 92.05%, interval 90.8%-93.2%
 */
export function proportionEstimate(successes: number, n: number): Estimate {
  if (!Number.isInteger(n) || n < 1 || !(successes >= 0 && successes <= n)) throw new Error(`proportionEstimate: ${successes} of ${n}`);
  const p = successes / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { value: p, se: Math.sqrt((p * (1 - p)) / n), low: centre - half, high: centre + half, n };
}

/** The mean of `a[i] - b[i]`: two measures of the same items (pairs, images) compared item by item. */
export function pairedDifference(a: ArrayLike<number>, b: ArrayLike<number>): Estimate {
  if (a.length !== b.length) throw new Error(`pairedDifference: ${a.length} values against ${b.length}`);
  return meanEstimate(Array.from(a, (v, i) => v - b[i]));
}

/** What a comparison found: one side higher, lower, or no difference the sample can detect. */
export type Comparison = "higher" | "lower" | "no detectable difference";

/**
 * Compares `a` with `b` at 95%: from a paired difference (`a - b` item by item) when given, else
 * from two independent estimates (standard errors combined). "higher" means a is higher.
 * @example compareEstimates(pairedDifference(vaeConf, aeConf)) // "no detectable difference"
 */
export function compareEstimates(a: Estimate, b?: Estimate): Comparison {
  const diff = b ? a.value - b.value : a.value;
  const se = b ? Math.hypot(a.se, b.se) : a.se;
  if (diff - Z95 * se > 0) return "higher";
  if (diff + Z95 * se < 0) return "lower";
  return "no detectable difference";
}

/** An estimate from a value and its standard error, with a normal 95% interval (e.g. from a record that kept both). */
export function estimateOf(value: number, se: number, n: number): Estimate {
  if (!Number.isFinite(value) || !(se >= 0)) throw new Error(`estimateOf: value ${value}, standard error ${se}`);
  return { value, se, low: value - Z95 * se, high: value + Z95 * se, n };
}

/** {@link proportionEstimate} from a share and its count of trials, e.g. a recorded accuracy over `images`. */
export function shareEstimate(share: number, n: number): Estimate {
  return proportionEstimate(Math.round(share * n), n);
}

/** What several comparisons say together: all `higher`, at least one `lower`, or neither (some undecided). */
export function jointVerdict(list: readonly Comparison[]): "all higher" | "some lower" | "undecided" {
  if (list.some((c) => c === "lower")) return "some lower";
  return list.length > 0 && list.every((c) => c === "higher") ? "all higher" : "undecided";
}

/** One measure of two models (scorecards, test totals) compared: a - b with its interval, and what that says at 95%. */
export interface MeasureComparison {
  /** a's value minus b's, with its standard error and 95% interval. */
  difference: Estimate;
  /** `higher`: a's value is higher than b's beyond the interval; else `lower` or no detectable difference. */
  verdict: Comparison;
  /** How the interval was formed. */
  basis: "paired over test images" | "independent standard errors" | "bootstrap intervals";
}

/** A {@link MeasureComparison} of a difference: its verdict at 95%, and the basis it was formed on. */
export function measureComparison(difference: Estimate, basis: MeasureComparison["basis"]): MeasureComparison {
  return { difference, verdict: compareEstimates(difference), basis };
}

/**
 * A difference in words with its interval, e.g. `1.24 nats lower (95% interval 0.98 to 1.50 lower)`
 * or `no detectable difference (-0.3 to 0.4 nats)`; `percent` shows shares as percentage points.
 */
export function differenceText(m: MeasureComparison, o: { unit?: string; digits?: number; percent?: boolean } = {}): string {
  const { unit = "", digits = 2, percent = false } = o;
  const scale = percent ? 100 : 1;
  const u = percent ? " points" : unit ? ` ${unit}` : "";
  const f = (v: number) => (v * scale).toFixed(digits);
  const d = m.difference;
  if (m.verdict === "no detectable difference") {
    return `no detectable difference (95% interval of the difference ${f(d.low)} to ${f(d.high)}${u})`;
  }
  const word = m.verdict;
  const [lo, hi] = word === "higher" ? [d.low, d.high] : [-d.high, -d.low];
  return `${f(Math.abs(d.value))}${u} ${word} (95% interval ${f(lo)} to ${f(hi)} ${word})`;
}
