import type { DataSpec, ImageDataset } from "./dataset";

/** An image data set whose bytes live in shared memory, to hand to worker threads without copies. */
export interface SharedDataset {
  spec: DataSpec;
  shape: [number, number, number];
  size: number;
  images: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  colors?: SharedArrayBuffer;
}

function share(a: Uint8Array): SharedArrayBuffer {
  if (a.buffer instanceof SharedArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) return a.buffer;
  const buffer = new SharedArrayBuffer(a.byteLength);
  new Uint8Array(buffer).set(a);
  return buffer;
}

/** The data set in shared memory: copied once, or not at all when it already is. */
export function shareDataset(ds: ImageDataset): SharedDataset {
  return {
    spec: ds.spec,
    shape: ds.shape,
    size: ds.size,
    images: share(ds.images),
    labels: share(ds.labels),
    colors: ds.colors && share(ds.colors),
  };
}

/** The data set a worker thread sees: views on the shared bytes. */
export function sharedImageDataset(s: SharedDataset): ImageDataset {
  const ds: ImageDataset = {
    spec: s.spec,
    shape: s.shape,
    size: s.size,
    images: new Uint8Array(s.images),
    labels: new Uint8Array(s.labels),
  };
  return s.colors ? { ...ds, colors: new Uint8Array(s.colors) } : ds;
}
