/**
 * The game's events as the protocol declares them: one union, generated from the server's event
 * catalogue (games/catalogue.py), that `switch (event.type)` narrows to each type's payload.
 */
import type { Snapshot } from "../realtime/protocol";

export type GameEvent = Snapshot["events"][number];
export type EventType = GameEvent["type"];
export type EventOf<T extends EventType> = Extract<GameEvent, { type: T }>;
export type PayloadOf<T extends EventType> = EventOf<T>["payload"];

/** The end of an exhaustive switch: a new event type without a case does not compile. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled value: ${JSON.stringify(value)}`);
}

export function isType<T extends EventType>(type: T) {
  return (event: GameEvent): event is EventOf<T> => event.type === type;
}

/** The events of one type, in order. */
export function ofType<T extends EventType>(events: readonly GameEvent[], type: T): EventOf<T>[] {
  return events.filter(isType(type));
}

export function lastOfType<T extends EventType>(events: readonly GameEvent[], type: T): EventOf<T> | null {
  const found = ofType(events, type);
  return found[found.length - 1] ?? null;
}

/**
 * Events as the REST API returns them: the same catalogue entries as the socket's. The OpenAPI
 * schema still describes their payloads loosely, so this is the one place the app says so.
 */
export function eventsFromApi(events: readonly unknown[]): GameEvent[] {
  return events as GameEvent[];
}

/** Round outcomes as the REST API returns them: the payload of round.summarized. */
export function outcomesFromApi(rounds: readonly unknown[]): PayloadOf<"round.summarized">[] {
  return rounds as PayloadOf<"round.summarized">[];
}

/** A round's mood curve from its events, as the server's outcome draws it (games/engine/
 * scoring.py): each change, then the last mood held until the last moment of live anything was
 * said, so a long stretch at one mood shows as long, not as a dot. */
export function moodCurve(events: readonly GameEvent[]): { live_seconds: number; mood: number }[] {
  const curve = ofType(events, "mood.changed").map((e) => ({ live_seconds: e.payload.live_seconds ?? 0, mood: e.payload.mood }));
  const lastSaid = Math.max(0, ...events.map((e) => {
    const at = (e.payload as { live_seconds?: unknown }).live_seconds;
    return typeof at === "number" ? at : 0;
  }));
  const last = curve[curve.length - 1];
  return last && lastSaid > last.live_seconds ? [...curve, { live_seconds: lastSaid, mood: last.mood }] : curve;
}
