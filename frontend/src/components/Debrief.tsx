import { useSignal } from "@preact/signals";
import type { Scenario } from "../realtime/protocol";
import { type GameStore, payloadOf } from "../state/game";

type Payload = Record<string, unknown>;

function latest(store: GameStore, type: string): Payload | null {
  const found = store.roundEvents.value.filter((e) => e.type === type);
  const last = found[found.length - 1];
  return last ? payloadOf(last) : null;
}

/** What the debrief shows everyone: the coach's notes and tags, the customer's ratings,
 * the rubric ratings and feedback, and the team's reflections. */
export function DebriefView({ store }: { store: GameStore }) {
  const revealed = latest(store, "debrief.revealed");
  const rating = (revealed?.["customer_rating"] ?? latest(store, "customer.rated")) as Payload | null;
  const rubric = latest(store, "rubric.rated");
  const feedback = latest(store, "feedback.given");
  const reflections = store.roundEvents.value.filter((e) => e.type === "reflection.added");
  return (
    <section class="debrief" aria-label="Debrief">
      <h2>Debrief</h2>
      {rating && (
        <div class="debrief__rating">
          <h3>How the customer felt</h3>
          <p>
            Listened to {String(rating["listened"])}/5 · Taken care of {String(rating["cared"])}/5 · Valued{" "}
            {String(rating["valued"])}/5 · Final mood {String(rating["final_mood"])} · Would stay:{" "}
            {String(rating["would_stay"])}
          </p>
          {rating["calmer"] ? <p>Calmer: {String(rating["calmer"])}</p> : null}
          {rating["angrier"] ? <p>Angrier: {String(rating["angrier"])}</p> : null}
        </div>
      )}
      {revealed && (
        <div>
          <h3>The coach's notes</h3>
          <ul>{(revealed["notes"] as Payload[]).map((n) => <li key={String(n["seq"])}>{String(n["text"])}</li>)}</ul>
          <h3>Tagged moments</h3>
          <ul>
            {(revealed["tags"] as Payload[]).map((t) => (
              <li key={String(t["tag"])}>{String(t["technique"]).replaceAll("_", " ")}{t["note"] ? `: ${String(t["note"])}` : ""}</li>
            ))}
          </ul>
        </div>
      )}
      {rubric && (
        <div>
          <h3>Rubric</h3>
          <ul>
            {Object.entries(rubric["ratings"] as Record<string, string>).map(([technique, level]) => (
              <li key={technique}>{technique.replaceAll("_", " ")}: {level.replaceAll("_", " ")}</li>
            ))}
          </ul>
        </div>
      )}
      {feedback && (
        <div class="debrief__feedback">
          <h3>Keep doing</h3>
          <p>{String(feedback["keep"])}</p>
          <h3>Do differently</h3>
          <p>{String(feedback["change"])}</p>
        </div>
      )}
      {reflections.length > 0 && (
        <div>
          <h3>Reflections</h3>
          <ul>{reflections.map((r) => <li key={r.seq}>{String(payloadOf(r)["author"])}: {String(payloadOf(r)["text"])}</li>)}</ul>
        </div>
      )}
    </section>
  );
}

const LEVELS = ["not_seen", "attempted", "done_well"] as const;

