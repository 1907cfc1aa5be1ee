import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { ApiError, type JoinResult, api, playerTokens } from "../api/client";
import { navigate } from "../router";

/** Enter the code and a name; a /join/<code> link or the QR code fills in the code. */
export function Join({ code: initialCode }: { code: string }) {
  const code = useSignal(initialCode);
  const name = useSignal("");
  const error = useSignal<string | null>(null);
  const unknownCode = useSignal(false);
  const busy = useSignal(false);
  const codeField = useRef<HTMLInputElement>(null);
  const nameField = useRef<HTMLInputElement>(null);
  // From a join link or the QR code the code is filled in: the name is what is left to type.
  useEffect(() => (initialCode ? nameField : codeField).current?.focus(), [initialCode]);
  const submit = async (event: Event) => {
    event.preventDefault();
    const cleaned = code.value.trim().toUpperCase();
    busy.value = true;
    error.value = null;
    try {
      const result = await api<JoinResult>("POST", `/api/v1/games/${encodeURIComponent(cleaned)}/join/`, {
        body: { name: name.value },
      });
      playerTokens.set(result.game.code, result.token);
      navigate(`/play/${result.game.code}`);
    } catch (caught) {
      error.value = caught instanceof ApiError ? caught.message : "Joining failed; try again.";
      unknownCode.value = caught instanceof ApiError && caught.code === "game_not_found";
    } finally {
      busy.value = false;
    }
  };
  return (
    <main class="join">
      <h1>Join a game</h1>
      <form onSubmit={submit}>
        <label>
          Game code
          <input
            name="code"
            value={code.value}
            required
            ref={codeField}
            autoCapitalize="characters"
            autoComplete="off"
            inputMode="text"
            class="join__code"
            onInput={(e) => (code.value = (e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Your name
          <input name="name" value={name.value} required maxLength={40} autoComplete="given-name"
            ref={nameField}
            onInput={(e) => (name.value = (e.target as HTMLInputElement).value)} />
        </label>
        {error.value && <p class="notice notice--error" role="alert">{error.value}</p>}
        {unknownCode.value && (
          <p class="hint">A training day's code? <a href={`/day/${code.value.trim().toUpperCase()}`}>Join the day with it</a>.</p>
        )}
        <button type="submit" class="button" disabled={busy.value}>Join</button>
      </form>
    </main>
  );
}
