"""Vendors write descriptions in Markdown; what reaches a buyer's browser can never run code."""

import pytest

from market.core.markdown import render_markdown


def test_markdown_becomes_html():
    html = render_markdown(
        "## 技术参数\n\n- **Spindle** 24000 rpm\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<h2>技术参数</h2>" in html
    assert "<strong>Spindle</strong>" in html
    assert "<table>" in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        '<svg onload="alert(1)">',
    ],
)
def test_scripts_and_handlers_never_survive(attack):
    html = str(render_markdown(f"Intro\n\n{attack}\n"))
    assert "<script" not in html
    assert "<img" not in html
    assert "<iframe" not in html
    assert "<svg" not in html
    assert '<a href="javascript' not in html


def test_links_are_kept_but_marked_nofollow():
    html = render_markdown("[标准](https://std.samr.gov.cn/)")
    assert 'href="https://std.samr.gov.cn/"' in html
    assert 'rel="nofollow noopener noreferrer"' in html
