import type { AccuracyComparison } from "../eval/samples/colored-metrics";
import { tallyScores, type ScoreComparison } from "../eval/scores/score-compare";
import { differenceText, type Comparison, type MeasureComparison } from "../eval/stats/uncertainty";
import type { Scorecard } from "../eval/scores/scorecard";
import type { ScoredPrior } from "../eval/samples/sample-reference";
import { answer, joinAnswers, pct, q, type Answer } from "./answer";

/** What to call the two scorecards of a comparison in an answer, e.g. `{ a: "conv VAE", b: "dense VAE" }`. */
export interface ScoreNames {
  a: string;
  b: string;
}

const nats = (m: MeasureComparison) => differenceText(m, { unit: "nats" });

/**
 * The answer lines of {@link compareScorecards}'s comparison of `a` with `b`: one bullet per measure,
 * its two values and the difference with its 95% interval, then which model each measure favours.
 * @example lab.answer`**Quality**:\n${lab.scoreComparisonAnswer(cmp, conv, dense, { a: "conv VAE", b: "dense VAE" })}`
 */
export function scoreComparisonAnswer(cmp: ScoreComparison, a: Scorecard, b: Scorecard, names: ScoreNames): Answer {
  const lines: Answer[] = [];
  if (cmp.total) {
    const [ta, tb] = [q(a.total, "nats"), q(b.total, "nats")];
    lines.push(answer`- test total (negative ELBO on ${q(a.testImages)} test images): ${ta} against ${tb}, ${nats(cmp.total)};`);
  }
  if (cmp.iwBound) {
    const where = answer`k = ${q(a.boundK!)}, first ${q(a.boundImages!)} test images`;
    const [ba, bb] = [q(a.iwBound!, "nats"), q(b.iwBound!, "nats")];
    lines.push(answer`- importance-weighted bound on log p(x) (${where}): ${ba} against ${bb}, ${nats(cmp.iwBound)};`);
  }
  const confidence = differenceText(cmp.meanConfidence, { percent: true, digits: 1 });
  const [ca, cb] = [pct(a.meanConfidence), pct(b.meanConfidence)];
  lines.push(answer`- the classifier's mean confidence on ${q(a.samples)} samples: ${ca} against ${cb}, ${confidence};`);
  const frechet = differenceText(cmp.frechet, { digits: 1 });
  const [fa, fb] = [q(a.frechet, "", 1), q(b.frechet, "", 1)];
  lines.push(answer`- Frechet distance of the samples to the test digits: ${fa} against ${fb}, ${frechet}.`);
  const tally = tallyScores(cmp);
  const list = (measures: string[]) => (measures.length ? measures.join(", ") : "none");
  const sides =
    `The ${names.a} is ahead on: ${list(tally.a)}; the ${names.b} on: ${list(tally.b)}; ` +
    `no detectable difference on: ${list(tally.neither)}.`;
  return joinAnswers([...lines, answer``, answer`${sides}`]);
}

/**
 * One sentence for {@link compareAccuracies}: how often model `a` keeps the colour and the digit
 * against model `b`, each beyond its 95% interval or not.
 * @example accuracySentence(cmp, "the shared trunk", "separate trunks")
 * // "At 95%, the shared trunk keeps the colour more often than separate trunks and the digit about as often."
 */
export function accuracySentence(c: AccuracyComparison, a: string, b: string): string {
  const words = (v: Comparison, first: boolean) => ({
    higher: `more often than ${b}`,
    lower: `less often than ${b}`,
    "no detectable difference": first ? `about as often as ${b}` : "about as often",
  })[v];
  return `At 95%, ${a} keeps the colour ${words(c.colour, true)} and the digit ${words(c.digit, c.colour !== c.digit)}.`;
}

/** A test total and the goal it is held against; `check` is the total compared with the goal at 95%. */
export interface GoalCheck {
  name: string;
  total: number;
  goal: number;
  check: Comparison;
}

/**
 * One bullet of a goal check: the total against its goal, above or below it by how much, and whether
 * that lies beyond the total's 95% interval.
 * @example lab.goalLine({ name: "dense", total: 151.2, goal: 150, check: "higher" })
 */
export function goalLine(g: GoalCheck): Answer {
  const side = g.total > g.goal ? "above" : "below";
  const where = g.check === "no detectable difference" ? "within" : "beyond";
  const gap = q(Math.abs(g.total - g.goal), "nats");
  return answer`- ${g.name} ${q(g.total, "nats")} against the goal of ${q(g.goal, "nats")}: \
${side} it by ${gap}, ${where} the total's 95% interval`;
}

/**
 * One bullet of a prior's class balance (02): the most frequent digit and its share, the digits drawn
 * too often and too rarely against the reference, and the share of 3s.
 * @example lab.joinAnswers(scores.map(lab.balanceLine))
 */
export function balanceLine(s: ScoredPrior): Answer {
  const { mode, modeShare, over, under, fractions } = s.summary;
  return answer`- **${s.label}**: most often ${mode} (${pct(modeShare)}); too often: ${over}; too rarely: ${under}; \
3s: ${pct(fractions[3])}.`;
}
