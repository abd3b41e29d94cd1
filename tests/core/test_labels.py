"""Every enum the product defines reads as words in both languages (issue 13: the Chinese
interface showed 角色: auditor, vendor, pending, active)."""

from __future__ import annotations

import enum
import importlib
import pkgutil
import re

from babel.messages.pofile import read_po

import market
from market.accounts.models import OrgKind, OrgStatus, Role
from market.core import labels
from tests.core.test_languages import CATALOGUE

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def market_enums() -> list[type[enum.Enum]]:
    for module in pkgutil.walk_packages(market.__path__, "market."):
        importlib.import_module(module.name)
    found: list[type[enum.Enum]] = []
    pending = list(enum.Enum.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("market.") and len(cls):
            found.append(cls)
    return found


def test_every_enum_in_the_product_has_a_label_for_every_member():
    enums = market_enums()
    assert {OrgKind, OrgStatus, Role} <= set(enums)
    assert len(enums) >= 15

    unregistered = [cls.__name__ for cls in enums if cls not in labels.registered()]

    assert unregistered == []


def test_every_label_is_translated_into_chinese():
    with CATALOGUE.with_suffix(".po").open("rb") as source:
        catalogue = read_po(source)
    untranslated = []
    for enum_cls, table in labels.registered().items():
        for member in enum_cls:
            text = table[member]
            if isinstance(text, tuple):  # a bilingual vocabulary names the Chinese itself
                ok = bool(CHINESE.search(str(text[0])))
            else:
                message = catalogue.get(text._args[0])
                ok = message is not None and bool(CHINESE.search(message.string or ""))
            if not ok:
                untranslated.append(f"{enum_cls.__name__}.{member.name}")
    assert untranslated == []


def test_roles_kinds_and_statuses_read_in_chinese(as_user, make_org, make_user):
    operator_admin = make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
    make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING, name="Pending Vendor")
    buyer = make_org(kind=OrgKind.BUYER, name="Labelled Buyer")
    admin = make_user(buyer, roles=(Role.ADMIN, Role.AUDITOR))

    pages = []
    for user, path in (
        (admin, "/"),
        (admin, f"/organisations/{buyer.id}/members"),
        (operator_admin, "/operator/organisations"),
    ):
        browser = as_user(user)
        browser.get("/language/zh")
        page = browser.get(path)
        assert page.status_code == 200, path
        pages.append(page.get_data(as_text=True))
    home, members, operator_list = pages

    assert "管理员, 审计员" in home  # the roles, in Role's order
    assert "auditor" not in home
    assert "采购方" in members  # the organisation's kind
    assert "有效" in members  # and its status
    assert ">pending<" not in operator_list
    assert ">vendor<" not in operator_list
    assert "待审核" in operator_list
    assert "供应商" in operator_list
