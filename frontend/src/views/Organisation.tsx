import { useSignal, useSignalEffect } from "@preact/signals";
import { ApiError, type Invitation, type NewInvitation, type Organisation as Org, api } from "../api/client";
import { formatDate } from "../format";
import { FacilitatorNav } from "./Console";
import { CopyField } from "../components/CopyField";

const ROLE_LABELS: Record<string, string> = {
  owner: "Owner",
  admin: "Admin: members and the organisation's library",
  facilitator: "Facilitator: runs games, writes drafts",
  observer: "Observer: watches and replays games shared with them",
};

/** An admin invites by a one-time link, shown here once. */
function Invite({ role, onMade }: { role: string; onMade: () => void }) {
  const wanted = useSignal("facilitator");
  const email = useSignal("");
  const made = useSignal<NewInvitation | null>(null);
  const problem = useSignal("");
  const roles = role === "owner" ? ["facilitator", "observer", "admin", "owner"] : ["facilitator", "observer", "admin"];
  const submit = async (event: Event) => {
    event.preventDefault();
    problem.value = "";
    try {
      made.value = await api<NewInvitation>("POST", "/api/v1/organisation/invitations/", {
        body: { role: wanted.value, email: email.value },
      });
      onMade();
    } catch (caught) {
      problem.value = caught instanceof ApiError ? caught.message : "No invitation was made.";
    }
  };
  return (
    <form class="invite" aria-label="Invite someone" onSubmit={submit}>
      <h2>Invite someone</h2>
      <label>Role
        <select name="role" value={wanted.value} onChange={(e) => (wanted.value = (e.target as HTMLSelectElement).value)}>
          {roles.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
        </select>
      </label>
      <label>Email (optional: mailed too when the server can send mail)
        <input type="email" name="email" value={email.value} onInput={(e) => (email.value = (e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit" class="button">Make an invitation link</button>
      {problem.value && <p class="notice notice--error" role="alert">{problem.value}</p>}
      {made.value && (
        <div class="shown-once" role="status">
          <p>Give this link to the person you invite, as {made.value.role}. It is shown only now, works once and expires {formatDate(made.value.expires_at)}.{made.value.emailed ? " It was mailed too." : ""}</p>
          <CopyField label="Invitation link" value={made.value.url} />
          {/* Plain text, not a link: opening it here would use up a link that works once. */}
          <p class="invite__url"><code>{made.value.url}</code></p>
        </div>
      )}
    </form>
  );
}

export function Organisation() {
  const org = useSignal<Org | null>(null);
  const invitations = useSignal<Invitation[]>([]);
  const problem = useSignal("");
  const reload = useSignal(0);
  useSignalEffect(() => {
    void reload.value;
    api<Org>("GET", "/api/v1/organisation/").then((found) => {
      org.value = found;
      if (found.may.includes("manage_members")) {
        void api<Invitation[]>("GET", "/api/v1/organisation/invitations/").then((open) => (invitations.value = open));
      }
    }, (caught: unknown) => {
      problem.value = caught instanceof ApiError ? caught.message : "The organisation could not be read.";
    });
  });
  const act = (method: string, path: string, body?: unknown) => {
    problem.value = "";
    api(method, path, body === undefined ? {} : { body }).then(() => (reload.value += 1), (caught: unknown) => {
      problem.value = caught instanceof ApiError ? caught.message : "That did not work.";
    });
  };
  const current = org.value;
  if (!current) return problem.value ? <main class="facilitate"><p role="alert">{problem.value}</p></main> : <p role="status">Loading…</p>;
  const admin = current.may.includes("manage_members");
  return (
    <main class="facilitate organisation">
      <FacilitatorNav />
      <h1>{current.name}</h1>
      <p>You are {current.role} here.</p>
      {problem.value && <p class="notice notice--error" role="alert">{problem.value}</p>}
      <section aria-label="Members">
        <h2>Members</h2>
        <ul class="member-list">
          {current.members.map((member) => (
            <li key={member.id}>
              <strong>{member.username}</strong> · {member.role} · joined {formatDate(member.joined_at)}
              {admin && member.role !== "owner" && (
                <>
                  {" "}
                  <label class="inline">Role<span class="visually-hidden"> of {member.username}</span>
                    <select value={member.role} onChange={(e) => act("PATCH", `/api/v1/organisation/members/${member.id}/`, { role: (e.target as HTMLSelectElement).value })}>
                      {["admin", "facilitator", "observer"].map((r) => <option key={r} value={r}>{r}</option>)}
                    </select>
                  </label>
                  {" "}
                  <button type="button" class="subtle" onClick={() => act("DELETE", `/api/v1/organisation/members/${member.id}/`)}>
                    Remove<span class="visually-hidden"> {member.username}</span>
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
      {admin && <Invite role={current.role} onMade={() => (reload.value += 1)} />}
      {admin && invitations.value.length > 0 && (
        <section aria-label="Open invitations">
          <h2>Open invitations</h2>
          <ul>
            {invitations.value.map((inv) => (
              <li key={inv.id}>
                {inv.role}{inv.email ? ` · ${inv.email}` : ""} · expires {formatDate(inv.expires_at)}{" "}
                <button type="button" class="subtle" onClick={() => act("DELETE", `/api/v1/organisation/invitations/${inv.id}/`)}>
                  Revoke<span class="visually-hidden"> the invitation {inv.id}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
