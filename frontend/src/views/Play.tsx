import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { api, dayTokens, playerTokens } from "../api/client";
import { AgreedChanges } from "../components/AgreedChanges";
import { AgreementView } from "../components/Agreement";
import { CoachBrief, type ConcessionChoice, CustomerBrief, EscalationCards, PublicBrief, ResponderBrief } from "../components/Brief";
import { Chat } from "../components/Chat";
import { CoachTools, type CoachDesk, RubricPanel, TagButton, TagList, TagWith, useCoachDesk } from "../components/Coaching";
import { CoachDebriefForm, DebriefView, KeptMarks, RatingForm, ReflectionForm } from "../components/Debrief";
import { MoodControl } from "../components/Mood";
import { MoodChart } from "../components/MoodChart";
import { type Panel, Panels } from "../components/Panels";
import { PhaseBar, stoppedBecause } from "../components/PhaseBar";
import { formatMoney, formatTimeToCalm, seatName } from "../format";
import type { Brief, Snapshot } from "../realtime/protocol";
import { type EventOf, type GameEvent, type PayloadOf, ofType } from "../state/events";
import { navigate } from "../router";
import { GameStore } from "../state/game";
import { type Naming, TIMELINE_REGIONS, viewOf } from "../state/placement";

export type RoundOutcome = PayloadOf<"round.summarized">;
interface Comparison {
  rounds: RoundOutcome[];
  calm_threshold: number;
}

/** A live region that reads new messages aloud to screen-reader users. */
export function Announcer({ store }: { store: GameStore }) {
  return (
    <div class="visually-hidden" aria-live="polite" aria-atomic="true">
      {store.announcement.value}
    </div>
  );
}

/** The first thing a keyboard reaches: straight to the conversation. */
export function SkipLink() {
  return <a class="skip-link" href="#chat-room">Skip to the conversation</a>;
}

/** One game's store, connected while the view is shown. `inspect: false` for a second store on
 * a screen (the practice page's coach): the browser tests inspect the seat's own. */
export function useGame(code: string, token: string | null, { inspect = true }: { inspect?: boolean } = {}): GameStore {
  const store = useMemo(() => new GameStore(code, token), [code, token]);
  useEffect(() => {
    store.start();
    if (inspect) {
      // The browser tests check from here that every event this seat received shows on its
      // screen where it belongs; nothing else uses it.
      const placeOf = (event: GameEvent) => {
        const snapshot = store.snapshot.value;
        const { region } = viewOf(event, snapshot ? namingOf(snapshot) : { names: new Map(), currency: "EUR" });
        return { region, timeline: TIMELINE_REGIONS.has(region) };
      };
      (window as unknown as { bearcave?: object }).bearcave = { store, placeOf };
    }
    return () => {
      store.stop();
      const hook = window as unknown as { bearcave?: { store: GameStore } };
      if (hook.bearcave?.store === store) delete hook.bearcave; // the next screen shows no game
    };
  }, [store, inspect]);
  return store;
}

export function namingOf(snapshot: Snapshot): Naming {
  const cards = snapshot.brief.customer_brief?.escalation_cards ?? snapshot.brief.scenario?.customer.escalation_cards ?? [];
  return {
    names: new Map(snapshot.participants.map((p) => [p.id, p.name])),
    currency: snapshot.game.currency,
    techniques: snapshot.game.technique_labels,
    cards: Object.fromEntries(cards.map((card) => [card.id, card.label])),
  };
}

