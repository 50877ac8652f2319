import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { ROOT } from "../support/kernel";
import { importsOf, layerEdges, LAYERS, SUBLAYERS, violations } from "./layers";

test("every lib folder imports only the layers below it: no upward edge, so no cycle", () => {
  const found = violations(layerEdges(path.join(ROOT, "lib")));
  assert.deepEqual(found, [], `\n${found.join("\n")}`);
});

test("every lib folder has a layer, and docs/architecture.md lists each one", () => {
  const folders = fs.readdirSync(path.join(ROOT, "lib"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  assert.deepEqual(folders, [...LAYERS].sort());
  const doc = fs.readFileSync(path.join(ROOT, "docs", "architecture.md"), "utf8");
  for (const l of LAYERS) assert.match(doc, new RegExp(`\\| \`lib/${l}\``), `docs/architecture.md has a row for lib/${l}`);
  for (const [folder, subs] of Object.entries(SUBLAYERS)) {
    const dir = path.join(ROOT, "lib", folder);
    const found = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    assert.deepEqual(found, [...subs].sort(), `the subfolders of lib/${folder} are its SUBLAYERS`);
    for (const sub of subs) assert.match(doc, new RegExp(`\\| \`lib/${folder}/${sub}\``), `docs/architecture.md has a row for lib/${folder}/${sub}`);
  }
});

test("the checker finds static, type-only, dynamic and require imports, and flags an upward one, between folders and between subfolders", () => {
  const src = ['import { a } from "../train/loop";', 'import type { B } from "./b";', "const c = require(\"../display/bundles\");", 'export * from "../util/x";', 'type T = typeof import("../plots/figure");', 'import "./side-effect";', 'import * as tf from "@tensorflow/tfjs-core";'].join("\n");
  assert.deepEqual(importsOf(src).map((i) => `${i.line}:${i.specifier}`), ["1:../train/loop", "2:./b", "3:../display/bundles", "4:../util/x", "5:../plots/figure", "6:./side-effect"]);
  const lib = fs.mkdtempSync(path.join(os.tmpdir(), "vae-lab-layers-"));
  fs.mkdirSync(path.join(lib, "models"));
  fs.mkdirSync(path.join(lib, "train"));
  fs.writeFileSync(path.join(lib, "models", "presets.ts"), 'import type { Workers } from "../train/workers";\nimport { x } from "./x";\n');
  fs.writeFileSync(path.join(lib, "train", "loop.ts"), 'import { m } from "../models/model";\nimport { r } from "../../report/build";\n');
  for (const sub of ["stats", "codes", "misc"]) fs.mkdirSync(path.join(lib, "eval", sub), { recursive: true });
  fs.writeFileSync(path.join(lib, "eval", "index.ts"), 'export * from "./codes/codes";\nexport * from "./stats/batched";\n');
  fs.writeFileSync(path.join(lib, "eval", "codes", "codes.ts"), 'import { b } from "../stats/batched";\nimport { m } from "../../models/model";\n');
  fs.writeFileSync(path.join(lib, "eval", "stats", "batched.ts"), 'import { c } from "../codes/codes";\nimport * as e from "..";\n');
  fs.writeFileSync(path.join(lib, "eval", "misc", "x.ts"), 'import { b } from "../stats/batched";\n');
  assert.deepEqual(violations(layerEdges(lib)), [
    `${path.basename(lib)}/eval/misc/x.ts: folder lib/eval/misc has no layer (add it to SUBLAYERS and docs/architecture.md)`,
    `${path.basename(lib)}/eval/stats/batched.ts:1: eval/stats imports eval/codes (../codes/codes), a layer above it`,
    `${path.basename(lib)}/eval/stats/batched.ts:2: eval/stats imports eval (..), a layer above it`,
    `${path.basename(lib)}/models/presets.ts:1: models imports train (../train/workers), a layer above it`,
    `${path.basename(lib)}/train/loop.ts:2: imports ../../report/build, outside lib/`,
  ]);
  fs.rmSync(lib, { recursive: true });
});
