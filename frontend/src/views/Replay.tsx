import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { ApiError, api } from "../api/client";
import type { components } from "../api/schema";
import { Chat } from "../components/Chat";
import { MoodChart } from "../components/MoodChart";
import { techniqueLabel } from "../format";
import { type GameEvent, eventsFromApi, ofType } from "../state/events";
import { type Naming, viewOf } from "../state/placement";
import { FacilitatorNav } from "./Console";

type ReplayData = components["schemas"]["Replay"];
type Perspective = "customer" | "team" | "coach";

const PERSPECTIVES: { value: Perspective; label: string }[] = [
  { value: "customer", label: "Customer" },
  { value: "team", label: "Team" },
  { value: "coach", label: "Coach" },
];
const SPEEDS = [1, 2, 4, 8];
const TICK_MS = 100;

/** An event at its moment: seconds from the start of the round's live phase (negative: briefing). */
interface Moment {
  event: GameEvent;
  t: number;
}

/** "Live 1:05", "Briefing −0:20": where a moment is, relative to the live phase's start. */
export function clockLabel(t: number): string {
  const whole = Math.round(Math.abs(t));
  const shown = `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
  return t < 0 ? `−${shown}` : shown;
}

/** Each event's moment: its time minus the live phase's start; review notes at their at_seconds. */
function momentsOf(events: GameEvent[]): { moments: Moment[]; reviews: Moment[]; start: number; end: number } {
  const live = events.find((e) => e.type === "phase.changed" && e.payload.phase === "live");
  const origin = Date.parse((live ?? events[0])?.at ?? new Date().toISOString());
  const moments: Moment[] = [];
  const reviews: Moment[] = [];
  for (const event of events) {
    if (event.type === "review.annotated") reviews.push({ event, t: event.payload.at_seconds });
    else moments.push({ event, t: (Date.parse(event.at) - origin) / 1000 });
  }
  const times = moments.map((m) => m.t);
  return { moments, reviews, start: Math.min(0, ...times), end: Math.max(0, ...times) };
}

/** Tags and the coach's notes, each shown from the moment it was written. */
function Coaching({ shown }: { shown: Moment[] }) {
  const removed = new Set(ofType(shown.map((m) => m.event), "tag.removed").map((e) => e.payload.tag));
  const tags = shown.flatMap(({ event, t }) => (event.type === "tag.added" && !removed.has(event.seq) ? [{ event, t }] : []));
  const notes = shown.flatMap(({ event, t }) => (event.type === "coach.note" ? [{ event, t }] : []));
  return (
    <section class="coach-tools" aria-label="Tags and coach notes">
      <h2>Tags</h2>
      <ol class="replay__tags">
        {tags.map(({ event, t }) => (
          <li key={event.seq} data-seq={event.seq}>
            <span class="chat__role">{clockLabel(t)}</span> <strong>{techniqueLabel(event.payload.technique)}</strong>
            {event.payload.note && <> — {event.payload.note}</>}
          </li>
        ))}
      </ol>
      <h2>Coach notes</h2>
      <ol class="replay__notes">
        {notes.map(({ event, t }) => (
          <li key={event.seq}><span class="chat__role">{clockLabel(t)}</span> {event.payload.author}: {event.payload.text}</li>
        ))}
      </ol>
    </section>
  );
}

/** Review annotations (never live tags): listed with their moment; a click jumps there. */
function Annotations({ code, round, reviews, now, perspective, token, onSaved, onJump }: {
  code: string; round: number; reviews: Moment[]; now: number; perspective: Perspective; token: string | null;
  onSaved: () => void; onJump: (t: number) => void;
}) {
  const draft = useSignal("");
  const problem = useSignal<string | null>(null);
  const at = Math.max(0, Math.round(now * 10) / 10);
  const save = async (e: Event) => {
    e.preventDefault();
    const note = draft.value.trim();
    if (!note) return;
    try {
      await api("POST", `/api/v1/games/${code}/annotations/`, { body: { round, at_seconds: at, text: note, perspective }, playerToken: token });
      draft.value = "";
      problem.value = null;
      onSaved();
    } catch (caught) {
      problem.value = caught instanceof ApiError ? caught.message : "The note was not saved.";
    }
  };
  return (
    <section class="replay__review" aria-label="Review annotations">
      <h2>Review notes</h2>
      <form class="chat__form" onSubmit={save}>
        <label for="review-note">Note at {clockLabel(at)}</label>
        <input id="review-note" name="review-note" value={draft.value} maxLength={2000} autoComplete="off"
          onInput={(e) => (draft.value = (e.target as HTMLInputElement).value)} />
        <button type="submit">Save note</button>
      </form>
      {problem.value && <p class="notice notice--error" role="alert">{problem.value}</p>}
      <ol class="replay__annotations">
        {[...reviews].sort((a, b) => a.t - b.t).map(({ event, t }) => (
          <li key={event.seq} class={t <= now ? "is-past" : ""}>
            <button type="button" class="subtle" onClick={() => onJump(t)}>{clockLabel(t)}</button>{" "}
            <span class="agreed-badge">review</span> {event.type === "review.annotated" ? `${event.payload.author}: ${event.payload.text}` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A finished round played back from its log, as one seat saw it live. */
export function Replay({ code, round, token = null }: { code: string; round: number; token?: string | null }) {
  // Unnamed, the server picks: the facilitator's coach view, a player's own seat.
  const perspective = useSignal<Perspective | null>(null);
  const data = useSignal<ReplayData | null>(null);
  const reviewEvents = useSignal<GameEvent[]>([]);
  const error = useSignal<string | null>(null);
  const reloads = useSignal(0);
  const now = useSignal<number | null>(null);
  const playing = useSignal(false);
  const speed = useSignal(1);

  useSignalEffect(() => {
    const chosen = perspective.value;
    void reloads.value;
    const url = (p: Perspective | null) => `/api/v1/games/${code}/rounds/${round}/replay/${p ? `?perspective=${p}` : ""}`;
    const get = (p: Perspective | null) => api<ReplayData>("GET", url(p), { playerToken: token });
    void get(chosen).then(async (found) => {
      // Review notes are shown with the coach's view, whoever may read it.
      const coach = found.perspective === "coach" || !found.perspectives.includes("coach") ? null : await get("coach");
      data.value = found;
      reviewEvents.value = eventsFromApi((coach ?? found).events).filter((e) => e.type === "review.annotated");
      error.value = null;
    }).then(
      () => undefined,
      (caught: unknown) => (error.value = caught instanceof ApiError ? caught.message : "The replay could not be loaded."),
    );
  });

  const timeline = useMemo(() => momentsOf(eventsFromApi(data.value?.events ?? [])), [data.value]);
  const reviews = useMemo(() => momentsOf(reviewEvents.value).reviews, [reviewEvents.value]);
  const position = now.value ?? timeline.start;

  useEffect(() => {
    if (!playing.value) return;
    let last = performance.now();
    const timer = window.setInterval(() => {
      const tick = performance.now();
      const next = (now.value ?? timeline.start) + ((tick - last) / 1000) * speed.value;
      last = tick;
      if (next >= timeline.end) {
        now.value = timeline.end;
        playing.value = false;
      } else {
        now.value = next;
      }
    }, TICK_MS);
    return () => window.clearInterval(timer);
  }, [playing.value, timeline]);

  const shown = timeline.moments.filter((m) => m.t <= position);
  const shownEvents = shown.map((m) => m.event);
  const moodPoints = shown.flatMap(({ event, t }) =>
    event.type === "mood.changed" ? [{ live_seconds: Math.max(0, event.payload.live_seconds ?? t), mood: event.payload.mood }] : [],
  );
  const moodKey = moodPoints.length;
  const series = useMemo(() => [{ label: `Round ${round}`, points: moodPoints }], [moodKey, data.value]);
  const nextTag = timeline.moments.find((m) => m.event.type === "tag.added" && m.t > position + 0.001);
  const latest = ofType(shownEvents, "message.posted").pop();

  if (error.value) return <main class="compare replay"><p role="alert">{error.value}</p></main>;
  if (!data.value) return <main class="compare replay"><p role="status">Loading…</p></main>;
  const view = data.value.perspective;
  const mayReview = !token || data.value.perspectives.includes("coach");
  const naming: Naming = { names: new Map(), currency: data.value.currency ?? "EUR" };
  // Every line of the round but the messages (the chats hold those): the team's injects and
  // concessions too, which a team or coach replay reads from the huddle.
  const momentRegions = new Set(["room", "huddle", "status", "coach", "review"]);
  const moments = shown
    .filter((m) => m.event.type !== "message.posted" && momentRegions.has(viewOf(m.event, naming).region))
    .map((m) => ({ ...m, line: viewOf(m.event, naming).line }));
  return (
    <main class="compare replay">
      {token ? (
        <nav class="top-nav" aria-label="Game"><a href={`/play/${code}`}>← Back to the game</a></nav>
      ) : (
        <FacilitatorNav>
          <a href={`/facilitate/${code}`}>Console</a>
          <a href={`/facilitate/${code}/compare`}>Compare rounds</a>
        </FacilitatorNav>
      )}
      <header class="compare__header">
        <h1>Replay of round {round}</h1>
      </header>
      <fieldset class="coach-tools__row replay__perspective">
        <legend>Seen as</legend>
        {PERSPECTIVES.filter((p) => data.value?.perspectives.includes(p.value)).map((p) => (
          <button key={p.value} type="button" aria-pressed={view === p.value} class={view === p.value ? "button" : ""}
            onClick={() => (perspective.value = p.value)}>{p.label}</button>
        ))}
      </fieldset>
      <section class="coach-tools__row replay__controls" aria-label="Playback">
        <button type="button" class="button" onClick={() => {
          if (!playing.value && position >= timeline.end) now.value = timeline.start;
          playing.value = !playing.value;
        }}>{playing.value ? "Pause" : "Play"}</button>
        {SPEEDS.map((s) => (
          <button key={s} type="button" aria-pressed={speed.value === s} class={speed.value === s ? "button" : ""}
            onClick={() => (speed.value = s)}>{s}x</button>
        ))}
        <label>
          <span class="visually-hidden">Position in the round</span>
          <input type="range" name="position" min={timeline.start} max={timeline.end} step={0.1} value={position}
            aria-valuetext={clockLabel(position)}
            onInput={(e) => (now.value = Number((e.target as HTMLInputElement).value))} />
        </label>
        <output class="phase-bar__timer replay__clock" aria-label="Time into live">{clockLabel(position)}</output>
        <button type="button" disabled={!nextTag} onClick={() => nextTag && (now.value = nextTag.t)}>Next tag</button>
      </section>
      <p class="visually-hidden" aria-live="polite">{latest ? `${latest.payload.author}: ${latest.payload.text}` : ""}</p>
      <div class="conversation">
        <Chat title="Room" region="room" events={shownEvents} naming={naming} titles={data.value.function_titles ?? {}} />
        {view !== "customer" && <Chat title="Team huddle" region="huddle" events={shownEvents} naming={naming} titles={data.value.function_titles ?? {}} />}
      </div>
      <section aria-label="Mood">
        <h2>Mood</h2>
        {moodPoints.length ? <MoodChart series={series} calmThreshold={data.value.calm_threshold} /> : <p>No mood this seat could see yet.</p>}
      </section>
      {view === "coach" && <Coaching shown={shown} />}
      <section aria-label="What happened">
        <h2>What happened</h2>
        <ol class="replay__moments">
          {moments.map((m) => <li key={m.event.seq}><span class="chat__role">{clockLabel(m.t)}</span> {m.line}</li>)}
        </ol>
      </section>
      {mayReview && (
        <Annotations code={code} round={round} reviews={reviews} now={position} perspective={view} token={token}
          onSaved={() => (reloads.value += 1)} onJump={(t) => (now.value = t)} />
      )}
    </main>
  );
}
