import * as fs from "node:fs";
import * as path from "node:path";

/**
 * lib's layers, lowest first: a folder may import its own files and the folders before it, never one
 * after it (docs/architecture.md says what each owns). `lib/index.ts` re-exports them all.
 */
export const LAYERS = ["util", "backend", "data", "models", "train", "eval", "plots", "display", "notebook", "kernel", "cli"] as const;

/**
 * Folders whose subfolders are layered in turn, lowest first, by the same rule: a subfolder may import
 * its own files and the subfolders before it; the folder's own files (its index) sit above them all.
 * A folder not named here keeps its subfolders in its own layer (`models/latents`, `backend/wasm`).
 */
export const SUBLAYERS: Readonly<Record<string, readonly string[]>> = {
  eval: ["stats", "classifier", "samples", "codes", "bounds", "paths", "scores"],
};

/** One import of a lib file: where it is and the layers it connects. */
export interface ImportEdge {
  file: string;
  line: number;
  specifier: string;
  from: string;
  to: string;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;

/** The relative imports of a TypeScript source (static, type-only, dynamic and `require`), with their lines. */
export function importsOf(source: string): { specifier: string; line: number }[] {
  const found: { specifier: string; line: number }[] = [];
  for (const m of source.matchAll(SPECIFIER)) {
    if (!m[1].startsWith(".")) continue;
    found.push({ specifier: m[1], line: source.slice(0, m.index).split("\n").length });
  }
  return found;
}

/**
 * The layer of a path under `libDir`: its first folder, or the folder itself (`eval/codes` inside a
 * folder of {@link SUBLAYERS}); `index` for lib's own files, or `outside`.
 */
export function layerOf(libDir: string, file: string): string {
  const rel = path.relative(libDir, file);
  if (rel.startsWith("..")) return "outside";
  const parts = rel.split(path.sep);
  const isDir = fs.existsSync(file) && fs.statSync(file).isDirectory();
  if (parts.length === 1) return isDir ? parts[0] : "index";
  const nested = parts.length > 2 || isDir;
  return Object.hasOwn(SUBLAYERS, parts[0]) && nested ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** Every import that crosses layers, from every `.ts` file under `libDir`. */
export function layerEdges(libDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
  for (const file of walk(libDir)) {
    const from = layerOf(libDir, file);
    for (const { specifier, line } of importsOf(fs.readFileSync(file, "utf8"))) {
      const to = layerOf(libDir, path.resolve(path.dirname(file), specifier));
      if (to !== from) edges.push({ file: path.relative(path.dirname(libDir), file), line, specifier, from, to });
    }
  }
  return edges;
}

/** The edges that break the layering: upward, into an unknown folder, or out of lib. */
export function violations(edges: ImportEdge[]): string[] {
  const rank = (l: string) => (l === "index" ? LAYERS.length : (LAYERS as readonly string[]).indexOf(l));
  // a subfolder's rank inside its folder; the folder's own files (no subfolder) rank above them all
  const subRank = (folder: string, sub: string | undefined) => {
    const subs = SUBLAYERS[folder] ?? [];
    return sub === undefined ? subs.length : subs.indexOf(sub);
  };
  return edges.flatMap((e) => {
    if (e.from === "index") return [];
    if (e.to === "outside") return [`${e.file}:${e.line}: imports ${e.specifier}, outside lib/`];
    const [from, fromSub] = e.from.split("/");
    const [to, toSub] = e.to.split("/");
    const list = fromSub === undefined ? "LAYERS" : "SUBLAYERS";
    if (rank(from) < 0 || subRank(from, fromSub) < 0) {
      return [`${e.file}: folder lib/${e.from} has no layer (add it to ${list} and docs/architecture.md)`];
    }
    if (rank(to) < 0 || subRank(to, toSub) < 0) return [`${e.file}:${e.line}: imports ${e.specifier} in lib/${e.to}, which has no layer`];
    const upward = from === to ? subRank(to, toSub) >= subRank(from, fromSub) : rank(to) >= rank(from);
    return upward ? [`${e.file}:${e.line}: ${e.from} imports ${e.to} (${e.specifier}), a layer above it`] : [];
  });
}
