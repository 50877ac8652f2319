import assert from "node:assert/strict";
import { test } from "node:test";
import { answer, joinAnswers, pct, q } from "../../lib/notebook";

test("answers compose: a nested answer and joined answers keep every cited number", () => {
  const rows = [{ name: "N(0, 1)", frechet: 3.21, share: 0.104 }, { name: "Beta", frechet: 40.5, share: 0.31 }];
  const list = joinAnswers(rows.map((r) => answer`- ${r.name}: ${q(r.frechet)}, ${pct(r.share)}`));
  assert.equal(String(list), "- N(0, 1): 3.21, 10.4%\n- Beta: 40.5, 31.0%");
  const whole = answer`Per prior (${2} of them):\n${list}`;
  assert.equal(String(whole), "Per prior (2 of them):\n- N(0, 1): 3.21, 10.4%\n- Beta: 40.5, 31.0%");
  assert.deepEqual(whole.data.values.map((v) => v.value), [2, 3.21, 0.104, 40.5, 0.31]);
  assert.equal(String(joinAnswers([answer`a`, answer`b`], "; ")), "a; b");
  assert.throws(() => joinAnswers(["x" as never]), /joinAnswers: part 1 is not an answer/);
});
