"""What a person in the room would notice on any screen, as checks a browser test can run.

Each check returns the problems it found (empty: none), so a test can gather them for every seat
at every phase and report them all at once.
"""

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


_WIDER_THAN_THE_SCREEN = """() => {
  const scrolls = (e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const inScroller = (e) => {
    for (let p = e.parentElement; p; p = p.parentElement) if (scrolls(p)) return true;
    return false;
  };
  const tooWide = (e) => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > innerWidth + 1;
  };
  const name = (e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`;
  return [...document.querySelectorAll('body *')]
    .filter((e) => !e.closest('.visually-hidden, .skip-link, [hidden]'))
    .filter((e) => tooWide(e) && getComputedStyle(e).visibility !== 'hidden' && !inScroller(e))
    .slice(0, 5)
    .map((e) => `${name(e)} reaches ${Math.round(e.getBoundingClientRect().right)}px`);
}"""


def horizontal_overflow(page: Page) -> list[str]:
    """Nothing is wider than the screen (so nothing is cut off at the side), except inside a
    box made to scroll sideways (a wide table)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    culprits = page.evaluate(_WIDER_THAN_THE_SCREEN)
    if width <= viewport and not culprits:
        return []
    return [f"page is {width}px wide on a {viewport}px screen: {', '.join(culprits)}"]


_UNREACHABLE = """() => {
  const controls = [...document.querySelectorAll(
    'button, a[href], input:not([type=hidden]), select, textarea, summary, [role=tab]')];
  const problems = [];
  for (const control of controls) {
    const folded = control.closest('[hidden], details:not([open]) > :not(summary)');
    if (control.disabled || folded) continue;
    const style = getComputedStyle(control);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (control.closest('.visually-hidden')) continue;
    const box = control.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    control.scrollIntoView({block: 'center', inline: 'center'});
    const rect = control.getBoundingClientRect();
    // Kept off the screen until it has the focus (a skip link): not a control to click.
    const offScreen = rect.right <= 0 || rect.bottom <= 0
      || rect.left >= innerWidth || rect.top >= innerHeight;
    if (offScreen) continue;
    const x = rect.left + rect.width / 2, y = rect.top + rect.height / 2;
    const hit = document.elementFromPoint(x, y);
    const label = control.labels && control.labels[0];
    const fine = hit
      && (hit === control || control.contains(hit) || (label && label.contains(hit)));
    if (!fine) {
      const said = control.getAttribute('aria-label') || control.textContent || control.name;
      const name = (said || '').trim().slice(0, 40);
      const over = hit ? `${hit.tagName.toLowerCase()}.${[...hit.classList].join('.')}` : 'nothing';
      problems.push(`${control.tagName.toLowerCase()} "${name}" is covered by ${over}`);
    }
  }
  window.scrollTo(0, 0);
  return problems;
}"""


def unreachable_controls(page: Page) -> list[str]:
    """Every visible, enabled control takes a click at its centre (nothing sits on top of it)."""
    return list(page.evaluate(_UNREACHABLE))


_NEWEST_HIDDEN = """async () => {
  // A panel just shown follows on its next frame (a ResizeObserver): a person sees that frame.
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const problems = [];
  for (const list of document.querySelectorAll('.chat__messages')) {
    if (!list.offsetParent) continue;
    const last = list.lastElementChild;
    if (!last) continue;
    const unseen = list.parentElement.querySelector('.chat__unseen');
    const box = list.getBoundingClientRect(), item = last.getBoundingClientRect();
    const taller = Math.max(0, item.height - box.height);
    const inView = item.bottom <= box.bottom + 2 && item.top >= box.top - 2 - taller;
    const what = list.getAttribute('aria-label');
    if (!inView && !unseen) problems.push(`the newest line of ${what} is out of view`);
  }
  return problems;
}"""


def newest_message_hidden(page: Page) -> list[str]:
    """A conversation shows its newest line, unless it says how many new ones are below."""
    return list(page.evaluate(_NEWEST_HIDDEN))


_UNRENDERED = """() => {
  const hook = window.bearcave;
  // Every game screen has the phase bar; a page without one (the studio) shows no game.
  if (!hook) return document.querySelector('.phase-bar') ? ['the page exposes no game store'] : [];
  const store = hook.store;
  const problems = [];
  for (const event of store.roundEvents.value) {
    const { region, timeline } = hook.placeOf(event);
    const where = document.querySelector(`[data-region="${region}"]`);
    const what = `${event.type} #${event.seq}`;
    if (!where) {
      problems.push(`${what}: no ${region} on this screen`);
      continue;
    }
    const line = `[data-region="${region}"] [data-seq~="${event.seq}"]`;
    if (timeline && !document.querySelector(line)) {
      problems.push(`${what}: not shown in ${region}`);
    }
  }
  return problems;
}"""


def unrendered_events(page: Page) -> list[str]:
    """Every event this seat received this round shows on its screen, where it belongs (a page
    that shows no game, without a phase bar, has none to show)."""
    return list(page.evaluate(_UNRENDERED))


def accessibility_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol, which the page's Content Security
        # Policy (no inline scripts) rightly does not cover; the app itself stays under it.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    results = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter((v) => ['serious', 'critical'].includes(v.impact))"
        ".map((v) => `${v.id}: ${v.help} (`"
        " + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ') + ')')"
    )
    return list(results)


_SAME_NAMES = """() => {
  const named = new Map();
  for (const control of document.querySelectorAll('button, a[href], [role=tab], summary')) {
    if (control.closest('[hidden]') || !control.getClientRects().length) continue;
    const name = (control.getAttribute('aria-label') || control.textContent || '')
      .replace(/\\s+/g, ' ').trim();
    named.set(name, (named.get(name) || 0) + 1);
  }
  return [...named].filter(([, count]) => count > 1).map(([name, count]) => `${count} x "${name}"`);
}"""


def controls_with_the_same_name(page: Page) -> list[str]:
    """Two controls a screen reader announces alike cannot be told apart by its user."""
    return [f"controls named alike: {same}" for same in page.evaluate(_SAME_NAMES)]


def one_main_heading(page: Page) -> list[str]:
    count = page.locator("h1").count()
    return [] if count == 1 else [f"{count} h1 headings"]


def everything_a_person_would_notice(page: Page) -> list[str]:
    return [
        *horizontal_overflow(page),
        *unreachable_controls(page),
        *newest_message_hidden(page),
        *unrendered_events(page),
        *one_main_heading(page),
        *controls_with_the_same_name(page),
        *accessibility_violations(page),
    ]
