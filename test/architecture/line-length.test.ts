import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { ROOT } from "../support/kernel";

/** The widest a line of lib/, report/ or bench/ may be (STYLE.md, principle 8). */
const MAX = 140;

/** Every `.ts` file under `dir`, as paths relative to `root`, sorted. */
function tsFiles(root: string, dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? tsFiles(root, path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []))
    .sort();
}

/** Each line wider than `max` characters (code points, as an editor counts them): `path:line (N chars)`. */
function longLines(root: string, dirs: string[], max = MAX): string[] {
  return dirs.flatMap((dir) =>
    tsFiles(root, dir).flatMap((file) =>
      fs
        .readFileSync(path.join(root, file), "utf8")
        .split(/\r?\n/)
        .flatMap((line, i) => {
          const width = [...line].length;
          return width > max ? [`${file.split(path.sep).join("/")}:${i + 1} (${width} chars)`] : [];
        }),
    ),
  );
}

test(`no line in lib/, report/ or bench/ is wider than ${MAX} characters`, () => {
  const found = longLines(ROOT, ["lib", "report", "bench"]);
  assert.deepEqual(found, [], `${found.length} lines over ${MAX} characters:\n${found.join("\n")}`);
});

test("the checker names each long line by path, line and width, and counts characters, not bytes", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "vae-lab-line-length-"));
  fs.mkdirSync(path.join(root, "lib", "plots"), { recursive: true });
  fs.writeFileSync(path.join(root, "lib", "a.ts"), `${"x".repeat(MAX)}\r\n${"y".repeat(MAX + 1)}\n`);
  fs.writeFileSync(path.join(root, "lib", "plots", "b.ts"), `// ${"±".repeat(MAX - 3)}\n\n${"z".repeat(MAX + 5)}`);
  fs.writeFileSync(path.join(root, "lib", "notes.md"), "w".repeat(MAX + 1));
  assert.deepEqual(longLines(root, ["lib", "report"]), ["lib/a.ts:2 (141 chars)", "lib/plots/b.ts:3 (145 chars)"]);
  fs.rmSync(root, { recursive: true });
});
