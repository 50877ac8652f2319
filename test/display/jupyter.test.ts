import assert from "node:assert/strict";
import { test } from "node:test";
import { clearOutput, display, JUPYTER_DISPLAY, KERNEL_HOOK, toMimeBundle, updateDisplay, type KernelHook, type MimeBundle } from "../../lib/display";

const figure = { [JUPYTER_DISPLAY]: () => ({ "text/plain": "Figure", "application/vnd.plotly.v1+json": { data: [] } }) };

test("toMimeBundle uses the Jupyter.display method, else util.inspect text", () => {
  assert.equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
  assert.deepEqual(toMimeBundle(figure), { "text/plain": "Figure", "application/vnd.plotly.v1+json": { data: [] } });
  assert.deepEqual(toMimeBundle({ a: 1 }), { "text/plain": "{ a: 1 }" });
  assert.deepEqual(toMimeBundle("s"), { "text/plain": "'s'" });
  assert.throws(() => toMimeBundle({ [JUPYTER_DISPLAY]: () => "html" }), /returned 'html', expected a mime bundle/);
});

test("outside a kernel display, updateDisplay and clearOutput do nothing and return false", () => {
  assert.equal((globalThis as any)[KERNEL_HOOK], undefined);
  assert.equal(display(figure), false);
  assert.equal(updateDisplay("id", figure), false);
  assert.equal(clearOutput(), false);
});

test("inside a kernel they go through the hook on globalThis", () => {
  const calls: unknown[] = [];
  const hook: KernelHook = {
    display: (bundle: MimeBundle, options) => calls.push(["display", bundle, options]),
    clearOutput: (wait) => calls.push(["clear", wait]),
  };
  (globalThis as any)[KERNEL_HOOK] = hook;
  try {
    assert.equal(display(figure, { displayId: "f" }), true);
    assert.equal(updateDisplay("f", 3), true);
    assert.equal(clearOutput(true), true);
  } finally {
    delete (globalThis as any)[KERNEL_HOOK];
  }
  assert.deepEqual(calls, [
    ["display", toMimeBundle(figure), { displayId: "f" }],
    ["display", { "text/plain": "3" }, { displayId: "f", update: true, metadata: undefined }],
    ["clear", true],
  ]);
});
