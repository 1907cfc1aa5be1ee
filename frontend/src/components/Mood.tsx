/** The customer's mood: always a number and a word, never colour alone. */
const MOOD_WORDS = [
  "calm", "calm", "settled", "uneasy", "annoyed", "frustrated",
  "angry", "angry", "furious", "furious", "livid",
];

export function moodWord(mood: number): string {
  return MOOD_WORDS[Math.max(0, Math.min(10, mood))] ?? "";
}

export function MoodBadge({ mood }: { mood: number }) {
  return (
    <div class={`mood mood--${Math.round(mood / 2.5)}`} aria-label={`Customer mood ${mood} of 10, ${moodWord(mood)}`}>
      <span class="mood__number">{mood}</span>
      <span class="mood__word">{moodWord(mood)}</span>
    </div>
  );
}

/** Large, touch-friendly buttons from 0 (calm) to 10 (furious); arrow keys move between them. */
export function MoodControl({ mood, onChange }: { mood: number | null; onChange: (mood: number) => void }) {
  return (
    <fieldset class="mood-control">
      <legend>How do you feel right now? (0 calm, 10 furious)</legend>
      <div class="mood-control__scale">
        {Array.from({ length: 11 }, (_, value) => (
          <button
            type="button"
            key={value}
            class={`mood-control__step${value === mood ? " is-current" : ""}`}
            aria-pressed={value === mood}
            aria-label={`${value}, ${moodWord(value)}`}
            onClick={() => onChange(value)}
          >
            {value}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
