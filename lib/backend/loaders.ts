import * as fs from "node:fs";
import { spawnSync } from "node:child_process";
import * as tf from "@tensorflow/tfjs-core";
import { requireOptional, type OptionalModules } from "../util/modules";
import type { BackendInfo } from "./index";
import { startWebGpu } from "./webgpu";

/** The backends VAE Lab knows; `--backend` and `VAE_LAB_BACKEND` take any of them by name. */
export const BACKENDS = ["tensorflow-gpu", "webgpu", "tensorflow", "wasm", "cpu"] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * The automatic order: a GPU when one is usable, else wasm (with the native addon's portable GEMM:
 * the route the tests, figures and `--check` baselines describe), else cpu. `tensorflow` (libtensorflow on
 * the CPU) runs only when asked for by name: its numbers are neither measured here nor portable.
 */
export const AUTO_ORDER: readonly BackendName[] = ["tensorflow-gpu", "webgpu", "wasm", "cpu"];

/** tfjs-backend-webgpu's MatMulProgramType.MatMulPackedProgram (not exported by the package). */
const MATMUL_PACKED = 3;

/** A backend that cannot be used here; the message says why in one line. */
export class BackendUnavailable extends Error {
  override name = "BackendUnavailable";
}

type Loaded = Pick<BackendInfo, "wasm" | "device" | "kernelOverrides" | "blas" | "webgpu"> & { blasGuarantee?: string };

function loadPackage(id: string, modules: OptionalModules): unknown {
  try {
    return requireOptional(id, modules);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "MODULE_NOT_FOUND" && String(err.message).includes(id)) {
      throw new BackendUnavailable(`${id} not installed`);
    }
    throw new BackendUnavailable(`${id} failed to load: ${String(err.message).split("\n")[0]}`);
  }
}

async function activate(name: string): Promise<void> {
  if (!(await tf.setBackend(name))) throw new BackendUnavailable(`tf.setBackend("${name}") failed`);
  await tf.ready();
}

function cudaDevice(): string | undefined {
  if (process.env.CUDA_VISIBLE_DEVICES === "" || process.env.CUDA_VISIBLE_DEVICES === "-1") return undefined;
  if (!fs.existsSync("/proc/driver/nvidia/version")) return undefined;
  const r = spawnSync("nvidia-smi", ["-L"], { encoding: "utf8" });
  const line = r.status === 0 ? r.stdout.split("\n").find((l) => l.startsWith("GPU ")) : undefined;
  return line?.trim();
}

/**
 * How each backend is loaded; each throws {@link BackendUnavailable} with the reason. `forced`: the
 * backend was asked for by name rather than tried by the automatic choice (webgpu then accepts a
 * software adapter). `modules`: which optional packages count as installed.
 */
export const loaders: Record<BackendName, (forced: boolean, modules: OptionalModules) => Promise<Loaded>> = {
  "tensorflow-gpu": async (_forced, modules) => {
    const device = cudaDevice();
    if (!device) throw new BackendUnavailable("no CUDA device");
    loadPackage("@tensorflow/tfjs-node-gpu", modules);
    await activate("tensorflow");
    return { device, kernelOverrides: [] };
  },
  webgpu: async (forced, modules) => {
    loadPackage("webgpu", modules);
    loadPackage("@tensorflow/tfjs-backend-webgpu", modules);
    const webgpu = await startWebGpu(forced, (reason) => new BackendUnavailable(reason));
    await activate("webgpu");
    // tfjs picks its split-K matmul for small outputs with an inner size >= 2000; with a transposed
    // B it returned wrong products here ([4, 2352] x [512, 2352]^T off by 150%, the gradient of every
    // coloured-MNIST decoder), so every matmul takes the packed program (correct at 1e-6).
    tf.env().set("WEBGPU_MATMUL_PROGRAM_TYPE", MATMUL_PACKED);
    const parts = [webgpu.vendor, webgpu.architecture, webgpu.driver].filter((s) => s);
    const device = `${webgpu.adapter}${parts.length ? `, ${parts.join(", ")}` : ""}${webgpu.software ? ", software" : ""}`;
    return { device, webgpu, kernelOverrides: [] };
  },
  tensorflow: async (_forced, modules) => {
    loadPackage("@tensorflow/tfjs-node", modules);
    await activate("tensorflow");
    return { device: "CPU (libtensorflow)", kernelOverrides: [] };
  },
  wasm: async (_forced, modules) => {
    loadPackage("@tensorflow/tfjs-backend-wasm", modules);
    await activate("wasm");
    const { installWasmKernels, WASM_OVERRIDES, blas } = require("./wasm") as typeof import("./wasm");
    const stock = process.env.VAE_LAB_WASM_KERNELS === "stock";
    if (!stock) installWasmKernels();
    const native = stock ? null : blas(modules);
    return {
      wasm: {
        simd: tf.env().getBool("WASM_HAS_SIMD_SUPPORT"),
        threads: tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT"),
      },
      kernelOverrides: stock ? [] : WASM_OVERRIDES.map(([name]) => name),
      ...(native?.binding ? { blas: native.description, blasGuarantee: native.guarantee } : {}),
    };
  },
  cpu: async (_forced, modules) => {
    loadPackage("@tensorflow/tfjs-backend-cpu", modules);
    await activate("cpu");
    return { kernelOverrides: [] };
  },
};
