import { type Signal, useSignal } from "@preact/signals";
import { formatDuration, techniqueLabel } from "../format";
import type { Scenario } from "../realtime/protocol";
import { type EventOf, type GameEvent, ofType } from "../state/events";
import type { GameStore } from "../state/game";

/** A tag as it stands after every edit (its id is the seq of its tag.added). */
export interface CurrentTag {
  tag: number;
  technique: string;
  note: string;
  message: number | null;
  participant: number | null;
  live_seconds: number | null;
  suggested: boolean;
}

/** Current tags of the round (after edits and removals), by the seq of their tag.added. */
export function currentTags(events: readonly GameEvent[]): Map<number, CurrentTag> {
  const tags = new Map<number, CurrentTag>();
  for (const event of events) {
    if (event.type === "tag.added") tags.set(event.seq, { ...event.payload, suggested: event.payload.suggested ?? false, tag: event.seq });
    if (event.type === "tag.updated") {
      const tag = tags.get(event.payload.tag);
      const { technique, note } = event.payload;
      if (tag) tags.set(event.payload.tag, { ...tag, ...(technique ? { technique } : {}), ...(note !== null && note !== undefined ? { note } : {}) });
    }
    if (event.type === "tag.removed") tags.delete(event.payload.tag);
  }
  return tags;
}

/** What the coach picks before tagging: the technique and an optional note for the tag. */
export interface CoachDesk {
  technique: Signal<string>;
  note: Signal<string>;
}

export function useCoachDesk(): CoachDesk {
  return { technique: useSignal(""), note: useSignal("") };
}

/** Tag a message (or, spoken, the moment) with the desk's technique and note; the note clears. */
export async function tagWith(store: GameStore, desk: CoachDesk, target: { message?: number; suggested?: boolean; technique?: string }) {
  const technique = target.technique ?? desk.technique.value;
  if (!technique) return;
  const note = desk.note.value.trim();
  await store.send({ type: "add_tag", technique, note, ...(target.message !== undefined ? { message: target.message } : {}), ...(target.suggested ? { suggested: true } : {}) });
  desk.note.value = "";
}

export interface PendingSuggestion {
  message: number;
  text: string;
  author: string;
  technique: string;
  kind: string;
  span: [number, number];
}

/** The detector's suggestions still waiting for the coach: not yet tagged, not dismissed. */
export function pendingSuggestions(events: readonly GameEvent[]): PendingSuggestion[] {
  const messages = new Map(ofType(events, "message.posted").map((e) => [e.seq, e.payload]));
  const settled = new Set<string>();
  for (const tag of currentTags(events).values()) settled.add(`${tag.message}:${tag.technique}`);
  for (const dismissed of ofType(events, "tag.suggestion_dismissed")) {
    settled.add(`${dismissed.payload.message}:${dismissed.payload.technique}`);
  }
  const pending: PendingSuggestion[] = [];
  for (const event of ofType(events, "tag.suggested")) {
    const message = messages.get(event.payload.message);
    for (const found of event.payload.suggestions) {
      if (!message || settled.has(`${event.payload.message}:${found.technique}`)) continue;
      pending.push({
        message: event.payload.message, text: message.text, author: message.author,
        technique: found.technique, kind: found.kind, span: found.span,
      });
    }
  }
  return pending;
}

