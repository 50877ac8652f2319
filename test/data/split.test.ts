import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs-core";
import { firstImages, imagesAt, loadMnist, pairsOfDigits, randomPairs, trainValidationSplit } from "../../lib/data";
import { testBackend } from "../support/lab";

before(testBackend);
const all = loadMnist({ split: "train" });

test("train/validation split: the first N for training (the same spec, so the same checkpoint key, as loadMnist), the last M held out", () => {
  const { train, validation } = trainValidationSplit(all, { trainSize: 1000, validationSize: 300 });
  assert.deepEqual(train.spec, loadMnist({ split: "train", size: 1000 }).spec);
  assert.deepEqual(validation.spec, { source: "mnist", split: "train", size: 300, offset: 59700 });
  assert.ok(Buffer.from(train.images).equals(Buffer.from(all.images.subarray(0, 1000 * 784))));
  assert.ok(Buffer.from(validation.images).equals(Buffer.from(all.images.subarray(59700 * 784))));
  assert.deepEqual(Array.from(validation.labels), Array.from(all.labels.subarray(59700)));
  assert.throws(() => trainValidationSplit(all, { trainSize: 55001, validationSize: 5000 }), /trainSize 55001 \+ validationSize 5000 exceed the 60000 images of mnist train/);
  assert.throws(() => trainValidationSplit(all, { trainSize: 10, validationSize: 0 }), /invalid validationSize: 0/);
});

test("imagesAt and firstImages: float pixels of the chosen images, bad indices named", () => {
  const test10 = loadMnist({ split: "test", size: 10 });
  const two = imagesAt(test10, [7, 2]);
  assert.deepEqual(two.shape, [2, 28, 28, 1]);
  const px = two.dataSync();
  assert.equal(px[300], test10.images[7 * 784 + 300] / 255);
  assert.equal(px[784 + 400], test10.images[2 * 784 + 400] / 255);
  const first = firstImages(test10, 3);
  assert.deepEqual(first.dataSync(), Float32Array.from(test10.images.subarray(0, 3 * 784), (v) => v / 255));
  tf.dispose([two, first]);
  assert.throws(() => imagesAt(test10, [10]), /invalid image index: 10 \(0..9\)/);
  assert.throws(() => firstImages(test10, 11), /invalid image count: 11/);
});

test("pairs of digits: the first unused image of each digit; random pairs seeded, digits differ", () => {
  const labels = [3, 8, 1, 3, 7, 8, 1];
  const pairs = pairsOfDigits(labels, [[3, 8], [3, 8], [1, 7]]);
  assert.deepEqual(pairs, [{ start: 0, end: 1, digits: [3, 8] }, { start: 3, end: 5, digits: [3, 8] }, { start: 2, end: 4, digits: [1, 7] }]);
  assert.throws(() => pairsOfDigits(labels, [[1, 7], [1, 7]]), /no unused image of digit 7 among 7/);
  assert.throws(() => pairsOfDigits(labels, [[3, 3]]), /the two digits must differ/);
  const test = loadMnist({ split: "test", size: 500 });
  const random = randomPairs(test.labels, 40, 5);
  assert.equal(random.length, 40);
  assert.ok(random.every((p) => test.labels[p.start] !== test.labels[p.end] && p.digits[0] === test.labels[p.start] && p.digits[1] === test.labels[p.end]));
  assert.deepEqual(randomPairs(test.labels, 40, 5), random);
  assert.notDeepEqual(randomPairs(test.labels, 40, 6), random);
  assert.throws(() => randomPairs([4, 4, 4], 2, 1), /need two different digits/);
});
