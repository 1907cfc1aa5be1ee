import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { type RoundOutcome, api } from "../api/client";
import { AgreedChanges } from "../components/AgreedChanges";
import { AgreementView } from "../components/Agreement";
import { CoachBrief, CustomerBrief, PublicBrief, ResponderBrief } from "../components/Brief";
import { Chat } from "../components/Chat";
import { CoachTools, RubricPanel, currentTags } from "../components/Coaching";
import { CoachDebriefForm, DebriefView, RatingForm, ReflectionForm } from "../components/Debrief";
import { MoodControl } from "../components/Mood";
import { MoodChart } from "../components/MoodChart";
import { PhaseBar } from "../components/PhaseBar";
import type { EventOut, Scenario } from "../realtime/protocol";
import { GameStore, payloadOf } from "../state/game";

/** A live region that reads new messages aloud to screen-reader users. */
export function Announcer({ store }: { store: GameStore }) {
  return (
    <div class="visually-hidden" aria-live="polite" aria-atomic="true">
      {store.announcement.value}
    </div>
  );
}

export function useGame(code: string, token: string | null): GameStore {
  const store = useMemo(() => new GameStore(code, token), [code, token]);
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);
  return store;
}

/** The round's outcome with its mood curve, from the debrief on. */
export function RoundSummary({ store, token, calmThreshold }: { store: GameStore; token: string | null; calmThreshold: number }) {
  const outcome = useSignal<RoundOutcome | null>(null);
  const round = store.round.value;
  useSignalEffect(() => {
    // Fetched again whenever the phase or the round's log moves on.
    const asOf = `${store.game.value?.phase}:${store.roundEvents.value.length}`;
    void api<RoundOutcome>("GET", `/api/v1/games/${store.code}/rounds/${store.round.value}/outcome/`, {
      playerToken: token,
    }).then((found) => (outcome.value = asOf ? found : null), () => (outcome.value = null));
  });
  const earlier = store.events.value
    .filter((e) => e.type === "round.summarized")
    .map((e) => payloadOf(e) as unknown as RoundOutcome);
  const series = [...earlier, ...(outcome.value && outcome.value.round === round ? [outcome.value] : [])]
    .filter((o, index, all) => all.findIndex((other) => other.round === o.round) === index)
    .map((o) => ({ label: `Round ${o.round}`, points: o.mood_curve }));
  if (!series.length) return null;
  const current = outcome.value;
  return (
    <section class="summary" aria-label="Round summary">
      <h2>Round summary</h2>
      <MoodChart series={series} calmThreshold={calmThreshold} />
      {current && (
        <p>
          Time to calm: {current.time_to_calm_seconds === null ? "never" : `${Math.round(current.time_to_calm_seconds / 60)} min`}
          {" · "}Given away: {current.give_cost.toLocaleString()}
          {current.flagged_concessions.length > 0 && ` · ${current.flagged_concessions.length} concession(s) beyond parameters`}
        </p>
      )}
    </section>
  );
}

function messagesTaggedAs(events: EventOut[]): (message: EventOut) => string[] {
  const tags = [...currentTags(events).values()];
  return (message) =>
    tags.filter((tag) => tag["message"] === message.seq).map((tag) => String(tag["technique"]).replaceAll("_", " "));
}

