import { useSignal, useSignalEffect } from "@preact/signals";
import { formatDuration } from "../format";
import { type GameEvent, lastOfType, ofType } from "../state/events";
import { type GameStore, secondsLeft } from "../state/game";
import { pausedLine } from "../state/placement";
import { MoodBadge } from "./Mood";

export const PHASE_NAMES: Record<string, string> = {
  lobby: "Lobby", briefing: "Briefing", live: "Live", debrief: "Debrief",
  agreement: "Agreement", finished: "Finished",
};

/** Why the round stands still, if it does: on hold, frozen by the coach, or paused. */
export function stoppedBecause(events: readonly GameEvent[], holdReason: string, paused: boolean): string | null {
  if (holdReason) return `On hold: ${holdReason}`;
  const frozen = ofType(events, "round.frozen");
  if (frozen.length > ofType(events, "round.unfrozen").length) {
    return `Frozen by the coach: ${frozen[frozen.length - 1]?.payload.reason ?? ""}`;
  }
  if (paused) return pausedLine(ofType(events, "clock.paused").pop()?.payload.reason ?? "");
  return null;
}

/** A ticking "now" for countdowns. */
export function useNow(everyMs = 250): number {
  const now = useSignal(performance.now());
  useSignalEffect(() => {
    const timer = window.setInterval(() => (now.value = performance.now()), everyMs);
    return () => window.clearInterval(timer);
  });
  return now.value;
}

/** Where the game is, how long is left, why it is stopped, and whether we are connected. */
export function PhaseBar({ store }: { store: GameStore }) {
  const now = useNow();
  const game = store.game.value;
  if (!game) {
    return store.connection.value === "closed" ? (
      <p class="notice notice--warning" role="status">This game is no longer open to you. It may have been deleted.</p>
    ) : null;
  }
  const clock = store.clock.value;
  const left = secondsLeft(clock, now);
  const live = game.phase === "live";
  const stopped = live ? stoppedBecause(store.roundEvents.value, clock?.hold_reason ?? "", Boolean(clock?.paused)) : null;
  const mood = store.snapshot.value?.mood;
  return (
    <header class={`phase-bar${stopped ? " is-stopped" : ""}`} data-region="status">
      <div class="phase-bar__where">
        <strong class="phase-bar__phase">{PHASE_NAMES[game.phase] ?? game.phase}</strong>
        {game.round > 0 && <span> · Round {game.round} of {game.total_rounds}</span>}
        <span class="phase-bar__scenario"> · {game.scenario.title}</span>
      </div>
      {left !== null && (
        <div class="phase-bar__timer" role="timer" aria-label={`Time left in the ${PHASE_NAMES[game.phase] ?? game.phase} phase`}>
          {formatDuration(Math.ceil(left))}
        </div>
      )}
      {mood !== null && mood !== undefined && game.phase !== "lobby" && <MoodBadge mood={mood} calmThreshold={game.calm_threshold} />}
      {stopped && <p class="phase-bar__stopped" role="status">{stopped}</p>}
      <FacilitatorWord store={store} />
      {store.connection.value !== "open" && (
        <p class="notice notice--warning" role="status">
          {store.connection.value === "closed" ? "This game is no longer open to you." : "Reconnecting… your draft is kept."}
        </p>
      )}
      {store.problem.value && (
        <p class="notice notice--error" role="alert" key={store.problem.value.id}>
          {store.problem.value.message}
          <button type="button" class="notice__close" onClick={() => (store.problem.value = null)}>
            <span aria-hidden="true">×</span><span class="visually-hidden">Dismiss</span>
          </button>
        </p>
      )}
    </header>
  );
}

/** The facilitator's latest word to the table this round, and the table's raised hand: asking
 * the facilitator for help is one button on every seat's screen (and lowering it on theirs). */
function FacilitatorWord({ store }: { store: GameStore }) {
  // A word belongs to the phase it was said in ("live starts in 2 minutes" is stale once live).
  const said = lastOfType(store.roundEvents.value, "facilitator.announced");
  const phaseSince = lastOfType(store.roundEvents.value, "phase.changed")?.seq ?? 0;
  const announced = said && said.seq > phaseSince ? said : null;
  const hand = lastOfType(store.events.value, "hand.raised");
  const raised = hand?.payload.raised ?? false;
  const facilitator = store.me.value?.role === "facilitator";
  const send = (up: boolean) => void store.send({ type: "raise_hand", raised: up }).catch(() => undefined);
  return (
    <>
      {announced && (
        <p class="phase-bar__announcement" role="status">
          <strong>From the facilitator:</strong> {announced.payload.text}
        </p>
      )}
      {raised && (
        <p class="phase-bar__hand" role="status">
          {hand?.payload.name} asked the facilitator for help.{" "}
          <button type="button" class="subtle" onClick={() => send(false)}>{facilitator ? "Lower the hand" : "We are fine now"}</button>
        </p>
      )}
      {!raised && !facilitator && (
        <button type="button" class="phase-bar__raise" onClick={() => send(true)}>
          Ask the facilitator
        </button>
      )}
    </>
  );
}
