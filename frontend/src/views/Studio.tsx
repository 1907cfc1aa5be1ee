import { useSignal, useSignalEffect } from "@preact/signals";
import {
  ApiError, type Draft, type DraftCreate, type DraftSummary, type Incident, type ScenarioCard, api,
} from "../api/client";
import { formatDate, formatMoney } from "../format";
import { navigate } from "../router";
import { choiceLabel } from "../studio/labels";
import { AppLink, FacilitatorNav } from "./Console";

const SITUATION_TYPES = [
  "quality", "late_delivery", "wrong_information", "return_or_cancellation", "bad_past_experiences",
  "confrontation", "explaining_policy", "escalation_demand", "not_our_fault", "proactive_disclosure",
  "billing_error",
] as const;

async function startDraft(body: DraftCreate): Promise<void> {
  const draft = await api<Draft>("POST", "/api/v1/studio/drafts/", { body });
  navigate(`/studio/drafts/${draft.id}`);
}

function explain(caught: unknown, fallback: string): string {
  if (!(caught instanceof ApiError)) return fallback;
  const fields = caught.errors.map((e) => `${e.path ? `${e.path}: ` : ""}${e.message}`);
  return [caught.message, ...fields].join(" ");
}

interface Offer {
  description: string;
  cost: number;
  given_by: number;
  needs_approval: boolean;
}

/** The guided template: four questions about a real incident, then the forms. */
function IncidentForm({ onCancel }: { onCancel: () => void }) {
  const title = useSignal("");
  const happened = useSignal("");
  const customer = useSignal({ name: "", company: "", role: "" });
  const situation = useSignal<(typeof SITUATION_TYPES)[number] | "">("");
  const involved = useSignal<string[]>(["", ""]);
  const wants = useSignal<string[]>([""]);
  const offers = useSignal<Offer[]>([]);
  const error = useSignal<string | null>(null);
  const setList = (list: typeof involved, index: number, value: string) =>
    (list.value = list.value.map((item, i) => (i === index ? value : item)));
  const setOffer = (index: number, changes: Partial<Offer>) =>
    (offers.value = offers.value.map((offer, i) => (i === index ? { ...offer, ...changes } : offer)));
  const submit = async (event: Event) => {
    event.preventDefault();
    const incident: Incident = {
      title: title.value, what_happened: happened.value,
      customer_name: customer.value.name, customer_company: customer.value.company, customer_role: customer.value.role,
      involved: involved.value.filter((who) => who.trim()), wants: wants.value.filter((want) => want.trim()),
      can_give: offers.value.filter((offer) => offer.description.trim()),
      situation_type: situation.value,
    };
    try {
      await startDraft({ start: "incident", incident });
    } catch (caught) {
      error.value = explain(caught, "The draft could not be started.");
    }
  };
  const people = involved.value.map((who, index) => who.trim() || `Person or team ${index + 1}`);
  return (
    <form class="incident-form" aria-label="Your own incident" onSubmit={submit}>
      <h2>Your own incident</h2>
      <p class="hint">Four questions about something that really happened. The studio turns the answers into a draft and lists what is left to write.</p>
      <label>A title for the scenario
        <input name="title" required maxLength={300} value={title.value} onInput={(e) => (title.value = (e.target as HTMLInputElement).value)} />
      </label>
      <fieldset>
        <legend>1. What happened?</legend>
        <label>What happened, as the customer lived it
          <textarea name="what-happened" required maxLength={4000} value={happened.value}
            onInput={(e) => (happened.value = (e.target as HTMLTextAreaElement).value)} />
        </label>
        <label>Situation type
          <select name="situation-type" value={situation.value}
            onChange={(e) => (situation.value = SITUATION_TYPES.find((type) => type === (e.target as HTMLSelectElement).value) ?? "")}>
            <option value="">Choose…</option>
            {SITUATION_TYPES.map((type) => <option key={type} value={type}>{choiceLabel(type)}</option>)}
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>2. Who was involved?</legend>
        <div class="incident-form__row">
          <label>The customer's name
            <input name="customer-name" maxLength={300} value={customer.value.name} onInput={(e) => (customer.value = { ...customer.value, name: (e.target as HTMLInputElement).value })} />
          </label>
          <label>Their company
            <input name="customer-company" maxLength={300} value={customer.value.company} onInput={(e) => (customer.value = { ...customer.value, company: (e.target as HTMLInputElement).value })} />
          </label>
          <label>Their role
            <input name="customer-role" maxLength={300} value={customer.value.role} onInput={(e) => (customer.value = { ...customer.value, role: (e.target as HTMLInputElement).value })} />
          </label>
        </div>
        <p class="hint">On your side: each becomes a responder seat (2 to 5).</p>
        {involved.value.map((who, index) => (
          <label key={index}>On your side, {index + 1}
            <input name={`involved-${index}`} maxLength={300} value={who} placeholder="e.g. Account manager"
              onInput={(e) => setList(involved, index, (e.target as HTMLInputElement).value)} />
          </label>
        ))}
        {involved.value.length < 5 && (
          <button type="button" onClick={() => (involved.value = [...involved.value, ""])}>Add someone on your side</button>
        )}
      </fieldset>
      <fieldset>
        <legend>3. What does the customer want?</legend>
        {wants.value.map((want, index) => (
          <label key={index}>They want, {index + 1}
            <input name={`want-${index}`} maxLength={300} value={want} onInput={(e) => setList(wants, index, (e.target as HTMLInputElement).value)} />
          </label>
        ))}
        <button type="button" onClick={() => (wants.value = [...wants.value, ""])}>Add something they want</button>
      </fieldset>
      <fieldset>
        <legend>4. What can the team give?</legend>
        {offers.value.map((offer, index) => (
          <div key={index} class="incident-form__offer">
            <label>What, {index + 1}
              <input name={`offer-${index}`} maxLength={300} value={offer.description} onInput={(e) => setOffer(index, { description: (e.target as HTMLInputElement).value })} />
            </label>
            <label>Cost (EUR; the currency can be changed later)
              <input type="number" min={0} name={`offer-cost-${index}`} value={offer.cost} onInput={(e) => setOffer(index, { cost: Number((e.target as HTMLInputElement).value) || 0 })} />
            </label>
            <label>Who gives it
              <select name={`offer-by-${index}`} value={String(offer.given_by)} onChange={(e) => setOffer(index, { given_by: Number((e.target as HTMLSelectElement).value) })}>
                {people.map((who, i) => <option key={i} value={String(i)}>{who}</option>)}
              </select>
            </label>
            <label class="inline">
              <input type="checkbox" checked={offer.needs_approval} onChange={(e) => setOffer(index, { needs_approval: (e.target as HTMLInputElement).checked })} />
              Needs someone's approval<span class="visually-hidden">: what {index + 1}</span>
            </label>
            <p class="hint">{offer.description ? `${offer.description}: ${formatMoney(offer.cost, "EUR")}` : ""}</p>
          </div>
        ))}
        <button type="button" onClick={() => (offers.value = [...offers.value, { description: "", cost: 0, given_by: 0, needs_approval: false }])}>
          Add something the team can give
        </button>
      </fieldset>
      {error.value && <p class="notice notice--error" role="alert">{error.value}</p>}
      <p class="studio__actions">
        <button type="submit" class="button">Start the draft</button>
        <button type="button" class="subtle" onClick={onCancel}>Cancel</button>
      </p>
    </form>
  );
}