/** Every round's outcome this seat may see (from its debrief on), overlaid as mood curves. */
export function RoundSummary({ store, token }: { store: GameStore; token: string | null }) {
  const comparison = useSignal<Comparison | null>(null);
  const game = store.game.value;
  useSignalEffect(() => {
    // Fetched again whenever the phase moves or the round's summary arrives.
    void store.game.value?.phase;
    void ofType(store.events.value, "round.summarized").length;
    void store.roundEvents.value.length;
    void api<Comparison>("GET", `/api/v1/games/${store.code}/comparison/`, { playerToken: token }).then(
      (found) => (comparison.value = found),
      () => undefined,
    );
  });
  const rounds = comparison.value?.rounds ?? [];
  if (!game) return null;
  if (!rounds.length) {
    return (
      <section class="summary" aria-label="Round summary" data-region="summary">
        <h2>Round summary</h2>
        <p class="hint">{comparison.value ? "The summary appears once the debrief starts." : "Loading…"}</p>
      </section>
    );
  }
  const current = rounds.find((r) => r.round === game.round) ?? rounds[rounds.length - 1];
  const series = rounds.map((o) => ({ label: `Round ${o.round}`, points: o.mood_curve }));
  return (
    <section class="summary" aria-label="Round summary" data-region="summary">
      <h2>Round summary</h2>
      <MoodChart series={series} calmThreshold={game.calm_threshold} />
      {/* Every round so far, so the team sees whether it calmed the customer sooner. */}
      <ul class="summary__rounds">
        {rounds.map((r) => (
          <li key={r.round} class={r.round === current?.round ? "is-current" : undefined}>
            Round {r.round}: time to calm {formatTimeToCalm(r.time_to_calm_seconds)}
            {" · "}Given away {formatMoney(r.give_cost, game.currency)}
            {r.flagged_concessions.length > 0 && ` · ${r.flagged_concessions.length} beyond parameters`}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Who is here and where each sits this round. */
export function AtTheTable({ snapshot }: { snapshot: Snapshot }) {
  const seats = snapshot.plan[String(snapshot.game.round)] ?? [];
  const titles = snapshot.game.function_titles;
  return (
    <section class="people" aria-label="At the table" data-region="people">
      <h2>At the table ({snapshot.participants.length})</h2>
      <ul class="people__list">
        {snapshot.participants.map((p) => {
          const seat = seats.find((s) => s.participant === p.id);
          return (
            <li key={p.id} class={p.connected || p.scripted ? "is-connected" : "is-away"}>
              <span class="presence" aria-hidden="true">{p.scripted ? "◆" : p.connected ? "●" : "○"}</span>{" "}
              {p.name}
              {seat && <small> · {seatName(seat.role, seat.functions, titles)}</small>}
              <span class="visually-hidden">{p.scripted ? " (scripted)" : p.connected ? " (here)" : " (away)"}</span>
            </li>
          );
        })}
      </ul>
      {snapshot.game.locked && <p class="hint">Closed to late joiners.</p>}
      <PlayerReplays snapshot={snapshot} />
    </section>
  );
}

/** Once the facilitator opens them, a player replays each finished round from their own seat. */
function PlayerReplays({ snapshot }: { snapshot: Snapshot }) {
  const { game, me } = snapshot;
  if (!game.replays_open || me.participant === null) return null;
  const finished = Array.from({ length: game.round }, (_, i) => i + 1)
    .filter((n) => n < game.round || game.phase === "finished")
    .filter((n) => snapshot.plan[String(n)]?.some((seat) => seat.participant === me.participant && seat.role !== "observer"));
  if (!finished.length) return null;
  return (
    <nav class="replays" aria-label="Replays of your rounds">
      {finished.map((n) => <a key={n} href={`/play/${game.code}/replay/${n}`}>Replay round {n}</a>)}
    </nav>
  );
}

/** A player's own seats, round by round: what to expect when the seats rotate. */
function YourSeats({ snapshot }: { snapshot: Snapshot }) {
  const me = snapshot.me.participant;
  const rounds = Object.keys(snapshot.plan).map(Number).sort((a, b) => a - b);
  const mine = rounds
    .map((round) => ({ round, seat: snapshot.plan[String(round)]?.find((s) => s.participant === me) }))
    .filter((entry) => entry.seat);
  if (!mine.length) return null;
  return (
    <section class="your-seats" aria-label="Your seats">
      <h2>Your seats</h2>
      <ol>
        {mine.map(({ round, seat }) => (
          <li key={round} class={round === snapshot.game.round ? "is-current" : ""}>
            Round {round}: {seat ? seatName(seat.role, seat.functions, snapshot.game.function_titles) : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Lobby({ snapshot }: { snapshot: Snapshot }) {
  const practisingAlone = snapshot.participants.filter((p) => !p.scripted).length === 1
    && snapshot.participants.some((p) => p.scripted);
  return (
    <div class="lobby-screen">
      <section class="lobby">
        <h2>Welcome, {snapshot.me.name}</h2>
        {practisingAlone
          ? <p>You are practising alone: you are the team, and the scripted customer is the customer.</p>
          : <p>The facilitator will start soon. Everyone plays every seat in turn: the customer, the team, the coach.</p>}
      </section>
      <YourSeats snapshot={snapshot} />
      <AtTheTable snapshot={snapshot} />
      <PublicBrief brief={snapshot.brief} />
    </div>
  );
}

/** Review notes this participant wrote on earlier rounds' replays (the author's own). */
function ReviewNotes({ events, naming }: { events: readonly GameEvent[]; naming: Naming }) {
  const notes = ofType(events, "review.annotated");
  if (!notes.length) return null;
  return (
    <section class="review-notes" aria-label="Your review notes" data-region="review">
      <h2>Your review notes</h2>
      <ul>{notes.map((note) => <li key={note.seq} data-seq={note.seq}>{viewOf(note, naming).line}</li>)}</ul>
    </section>
  );
}

/** The private part of a seat's brief panel, by its role: what the studio's preview shows too. */
export function SeatBrief({ brief, role, currency, offered, onOffer }: {
  brief: Brief;
  role: string;
  currency: string;
  offered?: readonly EventOf<"concession.recorded">[];
  onOffer?: ((choice: ConcessionChoice) => void) | undefined;
}) {
  const coaching = role === "coach" || role === "facilitator";
  return (
    <>
      {role === "customer" && brief.customer_brief && <CustomerBrief customer={brief.customer_brief} />}
      {role === "responder" && (brief.responder_briefs ?? []).map((seat) => (
        <ResponderBrief key={seat.function} seat={seat} currency={currency} offered={offered ?? []} onOffer={onOffer} />
      ))}
      {coaching && brief.scenario && <CoachBrief scenario={brief.scenario} currency={currency} />}
      {role === "observer" && <PublicBrief brief={brief} />}
    </>
  );
}

const roomLabel = (role: string) => (role === "customer" ? "Room (you and the team)" : "Room (with the customer)");

/** The seat's screen: what this participant sees and does in the current phase. */
export function Seat({ store, token, desk }: { store: GameStore; token: string | null; desk?: CoachDesk }) {
  const ownDesk = useCoachDesk();
  const coachDesk = desk ?? ownDesk;
  const snapshot = store.snapshot.value;
  if (!snapshot) return <p role="status">Connecting…</p>;
  const { game, me, brief } = snapshot;
  const role = me.role;
  const phase = game.phase;
  const live = phase === "live";
  const events = store.roundEvents.value;
  const naming = namingOf(snapshot);
  const titles = game.function_titles;
  const scenario = brief.scenario;
  const coaching = role === "coach" || role === "facilitator";
  const send = (body: Parameters<GameStore["send"]>[0]) => store.send(body);
  const quiet = () => undefined;
  const clock = store.clock.value;

  if (phase === "lobby" && role !== "facilitator") return <Lobby snapshot={snapshot} />;
  const stopped = live ? stoppedBecause(events, clock?.hold_reason ?? "", Boolean(clock?.paused)) : null;
  const roomOpen = live && (role === "customer" || role === "responder");
  const huddleOpen = ["briefing", "live", "debrief"].includes(phase) && (role === "responder" || role === "coach");
  // Techniques are the team's: the customer's own lines carry no tag button (the server agrees).
  const tagTools = coaching
    ? (message: Parameters<typeof TagButton>[0]["message"]) =>
        message.payload.role === "customer" ? null : <TagButton store={store} desk={coachDesk} message={message} />
    : undefined;
  const countIn = (region: string) => events.filter((e) => viewOf(e, naming).region === region).length;

  const room = (
    <Chat title="Room" region="room" events={events} naming={naming} titles={titles} me={me.participant}
      hideTitle closedBecause={roomOpen && stopped ? "The room is closed while the round stands still; it opens again when the round goes on." : null}
      onSend={roomOpen ? (text) => send({ type: "post_message", channel: "room", text }) : undefined}
      placeholder={role === "customer" ? "Say to the team…" : "Say to the customer…"}
      messageTools={tagTools} draftKey={`${game.code}:room`} />
  );
  const huddle = (
    <Chat title="Team huddle" region="huddle" events={events} naming={naming} titles={titles} me={me.participant}
      hideTitle onSend={huddleOpen ? (text) => send({ type: "post_message", channel: "huddle", text }) : undefined}
      placeholder="Say to the team only…" messageTools={tagTools} draftKey={`${game.code}:huddle`} />
  );
  const customerControls = role === "customer" && brief.customer_brief && (
    <div class="customer-controls">
      {live && (
        <MoodControl mood={snapshot.mood} onChange={(mood) => void send({ type: "set_mood", mood }).catch(quiet)}
          disabledBecause={clock?.hold_reason ? "The round is on hold." : null} />
      )}
      <EscalationCards customer={brief.customer_brief} played={ofType(events, "escalation.played")}
        onPlay={live ? (card) => void send({ type: "play_escalation", card, why: "" }).catch(quiet) : undefined} />
      {ofType(events, "customer.rated").some((e) => e.audience === "customer") && (
        <p class="state-badge" data-region="rating">You have rated this round; you can change it in the debrief.</p>
      )}
    </div>
  );
  const briefPanel = (
    <div class="seat__brief">
      {(phase === "briefing" || live) && <AgreedChanges changes={snapshot.agreed_changes} round={game.round} />}
      <SeatBrief brief={brief} role={role} currency={game.currency} offered={ofType(events, "concession.recorded")}
        onOffer={live || phase === "debrief" ? (choice) => void send({ type: "record_concession", ...choice }).catch(quiet) : undefined} />
      <AtTheTable snapshot={snapshot} />
      <ReviewNotes events={events} naming={naming} />
    </div>
  );

  const panels: Panel[] = [];
  const talking = phase === "briefing" || live;
  if (phase === "finished") {
    panels.push({
      id: "debrief",
      label: "Summary",
      wide: true,
      content: (
        <div class="seat__debrief">
          <section class="finished">
            <h2>That was the last round. Well played.</h2>
          </section>
          <RoundSummary store={store} token={token} />
          <AgreedChanges changes={snapshot.agreed_changes} round={game.round + 1} />
          <DebriefView store={store} />
          <AgreementView store={store} />
          <PlayerReplays snapshot={snapshot} />
          <ReviewNotes events={events} naming={naming} />
        </div>
      ),
    });
  } else if (!talking) {
    panels.push({
      id: "debrief",
      label: phase === "agreement" ? "Agreement" : "Debrief",
      wide: true,
      content: (
        <div class="seat__debrief">
          {phase === "debrief" && role === "customer" && <RatingForm store={store} mood={snapshot.mood ?? 5} />}
          {/* One proposal form at one place for both phases, so a draft survives the switch. */}
          <AgreementView store={store} />
          <DebriefView store={store} />
          {phase === "debrief" && coaching && scenario && <CoachDebriefForm store={store} scenario={scenario} />}
          {coaching && <KeptMarks store={store} />}
          {role === "responder" && <ReflectionForm store={store} />}
          <AgreedChanges changes={snapshot.agreed_changes} round={game.round + 1} />
          <RoundSummary store={store} token={token} />
        </div>
      ),
    });
  }
  panels.push({
    id: "room",
    label: "Room",
    count: countIn("room"),
    wide: true,
    content: (
      <div class="seat__room">
        <h2 class="panel-title">{roomLabel(role)}</h2>
        {customerControls}
        {coaching && scenario && live && game.conversation_mode === "typed" && <TagWith store={store} scenario={scenario} desk={coachDesk} />}
        {room}
      </div>
    ),
  });
  if (role !== "customer" && role !== "observer") {
    panels.push({
      id: "team",
      label: "Team",
      count: countIn("huddle"),
      content: (
        <div class="seat__team">
          <h2 class="panel-title">Team huddle <small>(the customer cannot see this)</small></h2>
          {huddle}
        </div>
      ),
    });
  }
  if (coaching && scenario && phase !== "briefing") {
    panels.push({
      id: "coach",
      label: "Coach",
      count: countIn("coach"),
      content: (
        <div class="seat__coach">
          <h2 class="panel-title">Coaching</h2>
          {live && <CoachTools store={store} scenario={scenario} />}
          {(live || phase === "debrief") ? <RubricPanel store={store} scenario={scenario} desk={coachDesk} /> : <TagList store={store} />}
          <Chat title="Coach log" region="coach" events={events} naming={naming} titles={titles} me={me.participant} />
        </div>
      ),
    });
  }
  panels.push({ id: "brief", label: "Brief", content: briefPanel });

  return (
    <div class={`seat seat--${role} seat--${phase}`}>
      {role !== "facilitator" && (
        <p class="seat__who">
          You are <strong>{me.name}</strong>, playing <strong>{seatName(role, me.functions, titles)}</strong> in round {store.seatRound.value}
        </p>
      )}
      {/* A new stage of the round opens on its own first panel. */}
      <Panels key={talking || phase === "finished" ? phase : "debrief"} panels={panels} label="Your screen"
        initial={phase === "briefing" && role !== "facilitator" ? "brief" : panels[0]?.id} />
    </div>
  );
}

export function Play({ code, token }: { code: string; token: string }) {
  const store = useGame(code, token);
  const closed = store.connection.value === "closed";
  useEffect(() => {
    // Moved to another table of a training day (removed here between rounds): the day's link
    // knows the new seat and goes there.
    const day = closed ? dayTokens.dayOfGame(code) : null;
    if (day && dayTokens.get(day)) {
      playerTokens.forget(code);
      navigate(`/day/${day}`);
    }
  }, [closed, code]);
  return (
    <main class="play">
      <SkipLink />
      <h1 class="visually-hidden">Bear Cave: game {code}</h1>
      <PhaseBar store={store} />
      <Announcer store={store} />
      {/* Removed, or the game is gone: nothing of the seat stays on the screen. */}
      {store.connection.value === "closed" ? null : <Seat store={store} token={token} />}
    </main>
  );
}
