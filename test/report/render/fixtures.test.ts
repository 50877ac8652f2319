import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, test } from "node:test";
import type { Cell, Output } from "../../../report/notebook";
import { createRenderer } from "../../../report/render";
import { createEnv } from "../../../report/render/core";
import { renderTex } from "../../../report/render/markdown/math";
import { fixtureFiles, readFixtures } from "../../support/fixtures";

/**
 * The renderer's fixtures, as markdown-it's: each file under test/fixtures/render/<kind>/ holds cases
 * of input and the exact HTML expected. `markdown` inputs are markdown (rendered as a markdown cell's
 * text, relative images resolving in that folder), `outputs` inputs a JSON nbformat output or list
 * of outputs, `cells` a JSON list of cells. In expected HTML `⟨math:TeX⟩` and `⟨display:TeX⟩` stand
 * for KaTeX's rendering of TeX (the fixtures test which text becomes math, not KaTeX itself). The
 * warnings a case raises follow its HTML as lines `⚠ ...`; the fixture folder's path reads
 * `FIXTURES`. Numbers start from 1 in each case.
 */
const MATH = /⟨(math|display):([^⟩]*)⟩/g;

function render(kind: string, input: string, folder: string): string {
  const r = createRenderer();
  const env = createEnv();
  env.notebook = "nb";
  env.base = folder;
  let html: string;
  if (kind === "markdown") {
    env.collectToc = true;
    html = r.markdown(input, env);
  } else if (kind === "outputs") {
    const parsed = JSON.parse(input) as Output | Output[];
    html = (Array.isArray(parsed) ? parsed : [parsed]).map((o) => r.output(o, env)).join("");
  } else {
    html = (JSON.parse(input) as Cell[]).map((c) => r.cell(c, env)).join("");
  }
  return [html.trimEnd(), ...env.warnings.map((w) => `⚠ ${w}`)].join("\n").split(folder).join("FIXTURES");
}

for (const kind of ["markdown", "outputs", "cells"]) {
  for (const file of fixtureFiles("render", kind)) {
    describe(`render fixtures: ${kind}/${path.basename(file)}`, () => {
      for (const c of readFixtures(file)) {
        test(`${c.title} (line ${c.line})`, () => {
          const expected = c.expected.replace(MATH, (_m, k: string, tex: string) => renderTex(tex, k === "display"));
          assert.equal(render(kind, c.input, path.dirname(file)), expected);
        });
      }
    });
  }
}
