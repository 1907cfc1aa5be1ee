import { useSignal } from "@preact/signals";
import { PhaseBar } from "../components/PhaseBar";
import { navigate } from "../router";
import type { SeatView } from "../realtime/protocol";
import { type GameStore, payloadOf } from "../state/game";
import { Announcer, Seat, useGame } from "./Play";

const NEXT_LABEL: Record<string, string> = {
  lobby: "Start round 1", briefing: "Start live", live: "End live: debrief",
  debrief: "Go to agreement", agreement: "Next round",
};

/** The join code in huge type, a QR code and the link: for the projector. */
function Projector({ code }: { code: string }) {
  const link = `${window.location.origin}/join/${code}`;
  return (
    <section class="projector" aria-label="How to join">
      <p class="projector__code" aria-label={`Join code ${code.split("").join(" ")}`}>{code}</p>
      <img class="projector__qr" src={`/qr/${code}.svg`} alt={`QR code for ${link}`} width={240} height={240} />
      <p class="projector__link">{link}</p>
    </section>
  );
}

function PhaseControls({ store }: { store: GameStore }) {
  const game = store.game.value;
  if (!game || game.phase === "finished") return null;
  const agreed = store.roundEvents.value.some((e) => e.type === "change.agreed");
  const clock = store.clock.value;
  const advance = () => {
    const body: Record<string, unknown> = { type: "advance_phase", expected_phase: game.phase };
    if (game.phase === "agreement" && !agreed) {
      const reason = window.prompt("No change is agreed yet. Why end the round anyway?");
      if (!reason) return;
      body["override_reason"] = reason;
    }
    if (game.phase === "agreement" && game.round === game.total_rounds) body["type"] = "advance_phase";
    void store.send(body as { type: string });
  };
  return (
    <section class="phase-controls" aria-label="Phase controls">
      <button type="button" class="button" onClick={advance}>
        {game.phase === "agreement" && game.round === game.total_rounds ? "Finish the game" : NEXT_LABEL[game.phase]}
      </button>
      {clock?.seconds_left !== null && clock?.seconds_left !== undefined && (
        <>
          {clock.paused ? (
            <button type="button" onClick={() => void store.send({ type: "resume_clock" })}>Resume</button>
          ) : (
            <button type="button" onClick={() => void store.send({ type: "pause_clock" })}>Pause</button>
          )}
          <button type="button" onClick={() => void store.send({ type: "extend_clock", seconds: 60 })}>+1 minute</button>
        </>
      )}
      <label class="inline">
        <input type="checkbox" checked={game.locked}
          onChange={(e) => void store.send({ type: "lock_game", locked: (e.target as HTMLInputElement).checked })} />
        Closed to late joiners
      </label>
    </section>
  );
}

function Participants({ store }: { store: GameStore }) {
  const snapshot = store.snapshot.value;
  if (!snapshot) return null;
  const seats = snapshot.plan[String(snapshot.game.round)] ?? [];
  const roleOf = (id: number) => seats.find((seat) => seat.participant === id)?.role;
  const held = Boolean(snapshot.game.clock.hold_reason);
  return (
    <section class="participants" aria-label="Participants">
      <h2>Participants ({snapshot.participants.length})</h2>
      <ul>
        {snapshot.participants.map((p) => (
          <li key={p.id} class={p.connected || p.scripted ? "is-connected" : "is-away"}>
            <span class="presence">{p.scripted ? "◆ scripted" : p.connected ? "● connected" : "○ away"}</span> {p.name}
            {p.observer && " (observer)"}
            {roleOf(p.id) && <small> · {roleOf(p.id)}</small>}
            {held && roleOf(p.id) !== "customer" && p.connected && (
              <button type="button" onClick={() => void store.send({ type: "give_customer_seat", participant: p.id })}>
                Make customer
              </button>
            )}
            <button type="button" class="subtle" onClick={() => {
              if (window.confirm(`Remove ${p.name} from the game?`)) void store.send({ type: "remove_participant", participant: p.id });
            }}>Remove</button>
          </li>
        ))}
      </ul>
      <ScriptedCustomerButton store={store} />
    </section>
  );
}

