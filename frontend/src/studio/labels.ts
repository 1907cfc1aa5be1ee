/** What the studio's form calls each part of the format: words for a trainer, not field names. */

/** Labels by `<Definition>.<field>` (where a name means different things) or by field name. */
const LABELS: Record<string, string> = {
  id: "Id",
  "Scenario.id": "Scenario id (in links and the file name)",
  "Scenario.version": "Version label (yours, e.g. 1.2)",
  "Scenario.summary": "Summary (anyone browsing the library sees it: no secrets)",
  situation_type: "Situation type",
  live_minutes: "Live minutes",
  "Scenario.techniques": "Custom techniques",
  persona: "Persona",
  history: "Their history with you",
  value: "What the account is worth",
  opening_statement: "Opening line (every round starts with it)",
  what_happened: "What happened, from their side",
  wants: "What they want",
  does_not_know: "What they do not know (the team may)",
  hidden_facts: "Hidden facts (said only when asked)",
  fact: "Fact",
  revealed_when: "Revealed when someone asks…",
  "HiddenFact.cues": "Words in a question that count as asking (for the scripted customer)",
  says: "The fact in their own words (optional)",
  starting_mood: "Starting mood (0 calm to 10 furious)",
  temper_visible: "The team sees the mood during the round",
  hot_buttons: "What makes them angrier (hot buttons)",
  "HotButton.trigger": "What the team does or says",
  "HotButton.techniques": "Anti-patterns that press it",
  mood_change: "The mood rises by",
  calming_moves: "What calms them",
  "CalmingMove.technique": "The good move",
  effect: "The mood falls by",
  note: "What it must sound like for this customer",
  escalation_cards: "Escalation cards (at most 4)",
  "EscalationCard.label": "The card's title",
  "EscalationCard.text": "What they say when they play it",
  "EscalationCard.trigger": "When the scripted customer plays it (optional)",
  mood_at_least: "The mood has reached at least",
  "CardTrigger.techniques": "Anti-patterns that count towards it",
  times: "How many messages must have shown one",
  voice: "How the scripted customer sounds (optional)",
  furious: "Furious (mood 9 or 10)",
  angry: "Angry (at or above the starting mood)",
  warming: "Warming (calmer than at the start)",
  calm: "Calm (at or below the calm threshold)",
  replies: "Answers to a move, by technique",
  "Voice.wants": "Their wants in their own words (one each, same order)",
  asks_for_time: "Asking for a time",
  asks_for_owner: "Asking who will do it",
  accepts: "Accepting a fix",
  misses_the_point: "A fix that misses ({want}: what is still open)",
  broken_promise: "A broken promise ({earlier}: what was said)",
  already_told: "Asked again for what they already said",
  responders: "Responder functions (2 to 5 seats)",
  function: "Function id",
  "ResponderSeat.title": "Title (as players see it)",
  brief: "Brief",
  private_facts: "Only this seat knows",
  parameters: "What this seat may give",
  alone: "Alone",
  with_approval: "With approval",
  never: "Never",
  description: "What is given",
  "CustomTechnique.description": "What the technique is",
  "CustomTechnique.label": "Name",
  "CustomTechnique.cues": "Cues: phrases that show it (“...” for a gap of a few words)",
  kind: "Kind",
  cost: "Cost",
  approver: "Who approves it",
  why: "Why never",
  coach: "Coach",
  rubric: "Rubric: the good moves to watch for (at least 3)",
  anti_patterns: "Anti-patterns to watch for (at least 2)",
  technique: "Technique",
  looks_like: "What it looks like in this scenario",
  "RubricEntry.cues": "Cues for the detector in this scenario (optional)",
  great_round: "What a great round looks like",
  debrief_questions: "Debrief questions (at least 2)",
  injects: "Injects (surprises during live)",
  "Inject.title": "Title (for the coach)",
  at_minute: "At minute (leave empty: the coach fires it)",
  audience: "Who hears it",
  customer_text: "What the customer is told",
  team_text: "What the team is told",
  calm_threshold: "Calm at or below (the mood)",
  good_resolution: "A good resolution contains",
};

/** One entry of a list, for "Add a …" and "Remove … 2". */
const ENTRY_NAMES: Record<string, string> = {
  "Scenario.techniques": "custom technique",
  wants: "want",
  does_not_know: "thing they do not know",
  hidden_facts: "hidden fact",
  cues: "cue",
  hot_buttons: "hot button",
  "HotButton.techniques": "anti-pattern",
  "CardTrigger.techniques": "anti-pattern",
  calming_moves: "calming move",
  escalation_cards: "escalation card",
  responders: "responder function",
  private_facts: "private fact",
  alone: "concession",
  with_approval: "concession",
  never: "concession",
  rubric: "rubric entry",
  anti_patterns: "anti-pattern",
  debrief_questions: "question",
  injects: "inject",
  good_resolution: "resolution point",
};

function words(key: string): string {
  const text = key.replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function fieldLabel(key: string, definition: string | null): string {
  return (definition && LABELS[`${definition}.${key}`]) ?? LABELS[key] ?? words(key);
}

export function entryName(key: string, definition: string | null): string {
  return (definition && ENTRY_NAMES[`${definition}.${key}`]) ?? ENTRY_NAMES[key] ?? "line";
}

/** An enum value as words: `late_delivery` → Late delivery. */
export function choiceLabel(value: string): string {
  return words(value);
}
