import * as tf from "@tensorflow/tfjs-core";
import { deriveSeed } from "../util/random";
import type { LatentModel } from "./model";
import { beta, normal } from "./samplers";

/**
 * A distribution to draw latent codes from, independently per dimension: a normal with its mean and
 * standard deviation, or a Beta(alpha, beta) on (0, 1). `label` names it in tables and figures;
 * default: `N(mean, variance)` in the usual N(mu, sigma^2) notation, or `Beta(alpha, beta)`.
 */
export type PriorSpec =
  | { kind: "normal"; mean: number; sd: number; label?: string }
  | { kind: "beta"; alpha: number; beta: number; label?: string };

/**
 * A normal prior from its mean and either its standard deviation or its variance (exactly one).
 * Doc 002's "Gaussian(1, 2)" reads either way: `normalPrior(1, { variance: 2 })` or `normalPrior(1, { sd: 2 })`.
 * @example normalPrior(0, { sd: 1 }) // N(0, 1)
 */
export function normalPrior(mean: number, spread: { sd: number } | { variance: number }, label?: string): PriorSpec {
  const sd = "sd" in spread ? spread.sd : Math.sqrt(spread.variance);
  if (!Number.isFinite(mean)) throw new Error(`invalid prior mean: ${mean}`);
  if (!(sd > 0) || !Number.isFinite(sd)) throw new Error(`invalid prior spread: ${JSON.stringify(spread)} (a positive sd or variance)`);
  return { kind: "normal", mean, sd, ...(label ? { label } : {}) };
}

/** A Beta(alpha, beta) prior on (0, 1). Doc 002: `betaPrior(0.25, 0.25)`. */
export function betaPrior(alpha: number, b: number, label?: string): PriorSpec {
  if (!(alpha > 0) || !(b > 0)) throw new Error(`invalid Beta parameters: alpha ${alpha}, beta ${b} (positive)`);
  return { kind: "beta", alpha, beta: b, ...(label ? { label } : {}) };
}

/**
 * Mean and variance of one coordinate of the prior. Normal: mean and sd^2. Beta(a, b): mean
 * a / (a + b) and variance ab / ((a + b)^2 (a + b + 1)); Beta(0.25, 0.25) gives 0.5 and 1/6.
 */
export function priorMoments(p: PriorSpec): { mean: number; variance: number } {
  if (p.kind === "normal") return { mean: p.mean, variance: p.sd * p.sd };
  const s = p.alpha + p.beta;
  return { mean: p.alpha / s, variance: (p.alpha * p.beta) / (s * s * (s + 1)) };
}

/** The prior's label: its own, else `N(0, 1)`, `N(1, 4)` (mean, variance) or `Beta(0.25, 0.25)`. */
export function priorLabel(p: PriorSpec): string {
  if (p.label) return p.label;
  return p.kind === "normal" ? `N(${short(p.mean)}, ${short(p.sd * p.sd)})` : `Beta(${short(p.alpha)}, ${short(p.beta)})`;
}

/** `n` codes of `dim` coordinates drawn from the prior with `seed`, [n, dim]. */
export function drawPrior(p: PriorSpec, n: number, dim: number, seed: number): tf.Tensor2D {
  if (p.kind === "normal") return normal(n, dim, { mean: p.mean, sd: p.sd }, seed);
  if (p.kind === "beta") return beta(n, dim, { alpha: p.alpha, beta: p.beta }, seed);
  throw new Error(`unknown prior kind: ${(p as { kind: string }).kind} (normal or beta)`);
}

/** Images a model decoded from codes drawn from one prior. The caller disposes `images`. */
export interface PriorSamples {
  label: string;
  prior: PriorSpec;
  /** Decoded mean images in [0, 1], [n, H, W, C]. */
  images: tf.Tensor4D;
}

/**
 * Decodes `n` codes from each prior with `model` (an unconditional model). Prior i draws with
 * `deriveSeed(seed, "prior", label)`, so a prior's samples do not depend on which others are listed.
 * @example const draws = priorSamples(vae, [normalPrior(0, { sd: 1 }), betaPrior(0.25, 0.25)], { n: 1000, seed: 0 });
 */
export function priorSamples(model: LatentModel, priors: PriorSpec[], o: { n: number; seed: number }): PriorSamples[] {
  if (model.conditional) throw new Error(`priorSamples: ${model.config.family} is conditional; decode with labels instead`);
  return priors.map((prior) => {
    const label = priorLabel(prior);
    const images = tf.tidy(() => model.decode(drawPrior(prior, o.n, model.latent.codeSize, deriveSeed(o.seed, "prior", label))));
    return { label, prior, images };
  });
}

function short(x: number): string {
  return String(Number(x.toPrecision(4)));
}
