/**
 * A training day: the room joins with one code (DayJoin), the facilitator forms and opens the
 * tables and runs them together (DayConsole), and the wall shows every table (DayWall).
 */
import { useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import {
  ApiError, type DayCommandResult, type DayComparison, type DayJoinResult, type DaySummary, type DayView,
  type MemberStatus, type Organisation, type ScenarioCard, api, dayTokens, playerTokens,
} from "../api/client";
import { formatDuration, formatLongDuration } from "../format";
import { navigate } from "../router";
import { type DayClock, clockNow } from "../state/dayClock";
import { AppLink, FacilitatorNav } from "./Console";
import { PHASE_NAMES } from "../components/PhaseBar";
import { Table } from "./TrainingDay";

const POLL_MS = 2000;

/** Ask again every `ms` while the page is open. */
function usePoll(run: () => void, ms: number, deps: unknown[]): void {
  useEffect(() => {
    run();
    const timer = window.setInterval(run, ms);
    return () => window.clearInterval(timer);
  }, deps);
}

// Joining -------------------------------------------------------------------------------------

/** Join the day with its code, a name and (optionally) a function; then wait for a table. */
export function DayJoin({ code: initialCode }: { code: string }) {
  const code = useSignal(initialCode.toUpperCase());
  const token = useSignal(initialCode ? dayTokens.get(initialCode) : null);
  const name = useSignal("");
  const fn = useSignal("");
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    const cleaned = code.value.trim().toUpperCase();
    try {
      const result = await api<DayJoinResult>("POST", `/api/v1/days/${encodeURIComponent(cleaned)}/join/`, {
        body: { name: name.value, function: fn.value },
      });
      dayTokens.set(cleaned, result.token);
      code.value = cleaned;
      token.value = result.token;
      if (cleaned !== initialCode) navigate(`/day/${cleaned}`);
    } catch (caught) {
      error.value = caught instanceof ApiError ? caught.message : "Joining failed; try again.";
    } finally {
      busy.value = false;
    }
  };
  if (token.value) return <Waiting code={code.value} token={token.value} />;
  return (
    <main class="join">
      <h1>Join the training day</h1>
      <form onSubmit={submit}>
        <label>
          Day code
          <input name="code" value={code.value} required autoCapitalize="characters" autoComplete="off" class="join__code"
            onInput={(e) => (code.value = (e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Your name
          <input name="name" value={name.value} required maxLength={40} autoComplete="given-name" autoFocus={Boolean(initialCode)}
            onInput={(e) => (name.value = (e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Your function or department <small>(optional: the tables mix them)</small>
          <input name="function" value={fn.value} maxLength={60} autoComplete="organization-title" placeholder="e.g. Billing"
            onInput={(e) => (fn.value = (e.target as HTMLInputElement).value)} />
        </label>
        {error.value && <p class="notice notice--error" role="alert">{error.value}</p>}
        <button type="submit" class="button" disabled={busy.value}>Join</button>
      </form>
    </main>
  );
}

/** In the day, waiting for the tables to open; then on to the seat in this person's game. */
function Waiting({ code, token }: { code: string; token: string }) {
  const status = useSignal<MemberStatus | null>(null);
  const problem = useSignal<string | null>(null);
  usePoll(() => {
    api<MemberStatus>("GET", `/api/v1/days/${code}/me/`, { memberToken: token }).then((me) => {
      status.value = me;
      problem.value = null;
      if (me.game_code && me.player_token) {
        playerTokens.set(me.game_code, me.player_token);
        dayTokens.setDayOfGame(me.game_code, code);
        navigate(`/play/${me.game_code}`);
      }
    }, (caught) => (problem.value = caught instanceof ApiError ? caught.message : "Cannot reach Bear Cave."));
  }, POLL_MS, [code, token]);
  const me = status.value;
  return (
    <main class="join day-waiting">
      <h1>{me ? me.day.name : "Training day"}</h1>
      {me && <p>You are in, <strong>{me.name}</strong>{me.function && ` (${me.function})`}.</p>}
      <p role="status">
        {me?.day.opened ? (me.game_code ? `Taking you to your seat${me.table ? ` at table ${me.table}` : ""}…`
          : "You have no seat at a table right now; ask the facilitator. This page takes you there once you do.") : <>
          {me?.table ? `You will sit at table ${me.table}. ` : ""}
          Waiting for the facilitator to open the tables; your seat opens here by itself.
        </>}
      </p>
      {problem.value && <p class="notice notice--warning" role="alert">{problem.value}</p>}
    </main>
  );
}

// The facilitator's list and new-day form -------------------------------------------------------

export function DayList() {
  const days = useSignal<DaySummary[] | null>(null);
  const scenarios = useSignal<ScenarioCard[]>([]);
  useSignalEffect(() => {
    void api<DaySummary[]>("GET", "/api/v1/days/").then((found) => (days.value = found), () => (days.value = []));
    void api<ScenarioCard[]>("GET", "/api/v1/scenarios/").then((cards) => (scenarios.value = cards), () => undefined);
  });
  return (
    <section class="days" aria-labelledby="days-title">
      <h2 id="days-title">Your training days</h2>
      {days.value?.length === 0 && <p class="hint">No training days yet: make one below.</p>}
      {days.value && days.value.length > 0 && (
        <ul class="days__list">
          {days.value.map((day) => (
            <li key={day.code}>
              <AppLink to={`/facilitate/days/${day.code}`}>{day.name} <code>{day.code}</code></AppLink>
              {` · ${day.members} joined · ${day.opened ? `${day.tables} tables playing` : "forming tables"}`}
            </li>
          ))}
        </ul>
      )}
      <CreateDay scenarios={scenarios.value} />
    </section>
  );
}

function CreateDay({ scenarios }: { scenarios: ScenarioCard[] }) {
  const name = useSignal("");
  const chosen = useSignal<string[]>([]);
  const rounds = useSignal(2);
  const live = useSignal("");
  const debrief = useSignal(8);
  const size = useSignal(5);
  const error = useSignal<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    error.value = null;
    try {
      const day = await api<DayView>("POST", "/api/v1/days/", {
        body: {
          name: name.value, scenarios: chosen.value, rounds: rounds.value, debrief_minutes: debrief.value,
          table_size: size.value, ...(live.value ? { live_minutes: Number(live.value) } : {}),
        },
      });
      navigate(`/facilitate/days/${day.code}`);
    } catch (caught) {
      error.value = caught instanceof ApiError ? caught.message : "The day was not created.";
    }
  };
  const toggle = (id: string, on: boolean) => {
    chosen.value = on ? [...chosen.value.filter((c) => c !== id), id] : chosen.value.filter((c) => c !== id);
  };
  return (
    <form class="create-day" onSubmit={submit}>
      <h3>New training day</h3>
      <label>Name <input name="day-name" required maxLength={120} value={name.value}
        onInput={(e) => (name.value = (e.target as HTMLInputElement).value)} /></label>
      <fieldset>
        <legend>Scenarios: tick one for every table, or several to give the tables one each (in the order ticked)</legend>
        {scenarios.map((s) => (
          <label key={s.id} class="inline">
            <input type="checkbox" name="scenario" value={s.id} checked={chosen.value.includes(s.id)}
              onChange={(e) => toggle(s.id, (e.target as HTMLInputElement).checked)} />
            {s.title}{chosen.value.includes(s.id) && chosen.value.length > 1 && ` (table ${chosen.value.indexOf(s.id) + 1})`}
          </label>
        ))}
      </fieldset>
      <div class="create-day__numbers">
        <label>Rounds <input type="number" name="rounds" min={1} max={12} value={rounds.value}
          onInput={(e) => (rounds.value = Number((e.target as HTMLInputElement).value))} /></label>
        <label>Live minutes <input type="number" name="live" min={1} max={90} placeholder="scenario's" value={live.value}
          onInput={(e) => (live.value = (e.target as HTMLInputElement).value)} /></label>
        <label>Debrief minutes <input type="number" name="debrief" min={1} max={60} value={debrief.value}
          onInput={(e) => (debrief.value = Number((e.target as HTMLInputElement).value))} /></label>
        <label>People per table <select name="table-size" value={size.value}
          onChange={(e) => (size.value = Number((e.target as HTMLSelectElement).value))}>
          {[4, 5, 6, 7].map((n) => <option key={n} value={n}>{n}</option>)}
        </select></label>
      </div>
      {error.value && <p class="notice notice--error" role="alert">{error.value}</p>}
      <button type="submit" class="button" disabled={chosen.value.length === 0}>Create the day</button>
    </form>
  );
}

// The day's console -----------------------------------------------------------------------------

function useDay(code: string) {
  const day = useSignal<DayView | null>(null);
  const missing = useSignal(false);
  const reload = () => {
    void api<DayView>("GET", `/api/v1/days/${code}/`).then((found) => (day.value = found), () => (missing.value = true));
  };
  usePoll(reload, POLL_MS * 1.5, [code]);
  return { day, missing, reload };
}


/** One clock for the day: time since the tables opened, and until the last table's timed phase
 * (live or debrief) ends. */
function MasterClock({ clock }: { clock: DayClock }) {
  const arrived = useMemo(() => performance.now(), [clock]);
  const now = useSignal(performance.now());
  useEffect(() => {
    const timer = window.setInterval(() => (now.value = performance.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const { elapsed, left } = clockNow(clock, now.value - arrived);
  if (elapsed === null) return null;
  return (
    <section class="day-clock" aria-label="The day's clock">
      <p><span class="day-clock__label">Since the tables opened</span>{" "}
        <strong class="day-clock__time" role="timer">{formatLongDuration(elapsed)}</strong></p>
      <p><span class="day-clock__label">{left === null ? "No table is on the clock" : clock.timed_tables > 1 ? `Until the last of ${clock.timed_tables} tables ends its phase` : "Left in this phase"}</span>{" "}
        {left !== null && <strong class="day-clock__time" role="timer">{formatDuration(Math.ceil(left))}{clock.paused && <small> (paused)</small>}</strong>}</p>
    </section>
  );
}

/** Each table's people, moved by dragging them onto another table or by their select (the
 * keyboard's and the phone's way). Before the tables open, a new table is one more choice. */
function Seating({ day, move }: { day: DayView; move: (member: number, table: number) => void }) {
  const over = useSignal<number | null>(null);
  const dropProps = (number: number) => ({
    onDragOver: (e: DragEvent) => { e.preventDefault(); over.value = number; },
    onDragLeave: () => { if (over.value === number) over.value = null; },
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      over.value = null;
      const member = Number(e.dataTransfer?.getData("text/plain"));
      const from = day.members.find((m) => m.id === member)?.table;
      if (member && from !== number) move(member, number);
    },
  });
  const next = day.tables.length + 1;
  return (
    <ul class="tables day-seating">
      {day.tables.map((table) => (
        <li key={table.number} class={`${day.opened ? "" : "table-card "}day-seating__table${over.value === table.number ? " is-drop-target" : ""}`}
          data-table={table.number} {...dropProps(table.number)}>
          <h3>{table.name} <small>· {table.scenario.title}{table.game ? ` · ${PHASE_NAMES[table.game.phase] ?? table.game.phase}` : ""}</small></h3>
          <ul class="day-members">
            {day.members.filter((m) => m.table === table.number).map((m) => (
              <li key={m.id} draggable class="day-member"
                onDragStart={(e) => { e.dataTransfer?.setData("text/plain", String(m.id)); if (e.dataTransfer) e.dataTransfer.effectAllowed = "move"; }}>
                <span aria-hidden="true" class="day-member__grip">⠿</span>
                <span>{m.name}{m.function && <small> · {m.function}</small>}</span>
                <label class="visually-hidden" for={`move-${m.id}`}>Move {m.name} to</label>
                <select id={`move-${m.id}`} value={table.number}
                  onChange={(e) => move(m.id, Number((e.target as HTMLSelectElement).value))}>
                  {day.tables.map((t) => <option key={t.number} value={t.number}>{t.name}</option>)}
                  {!day.opened && <option value={next}>A new table</option>}
                </select>
              </li>
            ))}
          </ul>
        </li>
      ))}
      {!day.opened && day.tables.length > 0 && (
        <li class={`day-seating__table day-seating__new${over.value === next ? " is-drop-target" : ""}`} data-table={next} {...dropProps(next)}>
          <p class="hint">Drop someone here for a new table</p>
        </li>
      )}
    </ul>
  );
}

/** Once open: move someone between rounds (both tables in the lobby or a briefing). */
function MovingPeople({ day, onChange }: { day: DayView; onChange: (found: DayView) => void }) {
  const problem = useSignal<string | null>(null);
  const move = (member: number, table: number) => {
    problem.value = null;
    api<DayView>("POST", `/api/v1/days/${day.code}/members/${member}/table/`, { body: { table } })
      .then(onChange, (caught) => (problem.value = caught instanceof ApiError ? caught.message : "That did not work."));
  };
  return (
    <details class="day-moves">
      <summary>Move people between tables</summary>
      <p class="hint">Between rounds: while both tables are in the lobby or a briefing. The person leaves one table's game and joins the other's; their phone follows.</p>
      {problem.value && <p class="notice notice--error" role="alert">{problem.value}</p>}
      <Seating day={day} move={move} />
    </details>
  );
}

/** Before the tables open: who joined, the proposed tables, moves by a drag or a select. */
function FormingTables({ day, onChange }: { day: DayView; onChange: (found: DayView) => void }) {
  const size = useSignal(day.table_size);
  const problem = useSignal<string | null>(null);
  const call = (path: string, body?: unknown) =>
    api<DayView>("POST", `/api/v1/days/${day.code}/${path}`, body === undefined ? {} : { body })
      .then(onChange, (caught) => (problem.value = caught instanceof ApiError ? caught.message : "That did not work."));
  const unseated = day.members.filter((m) => m.table === null);
  return (
    <section class="day-forming" aria-labelledby="forming-title">
      <h2 id="forming-title">Tables</h2>
      <p>
        <label class="inline">People per table{" "}
          <select name="propose-size" value={size.value} onChange={(e) => (size.value = Number((e.target as HTMLSelectElement).value))}>
            {[4, 5, 6, 7].map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>{" "}
        <button type="button" onClick={() => void call("tables/", { size: size.value })} disabled={day.members.length === 0}>
          Propose tables
        </button>{" "}
        <button type="button" class="button" onClick={() => void call("open/")} disabled={day.tables.length === 0}>
          Open the tables
        </button>
      </p>
      {problem.value && <p class="notice notice--error" role="alert">{problem.value}</p>}
      {unseated.length > 0 && <p>Not at a table yet: {unseated.map((m) => m.name).join(", ")}</p>}
      <Seating day={day} move={(member, table) => void call(`members/${member}/table/`, { table })} />
    </section>
  );
}

/** Every table (or the ticked ones) at once: the game's own commands, each table answering. */
function RunTogether({ day }: { day: DayView }) {
  const chosen = useSignal<number[]>([]);
  const text = useSignal("");
  const inject = useSignal("");
  const minutes = useSignal(2);
  const override = useSignal("");
  const answer = useSignal<string | null>(null);
  const injects = [...new Map(day.scenarios.flatMap((s) => s.injects).map((i) => [i.id, i])).values()];
  // Until someone picks, the select shows (and fires) the first inject, never a blank.
  const chosenInject = inject.value || injects[0]?.id;
  const send = async (path: string, body: Record<string, unknown>, what: string) => {
    const tables = chosen.value.length ? { tables: chosen.value } : {};
    try {
      const { results } = await api<DayCommandResult>("POST", `/api/v1/days/${day.code}/${path}`, { body: { ...body, ...tables } });
      answer.value = answered(what, results);
    } catch (caught) {
      answer.value = caught instanceof ApiError ? caught.message : "That did not work.";
    }
  };
  const toggle = (n: number, on: boolean) => (chosen.value = on ? [...chosen.value, n] : chosen.value.filter((c) => c !== n));
  return (
    <section class="day-run" aria-labelledby="run-title">
      <h2 id="run-title">Run the tables</h2>
      <fieldset class="day-run__tables">
        <legend>Send to (none ticked: every table)</legend>
        {day.tables.map((t) => (
          <label key={t.number} class="inline">
            <input type="checkbox" name="run-table" checked={chosen.value.includes(t.number)}
              onChange={(e) => toggle(t.number, (e.target as HTMLInputElement).checked)} />{t.name}
          </label>
        ))}
      </fieldset>
      <p class="day-run__buttons">
        <button type="button" class="button" onClick={() => void send("advance/", { override_reason: override.value }, "Next phase")}>Next phase</button>
        <button type="button" onClick={() => void send("clock/pause/", {}, "Paused")}>Pause</button>
        <button type="button" onClick={() => void send("clock/resume/", {}, "Resumed")}>Resume</button>
        <label>
          <input type="number" name="extend-minutes" min={1} max={60} value={minutes.value} class="day-run__minutes"
            onInput={(e) => (minutes.value = Number((e.target as HTMLInputElement).value))} /> min
        </label>
        <button type="button" onClick={() => void send("clock/extend/", { seconds: minutes.value * 60 }, `${minutes.value} more minutes`)}>
          Give more time
        </button>
        <button type="button" onClick={() => void send("hands/lower/", {}, "Hands lowered")}>Lower hands</button>
      </p>
      <p>
        <label>Reason to end an agreement without a change <small>(optional)</small>{" "}
          <input name="override-reason" maxLength={500} value={override.value}
            onInput={(e) => (override.value = (e.target as HTMLInputElement).value)} /></label>
      </p>
      <form class="day-run__say" onSubmit={(e) => { e.preventDefault(); void send("announcements/", { text: text.value }, "Said").then(() => (text.value = "")); }}>
        <label>Say to the tables <input name="announcement" maxLength={500} required value={text.value}
          onInput={(e) => (text.value = (e.target as HTMLInputElement).value)} /></label>
        <button type="submit">Say it</button>
      </form>
      {injects.length > 0 && (
        <form class="day-run__inject" onSubmit={(e) => { e.preventDefault(); void send("injects/", { inject: chosenInject }, "Inject fired"); }}>
          <label>Inject <select name="inject" value={chosenInject} onChange={(e) => (inject.value = (e.target as HTMLSelectElement).value)}>
            {injects.map((i) => <option key={i.id} value={i.id}>{i.title}</option>)}
          </select></label>
          <button type="submit">Fire the inject</button>
        </form>
      )}
      {answer.value && <p class="notice" role="status">{answer.value}</p>}
    </section>
  );
}

/** What each table answered, in one line. */
function answered(what: string, results: DayCommandResult["results"]): string {
  const refused = results.filter((r) => !r.ok);
  return refused.length
    ? `${what}: ${results.length - refused.length} of ${results.length} tables. ${refused.map((r) => `Table ${r.table}: ${r.message}`).join(" ")}`
    : `${what}: ${results.length === 1 ? `${results[0]?.table ? `table ${results[0].table}` : "1 table"}` : `all ${results.length} tables`}.`;
}

const SHARE_ROLE_NAMES = { co_facilitator: "co-facilitator", observer: "observer" } as const;

/** Co-facilitators and observers per table: each table's game shared through the games' own
 * sharing; they find it in their games list and run or watch it there. */
function TableHelpers({ day, onChange }: { day: DayView; onChange: () => void }) {
  const members = useSignal<{ id: number; username: string }[]>([]);
  const who = useSignal("");
  const role = useSignal<"co_facilitator" | "observer">("co_facilitator");
  const chosen = useSignal<number[]>([]);
  const answer = useSignal<string | null>(null);
  useEffect(() => {
    void api<Organisation>("GET", "/api/v1/organisation/").then((org) => (members.value = org.members), () => undefined);
  }, []);
  const share = async (user: number, as: "co_facilitator" | "observer" | null, tables: number[] | null, what: string) => {
    try {
      const { results } = await api<DayCommandResult>("POST", `/api/v1/days/${day.code}/shares/`, {
        body: { user, role: as, ...(tables ? { tables } : {}) },
      });
      answer.value = answered(what, results);
      onChange();
    } catch (caught) {
      answer.value = caught instanceof ApiError ? caught.message : "That did not work.";
    }
  };
  const toggle = (n: number, on: boolean) => (chosen.value = on ? [...chosen.value, n] : chosen.value.filter((c) => c !== n));
  const name = (id: number) => members.value.find((m) => m.id === id)?.username ?? "";
  const helped = day.tables.filter((t) => t.shares.length > 0);
  return (
    <section class="day-helpers" aria-labelledby="helpers-title">
      <h2 id="helpers-title">Co-facilitators and observers</h2>
      <form class="inline-form" onSubmit={(e) => {
        e.preventDefault();
        if (who.value) void share(Number(who.value), role.value, chosen.value.length ? chosen.value : null, `${name(Number(who.value))} is ${SHARE_ROLE_NAMES[role.value]}`);
      }}>
        <label>Member
          <select name="helper" value={who.value} onChange={(e) => (who.value = (e.target as HTMLSelectElement).value)}>
            <option value="">Choose…</option>
            {members.value.map((m) => <option key={m.id} value={String(m.id)}>{m.username}</option>)}
          </select>
        </label>
        <label>As
          <select name="helper-role" value={role.value} onChange={(e) => (role.value = (e.target as HTMLSelectElement).value as "observer")}>
            <option value="co_facilitator">Co-facilitator: runs the table</option>
            <option value="observer">Observer: watches and replays</option>
          </select>
        </label>
        <fieldset class="day-run__tables">
          <legend>At (none ticked: every table)</legend>
          {day.tables.map((t) => (
            <label key={t.number} class="inline">
              <input type="checkbox" name="helper-table" checked={chosen.value.includes(t.number)}
                onChange={(e) => toggle(t.number, (e.target as HTMLInputElement).checked)} />{t.name}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={!who.value}>Give the table{chosen.value.length === 1 ? "" : "s"}</button>
      </form>
      {helped.length > 0 && (
        <ul class="day-helpers__list">
          {helped.map((t) => (
            <li key={t.number}>
              <strong>{t.name}:</strong>{" "}
              {t.shares.map((s) => (
                <span key={s.user} class="day-helpers__share">
                  {s.username} ({SHARE_ROLE_NAMES[s.role]}){" "}
                  <button type="button" class="subtle" onClick={() => void share(s.user, null, [t.number], `${s.username} no longer helps`)}>
                    Stop<span class="visually-hidden"> sharing {t.name} with {s.username}</span>
                  </button>
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
      {answer.value && <p class="notice" role="status">{answer.value}</p>}
    </section>
  );
}

/** The tables side by side: time to calm and ratings per round, every agreed change. */
export function DayCompare({ code, state = "" }: { code: string; state?: string }) {
  const comparison = useSignal<DayComparison | null>(null);
  // Read again when any table moves on (`state`: every table's phase and round), and now and then.
  usePoll(() => void api<DayComparison>("GET", `/api/v1/days/${code}/comparison/`).then((c) => (comparison.value = c), () => undefined), 10000, [code, state]);
  const found = comparison.value;
  if (!found) return <p role="status">Loading the comparison…</p>;
  const rounds = Array.from({ length: found.total_rounds }, (_, i) => i + 1);
  const calm = (s: number | null | undefined) => (s === null || s === undefined ? "never" : formatDuration(Math.round(s)));
  return (
    <section class="day-compare" aria-labelledby="compare-title">
      <h2 id="compare-title">The tables side by side</h2>
      {found.most_improved !== null && <p class="state-badge">Most improved: table {found.most_improved}</p>}
      <div class="table-scroll">
        <table class="figures">
          <caption>Time to calm and the customer's rating (mean of listened, cared, valued; 1 to 5), round by round</caption>
          <thead><tr><th scope="col">Table</th>{rounds.map((r) => <th key={r} scope="col">Round {r}</th>)}<th scope="col">Change</th></tr></thead>
          <tbody>
            {found.tables.map((t) => (
              <tr key={t.number}>
                <th scope="row">{t.name}</th>
                {rounds.map((r) => {
                  const figures = t.rounds.find((f) => f.round === r);
                  return <td key={r}>{figures ? `${calm(figures.time_to_calm_seconds)} · ${figures.rating ?? "–"}` : "–"}</td>;
                })}
                <td>{t.improvement === null ? "–" : `${t.improvement > 0 ? "+" : ""}${t.improvement}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Agreed changes</h3>
      <ul class="day-changes">
        {found.tables.map((t) => (
          <li key={t.number}>
            <strong>{t.name}</strong>
            {t.agreed_changes.length === 0 ? <p class="hint">None yet.</p> : (
              <ol>{t.agreed_changes.map((c) => <li key={`${c.round}-${c.text}`}>Round {c.round}: {c.text}</li>)}</ol>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

const tablesState = (day: DayView) => day.tables.map((t) => `${t.game?.phase}:${t.game?.round}`).join(",");

export function DayConsole({ code }: { code: string }) {
  const { day, missing, reload } = useDay(code);
  const found = day.value;
  if (missing.value && !found) return <main><FacilitatorNav /><p role="alert">You have no training day {code}.</p></main>;
  if (!found) return <p role="status">Loading…</p>;
  return (
    <main class="training-day day-console">
      <FacilitatorNav>
        <AppLink to={`/facilitate/days/${code}/wall`}>The wall</AppLink>
      </FacilitatorNav>
      <h1>{found.name}</h1>
      <section class="day-join-card" aria-label="How to join">
        <img src={found.qr_url} alt={`QR code for ${found.join_url}`} width={120} height={120} />
        <p>Code <strong class="day-code">{found.code}</strong><br /><a href={found.join_url}>{found.join_url}</a></p>
        <p>{found.members.length} joined · {found.scenarios.map((s) => s.title).join(", ")} · {found.total_rounds} rounds</p>
      </section>
      {!found.opened ? <FormingTables day={found} onChange={(next) => (day.value = next)} /> : (
        <>
          <MasterClock clock={found.clock} />
          <RunTogether day={found} />
          <ul class="tables">
            {found.tables.map((t) => t.game && (
              <Table key={t.game.code} game={{ code: t.game.code, name: t.name }} hand={t.hand?.name ?? null} />
            ))}
          </ul>
          <MovingPeople day={found} onChange={(next) => (day.value = next)} />
          <TableHelpers day={found} onChange={reload} />
          <DayCompare code={code} state={tablesState(found)} />
          <p>
            <a class="button" href={`/api/v1/days/${code}/report.csv`} download>Download the day report (CSV)</a>{" "}
            <a class="button" href={`/api/v1/days/${code}/report.pdf`} download>Download the day report (PDF)</a>
          </p>
        </>
      )}
    </main>
  );
}

// The wall --------------------------------------------------------------------------------------

/** For the projector: how to join while the tables form, then every table; nothing private. */
export function DayWall({ code }: { code: string }) {
  const { day } = useDay(code);
  const found = day.value;
  if (!found) return <p role="status">Loading…</p>;
  const finished = found.tables.length > 0 && found.tables.every((t) => t.game?.phase === "finished");
  return (
    <main class="wall day-wall">
      <h1 class="day-wall__title">{found.name}</h1>
      {!found.opened ? (
        <section class="wall__join" aria-label="How to join">
          <p class="wall__code" aria-label={`Join code ${found.code.split("").join(" ")}`}>{found.code}</p>
          <img class="wall__qr" src={found.qr_url} alt={`QR code for ${found.join_url}`} width={280} height={280} />
          <p class="wall__link">{found.join_url}</p>
          <p class="day-wall__count" role="status">{found.members.length} joined</p>
        </section>
      ) : (
        <>
        <div class="day-wall__top">
          <MasterClock clock={found.clock} />
          {/* Late joiners go to the table that needs them: they still need something to scan. */}
          {!finished && (
            <section class="day-wall__late" aria-label="How to join late">
              <img src={found.qr_url} alt={`QR code for ${found.join_url}`} width={140} height={140} />
              <p>Late? Join with <strong class="day-wall__late-code">{found.code}</strong><br />{found.join_url}</p>
            </section>
          )}
        </div>
        <ul class="tables day-wall__tables">
          {found.tables.map((t) => t.game && <Table key={t.game.code} game={{ code: t.game.code, name: t.name }} hand={t.hand?.name ?? null} wall />)}
        </ul>
        </>
      )}
      {finished && <DayCompare code={code} state={tablesState(found)} />}
    </main>
  );
}
