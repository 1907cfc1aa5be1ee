"""The rehearsal's checks catch what they are meant to: each fails on a page with its problem."""

import pytest

from tests.frontend.checks import (
    accessibility_violations,
    horizontal_overflow,
    newest_message_hidden,
    unreachable_controls,
)

pytestmark = [pytest.mark.browser, pytest.mark.daphne]


def test_each_check_finds_its_problem(new_page):
    page = new_page(width=375, height=600)
    page.goto("/")
    # Styles set through the DOM: the page's Content Security Policy refuses inline ones.
    page.evaluate(
        """() => {
          const add = (html, style) => {
            const holder = document.createElement('div');
            holder.innerHTML = html;
            const element = holder.firstElementChild;
            Object.assign(element.style, style);
            document.body.append(element);
            return element;
          };
          add('<div>too wide</div>', {width: '600px'});
          add('<button>Press me</button>', {position: 'relative'});
          add('<div></div>', {position: 'fixed', inset: '0', background: 'white'});
          add('<img src="/static/missing.png">', {});
          const list = add('<ol class="chat__messages" aria-label="Room messages"></ol>',
            {height: '60px', overflowY: 'auto'});
          for (const text of ['one', 'two']) {
            const item = document.createElement('li');
            item.textContent = text;
            item.style.height = '50px';
            list.append(item);
          }
        }"""
    )

    assert horizontal_overflow(page)
    assert any("Press me" in problem for problem in unreachable_controls(page))
    assert newest_message_hidden(page) == ["the newest line of Room messages is out of view"]
    assert any(problem.startswith("image-alt") for problem in accessibility_violations(page))
