import { gunzipSync, gzipSync } from "node:zlib";

/** A file in an archive: its path (forward slashes) and bytes. */
export interface TarEntry {
  path: string;
  data: Uint8Array;
}

const BLOCK = 512;

function field(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, Math.min(length, Buffer.byteLength(value)), "utf8");
}

function octal(n: number, length: number): string {
  return n.toString(8).padStart(length - 1, "0");
}

function header(entry: TarEntry, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  let name = entry.path;
  let prefix = "";
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", 155);
    if (cut < 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`tar: path too long: ${entry.path}`);
    [prefix, name] = [name.slice(0, cut), name.slice(cut + 1)];
  }
  field(h, 0, 100, name);
  field(h, 100, 8, octal(0o644, 8));
  field(h, 108, 8, octal(0, 8));
  field(h, 116, 8, octal(0, 8));
  field(h, 124, 12, octal(entry.data.length, 12));
  field(h, 136, 12, octal(mtime, 12));
  h.fill(0x20, 148, 156);
  h[156] = 0x30; // regular file
  field(h, 257, 6, "ustar");
  field(h, 263, 2, "00");
  field(h, 345, 155, prefix);
  const sum = h.reduce((s, b) => s + b, 0);
  field(h, 148, 8, `${octal(sum, 7)}\0`);
  return h;
}

/** A gzipped POSIX (ustar) tar of regular files, readable by `tar -xzf`. */
export function writeTarGz(entries: TarEntry[], mtime = Math.floor(Date.now() / 1000)): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(header(e, mtime), Buffer.from(e.data));
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(parts));
}

/** The regular files of a gzipped tar; anything malformed throws one line (the caller names the archive). */
export function readTarGz(archive: Uint8Array): TarEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(archive);
  } catch (e) {
    throw new Error(`not a readable gzip archive (${(e as Error).message.split("\n")[0]})`);
  }
  const entries: TarEntry[] = [];
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const h = tar.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    const text = (o: number, l: number) => h.toString("utf8", o, o + l).replace(/\0.*$/s, "");
    const stored = parseInt(text(148, 8).trim(), 8);
    const sum = h.reduce((s, b, i) => s + (i >= 148 && i < 156 ? 0x20 : b), 0);
    if (stored !== sum) throw new Error(`corrupt tar header at byte ${at}`);
    const size = parseInt(text(124, 12).trim(), 8);
    const prefix = text(345, 155);
    const path = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
    const type = String.fromCharCode(h[156] || 0x30);
    if (at + BLOCK + size > tar.length) throw new Error(`truncated tar entry ${path}`);
    if (type === "0") entries.push({ path, data: tar.subarray(at + BLOCK, at + BLOCK + size) });
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}
