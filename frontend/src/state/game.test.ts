import { describe, expect, it } from "vitest";
import type { EventOut, Snapshot } from "../realtime/protocol";
import { GameStore, secondsLeft } from "./game";

function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    type: "snapshot",
    seq: 10,
    game: {
      code: "ABCDEF", name: "", phase: "live", round: 1, total_rounds: 2,
      conversation_mode: "typed", coach_mode: "rotating", locked: false, functions: ["logistics"],
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

function event(seq: number, type: string, payload: Record<string, unknown>, round = 1): EventOut {
  return { seq, round, type, audience: "everyone", addressee: null, actor: null, at: "", payload };
}

describe("GameStore", () => {
  it("applies events in order and ignores one it already holds", () => {
    const store = new GameStore("ABCDEF", "token");
    store.applySnapshot(snapshot());
    const said = event(11, "message.posted", { channel: "room", text: "Hello", author: "Ben", role: "customer" });

    store.applyEvents([said], 11);
    store.applyEvents([said], 11);

    expect(store.events.value.map((e) => e.seq)).toEqual([11]);
    expect(store.announcement.value).toBe("Ben (room): Hello");
  });

  it("follows the phase, the clock, presence and the mood from events", () => {
    const store = new GameStore("ABCDEF", "token");
    store.applySnapshot(snapshot());

    store.applyEvents([
      event(11, "participant.connected", { participant: 2 }),
      event(12, "mood.changed", { mood: 5 }),
      event(13, "phase.changed", { phase: "debrief", round: 1, deadline: null, paused: false, seconds_left: 300, hold_reason: "" }),
    ], 13);

    const current = store.snapshot.value;
    expect(current?.participants.find((p) => p.id === 2)?.connected).toBe(true);
    expect(current?.mood).toBe(5);
    expect(current?.game.phase).toBe("debrief");
    expect(store.clock.value?.seconds_left).toBe(300);
  });

  it("records an agreed change and the coach's kept mark", () => {
    const store = new GameStore("ABCDEF", "token");
    store.applySnapshot(snapshot());

    store.applyEvents([event(20, "change.agreed", { text: "Give a time", forced: false })], 20);
    store.applyEvents([event(30, "change.marked", { change: 20, kept: true }, 2)], 30);

    expect(store.snapshot.value?.agreed_changes).toEqual([
      { change: 20, round: 1, text: "Give a time", forced: false, kept: [{ round: 2, kept: true }] },
    ]);
  });
});

describe("secondsLeft", () => {
  it("counts down locally while running and stands still while paused", () => {
    const running = { deadline: null, paused: false, seconds_left: 60, hold_reason: "", receivedAt: 1000 };

    expect(secondsLeft(running, 11_000)).toBe(50);
    expect(secondsLeft({ ...running, paused: true }, 11_000)).toBe(60);
    expect(secondsLeft(running, 999_000)).toBe(0);
  });
});
