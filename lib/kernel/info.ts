import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tslabTypeScript } from "./is-complete";
import { PROTOCOL_VERSION } from "./wire";

function packageVersion(): string {
  for (const up of ["../..", "../../.."]) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, "package.json"), "utf8"));
      if (pkg.name === "vae-lab") return pkg.version as string;
    } catch {
      /* try the next level: lib/kernel in sources, dist/lib/kernel when built */
    }
  }
  return "0.0.0";
}

/** kernel_info_reply content: the real TypeScript version tslab compiles with, and help links. */
export function kernelInfo(): Record<string, unknown> {
  const ts = tslabTypeScript().version;
  const tslab = JSON.parse(readFileSync(require.resolve("tslab/package.json"), "utf8")).version as string;
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "vae-lab",
    implementation_version: packageVersion(),
    language_info: {
      name: "typescript",
      version: ts,
      mimetype: "text/typescript",
      file_extension: ".ts",
      pygments_lexer: "typescript",
      // JupyterLab reads `mode`; the classic notebook needs name + typescript for TS highlighting.
      codemirror_mode: { name: "javascript", mode: "typescript", typescript: true },
    },
    banner: `VAE Lab TypeScript kernel ${packageVersion()} (TypeScript ${ts}, tslab ${tslab}, Node.js ${process.version})`,
    help_links: [
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
      { text: "TensorFlow.js API", url: "https://js.tensorflow.org/api/latest/" },
      { text: "Node.js API", url: `https://nodejs.org/docs/${process.version}/api/` },
    ],
    debugger: false,
  };
}
