import { useRef } from "preact/hooks";
import { formatDuration, formatMoney } from "../format";
import type { Brief, CustomerBrief as CustomerBriefData, ResponderSeat, Scenario } from "../realtime/protocol";
import type { EventOf } from "../state/events";

/** The customer's private brief. */
export function CustomerBrief({ customer }: { customer: CustomerBriefData }) {
  return (
    <section class="brief" aria-label="Your brief">
      <h2>You are {customer.persona.name}</h2>
      <p class="brief__persona">
        {customer.persona.role}, {customer.persona.company} · {customer.persona.value}
      </p>
      <p>{customer.persona.history}</p>
      <h3>Open with</h3>
      <blockquote class="brief__opening">{customer.opening_statement}</blockquote>
      <h3>What happened</h3>
      <p>{customer.what_happened}</p>
      <h3>What you want</h3>
      <ul>{customer.wants.map((want) => <li key={want}>{want}</li>)}</ul>
      {customer.hidden_facts.length > 0 && (
        <>
          <h3>Only say when asked</h3>
          <ul>
            {customer.hidden_facts.map((fact) => (
              <li key={fact.fact}>{fact.fact} <em>(when they ask {fact.revealed_when})</em></li>
            ))}
          </ul>
        </>
      )}
      <h3>What makes it worse</h3>
      <ul>{customer.hot_buttons.map((button) => <li key={button.trigger}>{button.trigger} <span class="brief__effect">mood +{button.mood_change}</span></li>)}</ul>
      <h3>What calms you</h3>
      <ul>{customer.calming_moves.map((move) => <li key={move.note}>{move.note} <span class="brief__effect">mood −{move.effect}</span></li>)}</ul>
    </section>
  );
}

