import { useSignal } from "@preact/signals";
import type { EventOut } from "../realtime/protocol";
import { payloadOf } from "../state/game";

export interface ChatProps {
  title: string;
  channel: "room" | "huddle";
  events: EventOut[];
  canWrite: boolean;
  onSend?: (text: string) => Promise<unknown>;
  /** Coach only: tag a message with the selected technique. */
  onTag?: (message: EventOut) => void;
  /** The technique a tag would record; tagging waits until one is chosen. */
  tagWith?: string;
  tagsFor?: (message: EventOut) => string[];
}

/** One conversation. Player text is always rendered as text, never as markup. */
export function Chat({ title, channel, events, canWrite, onSend, onTag, tagWith, tagsFor }: ChatProps) {
  const draft = useSignal("");
  const messages = events.filter((e) => e.type === "message.posted" && payloadOf(e)["channel"] === channel);
  const submit = async (event: Event) => {
    event.preventDefault();
    const text = draft.value.trim();
    if (!text || !onSend) return;
    try {
      await onSend(text);
      // Only if it still holds what was sent: the next message may be typed while this one is
      // on its way, and the answer must not wipe it.
      if (draft.value.trim() === text) draft.value = "";
    } catch {
      /* the store shows the server's message; keep the draft */
    }
  };
  return (
    <section class={`chat chat--${channel}`} aria-label={title}>
      <h2>{title}</h2>
      <ol class="chat__messages" data-channel={channel}>
        {messages.map((message) => {
          const payload = payloadOf(message);
          const tags = tagsFor?.(message) ?? [];
          return (
            <li key={message.seq} class="chat__message" data-seq={message.seq}>
              <span class="chat__author">{String(payload["author"])}</span>
              <span class="chat__role">{String(payload["role"])}</span>
              <p class="chat__text">{String(payload["text"])}</p>
              {tags.length > 0 && <p class="chat__tags">{tags.join(", ")}</p>}
              {onTag && (
                <button type="button" class="chat__tag" disabled={!tagWith} onClick={() => onTag(message)}>
                  {tagWith ? `Tag: ${tagWith.replaceAll("_", " ")}` : "Tag (choose a technique)"}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {canWrite && (
        <form class="chat__form" onSubmit={submit}>
          <label class="visually-hidden" for={`say-${channel}`}>
            Message to the {channel}
          </label>
          <input
            id={`say-${channel}`}
            name={`say-${channel}`}
            value={draft.value}
            maxLength={2000}
            autoComplete="off"
            onInput={(e) => (draft.value = (e.target as HTMLInputElement).value)}
            placeholder={channel === "room" ? "Say to the room…" : "Say to the team…"}
          />
          <button type="submit">Send</button>
        </form>
      )}
    </section>
  );
}
