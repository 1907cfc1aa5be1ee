/**
 * One game as this participant sees it: the server's snapshot, then every event applied in order.
 * Views read signals from here and send commands through it; nothing else talks to the socket.
 */
import { batch, computed, signal } from "@preact/signals";
import type { AgreedChange, ClockView, ParticipantView, Snapshot } from "../realtime/protocol";
import { type CommandBody, type ConnectionState, GameSocket, type ServerFrame, socketUrl } from "../realtime/socket";
import { type GameEvent, assertNever } from "./events";

export interface TimedClock extends ClockView {
  /** performance.now() when seconds_left was true, to count down locally between events. */
  receivedAt: number;
}

export interface Problem {
  message: string;
  id: number;
}

/** How long a refused command's message stays up: long enough to read, gone before it misleads. */
export const PROBLEM_SHOWN_MS = 8000;

type Fold = Partial<Snapshot> | null;

/**
 * What an event changes in the snapshot (null: nothing there; it is shown from the event list).
 * The same rules fold a snapshot forward in the browser and in the folding test, which checks
 * that the snapshot before a command with its events folded in equals a fresh snapshot.
 */
export function fold(snapshot: Snapshot, event: GameEvent): Fold {
  switch (event.type) {
    case "participant.joined": {
      const { participant, scripted } = event.payload;
      if (snapshot.participants.some((p) => p.id === participant.id)) return null;
      return { participants: [...snapshot.participants, { ...participant, connected: false, scripted: scripted ?? false }] };
    }
    case "participant.removed":
      return { participants: snapshot.participants.filter((p) => p.id !== event.payload.participant) };
    case "participant.connected":
    case "participant.disconnected": {
      const connected = event.type === "participant.connected";
      return {
        participants: snapshot.participants.map((p): ParticipantView =>
          p.id === event.payload.participant ? { ...p, connected } : p,
        ),
      };
    }
    case "seats.planned":
    case "seats.swapped": {
      const from = event.type === "seats.planned" ? event.payload.from_round : event.payload.round;
      const kept = Object.fromEntries(Object.entries(snapshot.plan).filter(([round]) => Number(round) < from));
      return { plan: { ...kept, ...event.payload.rounds } };
    }
    case "seats.customer_given": {
      const { round, seats } = event.payload;
      return { plan: { ...snapshot.plan, [String(round)]: seats ?? [] } };
    }
    case "mood.changed":
      return { mood: event.payload.mood };
    case "game.locked":
      return { game: { ...snapshot.game, locked: event.payload.locked } };
    case "replays.opened":
      return { game: { ...snapshot.game, replays_open: event.payload.open } };
    case "phase.changed": {
      const { phase, round, deadline, paused, seconds_left, hold_reason } = event.payload;
      const clock = { deadline, paused, seconds_left, hold_reason };
      const newRound = round !== snapshot.game.round;
      return {
        game: { ...snapshot.game, phase, round, clock },
        // A new round starts from the same opening: the mood comes with its first event.
        ...(newRound ? { mood: null } : {}),
      };
    }
    case "clock.paused":
    case "clock.resumed":
    case "clock.extended":
    case "round.held":
    case "round.released":
    case "round.frozen":
    case "round.unfrozen": {
      const { deadline, paused, seconds_left, hold_reason } = event.payload;
      return { game: { ...snapshot.game, clock: { deadline, paused, seconds_left, hold_reason } } };
    }
    case "change.agreed": {
      const change: AgreedChange = {
        change: event.seq, round: event.round, text: event.payload.text, forced: event.payload.forced, kept: [],
      };
      return { agreed_changes: [...snapshot.agreed_changes, change] };
    }
    case "change.marked":
      return {
        agreed_changes: snapshot.agreed_changes.map((change): AgreedChange =>
          change.change === event.payload.change
            ? { ...change, kept: [...change.kept, { round: event.round, kept: event.payload.kept }] }
            : change,
        ),
      };
    // Shown from the round's events, changing nothing else the snapshot holds.
    case "game.created":
    case "round.opened":
    case "message.posted":
    case "coach.note":
    case "tag.added":
    case "tag.updated":
    case "tag.removed":
    case "tag.suggested":
    case "tag.suggestion_dismissed":
    case "escalation.played":
    case "escalation.reason":
    case "customer.rated":
    case "concession.recorded":
    case "debrief.revealed":
    case "rubric.rated":
    case "feedback.given":
    case "reflection.added":
    case "change.proposed":
    case "change.voted":
    case "round.summarized":
    case "inject.fired":
    case "inject.delivered":
    case "review.annotated":
    case "facilitator.announced":
    case "hand.raised":
    case "wall.shown":
      return null;
    default:
      return assertNever(event);
  }
}

