import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { ApiError, type Game as GameResource, type Organisation, type Share, api, csrfToken } from "../api/client";
import { PhaseBar } from "../components/PhaseBar";
import { seatName } from "../format";
import type { SeatView } from "../realtime/protocol";
import { lastOfType, ofType } from "../state/events";
import type { GameStore } from "../state/game";
import { loadOrganisation, mayOrUnknown } from "../state/organisation";
import { navigate } from "../router";
import { Announcer, Seat, SkipLink, useGame } from "./Play";

const NEXT_LABEL: Record<string, string> = {
  lobby: "Start round 1", briefing: "Start live", live: "End live: debrief",
  debrief: "Go to agreement", agreement: "Next round",
};

/** An in-app link: a real href (a new tab, a shared URL) that navigates without a reload. */
export function AppLink({ to, children, class: className }: { to: string; children: preact.ComponentChildren; class?: string }) {
  return (
    <a href={to} class={className} onClick={(e) => { e.preventDefault(); navigate(to); }}>{children}</a>
  );
}

/** The facilitator's way around: back to their games, the training day, the studio, signing out. */
export function FacilitatorNav({ children }: { children?: preact.ComponentChildren }) {
  useEffect(() => void loadOrganisation(), []);
  return (
    <nav class="top-nav" aria-label="Facilitator">
      <AppLink to="/facilitate/">← Your games</AppLink>
      {mayOrUnknown("create_games") && <AppLink to="/facilitate/day">Training day</AppLink>}
      {mayOrUnknown("write_drafts") && <AppLink to="/studio">Scenario studio</AppLink>}
      <AppLink to="/facilitate/organisation">Organisation</AppLink>
      <AppLink to="/facilitate/tokens">API tokens</AppLink>
      {children}
      <form method="post" action="/logout/" class="top-nav__signout">
        <input type="hidden" name="csrfmiddlewaretoken" value={csrfToken()} />
        <button type="submit" class="subtle">Sign out</button>
      </form>
    </nav>
  );
}

/** The phase and clock controls; `practice` leaves out what a game of one needs no switch for
 * (late joiners, replays for other players). */
export function PhaseControls({ store, practice = false }: { store: GameStore; practice?: boolean }) {
  const reason = useSignal("");
  const asking = useSignal(false);
  const problem = useSignal("");
  const game = store.game.value;
  if (!game) return null;
  const replaysSwitch = (
    <label class="inline">
      <input type="checkbox" checked={game.replays_open}
        onChange={(e) => void store.send({ type: "open_replays", open: (e.target as HTMLInputElement).checked }).catch(() => undefined)} />
      Players may replay finished rounds (each from their own seat)
    </label>
  );
  if (game.phase === "finished") {
    return <section class="phase-controls" aria-label="Phase controls">{practice ? <p>The practice game is over.</p> : replaysSwitch}</section>;
  }
  const agreed = ofType(store.roundEvents.value, "change.agreed").length > 0;
  const clock = store.clock.value;
  const last = game.phase === "agreement" && game.round === game.total_rounds;
  const label = last ? "Finish the game" : NEXT_LABEL[game.phase];
  const advance = (override = "") =>
    store.send({ type: "advance_phase", expected_phase: game.phase, ...(override ? { override_reason: override } : {}) })
      .then(() => { asking.value = false; reason.value = ""; problem.value = ""; }, () => undefined);
  return (
    <section class="phase-controls" aria-label="Phase controls">
      <h2 class="visually-hidden">Phase controls</h2>
      {game.phase === "agreement" && !agreed ? (
        asking.value ? (
          <form class="inline-form" onSubmit={(e) => {
            e.preventDefault();
            if (!reason.value.trim()) {
              problem.value = "Nothing happened: say why the round ends without an agreed change (it is recorded).";
              return;
            }
            void advance(reason.value.trim());
          }}>
            <label>
              No change is agreed yet. Why end the round anyway?
              <input name="override-reason" value={reason.value} maxLength={500}
                onInput={(e) => (reason.value = (e.target as HTMLInputElement).value)} />
            </label>
            <button type="submit" class="button">{label} without a change</button>
            <button type="button" class="subtle" onClick={() => (asking.value = false)}>Cancel</button>
            {problem.value && <p class="notice notice--error" role="alert">{problem.value}</p>}
          </form>
        ) : (
          <button type="button" class="button" onClick={() => (asking.value = true)}>{label}…</button>
        )
      ) : (
        <button type="button" class="button" onClick={() => void advance()}>{label}</button>
      )}
      {clock?.seconds_left !== null && clock?.seconds_left !== undefined && (
        <>
          {clock.paused && !clock.hold_reason ? (
            <button type="button" onClick={() => void store.send({ type: "resume_clock" }).catch(() => undefined)}>Resume the clock</button>
          ) : (
            <button type="button" disabled={clock.paused} onClick={() => void store.send({ type: "pause_clock" }).catch(() => undefined)}>Pause the clock</button>
          )}
          <button type="button" onClick={() => void store.send({ type: "extend_clock", seconds: 60 }).catch(() => undefined)}>+1 minute</button>
        </>
      )}
      {!practice && (
        <>
          <label class="inline">
            <input type="checkbox" checked={game.locked}
              onChange={(e) => void store.send({ type: "lock_game", locked: (e.target as HTMLInputElement).checked }).catch(() => undefined)} />
            Closed to late joiners
          </label>
          {replaysSwitch}
        </>
      )}
    </section>
  );
}