/** Too few people, or the customer gone: the scripted customer plays the bear (typed games). */
function ScriptedCustomerButton({ store }: { store: GameStore }) {
  const snapshot = store.snapshot.value;
  if (!snapshot || snapshot.game.conversation_mode !== "typed" || snapshot.game.phase === "finished") return null;
  if (snapshot.participants.some((p) => p.scripted)) return null;
  return (
    <p>
      <button type="button" onClick={() => void store.send({ type: "seat_scripted_customer" })}>
        Let the scripted customer play the customer
      </button>{" "}
      <small>It takes the customer seat from the next round (at once if this round's customer is away); everyone else rotates through the other seats.</small>
    </p>
  );
}

/** Every round's seats; pick two people of a round not yet started to swap them. */
function RotationPlan({ store }: { store: GameStore }) {
  const picked = useSignal<{ round: number; participant: number } | null>(null);
  const snapshot = store.snapshot.value;
  if (!snapshot) return null;
  const { plan, game, participants } = snapshot;
  const rounds = Object.keys(plan).map(Number).sort((a, b) => a - b);
  const firstOpen = game.phase === "lobby" ? 1 : game.round + 1;
  const cell = (round: number, seat: SeatView | undefined, participant: number) => {
    if (!seat) return <td key={round}>–</td>;
    const label = seat.role === "responder" ? seat.functions.join(", ") : seat.role;
    const open = round >= firstOpen && seat.role !== "observer";
    const isPicked = picked.value?.round === round && picked.value.participant === participant;
    return (
      <td key={round} class={`seat-cell seat-cell--${seat.role}${isPicked ? " is-picked" : ""}`}>
        {open ? (
          <button type="button" aria-pressed={isPicked} onClick={() => {
            const first = picked.value;
            if (first && first.round === round && first.participant !== participant) {
              void store.send({ type: "swap_seats", round, first: first.participant, second: participant });
              picked.value = null;
            } else {
              picked.value = { round, participant };
            }
          }}>{label}</button>
        ) : label}
      </td>
    );
  };
  return (
    <section class="rotation" aria-label="Rotation plan">
      <h2>Rotation plan</h2>
      {rounds.length === 0 ? <p>The plan appears once enough players have joined.</p> : (
        <table>
          <thead><tr><th>Player</th>{rounds.map((r) => <th key={r}>Round {r}</th>)}</tr></thead>
          <tbody>
            {participants.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.name}</th>
                {rounds.map((r) => cell(r, plan[String(r)]?.find((s) => s.participant === p.id), p.id))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {picked.value && <p role="status">Now pick who to swap with in round {picked.value.round}.</p>}
    </section>
  );
}

function CoachChannel({ store }: { store: GameStore }) {
  const notes = store.roundEvents.value.filter((e) => e.type === "coach.note");
  const injects = store.roundEvents.value.filter((e) => e.type === "inject.delivered");
  return (
    <section aria-label="Coach notes and injects">
      <h2>Coach notes</h2>
      <ul>{notes.map((n) => <li key={n.seq}>{String(payloadOf(n)["author"])}: {String(payloadOf(n)["text"])}</li>)}</ul>
      <h2>Injects</h2>
      <ul>{injects.map((i) => <li key={i.seq}>{String(payloadOf(i)["title"])} ({i.audience}): {String(payloadOf(i)["text"])}</li>)}</ul>
    </section>
  );
}

/** A "Replay" link for each finished round (its agreement ended, or the game is over). */
function Replays({ code, store }: { code: string; store: GameStore }) {
  const game = store.game.value;
  if (!game) return null;
  const finished = Array.from({ length: game.round }, (_, i) => i + 1)
    .filter((n) => n < game.round || game.phase === "finished");
  if (!finished.length) return null;
  return (
    <nav aria-label="Replays" class="replays">
      {finished.map((n) => (
        <a key={n} href={`/facilitate/${code}/replay/${n}`}
          onClick={(e) => { e.preventDefault(); navigate(`/facilitate/${code}/replay/${n}`); }}>
          Replay round {n}
        </a>
      ))}
    </nav>
  );
}

export function Console({ code }: { code: string }) {
  const store = useGame(code, null);
  const projecting = useSignal(false);
  if (projecting.value) {
    return (
      <main class="console console--projector">
        <button type="button" class="subtle" onClick={() => (projecting.value = false)}>Back to the console</button>
        <Projector code={code} />
        <PhaseBar store={store} />
      </main>
    );
  }
  return (
    <main class="console">
      <PhaseBar store={store} />
      <Announcer store={store} />
      <div class="console__top">
        <button type="button" onClick={() => (projecting.value = true)}>Show on the projector</button>
        <span>Join code <strong class="console__code">{code}</strong></span>
        {(store.game.value?.round ?? 0) > 0 && (
          <a href={`/facilitate/${code}/compare`} onClick={(e) => { e.preventDefault(); navigate(`/facilitate/${code}/compare`); }}>
            Compare rounds and report
          </a>
        )}
        <Replays code={code} store={store} />
      </div>
      <PhaseControls store={store} />
      <div class="console__grid">
        <Participants store={store} />
        <RotationPlan store={store} />
      </div>
      <Seat store={store} token={null} />
      <CoachChannel store={store} />
    </main>
  );
}
