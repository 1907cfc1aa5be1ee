import { describe, expect, it } from "vitest";
import { formatLongDuration } from "../format";
import { clockNow } from "./dayClock";

const running = { elapsed_seconds: 600, seconds_left: 90, paused: false, timed_tables: 3 };

describe("the day's master clock", () => {
  it("counts the day on and the phase down from what the server said", () => {
    expect(clockNow(running, 30_000)).toEqual({ elapsed: 630, left: 60 });
  });

  it("stops at zero and stands still while paused", () => {
    expect(clockNow(running, 120_000).left).toBe(0);
    expect(clockNow({ ...running, paused: true }, 30_000).left).toBe(90);
  });

  it("has nothing to show before the tables open or when no table is timed", () => {
    expect(clockNow({ elapsed_seconds: null, seconds_left: null, paused: false, timed_tables: 0 }, 5000)).toEqual({ elapsed: null, left: null });
  });

  it("never counts backwards from a tick taken before the clock arrived", () => {
    expect(clockNow(running, -400)).toEqual({ elapsed: 600, left: 90 });
  });

  it("reads hours as h:mm:ss", () => {
    expect(formatLongDuration(59)).toBe("0:59");
    expect(formatLongDuration(3912.7)).toBe("1:05:12");
  });
});
