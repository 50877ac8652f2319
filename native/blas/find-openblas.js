#!/usr/bin/env node
// Prints the compiler or linker flags for the system's OpenBLAS, for binding.gyp:
//   node find-openblas.js cflags|libs
// Debian installs each threading variant in its own directory (openblas-pthread, -serial, -openmp);
// the pthreads variant is preferred (OpenMP threads spin while the other core is busy) and linked
// by path with an rpath, so the update-alternatives choice of libopenblas.so.0 does not matter.
// VAE_LAB_OPENBLAS_VARIANT picks one variant; where none is found, pkg-config's `openblas` is used.
// Exits 1 with a one-line reason when OpenBLAS is missing: the optional install then fails and
// VAE Lab falls back to the wasm GEMM.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const TRIPLES = { x64: "x86_64-linux-gnu", arm64: "aarch64-linux-gnu", ppc64: "powerpc64le-linux-gnu", s390x: "s390x-linux-gnu" };

function debianVariant(triple, variant) {
  const inc = path.join("/usr/include", triple, `openblas-${variant}`);
  const lib = path.join("/usr/lib", triple, `openblas-${variant}`);
  const ok = fs.existsSync(path.join(inc, "cblas.h")) && fs.existsSync(path.join(lib, "libopenblas.so"));
  return ok ? { cflags: [`-I${inc}`], libs: [`-L${lib}`, "-lopenblas", `-Wl,-rpath,${lib}`] } : null;
}

function pkgConfig() {
  const run = (flag) => spawnSync("pkg-config", [flag, "openblas"], { encoding: "utf8" });
  const c = run("--cflags");
  const l = run("--libs");
  if (c.status !== 0 || l.status !== 0) return null;
  return { cflags: c.stdout.trim().split(/\s+/).filter(Boolean), libs: l.stdout.trim().split(/\s+/).filter(Boolean) };
}

function find() {
  const wanted = process.env.VAE_LAB_OPENBLAS_VARIANT;
  const triple = TRIPLES[process.arch];
  const variants = wanted ? [wanted] : ["pthread", "serial", "openmp"];
  for (const v of triple ? variants : []) {
    const found = debianVariant(triple, v);
    if (found) return found;
  }
  if (wanted) throw new Error(`OpenBLAS variant ${wanted} not found under /usr/lib/${triple}/openblas-${wanted} (install libopenblas-${wanted}-dev)`);
  const viaPkg = pkgConfig();
  if (viaPkg) return viaPkg;
  throw new Error("OpenBLAS not found (install libopenblas-dev); VAE Lab will use the wasm GEMM");
}

const what = process.argv[2];
if (what !== "cflags" && what !== "libs") {
  process.stderr.write(`find-openblas: unknown argument ${what} (use cflags or libs)\n`);
  process.exit(2);
}
try {
  process.stdout.write(find()[what].join(" ") + "\n");
} catch (e) {
  process.stderr.write(`find-openblas: ${e.message}\n`);
  process.exit(1);
}
