#!/usr/bin/env node
// Makes `require("vae-lab")` resolve to this checkout's compiled build from anywhere inside it
// (notebooks in notebooks/, the kernel, the report), as node_modules/vae-lab -> the project root.
// npm ci removes node_modules, so `prepare` runs this after every install.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "vae-lab");
try {
  if (fs.lstatSync(link).isSymbolicLink() && fs.realpathSync(link) === root) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch {
  /* no link yet */
}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir");
