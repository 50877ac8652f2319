import { answer, joinAnswers, q, type Answer } from "./answer";

/**
 * Figures from outside this project's runs, each with its source, so an answer cites them from one
 * table instead of typing them. A PyTorch run of the same network and settings is the peer a
 * student can reproduce: 60,000 training digits, batch 128, Adam at 1e-3, seed 0, one CPU core,
 * the test set's negative ELBO in nats (grey levels under a Bernoulli likelihood, as ours).
 */
export interface PytorchRun {
  model: string;
  epochs: number;
  /** Test negative ELBO, nats per image. */
  total: number;
  source: string;
}

const ISSUE_23 = "PyTorch run of the same network and settings, seed 0, one CPU core (reported in the project's issue 23)";
const NOTEBOOK_02_PLAN = "PyTorch run of the same network and settings (the issue notebook 02 was planned from)";
const NOTEBOOK_01_PLAN = "PyTorch run of the same network and settings, seed 0 (the issue notebook 01 was planned from)";

/** Every PyTorch figure an answer may cite. */
export const PYTORCH_RUNS: readonly PytorchRun[] = [
  { model: "dense-vae-2d", epochs: 10, total: 155.0, source: NOTEBOOK_01_PLAN },
  { model: "dense-vae-2d", epochs: 30, total: 150.86, source: ISSUE_23 },
  { model: "conv-vae-2d", epochs: 30, total: 153.1, source: ISSUE_23 },
  { model: "mlp-vae-100", epochs: 10, total: 105.6, source: NOTEBOOK_02_PLAN },
  { model: "mlp-vae-100", epochs: 100, total: 101.17, source: ISSUE_23 },
];

/** The PyTorch run of `model` trained for exactly `epochs` epochs, if there is one (no other budget compares). */
export function pytorchRun(model: string, epochs: number): PytorchRun | undefined {
  return PYTORCH_RUNS.find((r) => r.model === model && r.epochs === epochs);
}

/** One of this run's models beside its PyTorch peer at the same budget. */
export interface PytorchComparison {
  model: string;
  epochs: number;
  pytorch: number;
  ours: number;
  /** Ours minus PyTorch's, nats (positive: ours is worse). */
  gap: number;
}

/**
 * This run's test totals beside the PyTorch runs of the same model at exactly its budget (all 60,000
 * digits, seed 0, the same epochs); models with no such run are left out.
 */
export function comparePytorch(
  runs: { model: string; total: number; epochs: number; images: number; seed: number }[],
): PytorchComparison[] {
  return runs.flatMap((r) => {
    const peer = r.images === 60000 && r.seed === 0 ? pytorchRun(r.model, r.epochs) : undefined;
    return peer ? [{ model: r.model, epochs: r.epochs, pytorch: peer.total, ours: r.total, gap: r.total - peer.total }] : [];
  });
}

/** The sentence an answer gives for {@link comparePytorch}'s list, or says that none is on record. */
export function pytorchSentence(list: PytorchComparison[]): Answer {
  if (!list.length) return answer`No PyTorch run at this profile's budget is on record to compare with.`;
  const each = list.map((t) => answer`${t.model} after ${q(t.epochs)} epochs ${q(t.pytorch, "nats")} (ours ${
    q(Math.abs(t.gap), "nats", 2)
  } ${t.gap >= 0 ? "above" : "below"} it)`);
  return answer`A PyTorch run of the same network and settings (seed 0, one core) reached: ${joinAnswers(each, "; ")}.`;
}

/** A loss a document reported: per-image terms in nats, on its training set at the end of its training. */
export interface DocumentLoss {
  reconstruction: number;
  kl: number;
  total: number;
  /** Seconds per training epoch on the document's machine, where it said. */
  secondsPerEpoch?: number;
}

/**
 * The figures the assignment's documents report, by document, each from its own text (the seeds
 * in `shared/seeds/`), and the goals the project's issues set from them. Answers cite these; none
 * types them.
 */
export const DOCUMENT_FIGURES = {
  /** Doc 001's losses after its training (training set) and its epoch times. */
  "001": {
    dense: { reconstruction: 282.07, kl: 3, total: 285.07, secondsPerEpoch: 3 },
    conv: { reconstruction: 141.69, kl: 3.7, total: 145.39, secondsPerEpoch: 10 },
    cond: { reconstruction: 124.63, kl: 2.79, total: 127.41 },
  } satisfies Record<string, DocumentLoss>,
  /** Doc 002: the samples it drew per prior, and the variance of its Beta(0.25, 0.25) prior, rounded as it gave it. */
  "002": { samples: 5, betaVariance: 0.2 },
  /** Doc 003: the ranges of its latent-space plots, continuous codes and discrete logits. */
  "003": { continuousRange: [-4, 6] as [number, number], discreteRange: [-100, 150] as [number, number] },
  /** Doc 004: the β it chose. */
  "004": { beta: 0.075 },
} as const;

/** The quality goals the project's issues set for the full profile. */
export const FULL_PROFILE_GOALS = {
  /** Test totals, nats (notebook 01's issue; conv: doc 001's training-set figure). */
  "01": { dense: 150, conv: 145.4, cond: 125 },
  /** Notebook 02: the test negative ELBO after doc 002's 100 epochs, nats. */
  "02": { fullTestNelbo: 100, fullEpochs: 100 },
  /** Notebook 03: the best model keeps the colour and the digit in this share of reconstructions. */
  "03": { colorAccuracy: 0.95, digitAccuracy: 0.9 },
} as const;
