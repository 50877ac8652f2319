import { join, resolve } from "node:path";
import { Dealer } from "zeromq";
import { KernelClient } from "../../lib/kernel/client";
import { endpoint } from "../../lib/kernel/connection";
import type { Message } from "../../lib/kernel/wire";

/** The project root (tests run from dist/test/...). */
export const ROOT = resolve(__dirname, "..", "..", "..");

/** Starts a kernel whose cells run in the project root (so `import "vae-lab"` resolves). */
export function startKernel(cwd = ROOT): Promise<KernelClient> {
  return KernelClient.start({ cwd });
}

/**
 * Sends each of `messages` as raw frames to the kernel's shell channel on a socket of its own,
 * unsigned and unchecked (for tests of the kernel's checks), and closes the socket once they left.
 */
export async function sendRawShell(client: KernelClient, ...messages: Buffer[][]): Promise<void> {
  const shell = new Dealer({ linger: 1000 });
  shell.connect(endpoint(client.info, "shell"));
  try {
    for (const frames of messages) await shell.send(frames);
  } finally {
    shell.close();
  }
}

/** The iopub messages of `type` in `msgs`. */
export function ofType(msgs: Message[], type: string): Message[] {
  return msgs.filter((m) => m.header.msg_type === type);
}

/** Resolves with the first iopub message that satisfies `pred`. */
export function nextMessage(client: KernelClient, pred: (m: Message) => boolean, timeoutMs = 20000): Promise<Message> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching iopub message in ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.onMessage((m) => {
      if (!pred(m)) return;
      clearTimeout(timer);
      off();
      resolve(m);
    });
  });
}

/** Path of a file under test/fixtures in the source tree. */
export function fixture(...parts: string[]): string {
  return join(ROOT, "test", "fixtures", ...parts);
}
