import { useSignal, useSignalEffect } from "@preact/signals";
import { ApiError, api } from "../api/client";
import type { components } from "../api/schema";
import { MoodChart } from "../components/MoodChart";
import { formatDuration, formatMoney, formatTimeToCalm } from "../format";
import { type GameEvent, eventsFromApi, outcomesFromApi } from "../state/events";
import { FacilitatorNav } from "./Console";
import type { RoundOutcome } from "./Play";

type Comparison = components["schemas"]["Comparison"];
type EventPage = components["schemas"]["EventPage"];

const count = (tags: Record<string, number>) => Object.values(tags).reduce((sum, n) => sum + n, 0);
const levels = (ratings: Record<string, string>, level: string) =>
  Object.values(ratings).filter((value) => value === level).length;

/** One row of the figures table: a label and what each round scored. */
function Row({ label, rounds, value }: { label: string; rounds: RoundOutcome[]; value: (r: RoundOutcome) => string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      {rounds.map((r) => <td key={r.round}>{value(r)}</td>)}
    </tr>
  );
}

/** The round being briefed or played, if any: its figures are so far, not its outcome. */
export function roundUnderWay(phase: string, rounds: RoundOutcome[]): number | null {
  const latest = rounds.at(-1);
  return latest && (phase === "briefing" || phase === "live") ? latest.round : null;
}

/** Round by round: the figures that say whether the team got better. `compact` for the wall. */
export function Figures({ rounds, currency, compact = false, underWay = null }: {
  rounds: RoundOutcome[]; currency: string; compact?: boolean; underWay?: number | null;
}) {
  const rating = (r: RoundOutcome, key: "listened" | "cared" | "valued" | "would_stay") => String(r.customer_rating?.[key] ?? "–");
  const handoffs = (r: RoundOutcome) => r.handoffs.handoffs;
  return (
    <table class="figures">
      <caption>Round by round</caption>
      <thead>
        <tr><th scope="col">Figure</th>{rounds.map((r) => (
          <th scope="col" key={r.round}>Round {r.round}{r.round === underWay && " (so far)"}</th>
        ))}</tr>
      </thead>
      <tbody>
        <Row label="Time to calm" rounds={rounds} value={(r) => formatTimeToCalm(r.time_to_calm_seconds)} />
        <Row label="Final mood (0 calm, 10 furious)" rounds={rounds} value={(r) => String(r.final_mood ?? "–")} />
        <Row label="Customer: listened / cared / valued" rounds={rounds}
          value={(r) => `${rating(r, "listened")} / ${rating(r, "cared")} / ${rating(r, "valued")}`} />
        <Row label="Customer would stay" rounds={rounds} value={(r) => rating(r, "would_stay")} />
        <Row label="Good moves tagged vs anti-patterns" rounds={rounds}
          value={(r) => `${count(r.good_move_tags)} vs ${count(r.anti_pattern_tags)}`} />
        {!compact && (
          <>
            <Row label="Rubric: done well / attempted / not seen" rounds={rounds}
              value={(r) => `${levels(r.rubric_ratings, "done_well")} / ${levels(r.rubric_ratings, "attempted")} / ${levels(r.rubric_ratings, "not_seen")}`} />
            <Row label="Given away" rounds={rounds} value={(r) => formatMoney(r.give_cost, currency)} />
            <Row label="Concessions beyond parameters" rounds={rounds} value={(r) => String(r.flagged_concessions.length)} />
            <Row label="Escalation cards played" rounds={rounds} value={(r) => String(r.escalations.length)} />
            <Row label="Handoffs between functions" rounds={rounds} value={(r) => String(handoffs(r).length)} />
            <Row label="Longest handoff" rounds={rounds}
              value={(r) => (handoffs(r).length ? formatDuration(Math.max(...handoffs(r).map((h) => h.took_seconds))) : "–")} />
            <Row label="Promises nobody followed up" rounds={rounds} value={(r) => String(r.handoffs.unkept_promises)} />
          </>
        )}
      </tbody>
    </table>
  );
}