/** The seat's screen: what this participant sees and does in the current phase. */
export function Seat({ store, token }: { store: GameStore; token: string | null }) {
  const selectedTechnique = useSignal("");
  const snapshot = store.snapshot.value;
  if (!snapshot) return <p role="status">Connecting…</p>;
  const { game, me, brief } = snapshot;
  const role = me.role;
  const phase = game.phase;
  const live = phase === "live";
  const events = store.roundEvents.value;
  const scenario: Scenario | null | undefined = brief.scenario;
  const send = (body: Parameters<GameStore["send"]>[0]) => store.send(body);
  const conversation = (
    <div class="conversation">
      <Chat
        title="Room"
        channel="room"
        events={events}
        canWrite={live && (role === "customer" || role === "responder")}
        onSend={(text) => send({ type: "post_message", channel: "room", text })}
        {...(role === "coach" || role === "facilitator"
          ? { onTag: (m: EventOut) => void send({ type: "add_tag", technique: selectedTechnique.value, message: m.seq }), tagWith: selectedTechnique.value, tagsFor: messagesTaggedAs(events) }
          : {})}
      />
      {role !== "customer" && role !== "observer" && (
        <Chat
          title="Team huddle"
          channel="huddle"
          events={events}
          canWrite={["briefing", "live", "debrief"].includes(phase) && (role === "responder" || role === "coach")}
          onSend={(text) => send({ type: "post_message", channel: "huddle", text })}
          {...(role === "coach" || role === "facilitator"
            ? { onTag: (m: EventOut) => void send({ type: "add_tag", technique: selectedTechnique.value, message: m.seq }), tagWith: selectedTechnique.value, tagsFor: messagesTaggedAs(events) }
            : {})}
        />
      )}
    </div>
  );
  if (phase === "lobby") {
    return (
      <section class="lobby">
        <h2>Welcome, {me.name}</h2>
        <p>The facilitator will start the game soon. Everyone here:</p>
        <ul>{snapshot.participants.map((p) => <li key={p.id}>{p.name}{p.connected ? "" : " (away)"}</li>)}</ul>
      </section>
    );
  }
  if (phase === "finished") {
    return (
      <section>
        <h2>That was the last round. Well played.</h2>
        <RoundSummary store={store} token={token} calmThreshold={scenario?.outcome.calm_threshold ?? 3} />
        <AgreedChanges changes={snapshot.agreed_changes} round={game.round + 1} />
      </section>
    );
  }
  const inRound = phase === "briefing" || live;
  return (
    <div class={`seat seat--${role}`}>
      {role !== "facilitator" && (
        <p class="seat__who">
          You are <strong>{me.name}</strong>, playing <strong>{role}</strong>
          {me.functions.length > 0 && ` (${me.functions.join(", ")})`} in round {store.seatRound.value}
        </p>
      )}
      {inRound && <AgreedChanges changes={snapshot.agreed_changes} round={game.round} />}
      {inRound && (
        <div class="seat__layout">
          <div class="seat__brief">
            {role === "customer" && brief.customer_brief && (
              <CustomerBrief customer={brief.customer_brief}
                onPlayCard={live ? (card) => void send({ type: "play_escalation", card, why: "" }) : undefined} />
            )}
            {role === "responder" && (brief.responder_briefs ?? []).map((seat) => (
              <ResponderBrief key={seat.function} seat={seat} currency={scenario?.currency ?? "EUR"}
                onOffer={live ? (choice) => void send({ type: "record_concession", ...choice }) : undefined} />
            ))}
            {(role === "coach" || role === "facilitator") && scenario && <CoachBrief scenario={scenario} />}
            {role === "observer" && <PublicBrief brief={brief} />}
          </div>
          <div class="seat__main">
            {role === "customer" && live && (
              <MoodControl mood={snapshot.mood} onChange={(mood) => void send({ type: "set_mood", mood })} />
            )}
            {conversation}
            {(role === "coach" || role === "facilitator") && scenario && live && (
              <>
                <RubricPanel store={store} scenario={scenario} selected={selectedTechnique} />
                <CoachTools store={store} scenario={scenario} />
              </>
            )}
          </div>
        </div>
      )}
      {(phase === "debrief" || phase === "agreement") && (
        <div class="seat__debrief">
          {phase === "debrief" && role === "customer" && <RatingForm store={store} mood={snapshot.mood ?? 5} />}
          {/* One proposal form at one place for both phases, so a draft survives the switch. */}
          <AgreementView store={store} />
          <DebriefView store={store} />
          {phase === "debrief" && (role === "coach" || role === "facilitator") && scenario && (
            <CoachDebriefForm store={store} scenario={scenario} />
          )}
          {role === "responder" && <ReflectionForm store={store} />}
          <RoundSummary store={store} token={token} calmThreshold={scenario?.outcome.calm_threshold ?? 3} />
          {conversation}
        </div>
      )}
    </div>
  );
}

export function Play({ code, token }: { code: string; token: string }) {
  const store = useGame(code, token);
  return (
    <main class="play">
      <PhaseBar store={store} />
      <Announcer store={store} />
      <Seat store={store} token={token} />
    </main>
  );
}
