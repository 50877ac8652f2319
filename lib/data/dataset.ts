/** Where a data set comes from, as plain data: part of every checkpoint key. */
export interface DataSpec {
  /** `mnist` or `colored-mnist`. */
  source: string;
  split: "train" | "test";
  /** Number of images after subsetting. */
  size: number;
  /** Digits kept, or undefined for all ten. */
  classes?: number[];
  /** Index in the split of the first image taken (a held-out tail, see `trainValidationSplit`); absent when it is 0. */
  offset?: number;
  /** For coloured MNIST: the seed that chose each image's colour, and the palette's name. */
  color?: { seed: number; palette: string };
}

/**
 * Images kept compact as bytes (N x H x W x C, row-major, 0-255) with their labels. Float tensors
 * are built per batch (see `batches`), so a data set costs one byte per pixel.
 */
export interface ImageDataset {
  spec: DataSpec;
  /** Height, width and channels of one image. */
  shape: [number, number, number];
  size: number;
  images: Uint8Array;
  /** The digit of each image, 0-9. */
  labels: Uint8Array;
  /** For coloured MNIST: the palette index of each image's colour. */
  colors?: Uint8Array;
}

/** Pixels per image (H * W * C). */
export function pixelsPerImage(ds: ImageDataset): number {
  return ds.shape[0] * ds.shape[1] * ds.shape[2];
}

export interface SubsetOptions {
  /** Keep the first `size` images (after the class filter). Default: all. */
  size?: number;
  /** Keep only these digits. Default: all. */
  classes?: number[];
}

/**
 * A subset by class and size: the first `size` images whose digit is in `classes`, in file order
 * (MNIST's order is already mixed, so the first N are close to balanced). Shares no memory with `ds`.
 */
export function subset(ds: ImageDataset, options: SubsetOptions): ImageDataset {
  const { size, classes } = options;
  if (size !== undefined && (!Number.isInteger(size) || size < 1)) throw new Error(`invalid subset size: ${size}`);
  if (classes?.some((c) => !Number.isInteger(c) || c < 0 || c > 9)) throw new Error(`invalid classes: ${classes.join(",")} (digits 0-9)`);
  const keep: number[] = [];
  const wanted = classes ? new Set(classes) : undefined;
  for (let i = 0; i < ds.size && (size === undefined || keep.length < size); i++) {
    if (!wanted || wanted.has(ds.labels[i])) keep.push(i);
  }
  if (size !== undefined && keep.length < size) {
    const among = classes ? ` for classes ${classes.join(",")}` : "";
    throw new Error(`subset size ${size} exceeds the ${keep.length} images available in ${ds.spec.source} ${ds.spec.split}${among}`);
  }
  return select(ds, keep, { ...ds.spec, size: keep.length, ...(classes ? { classes: [...classes].sort() } : {}) });
}

/** Copies the images at `indices` into a new data set with the given spec. */
export function select(ds: ImageDataset, indices: ArrayLike<number>, spec: DataSpec): ImageDataset {
  const n = pixelsPerImage(ds);
  const images = new Uint8Array(indices.length * n);
  const labels = new Uint8Array(indices.length);
  const colors = ds.colors ? new Uint8Array(indices.length) : undefined;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    images.set(ds.images.subarray(i * n, (i + 1) * n), k * n);
    labels[k] = ds.labels[i];
    if (colors) colors[k] = ds.colors![i];
  }
  return { spec, shape: ds.shape, size: indices.length, images, labels, colors };
}
