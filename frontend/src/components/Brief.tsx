import type { Brief, Customer, ResponderSeat, Scenario } from "../realtime/protocol";

/** The customer's private brief, and the cards they may play once each. */
export function CustomerBrief({ customer, onPlayCard }: {
  customer: Customer;
  onPlayCard?: ((card: string) => void) | undefined;
}) {
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
      {customer.hidden_facts && customer.hidden_facts.length > 0 && (
        <>
          <h3>Only say when asked</h3>
          <ul>
            {customer.hidden_facts.map((fact) => (
              <li key={fact.fact}>{fact.fact} <em>({fact.revealed_when})</em></li>
            ))}
          </ul>
        </>
      )}
      <h3>What makes it worse</h3>
      <ul>{customer.hot_buttons.map((button) => <li key={button.trigger}>{button.trigger}</li>)}</ul>
      <h3>What calms you</h3>
      <ul>{customer.calming_moves.map((move) => <li key={move.note}>{move.note}</li>)}</ul>
      {customer.escalation_cards && customer.escalation_cards.length > 0 && (
        <>
          <h3>Escalation cards (each once)</h3>
          <ul class="cards">
            {customer.escalation_cards.map((card) => (
              <li key={card.id}>
                <strong>{card.label}</strong>: “{card.text}”
                {onPlayCard && (
                  <button type="button" onClick={() => onPlayCard(card.id)}>Play “{card.label}”</button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export interface ConcessionChoice {
  concession: string;
  approved: boolean;
}

/** One function's brief and its parameters: what it may give alone, with approval, never. */
export function ResponderBrief({ seat, currency, onOffer }: {
  seat: ResponderSeat;
  currency: string;
  onOffer?: ((choice: ConcessionChoice) => void) | undefined;
}) {
  const rows = [
    ...(seat.parameters.alone ?? []).map((c) => ({ ...c, column: "alone", note: "" })),
    ...(seat.parameters.with_approval ?? []).map((c) => ({ ...c, column: "with approval", note: c.approver })),
    ...(seat.parameters.never ?? []).map((c) => ({ ...c, column: "never", note: c.why })),
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
      <table class="parameters">
        <caption>Your parameters</caption>
        <thead>
          <tr><th>May give</th><th>What</th><th>Cost ({currency})</th><th>Approver / why not</th>{onOffer && <th />}</tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} class={`parameters__${row.column.replace(" ", "-")}`}>
              <td>{row.column}</td>
              <td>{row.description}</td>
              <td>{row.cost.toLocaleString()}</td>
              <td>{row.note}</td>
              {onOffer && (
                <td>
                  <button type="button" onClick={() => onOffer({ concession: row.id, approved: false })}>
                    Offered
                  </button>
                  {row.column === "with approval" && (
                    <button type="button" onClick={() => onOffer({ concession: row.id, approved: true })}>
                      Offered, approved
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** What the coach watches for, and every seat's brief for reference. */
export function CoachBrief({ scenario }: { scenario: Scenario }) {
  return (
    <section class="brief" aria-label="Coach's brief">
      <h2>What a great round looks like</h2>
      <p>{scenario.coach.great_round}</p>
      <h3>Debrief questions</h3>
      <ol>{scenario.coach.debrief_questions.map((q) => <li key={q}>{q}</li>)}</ol>
      <details>
        <summary>The customer's brief</summary>
        <CustomerBrief customer={scenario.customer} />
      </details>
      {scenario.responders.map((seat) => (
        <details key={seat.function}>
          <summary>{seat.title}'s brief</summary>
          <ResponderBrief seat={seat} currency={scenario.currency ?? "EUR"} />
        </details>
      ))}
    </section>
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
    </section>
  );
}
