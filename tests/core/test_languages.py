"""The interface in Chinese: chosen by the browser or by the switch, remembered in a cookie."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import market

TRANSLATIONS = Path(market.__file__).parent / "translations"
CATALOGUE = TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue() -> None:
    """What `make test` does first: compile the catalogue when it is missing or older."""
    po, mo = CATALOGUE.with_suffix(".po"), CATALOGUE.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        with po.open("rb") as source:
            catalog = read_po(source)
        with mo.open("wb") as target:
            write_mo(target, catalog)


def translated(text: str) -> str:
    with CATALOGUE.with_suffix(".po").open("rb") as source:
        string = read_po(source)[text].string
    assert string
    assert string != text
    return string


def test_the_switch_remembers_chinese_and_returns_to_the_page(client):
    chosen = client.get("/language/zh?next=/search?q=pump")

    assert chosen.status_code == 302
    assert chosen.headers["Location"] == "/search?q=pump"
    assert "language=zh" in chosen.headers["Set-Cookie"]
    page = client.get("/search?q=pump").get_data(as_text=True)
    assert '<html lang="zh">' in page
    assert translated("Find a supplier") in page
    assert translated("No listing matches this search.") in page
    assert 'href="/language/en' in page  # and the way back


def test_the_browser_language_decides_until_one_is_chosen(client):
    chinese = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert '<html lang="zh">' in chinese.get_data(as_text=True)

    client.get("/language/en")
    english = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="en">' in english.get_data(as_text=True)


def test_unknown_languages_and_other_sites_are_refused(client):
    assert client.get("/language/fr").status_code == 404
    elsewhere = client.get("/language/zh?next=//evil.example/")
    assert elsewhere.headers["Location"] == "/"


def test_every_string_is_translated_and_keeps_its_placeholders():
    with CATALOGUE.with_suffix(".po").open("rb") as source:
        catalog = read_po(source)

    messages = [message for message in catalog if message.id]
    assert len(messages) > 500
    for message in messages:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert strings[0], f"untranslated: {ids[0]!r}"
        assert not message.fuzzy, f"fuzzy: {ids[0]!r}"
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        assert sorted(PLACEHOLDER.findall(strings[0])) == expected, ids[0]


def test_the_catalogue_holds_every_string_the_code_and_templates_use():
    # As `make messages` extracts them; a string added without running it would show in English.
    with (TRANSLATIONS / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    keywords = DEFAULT_KEYWORDS | {"_l": None}
    used = {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            TRANSLATIONS.parent.parent, method_map, options_map, keywords=keywords
        )
    }
    with CATALOGUE.with_suffix(".po").open("rb") as source:
        catalogued = {message.id for message in read_po(source) if message.id}
    catalogued |= {ids[0] for ids in catalogued if isinstance(ids, tuple)}

    assert len(used) > 500
    assert sorted(used - catalogued) == []


def test_chinese_pages_name_vocabulary_once(client):
    client.get("/language/zh")
    page = client.get("/catalogue").get_data(as_text=True)

    # Bilingual labels ("江苏省 / Jiangsu") are the Chinese name alone in Chinese.
    assert "江苏省" in page
    assert "江苏省 / Jiangsu" not in page
    assert "工业机器人 / 工业机器人" not in page
    client.get("/language/en")
    assert "江苏省 / Jiangsu" in client.get("/catalogue").get_data(as_text=True)
