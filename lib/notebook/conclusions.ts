import { compareEstimates, pairedDifference, type Estimate } from "../eval/stats/uncertainty";

/** Recorded values of one notebook run, by record name (`lab.record`, or a notebook's entry in metrics.json). */
export type Records = Record<string, unknown>;

/** A headline conclusion (a ranking or a yes/no answer) and how it is read from a run's records. */
export interface Conclusion {
  key: string;
  /** The notebook that records what it is read from. */
  notebook: string;
  /** What is concluded, as a phrase: "the lower test total". */
  question: string;
  /** The conclusion, or undefined when a record it needs is missing. */
  read(records: Records): string | undefined;
}

/** A prior's sample scores in `plain.samples`; `entropy` is the name records made before `classEntropy`. */
type Scores = { label: string; frechet: number; classEntropy?: number; entropy?: number }[];
/** A model's `<name>.score`; `confidence` is the name records made before `meanConfidence`. */
type Score = { total: number; meanConfidence?: number; confidence?: number; frechet: number };

const get = <T>(r: Records, name: string): T | undefined => r[name] as T | undefined;
/** The samples' class entropy (nats) and mean confidence, by today's names or, in older metrics files, the old ones. */
const classEntropy = (s: Scores[number]) => s.classEntropy ?? s.entropy ?? NaN;
const meanConfidence = (s: Score) => s.meanConfidence ?? s.confidence ?? NaN;
const pick = <T extends { label: string }>(list: T[] | undefined, better: (a: T, b: T) => boolean) =>
  list?.length ? list.reduce((best, s) => (better(s, best) ? s : best)).label : undefined;

/** Reads two models' scores (`<a>.score`, `<b>.score`) and names the better one by `better`. */
function pair(a: string, b: string, names: [string, string], verdict: (x: Score, y: Score) => number): (r: Records) => string | undefined {
  return (r) => {
    const [x, y] = [get<Score>(r, `${a}.score`), get<Score>(r, `${b}.score`)];
    if (!x || !y) return undefined;
    const v = verdict(x, y);
    return v > 0 ? names[0] : v < 0 ? names[1] : "neither: the measures split";
  };
}

/** What {@link realismAlongPaths} reads: a model's path scores (`pathsRealism`). */
export type PathScores = { meanConfidence: number; perPair?: number[] };

/** a - b pair by pair, or undefined when either record lacks per-pair values or they differ in number. */
function pairedOrNone(a: number[] | undefined, b: number[] | undefined): Estimate | undefined {
  return a && b && a.length === b.length && a.length > 1 ? pairedDifference(a, b) : undefined;
}

/**
 * The VAE's mean interior confidence minus the autoencoder's, paired over the same pairs, with its
 * 95% interval; undefined when the records predate per-pair scores or the pairs differ in number.
 */
export function realismDifference(ae: PathScores, vae: PathScores): Estimate | undefined {
  return pairedOrNone(vae.perPair, ae.perPair);
}

/**
 * Where interpolated images are more realistic, as 04's answer says it: from the paired difference
 * when its 95% interval excludes 0, else "about as realistic"; records without per-pair scores fall
 * back to a 2-point gap in mean confidence.
 */
export function realismAlongPaths(ae: PathScores, vae: PathScores): string {
  const d = realismDifference(ae, vae);
  const gap = vae.meanConfidence - ae.meanConfidence;
  const verdict = d ? compareEstimates(d) : gap > 0.02 ? "higher" : gap < -0.02 ? "lower" : "no detectable difference";
  if (verdict === "higher") return "more realistic along the VAE's paths";
  if (verdict === "lower") return "more realistic along the autoencoder's paths";
  return "about as realistic along either";
}

/** What {@link strayAlongPaths} reads: a model's path gaps (`pathGaps`). */
export type GapScores = { meanGap: number; gapPerPair?: number[] };

/** Which model's straight paths stray farther from the data's codes. */
export type Stray = "the autoencoder's" | "the VAE's" | "neither";

/**
 * Whose paths run farther from the data's codes, the autoencoder's or the VAE's: from the paired
 * difference of the per-path gaps (each in its own model's code spacings) when its 95% interval
 * excludes 0; records without per-path gaps fall back to a 1.2x ratio of the mean gaps.
 */
export function strayAlongPaths(ae: GapScores, vae: GapScores): Stray {
  const paired = pairedOrNone(ae.gapPerPair, vae.gapPerPair);
  const verdict = paired
    ? compareEstimates(paired)
    : ae.meanGap > 1.2 * vae.meanGap ? "higher" : vae.meanGap > 1.2 * ae.meanGap ? "lower" : "no detectable difference";
  return verdict === "higher" ? "the autoencoder's" : verdict === "lower" ? "the VAE's" : "neither";
}

const DENSE_CONV: [string, string] = ["the dense VAE", "the conv VAE"];

