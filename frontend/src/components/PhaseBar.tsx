import { useSignal, useSignalEffect } from "@preact/signals";
import { type GameStore, secondsLeft } from "../state/game";
import { MoodBadge } from "./Mood";

const PHASE_NAMES: Record<string, string> = {
  lobby: "Lobby", briefing: "Briefing", live: "Live", debrief: "Debrief",
  agreement: "Agreement", finished: "Finished",
};

export function formatSeconds(seconds: number): string {
  const whole = Math.ceil(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/** Where the game is, how long is left, why it is stopped, and whether we are connected. */
export function PhaseBar({ store }: { store: GameStore }) {
  const now = useSignal(performance.now());
  useSignalEffect(() => {
    const timer = window.setInterval(() => (now.value = performance.now()), 250);
    return () => window.clearInterval(timer);
  });
  const game = store.game.value;
  if (!game) return null;
  const clock = store.clock.value;
  const left = secondsLeft(clock, now.value);
  const stopped = clock?.hold_reason || (clock?.paused ? "Paused" : "");
  const mood = store.snapshot.value?.mood;
  return (
    <header class="phase-bar">
      <div class="phase-bar__where">
        <strong>{PHASE_NAMES[game.phase] ?? game.phase}</strong>
        {game.round > 0 && <span> · Round {game.round} of {game.total_rounds}</span>}
        <span class="phase-bar__scenario"> · {game.scenario.title}</span>
      </div>
      {left !== null && (
        <div class="phase-bar__timer" role="timer" aria-label="Time left in this phase">
          {formatSeconds(left)}
        </div>
      )}
      {mood !== null && mood !== undefined && <MoodBadge mood={mood} />}
      {stopped && <p class="phase-bar__stopped" role="status">{stopped}</p>}
      {store.connection.value !== "open" && (
        <p class="notice notice--warning" role="status">
          {store.connection.value === "closed" ? "This game no longer exists." : "Reconnecting… your draft is kept."}
        </p>
      )}
      {store.problem.value && <p class="notice notice--error" role="alert">{store.problem.value}</p>}
    </header>
  );
}
