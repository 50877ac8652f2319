import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { replaceDir, tempSibling, writeDirAtomic, writeFileAtomic } from "../../lib/util/fs";
import { readMetrics } from "../check/run";
import { readTarGz, writeTarGz, type TarEntry } from "./tar";

/** The folder every file of a bundle sits in. */
export const BUNDLE_ROOT = "vae-lab-bundle";

/** `manifest.json` of a bundle: what it holds and each file's SHA-256. */
export interface BundleManifest {
  format: 1;
  created: string;
  commit: string | null;
  profile: string;
  /** Paths relative to {@link BUNDLE_ROOT}: `report/...`, `source/...`, `checkpoints/<id>/...`. */
  files: { path: string; sha256: string; bytes: number }[];
}

/** A bundle that cannot be used; the message names the bundle and what is wrong in one line. */
export class BundleError extends Error {
  override name = "BundleError";
}

/** The fix when a bundled checkpoint would overwrite a different one. */
const UNPACK_ELSEWHERE = "move that folder away, or unpack with VAE_LAB_CHECKPOINTS=another folder";

const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

function filesUnder(dir: string, prefix: string): TarEntry[] {
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p, `${prefix}${e.name}/`);
    return e.isFile() ? [{ path: `${prefix}${e.name}`, data: fs.readFileSync(p) }] : [];
  });
}

/**
 * Writes the hand-in bundle `file` (a .tar.gz): the report as built (HTML, PDF, executed notebooks,
 * metrics.json), the source notebooks, and every checkpoint the notebooks loaded or trained, with a
 * manifest of SHA-256 hashes (also as `SHA256SUMS` for `sha256sum -c`). Returns the manifest.
 */
export function makeBundle(o: { report: string; root: string; file: string }): BundleManifest {
  const metrics = readMetrics(o.report);
  const entries: TarEntry[] = filesUnder(o.report, "report/").filter((e) => !e.path.endsWith(".lock"));
  for (const [name, nb] of Object.entries(metrics.notebooks)) {
    const executed = JSON.parse(fs.readFileSync(path.join(o.report, "notebooks", `${name}.ipynb`), "utf8"));
    const source = executed.metadata?.vae_lab?.source as string | undefined;
    const sourceFile = source ? path.resolve(o.root, source) : undefined;
    if (sourceFile && fs.existsSync(sourceFile)) {
      entries.push({ path: `source/${path.basename(sourceFile)}`, data: fs.readFileSync(sourceFile) });
    }
    for (const c of nb.kernel?.checkpoints ?? []) {
      if (entries.some((e) => e.path.startsWith(`checkpoints/${c.id}/`))) continue;
      if (!fs.existsSync(c.path)) {
        throw new BundleError(`${name} used checkpoint ${c.id}, which is no longer at ${c.path}: run npm run report again, then bundle`);
      }
      entries.push(...filesUnder(c.path, `checkpoints/${c.id}/`));
    }
  }
  const manifest: BundleManifest = {
    format: 1, created: new Date().toISOString(), commit: metrics.provenance.commit, profile: metrics.provenance.profile,
    files: entries.map((e) => ({ path: e.path, sha256: sha256(e.data), bytes: e.data.length })),
  };
  const sums = manifest.files.map((f) => `${f.sha256}  ${f.path}\n`).join("");
  const all = [
    { path: "manifest.json", data: Buffer.from(JSON.stringify(manifest, null, 1) + "\n") },
    { path: "SHA256SUMS", data: Buffer.from(sums) },
    ...entries,
  ];
  writeFileAtomic(o.file, writeTarGz(all.map((e) => ({ ...e, path: `${BUNDLE_ROOT}/${e.path}` }))));
  return manifest;
}

