import { useSignal } from "@preact/signals";
import { formatDuration, techniqueLabel } from "../format";
import type { Scenario } from "../realtime/protocol";
import { type GameEvent, lastOfType, ofType } from "../state/events";
import type { GameStore } from "../state/game";
import { type CurrentTag, currentTags } from "./Coaching";
import { moodWord } from "./Mood";

/** Every event a block shows (the latest of several ratings stands for all of them). */
const seqs = (events: readonly GameEvent[]) => events.map((e) => e.seq).join(" ");

const RATING_LABELS = { listened: "Listened to", cared: "Taken care of", valued: "Valued" } as const;

/** What the debrief shows everyone: the coach's notes and tags, the customer's ratings,
 * the rubric ratings and feedback, and the team's reflections. Each line carries its seq. */
export function DebriefView({ store }: { store: GameStore }) {
  const events = store.roundEvents.value;
  const revealed = lastOfType(events, "debrief.revealed");
  const rated = lastOfType(events, "customer.rated");
  const rating = rated?.payload ?? revealed?.payload.customer_rating ?? null;
  const rubric = lastOfType(events, "rubric.rated");
  const feedback = lastOfType(events, "feedback.given");
  const reflections = ofType(events, "reflection.added");
  return (
    <section class="debrief" aria-label="Debrief" data-region="debrief">
      <h2>Debrief</h2>
      {!revealed && !rating && !rubric && <p class="hint">The coach's notes and the customer's view appear here.</p>}
      {rating && (
        <div class="debrief__rating" data-seq={seqs(ofType(events, "customer.rated").filter((e) => e.audience === "everyone"))}>
          <h3>How the customer felt</h3>
          <dl class="ratings">
            {(Object.keys(RATING_LABELS) as (keyof typeof RATING_LABELS)[]).map((key) => (
              <div key={key}>
                <dt>{RATING_LABELS[key]}</dt>
                <dd>{rating[key]}/5{rating.reasons?.[key] ? <span class="ratings__why">: {rating.reasons[key]}</span> : null}</dd>
              </div>
            ))}
            <div><dt>Final mood</dt><dd>{rating.final_mood} ({moodWord(rating.final_mood, store.game.value?.calm_threshold)})</dd></div>
            <div><dt>Would stay</dt><dd>{rating.would_stay}</dd></div>
          </dl>
          {rating.calmer ? <p>What calmed them: {rating.calmer}</p> : null}
          {rating.angrier ? <p>What made it worse: {rating.angrier}</p> : null}
        </div>
      )}
      {revealed && <Revealed event={revealed} events={events} labels={store.game.value?.technique_labels} />}
      {rubric && (
        <div data-seq={seqs(ofType(events, "rubric.rated"))}>
          <h3>Rubric</h3>
          <ul class="rubric-levels">
            {Object.entries(rubric.payload.ratings).map(([technique, level]) => (
              <li key={technique} class={`level level--${level}`}>{techniqueLabel(technique, store.game.value?.technique_labels)}: {techniqueLabel(level)}</li>
            ))}
          </ul>
        </div>
      )}
      {feedback && (
        <div class="debrief__feedback" data-seq={seqs(ofType(events, "feedback.given"))}>
          <h3>Keep doing</h3>
          <p>{feedback.payload.keep}</p>
          <h3>Do differently</h3>
          <p>{feedback.payload.change}</p>
        </div>
      )}
      {reflections.length > 0 && (
        <div>
          <h3>Reflections</h3>
          <ul>{reflections.map((r) => <li key={r.seq} data-seq={r.seq}>{r.payload.author}: {r.payload.text}</li>)}</ul>
        </div>
      )}
    </section>
  );
}

/**
 * The tags as the debrief shows them: those revealed when it began, then every later tag, edit
 * and removal (all everyone's from the reveal on).
 */
