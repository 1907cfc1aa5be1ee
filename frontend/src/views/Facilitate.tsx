import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { ApiError, type Game, type GameCreate, type ScenarioCard, api } from "../api/client";
import { formatDate } from "../format";
import { navigate } from "../router";
import { loadOrganisation, organisation } from "../state/organisation";
import { FacilitatorNav } from "./Console";

function SignIn() {
  return (
    <main class="facilitate">
      <h1>Facilitator</h1>
      <p>Sign in to create and run games.</p>
      <a class="button" href="/login/?next=/facilitate/">Sign in</a>
    </main>
  );
}

/** Choose a scenario, set rounds, timers and functions, and open a game. */
function CreateGame({ scenarios }: { scenarios: ScenarioCard[] }) {
  const chosen = useSignal(scenarios[0]?.id ?? "");
  const form = useSignal({ name: "", rounds: 3, briefing: 3, live: 20, debrief: 8, mode: "typed", coach: "rotating" });
  const functions = useSignal<string[] | null>(null);
  const error = useSignal<string | null>(null);
  const scenario = scenarios.find((s) => s.id === chosen.value);
  const selectedFunctions = functions.value ?? scenario?.responder_functions.map((f) => f.function) ?? [];
  const set = (changes: Partial<typeof form.value>) => (form.value = { ...form.value, ...changes });
  const submit = async (event: Event) => {
    event.preventDefault();
    const body: GameCreate = {
      // The version the form shows is the version the game pins, even if a newer one is
      // published meanwhile.
      scenario: chosen.value, ...(scenario ? { scenario_version: scenario.version } : {}), name: form.value.name, rounds: form.value.rounds,
      briefing_minutes: form.value.briefing, live_minutes: form.value.live, debrief_minutes: form.value.debrief,
      functions: selectedFunctions, conversation_mode: form.value.mode as "typed",
      coach_mode: form.value.coach as "rotating", max_players: 40,
    };
    try {
      const game = await api<Game>("POST", "/api/v1/games/", { body });
      navigate(`/facilitate/${game.code}`);
    } catch (caught) {
      error.value = caught instanceof ApiError ? caught.message : "The game could not be created.";
    }
  };
  return (
    <form class="create-game" onSubmit={submit} aria-label="New game">
      <h2>New game</h2>
      <fieldset class="scenario-picker">
        <legend>Scenario</legend>
        {scenarios.map((card) => (
          <div key={card.id} class={`scenario-card${card.id === chosen.value ? " is-chosen" : ""}`}>
            <label class="scenario-card__pick">
              <input type="radio" name="scenario" value={card.id} checked={card.id === chosen.value}
                onChange={() => { chosen.value = card.id; functions.value = null; }} />
              <strong>{card.title}</strong>
            </label>
            <span class="scenario-card__meta">
              {card.situation_type.replaceAll("_", " ")} · {card.industry.replaceAll("-", " ")} · {card.difficulty} · version {card.version}{card.built_in ? " · built-in" : " · your organisation's"}
            </span>
            <details class="scenario-card__details">
              <summary>Details<span class="visually-hidden"> of {card.title}</span></summary>
              <p>{card.summary}</p>
              <p class="scenario-card__meta">Functions: {card.responder_functions.map((f) => f.title).join(", ")}</p>
            </details>
          </div>
        ))}
      </fieldset>
      <label>Team or table name
        <input name="name" value={form.value.name} onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} />
      </label>
      <label>Rounds
        <input name="rounds" type="number" min={1} max={12} value={form.value.rounds}
          onInput={(e) => set({ rounds: Number((e.target as HTMLInputElement).value) })} />
      </label>
      <label>Briefing minutes
        <input name="briefing" type="number" min={0} max={30} value={form.value.briefing} aria-describedby="briefing-hint"
          onInput={(e) => set({ briefing: Number((e.target as HTMLInputElement).value) })} />
        <small id="briefing-hint" class="hint">Then live starts on its own; 0: when you start it.</small>
      </label>
      <label>Live minutes
        <input name="live" type="number" min={1} max={90} value={form.value.live}
          onInput={(e) => set({ live: Number((e.target as HTMLInputElement).value) })} />
      </label>
      <label>Debrief minutes
        <input name="debrief" type="number" min={1} max={60} value={form.value.debrief}
          onInput={(e) => set({ debrief: Number((e.target as HTMLInputElement).value) })} />
      </label>
      {scenario && (
        <fieldset class="checkboxes">
          <legend>Responder functions in play <small>(at least two; one person may hold several)</small></legend>
          {scenario.responder_functions.map((f) => (
            <label key={f.function} class="inline">
              <input type="checkbox" checked={selectedFunctions.includes(f.function)}
                onChange={(e) => {
                  const on = (e.target as HTMLInputElement).checked;
                  functions.value = on ? [...selectedFunctions, f.function] : selectedFunctions.filter((x) => x !== f.function);
                }} />
              {f.title}
            </label>
          ))}
        </fieldset>
      )}
      <label>Conversation
        <select name="mode" value={form.value.mode} onChange={(e) => set({ mode: (e.target as HTMLSelectElement).value })}>
          <option value="typed">Typed in the room chat</option>
          <option value="spoken">Spoken, face to face or on a call</option>
        </select>
      </label>
      <label>Coach
        <select name="coach" value={form.value.coach} onChange={(e) => set({ coach: (e.target as HTMLSelectElement).value })}>
          <option value="rotating">A player coaches; the seat rotates</option>
          <option value="facilitator">I coach every round</option>
        </select>
      </label>
      {error.value && <p class="notice notice--error" role="alert">{error.value}</p>}
      <button type="submit" class="button">Create the game</button>
    </form>
  );
}

