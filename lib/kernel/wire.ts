import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** The protocol version this kernel speaks. */
export const PROTOCOL_VERSION = "5.3";

/** Frame that separates ZeroMQ routing identities from the signed message parts. */
export const DELIMITER = "<IDS|MSG>";

/** A Jupyter message header (protocol 5.x). */
export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** A decoded Jupyter message. `idents` are the routing frames in front of the delimiter. */
export interface Message<C = Record<string, any>> {
  idents: Buffer[];
  header: Header;
  parent_header: Header | Record<string, never>;
  metadata: Record<string, any>;
  content: C;
  buffers: Buffer[];
}

/** Raised by `decode` when a message is malformed or its signature does not match. */
export class WireError extends Error {
  override name = "WireError";
}

/** Builds a header for a new message of `msgType` in `session`. */
export function newHeader(msgType: string, session: string, username = "vae-lab"): Header {
  return {
    msg_id: randomUUID(),
    session,
    username,
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** HMAC-sha256 hex digest of the four signed parts; empty when the key is empty (signing off). */
export function sign(key: string, parts: (Buffer | string)[]): string {
  if (!key) return "";
  const hmac = createHmac("sha256", key);
  for (const p of parts) hmac.update(p);
  return hmac.digest("hex");
}

/** Serialises a message into ZeroMQ frames: identities, delimiter, signature, four JSON parts, buffers. */
export function encode(key: string, msg: Omit<Message, "idents"> & { idents?: Buffer[] }): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) =>
    Buffer.from(JSON.stringify(p), "utf8"),
  );
  return [
    ...(msg.idents ?? []),
    Buffer.from(DELIMITER),
    Buffer.from(sign(key, parts)),
    ...parts,
    ...msg.buffers,
  ];
}

/** Parses frames into a message, verifying the signature; throws WireError on any defect. */
export function decode(key: string, frames: Buffer[]): Message {
  const at = frames.findIndex((f) => f.length === DELIMITER.length && f.toString() === DELIMITER);
  if (at < 0) throw new WireError(`no ${DELIMITER} delimiter among ${frames.length} frames`);
  if (frames.length < at + 6) throw new WireError(`message has ${frames.length - at - 2} parts after the signature, expected 4`);
  const signature = frames[at + 1].toString();
  const parts = frames.slice(at + 2, at + 6);
  const expected = sign(key, parts);
  const a = Buffer.from(signature);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new WireError(`bad signature: ${signature.slice(0, 16)}…`);
  const [header, parent_header, metadata, content] = parts.map((p, i) => {
    try {
      return JSON.parse(p.toString("utf8"));
    } catch {
      throw new WireError(`message part ${i} is not JSON: ${p.toString("utf8").slice(0, 40)}`);
    }
  });
  return { idents: frames.slice(0, at), header, parent_header, metadata, content, buffers: frames.slice(at + 6) };
}

/** Builds a message answering or caused by `parent` (same session, parent header set). */
export function child<C>(parent: Message | undefined, msgType: string, content: C, session: string): Message<C> {
  return {
    idents: parent?.idents ?? [],
    header: newHeader(msgType, session),
    parent_header: parent?.header ?? {},
    metadata: {},
    content,
    buffers: [],
  };
}
