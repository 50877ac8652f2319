import assert from "node:assert/strict";
import { test } from "node:test";
import { PLOTLY_MIME, TABLE_MIME } from "../../../lib/display/mime";
import type { Output } from "../../../report/notebook";
import { createRenderer, renderReport } from "../../../report/render";
import { createEnv } from "../../../report/render/core";
import { HOSTILE, SAMPLE, sampleReport } from "../../support/report";

const count = (s: string, part: string | RegExp) => (typeof part === "string" ? s.split(part).length - 1 : (s.match(new RegExp(part, "g")) ?? []).length);
/** Asserts without printing the page (megabytes of plotly.js) when it fails. */
const has = (html: string, re: RegExp, yes = true) => assert.equal(re.test(html), yes, `${yes ? "expected" : "did not expect"} ${re} in the page`);
/** The page with the text of its scripts and styles taken out. */
const markup = (html: string) => html.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/g, "$1</script>").replace(/<style>[\s\S]*?<\/style>/g, "<style></style>");
const styles = (html: string) => [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join("\n");

test("the report: cover with provenance, contents, both notebooks, recorded values and the code appendix", () => {
  const { notebooks, metrics } = sampleReport();
  const r = renderReport(notebooks, metrics);
  const html = r.html;
  assert.deepEqual([r.figures, r.tables, r.warnings], [SAMPLE.figures, SAMPLE.tables, []]);
  const cover = html.slice(html.indexOf(`<header class="cover"`), html.indexOf("</header>"));
  for (const fact of ["<code>0123456789ab</code>", "with uncommitted changes", "<td>smoke</td>", "<code>01:epochs=2</code>", "wasm (tfjs 4.22.0, SIMD, 1 thread) + OpenBLAS 0.3.21", "OpenBLAS 0.3.21 (Zen, pthreads, 1 thread)", "AMD EPYC 7B13, 2 cores", "<th scope=\"row\">GPU</th><td>none</td>", "v20.20.2", "tslab&nbsp;1.0.22", "2026-11-30 09:00:00 UTC to 09:01:14 (1 min 14 s)"]) {
    assert.ok(cover.includes(fact), `the cover says ${fact}`);
  }
  has(cover, /<a href="#nb-01-vae">A VAE on MNIST<\/a>.*<span class="status ok">ran<\/span><\/td><td class="num">09:00:01<\/td><td class="num">09:01:13<\/td><td class="num">1 min 13 s<\/td><td class="num">1<\/td>/);
  has(cover, /<a href="#nb-02-fails">A notebook that fails<\/a>.*<span class="status failed">failed<\/span> <span class="flag">from the cache<\/span><\/td><td class="num">09:00:01<\/td><td class="num">09:00:04<\/td><td class="num">3\.0 s<\/td><td class="num">—<\/td>/);
  has(cover, /<strong class="status failed">1 failed<\/strong>/);
  has(cover, /printed in the code appendix at the end of report\.pdf/);

  const toc = html.slice(html.indexOf(`<nav class="toc"`), html.indexOf("</nav>"));
  const links = [...toc.matchAll(/<a href="#([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(links, [
    ["nb-01-vae", "A VAE on MNIST"], ["01-vae--training", "Training"], ["01-vae--latent-space", "Latent space"], ["01-vae--scores", "Scores"], ["01-vae--hostile-output", "Hostile output"],
    ["nb-02-fails", "A notebook that fails (failed)"], ["appendix-code", "Appendix: code"],
  ]);
  const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, "ids are unique");
  for (const [id] of links) assert.ok(ids.includes(id), `#${id} exists`);

  assert.equal(count(html, "plotly.js (cartesian - minified)"), 1, "plotly.js is inlined once");
  assert.equal(count(html, `<figure class="figure plotly"`), 4);
  assert.equal(count(html, "if (!window.Plotly)"), 0, "no bundle's HTML is passed through");
  has(styles(html), /@font-face\{font-family:KaTeX_Main;font-style:normal;font-weight:400;src:url\(data:font\/woff2;base64,/);
  has(styles(html), /url\((?!data:)/, false);
  has(markup(html), /<(script|img|link|iframe|source|video|audio|object|embed)\b[^>]*\b(src|href|data)="(?!data:)/i, false);
  has(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; /);

  assert.ok(html.includes(`<pre class="output stdout">&lt;script&gt;alert(&quot;stdout script&quot;)&lt;/script&gt;&lt;img src=x onerror=&quot;alert('stdout img')&quot;&gt;</pre>`), "printed markup is text");
  assert.ok(!html.includes(HOSTILE));
  assert.equal(count(html, /<script>alert/), 0);
  has(html, /<aside class="answer" role="note"><p class="answer-label">Answer<\/p>\n<p>The test loss is 101\.5 nats, 61\.69 nats below the dense VAE \(<span class="katex">/);
  has(html, /<div class="banner" role="alert">\n<p><strong>This notebook stopped at cell 3\.<\/strong>/);
  has(html, /<p class="output note">backend wasm \(skipped tensorflow-gpu: no CUDA device\)<\/p>/);
  has(html, /<p class="output progress done">dense VAE: 2 epochs in 3s, train total 101\.52 nats per image<\/p>/);
  has(html, /<h3 id="01-vae--recorded">Recorded values<\/h3>\n<table class="values">.*\n<tr><td><code>vae\.testLoss<\/code><\/td><td class="value">101\.52<\/td><\/tr>\n<tr><td><code>digits<\/code><\/td><td class="value">\[7, 2, 1\]<\/td><\/tr>\n<tr><td><code>conv\.test\.total<\/code><\/td><td class="value">163\.123<\/td><\/tr>\n<tr><td><code>conv\.pairs\[0\]\.from<\/code><\/td><td class="value">3<\/td><\/tr>/);
  has(html, /This notebook recorded no values/);
  has(html, /<p class="kicker">notebooks\/01-vae\.ipynb · ran 1 min 13 s · parameters: epochs = 2<\/p>/);

  const appendix = html.slice(html.indexOf(`<section class="appendix"`));
  assert.equal(count(appendix, `<div class="listing">`), 17, "every code cell with source is in the appendix");
  has(appendix, /<p class="prompt">In \[3\] <span class="cell-note">the notebook stopped here<\/span><\/p><pre><code>throw new Error\(&quot;the checkpoint is missing&quot;\)/);
});

test("a report without figures or math carries neither plotly.js nor KaTeX", () => {
  const { notebooks, metrics } = sampleReport();
  const r = renderReport([notebooks[1]], { ...metrics, notebooks: { "02-fails": metrics.notebooks["02-fails"] } });
  assert.ok(r.html.length < 40_000, `${r.html.length} bytes`);
  has(r.html, /plotly\.js|KaTeX_Main/, false);
  has(r.html, /window\.vaeLabReport = \{/);
});

test("malformed outputs fail at once in one line naming the notebook and what is wrong", () => {
  const r = createRenderer();
  const env = createEnv();
  env.notebook = "03-bad";
  const cases: [Output, RegExp][] = [
    [{ output_type: "display_data", data: { [PLOTLY_MIME]: { layout: {} } }, metadata: {} }, /^03-bad: invalid application\/vnd\.plotly\.v1\+json output: no data array$/],
    [{ output_type: "display_data", data: { [TABLE_MIME]: { columns: "a", rows: [] } }, metadata: {} }, /^03-bad: invalid application\/vnd\.vae-lab\.table\+json output: expected \{columns: string\[\], rows: string\[\]\[\]\}$/],
    [{ output_type: "display_data", data: { "image/png": "not base64!" }, metadata: {} }, /^03-bad: invalid image\/png output: not base64$/],
    [{ output_type: "clear_output" } as unknown as Output, /^invalid output_type: clear_output$/],
  ];
  for (const [o, message] of cases) assert.throws(() => r.output(o, env), { message });
  assert.throws(() => r.cell({ cell_type: "heading" } as never, env), { message: /^no rule renders cells of type heading$/ });
});

test("a long log keeps its first and last lines and says how many it left out", () => {
  const r = createRenderer({ streams: { maxLines: 4 } });
  const env = createEnv();
  const text = Array.from({ length: 10 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
  assert.equal(r.output({ output_type: "stream", name: "stdout", text }, env), `<pre class="output stdout">line 1\nline 2\n<span class="clipped">… 6 lines left out here (the executed notebook has them all) …</span>\nline 9\nline 10</pre>\n`);
  assert.equal(r.output({ output_type: "stream", name: "stdout", text: "a\nb\nc\nd\n" }, env), `<pre class="output stdout">a\nb\nc\nd</pre>\n`, "four lines are kept whole");
  const long = createRenderer().output({ output_type: "stream", name: "stderr", text: Array.from({ length: 250 }, (_, i) => `w${i}`).join("\n") }, env);
  assert.ok(long.includes("w99\n<span class=\"clipped\">… 50 lines left out here") && long.includes("</span>\nw150\n") && !long.includes("w100\n"), "200 lines by default");
});