function Changes({ comparison }: { comparison: Comparison }) {
  if (!comparison.agreed_changes.length) return null;
  return (
    <section aria-label="Agreed changes">
      <h2>What the team agreed to change</h2>
      <ol class="changes">
        {comparison.agreed_changes.map((change) => (
          <li key={change.change}>
            <strong>Round {change.round}:</strong> {change.text}
            {change.kept.length > 0 && (
              <span class="changes__kept">
                {" "}— {change.kept.map((mark) => `round ${String(mark["round"])}: ${mark["kept"] ? "kept" : "not kept"}`).join(", ")}
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Feedback({ rounds }: { rounds: RoundOutcome[] }) {
  const given = rounds.filter((r) => r.feedback);
  if (!given.length) return null;
  return (
    <section aria-label="Coach feedback">
      <h2>The coach's feedback</h2>
      {given.map((r) => (
        <div key={r.round} class="feedback">
          <h3>Round {r.round}</h3>
          <p><strong>Keep doing:</strong> {r.feedback?.keep ?? ""}</p>
          <p><strong>Do differently:</strong> {r.feedback?.change ?? ""}</p>
        </div>
      ))}
    </section>
  );
}

/** A round's room conversation, each message at its time into live. */
async function roomOf(code: string, round: number): Promise<{ seconds: number; author: string; text: string }[]> {
  const events: GameEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await api<EventPage>("GET", `/api/v1/games/${code}/events/?round=${round}&after=${after}&limit=500`);
    events.push(...eventsFromApi(page.events));
    if (!page.more) break;
    after = page.next_after;
  }
  const live = events.find((e) => e.type === "phase.changed" && e.payload.phase === "live");
  const start = live ? Date.parse(live.at) : 0;
  return events.flatMap((e) =>
    e.type === "message.posted" && e.payload.channel === "room"
      ? [{
          // Time into live as the mood curve counts it (pauses and freezes left out).
          seconds: Math.round(e.payload.live_seconds ?? Math.max(0, (Date.parse(e.at) - start) / 1000)),
          author: e.payload.author, text: e.payload.text,
        }]
      : [],
  );
}

/** Two rounds' conversations side by side, lined up by time into live. */
function Transcripts({ code, rounds }: { code: string; rounds: number[] }) {
  const left = useSignal(rounds[0] ?? 1);
  const right = useSignal(rounds[rounds.length - 1] ?? 1);
  const lines = useSignal<{ seconds: number; a: string[]; b: string[] }[]>([]);
  useSignalEffect(() => {
    const [a, b] = [left.value, right.value];
    void Promise.all([roomOf(code, a), roomOf(code, b)]).then(([first, second]) => {
      const rows = new Map<number, { seconds: number; a: string[]; b: string[] }>();
      const bucket = (seconds: number) => Math.floor(seconds / 15) * 15;
      const row = (seconds: number) => rows.get(bucket(seconds)) ?? rows.set(bucket(seconds), { seconds: bucket(seconds), a: [], b: [] }).get(bucket(seconds))!;
      for (const m of first) row(m.seconds).a.push(`${m.author}: ${m.text}`);
      for (const m of second) row(m.seconds).b.push(`${m.author}: ${m.text}`);
      lines.value = [...rows.values()].sort((x, y) => x.seconds - y.seconds);
    }, () => (lines.value = []));
  });
  const picker = (label: string, chosen: { value: number }) => (
    <label>
      {label}
      <select value={chosen.value} onChange={(e) => (chosen.value = Number((e.target as HTMLSelectElement).value))}>
        {rounds.map((n) => <option key={n} value={n}>Round {n}</option>)}
      </select>
    </label>
  );
  return (
    <section class="transcripts" aria-label="Transcripts side by side">
      <h2>What the team did differently</h2>
      <div class="transcripts__pickers no-print">{picker("Left", left)}{picker("Right", right)}</div>
      <table>
        <thead><tr><th scope="col">Into live</th><th scope="col">Round {left.value}</th><th scope="col">Round {right.value}</th></tr></thead>
        <tbody>
          {lines.value.map((line) => (
            <tr key={line.seconds}>
              <th scope="row">{formatDuration(line.seconds)}</th>
              <td>{line.a.map((text, i) => <p key={i}>{text}</p>)}</td>
              <td>{line.b.map((text, i) => <p key={i}>{text}</p>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The after-action report: did Groundhog Day work? Printable as it stands. */
export function Compare({ code }: { code: string }) {
  const comparison = useSignal<Comparison | null>(null);
  const error = useSignal<string | null>(null);
  useSignalEffect(() => {
    void api<Comparison>("GET", `/api/v1/games/${code}/comparison/`).then(
      (found) => (comparison.value = found),
      (caught: unknown) => (error.value = caught instanceof ApiError ? caught.message : "The comparison could not be loaded."),
    );
  });
  if (error.value) return <main class="compare"><p role="alert">{error.value}</p></main>;
  const found = comparison.value;
  if (!found) return <main class="compare"><p role="status">Loading…</p></main>;
  const rounds = outcomesFromApi(found.rounds);
  const underWay = roundUnderWay(found.phase, rounds);
  const played = rounds.length - (underWay === null ? 0 : 1);
  return (
    <main class="compare">
      <FacilitatorNav><a href={`/facilitate/${code}`}>Console</a></FacilitatorNav>
      <header class="compare__header">
        <h1>{found.name || found.code}: {found.scenario_title}</h1>
        <p>
          {played} of {found.total_rounds} rounds played{underWay !== null && `, round ${underWay} under way`} ·{" "}
          <button type="button" class="no-print" onClick={() => window.print()}>Print the report</button>{" "}
          <a class="no-print" href={`/api/v1/games/${code}/report.pdf`}>Report (PDF)</a>{" "}
          <a class="no-print" href={`/api/v1/games/${code}/export/rounds.csv`}>Figures (CSV)</a>{" "}
          <a class="no-print" href={`/api/v1/games/${code}/export/transcript.csv`}>Transcript (CSV)</a>{" "}
          <a class="no-print" href={`/api/v1/games/${code}/export/`}>Whole game (JSON)</a>
        </p>
      </header>
      {rounds.length === 0 ? (
        <p>No round has been played yet.</p>
      ) : (
        <>
          <section aria-label="Mood curves">
            <h2>Mood, round over round</h2>
            <MoodChart series={rounds.map((r) => ({ label: `Round ${r.round}${r.round === underWay ? " (so far)" : ""}`, points: r.mood_curve }))} calmThreshold={found.calm_threshold} />
          </section>
          <Figures rounds={rounds} currency={found.currency} underWay={underWay} />
          <Changes comparison={found} />
          <Feedback rounds={rounds} />
          <Transcripts code={code} rounds={rounds.map((r) => r.round)} />
        </>
      )}
    </main>
  );
}
