import * as fs from "node:fs";
import * as path from "node:path";

/** The project root: the folder holding VAE Lab's package.json (works from lib/ and dist/lib/). */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "vae-lab") return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find vae-lab's package.json above ${__dirname}`);
    dir = up;
  }
}

/** Writes a file atomically: a temporary file in the same folder, then a rename over the target. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Fills a folder atomically: `fill` writes into a fresh temporary sibling folder, which then replaces
 * `dir` in one rename. If `fill` throws, `dir` is left as it was.
 */
export function writeDirAtomic(dir: string, fill: (tmpDir: string) => void): void {
  const tmp = tempSibling(dir);
  try {
    fill(tmp);
    replaceDir(tmp, dir);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** A fresh temporary folder beside `dir` (same file system, so {@link replaceDir} is a rename). */
export function tempSibling(dir: string): string {
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  return fs.mkdtempSync(path.join(parent, `.tmp-${path.basename(dir)}-`));
}

/** Moves the filled folder `tmp` to `dir` by renames, replacing what `dir` held. */
export function replaceDir(tmp: string, dir: string): void {
  if (!fs.existsSync(dir)) return fs.renameSync(tmp, dir);
  const old = `${tmp}.old`;
  fs.renameSync(dir, old);
  fs.renameSync(tmp, dir);
  fs.rmSync(old, { recursive: true, force: true });
}
