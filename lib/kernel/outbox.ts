import type { Writable } from "zeromq";
import { kernelLog } from "./output";

/**
 * Serialises sends on one ZeroMQ socket: zeromq 6 allows one pending send per socket, while the
 * kernel publishes from many places (streams, displays, status). Failures are logged, never thrown.
 */
export class Outbox {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly socket: Writable, private readonly name: string) {}

  /** Queues `frames` for sending after everything queued before. */
  send(frames: Buffer[]): Promise<void> {
    this.tail = this.tail.then(
      () => this.socket.send(frames),
    ).catch((e: unknown) => kernelLog(`send on ${this.name} failed: ${(e as Error).message}`));
    return this.tail;
  }

  /** Resolves once everything queued so far has been handed to ZeroMQ. */
  drain(): Promise<void> {
    return this.tail;
  }
}
