import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";

/** The customer's mood: always a number and a word, never colour alone. */
const MOOD_WORDS = [
  "calm", "calm", "settled", "uneasy", "annoyed", "frustrated",
  "angry", "angry", "furious", "furious", "livid",
];

/** The word for a mood. With the scenario's calm threshold, at or below it is "calm" and above
 * it never is: the word agrees with the chart's calm line and with time to calm. */
export function moodWord(mood: number, calmThreshold?: number): string {
  const word = MOOD_WORDS[Math.max(0, Math.min(10, mood))] ?? "";
  if (calmThreshold === undefined) return word;
  if (mood <= calmThreshold) return "calm";
  return word === "calm" || word === "settled" ? "uneasy" : word;
}

export function MoodBadge({ mood, calmThreshold }: { mood: number; calmThreshold?: number }) {
  const calm = calmThreshold !== undefined && mood <= calmThreshold;
  const level = calm ? "calm" : String(Math.max(2, Math.round(mood / 2.5)));
  return (
    <div class={`mood mood--${level}`} role="img"
      aria-label={`Customer mood ${mood} of 10, ${moodWord(mood, calmThreshold)}`}>
      <span class="mood__number">{mood}</span>
      <span class="mood__word">{moodWord(mood, calmThreshold)}</span>
    </div>
  );
}

/** Arrow keys step through the scale; the mood goes to the server once the choice settles. */
const SETTLE_MS = 350;

/**
 * The customer's mood, 0 (calm) to 10 (furious): a radio group, so arrow keys move through it
 * and a screen reader announces it as one choice. Large, touch-friendly targets.
 */
export function MoodControl({ mood, onChange, disabledBecause }: {
  mood: number | null;
  onChange: (mood: number) => void;
  disabledBecause?: string | null;
}) {
  const chosen = useSignal<number | null>(mood);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    chosen.value = mood;
  }, [mood]);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const choose = (value: number) => {
    chosen.value = value;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      if (value !== mood) onChange(value);
    }, SETTLE_MS);
  };
  return (
    <fieldset class="mood-control" disabled={Boolean(disabledBecause)}>
      <legend>How do you feel right now? <span class="mood-control__scale-hint">0 calm, 10 furious</span></legend>
      <div class="mood-control__scale">
        {Array.from({ length: 11 }, (_, value) => (
          <label key={value} class={`mood-control__step${value === chosen.value ? " is-current" : ""}`}>
            <input
              type="radio"
              name="mood"
              value={value}
              checked={value === chosen.value}
              aria-label={`${value}, ${moodWord(value)}`}
              onChange={() => choose(value)}
            />
            <span aria-hidden="true">{value}</span>
          </label>
        ))}
      </div>
      {disabledBecause && <p class="mood-control__why">{disabledBecause}</p>}
    </fieldset>
  );
}
