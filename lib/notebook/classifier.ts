import { classifierConfig } from "../eval/classifier/classifier";
import { classifierOrLoad, type ClassifierOrLoadOptions, type TrainedClassifier } from "../eval/classifier/classifier-train";
import { loadMnist } from "../data/mnist";
import { profile as activeProfile, type Profile } from "./profile";

/**
 * What the evaluation classifier is in each profile: `quick` and `full` use the full one (conv 16/32,
 * dense 128, 4 epochs on all 60,000 training digits: ~99% test accuracy, ~6 minutes on wasm the first
 * time, then loaded from its checkpoint); `smoke` a small one (conv 8/16, dense 64, two epochs on
 * 12,000 digits: ~96%, about 20 s) trained at once, good enough for every metric to be computed but not to be cited.
 */
export function classifierOptions(p: Profile = activeProfile()): ClassifierOrLoadOptions {
  if (p !== "smoke") return {};
  return {
    config: classifierConfig({ filters: [8, 16], featureUnits: 64 }),
    train: { epochs: 2, batchSize: 64, learningRate: 2e-3, seed: 0 },
    data: loadMnist({ split: "train", size: 12000 }),
  };
}

/**
 * The evaluation classifier for the active profile (see {@link classifierOptions}), trained once and
 * cached like every model.
 * @example const { classifier } = await lab.evaluationClassifier();
 */
export function evaluationClassifier(p: Profile = activeProfile()): Promise<TrainedClassifier> {
  return classifierOrLoad(classifierOptions(p));
}