interface HistoryFilter {
  scenario: string;
  name: string;
  created_after: string;
  created_before: string;
}

/** Past games by scenario, team name and date; each opens its console or its comparison. */
/** Deleting a game deletes everything derived from it (its log, exports-to-be, tokens): asked
 * once more in the page, never by a browser dialog. */
function DeleteGame({ game, onDeleted }: { game: Game; onDeleted: () => void }) {
  const asking = useSignal(false);
  const problem = useSignal<string | null>(null);
  if (!asking.value) {
    return (
      <button type="button" class="subtle" onClick={() => (asking.value = true)}>
        Delete…<span class="visually-hidden"> {game.name || game.scenario_title} {game.code}</span>
      </button>
    );
  }
  return (
    <span class="inline-form">
      Delete {game.name || game.code} and everything it recorded?{" "}
      <button type="button" class="danger" onClick={() => {
        api("DELETE", `/api/v1/games/${game.code}/`).then(onDeleted, (caught: unknown) => {
          problem.value = caught instanceof ApiError ? caught.message : "The game was not deleted.";
        });
      }}>Delete<span class="visually-hidden"> {game.code}</span></button>
      <button type="button" class="subtle" onClick={() => (asking.value = false)}>Keep<span class="visually-hidden"> {game.code}</span></button>
      {problem.value && <span role="alert" class="notice notice--error">{problem.value}</span>}
    </span>
  );
}

function History({ games, scenarios, filter, onDeleted }: {
  games: Game[]; scenarios: ScenarioCard[]; filter: { value: HistoryFilter }; onDeleted: () => void;
}) {
  const set = (changes: Partial<HistoryFilter>) => (filter.value = { ...filter.value, ...changes });
  const go = (to: string) => (e: Event) => { e.preventDefault(); navigate(to); };
  return (
    <section class="history" aria-label="Your games">
      <form class="history__filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>Scenario
          <select value={filter.value.scenario} onChange={(e) => set({ scenario: (e.target as HTMLSelectElement).value })}>
            <option value="">Any</option>
            {scenarios.map((card) => <option key={card.id} value={card.id}>{card.title}</option>)}
          </select>
        </label>
        <label>Team name
          <input type="search" value={filter.value.name} onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} />
        </label>
        <label>From
          <input type="date" value={filter.value.created_after} onInput={(e) => set({ created_after: (e.target as HTMLInputElement).value })} />
        </label>
        <label>To
          <input type="date" value={filter.value.created_before} onInput={(e) => set({ created_before: (e.target as HTMLInputElement).value })} />
        </label>
      </form>
      {games.length === 0 && <p>No games match.</p>}
      <ul class="game-list">
        {games.map((game) => (
          <li key={game.code}>
            <a href={`/facilitate/${game.code}`} onClick={go(`/facilitate/${game.code}`)}>
              {game.name || game.scenario_title} <code>{game.code}</code>
            </a>{" "}
            · {game.scenario_title} · {formatDate(game.created_at)}
            {" "}· {game.phase}{game.round_number ? `, round ${game.round_number} of ${game.total_rounds}` : ""}
            {(game.round_number ?? 0) > 0 && (
              <>{" "}· <a href={`/facilitate/${game.code}/compare`} onClick={go(`/facilitate/${game.code}/compare`)}>Compare rounds</a></>
            )}
            {game.access === "co_facilitator" && <>{" "}· <span class="badge">shared with you to run</span></>}
            {game.access === "observer" && <>{" "}· <span class="badge">shared with you to watch</span></>}
            {game.access === "facilitator" && <>{" "}<DeleteGame game={game} onDeleted={onDeleted} /></>}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Facilitate() {
  const state = useSignal<"loading" | "signed-out" | "ready">("loading");
  const games = useSignal<Game[]>([]);
  // null until loaded: the new-game form picks its first scenario when it first renders.
  const scenarios = useSignal<ScenarioCard[] | null>(null);
  const filter = useSignal<HistoryFilter>({ scenario: "", name: "", created_after: "", created_before: "" });
  useEffect(() => void loadOrganisation(), []);
  const mayCreate = organisation.value?.may.includes("create_games") ?? false;
  useSignalEffect(() => {
    void api<ScenarioCard[]>("GET", "/api/v1/scenarios/").then((cards) => (scenarios.value = cards), () => (scenarios.value = []));
  });
  useSignalEffect(() => {
    const query = new URLSearchParams(Object.entries(filter.value).filter(([, value]) => value !== "")).toString();
    api<Game[]>("GET", `/api/v1/games/${query ? `?${query}` : ""}`)
      .then((ownGames) => {
        games.value = ownGames;
        state.value = "ready";
      })
      .catch(() => (state.value = state.value === "ready" ? "ready" : "signed-out"));
  });
  if (state.value === "loading") return <p role="status">Loading…</p>;
  if (state.value === "signed-out") return <SignIn />;
  return (
    <main class="facilitate">
      <FacilitatorNav />
      <h1>Your games</h1>
      <p class="hint">Games you run, and games other members of your organisation shared with you.</p>
      <History games={games.value} scenarios={scenarios.value ?? []} filter={filter}
        onDeleted={() => (filter.value = { ...filter.value })} />
      {!mayCreate ? null : scenarios.value === null ? <p role="status">Loading the scenarios…</p> : <CreateGame scenarios={scenarios.value} />}
    </main>
  );
}
