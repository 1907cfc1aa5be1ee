import { useSignal, useSignalEffect } from "@preact/signals";
import { ApiError, type Game, type GameCreate, type ScenarioCard, api } from "../api/client";
import { navigate } from "../router";

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
  const form = useSignal({ name: "", rounds: 3, live: 20, debrief: 8, mode: "typed", coach: "rotating" });
  const functions = useSignal<string[] | null>(null);
  const error = useSignal<string | null>(null);
  const scenario = scenarios.find((s) => s.id === chosen.value);
  const selectedFunctions = functions.value ?? scenario?.responder_functions.map((f) => f.function) ?? [];
  const set = (changes: Partial<typeof form.value>) => (form.value = { ...form.value, ...changes });
  const submit = async (event: Event) => {
    event.preventDefault();
    const body: GameCreate = {
      scenario: chosen.value, name: form.value.name, rounds: form.value.rounds,
      live_minutes: form.value.live, debrief_minutes: form.value.debrief,
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
          <label key={card.id} class={`scenario-card${card.id === chosen.value ? " is-chosen" : ""}`}>
            <input type="radio" name="scenario" value={card.id} checked={card.id === chosen.value}
              onChange={() => { chosen.value = card.id; functions.value = null; }} />
            <strong>{card.title}</strong>
            <span class="scenario-card__meta">
              {card.situation_type.replaceAll("_", " ")} · {card.industry} · {card.difficulty}
            </span>
            <span>{card.summary}</span>
          </label>
        ))}
      </fieldset>
      <label>Team or table name
        <input name="name" value={form.value.name} onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} />
      </label>
      <label>Rounds
        <input name="rounds" type="number" min={1} max={12} value={form.value.rounds}
          onInput={(e) => set({ rounds: Number((e.target as HTMLInputElement).value) })} />
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
        <fieldset>
          <legend>Responder functions in play</legend>
          {scenario.responder_functions.map((f) => (
            <label key={f.function}>
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

export function Facilitate() {
  const state = useSignal<"loading" | "signed-out" | "ready">("loading");
  const games = useSignal<Game[]>([]);
  const scenarios = useSignal<ScenarioCard[]>([]);
  useSignalEffect(() => {
    Promise.all([api<Game[]>("GET", "/api/v1/games/"), api<ScenarioCard[]>("GET", "/api/v1/scenarios/")])
      .then(([ownGames, cards]) => {
        games.value = ownGames;
        scenarios.value = cards;
        state.value = "ready";
      })
      .catch(() => (state.value = "signed-out"));
  });
  if (state.value === "loading") return <p role="status">Loading…</p>;
  if (state.value === "signed-out") return <SignIn />;
  return (
    <main class="facilitate">
      <h1>Your games</h1>
      <p><a href="/facilitate/day" onClick={(e) => { e.preventDefault(); navigate("/facilitate/day"); }}>Training-day overview</a></p>
      <ul class="game-list">
        {games.value.map((game) => (
          <li key={game.code}>
            <a href={`/facilitate/${game.code}`} onClick={(e) => { e.preventDefault(); navigate(`/facilitate/${game.code}`); }}>
              {game.name || game.scenario_title} <code>{game.code}</code>
            </a>{" "}
            · {game.phase}{game.round_number ? `, round ${game.round_number} of ${game.total_rounds}` : ""}
          </li>
        ))}
      </ul>
      <CreateGame scenarios={scenarios.value} />
    </main>
  );
}
