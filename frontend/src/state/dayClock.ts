/** The training day's master clock, counted on in the browser from what the server last said. */
import type { DayView } from "../api/client";

export type DayClock = DayView["clock"];

/** The day's clock `sinceMs` after it arrived: the server's figures (read with the day) counted
 * on locally, as a game's timer counts down from its `seconds_left` (state/game.ts). */
export function clockNow(clock: DayClock, sinceMs: number): { elapsed: number | null; left: number | null } {
  // A tick taken just before the clock arrived: never count the other way.
  const since = Math.max(0, sinceMs) / 1000;
  return {
    elapsed: clock.elapsed_seconds === null ? null : clock.elapsed_seconds + since,
    left: clock.seconds_left === null ? null : clock.paused ? clock.seconds_left : Math.max(0, clock.seconds_left - since),
  };
}
