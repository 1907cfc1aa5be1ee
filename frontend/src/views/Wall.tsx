import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { type Game, api } from "../api/client";
import { MoodBadge } from "../components/Mood";
import { MoodChart } from "../components/MoodChart";
import { PHASE_NAMES, stoppedBecause, useNow } from "../components/PhaseBar";
import { formatDuration } from "../format";
import { lastOfType, moodCurve } from "../state/events";
import { secondsLeft } from "../state/game";
import { type RoundOutcome, useGame } from "./Play";
import { Figures } from "./Compare";

interface Comparison {
  rounds: RoundOutcome[];
  calm_threshold: number;
  agreed_changes: { change: number; round: number; text: string }[];
}

/** The join code, QR code and link, while the game takes people in. */
function JoinCard({ code, joinUrl }: { code: string; joinUrl: string }) {
  return (
    <section class="wall__join" aria-label="How to join">
      <p class="wall__code" aria-label={`Join code ${code.split("").join(" ")}`}>{code}</p>
      <img class="wall__qr" src={`/qr/${code}.svg`} alt={`QR code for ${joinUrl}`} width={280} height={280} />
      <p class="wall__link">{joinUrl}</p>
    </section>
  );
}

/**
 * The room display for the projector: not a second console. In the lobby, how to join and who
 * is in; during play, the phase, a big timer, the mood and its curve, and the agreed changes; the
 * round comparison on one click. Nothing private is shown: no briefs, no huddle, no coach notes.
 */
export function Wall({ code }: { code: string }) {
  const store = useGame(code, null);
  const view = useSignal<"live" | "compare">("live");
  const joinUrl = useSignal(`${window.location.origin}/join/${code}`);
  const comparison = useSignal<Comparison | null>(null);
  const now = useNow(500);
  // The console's choice (`show_on_wall`) reaches every display of the game, on any machine; the
  // display's own button changes only this display until the console chooses again.
  const shown = lastOfType(store.events.value, "wall.shown");
  useEffect(() => {
    if (shown) view.value = shown.payload.view;
  }, [shown?.seq]);
  useEffect(() => {
    void api<Game & { join_url?: string }>("GET", `/api/v1/games/${code}/`).then((game) => {
      if (game.join_url) joinUrl.value = game.join_url;
    }, () => undefined);
  }, [code]);
  useSignalEffect(() => {
    void store.game.value?.phase;
    void store.game.value?.round;
    void api<Comparison>("GET", `/api/v1/games/${code}/comparison/`).then((found) => (comparison.value = found), () => undefined);
  });

  const snapshot = store.snapshot.value;
  if (!snapshot) return <main class="wall"><h1 class="visually-hidden">Room display</h1><p role="status">Connecting…</p></main>;
  const { game } = snapshot;
  const events = store.roundEvents.value;
  const left = secondsLeft(store.clock.value, now);
  const curve = moodCurve(events);
  const earlier = (comparison.value?.rounds ?? []).filter((r) => r.round < game.round);
  const series = [
    ...earlier.map((r) => ({ label: `Round ${r.round}`, points: r.mood_curve })),
    ...(game.round > 0 ? [{ label: game.phase === "finished" ? `Round ${game.round}` : `Round ${game.round} (now)`, points: curve }] : []),
  ];
  const players = snapshot.participants.filter((p) => !p.observer);
  const stopped = game.phase === "live" ? stoppedBecause(events, store.clock.value?.hold_reason ?? "", Boolean(store.clock.value?.paused)) : null;
  const changes = snapshot.agreed_changes;

  return (
    <main class={`wall wall--${game.phase}`}>
      <h1 class="wall__title">{game.name || game.scenario.title}</h1>
      <div class="wall__status">
        <span class="wall__phase">{PHASE_NAMES[game.phase]}{game.round > 0 && ` · round ${game.round} of ${game.total_rounds}`}</span>
        {left !== null && <span class="wall__timer" role="timer" aria-label="Time left">{formatDuration(Math.ceil(left))}</span>}
        {snapshot.mood !== null && game.phase !== "lobby" && <MoodBadge mood={snapshot.mood} calmThreshold={game.calm_threshold} />}
      </div>
      {stopped && <p class="wall__stopped" role="status">{stopped}</p>}
      {view.value === "compare" && comparison.value ? (
        <section class="wall__compare" aria-label="Round comparison">
          <h2>Round over round</h2>
          <div class="wall__compare-body">
          <MoodChart series={comparison.value.rounds.map((r) => ({ label: `Round ${r.round}`, points: r.mood_curve }))} calmThreshold={game.calm_threshold} large />
          <Figures rounds={comparison.value.rounds} currency={game.currency} compact />
          </div>
          <button type="button" class="subtle wall__back" onClick={() => (view.value = "live")}>Back to the live display</button>
        </section>
      ) : (
        <div class="wall__grid">
          {!game.locked && game.phase !== "finished" && <JoinCard code={code} joinUrl={joinUrl.value} />}
          {game.phase === "lobby" ? (
            <section class="wall__people" aria-label="Who has joined">
              <h2>{players.length} {players.length === 1 ? "person has" : "people have"} joined</h2>
              <ul>{players.map((p) => <li key={p.id} class={p.connected || p.scripted ? "" : "is-away"}>{p.name}</li>)}</ul>
            </section>
          ) : (
            <section class="wall__mood" aria-label="Mood">
              <h2>The customer's mood</h2>
              {series.some((s) => s.points.length) ? <MoodChart series={series} calmThreshold={game.calm_threshold} large /> : <p>The mood appears once the round goes live.</p>}
            </section>
          )}
          {changes.length > 0 && (
            <section class="wall__changes" aria-label="What we agreed to try">
              <h2>What we agreed to try</h2>
              <ul>{changes.map((c) => <li key={c.change}>{c.text} <small>(round {c.round})</small></li>)}</ul>
            </section>
          )}
          {comparison.value && comparison.value.rounds.length > 0 && (
            <p class="wall__hint"><button type="button" class="subtle" onClick={() => (view.value = "compare")}>Show the round comparison</button></p>
          )}
        </div>
      )}
    </main>
  );
}
