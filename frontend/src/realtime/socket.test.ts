import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GameSocket, RESEND_AT_ONCE } from "./socket";

/** A WebSocket the test opens, drops and answers by hand. */
class FakeWebSocket {
  static readonly OPEN = 1;
  static opened: FakeWebSocket[] = [];
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: string }) => void) | null = null;
  onclose: ((close: { code: number }) => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.opened.push(this);
  }

  send(frame: string): void {
    this.sent.push(JSON.parse(frame) as Record<string, unknown>);
  }

  close(): void {
    this.readyState = 3;
  }

  open(): void {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.();
  }

  drop(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }

  ack(clientMsgId: string): void {
    this.onmessage?.({ data: JSON.stringify({ type: "ack", client_msg_id: clientMsgId, seq: 1 }) });
  }

  commands(): string[] {
    return this.sent.filter((frame) => frame.type !== "hello").map((frame) => String(frame.client_msg_id));
  }
}

function connected(): { socket: GameSocket; first: FakeWebSocket } {
  const socket = new GameSocket("ws://test/ws/games/ABCDEF/", "token", {
    onFrame: () => undefined,
    onState: () => undefined,
    lastSeq: () => 7,
  });
  socket.connect();
  const first = FakeWebSocket.opened[0]!;
  first.open();
  return { socket, first };
}

/** Send `count` commands that reach the server but whose acks are lost with the connection,
 * then let the socket reconnect: the ids of the held commands, and the new connection, open. */
function reconnectedHolding(count: number): { held: string[]; second: FakeWebSocket } {
  const { socket, first } = connected();
  for (let n = 0; n < count; n += 1) {
    void socket.command({ type: "post_message", channel: "room", text: `Message ${n}` }).catch(() => undefined);
  }
  first.drop();
  vi.advanceTimersByTime(500); // the first retry
  const second = FakeWebSocket.opened[1]!;
  second.open();
  return { held: first.commands(), second };
}

describe("GameSocket after a reconnect", () => {
  beforeEach(() => {
    FakeWebSocket.opened = [];
    vi.useFakeTimers();
    vi.stubGlobal("WebSocket", FakeWebSocket);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("says hello with its last seq, then resends what was not acknowledged, oldest first", () => {
    const { held, second } = reconnectedHolding(3);

    expect(second.sent[0]).toMatchObject({ type: "hello", token: "token", last_seq: 7 });
    expect(second.commands()).toEqual(held);
  });

  it("resends many held commands inside the server's rate limit, each once", () => {
    // The server's defaults: 40 frames at once, then 10 a second (SOCKET_BURST, SOCKET_RATE).
    const { held, second } = reconnectedHolding(100);
    const perSecond = [second.sent.length];
    for (let elapsed = 0; elapsed < 20; elapsed += 1) {
      const before = second.sent.length;
      vi.advanceTimersByTime(1000);
      perSecond.push(second.sent.length - before);
    }

    expect(perSecond[0]).toBeLessThanOrEqual(40);
    expect(Math.max(...perSecond.slice(1))).toBeLessThanOrEqual(10);
    expect(second.commands()).toEqual(held);
  });

  it("does not resend a command acknowledged while it waited its turn", () => {
    const { held, second } = reconnectedHolding(30);
    second.ack(held[25]!);
    vi.advanceTimersByTime(60_000);

    expect(second.commands()).toEqual(held.filter((id) => id !== held[25]));
  });

  it("stops resending on a socket that dropped, and starts again on the next", () => {
    const { held, second } = reconnectedHolding(30);
    second.drop();
    vi.advanceTimersByTime(1000);
    const third = FakeWebSocket.opened[2]!;
    third.open();
    vi.advanceTimersByTime(60_000);

    expect(second.commands()).toEqual(held.slice(0, RESEND_AT_ONCE));
    expect(third.commands()).toEqual(held);
  });
});
