import * as tf from "@tensorflow/tfjs-core";
import { factorSweep, LatentFactor, latentFactors } from "../../models/latents/factors";
import type { Latent } from "../../models/latents/types";
import type { Rows } from "../stats/batched";
import type { Classifier } from "../classifier/classifier";
import { strokeColors, StrokeColorOptions } from "../samples/color";
import { classifierOutputs } from "../classifier/outputs";

/** What is read off decoded images: each one's digit and palette colour (-1: black). */
export interface Judgement {
  digits: Int32Array;
  colors: Int32Array;
}

/** Reads digits and colours off a batch of RGB images [B, 28, 28, 3] (asynchronously: values are read from the backend). */
export type ImageJudge = (images: tf.Tensor4D) => Promise<Judgement>;

/**
 * The usual judge: the evaluation classifier's digit and the measured stroke colour.
 * @example await controlTable(model, classifierJudge(classifier), codes)
 */
export function classifierJudge(classifier: Classifier, options: StrokeColorOptions = {}): ImageJudge {
  return async (images) => ({
    digits: (await classifierOutputs(classifier, images)).predicted,
    colors: await strokeColors(images, options),
  });
}

/** What the control table needs of a model: its latent and its decoder. Every `LatentModel` fits. */
export interface CodeDecoder {
  latent: Latent;
  /** Mean images in [0, 1] for codes [B, codeSize], [B, H, W, 3]. */
  decode(z: tf.Tensor2D): tf.Tensor4D;
}

export interface ControlOptions {
  /** Number of base codes, the first rows of `codes`. Default 16. */
  bases?: number;
  /** Settings of a continuous factor: this many values evenly spaced between two quantiles of its column in `codes`. Default 9. */
  steps?: number;
  /** Those quantiles. Default [0.02, 0.98]: the range the encoder uses, without outliers. */
  quantiles?: [number, number];
  /** A factor moves the digit (colour) when at least this fraction of its settings change it. Default 0.2. */
  threshold?: number;
  /** Codes decoded at once. Default 500. */
  batchSize?: number;
}

/** Which of digit and colour a factor moves. */
export type ControlVerdict = "colour" | "digit" | "both" | "neither";

/** How turning one latent factor, the rest of the code fixed, changes the decoded image. */
export interface FactorEffect {
  factor: string;
  kind: LatentFactor["kind"];
  /** Settings tried per base code: `steps` values, or all K classes. */
  settings: number;
  /** Fraction of (base, setting) pairs whose digit differs from the unchanged code's, in [0, 1]. */
  digitChange: number;
  /** The same for the stroke colour. */
  colorChange: number;
  /** Distinct digits over one base's settings, averaged over bases (1 to 10). */
  digitsReached: number;
  /** Distinct palette colours over one base's settings, averaged over bases (black images not counted). */
  colorsReached: number;
  moves: ControlVerdict;
}

/** The verdict of two change rates: a rate at or above `threshold` counts as moving. */
export function controlVerdict(digitChange: number, colorChange: number, threshold = 0.2): ControlVerdict {
  const d = digitChange >= threshold;
  const c = colorChange >= threshold;
  return d && c ? "both" : d ? "digit" : c ? "colour" : "neither";
}

/**
 * The settings a factor takes: continuous, `steps` values evenly spaced between the quantiles of its
 * column in `codes`; categorical, every class 0..K-1.
 */
export function factorValues(factor: LatentFactor, codes: Rows, options: Pick<ControlOptions, "steps" | "quantiles"> = {}): number[] {
  if (factor.kind === "categorical") return Array.from({ length: factor.classes }, (_, k) => k);
  const { steps = 9, quantiles = [0.02, 0.98] } = options;
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`invalid steps: ${steps} (an integer >= 2)`);
  const column = Float64Array.from({ length: codes.rows }, (_, i) => codes.values[i * codes.cols + factor.column]).sort();
  if (column.length === 0) throw new Error(`factor ${factor.name}: no codes to take its range from`);
  const at = (q: number) => column[Math.min(column.length - 1, Math.max(0, Math.round(q * (column.length - 1))))];
  const [lo, hi] = [at(quantiles[0]), at(quantiles[1])];
  return Array.from({ length: steps }, (_, i) => lo + ((hi - lo) * i) / (steps - 1));
}

/**
 * Change rates and reach of one factor from judgements: `reference` of the B unchanged codes, and
 * `swept` of the B x S changed ones, base by base (S settings of base 0, then of base 1, ...).
 */
