import assert from "node:assert/strict";
import { test } from "node:test";
import { decode, DELIMITER, encode, newHeader, sign, WireError } from "../../lib/kernel/wire";

const KEY = "secret";

function sample() {
  return {
    idents: [Buffer.from("client-1")],
    header: newHeader("execute_request", "s1"),
    parent_header: {},
    metadata: {},
    content: { code: "console.log('ü 😀')" },
    buffers: [Buffer.from([1, 2, 3])],
  };
}

test("encode then decode returns the same message, identities and buffers included", () => {
  const msg = sample();
  const back = decode(KEY, encode(KEY, msg));
  assert.deepEqual(back.idents, msg.idents);
  assert.deepEqual(back.header, msg.header);
  assert.deepEqual(back.content, msg.content);
  assert.deepEqual(back.buffers, msg.buffers);
});

test("the signature is HMAC-sha256 over the four JSON parts", () => {
  const frames = encode(KEY, sample());
  const at = frames.findIndex((f) => f.toString() === DELIMITER);
  assert.equal(frames[at + 1].toString(), sign(KEY, frames.slice(at + 2, at + 6)));
  assert.match(frames[at + 1].toString(), /^[0-9a-f]{64}$/);
});

test("a tampered part, a wrong key or a missing delimiter is rejected", () => {
  const frames = encode(KEY, sample());
  const at = frames.findIndex((f) => f.toString() === DELIMITER);
  const tampered = frames.slice();
  tampered[at + 5] = Buffer.from(JSON.stringify({ code: "evil()" }));
  assert.throws(() => decode(KEY, tampered), WireError);
  assert.throws(() => decode("other", frames), /bad signature/);
  assert.throws(() => decode(KEY, frames.filter((_, i) => i !== at)), /no <IDS\|MSG> delimiter/);
});

test("with an empty key messages are unsigned and still decode", () => {
  const frames = encode("", sample());
  const at = frames.findIndex((f) => f.toString() === DELIMITER);
  assert.equal(frames[at + 1].length, 0);
  assert.equal(decode("", frames).content.code, sample().content.code);
});
