import assert from "node:assert/strict";
import { test } from "node:test";
import type { Notebook } from "../../../report/notebook";
import { injectedSource, parametersCellAt, parseParametersCell, readParametersCell, resolvedParameters, typeOverrides, ParameterError } from "../../../report/run/parameters";

const CELL = `import * as lab from "vae-lab";
const profile = lab.profile();
const epochs = lab.byProfile({ smoke: 1, quick: 5, full: 50 });
let rate: number = 1e-3;
const model: "dense" | "conv" = "dense";
const name = "héllo";
const loud = false;
const shift = -2;
const data = lab.loadData("mnist");`;

test("a parameters cell's declarations: types from literals, annotations and byProfile tables", () => {
  const cell = parseParametersCell(CELL, "nb.ipynb");
  const byName = Object.fromEntries(cell.parameters.map((p) => [p.name, p]));
  assert.deepEqual(Object.keys(byName), ["profile", "epochs", "rate", "model", "name", "loud", "shift", "data"]);
  assert.deepEqual(byName.epochs, { name: "epochs", keyword: "const", type: "number", defaults: { smoke: 1, quick: 5, full: 50 } });
  assert.deepEqual(byName.rate, { name: "rate", keyword: "let", type: "number", annotation: "number", defaults: 0.001 });
  assert.equal(byName.model.type, "string");
  assert.equal(byName.model.annotation, `"dense" | "conv"`);
  assert.equal(byName.loud.type, "boolean");
  assert.equal(byName.shift.defaults, -2);
  assert.equal(byName.data.type, "other");
  assert.deepEqual(resolvedParameters(cell, "smoke", { rate: 0.01 }), { epochs: 1, rate: 0.01, model: "dense", name: "héllo", loud: false, shift: -2 });
});

test("--set values are typed from the defaults; unknown keys and wrong types name the notebook", () => {
  const cell = parseParametersCell(CELL, "nb.ipynb");
  assert.deepEqual(typeOverrides({ epochs: "3", loud: "true", name: "x=y", model: "conv" }, cell, "nb.ipynb"), { epochs: 3, loud: true, name: "x=y", model: "conv" });
  assert.throws(() => typeOverrides({ epoch: "3" }, cell, "notebooks/a.ipynb"), { name: "ParameterError", message: "notebooks/a.ipynb has no parameter epoch (known: epochs, rate, model, name, loud, shift, data)" });
  assert.throws(() => typeOverrides({ epochs: "three" }, cell, "a.ipynb"), { message: "a.ipynb: --set epochs=three: epochs is a number" });
  assert.throws(() => typeOverrides({ loud: "yes" }, cell, "a.ipynb"), { message: "a.ipynb: --set loud=yes: loud is a boolean (true or false)" });
  assert.throws(() => typeOverrides({ data: "x" }, cell, "a.ipynb"), /data: its default is not a number, string or boolean literal/);
  assert.throws(() => typeOverrides({ profile: "full" }, cell, "a.ipynb"), /set the profile with --profile/);
  assert.throws(() => typeOverrides({ epochs: "1" }, undefined, "b.ipynb"), { message: "b.ipynb has no cell tagged parameters, so --set epochs cannot apply" });
  assert.deepEqual(typeOverrides({}, undefined, "b.ipynb"), {});
});

test("a parameters cell with other statements is refused with its line", () => {
  assert.throws(() => parseParametersCell(`const a = 1;\nconsole.log(a);`, "n.ipynb"), (e: Error) => e instanceof ParameterError && e.message === "n.ipynb: the parameters cell holds only imports and const/let declarations; line 2 is `console.log(a);`");
  assert.throws(() => parseParametersCell(`var a = 1;`, "n.ipynb"), /line 1 is `var a = 1;`/);
  assert.throws(() => parseParametersCell(`const { a, b } = x;`, "n.ipynb"), /destructuring/);
});

/** The injected cell's guard against a rerun on a kernel with another profile. */
const guard = (profile: string) => [
  "{",
  `  const built = "${profile}", running = process.env.VAE_LAB_PROFILE || "quick";`,
  "  const fix = `restart the kernel with VAE_LAB_PROFILE=${built} to rerun this notebook`;",
  "  if (running !== built) throw new Error(`this notebook was built with profile ${built}, the kernel runs ${running}: ${fix}`);",
  "}",
];

test("the injected cell names the profile (VAE_LAB_PROFILE carries it), stops a rerun on another profile, sets each value", () => {
  const cell = parseParametersCell(CELL, "nb.ipynb");
  assert.equal(injectedSource(cell, "smoke", { epochs: 3, model: "conv", loud: true }), [
    "// Injected by npm run report: profile smoke, 3 values from --set.",
    ...guard("smoke"),
    "const epochs: number = 3;",
    `const model: "dense" | "conv" = "conv";`,
    "const loud: boolean = true;",
    "",
  ].join("\n"));
  assert.equal(injectedSource(undefined, "full", {}), ["// Injected by npm run report: profile full.", ...guard("full"), ""].join("\n"));
  const saved = process.env.VAE_LAB_PROFILE;
  const rerun = (profile: string | undefined) => {
    if (profile === undefined) delete process.env.VAE_LAB_PROFILE;
    else process.env.VAE_LAB_PROFILE = profile;
    new Function(injectedSource(undefined, "full", {}))();
  };
  try {
    assert.throws(() => rerun(undefined), /^Error: this notebook was built with profile full, the kernel runs quick: restart the kernel with VAE_LAB_PROFILE=full to rerun this notebook$/);
    assert.throws(() => rerun("smoke"), /the kernel runs smoke/);
    assert.doesNotThrow(() => rerun("full"));
  } finally {
    if (saved === undefined) delete process.env.VAE_LAB_PROFILE;
    else process.env.VAE_LAB_PROFILE = saved;
  }
});

test("a notebook's parameters cell is found by its tag and read once; a notebook without one has none", () => {
  const code = (source: string, tags: string[] = []) => ({ cell_type: "code" as const, source, metadata: { tags }, execution_count: null, outputs: [] });
  const nb: Notebook = { cells: [code("1 + 1"), code(CELL, ["parameters"])], metadata: {}, nbformat: 4, nbformat_minor: 5 };
  assert.equal(parametersCellAt(nb), 1);
  assert.deepEqual(readParametersCell(nb, "nb.ipynb"), parseParametersCell(CELL, "nb.ipynb"));
  assert.equal(readParametersCell({ ...nb, cells: [code("1 + 1")] }, "nb.ipynb"), undefined);
});