function Participants({ store }: { store: GameStore }) {
  const removing = useSignal<number | null>(null);
  const snapshot = store.snapshot.value;
  if (!snapshot) return null;
  const seats = snapshot.plan[String(snapshot.game.round)] ?? [];
  const seatOf = (id: number) => seats.find((seat) => seat.participant === id);
  const held = Boolean(snapshot.game.clock.hold_reason);
  const titles = snapshot.game.function_titles;
  return (
    <section class="participants" aria-label="Participants" data-region="people">
      <h2>Participants ({snapshot.participants.length})</h2>
      <ul>
        {snapshot.participants.map((p) => {
          const seat = seatOf(p.id);
          return (
            <li key={p.id} class={p.connected || p.scripted ? "is-connected" : "is-away"}>
              <span class="presence">{p.scripted ? "◆ scripted" : p.connected ? "● here" : "○ away"}</span> {p.name}
              {p.observer && " (observer)"}
              {seat && <small> · {seatName(seat.role, seat.functions, titles)}</small>}
              {held && seat?.role !== "customer" && p.connected && (
                <button type="button" onClick={() => void store.send({ type: "give_customer_seat", participant: p.id }).catch(() => undefined)}>
                  Make customer<span class="visually-hidden">: {p.name}</span>
                </button>
              )}
              {removing.value === p.id ? (
                <span class="inline-form">
                  Remove {p.name}?{" "}
                  <button type="button" class="danger" onClick={() => void store.send({ type: "remove_participant", participant: p.id }).then(() => (removing.value = null), () => undefined)}>
                    Remove<span class="visually-hidden"> {p.name}</span>
                  </button>
                  {!p.scripted && (
                    <button type="button" class="danger" title="They cannot join this game again, under this name or a look-alike, from this browser"
                      onClick={() => void store.send({ type: "remove_participant", participant: p.id, ban: true }).then(() => (removing.value = null), () => undefined)}>
                      Remove and ban<span class="visually-hidden"> {p.name}</span>
                    </button>
                  )}
                  <button type="button" class="subtle" onClick={() => (removing.value = null)}>Keep<span class="visually-hidden"> {p.name}</span></button>
                </span>
              ) : (
                <button type="button" class="subtle" onClick={() => (removing.value = p.id)}>Remove…<span class="visually-hidden"> {p.name}</span></button>
              )}
            </li>
          );
        })}
      </ul>
      <ScriptedCustomerButton store={store} />
    </section>
  );
}

