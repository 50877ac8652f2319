import { ImageDataset, select } from "./dataset";

export interface TrainValidationSizes {
  /** Training images: the first `trainSize` of the split. */
  trainSize: number;
  /** Held-out images: the last `validationSize` of the split, never among the training images. */
  validationSize: number;
}

/**
 * A training subset and a held-out validation set from one split: the first `trainSize` images
 * (the same images, and checkpoint key, as `loadMnist({ split, size: trainSize })`) and the last
 * `validationSize`, for choosing hyper-parameters without touching the test set.
 * @example const { train, validation } = trainValidationSplit(loadMnist({ split: "train" }), { trainSize: 20000, validationSize: 5000 });
 */
export function trainValidationSplit(ds: ImageDataset, sizes: TrainValidationSizes): { train: ImageDataset; validation: ImageDataset } {
  const { trainSize, validationSize } = sizes;
  for (const [name, n] of [["trainSize", trainSize], ["validationSize", validationSize]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`invalid ${name}: ${n} (a positive integer)`);
  }
  if (trainSize + validationSize > ds.size) {
    throw new Error(
      `trainSize ${trainSize} + validationSize ${validationSize} exceed the ${ds.size} images of ${ds.spec.source} ${ds.spec.split}`,
    );
  }
  const offset = ds.size - validationSize;
  const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
  const base = ds.spec.offset ?? 0;
  return {
    train: select(ds, range(0, trainSize), { ...ds.spec, size: trainSize }),
    validation: select(ds, range(offset, validationSize), { ...ds.spec, size: validationSize, offset: base + offset }),
  };
}
