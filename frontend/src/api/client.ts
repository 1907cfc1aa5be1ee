/** The REST client: JSON in and out, the session's CSRF token, a player's join token. */
import type { components } from "./schema";

export type Game = components["schemas"]["Game"];
export type GameCreate = components["schemas"]["GameCreate"];
export type ScenarioCard = components["schemas"]["ScenarioCard"];
export type JoinResult = components["schemas"]["JoinResult"];
export type RoundOutcome = components["schemas"]["RoundOutcome"];
export type ScenarioVersionSummary = components["schemas"]["ScenarioVersionSummary"];
export type ImportResult = components["schemas"]["ImportResult"];
export type Draft = components["schemas"]["Draft"];
export type DraftSummary = components["schemas"]["DraftSummary"];
export type DraftCreate = components["schemas"]["DraftCreate"];
export type Incident = components["schemas"]["Incident"];
export type StudioFormat = components["schemas"]["StudioFormat"];
export type Diff = components["schemas"]["Diff"];
export type Detection = components["schemas"]["Detection"];
export type TryResult = components["schemas"]["TryResult"];
export type SeatPreview = components["schemas"]["SeatPreview"];
export type Organisation = components["schemas"]["Organisation"];
export type Invitation = components["schemas"]["Invitation"];
export type NewInvitation = components["schemas"]["NewInvitation"];
export type Share = components["schemas"]["Share"];
export type ApiToken = components["schemas"]["ApiToken"];
export type NewApiToken = components["schemas"]["NewApiToken"];
export type DayView = components["schemas"]["DayView"];
export type DaySummary = components["schemas"]["DaySummary"];
export type DayJoinResult = components["schemas"]["DayJoinResult"];
export type MemberStatus = components["schemas"]["MemberStatus"];
export type DayCommandResult = components["schemas"]["DayCommandResult"];
export type DayComparison = components["schemas"]["DayComparison"];

export interface FieldError {
  path: string;
  message: string;
}

/** Every API error has a code (the same codes as the socket), a message and field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export function csrfToken(): string {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match?.[1] ? decodeURIComponent(match[1]) : "";
}

interface RequestOptions {
  body?: unknown;
  /** A file upload (multipart), instead of a JSON body. */
  form?: FormData;
  playerToken?: string | null;
  /** The token of someone who joined a training day (only its /me/ reads it). */
  memberToken?: string | null;
}

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  if (options.playerToken) headers["Authorization"] = `Player ${options.playerToken}`;
  if (options.memberToken) headers["Authorization"] = `Member ${options.memberToken}`;
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  else if (options.form) init.body = options.form;
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, "network", "Bear Cave cannot be reached. Check the connection.");
  }
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = (data ?? {}) as { code?: string; message?: string; errors?: FieldError[] };
    throw new ApiError(
      response.status,
      error.code ?? "error",
      error.message ?? `The server answered ${response.status}.`,
      error.errors ?? [],
    );
  }
  return data as T;
}

const TOKEN_KEY = "bearcave.player-token.";

/** A player's token is kept per game, so a second tab or a restarted phone returns to the seat. */
export const playerTokens = {
  get(code: string): string | null {
    return localStorage.getItem(TOKEN_KEY + code.toUpperCase());
  },
  set(code: string, token: string): void {
    localStorage.setItem(TOKEN_KEY + code.toUpperCase(), token);
  },
  forget(code: string): void {
    localStorage.removeItem(TOKEN_KEY + code.toUpperCase());
  },
};

const DAY_TOKEN_KEY = "bearcave.day-token.";
const DAY_OF_GAME_KEY = "bearcave.day-of-game.";

/** The token of a training day joined from this browser, kept per day like a player's. */
export const dayTokens = {
  get(code: string): string | null {
    return localStorage.getItem(DAY_TOKEN_KEY + code.toUpperCase());
  },
  set(code: string, token: string): void {
    localStorage.setItem(DAY_TOKEN_KEY + code.toUpperCase(), token);
  },
  /** The day whose link brought this browser to the game `gameCode` (a table's game). */
  dayOfGame(gameCode: string): string | null {
    return localStorage.getItem(DAY_OF_GAME_KEY + gameCode.toUpperCase());
  },
  setDayOfGame(gameCode: string, dayCode: string): void {
    localStorage.setItem(DAY_OF_GAME_KEY + gameCode.toUpperCase(), dayCode.toUpperCase());
  },
};