/** The coach's debrief: a level for every rubric technique, feedback in two parts, kept marks. */
export function CoachDebriefForm({ store, scenario }: { store: GameStore; scenario: Scenario }) {
  const ratings = useSignal<Record<string, string>>({});
  const keep = useSignal("");
  const change = useSignal("");
  const round = store.round.value;
  const earlier = (store.snapshot.value?.agreed_changes ?? []).filter((c) => c.round < round);
  return (
    <section class="coach-debrief" aria-label="Your debrief as coach">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void store.send({ type: "rate_rubric", ratings: ratings.value });
        }}
      >
        <h3>Rate the rubric</h3>
        {scenario.coach.rubric.map((entry) => (
          <fieldset key={entry.technique} class="levels">
            <legend>{entry.technique.replaceAll("_", " ")}</legend>
            {LEVELS.map((level) => (
              <label key={level}>
                <input
                  type="radio"
                  name={`level-${entry.technique}`}
                  checked={ratings.value[entry.technique] === level}
                  onChange={() => (ratings.value = { ...ratings.value, [entry.technique]: level })}
                />
                {level.replaceAll("_", " ")}
              </label>
            ))}
          </fieldset>
        ))}
        <button type="submit">Save ratings</button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void store.send({ type: "give_feedback", keep: keep.value, change: change.value });
        }}
      >
        <h3>Feedback</h3>
        <label>
          Keep doing
          <textarea required value={keep.value} onInput={(e) => (keep.value = (e.target as HTMLTextAreaElement).value)} />
        </label>
        <label>
          Do differently
          <textarea required value={change.value} onInput={(e) => (change.value = (e.target as HTMLTextAreaElement).value)} />
        </label>
        <button type="submit">Give feedback</button>
      </form>
      {earlier.length > 0 && (
        <div>
          <h3>Were earlier changes kept?</h3>
          <ul>
            {earlier.map((c) => (
              <li key={c.change}>
                {c.text}{" "}
                <button type="button" onClick={() => void store.send({ type: "mark_kept", change: c.change, kept: true })}>Kept</button>
                <button type="button" onClick={() => void store.send({ type: "mark_kept", change: c.change, kept: false })}>Not kept</button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** A responder's short self-reflection. */
export function ReflectionForm({ store }: { store: GameStore }) {
  const text = useSignal("");
  return (
    <form
      class="reflection"
      onSubmit={async (event) => {
        event.preventDefault();
        await store.send({ type: "reflect", text: text.value }).then(() => (text.value = ""), () => undefined);
      }}
    >
      <label>
        Your reflection
        <textarea value={text.value} maxLength={2000} onInput={(e) => (text.value = (e.target as HTMLTextAreaElement).value)} />
      </label>
      <button type="submit">Share</button>
    </form>
  );
}

/** The customer's end-of-round form: the triple, final mood, would they stay, and why. */
export function RatingForm({ store, mood }: { store: GameStore; mood: number }) {
  const values = useSignal({ listened: 3, cared: 3, valued: 3 });
  const finalMood = useSignal(mood);
  const stay = useSignal<"yes" | "maybe" | "no">("maybe");
  const calmer = useSignal("");
  const angrier = useSignal("");
  const rated = store.roundEvents.value.some((e) => e.type === "customer.rated");
  const scale = (name: "listened" | "cared" | "valued", label: string) => (
    <fieldset class="levels">
      <legend>{label}</legend>
      {[1, 2, 3, 4, 5].map((n) => (
        <label key={n}>
          <input type="radio" name={`rate-${name}`} checked={values.value[name] === n}
            onChange={() => (values.value = { ...values.value, [name]: n })} />
          {n}
        </label>
      ))}
    </fieldset>
  );
  return (
    <form
      class="rating-form"
      aria-label="Rate the round"
      onSubmit={(event) => {
        event.preventDefault();
        void store.send({
          type: "rate_round", ...values.value, final_mood: finalMood.value,
          would_stay: stay.value, calmer: calmer.value, angrier: angrier.value,
        });
      }}
    >
      <h2>{rated ? "Your rating (you can change it)" : "How did they do?"}</h2>
      {scale("listened", "How listened to did you feel?")}
      {scale("cared", "How well taken care of?")}
      {scale("valued", "How valued?")}
      <label>
        Final mood (0 to 10)
        <input type="number" min={0} max={10} value={finalMood.value}
          onInput={(e) => (finalMood.value = Number((e.target as HTMLInputElement).value))} />
      </label>
      <fieldset class="levels">
        <legend>Would this customer stay?</legend>
        {(["yes", "maybe", "no"] as const).map((answer) => (
          <label key={answer}>
            <input type="radio" name="would-stay" checked={stay.value === answer} onChange={() => (stay.value = answer)} />
            {answer}
          </label>
        ))}
      </fieldset>
      <label>
        What made you calmer?
        <input value={calmer.value} onInput={(e) => (calmer.value = (e.target as HTMLInputElement).value)} />
      </label>
      <label>
        What made you angrier?
        <input value={angrier.value} onInput={(e) => (angrier.value = (e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">Send my rating</button>
    </form>
  );
}