function DraftList({ drafts, onDelete }: { drafts: DraftSummary[]; onDelete: (id: number) => void }) {
  const confirming = useSignal<number | null>(null);
  if (!drafts.length) return <p>No drafts yet: start one below.</p>;
  return (
    <ul class="draft-list">
      {drafts.map((draft) => (
        <li key={draft.id}>
          <AppLink to={`/studio/drafts/${draft.id}`}>{draft.title}</AppLink>{" "}
          {draft.scenario && <code>{draft.scenario}</code>}
          <span class="draft-list__meta">
            {draft.problem_count ? `${draft.problem_count} to fix` : "ready to publish"} · edited {formatDate(draft.updated_at)}
            {draft.based_on && ` · from ${draft.based_on.scenario} version ${draft.based_on.version}`}
          </span>
          {confirming.value === draft.id ? (
            <span class="inline-form">
              Delete “{draft.title}”?{" "}
              <button type="button" class="danger" onClick={() => { onDelete(draft.id); confirming.value = null; }}>
                Delete<span class="visually-hidden"> draft {draft.id}</span>
              </button>
              <button type="button" class="subtle" onClick={() => (confirming.value = null)}>Keep<span class="visually-hidden"> draft {draft.id}</span></button>
            </span>
          ) : (
            <button type="button" class="subtle" onClick={() => (confirming.value = draft.id)}>
              Delete…<span class="visually-hidden"> draft {draft.id}, {draft.title}</span>
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function Library({ scenarios }: { scenarios: ScenarioCard[] }) {
  const error = useSignal<string | null>(null);
  const fork = (id: string) => startDraft({ start: "fork", scenario: id }).catch((caught: unknown) => (error.value = explain(caught, "The fork failed.")));
  return (
    <section class="studio__library" aria-label="The library">
      <h2>The library</h2>
      <p class="hint">Fork any scenario to make it your own (the built-in ones are read-only), see its versions, or download it as a file.</p>
      {error.value && <p class="notice notice--error" role="alert">{error.value}</p>}
      <ul class="library-list">
        {scenarios.map((card) => (
          <li key={card.id}>
            <strong>{card.title}</strong> <span class="draft-list__meta">{card.id} · version {card.version}</span>
            <span class="library-list__actions">
              <button type="button" onClick={() => void fork(card.id)}>Fork<span class="visually-hidden"> {card.title} ({card.id})</span></button>
              <AppLink to={`/studio/scenarios/${card.id}/history`}>Versions<span class="visually-hidden"> of {card.title} ({card.id})</span></AppLink>
              <a href={`/api/v1/scenarios/${card.id}/yaml/`} download>YAML<span class="visually-hidden"> of {card.title} ({card.id})</span></a>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ImportFile() {
  const error = useSignal<string | null>(null);
  const upload = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const form = new FormData();
    form.append("file", file);
    try {
      const draft = await api<Draft>("POST", "/api/v1/studio/drafts/import/", { form });
      navigate(`/studio/drafts/${draft.id}`);
    } catch (caught) {
      error.value = caught instanceof ApiError
        ? [caught.message, ...caught.errors.map((e) => `${e.path || "the file"}: ${e.message}`)].join(" ")
        : "The file could not be read.";
      input.value = "";
    }
  };
  return (
    <div class="studio__import">
      <label>Import a YAML file
        <input type="file" accept=".yaml,.yml,application/yaml,text/yaml" onChange={upload} />
      </label>
      {error.value && <p class="notice notice--error" role="alert">{error.value}</p>}
    </div>
  );
}

/** The studio's front page: your drafts, new ones, and the library to fork from. */
export function Studio() {
  const drafts = useSignal<DraftSummary[] | null>(null);
  const scenarios = useSignal<ScenarioCard[]>([]);
  const guided = useSignal(false);
  const signedOut = useSignal(false);
  const error = useSignal<string | null>(null);
  const load = () =>
    api<DraftSummary[]>("GET", "/api/v1/studio/drafts/").then((found) => (drafts.value = found), () => (signedOut.value = true));
  useSignalEffect(() => {
    void load();
    void api<ScenarioCard[]>("GET", "/api/v1/scenarios/").then((cards) => (scenarios.value = cards), () => undefined);
  });
  if (signedOut.value) {
    return (
      <main class="facilitate">
        <h1>Scenario studio</h1>
        <p>Sign in to write scenarios.</p>
        <a class="button" href="/login/?next=/studio">Sign in</a>
      </main>
    );
  }
  if (drafts.value === null) return <p role="status">Loading…</p>;
  const remove = (id: number) => void api("DELETE", `/api/v1/studio/drafts/${id}/`).then(load, () => undefined);
  return (
    <main class="studio">
      <FacilitatorNav />
      <h1>Scenario studio</h1>
      <section class="studio__drafts" aria-label="Your drafts">
        <h2>Your drafts</h2>
        <p class="hint">Only you see your drafts. Publishing one makes a new version in the library.</p>
        <DraftList drafts={drafts.value} onDelete={remove} />
      </section>
      <section class="studio__start" aria-label="Start a scenario">
        <h2>Start a scenario</h2>
        {guided.value ? <IncidentForm onCancel={() => (guided.value = false)} /> : (
          <div class="studio__starts">
            <button type="button" class="button" onClick={() => (guided.value = true)}>Your own incident (guided)</button>
            <button type="button" onClick={() => void startDraft({ start: "blank" }).catch((caught: unknown) => (error.value = explain(caught, "The draft could not be started.")))}>
              Blank scenario
            </button>
            <ImportFile />
          </div>
        )}
        {error.value && <p class="notice notice--error" role="alert">{error.value}</p>}
      </section>
      <Library scenarios={scenarios.value} />
    </main>
  );
}
