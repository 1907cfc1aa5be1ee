import { useSignal, useSignalEffect } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import { formatDuration, seatName } from "../format";
import type { EventOf, GameEvent } from "../state/events";
import { type Naming, type TimelineRegion, speakerOf, viewOf } from "../state/placement";

/** Within this many pixels of the end, a reader counts as following the conversation. */
const FOLLOW_SLACK_PX = 48;

export interface ChatProps {
  title: string;
  region: TimelineRegion;
  /** The round's events; the chat shows those placed in its region. */
  events: readonly GameEvent[];
  naming: Naming;
  titles: Record<string, string>;
  /** The participant reading, so their own messages read as theirs and bring the view down. */
  me?: number | null;
  /** Why nobody can write here now (frozen, on hold...), shown in place of the form. */
  closedBecause?: string | null;
  /** Present when this seat may write here. */
  onSend?: ((text: string) => Promise<unknown>) | undefined;
  placeholder?: string;
  /** Extra controls under a message (the coach's tag button). */
  messageTools?: ((message: EventOf<"message.posted">) => ComponentChildren) | undefined;
  /** The visible heading level is the panel's; a hidden heading still names the region. */
  hideTitle?: boolean;
  /** Where an unsent draft is kept for this tab, so a reload does not lose it (e.g. "ABCDEF:room"). */
  draftKey?: string;
}

const isMessage = (event: GameEvent): event is EventOf<"message.posted"> => event.type === "message.posted";

/**
 * One conversation with the lines the round adds to it (injects, escalations, freezes...).
 * It follows the newest message unless the reader has scrolled up; then "N new" jumps down.
 * Player text is always rendered as text, never as markup.
 */
export function Chat(props: ChatProps) {
  const { title, region, events, naming, titles, me = null, closedBecause, onSend, messageTools } = props;
  const items = events.filter((event) => viewOf(event, naming).region === region);
  const list = useRef<HTMLOListElement>(null);
  const following = useRef(true);
  const seen = useRef(items.length);
  const unseen = useSignal(0);

  const toEnd = () => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
    following.current = true;
    unseen.value = 0;
  };

  useLayoutEffect(() => {
    const added = items.slice(seen.current);
    seen.current = items.length;
    if (!added.length) return;
    const mine = added.some((event) => isMessage(event) && me !== null && event.actor === me);
    if (following.current || mine) toEnd();
    else unseen.value += added.filter(isMessage).length || added.length;
  }, [items.length]);

  // Shown again after being hidden (a phone's tab): a follower lands on the newest line.
  useLayoutEffect(() => {
    const element = list.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (following.current && element.clientHeight > 0) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const element = list.current;
    if (!element) return;
    following.current = element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_SLACK_PX;
    if (following.current) unseen.value = 0;
  };

  return (
    <section class={`chat chat--${region}`} aria-label={title} data-region={region}>
      <h2 class={props.hideTitle ? "visually-hidden" : ""}>{title}</h2>
      <div class="chat__frame">
        <ol class="chat__messages" ref={list} onScroll={onScroll} tabIndex={0} aria-label={`${title} messages`}
          id={`chat-${region}`}>
          {items.length === 0 && <li class="chat__empty">Nothing yet.</li>}
          {items.map((event) =>
            isMessage(event) ? (
              <li key={event.seq} data-seq={event.seq}
                class={`chat__message${event.actor !== null && event.actor === me ? " is-mine" : ""} chat__message--${event.payload.role}`}>
                <p class="chat__who">
                  <span class="chat__author">{event.payload.author}</span>{" "}
                  <span class="chat__role" title={seatName(event.payload.role, event.payload.functions, titles)}>{speakerOf(event.payload, titles)}</span>
                  {event.payload.live_seconds !== null && event.payload.live_seconds !== undefined && (
                    <span class="chat__at"> {formatDuration(event.payload.live_seconds)}</span>
                  )}
                </p>
                <p class="chat__text">{event.payload.text}</p>
                {messageTools?.(event)}
              </li>
            ) : (
              <SystemLine key={event.seq} event={event} naming={naming} />
            ),
          )}
        </ol>
        {unseen.value > 0 && (
          <button type="button" class="chat__unseen" onClick={toEnd}>
            {unseen.value === 1 ? "1 new message" : `${unseen.value} new messages`} ↓
          </button>
        )}
      </div>
      {closedBecause ? (
        <p class="chat__closed" role="status">{closedBecause}</p>
      ) : onSend ? (
        <Composer region={region} title={title} onSend={onSend} placeholder={props.placeholder ?? "Write…"} draftKey={props.draftKey} />
      ) : null}
    </section>
  );
}

function SystemLine({ event, naming }: { event: GameEvent; naming: Naming }) {
  const view = viewOf(event, naming);
  return (
    <li data-seq={event.seq} class={`chat__line chat__line--${view.tone} chat__line--${event.type.replace(".", "-")}`}>
      {view.line}
    </li>
  );
}

/** The tab's session storage, where the browser allows it (private modes may refuse). */
function draftStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function Composer({ region, title, onSend, placeholder, draftKey }: {
  region: string; title: string; onSend: (text: string) => Promise<unknown>; placeholder: string; draftKey?: string | undefined;
}) {
  const key = draftKey ? `bearcave-draft:${draftKey}` : null;
  const draft = useSignal(key ? draftStore()?.getItem(key) ?? "" : "");
  useSignalEffect(() => {
    const text = draft.value;
    if (!key) return;
    if (text) draftStore()?.setItem(key, text);
    else draftStore()?.removeItem(key);
  });
  const submit = async (event: Event) => {
    event.preventDefault();
    const text = draft.value.trim();
    if (!text) return;
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
    <form class="chat__form" onSubmit={submit}>
      <label class="visually-hidden" for={`say-${region}`}>Message to the {title.toLowerCase()}</label>
      <input
        id={`say-${region}`}
        name={`say-${region}`}
        value={draft.value}
        maxLength={2000}
        autoComplete="off"
        enterKeyHint="send"
        onInput={(e) => (draft.value = (e.target as HTMLInputElement).value)}
        placeholder={placeholder}
      />
      <button type="submit">Send<span class="visually-hidden"> to the {title.toLowerCase()}</span></button>
    </form>
  );
}