/** Too few people, or the customer gone: the scripted customer plays the bear (typed games). */
function ScriptedCustomerButton({ store }: { store: GameStore }) {
  const difficulty = useSignal<"patient" | "typical" | "furious">("typical");
  const snapshot = store.snapshot.value;
  if (!snapshot || snapshot.game.conversation_mode !== "typed" || snapshot.game.phase === "finished") return null;
  if (snapshot.participants.some((p) => p.scripted)) return null;
  return (
    <div class="scripted-customer">
      <label class="inline">
        How hard
        <select name="difficulty" value={difficulty.value}
          onChange={(e) => (difficulty.value = (e.target as HTMLSelectElement).value as typeof difficulty.value)}>
          <option value="patient">Patient: calms quickly</option>
          <option value="typical">Typical</option>
          <option value="furious">Furious: slow to calm, quick to anger</option>
        </select>
      </label>
      <button type="button" onClick={() => void store.send({ type: "seat_scripted_customer", difficulty: difficulty.value }).catch(() => undefined)}>
        Let the scripted customer play the customer
      </button>
      <p class="hint">It takes the customer seat from the next round (at once if this round's customer is away); everyone else rotates through the other seats.</p>
    </div>
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
  const cell = (round: number, seat: SeatView | undefined, participant: number, name: string) => {
    if (!seat) return <td key={round}>–</td>;
    const label = seatName(seat.role, seat.functions, game.function_titles);
    const open = round >= firstOpen && seat.role !== "observer";
    const isPicked = picked.value?.round === round && picked.value.participant === participant;
    return (
      <td key={round} class={`seat-cell seat-cell--${seat.role}${isPicked ? " is-picked" : ""}`}>
        {open ? (
          <button type="button" aria-pressed={isPicked} onClick={() => {
            const first = picked.value;
            if (first && first.round === round && first.participant !== participant) {
              void store.send({ type: "swap_seats", round, first: first.participant, second: participant }).catch(() => undefined);
              picked.value = null;
            } else {
              picked.value = { round, participant };
            }
          }}>{label}<span class="visually-hidden">: {name}, round {round}</span></button>
        ) : label}
      </td>
    );
  };
  return (
    <section class="rotation" aria-label="Rotation plan">
      <h2>Rotation plan</h2>
      {rounds.length === 0 ? <p>The plan appears once enough players have joined.</p> : (
        <div class="table-scroll">
          {rounds.length > 2 && <p class="hint table-scroll__hint" aria-hidden="true">Swipe sideways for later rounds →</p>}
          <table>
            <thead><tr><th scope="col">Player</th>{rounds.map((r) => <th scope="col" key={r}>Round {r}</th>)}</tr></thead>
            <tbody>
              {participants.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.name}</th>
                  {rounds.map((r) => cell(r, plan[String(r)]?.find((s) => s.participant === p.id), p.id, p.name))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {picked.value && <p role="status">Now pick who to swap with in round {picked.value.round}.</p>}
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
      {finished.map((n) => <AppLink key={n} to={`/facilitate/${code}/replay/${n}`}>Replay round {n}</AppLink>)}
    </nav>
  );
}

/** The room display's controls: open it on the projector, and put the comparison on it. */
function WallControls({ code, store }: { code: string; store: GameStore | null }) {
  const showing = store ? (lastOfType(store.events.value, "wall.shown")?.payload.view ?? "live") : null;
  const show = (view: "live" | "compare") => void store?.send({ type: "show_on_wall", view }).catch(() => undefined);
  return (
    <span class="wall-controls">
      <a class="button button--secondary" href={`/facilitate/${code}/wall`} target="_blank" rel="noopener">
        Open the room display
      </a>
      {showing === null ? null : showing === "live" ? (
        <button type="button" onClick={() => show("compare")}>Put the comparison on the wall</button>
      ) : (
        <button type="button" onClick={() => show("live")}>Back to the live display</button>
      )}
    </span>
  );
}

/** The game's own facilitator shares it with members of the organisation: co-facilitators run
 * it with them, observers watch and replay it. */
function Sharing({ code }: { code: string }) {
  const shares = useSignal<Share[]>([]);
  const members = useSignal<{ id: number; username: string }[]>([]);
  const who = useSignal("");
  const role = useSignal<"co_facilitator" | "observer">("co_facilitator");
  const problem = useSignal("");
  const reload = useSignal(0);
  useSignalEffect(() => {
    void reload.value;
    void api<Share[]>("GET", `/api/v1/games/${code}/shares/`).then((found) => (shares.value = found));
    void api<Organisation>("GET", "/api/v1/organisation/").then((org) => (members.value = org.members));
  });
  const act = (method: string, path: string, body?: unknown) => {
    problem.value = "";
    api(method, path, body === undefined ? {} : { body }).then(() => (reload.value += 1), (caught: unknown) => {
      problem.value = caught instanceof ApiError ? caught.message : "That did not work.";
    });
  };
  const others = members.value.filter((m) => !shares.value.some((s) => s.user === m.id));
  return (
    <details class="sharing">
      <summary>Share this game{shares.value.length ? ` (${shares.value.length})` : ""}</summary>
      <ul>
        {shares.value.map((share) => (
          <li key={share.user}>
            {share.username} · {share.role === "co_facilitator" ? "co-facilitator" : "observer"}{" "}
            <button type="button" class="subtle" onClick={() => act("DELETE", `/api/v1/games/${code}/shares/${share.user}/`)}>
              Stop sharing<span class="visually-hidden"> with {share.username}</span>
            </button>
          </li>
        ))}
      </ul>
      <form class="inline-form" onSubmit={(e) => { e.preventDefault(); if (who.value) act("POST", `/api/v1/games/${code}/shares/`, { user: Number(who.value), role: role.value }); }}>
        <label>Member
          <select value={who.value} onChange={(e) => (who.value = (e.target as HTMLSelectElement).value)}>
            <option value="">Choose…</option>
            {others.map((m) => <option key={m.id} value={String(m.id)}>{m.username}</option>)}
          </select>
        </label>
        <label>As
          <select value={role.value} onChange={(e) => (role.value = (e.target as HTMLSelectElement).value as "observer")}>
            <option value="co_facilitator">Co-facilitator: runs it with you</option>
            <option value="observer">Observer: watches and replays</option>
          </select>
        </label>
        <button type="submit">Share</button>
      </form>
      {problem.value && <p class="notice notice--error" role="alert">{problem.value}</p>}
    </details>
  );
}

export function Console({ code }: { code: string }) {
  const store = useGame(code, null);
  const game = store.game.value;
  const access = useSignal<string | null>(null);
  useSignalEffect(() => {
    void api<GameResource>("GET", `/api/v1/games/${code}/`).then((found) => (access.value = found.access ?? null), () => undefined);
  });
  const watching = access.value === "observer";
  return (
    <main class="console">
      <SkipLink />
      <FacilitatorNav />
      <h1>{game ? `${game.name || game.scenario.title}` : "Console"} <span class="console__code">{code}</span></h1>
      <PhaseBar store={store} />
      <Announcer store={store} />
      <div class="console__top">
        <WallControls code={code} store={watching ? null : store} />
        {(game?.round ?? 0) > 0 && <AppLink to={`/facilitate/${code}/compare`}>Compare rounds and report</AppLink>}
        <Replays code={code} store={store} />
      </div>
      {access.value === "facilitator" && <Sharing code={code} />}
      {access.value === "co_facilitator" && <p class="notice">This game is shared with you: you run it with its facilitator.</p>}
      {watching && <p class="notice" role="status">You watch this game: you see what its facilitator sees and replay its rounds, but cannot change it.</p>}
      {!watching && <PhaseControls store={store} />}
      <div class="console__grid">
        <Participants store={store} />
        <RotationPlan store={store} />
      </div>
      {game && game.phase !== "lobby" && <Seat store={store} token={null} />}
    </main>
  );
}