/** Events after which this participant's seat (and so their private brief) may have changed. */
const RESEAT_EVENTS = new Set<GameEvent["type"]>(["round.opened", "seats.customer_given", "seats.swapped"]);

export class GameStore {
  readonly snapshot = signal<Snapshot | null>(null);
  /** Every event this participant has received, in seq order (earlier rounds' too, once seen). */
  readonly events = signal<GameEvent[]>([]);
  readonly clock = signal<TimedClock | null>(null);
  readonly connection = signal<ConnectionState>("connecting");
  readonly problem = signal<Problem | null>(null);
  readonly announcement = signal("");
  /** The round the seat in `me` belongs to: it lags the game's round until the new seat arrives. */
  readonly seatRound = signal(0);

  readonly game = computed(() => this.snapshot.value?.game ?? null);
  readonly me = computed(() => this.snapshot.value?.me ?? null);
  readonly round = computed(() => this.game.value?.round ?? 0);
  readonly roundEvents = computed(() => this.events.value.filter((e) => e.round === this.round.value));

  private seq: number | null = null;
  private socket: GameSocket | null = null;
  private problemTimer: number | undefined;
  private problems = 0;

  constructor(readonly code: string, readonly token: string | null) {}

  start(): void {
    this.socket = new GameSocket(socketUrl(this.code), this.token, {
      onFrame: (frame) => this.receive(frame),
      onState: (state) => (this.connection.value = state),
      lastSeq: () => this.seq,
    });
    this.socket.connect();
  }

  stop(): void {
    this.socket?.close();
    window.clearTimeout(this.problemTimer);
  }

  /** Send a command; resolves with the seq of its event, or rejects with the server's message. */
  async send(body: CommandBody): Promise<number> {
    if (!this.socket) throw new Error("not connected");
    try {
      const ack = await this.socket.command(body);
      this.problem.value = null;
      return ack.seq;
    } catch (error) {
      const message = (error as { message?: string }).message ?? "That did not work.";
      this.showProblem(message);
      throw new Error(message);
    }
  }

  /** A refused command's message, cleared by the next success or after PROBLEM_SHOWN_MS. */
  showProblem(message: string): void {
    this.problems += 1;
    this.problem.value = { message, id: this.problems };
    window.clearTimeout(this.problemTimer);
    this.problemTimer = window.setTimeout(() => (this.problem.value = null), PROBLEM_SHOWN_MS);
  }

  receive(frame: ServerFrame): void {
    if (frame.type === "snapshot") this.applySnapshot(frame);
    else if (frame.type === "events") this.applyEvents(frame.events, frame.seq);
    else if (frame.type === "error" && !frame.client_msg_id) this.showProblem(frame.message);
  }

  applySnapshot(snapshot: Snapshot): void {
    batch(() => {
      this.snapshot.value = snapshot;
      this.seatRound.value = snapshot.game.round;
      const earlier = this.events.value.filter((e) => e.round !== snapshot.game.round);
      this.events.value = [...earlier, ...snapshot.events].sort((a, b) => a.seq - b.seq);
      this.clock.value = { ...snapshot.game.clock, receivedAt: performance.now() };
      this.seq = snapshot.seq;
    });
  }

  applyEvents(events: GameEvent[], seq: number): void {
    const known = new Set(this.events.value.map((e) => e.seq));
    const fresh = events.filter((e) => !known.has(e.seq));
    let reseat = false;
    batch(() => {
      for (const event of fresh) reseat = this.apply(event) || reseat;
      if (fresh.length) this.events.value = [...this.events.value, ...fresh].sort((a, b) => a.seq - b.seq);
      this.seq = Math.max(this.seq ?? 0, seq);
    });
    if (reseat) this.socket?.resync();
  }

  /** Fold one event into the snapshot; true when this participant's seat may have changed. */
  private apply(event: GameEvent): boolean {
    const snapshot = this.snapshot.value;
    if (!snapshot) return false;
    const changes = fold(snapshot, event);
    if (changes) this.snapshot.value = { ...snapshot, ...changes };
    if (changes?.game) this.clock.value = { ...changes.game.clock, receivedAt: performance.now() };
    if (event.type === "message.posted" && event.actor !== snapshot.me.participant) {
      const { author, channel, text } = event.payload;
      this.announcement.value = `${author} (${channel}): ${text}`;
    }
    return RESEAT_EVENTS.has(event.type) && snapshot.me.participant !== null;
  }
}

/** Seconds left on the phase clock now, counting down locally between server events. */
export function secondsLeft(clock: TimedClock | null, now: number): number | null {
  if (!clock || clock.seconds_left === null) return null;
  if (clock.paused) return clock.seconds_left;
  // `now` may come from a tick taken just before the clock arrived: never count up.
  return Math.max(0, clock.seconds_left - Math.max(0, now - clock.receivedAt) / 1000);
}
