import * as fs from "node:fs";
import * as path from "node:path";

/** One case of a fixture file: what it shows, its input and the output expected, with the line it starts on. */
export interface FixtureCase {
  title: string;
  input: string;
  expected: string;
  line: number;
}

/**
 * Reads a fixture file in markdown-it's format: each case is a title line, then `.`, the input,
 * `.`, the expected output and `.`, each marker alone on its line; lines between cases are ignored.
 */
export function readFixtures(file: string): FixtureCase[] {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const cases: FixtureCase[] = [];
  let i = 0;
  const block = (): string => {
    const start = ++i;
    while (i < lines.length && lines[i] !== ".") i++;
    if (i >= lines.length) throw new Error(`${file}:${start}: a block is not closed by a line "."`);
    return lines.slice(start, i).join("\n");
  };
  while (i < lines.length) {
    if (lines[i + 1] !== "." || !lines[i].trim()) {
      i++;
      continue;
    }
    const title = lines[i].trim();
    const line = i + 1;
    i++;
    const input = block();
    const expected = block();
    cases.push({ title, input, expected, line });
    i++;
  }
  if (!cases.length) throw new Error(`${file}: no fixture cases`);
  return cases;
}

/** The fixture files (`*.txt`) of a folder under test/fixtures, sorted. */
export function fixtureFiles(...dir: string[]): string[] {
  const folder = path.join(__dirname, "..", "..", "..", "test", "fixtures", ...dir);
  return fs.readdirSync(folder).filter((f) => f.endsWith(".txt")).sort().map((f) => path.join(folder, f));
}
