import * as fs from "node:fs";

/** A data file that is missing, truncated or not what it claims to be. The message names the file. */
export class DataFileError extends Error {
  override name = "DataFileError";
}

/** A decoded IDX file: unsigned bytes with their dimensions (e.g. [60000, 28, 28]). */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

/**
 * Reads an IDX file of unsigned bytes (the MNIST format) and validates it: magic number, data type,
 * dimensions and exact byte length. Optional `expectDims` (use -1 for any size) is checked too.
 * @example readIdx("train-labels-idx1-ubyte", [60000]).data.length === 60000
 */
export function readIdx(file: string, expectDims?: number[]): IdxArray {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new DataFileError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseIdx(buf, file, expectDims);
}

/** Parses IDX bytes; `name` is used in error messages. */
export function parseIdx(buf: Uint8Array, name: string, expectDims?: number[]): IdxArray {
  if (buf.length < 4) throw new DataFileError(`${name}: ${buf.length} bytes, too short for an IDX header (expected at least 4)`);
  if (buf[0] !== 0 || buf[1] !== 0) {
    throw new DataFileError(`${name}: bad IDX magic number 0x${hex(buf, 0, 4)} (expected 0x0000 followed by type and rank)`);
  }
  if (buf[2] !== UBYTE) throw new DataFileError(`${name}: IDX data type 0x${hex(buf, 2, 1)} is not unsigned byte (0x08)`);
  const rank = buf[3];
  if (rank < 1) throw new DataFileError(`${name}: IDX rank 0`);
  const headerSize = 4 + 4 * rank;
  if (buf.length < headerSize) throw new DataFileError(`${name}: ${buf.length} bytes, truncated IDX header (expected ${headerSize})`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = headerSize + dims.reduce((a, b) => a * b, 1);
  if (buf.length !== expected) {
    const truncated = buf.length < expected ? " (truncated)" : "";
    throw new DataFileError(`${name}: ${buf.length} bytes, expected ${expected} for dimensions ${dims.join("x")}${truncated}`);
  }
  if (expectDims && (expectDims.length !== rank || expectDims.some((d, i) => d !== -1 && d !== dims[i]))) {
    throw new DataFileError(`${name}: dimensions ${dims.join("x")}, expected ${expectDims.map((d) => (d < 0 ? "*" : d)).join("x")}`);
  }
  return { dims, data: buf.subarray(headerSize) };
}

function hex(buf: Uint8Array, start: number, n: number): string {
  return Array.from(buf.subarray(start, start + n), (b) => b.toString(16).padStart(2, "0")).join("");
}
