import { useSignal, useSignalEffect } from "@preact/signals";
import { ApiError, type ApiToken, type NewApiToken, type Organisation, api } from "../api/client";
import { formatDate, formatTime } from "../format";
import { FacilitatorNav } from "./Console";
import { CopyField } from "../components/CopyField";

const LIFETIMES = [
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "1 year (the longest)" },
];

function expiry(token: ApiToken): string {
  if (!token.expires_at) return "never expires";
  return token.expired ? `expired ${formatDate(token.expires_at)}` : `expires ${formatDate(token.expires_at)}`;
}

/** One token: its name, the first characters of its key, its dates, and a Revoke button. */
function TokenRow({ token, showOwner, onRevoke }: { token: ApiToken; showOwner: boolean; onRevoke: (token: ApiToken) => void }) {
  return (
    <li class={token.expired ? "token token--expired" : "token"}>
      <div class="token__name">
        <strong>{token.name}</strong>
        {showOwner && <span> · {token.owner}</span>}
        {token.expired && <span class="token__badge">expired</span>}
      </div>
      <div class="token__facts">
        <span>key <code>{token.prefix}…</code></span>
        <span>made {formatDate(token.created_at)}</span>
        <span>{expiry(token)}</span>
        <span>{token.last_used_at ? `last used ${formatDate(token.last_used_at)} ${formatTime(token.last_used_at)}` : "never used"}</span>
      </div>
      <button type="button" class="danger" onClick={() => onRevoke(token)}>
        Revoke<span class="visually-hidden"> {token.name}{showOwner ? ` of ${token.owner}` : ""}</span>
      </button>
    </li>
  );
}

/** Make a token: a name and a lifetime; its key is shown here once. */
function MakeToken({ onMade }: { onMade: () => void }) {
  const name = useSignal("");
  const days = useSignal(90);
  const made = useSignal<NewApiToken | null>(null);
  const problem = useSignal("");
  const submit = async (event: Event) => {
    event.preventDefault();
    problem.value = "";
    try {
      made.value = await api<NewApiToken>("POST", "/api/v1/tokens/", { body: { name: name.value, expires_in_days: days.value } });
      name.value = "";
      onMade();
    } catch (caught) {
      problem.value = caught instanceof ApiError ? caught.message : "No token was made.";
    }
  };
  return (
    <form class="make-token" aria-label="Make a token" onSubmit={submit}>
      <h2>Make a token</h2>
      <label>Name (what it is for)
        <input name="name" required maxLength={80} value={name.value} placeholder="e.g. nightly export"
          onInput={(e) => (name.value = (e.target as HTMLInputElement).value)} />
      </label>
      <label>Expires after
        <select name="expires_in_days" value={String(days.value)} onChange={(e) => (days.value = Number((e.target as HTMLSelectElement).value))}>
          {LIFETIMES.map((l) => <option key={l.days} value={String(l.days)}>{l.label}</option>)}
        </select>
      </label>
      <button type="submit" class="button">Make token</button>
      {problem.value && <p class="notice notice--error" role="alert">{problem.value}</p>}
      {made.value && (
        <div class="shown-once" role="status">
          <p>Copy the key of <strong>{made.value.name}</strong> now: it is shown only this once. It expires {made.value.expires_at ? formatDate(made.value.expires_at) : "never"}.</p>
          <CopyField label="New token key" value={made.value.key} />
          <p class="hint">Send it as <code>Authorization: Token &lt;key&gt;</code>.</p>
        </div>
      )}
    </form>
  );
}

export function Tokens() {
  const mine = useSignal<ApiToken[] | null>(null);
  const members = useSignal<ApiToken[] | null>(null);
  const problem = useSignal("");
  const reload = useSignal(0);
  useSignalEffect(() => {
    void reload.value;
    api<ApiToken[]>("GET", "/api/v1/tokens/").then((found) => (mine.value = found), (caught: unknown) => {
      problem.value = caught instanceof ApiError ? caught.message : "Your tokens could not be read.";
    });
    api<Organisation>("GET", "/api/v1/organisation/").then((org) => {
      if (org.may.includes("manage_member_tokens")) {
        void api<ApiToken[]>("GET", "/api/v1/organisation/tokens/").then((found) => (members.value = found));
      }
    }, () => undefined);
  });
  const revoke = (token: ApiToken) => {
    if (!window.confirm(`Revoke "${token.name}"? Scripts using it stop working at once.`)) return;
    problem.value = "";
    api("DELETE", `/api/v1/tokens/${token.id}/`).then(() => (reload.value += 1), (caught: unknown) => {
      problem.value = caught instanceof ApiError ? caught.message : "The token was not revoked.";
    });
  };
  const own = new Set((mine.value ?? []).map((token) => token.id));
  const others = (members.value ?? []).filter((token) => !own.has(token.id));
  return (
    <main class="facilitate tokens">
      <FacilitatorNav />
      <h1>API tokens</h1>
      <p class="hint">A token lets a script act as you, with your role: <code>Authorization: Token &lt;key&gt;</code>. Only a digest of its key is kept, so it is shown once, when made.</p>
      {problem.value && <p class="notice notice--error" role="alert">{problem.value}</p>}
      <MakeToken onMade={() => (reload.value += 1)} />
      <section aria-label="Your tokens">
        <h2>Your tokens</h2>
        {mine.value === null ? <p role="status">Loading…</p> : mine.value.length === 0 ? <p>You have no tokens.</p> : (
          <ul class="token-list">
            {mine.value.map((token) => <TokenRow key={token.id} token={token} showOwner={false} onRevoke={revoke} />)}
          </ul>
        )}
      </section>
      {members.value !== null && (
        <section aria-label="Other members' tokens">
          <h2>Other members' tokens</h2>
          <p class="hint">As an admin you may revoke any member's token, say when a laptop is lost.</p>
          {others.length === 0 ? <p>No other member has a token.</p> : (
            <ul class="token-list">
              {others.map((token) => <TokenRow key={token.id} token={token} showOwner onRevoke={revoke} />)}
            </ul>
          )}
        </section>
      )}
    </main>
  );
}
