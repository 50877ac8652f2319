import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";

/** The five kernel channels. */
export type Channel = "shell" | "control" | "iopub" | "stdin" | "hb";

/** Contents of a Jupyter connection file. */
export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  control_port: number;
  iopub_port: number;
  stdin_port: number;
  hb_port: number;
  kernel_name?: string;
}

const CHANNELS: Channel[] = ["shell", "control", "iopub", "stdin", "hb"];

/** Reads and checks a connection file; throws one line naming the file and the bad field. */
export function readConnectionFile(path: string): ConnectionInfo {
  const info = JSON.parse(readFileSync(path, "utf8")) as ConnectionInfo;
  if (info.signature_scheme && info.signature_scheme !== "hmac-sha256") {
    throw new Error(`${path}: unsupported signature_scheme ${info.signature_scheme}, expected hmac-sha256`);
  }
  for (const c of CHANNELS) {
    const port = info[`${c}_port`];
    if (!Number.isInteger(port)) throw new Error(`${path}: ${c}_port is ${port}, expected an integer`);
  }
  return { ...info, transport: info.transport ?? "tcp", key: info.key ?? "" };
}

/** ZeroMQ endpoint of `channel`, e.g. `tcp://127.0.0.1:5555`. */
export function endpoint(info: ConnectionInfo, channel: Channel): string {
  const port = info[`${channel}_port`];
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A fresh connection on 127.0.0.1 with five free ports and a random key. */
export async function newConnectionInfo(): Promise<ConnectionInfo> {
  const ports: number[] = [];
  while (ports.length < CHANNELS.length) {
    const p = await freePort();
    if (!ports.includes(p)) ports.push(p);
  }
  return {
    transport: "tcp",
    ip: "127.0.0.1",
    key: randomBytes(16).toString("hex"),
    signature_scheme: "hmac-sha256",
    shell_port: ports[0],
    control_port: ports[1],
    iopub_port: ports[2],
    stdin_port: ports[3],
    hb_port: ports[4],
    kernel_name: "vae-lab",
  };
}

/** Writes `info` to `path` as a connection file. */
export function writeConnectionFile(path: string, info: ConnectionInfo): void {
  writeFileSync(path, JSON.stringify(info, null, 2), { mode: 0o600 });
}