type Kept = "colorAccuracy" | "digitAccuracy" | "jointAccuracy";
type ColouredModels = Record<string, { reconstructions: Record<Kept, number> }>;
const KEPT: Record<Kept, string> = { colorAccuracy: "the colour", digitAccuracy: "the digit", jointAccuracy: "both" };

/** The coloured model whose reconstructions score highest on `measure` (03's `models` record). */
function bestModel(models: ColouredModels | undefined, measure: Kept): string | undefined {
  const names = Object.keys(models ?? {});
  const score = (n: string) => models![n].reconstructions[measure];
  return names.length ? names.reduce((a, b) => (score(b) > score(a) ? b : a)) : undefined;
}

/** Every headline conclusion the quick profile is checked against the full run for. */
export const CONCLUSIONS: Conclusion[] = [
  {
    key: "01.testTotal", notebook: "01-latent-2d", question: "the lower test total (negative ELBO)",
    read: pair("dense", "conv", DENSE_CONV, (x, y) => y.total - x.total),
  },
  {
    key: "01.samples", notebook: "01-latent-2d", question: "the better prior samples by the classifier",
    read: pair("dense", "conv", DENSE_CONV, (x, y) =>
      Math.sign(meanConfidence(x) - meanConfidence(y)) + Math.sign(y.frechet - x.frechet)),
  },
  {
    key: "01.convGrid", notebook: "01-latent-2d", question: "what the conv VAE's decoded grid shows",
    read: (r) => {
      const region = get<{ digits: number }>(r, "conv.region");
      return region && (region.digits === 10 ? "all 10 digits" : "fewer than 10 digits");
    },
  },
  {
    key: "02.mostRealisticPrior", notebook: "02-priors-and-losses", question: "the most realistic prior by the classifier",
    read: (r) => pick(get<Scores>(r, "plain.samples"), (a, b) => a.frechet < b.frechet),
  },
  {
    key: "02.mostDiversePrior", notebook: "02-priors-and-losses", question: "the most diverse prior",
    read: (r) => pick(get<Scores>(r, "plain.samples"), (a, b) => classEntropy(a) > classEntropy(b)),
  },
  ...(["colorAccuracy", "digitAccuracy", "jointAccuracy"] as const).map((measure) => ({
    key: `03.best.${measure}`,
    notebook: "03-coloured-latents",
    question: `the model whose reconstructions keep ${KEPT[measure]} best`,
    read: (r: Records) => bestModel(get<ColouredModels>(r, "models"), measure),
  })),
  {
    key: "04.interpolation", notebook: "04-ae-vs-vae", question: "where interpolated images are more realistic",
    read: (r) => {
      const paths = get<Record<string, PathScores>>(r, "paths");
      return paths?.ae && paths.tuned ? realismAlongPaths(paths.ae, paths.tuned) : undefined;
    },
  },
  ...([["04.stray", "paths"], ["04.strayPlane", "paths2d"]] as const).map(([key, name]) => ({
    key,
    notebook: "04-ae-vs-vae",
    question: `whose straight paths stray farther from the data${key === "04.strayPlane" ? " in a plane" : ""}`,
    read: (r: Records) => {
      const paths = get<Record<string, GapScores>>(r, name);
      const [ae, vae] = name === "paths" ? [paths?.ae, paths?.tuned] : [paths?.ae2d, paths?.vae2d];
      return ae?.meanGap !== undefined && vae?.meanGap !== undefined ? strayAlongPaths(ae, vae) : undefined;
    },
  })),
  {
    key: "04.beta10Active", notebook: "04-ae-vs-vae", question: "whether β = 10 keeps every dimension active",
    read: (r) => {
      type Units = { activeUnits: number; dims: number; clearlyActive?: number; clearlyInactive?: number };
      const s = get<Record<string, Units>>(r, "summary")?.beta10;
      if (!s) return undefined;
      if (s.clearlyActive === undefined) return s.activeUnits === s.dims ? "every dimension active" : "some dimensions inactive";
      if (s.clearlyInactive! > 0) return "some dimensions inactive";
      return s.clearlyActive === s.dims ? "every dimension active" : "too close to call at the 0.01 threshold";
    },
  },
];

/** The conclusion `key`; throws one line naming the known keys when there is none. */
export function conclusion(key: string): Conclusion {
  const c = CONCLUSIONS.find((x) => x.key === key);
  if (!c) throw new Error(`unknown conclusion ${JSON.stringify(key)} (known: ${CONCLUSIONS.map((x) => x.key).join(", ")})`);
  return c;
}

/** The conclusions `records` of `notebook` support, by key (those whose records are missing are left out). */
export function readConclusions(notebook: string, records: Records): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of CONCLUSIONS.filter((x) => x.notebook === notebook)) {
    const v = c.read(records);
    if (v !== undefined) out[c.key] = v;
  }
  return out;
}
