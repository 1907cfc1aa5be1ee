import { describe, expect, it } from "vitest";
import { moodCurve } from "./events";
import { aMessage, anEvent } from "./testing";

describe("moodCurve", () => {
  const mood = (seq: number, value: number, at: number) =>
    anEvent("mood.changed", { mood: value, live_seconds: at, reason: "customer" }, { seq });

  it("holds the last mood until the last moment anything was said", () => {
    const events = [mood(1, 8, 0), mood(2, 6, 70), aMessage(3, "Anything else?", { live_seconds: 210 })];

    expect(moodCurve(events)).toEqual([
      { live_seconds: 0, mood: 8 },
      { live_seconds: 70, mood: 6 },
      { live_seconds: 210, mood: 6 },
    ]);
  });

  it("adds nothing when the last change is the last moment", () => {
    expect(moodCurve([mood(1, 8, 0), aMessage(2, "Hi", { live_seconds: 0 })])).toEqual([{ live_seconds: 0, mood: 8 }]);
  });
});