/** The customer's escalation cards: each once a round, played from here during live. */
export function EscalationCards({ customer, played, onPlay }: {
  customer: CustomerBriefData;
  played: readonly EventOf<"escalation.played">[];
  onPlay?: ((card: string) => void) | undefined;
}) {
  if (!customer.escalation_cards.length) return null;
  // Folded until wanted, and folded again once one is played: the conversation is what the
  // customer watches, and open cards pushed it below the fold on phones and laptops alike.
  const cards = useRef<HTMLDetailsElement>(null);
  const playedCount = customer.escalation_cards.filter((card) => played.some((e) => e.payload.card === card.id)).length;
  const play = onPlay && ((card: string) => {
    if (cards.current) cards.current.open = false;
    onPlay(card);
  });
  return (
    <details class="cards" aria-label="Escalation cards" ref={cards}>
      <summary>
        <h3>Escalation cards <small>({playedCount} of {customer.escalation_cards.length} played; each once a round)</small></h3>
      </summary>
      <ul>
        {customer.escalation_cards.map((card) => {
          const when = played.find((event) => event.payload.card === card.id);
          return (
            <li key={card.id} class={when ? "is-played" : ""}>
              <strong>{card.label}</strong>: “{card.text}”{" "}
              {when ? (
                <span class="state-badge">Played{when.payload.live_seconds !== null ? ` at ${formatDuration(when.payload.live_seconds)}` : ""}</span>
              ) : play ? (
                <button type="button" onClick={() => play(card.id)}>Play “{card.label}”</button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

export interface ConcessionChoice {
  concession: string;
  approved: boolean;
}

const COLUMNS = [
  { key: "alone", label: "You may give alone" },
  { key: "with_approval", label: "With approval" },
  { key: "never", label: "Never" },
] as const;

/** One function's brief and its parameters: what it may give alone, with approval, never. */
export function ResponderBrief({ seat, currency, offered = [], onOffer }: {
  seat: ResponderSeat;
  currency: string;
  offered?: readonly EventOf<"concession.recorded">[];
  onOffer?: ((choice: ConcessionChoice) => void) | undefined;
}) {
  const parameters = seat.parameters;
  const rows = [
    ...(parameters.alone ?? []).map((c) => ({ ...c, column: "alone" as const, note: "" })),
    ...(parameters.with_approval ?? []).map((c) => ({ ...c, column: "with_approval" as const, note: `Approver: ${c.approver}` })),
    ...(parameters.never ?? []).map((c) => ({ ...c, column: "never" as const, note: `Why not: ${c.why}` })),
  ];
  return (
    <section class="brief" aria-label={`${seat.title} brief`}>
      <h2>{seat.title}</h2>
      <p>{seat.brief}</p>
      {seat.private_facts && seat.private_facts.length > 0 && (
        <>
          <h3>Only you know</h3>
          <ul>{seat.private_facts.map((fact) => <li key={fact}>{fact}</li>)}</ul>
        </>
      )}
      <h3>What you may give</h3>
      {COLUMNS.map(({ key, label }) => {
        const inColumn = rows.filter((row) => row.column === key);
        if (!inColumn.length) return null;
        return (
          <div key={key} class={`concessions concessions--${key}`}>
            <h4>{label}</h4>
            <ul>
              {inColumn.map((row) => {
                const given = offered.find((event) => event.payload.concession === row.id);
                return (
                  <li key={row.id} class={`concession${given ? " is-offered" : ""}`}>
                    <span class="concession__what">{row.description}</span>
                    <span class="concession__cost">{formatMoney(row.cost, currency)}</span>
                    {row.note && <span class="concession__note">{row.note}</span>}
                    {given ? (
                      <span class="state-badge">
                        Offered{given.payload.approved ? ", approved" : ""} by {given.payload.by}
                      </span>
                    ) : onOffer ? (
                      <span class="concession__actions">
                        <button type="button" onClick={() => onOffer({ concession: row.id, approved: false })}>
                          {key === "never" ? "Offered anyway" : "Offered"}<span class="visually-hidden">: {row.description}</span>
                        </button>
                        {key === "with_approval" && (
                          <button type="button" onClick={() => onOffer({ concession: row.id, approved: true })}>
                            Offered, approved<span class="visually-hidden">: {row.description}</span>
                          </button>
                        )}
                      </span>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

/** What the coach watches for, and every seat's brief in this game for reference. */
export function CoachBrief({ scenario, currency }: { scenario: Scenario; currency: string }) {
  return (
    <section class="brief" aria-label="Coach's brief">
      <h2>What a great round looks like</h2>
      <p>{scenario.coach.great_round}</p>
      <h3>Debrief questions</h3>
      <ol>{scenario.coach.debrief_questions.map((q) => <li key={q}>{q}</li>)}</ol>
      <details>
        <summary>The customer's brief</summary>
        <CoachCustomerBrief scenario={scenario} />
      </details>
      {scenario.responders.map((seat) => (
        <details key={seat.function}>
          <summary>{seat.title}'s brief</summary>
          <ResponderBrief seat={seat} currency={currency} />
        </details>
      ))}
    </section>
  );
}

function CoachCustomerBrief({ scenario }: { scenario: Scenario }) {
  const customer = scenario.customer;
  return (
    <div class="brief brief--nested">
      <p><strong>{customer.persona.name}</strong>, {customer.persona.role}, {customer.persona.company}</p>
      <p>{customer.what_happened}</p>
      <h4>Wants</h4>
      <ul>{customer.wants.map((want) => <li key={want}>{want}</li>)}</ul>
      {(customer.hidden_facts ?? []).length > 0 && (
        <>
          <h4>Says only when asked</h4>
          <ul>{(customer.hidden_facts ?? []).map((fact) => <li key={fact.fact}>{fact.fact}</li>)}</ul>
        </>
      )}
      {(customer.does_not_know ?? []).length > 0 && (
        <>
          <h4>Does not know</h4>
          <ul>{(customer.does_not_know ?? []).map((item) => <li key={item}>{item}</li>)}</ul>
        </>
      )}
    </div>
  );
}

/** What everyone may know: the scenario's title and who the customer is. */
export function PublicBrief({ brief }: { brief: Brief }) {
  return (
    <section class="brief" aria-label="The situation">
      <h2>{brief.title}</h2>
      <p>{brief.summary}</p>
      <p>
        The customer: <strong>{brief.customer.name}</strong>, {brief.customer.role} at {brief.customer.company}.
      </p>
      <h3>They open with</h3>
      <blockquote class="brief__opening">{brief.opening_statement}</blockquote>
    </section>
  );
}
