/**
 * The game socket: says hello, resumes from the last seq after a drop, and resends commands whose
 * ack never came (the server applies a retried client_msg_id once).
 */
import type { Ack, Error as ErrorFrame, Events, Snapshot } from "./protocol";

export type ServerFrame = Snapshot | Events | Ack | ErrorFrame;
export type ConnectionState = "connecting" | "open" | "reconnecting" | "closed";

/** A command as the protocol defines it, minus the id the socket adds. */
export type CommandBody = { type: string } & Record<string, unknown>;

export interface SocketHandlers {
  onFrame(frame: ServerFrame): void;
  onState(state: ConnectionState): void;
  lastSeq(): number | null;
}

interface Pending {
  frame: string;
  resolve(ack: Ack): void;
  reject(error: ErrorFrame): void;
}

const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000];
// The server admits 40 frames from a socket at once and 10 a second after that (SOCKET_BURST,
// SOCKET_RATE) and refuses the rest as rate_limited. Commands held through a long drop are
// resent well inside both, so none of them is refused.
export const RESEND_AT_ONCE = 20;
const RESEND_INTERVAL_MS = 200;

export class GameSocket {
  private socket: WebSocket | null = null;
  private pending = new Map<string, Pending>();
  private attempts = 0;
  private stopped = false;
  private counter = 0;

  constructor(
    private readonly url: string,
    private readonly token: string | null,
    private readonly handlers: SocketHandlers,
  ) {}

  connect(): void {
    this.stopped = false;
    this.handlers.onState(this.attempts === 0 ? "connecting" : "reconnecting");
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.send({ type: "hello", token: this.token, last_seq: this.handlers.lastSeq() });
      this.handlers.onState("open");
      this.resendPending(socket);
    };
    socket.onmessage = (message) => this.receive(JSON.parse(String(message.data)) as ServerFrame);
    socket.onclose = (close) => {
      // No such game (4404) or removed from it (4403): retrying cannot help.
      if (this.stopped || close.code === 4404 || close.code === 4403) {
        this.handlers.onState("closed");
        return;
      }
      this.handlers.onState("reconnecting");
      const delay = RETRY_DELAYS_MS[Math.min(this.attempts, RETRY_DELAYS_MS.length - 1)] ?? 8000;
      this.attempts += 1;
      window.setTimeout(() => this.connect(), delay);
    };
  }

  /** Ask for a fresh snapshot (a new round: a new seat and a new brief). */
  resync(): void {
    this.send({ type: "hello", token: this.token, last_seq: null });
  }

  command(body: CommandBody): Promise<Ack> {
    this.counter += 1;
    const clientMsgId = `${Date.now().toString(36)}-${this.counter}-${Math.random().toString(36).slice(2, 8)}`;
    const frame = JSON.stringify({ ...body, client_msg_id: clientMsgId });
    return new Promise((resolve, reject) => {
      this.pending.set(clientMsgId, { frame, resolve, reject });
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(frame);
    });
  }

  close(): void {
    this.stopped = true;
    this.socket?.close();
  }

  /** Resend, oldest first, the commands whose ack never came: a first batch now, then one at a
   * time, skipping any acknowledged meanwhile and stopping if this socket goes. */
  private resendPending(socket: WebSocket): void {
    const ids = [...this.pending.keys()];
    const sendNext = (): boolean => {
      const id = ids.shift();
      if (id === undefined || this.socket !== socket || socket.readyState !== WebSocket.OPEN) {
        return false;
      }
      const pending = this.pending.get(id);
      if (pending) socket.send(pending.frame);
      return true;
    };
    for (let sent = 0; sent < RESEND_AT_ONCE; sent += 1) {
      if (!sendNext()) return;
    }
    if (ids.length === 0) return;
    const timer = window.setInterval(() => {
      if (!sendNext() || ids.length === 0) window.clearInterval(timer);
    }, RESEND_INTERVAL_MS);
  }

  private send(body: Record<string, unknown>): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(body));
  }

  private receive(frame: ServerFrame): void {
    if (frame.type === "ack" || (frame.type === "error" && frame.client_msg_id)) {
      const id = frame.client_msg_id ?? "";
      const pending = this.pending.get(id);
      this.pending.delete(id);
      if (pending && frame.type === "ack") pending.resolve(frame);
      else if (pending && frame.type === "error") pending.reject(frame);
    }
    this.handlers.onFrame(frame);
  }
}

export function socketUrl(code: string): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}/ws/games/${encodeURIComponent(code)}/`;
}
