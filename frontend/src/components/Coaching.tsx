import { useSignal } from "@preact/signals";
import type { EventOut, Scenario } from "../realtime/protocol";
import { type GameStore, payloadOf } from "../state/game";

/** Current tags of the round (after edits and removals), by the seq of their tag.added. */
export function currentTags(events: EventOut[]): Map<number, Record<string, unknown>> {
  const tags = new Map<number, Record<string, unknown>>();
  for (const event of events) {
    const payload = payloadOf(event);
    if (event.type === "tag.added") tags.set(event.seq, { ...payload, tag: event.seq });
    if (event.type === "tag.updated") {
      const tag = tags.get(payload["tag"] as number);
      if (tag) tags.set(payload["tag"] as number, { ...tag, ...payload });
    }
    if (event.type === "tag.removed") tags.delete(payload["tag"] as number);
  }
  return tags;
}

export interface Suggestion {
  message: number;
  text: string;
  author: string;
  technique: string;
  kind: string;
  span: [number, number];
}

/** The detector's suggestions still waiting for the coach: not yet tagged, not dismissed. */
export function pendingSuggestions(events: EventOut[]): Suggestion[] {
  const messages = new Map(events.filter((e) => e.type === "message.posted").map((e) => [e.seq, payloadOf(e)]));
  const settled = new Set(
    events
      .filter((e) => e.type === "tag.suggestion_dismissed")
      .map((e) => `${String(payloadOf(e)["message"])}:${String(payloadOf(e)["technique"])}`),
  );
  for (const tag of currentTags(events).values()) settled.add(`${String(tag["message"])}:${String(tag["technique"])}`);
  const pending: Suggestion[] = [];
  for (const event of events) {
    if (event.type !== "tag.suggested") continue;
    const payload = payloadOf(event);
    const seq = payload["message"] as number;
    const message = messages.get(seq);
    for (const found of payload["suggestions"] as Array<Record<string, unknown>>) {
      const technique = String(found["technique"]);
      if (!message || settled.has(`${seq}:${technique}`)) continue;
      pending.push({
        message: seq,
        text: String(message["text"]),
        author: String(message["author"]),
        technique,
        kind: String(found["kind"]),
        span: found["span"] as [number, number],
      });
    }
  }
  return pending;
}

/** What the detector heard: accept one with a click (it becomes a normal tag) or dismiss it. */
export function SuggestedTags({ store }: { store: GameStore }) {
  const suggestions = pendingSuggestions(store.roundEvents.value);
  if (suggestions.length === 0) return null;
  return (
    <section class="suggestions" aria-label="Suggested tags">
      <h3>Suggested tags</h3>
      <ul>
        {suggestions.map((s) => (
          <li key={`${s.message}:${s.technique}`} class={`suggestion suggestion--${s.kind === "anti_pattern" ? "anti" : "good"}`}>
            <span class="suggestion__technique">
              {s.kind === "anti_pattern" ? "✗ " : "✓ "}
              {s.technique.replaceAll("_", " ")}
            </span>{" "}
            <q>
              {s.author}: {s.text.slice(0, s.span[0])}
              <mark>{s.text.slice(s.span[0], s.span[1])}</mark>
              {s.text.slice(s.span[1])}
            </q>
            <button
              type="button"
              onClick={() => void store.send({ type: "add_tag", technique: s.technique, message: s.message, suggested: true })}
            >
              Accept
            </button>
            <button
              type="button"
              onClick={() => void store.send({ type: "dismiss_suggestion", technique: s.technique, message: s.message })}
            >
              Dismiss
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The coach's rubric: pick a technique, then tag a message (or, spoken, the moment). */
export function RubricPanel({ store, scenario, selected }: {
  store: GameStore;
  scenario: Scenario;
  selected: { value: string };
}) {
  const note = useSignal("");
  const spoken = store.game.value?.conversation_mode === "spoken";
  const entries = [
    ...scenario.coach.rubric.map((entry) => ({ ...entry, kind: "good" })),
    ...scenario.coach.anti_patterns.map((entry) => ({ ...entry, kind: "anti" })),
  ];
  const tags = [...currentTags(store.roundEvents.value).values()];
  return (
    <section class="rubric" aria-label="Rubric">
      <h2>Rubric</h2>
      <div class="rubric__techniques" role="radiogroup" aria-label="Technique to tag">
        {entries.map((entry) => (
          <button
            type="button"
            key={entry.technique}
            role="radio"
            aria-checked={selected.value === entry.technique}
            class={`technique technique--${entry.kind}${selected.value === entry.technique ? " is-selected" : ""}`}
            title={entry.looks_like}
            onClick={() => (selected.value = entry.technique)}
          >
            {entry.kind === "anti" ? "✗ " : "✓ "}
            {entry.technique.replaceAll("_", " ")}
          </button>
        ))}
      </div>
      {spoken && (
        <button
          type="button"
          class="big-button"
          disabled={!selected.value}
          onClick={() => void store.send({ type: "add_tag", technique: selected.value, note: note.value })}
        >
          Tag this moment
        </button>
      )}
      <label>
        Note for the tag (optional)
        <input value={note.value} maxLength={2000} onInput={(e) => (note.value = (e.target as HTMLInputElement).value)} />
      </label>
      <SuggestedTags store={store} />
      <h3>Tags this round</h3>
      <ul class="rubric__tags">
        {tags.map((tag) => (
          <li key={String(tag["tag"])}>
            {String(tag["technique"]).replaceAll("_", " ")}
            {tag["note"] ? `: ${String(tag["note"])}` : ""}
            <button type="button" onClick={() => void store.send({ type: "remove_tag", tag: tag["tag"] as number })}>
              Remove
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Coach notes, injects and the freeze: what the coach does during live besides tagging. */
export function CoachTools({ store, scenario }: { store: GameStore; scenario: Scenario }) {
  const note = useSignal("");
  const frozen = Boolean(store.clock.value?.paused && !store.clock.value?.hold_reason);
  const fired = new Set(
    store.roundEvents.value.filter((e) => e.type === "inject.fired").map((e) => String(payloadOf(e)["inject"])),
  );
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
          <textarea value={note.value} maxLength={2000} onInput={(e) => (note.value = (e.target as HTMLTextAreaElement).value)} />
        </label>
        <button type="submit">Save note</button>
      </form>
      <div class="coach-tools__row">
        {frozen ? (
          <button type="button" onClick={() => void store.send({ type: "unfreeze" })}>Resume the round</button>
        ) : (
          <button type="button" class="danger" onClick={() => void store.send({ type: "freeze", reason: "" })}>
            Freeze!
          </button>
        )}
        {(scenario.injects ?? []).map((inject) => (
          <button
            type="button"
            key={inject.id}
            disabled={fired.has(inject.id)}
            onClick={() => void store.send({ type: "fire_inject", inject: inject.id })}
          >
            Fire: {inject.title}
          </button>
        ))}
      </div>
    </section>
  );
}
