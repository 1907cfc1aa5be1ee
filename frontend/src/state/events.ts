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