/** Reads and verifies a bundle: every file listed, present, and matching its hash; nothing else inside. */
export function readBundle(file: string): { manifest: BundleManifest; files: Map<string, Uint8Array> } {
  const fail = (why: string) => new BundleError(`${file}: ${why}`);
  let entries: TarEntry[];
  try {
    entries = readTarGz(fs.readFileSync(file));
  } catch (e) {
    throw (e as NodeJS.ErrnoException).code === "ENOENT" ? fail("no such file") : fail((e as Error).message);
  }
  const unsafe = entries.find((e) => e.path.startsWith("/") || e.path.split("/").includes(".."));
  if (unsafe) throw fail(`${unsafe.path}: a path outside the bundle`);
  const stray = entries.find((e) => !e.path.startsWith(`${BUNDLE_ROOT}/`));
  if (stray) throw fail(`${stray.path} is outside ${BUNDLE_ROOT}/`);
  const files = new Map(entries.map((e) => [e.path.slice(BUNDLE_ROOT.length + 1), e.data]));
  const raw = files.get("manifest.json");
  if (!raw) throw fail(`no ${BUNDLE_ROOT}/manifest.json: not a VAE Lab bundle`);
  const manifest = parseManifest(raw, fail);
  for (const f of manifest.files) {
    const data = files.get(f.path);
    if (!data) throw fail(`${f.path} is listed in the manifest but missing`);
    if (sha256(data) !== f.sha256) throw fail(`${f.path} does not match its hash in the manifest (the bundle was changed or damaged)`);
  }
  const listed = new Set(["manifest.json", "SHA256SUMS", ...manifest.files.map((f) => f.path)]);
  const extra = [...files.keys()].filter((p) => !listed.has(p));
  if (extra.length) throw fail(`${extra[0]} is not in the manifest`);
  return { manifest, files };
}

function parseManifest(raw: Uint8Array, fail: (why: string) => BundleError): BundleManifest {
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(Buffer.from(raw).toString("utf8")) as BundleManifest;
  } catch (e) {
    throw fail(`${BUNDLE_ROOT}/manifest.json is not JSON (${(e as Error).message.split("\n")[0]})`);
  }
  if (manifest?.format !== 1 || !Array.isArray(manifest.files)) throw fail(`${BUNDLE_ROOT}/manifest.json is not a format 1 manifest`);
  return manifest;
}

/**
 * Which file of the bundled checkpoint `id` is not, byte for byte, in the folder `dir` (which exists),
 * and how. Its manifest.json may differ (it records when and how fast the weights were trained:
 * a grader's own run of the same seed on the portable route trains the same weights at another time).
 */
function conflict(id: string, dir: string, contents: [string, Uint8Array][]): string | undefined {
  const where = `the checkpoint already at ${dir}`;
  for (const [name, data] of contents) {
    const there = path.join(dir, name);
    if (!fs.existsSync(there)) return `checkpoints/${id}/${name} is missing from ${where}`;
    if (name === "manifest.json") continue;
    if (sha256(fs.readFileSync(there)) !== sha256(data)) return `checkpoints/${id}/${name} differs from the file in ${where}`;
  }
  return undefined;
}

/**
 * Unpacks a verified bundle: its checkpoints into `checkpoints` (where train-or-load finds them; one
 * already there with the same weights is kept, one with other weights is refused before anything is
 * written), and its report (with the source notebooks under `source/`) into `report`, replacing it
 * atomically.
 */
export function unpackBundle(o: { file: string; report: string; checkpoints: string }): {
  manifest: BundleManifest;
  placed: string[];
  kept: string[];
} {
  const { manifest, files } = readBundle(o.file);
  const byCheckpoint = new Map<string, [string, Uint8Array][]>();
  for (const [p, data] of files) {
    const m = /^checkpoints\/([^/]+)\/(.+)$/.exec(p);
    if (m) byCheckpoint.set(m[1], [...(byCheckpoint.get(m[1]) ?? []), [m[2], data]]);
  }
  const placed: string[] = [];
  const kept: string[] = [];
  for (const [id, contents] of byCheckpoint) {
    const dir = path.join(o.checkpoints, id);
    const found = fs.existsSync(dir) ? conflict(id, dir, contents) : undefined;
    if (found) throw new BundleError(`${o.file}: ${found}; nothing was unpacked (${UNPACK_ELSEWHERE})`);
    (fs.existsSync(dir) ? kept : placed).push(id);
  }
  for (const id of placed) {
    const contents = byCheckpoint.get(id)!;
    writeDirAtomic(path.join(o.checkpoints, id), (tmp) => contents.forEach(([name, data]) => fs.writeFileSync(path.join(tmp, name), data)));
  }
  const tmp = tempSibling(o.report);
  try {
    for (const [p, data] of files) {
      const m = /^(report|source)\/(.+)$/.exec(p);
      if (!m) continue;
      const target = path.join(tmp, m[1] === "report" ? m[2] : path.join("source", m[2]));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, data);
    }
    fs.chmodSync(tmp, 0o755);
    replaceDir(tmp, o.report);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return { manifest, placed, kept };
}
