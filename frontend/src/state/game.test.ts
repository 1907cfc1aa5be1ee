import { describe, expect, it, vi } from "vitest";
import { GameStore, PROBLEM_SHOWN_MS, secondsLeft } from "./game";
import { aMessage, aSnapshot, anEvent } from "./testing";

describe("GameStore", () => {
  it("applies events in order and ignores one it already holds", () => {
    const store = new GameStore("ABCDEF", "token");
    store.applySnapshot(aSnapshot());
    const said = aMessage(11, "Hello");

    store.applyEvents([said], 11);
    store.applyEvents([said], 11);

    expect(store.events.value.map((e) => e.seq)).toEqual([11]);
    expect(store.announcement.value).toBe("Ben (room): Hello");
  });

  it("follows the phase, the clock, presence and the mood from events", () => {
    const store = new GameStore("ABCDEF", "token");
    store.applySnapshot(aSnapshot());

    store.applyEvents([
      anEvent("participant.connected", { participant: 2 }, { seq: 11 }),
      anEvent("mood.changed", { mood: 5, reason: "customer", live_seconds: 30 }, { seq: 12 }),
      anEvent("phase.changed", { phase: "debrief", round: 1, reason: "facilitator", deadline: null, paused: false, seconds_left: 300, hold_reason: "" }, { seq: 13 }),
    ], 13);

    const current = store.snapshot.value;
    expect(current?.participants.find((p) => p.id === 2)?.connected).toBe(true);
    expect(current?.mood).toBe(5);
    expect(current?.game.phase).toBe("debrief");
    expect(store.clock.value?.seconds_left).toBe(300);
  });

  it("records an agreed change and the coach's kept mark", () => {
    const store = new GameStore("ABCDEF", "token");
    store.applySnapshot(aSnapshot());

    store.applyEvents([anEvent("change.agreed", { proposal: 18, text: "Give a time", forced: false, reason: "" }, { seq: 20 })], 20);
    store.applyEvents([anEvent("change.marked", { change: 20, kept: true }, { seq: 30, round: 2 })], 30);

    expect(store.snapshot.value?.agreed_changes).toEqual([
      { change: 20, round: 1, text: "Give a time", forced: false, kept: [{ round: 2, kept: true }] },
    ]);
  });

  it("moves the customer seat to whoever the facilitator gave it", () => {
    const store = new GameStore("ABCDEF", null);
    const seats = [
      { participant: 1, name: "Ann", role: "customer" as const, functions: [] },
      { participant: 2, name: "Ben", role: "responder" as const, functions: ["logistics"] },
    ];
    store.applySnapshot(aSnapshot({ plan: { "1": seats } }));

    const swapped = [{ ...seats[0]!, role: "responder" as const, functions: ["logistics"] }, { ...seats[1]!, role: "customer" as const, functions: [] }];
    store.applyEvents([anEvent("seats.customer_given", { round: 1, customer: 2, previous: 1, seats: swapped }, { seq: 11 })], 11);

    expect(store.snapshot.value?.plan["1"]).toEqual(swapped);
  });

  it("shows a refused command's message for a while, then clears it by itself", () => {
    vi.useFakeTimers();
    const store = new GameStore("ABCDEF", "token");

    store.showProblem("Only the customer may set mood.");
    expect(store.problem.value?.message).toBe("Only the customer may set mood.");
    vi.advanceTimersByTime(PROBLEM_SHOWN_MS);

    expect(store.problem.value).toBeNull();
    vi.useRealTimers();
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
