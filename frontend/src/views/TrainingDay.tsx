import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { type Game, api } from "../api/client";
import { moodWord } from "../components/Mood";
import { PHASE_NAMES } from "../components/PhaseBar";
import { formatDuration } from "../format";
import { GameStore, secondsLeft } from "../state/game";
import { AppLink, FacilitatorNav } from "./Console";

/** One table: its phase, timer, the customer's mood and what needs the facilitator. */
function Table({ game }: { game: Game }) {
  const store = useMemo(() => new GameStore(game.code, null), [game.code]);
  const now = useSignal(performance.now());
  useEffect(() => {
    store.start();
    const timer = window.setInterval(() => (now.value = performance.now()), 1000);
    return () => { store.stop(); window.clearInterval(timer); };
  }, [store]);
  const snapshot = store.snapshot.value;
  const left = secondsLeft(store.clock.value, now.value);
  const seats = snapshot?.plan[String(snapshot.game.round)] ?? [];
  // The scripted customer is played by the server: it is never "disconnected".
  const away = (snapshot?.participants ?? []).filter(
    (p) => !p.connected && !p.scripted && seats.some((s) => s.participant === p.id && s.role !== "observer"),
  );
  const alerts = [
    ...(snapshot?.game.clock.hold_reason ? [snapshot.game.clock.hold_reason] : []),
    ...away.map((p) => `${p.name} is disconnected`),
  ];
  return (
    <li class={`table-card${alerts.length ? " has-alert" : ""}`}>
      <h2><AppLink to={`/facilitate/${game.code}`}>{game.name || game.scenario_title} <code>{game.code}</code></AppLink></h2>
      <p>
        {snapshot ? `${PHASE_NAMES[snapshot.game.phase] ?? snapshot.game.phase}${snapshot.game.round ? `, round ${snapshot.game.round} of ${snapshot.game.total_rounds}` : ""}` : "connecting…"}
        {left !== null && ` · ${formatDuration(Math.ceil(left))} left`}
        {snapshot?.mood !== null && snapshot?.mood !== undefined && ` · mood ${snapshot.mood} (${moodWord(snapshot.mood, snapshot.game.calm_threshold)})`}
      </p>
      {alerts.length > 0 && <ul class="alerts" role="alert">{alerts.map((a) => <li key={a}>⚠ {a}</li>)}</ul>}
    </li>
  );
}

export function TrainingDay() {
  const games = useSignal<Game[] | null>(null);
  useSignalEffect(() => {
    api<Game[]>("GET", "/api/v1/games/").then((found) => (games.value = found.filter((g) => g.phase !== "finished")), () => (games.value = []));
  });
  return (
    <main class="training-day">
      <FacilitatorNav />
      <h1>Training day</h1>
      {games.value === null ? <p role="status">Loading…</p> : games.value.length === 0 ? <p>No game is running.</p> : (
        <ul class="tables">{games.value.map((game) => <Table key={game.code} game={game} />)}</ul>
      )}
    </main>
  );
}
