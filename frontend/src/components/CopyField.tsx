/** A secret or a link shown once: a read-only field and a Copy button. The clipboard API needs a
 * secure page; on a plain-http address the text is selected for the person's own Ctrl+C, and
 * the button says which happened. */
export function CopyField({ value, label }: { value: string; label: string }) {
  return (
    <span class="copy-field">
      <input readOnly aria-label={label} value={value}
        onFocus={(e) => (e.target as HTMLInputElement).select()} />
      <button type="button" onClick={(e) => void copy(e.currentTarget, value)}>Copy</button>
    </span>
  );
}

async function copy(button: HTMLButtonElement, text: string) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch {
    button.parentElement?.querySelector("input")?.select();
    button.textContent = "Selected: press Ctrl+C";
  }
}
