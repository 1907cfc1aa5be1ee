/**
 * One game as this participant sees it: the server's snapshot, then every event applied in order.
 * Views read signals from here and send commands through it; nothing else talks to the socket.
 */
import { batch, computed, signal } from "@preact/signals";
import type {
  AgreedChange,
  ClockView,
  EventOut,
  ParticipantView,
  SeatView,
  Snapshot,
} from "../realtime/protocol";
import { type CommandBody, type ConnectionState, GameSocket, type ServerFrame, socketUrl } from "../realtime/socket";

type Payload = Record<string, unknown>;

export interface TimedClock extends ClockView {
  /** performance.now() when seconds_left was true, to count down locally between events. */
  receivedAt: number;
}

/** Events that change who sits where (and so which brief this participant holds). */
const RESEAT_EVENTS = new Set(["round.opened", "seats.customer_given", "seats.swapped"]);
const CLOCK_EVENTS = new Set([
  "phase.changed", "clock.paused", "clock.resumed", "clock.extended",
  "round.held", "round.released", "round.frozen", "round.unfrozen",
]);

export class GameStore {
  readonly snapshot = signal<Snapshot | null>(null);
  readonly events = signal<EventOut[]>([]);
  readonly clock = signal<TimedClock | null>(null);
  readonly connection = signal<ConnectionState>("connecting");
  readonly problem = signal<string | null>(null);
  readonly announcement = signal("");
  /** The round the seat in `me` belongs to: it lags the game's round until the new seat arrives. */
  readonly seatRound = signal(0);

  readonly game = computed(() => this.snapshot.value?.game ?? null);
  readonly me = computed(() => this.snapshot.value?.me ?? null);
  readonly round = computed(() => this.game.value?.round ?? 0);
  readonly roundEvents = computed(() => this.events.value.filter((e) => e.round === this.round.value));

  private seq: number | null = null;
  private socket: GameSocket | null = null;

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
      this.problem.value = message;
      throw new Error(message);
    }
  }

  receive(frame: ServerFrame): void {
    if (frame.type === "snapshot") this.applySnapshot(frame);
    else if (frame.type === "events") this.applyEvents(frame.events, frame.seq);
    else if (frame.type === "error" && !frame.client_msg_id) this.problem.value = frame.message;
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

  applyEvents(events: EventOut[], seq: number): void {
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
  private apply(event: EventOut): boolean {
    const snapshot = this.snapshot.value;
    if (!snapshot) return false;
    const payload = event.payload as Payload;
    if (CLOCK_EVENTS.has(event.type)) this.applyClock(snapshot, event, payload);
    switch (event.type) {
      case "participant.joined": {
        const joined = payload["participant"] as { id: number; name: string; observer: boolean };
        const scripted = payload["scripted"] === true;
        this.update({ participants: [...snapshot.participants, { ...joined, connected: false, scripted }] });
        break;
      }
      case "participant.removed":
        this.update({ participants: snapshot.participants.filter((p) => p.id !== payload["participant"]) });
        break;
      case "participant.connected":
      case "participant.disconnected":
        this.update({
          participants: snapshot.participants.map((p): ParticipantView =>
            p.id === payload["participant"] ? { ...p, connected: event.type === "participant.connected" } : p,
          ),
        });
        break;
      case "seats.planned":
      case "seats.swapped":
        this.update({ plan: { ...snapshot.plan, ...(payload["rounds"] as Record<string, SeatView[]>) } });
        break;
      case "mood.changed":
        this.update({ mood: payload["mood"] as number });
        break;
      case "game.locked":
        this.update({ game: { ...snapshot.game, locked: Boolean(payload["locked"]) } });
        break;
      case "change.agreed":
        this.update({
          agreed_changes: [
            ...snapshot.agreed_changes,
            { change: event.seq, round: event.round, text: String(payload["text"]), forced: Boolean(payload["forced"]), kept: [] },
          ],
        });
        break;
      case "change.marked":
        this.update({
          agreed_changes: snapshot.agreed_changes.map((change): AgreedChange =>
            change.change === payload["change"]
              ? { ...change, kept: [...change.kept, { round: event.round, kept: Boolean(payload["kept"]) }] }
              : change,
          ),
        });
        break;
    }
    if (event.type === "message.posted" && event.actor !== snapshot.me.participant) {
      this.announcement.value = `${String(payload["author"])} (${String(payload["channel"])}): ${String(payload["text"])}`;
    }
    return RESEAT_EVENTS.has(event.type) && snapshot.me.participant !== null;
  }

  private applyClock(snapshot: Snapshot, event: EventOut, payload: Payload): void {
    const clock: ClockView = {
      deadline: (payload["deadline"] as string | null) ?? null,
      paused: Boolean(payload["paused"]),
      seconds_left: (payload["seconds_left"] as number | null) ?? null,
      hold_reason: String(payload["hold_reason"] ?? ""),
    };
    this.clock.value = { ...clock, receivedAt: performance.now() };
    const game = { ...snapshot.game, clock };
    if (event.type === "phase.changed") {
      game.phase = payload["phase"] as Snapshot["game"]["phase"];
      game.round = payload["round"] as number;
    }
    this.update({ game });
  }

  private update(changes: Partial<Snapshot>): void {
    const snapshot = this.snapshot.value;
    if (snapshot) this.snapshot.value = { ...snapshot, ...changes };
  }
}

/** Seconds left on the phase clock now, counting down locally between server events. */
export function secondsLeft(clock: TimedClock | null, now: number): number | null {
  if (!clock || clock.seconds_left === null) return null;
  if (clock.paused) return clock.seconds_left;
  return Math.max(0, clock.seconds_left - (now - clock.receivedAt) / 1000);
}

export function payloadOf(event: EventOut): Payload {
  return event.payload as Payload;
}
