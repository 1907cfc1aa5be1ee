/** Builders for the frontend's tests: typed events and snapshots with sensible defaults. */
import type { Snapshot } from "../realtime/protocol";
import type { EventOf, EventType, PayloadOf } from "./events";

export function anEvent<T extends EventType>(
  type: T,
  payload: PayloadOf<T>,
  overrides: Partial<Omit<EventOf<T>, "type" | "payload">> = {},
): EventOf<T> {
  const audience = "everyone";
  return { seq: 1, round: 1, audience, addressee: null, actor: null, at: "2026-12-06T10:00:00+00:00", ...overrides, type, payload } as EventOf<T>;
}

export function aMessage(seq: number, text: string, overrides: Partial<PayloadOf<"message.posted">> = {}, actor: number | null = 2) {
  return anEvent("message.posted", { channel: "room", text, author: "Ben", role: "customer", functions: [], ...overrides },
    { seq, actor, audience: overrides.channel ?? "room" });
}

export function aSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    type: "snapshot",
    seq: 10,
    game: {
      code: "ABCDEF", name: "", phase: "live", round: 1, total_rounds: 2,
      conversation_mode: "typed", coach_mode: "rotating", locked: false, replays_open: false, functions: ["logistics"],
      function_titles: { logistics: "Logistics lead" }, calm_threshold: 3, currency: "GBP",
      live_seconds: 600, technique_labels: { acknowledge: "Acknowledge" },
      clock: { deadline: null, paused: false, seconds_left: 600, hold_reason: "" },
      scenario: { id: "s", version: 1, title: "S", summary: "" },
    },
    me: { participant: 1, name: "Ann", role: "responder", functions: ["logistics"] },
    brief: { title: "S", summary: "", customer: { name: "C", company: "Co", role: "Boss" }, opening_statement: "Hi" },
    participants: [{ id: 1, name: "Ann", observer: false, connected: true }, { id: 2, name: "Ben", observer: false, connected: false }],
    plan: {},
    mood: 8,
    agreed_changes: [],
    events: [],
    ...overrides,
  };
}
