import assert from "node:assert/strict";
import { test } from "node:test";
import { History } from "../../lib/kernel/history";
import { codePointsToUtf16, utf16ToCodePoints } from "../../lib/kernel/introspect";
import { isComplete } from "../../lib/kernel/is-complete";
import { describeError } from "../../lib/kernel/errors";

test("is_complete: complete, incomplete (more input could fix it) and invalid", () => {
  for (const code of ["1", "let a = 1;", "if (a) {\n  f();\n}", "", "class A {}"]) assert.equal(isComplete(code).status, "complete", code);
  for (const code of ["function f() {", "let xs = [1, 2", "f(1,", "const s = `abc", "/* note", "1 +"]) {
    assert.equal(isComplete(code).status, "incomplete", code);
  }
  for (const code of ["a = ]", "let x = );", "}", "f(1))"]) assert.equal(isComplete(code).status, "invalid", code);
  assert.deepEqual(isComplete("function f() {"), { status: "incomplete", indent: "  " });
});

test("history answers tail, range and search (glob, unique, n)", () => {
  const h = new History();
  ["a = 1", "b = 2", "a = 1", "c = 3"].forEach((code, i) => h.add(i + 1, code, i === 3 ? "3" : null));
  assert.deepEqual(h.query({ hist_access_type: "tail", n: 2 }), [[1, 3, "a = 1"], [1, 4, "c = 3"]]);
  assert.deepEqual(h.query({ hist_access_type: "tail", n: 1, output: true }), [[1, 4, ["c = 3", "3"]]]);
  assert.deepEqual(h.query({ hist_access_type: "range", session: 1, start: 2, stop: 4 }).map((r) => r[1]), [2, 3]);
  assert.deepEqual(h.query({ hist_access_type: "range", session: 7, start: 1, stop: 4 }), []);
  assert.equal(h.query({ hist_access_type: "search", pattern: "a*" }).length, 2);
  assert.equal(h.query({ hist_access_type: "search", pattern: "a*", unique: true }).length, 1);
  assert.equal(h.query({ hist_access_type: "search", pattern: "?=*", n: 3 }).length, 0);
  assert.equal(h.query({ hist_access_type: "search", pattern: "? = ?", n: 3 }).length, 3);
});

test("cursor positions convert between code points and UTF-16 offsets", () => {
  const text = "😀a中b";
  assert.equal(codePointsToUtf16(text, 1), 2);
  assert.equal(codePointsToUtf16(text, 3), 4);
  assert.equal(utf16ToCodePoints(text, 4), 3);
  assert.equal(utf16ToCodePoints(text, text.length), 4);
});

test("errors: diagnostics win, thrown errors keep name and message, interrupts are named", () => {
  const d = describeError(["2:7 - Type 'string' is not assignable to type 'number'."], [new Error("x")]);
  assert.equal(d.ename, "TypeScriptError");
  assert.match(d.evalue, /^2:7 - Type 'string'/);
  const r = describeError([], [new RangeError("bad range")]);
  assert.deepEqual([r.ename, r.evalue], ["RangeError", "bad range"]);
  assert.ok(r.traceback.some((l) => l.includes("RangeError: bad range")));
  assert.equal(describeError([], [new Error("Interrupted asynchronously")]).ename, "Interrupted");
  assert.deepEqual(describeError([], [42]).evalue, "42");
});
