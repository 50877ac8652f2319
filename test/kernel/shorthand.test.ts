import assert from "node:assert/strict";
import { test } from "node:test";
import { expandShorthandProperties } from "../../lib/kernel/shorthand";

test("shorthand properties are written out; everything else is left as it was", () => {
  assert.equal(expandShorthandProperties("f({ a, b: 2, c })"), "f({ a: a, b: 2, c: c })");
  assert.equal(expandShorthandProperties("({ x = 1 } = o);"), "({ x: x = 1 } = o);");
  assert.equal(expandShorthandProperties("const { a, b } = o;\nf({ ...o });"), "const { a, b } = o;\nf({ ...o });");
  assert.equal(expandShorthandProperties("const s = `{ a }`; // { b }"), "const s = `{ a }`; // { b }");
  assert.equal(expandShorthandProperties("g({\n  trainSize,\n  testSize: 2,\n})"), "g({\n  trainSize: trainSize,\n  testSize: 2,\n})");
});