export function debriefTags(events: readonly GameEvent[]): CurrentTag[] {
  const revealed = lastOfType(events, "debrief.revealed");
  if (!revealed) return [];
  const tags = new Map<number, CurrentTag>(revealed.payload.tags.map((tag) => [tag.tag, { ...tag, suggested: tag.suggested ?? false }]));
  const later = events.filter((e) => e.seq > revealed.seq && e.audience === "everyone");
  for (const [seq, tag] of currentTags(later)) tags.set(seq, tag);
  for (const event of later) {
    if (event.type === "tag.updated") {
      const tag = tags.get(event.payload.tag);
      const { technique, note } = event.payload;
      if (tag) tags.set(tag.tag, { ...tag, ...(technique ? { technique } : {}), ...(note !== null && note !== undefined ? { note } : {}) });
    }
    if (event.type === "tag.removed") tags.delete(event.payload.tag);
  }
  return [...tags.values()].sort((a, b) => a.tag - b.tag);
}

/** The coach's live notes and tagged moments: who, the words, when, and the coach's note. */
function Revealed({ event, events, labels }: {
  event: Extract<GameEvent, { type: "debrief.revealed" }>; events: readonly GameEvent[]; labels?: Record<string, string> | undefined;
}) {
  const messages = new Map(ofType(events, "message.posted").map((m) => [m.seq, m.payload]));
  const { notes } = event.payload;
  // In the order things were said, not the order the coach got round to tagging them.
  const saidAt = (tag: { message: number | null; live_seconds: number | null }) =>
    (tag.message !== null ? messages.get(tag.message)?.live_seconds : null) ?? tag.live_seconds ?? Infinity;
  const tags = [...debriefTags(events)].sort((a, b) => saidAt(a) - saidAt(b));
  return (
    <div data-seq={event.seq}>
      <h3>The coach's notes</h3>
      {notes.length === 0 ? <p class="hint">No notes.</p> : (
        <ul>{notes.map((n) => <li key={n.seq}>{n.live_seconds !== null && <span class="chat__at">{formatDuration(n.live_seconds)} </span>}{n.text}</li>)}</ul>
      )}
      <h3>Tagged moments</h3>
      {tags.length === 0 ? <p class="hint" data-region="tags">No tags.</p> : (
        <ul class="moments" data-region="tags">
          {tags.map((tag) => {
            const message = tag.message !== null ? messages.get(tag.message) : undefined;
            // When it was said (a tagged message), else when the moment was tagged.
            const when = message?.live_seconds ?? tag.live_seconds;
            return (
              <li key={tag.tag} class="moment">
                <strong>{techniqueLabel(tag.technique, labels)}</strong>
                {when !== null && when !== undefined && <span class="chat__at"> at {formatDuration(when)}</span>}
                {message && <> · {message.author}: <q>{message.text}</q></>}
                {tag.note && <p class="moment__note">Coach: {tag.note}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

const LEVELS = ["not_seen", "attempted", "done_well"] as const;

/** The coach's debrief: a level for every rubric technique, and feedback in two parts. */
export function CoachDebriefForm({ store, scenario }: { store: GameStore; scenario: Scenario }) {
  const ratings = useSignal<Record<string, string>>({});
  const keep = useSignal("");
  const change = useSignal("");
  const events = store.roundEvents.value;
  const rated = lastOfType(events, "rubric.rated");
  const missing = scenario.coach.rubric.filter((entry) => !ratings.value[entry.technique]).length;
  return (
    <section class="coach-debrief" aria-label="Your debrief as coach">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void store.send({ type: "rate_rubric", ratings: ratings.value }).catch(() => undefined);
        }}
      >
        <h3>Rate the rubric {rated && <span class="state-badge">Saved</span>}</h3>
        {scenario.coach.rubric.map((entry) => (
          <fieldset key={entry.technique} class="levels">
            <legend>{techniqueLabel(entry.technique, store.game.value?.technique_labels)}</legend>
            {LEVELS.map((level) => (
              <label key={level}>
                <input type="radio" name={`level-${entry.technique}`} checked={ratings.value[entry.technique] === level}
                  onChange={() => (ratings.value = { ...ratings.value, [entry.technique]: level })} />
                {techniqueLabel(level)}
              </label>
            ))}
          </fieldset>
        ))}
        <button type="submit" disabled={missing > 0}>{missing > 0 ? `Rate ${missing} more` : "Save ratings"}</button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          // Ratings chosen but not saved go with the feedback: one press should not lose them.
          const unsaved = missing === 0 && JSON.stringify(ratings.value) !== JSON.stringify(rated?.payload.ratings ?? null);
          if (unsaved) void store.send({ type: "rate_rubric", ratings: ratings.value }).catch(() => undefined);
          void store.send({ type: "give_feedback", keep: keep.value, change: change.value }).catch(() => undefined);
        }}
      >
        <h3>Feedback {lastOfType(events, "feedback.given") && <span class="state-badge">Given</span>}</h3>
        <label>
          Keep doing
          <textarea name="keep" required value={keep.value} onInput={(e) => (keep.value = (e.target as HTMLTextAreaElement).value)} />
        </label>
        <label>
          Do differently
          <textarea name="change" required value={change.value} onInput={(e) => (change.value = (e.target as HTMLTextAreaElement).value)} />
        </label>
        <button type="submit">{missing === 0 && !rated ? "Give feedback and save the ratings" : "Give feedback"}</button>
        {missing > 0 && <p class="hint">The rubric ratings are saved on their own, once every technique has a level.</p>}
      </form>
    </section>
  );
}

/** At a later round's debrief or agreement, the coach says whether each earlier change was kept. */
export function KeptMarks({ store }: { store: GameStore }) {
  const round = store.round.value;
  const earlier = (store.snapshot.value?.agreed_changes ?? []).filter((c) => c.round < round);
  if (!earlier.length) return null;
  return (
    <section class="coach-debrief" aria-label="Were earlier changes kept?">
      <h3>Were earlier changes kept?</h3>
      <ul class="kept-marks">
        {earlier.map((c) => {
          const mark = c.kept.filter((k) => k.round === round).pop();
          return (
            <li key={c.change}>
              {c.text}{" "}
              <button type="button" aria-pressed={mark?.kept === true}
                onClick={() => void store.send({ type: "mark_kept", change: c.change, kept: true }).catch(() => undefined)}>
                Kept<span class="visually-hidden">: {c.text}</span>
              </button>
              <button type="button" aria-pressed={mark?.kept === false}
                onClick={() => void store.send({ type: "mark_kept", change: c.change, kept: false }).catch(() => undefined)}>
                Not kept<span class="visually-hidden">: {c.text}</span>
              </button>
            </li>
          );
        })}
      </ul>
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
        <textarea name="reflection" value={text.value} maxLength={2000} onInput={(e) => (text.value = (e.target as HTMLTextAreaElement).value)} />
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
  const rated = lastOfType(store.roundEvents.value, "customer.rated");
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
      data-region="rating"
      onSubmit={(event) => {
        event.preventDefault();
        void store.send({
          type: "rate_round", ...values.value, final_mood: finalMood.value,
          would_stay: stay.value, calmer: calmer.value, angrier: angrier.value,
        }).catch(() => undefined);
      }}
    >
      <h2>{rated ? "Your rating (you can change it)" : "How did they do?"}</h2>
      {rated && (
        <p class="state-badge" data-seq={seqs(ofType(store.roundEvents.value, "customer.rated"))}>
          Sent: listened {rated.payload.listened}/5, cared {rated.payload.cared}/5, valued {rated.payload.valued}/5, would stay: {rated.payload.would_stay}
        </p>
      )}
      {scale("listened", "How listened to did you feel? (1 not at all, 5 completely)")}
      {scale("cared", "How well taken care of? (1 to 5)")}
      {scale("valued", "How valued? (1 to 5)")}
      <label>
        Final mood (0 calm, 10 furious)
        <input name="final-mood" type="number" min={0} max={10} value={finalMood.value}
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
        <input name="calmer" value={calmer.value} onInput={(e) => (calmer.value = (e.target as HTMLInputElement).value)} />
      </label>
      <label>
        What made you angrier?
        <input name="angrier" value={angrier.value} onInput={(e) => (angrier.value = (e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">{rated ? "Change my rating" : "Send my rating"}</button>
    </form>
  );
}
