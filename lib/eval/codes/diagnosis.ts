import type { ImageDataset } from "../../data/dataset";
import type { LatentModel } from "../../models/model";
import { activeUnitsOf } from "./active-units";
import type { Rows } from "../stats/batched";
import { deadUnits, type DeadUnits } from "./dead-units";
import { pca } from "./pca";

/** Why a model's codes look as they do: dead ReLU units, active latent dimensions, how flat the codes lie. */
export interface CodeDiagnosis {
  /** Dead units of every ReLU layer over the images. */
  dead: DeadUnits[];
  /** Latent dimensions whose posterior mean varies across images (variance above 0.01), and those variances. */
  activeDims: number;
  variances: number[];
  /** Share of the codes' variance off their main direction (0: on a line). */
  offLine: number;
}

/**
 * Diagnoses a model's posterior means `codes` (from `latentCodes`) over `ds`: which ReLU units never
 * fire, which latent dimensions are active, and how much of the codes' variance leaves their
 * main direction.
 * @example (await lab.diagnoseCodes(conv.model, codes, test)).offLine // 0.004: the codes lie on a line
 */
export async function diagnoseCodes(model: LatentModel, codes: Rows, ds: ImageDataset): Promise<CodeDiagnosis> {
  if (codes.cols < 2) throw new Error(`diagnoseCodes: codes of width ${codes.cols}; the diagnosis needs at least 2 dimensions`);
  const active = activeUnitsOf(codes);
  const dead = await deadUnits(model, ds);
  return { dead, activeDims: active.count, variances: active.variances, offLine: pca(codes).explainedVarianceRatio[1] };
}

/** Dead units of one layer of a diagnosis; one-line error naming the layer when there is none. */
export function deadIn(dead: readonly DeadUnits[], layer: string): number {
  const found = dead.find((d) => d.layer === layer);
  if (!found) throw new Error(`no ReLU layer ${layer} (layers: ${dead.map((d) => d.layer).join(", ")})`);
  return found.dead;
}
