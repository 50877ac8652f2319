import { ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/** A classic Jupyter notebook server (Debian's `jupyter-notebook`) on loopback, for browser tests. */
export interface NotebookServer {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  token: string;
  /** Everything the server wrote, for failure messages. */
  log(): string;
  /** Shuts its kernels down through the REST API, then stops the server (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `jupyter-notebook` serving `root` on 127.0.0.1 with a random token and its own config and
 * runtime folders under `stateDir`; resolves once its REST API answers (at most `timeoutMs`).
 */
export async function startNotebookServer(root: string, stateDir: string, env: NodeJS.ProcessEnv, timeoutMs = 30000): Promise<NotebookServer> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  for (const d of ["config", "runtime"]) mkdirSync(join(stateDir, d), { recursive: true });
  const child = spawn("jupyter-notebook", [
    "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0", `--notebook-dir=${root}`,
    `--NotebookApp.token=${token}`, "--NotebookApp.password=",
    // CI containers run as root, which the server refuses without this.
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ], {
    env: { ...env, JUPYTER_CONFIG_DIR: join(stateDir, "config"), JUPYTER_RUNTIME_DIR: join(stateDir, "runtime"), PYDEVD_DISABLE_FILE_VALIDATION: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (b) => (output += b));
  child.stderr!.on("data", (b) => (output += b));
  const url = `http://127.0.0.1:${port}`;
  const server: NotebookServer = { url, token, log: () => output, stop: () => stopServer(child, url, token) };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`jupyter-notebook exited with ${child.exitCode}:\n${output}`);
    if (await api(url, token, "GET", "/api/status").then((r) => r.ok, () => false)) return server;
    await sleep(250);
  }
  await server.stop();
  throw new Error(`jupyter-notebook did not answer on ${url} within ${timeoutMs} ms:\n${output}`);
}

/** A request to the server's REST API with the token. */
export function api(url: string, token: string, method: string, path: string): Promise<Response> {
  return fetch(`${url}${path}`, { method, headers: { Authorization: `token ${token}` }, signal: AbortSignal.timeout(5000) });
}

async function stopServer(child: ChildProcess, url: string, token: string): Promise<void> {
  if (child.exitCode !== null) return;
  try {
    const kernels = (await (await api(url, token, "GET", "/api/kernels")).json()) as { id: string }[];
    await Promise.all(kernels.map((k) => api(url, token, "DELETE", `/api/kernels/${k.id}`)));
  } catch {
    /* the server is going away anyway; SIGTERM below also shuts kernels down */
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  if (await within(exited, 10000)) return;
  child.kill("SIGKILL");
  await within(exited, 5000);
}

/** True if `p` settles within `ms`; the timer is cleared either way, so it keeps no process alive. */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
