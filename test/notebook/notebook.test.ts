import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { ANSWER_MIME } from "../../lib/display/mime";
import { JUPYTER_DISPLAY } from "../../lib/display/jupyter";
import { answer, byProfile, checkProfile, formatNumber, pct, profile, q, record, recorded } from "../../lib/notebook";
import { joinSource, readNotebook } from "../../report/notebook";

const NOTEBOOKS = path.resolve(__dirname, "..", "..", "..", "notebooks");

test("the profile: VAE_LAB_PROFILE, else quick", () => {
  const env = process.env.VAE_LAB_PROFILE;
  try {
    delete process.env.VAE_LAB_PROFILE;
    assert.equal(profile(), "quick");
    process.env.VAE_LAB_PROFILE = "full";
    assert.equal(profile(), "full");
    assert.equal(byProfile({ smoke: 1, quick: 2, full: 3 }), 3);
    process.env.VAE_LAB_PROFILE = "fast";
    assert.throws(() => profile(), { message: "invalid VAE_LAB_PROFILE: fast (choose one of smoke, quick, full)" });
    process.env.VAE_LAB_PROFILE = "smoke";
    assert.equal(profile(), "smoke");
    assert.throws(() => checkProfile("tiny"), /invalid profile: tiny/);
  } finally {
    if (env === undefined) delete process.env.VAE_LAB_PROFILE;
    else process.env.VAE_LAB_PROFILE = env;
  }
});

test("record keeps the last value of a name and refuses what is not JSON", () => {
  record("test.a", 1);
  record("test.a", { b: [1, "x", null, true] });
  assert.deepEqual(recorded().get("test.a"), { b: [1, "x", null, true] });
  assert.throws(() => record("test.nan", NaN), { message: "record: test.nan is NaN, not a finite number" });
  assert.throws(() => record("test.deep", { x: [1, Infinity] }), { message: "record: test.deep.x[1] is Infinity, not a finite number" });
  assert.throws(() => record("test.map", new Map()), /test.map is a Map, not JSON/);
  assert.throws(() => record("bad name", 1), /invalid name "bad name"/);
});

test("numbers in answers: separators, four significant digits, fixed decimals, units", () => {
  assert.equal(formatNumber(60000), "60,000");
  assert.equal(formatNumber(163.2345), "163.2");
  assert.equal(formatNumber(0.98984), "0.9898");
  assert.equal(formatNumber(0.00123456), "0.001235");
  assert.equal(formatNumber(7115.3), "7,115");
  assert.equal(formatNumber(2.5, 2), "2.50");
  assert.equal(formatNumber(NaN), "NaN");
  const a = answer`Test loss ${q(101.234567, "nats")} after ${12} epochs; accuracy ${pct(0.9898, 2)} (${pct(0.9898)}), ${pct(0.5)} at first. ${"**Yes.**"}`;
  assert.equal(String(a), "Test loss 101.2 nats after 12 epochs; accuracy 98.98% (99.0%), 50.0% at first. **Yes.**");
  const bundle = a[JUPYTER_DISPLAY]();
  assert.equal(bundle["text/markdown"], String(a));
  assert.deepEqual((bundle[ANSWER_MIME] as { values: unknown[] }).values, [
    { value: 101.234567, text: "101.2 nats", unit: "nats" },
    { value: 12, text: "12" },
    { value: 0.9898, text: "98.98%", unit: "%" },
    { value: 0.9898, text: "99.0%", unit: "%" },
    { value: 0.5, text: "50.0%", unit: "%" },
  ]);
  assert.throws(() => answer`x ${undefined}`, /answer: value 1 is undefined/);
  const nested = answer`Loss ${q(3, "nats")}${true ? answer`, below ${q(4.5, "nats")}` : ""}.`;
  assert.equal(String(nested), "Loss 3 nats, below 4.5 nats.");
  assert.deepEqual(nested.data.values.map((v) => v.value), [3, 4.5]);
});

test("every notebook's code lines fit a screen: at most 120 characters", () => {
  const files = fs.readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort();
  assert.ok(files.length > 0, `no notebooks in ${NOTEBOOKS}`);
  const long = files.flatMap((file) => readNotebook(path.join(NOTEBOOKS, file)).cells.flatMap((cell, i) =>
    cell.cell_type !== "code" ? [] : joinSource(cell.source).split("\n").flatMap((line, j) =>
      line.length > 120 ? [`${file}: cell ${i}, line ${j + 1}: ${line.length} characters (at most 120)`] : [])));
  assert.deepEqual(long, [], `code lines over 120 characters:\n${long.join("\n")}`);
});
