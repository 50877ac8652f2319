import * as fs from "node:fs";
import * as tf from "@tensorflow/tfjs-core";
import { requireOptional } from "../util/modules";

/** What Dawn says about the WebGPU adapter in use; recorded as {@link BackendInfo.webgpu}. */
export interface WebGpuAdapterInfo {
  /** The adapter's name, e.g. `NVIDIA H100` or `llvmpipe-llvm-15-0-6-256-bits-`. */
  adapter: string;
  /** The vendor Dawn reports, e.g. `nvidia`; empty when the driver names none (OpenGL ES). */
  vendor: string;
  /** The architecture Dawn reports, e.g. `hopper`; often empty. */
  architecture: string;
  /** The driver's own description, e.g. `NVIDIA: 550.54.14` or `OpenGL version OpenGL ES 3.2 Mesa 22.3.6`. */
  driver: string;
  /** Dawn's native API under WebGPU: `vulkan` (the default create([]) on Linux) or `opengles`. */
  api: "default" | "opengles";
  /** A software renderer (llvmpipe, lavapipe, SwiftShader or a fallback adapter): only used when forced. */
  software: boolean;
}

/** The fields of a Dawn `GPUAdapterInfo` that VAE Lab reads. */
export type DawnAdapterInfo = { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter?: boolean };
type Adapter = { info: DawnAdapterInfo; features: Set<string>; limits: Record<string, number>; requestDevice(d: object): Promise<Device> };
type Device = { destroy(): void };
type Gpu = { requestAdapter(o?: object): Promise<Adapter | null> };
type Dawn = { create(flags: string[]): Gpu; globals: Record<string, unknown> };
type WebGpuPackage = { WebGPUBackend: new (device: Device, info: DawnAdapterInfo) => tf.KernelBackend };

const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader|software|basic render/i;

/** Why an adapter counts as software, or undefined for a hardware adapter. */
export function softwareReason(info: DawnAdapterInfo): string | undefined {
  if (info.isFallbackAdapter) return "a fallback adapter";
  const named = [info.device, info.description, info.vendor, info.architecture].find((s) => SOFTWARE.test(s ?? ""));
  return named === undefined ? undefined : `a software adapter (${named})`;
}

/**
 * On Linux a hardware adapter needs a GPU device node; without one the automatic choice skips
 * WebGPU before Dawn starts (Dawn's Vulkan probe would only find lavapipe, and say so on stderr).
 */
function gpuDeviceNode(): boolean {
  if (process.platform !== "linux") return true;
  const dri = fs.existsSync("/dev/dri") && fs.readdirSync("/dev/dri").some((f) => f.startsWith("renderD"));
  return dri || fs.readdirSync("/dev").some((f) => /^nvidia\d+$/.test(f));
}

async function adapterFor(dawn: Dawn, api: WebGpuAdapterInfo["api"]): Promise<{ gpu: Gpu; adapter: Adapter } | undefined> {
  if (api === "opengles") process.env.EGL_PLATFORM ??= "surfaceless";
  const gpu = dawn.create(api === "opengles" ? ["backend=opengles"] : []);
  const options = api === "opengles" ? { featureLevel: "compatibility" } : { powerPreference: "high-performance" };
  const adapter = await gpu.requestAdapter(options);
  return adapter ? { gpu, adapter } : undefined;
}

let device: Device | undefined;

/**
 * Starts TensorFlow.js's WebGPU backend on Dawn (the `webgpu` package) and returns what was found.
 * Automatic (`forced` false): a hardware adapter through Dawn's default API (Vulkan on Linux), else
 * an error naming why. Forced: the same, then a software adapter is accepted, and where the default
 * API finds none, Mesa's llvmpipe through OpenGL ES (`EGL_PLATFORM=surfaceless`, feature level
 * `compatibility`). The device is destroyed at process exit and by {@link releaseWebGpu}.
 */
export async function startWebGpu(forced: boolean, unavailable: (reason: string) => Error): Promise<WebGpuAdapterInfo> {
  if (!forced && !gpuDeviceNode()) throw unavailable("no GPU device node (/dev/dri/renderD*, /dev/nvidia*)");
  const dawn = requireOptional<Dawn>("webgpu");
  Object.assign(globalThis, dawn.globals);
  // Imported before navigator.gpu exists, so the package registers no factory of its own.
  const { WebGPUBackend } = requireOptional<WebGpuPackage>("@tensorflow/tfjs-backend-webgpu");
  // Forced without a GPU device node, the default API could only find lavapipe (which Dawn rejects).
  let api: WebGpuAdapterInfo["api"] = gpuDeviceNode() ? "default" : "opengles";
  let found = await adapterFor(dawn, api);
  if (found && !forced && softwareReason(found.adapter.info)) {
    throw unavailable(`only ${softwareReason(found.adapter.info)}; force it with --backend webgpu`);
  }
  if (!found && !forced) throw unavailable("Dawn found no WebGPU adapter");
  if (!found && api === "default") found = await adapterFor(dawn, (api = "opengles"));
  if (!found) throw unavailable("Dawn found no WebGPU adapter (default API, nor OpenGL ES through EGL)");
  const { gpu, adapter } = found;
  const limits = adapter.limits;
  const requiredLimits = Object.fromEntries(
    [
      "maxComputeWorkgroupStorageSize",
      "maxComputeWorkgroupsPerDimension",
      "maxStorageBufferBindingSize",
      "maxBufferSize",
      "maxComputeWorkgroupSizeX",
      "maxComputeInvocationsPerWorkgroup",
    ].map((k) => [k, limits[k]]),
  );
  const requiredFeatures = adapter.features.has("timestamp-query") ? ["timestamp-query"] : [];
  device = await adapter.requestDevice({ requiredLimits, requiredFeatures });
  // WebGPUBackend's constructor checks navigator.gpu; Node 20 has no navigator of its own.
  (globalThis as { navigator?: object }).navigator = { ...(globalThis as { navigator?: object }).navigator, gpu };
  const backend = new WebGPUBackend(device, adapter.info);
  tf.registerBackend("webgpu", () => backend);
  process.once("exit", releaseWebGpu);
  const i = adapter.info;
  return {
    adapter: i.device,
    vendor: i.vendor,
    architecture: i.architecture,
    driver: i.description,
    api,
    software: softwareReason(i) !== undefined,
  };
}

/**
 * Destroys the WebGPU device, if one was started, and removes the backend; it also runs at process
 * exit. The CLI, the bench, the kernel and the test children were seen to exit without calling it;
 * call it where a process must drop the device earlier. Tensors on the device are unusable afterwards.
 */
export function releaseWebGpu(): void {
  if (!device) return;
  if (tf.findBackend("webgpu")) tf.removeBackend("webgpu");
  device.destroy();
  device = undefined;
}