/** What the detector heard: accept one with a click (it becomes a normal tag) or dismiss it. */
export function SuggestedTags({ store, desk }: { store: GameStore; desk: CoachDesk }) {
  const suggestions = pendingSuggestions(store.roundEvents.value);
  const labels = store.game.value?.technique_labels;
  if (suggestions.length === 0) return null;
  return (
    <section class="suggestions" aria-label="Suggested tags">
      <h3>Suggested tags</h3>
      <ul>
        {suggestions.map((s) => (
          <li key={`${s.message}:${s.technique}`} class={`suggestion suggestion--${s.kind === "anti_pattern" ? "anti" : "good"}`}>
            <span class="suggestion__technique">
              {s.kind === "anti_pattern" ? "✗ " : "✓ "}
              {techniqueLabel(s.technique, labels)}
            </span>{" "}
            <q>
              {s.author}: {s.text.slice(0, s.span[0])}
              <mark>{s.text.slice(s.span[0], s.span[1])}</mark>
              {s.text.slice(s.span[1])}
            </q>
            <button type="button" onClick={() => void tagWith(store, desk, { message: s.message, technique: s.technique, suggested: true }).catch(() => undefined)}>
              Accept<span class="visually-hidden"> {techniqueLabel(s.technique, labels)} for {s.author}</span>
            </button>
            <button type="button" onClick={() => void store.send({ type: "dismiss_suggestion", technique: s.technique, message: s.message }).catch(() => undefined)}>
              Dismiss<span class="visually-hidden"> {techniqueLabel(s.technique, labels)} for {s.author}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The coach's tag button under a message: tags it with the chosen technique (and note). */
export function TagButton({ store, desk, message }: { store: GameStore; desk: CoachDesk; message: EventOf<"message.posted"> }) {
  const technique = desk.technique.value;
  const labels = store.game.value?.technique_labels;
  return (
    <button type="button" class="chat__tag" disabled={!technique} title={technique ? undefined : "Choose a technique to tag with first"}
      onClick={() => void tagWith(store, desk, { message: message.seq }).catch(() => undefined)}>
      {technique ? `Tag: ${techniqueLabel(technique, labels)}` : "Tag"}
      <span class="visually-hidden"> — {message.payload.author}, message {message.seq}</span>
    </button>
  );
}

/** When a timed inject fires by itself: at its minute, or never this round when the live phase
 * ends first (the coach can still fire it by hand). */
export function injectTiming(atMinute: number, liveSeconds: number | undefined): string {
  if (liveSeconds !== undefined && atMinute * 60 >= liveSeconds) return "not on its own: the round ends first";
  return `on its own at ${formatDuration(atMinute * 60)}`;
}

/** The rubric's techniques, good moves first, then the anti-patterns. */
function rubricEntries(scenario: Scenario) {
  return [
    ...scenario.coach.rubric.map((entry) => ({ ...entry, kind: "good" })),
    ...scenario.coach.anti_patterns.map((entry) => ({ ...entry, kind: "anti" })),
  ];
}

/** Above the room chat: the technique the next "Tag" press uses, without going to the rubric. */
export function TagWith({ store, scenario, desk }: { store: GameStore; scenario: Scenario; desk: CoachDesk }) {
  const labels = store.game.value?.technique_labels;
  return (
    <div class="tag-with">
      <label>
        Tag with{" "}
        <select name="tag-with" value={desk.technique.value} onChange={(e) => (desk.technique.value = (e.target as HTMLSelectElement).value)}>
          <option value="">choose a technique…</option>
          {rubricEntries(scenario).map((entry) => (
            <option key={entry.technique} value={entry.technique}>
              {entry.kind === "anti" ? "✗ " : "✓ "}{techniqueLabel(entry.technique, labels)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span class="visually-hidden">Note with the tag (optional)</span>
        <input name="tag-with-note" value={desk.note.value} maxLength={2000} autoComplete="off" placeholder="Note (optional)"
          onInput={(e) => (desk.note.value = (e.target as HTMLInputElement).value)} />
      </label>
    </div>
  );
}

/** The coach's rubric: pick a technique (and a note), then tag a message or, spoken, the moment. */
export function RubricPanel({ store, scenario, desk }: { store: GameStore; scenario: Scenario; desk: CoachDesk }) {
  const spoken = store.game.value?.conversation_mode === "spoken";
  const entries = rubricEntries(scenario);
  const labels = store.game.value?.technique_labels;
  return (
    <section class="rubric" aria-label="Rubric">
      <h2>Rubric</h2>
      <fieldset class="rubric__techniques">
        <legend>Technique to tag</legend>
        {entries.map((entry) => (
          <label key={entry.technique} title={entry.looks_like}
            class={`technique technique--${entry.kind}${desk.technique.value === entry.technique ? " is-selected" : ""}`}>
            <input type="radio" name="technique" value={entry.technique} checked={desk.technique.value === entry.technique}
              onChange={() => (desk.technique.value = entry.technique)} />
            {entry.kind === "anti" ? "✗ " : "✓ "}
            {techniqueLabel(entry.technique, labels)}
          </label>
        ))}
      </fieldset>
      <label>
        Note for the next tag (optional)
        <input name="tag-note" value={desk.note.value} maxLength={2000} autoComplete="off"
          onInput={(e) => (desk.note.value = (e.target as HTMLInputElement).value)} />
      </label>
      {spoken && (
        <button type="button" class="big-button" disabled={!desk.technique.value}
          onClick={() => void tagWith(store, desk, {}).catch(() => undefined)}>
          Tag this moment
        </button>
      )}
      {!spoken && <p class="hint">Then press “Tag” under a message.</p>}
      <SuggestedTags store={store} desk={desk} />
      <TagList store={store} />
    </section>
  );
}

/** The round's tags with who, the words tagged, when and the note; notes can be edited. */
export function TagList({ store }: { store: GameStore }) {
  const events = store.roundEvents.value;
  const tags = [...currentTags(events).values()];
  const messages = new Map(ofType(events, "message.posted").map((e) => [e.seq, e.payload]));
  const names = new Map((store.snapshot.value?.participants ?? []).map((p) => [p.id, p.name]));
  const labels = store.game.value?.technique_labels;
  return (
    <section class="tags" aria-label="Tags this round" data-region="tags">
      <h3>Tags this round ({tags.length})</h3>
      {tags.length === 0 && <p class="hint">No tags yet.</p>}
      <ul class="rubric__tags">
        {tags.map((tag) => {
          const message = tag.message !== null ? messages.get(tag.message) : undefined;
          const who = message?.author ?? (tag.participant !== null ? names.get(tag.participant) : undefined);
          return (
            <li key={tag.tag} data-tag={tag.tag}>
              <strong>{techniqueLabel(tag.technique, labels)}</strong>
              {tag.live_seconds !== null && <span class="chat__at"> {formatDuration(tag.live_seconds)}</span>}
              {who && <span> · {who}</span>}
              {message && <q class="tag__quote">{message.text}</q>}
              <NoteEditor store={store} tag={tag} />
              <button type="button" class="subtle" onClick={() => void store.send({ type: "remove_tag", tag: tag.tag }).catch(() => undefined)}>
                Remove<span class="visually-hidden"> tag {techniqueLabel(tag.technique, labels)} {tag.tag}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function NoteEditor({ store, tag }: { store: GameStore; tag: CurrentTag }) {
  const editing = useSignal(false);
  const draft = useSignal(tag.note);
  if (!editing.value) {
    return (
      <span class="tag__note">
        {tag.note ? <> — {tag.note}</> : null}{" "}
        <button type="button" class="subtle" onClick={() => { draft.value = tag.note; editing.value = true; }}>
          {tag.note ? "Edit note" : "Add note"}<span class="visually-hidden"> to tag {tag.tag}</span>
        </button>
      </span>
    );
  }
  return (
    <form class="inline-form" onSubmit={(e) => {
      e.preventDefault();
      void store.send({ type: "update_tag", tag: tag.tag, note: draft.value }).then(() => (editing.value = false), () => undefined);
    }}>
      <label>
        <span class="visually-hidden">Note for tag {tag.tag}</span>
        <input value={draft.value} maxLength={2000} onInput={(e) => (draft.value = (e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">Save<span class="visually-hidden"> note for tag {tag.tag}</span></button>
    </form>
  );
}

/** Coach notes, injects and the freeze: what the coach does during live besides tagging. */
export function CoachTools({ store, scenario }: { store: GameStore; scenario: Scenario }) {
  const note = useSignal("");
  const reason = useSignal("");
  const clock = store.clock.value;
  const frozen = ofType(store.roundEvents.value, "round.frozen").length > ofType(store.roundEvents.value, "round.unfrozen").length;
  const fired = new Set(ofType(store.roundEvents.value, "inject.fired").map((e) => e.payload.inject));
  return (
    <section class="coach-tools" aria-label="Coach tools">
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (!note.value.trim()) return;
          await store.send({ type: "coach_note", text: note.value }).then(() => (note.value = ""), () => undefined);
        }}
      >
        <label>
          Note for the debrief
          <textarea name="coach-note" value={note.value} maxLength={2000} onInput={(e) => (note.value = (e.target as HTMLTextAreaElement).value)} />
        </label>
        <button type="submit">Save note</button>
      </form>
      <div class="coach-tools__row">
        {frozen ? (
          <button type="button" disabled={Boolean(clock?.hold_reason)} onClick={() => void store.send({ type: "unfreeze" }).catch(() => undefined)}>
            Resume the round
          </button>
        ) : (
          <form class="inline-form" onSubmit={(e) => {
            e.preventDefault();
            void store.send({ type: "freeze", reason: reason.value }).then(() => (reason.value = ""), () => undefined);
          }}>
            <label>
              <span class="visually-hidden">Why freeze</span>
              <input name="freeze-reason" placeholder="Why freeze? (optional)" value={reason.value} maxLength={300}
                onInput={(e) => (reason.value = (e.target as HTMLInputElement).value)} />
            </label>
            <button type="submit" class="danger">Freeze!</button>
          </form>
        )}
      </div>
      {(scenario.injects ?? []).length > 0 && (
        <div class="coach-tools__row" role="group" aria-label="Injects">
          {(scenario.injects ?? []).map((inject) => (
            <button type="button" key={inject.id} disabled={fired.has(inject.id)}
              onClick={() => void store.send({ type: "fire_inject", inject: inject.id }).catch(() => undefined)}>
              {fired.has(inject.id) ? `Fired: ${inject.title}` : `Fire: ${inject.title}`}
              {inject.at_minute !== null && inject.at_minute !== undefined && !fired.has(inject.id) && (
                <small> ({injectTiming(inject.at_minute, store.game.value?.live_seconds)})</small>
              )}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
