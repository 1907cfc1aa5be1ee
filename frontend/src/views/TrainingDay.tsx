import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { type Game, api } from "../api/client";
import { moodWord } from "../components/Mood";
import { MoodChart } from "../components/MoodChart";
import { PHASE_NAMES } from "../components/PhaseBar";
import { formatDuration } from "../format";
import { lastOfType, moodCurve } from "../state/events";
import { GameStore, secondsLeft } from "../state/game";
import { AppLink, FacilitatorNav } from "./Console";
import { DayList } from "./Day";

interface TableProps {
  game: Pick<Game, "code" | "name"> & { scenario_title?: string };
  /** Who raised the table's hand, as the day last read it (the socket's events say it sooner). */
  hand?: string | null;
  /** On the wall: no console links, the round's mood curve. */
  wall?: boolean;
}

/** One table: its phase, timer, the customer's mood and what needs the facilitator. */
export function Table({ game, hand = null, wall = false }: TableProps) {
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
  const raised = lastOfType(store.events.value, "hand.raised");
  const handBy = raised ? (raised.payload.raised ? raised.payload.name : null) : hand;
  const alerts = [
    ...(handBy ? [`${handBy} asked for help`] : []),
    ...(snapshot?.game.clock.hold_reason ? [snapshot.game.clock.hold_reason] : []),
    ...(wall ? [] : away.map((p) => `${p.name} is disconnected`)),
  ];
  const curve = moodCurve(store.roundEvents.value);
  const title = `${game.name || game.scenario_title || ""}`;
  return (
    <li class={`table-card${alerts.length ? " has-alert" : ""}`}>
      <h2>{wall ? title : <AppLink to={`/facilitate/${game.code}`}>{title} <code>{game.code}</code></AppLink>}</h2>
      <p>
        {snapshot ? `${PHASE_NAMES[snapshot.game.phase] ?? snapshot.game.phase}${snapshot.game.round ? `, round ${snapshot.game.round} of ${snapshot.game.total_rounds}` : ""}` : "connecting…"}
        {left !== null && ` · ${formatDuration(Math.ceil(left))} left`}
        {snapshot?.mood !== null && snapshot?.mood !== undefined && ` · mood ${snapshot.mood} (${moodWord(snapshot.mood, snapshot.game.calm_threshold)})`}
      </p>
      {alerts.length > 0 && <div role="alert"><ul class="alerts">{alerts.map((a) => <li key={a}>⚠ {a}</li>)}</ul></div>}
      {wall && curve.length > 1 && snapshot && (
        <MoodChart series={[{ label: `Round ${snapshot.game.round}`, points: curve }]} calmThreshold={snapshot.game.calm_threshold} />
      )}
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
      <DayList />
      <h2>Every game running now</h2>
      {games.value === null ? <p role="status">Loading…</p> : games.value.length === 0 ? <p>No game is running.</p> : (
        <ul class="tables">{games.value.map((game) => <Table key={game.code} game={game} />)}</ul>
      )}
    </main>
  );
}