export function sweepEffect(reference: Judgement, swept: Judgement, settings: number): Omit<FactorEffect, "factor" | "kind" | "moves"> {
  const b = reference.digits.length;
  if (swept.digits.length !== b * settings || swept.colors.length !== b * settings) {
    throw new Error(`sweepEffect: ${swept.digits.length} judgements for ${b} bases x ${settings} settings`);
  }
  let digitChanges = 0;
  let colorChanges = 0;
  let digits = 0;
  let colors = 0;
  for (let j = 0; j < b; j++) {
    const d = new Set<number>();
    const c = new Set<number>();
    for (let s = 0; s < settings; s++) {
      const i = j * settings + s;
      digitChanges += +(swept.digits[i] !== reference.digits[j]);
      colorChanges += +(swept.colors[i] !== reference.colors[j]);
      d.add(swept.digits[i]);
      if (swept.colors[i] >= 0) c.add(swept.colors[i]);
    }
    digits += d.size;
    colors += c.size;
  }
  return {
    settings,
    digitChange: digitChanges / (b * settings),
    colorChange: colorChanges / (b * settings),
    digitsReached: digits / b,
    colorsReached: colors / b,
  };
}

/**
 * The control table of a model: for each latent factor (see `latentFactors`), turn it through its
 * settings with the rest of each base code fixed, decode, and measure how often the digit and the
 * colour change. `codes` are posterior modes of real images (e.g. `latentCodes(model, test)`): the
 * first `bases` rows are the base codes, all rows give the continuous ranges.
 * @example (await controlTable(run.model, classifierJudge(classifier), await latentCodes(run.model, test))).map((e) => e.moves)
 */
export async function controlTable(
  model: CodeDecoder,
  judge: ImageJudge,
  codes: Rows,
  options: ControlOptions = {},
): Promise<FactorEffect[]> {
  const { bases = 16, threshold = 0.2, batchSize = 500 } = options;
  if (codes.cols !== model.latent.codeSize) {
    throw new Error(`controlTable: codes of width ${codes.cols}, the model's code is ${model.latent.codeSize}`);
  }
  if (!Number.isInteger(bases) || bases < 1 || bases > codes.rows) throw new Error(`invalid bases: ${bases} (1-${codes.rows})`);
  const base = (j: number) => codes.values.subarray(j * codes.cols, (j + 1) * codes.cols);
  const baseCodes = tf.tensor2d(codes.values.subarray(0, bases * codes.cols), [bases, codes.cols]);
  const reference = await judgeCodes(model, judge, [baseCodes], batchSize);
  const effects: FactorEffect[] = [];
  for (const factor of latentFactors(model.latent)) {
    const values = factorValues(factor, codes, options);
    const sweeps = Array.from({ length: bases }, (_, j) => factorSweep(base(j), factor, values));
    const effect = sweepEffect(reference, await judgeCodes(model, judge, sweeps, batchSize), values.length);
    const moves = controlVerdict(effect.digitChange, effect.colorChange, threshold);
    effects.push({ factor: factor.name, kind: factor.kind, ...effect, moves });
  }
  return effects;
}

/** A model's factors grouped by verdict, and whether digit and colour can be set apart. */
export interface ControlSummary {
  colour: string[];
  digit: string[];
  both: string[];
  neither: string[];
  /** True when one factor moves the colour alone and another the digit alone: each can be chosen without the other. */
  separable: boolean;
}

/** Groups a control table's factors by what they move. */
export function controlSummary(effects: FactorEffect[]): ControlSummary {
  const pick = (v: ControlVerdict) => effects.filter((e) => e.moves === v).map((e) => e.factor);
  const out = { colour: pick("colour"), digit: pick("digit"), both: pick("both"), neither: pick("neither") };
  return { ...out, separable: out.colour.length > 0 && out.digit.length > 0 };
}

/** Decodes code blocks (disposed here) in chunks of `batchSize` and judges the images, in order. */
async function judgeCodes(model: CodeDecoder, judge: ImageJudge, blocks: tf.Tensor2D[], batchSize: number): Promise<Judgement> {
  const all = tf.concat(blocks, 0) as tf.Tensor2D;
  tf.dispose(blocks);
  const n = all.shape[0];
  const out: Judgement = { digits: new Int32Array(n), colors: new Int32Array(n) };
  try {
    for (let start = 0; start < n; start += batchSize) {
      const images = tf.tidy(() => model.decode(tf.slice(all, [start, 0], [Math.min(batchSize, n - start), -1])));
      const j = await judge(images).finally(() => images.dispose());
      out.digits.set(j.digits, start);
      out.colors.set(j.colors, start);
    }
  } finally {
    all.dispose();
  }
  return out;
}
