"""The operator records an organisation's new registered names (a company renamed under the same
credit code): every page shows them at once, a vendor's listings are found by the new name and
show it in search, and the audit log keeps the old names and what the change rests on. Nobody
but the operator's admins can rename: members of the organisation are told so (403), everyone
else does not learn it exists (404)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from market.accounts.models import OrgKind, Role
from market.core.audit import AuditEvent
from market.core.db import db
from tests.conftest import reload
from tests.discovery.conftest import found_ids

NEW_ZH = "苏州精工智能装备有限公司"
NEW_EN = "Suzhou Jinggong Intelligent Equipment Co., Ltd."
REASON = "Name change registered with the Suzhou AMR on 2026-11-20, same credit code."


def rename(client, org, **body):
    return client.patch(f"/api/v1/organisations/{org.id}", json=body)


def vendor_shown(client, text) -> list[str]:
    return [hit["vendor"] for hit in client.get(f"/api/v1/search?q={text}").json["hits"]]


def test_a_renamed_vendor_is_found_and_shown_by_its_new_name(
    api_client, client, operator_admin, vendor, robot, index
):
    old_en = vendor.name_en
    assert found_ids(index, "Jinggong") == set()

    response = rename(
        api_client(operator_admin), vendor, name_zh=NEW_ZH, name_en=NEW_EN, reason=REASON
    )

    assert response.status_code == 200, response.text
    assert (response.json["name_zh"], response.json["name_en"]) == (NEW_ZH, NEW_EN)
    assert found_ids(index, "Jinggong") == {str(robot.id)}  # the drain after the request
    assert found_ids(index, "精工") == {str(robot.id)}
    assert found_ids(index, old_en.split()[1]) == set()
    assert vendor_shown(client, "robot") == [f"{NEW_ZH} ({NEW_EN})"]
    page = client.get(f"/products/{robot.id}").get_data(as_text=True)
    assert NEW_EN in page
    assert old_en not in page
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.verb == "organisation.renamed")
    ).one()
    assert event.before["name_en"] == old_en
    assert event.after == {"name_zh": NEW_ZH, "name_en": NEW_EN, "reason": REASON}


def test_a_name_left_out_of_the_request_stays(api_client, operator_admin, vendor):
    old_zh = vendor.name_zh

    response = rename(api_client(operator_admin), vendor, name_en=NEW_EN, reason=REASON)

    assert response.status_code == 200, response.text
    assert (reload(vendor).name_zh, vendor.name_en) == (old_zh, NEW_EN)


def test_the_same_names_again_change_nothing_and_log_nothing(api_client, operator_admin, vendor):
    response = rename(
        api_client(operator_admin),
        vendor,
        name_zh=f"  {vendor.name_zh} ",
        name_en=vendor.name_en,
        reason=REASON,
    )

    assert response.status_code == 200
    renamed = sa.select(AuditEvent).where(AuditEvent.verb == "organisation.renamed")
    assert db.session.scalars(renamed).all() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name_en": NEW_EN}, "reason"),
        ({"name_en": NEW_EN, "reason": "   "}, "reason"),
        ({"name_zh": "  ", "reason": REASON}, "name_zh"),
        ({"name_en": "x" * 201, "reason": REASON}, "name_en"),
        ({"name_en": NEW_EN, "reason": REASON, "credit_code": "x"}, "credit_code"),
    ],
)
def test_bad_names_or_no_reason_are_refused_field_by_field(
    api_client, operator_admin, vendor, body, field
):
    before = (vendor.name_zh, vendor.name_en)

    response = rename(api_client(operator_admin), vendor, **body)

    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert (reload(vendor).name_zh, vendor.name_en) == before


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("vendor_admin", 403),  # sees its organisation; told who renames it
        ("vendor_staff", 403),
        ("buyer_admin", 404),
        ("reviewer", 404),  # the operator's, but not an admin
    ],
)
def test_nobody_but_the_operators_admins_renames(
    api_client, make_org, make_user, reviewer, vendor, vendor_staff, who, status
):
    users = {
        "vendor_admin": lambda: make_user(vendor, roles=(Role.ADMIN,)),
        "vendor_staff": lambda: vendor_staff,
        "buyer_admin": lambda: make_user(make_org(kind=OrgKind.BUYER), roles=(Role.ADMIN,)),
        "reviewer": lambda: reviewer,
    }
    before = vendor.name_en

    response = rename(api_client(users[who]()), vendor, name_en=NEW_EN, reason=REASON)

    assert response.status_code == status
    assert reload(vendor).name_en == before
    assert rename(api_client(None), vendor, name_en=NEW_EN, reason=REASON).status_code == 401


def test_the_rename_page_is_404_to_everyone_signed_in_but_the_operators_admins(
    as_user, make_user, reviewer, vendor
):
    vendor_admin = make_user(vendor, roles=(Role.ADMIN,))
    url = f"/operator/organisations/{vendor.id}/names"
    form = {"name_zh": NEW_ZH, "name_en": NEW_EN, "reason": REASON}
    before = vendor.name_en

    for user in (vendor_admin, reviewer):
        assert as_user(user).get(url).status_code == 404
        assert as_user(user).post(url, data=form).status_code == 404
    anonymous = as_user(None).post(url, data=form)
    assert anonymous.status_code == 302
    assert "/login" in anonymous.headers["Location"]
    assert reload(vendor).name_en == before


def test_the_operator_renames_from_the_organisations_page(
    as_user, client, operator_admin, vendor, robot
):
    admin = as_user(operator_admin)
    listing = admin.get("/operator/organisations?status=active").get_data(as_text=True)
    url = f"/operator/organisations/{vendor.id}/names"
    assert url in listing
    form_page = admin.get(url).get_data(as_text=True)
    assert vendor.name_zh in form_page  # the current names, ready to edit
    assert vendor.credit_code in form_page

    refused = admin.post(url, data={"name_zh": NEW_ZH, "name_en": "", "reason": ""})

    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert text.count("This field is required.") == 2  # under the English name and the reason
    assert NEW_ZH in text  # what was typed is kept
    assert reload(vendor).name_zh != NEW_ZH

    done = admin.post(
        url, data={"name_zh": NEW_ZH, "name_en": NEW_EN, "reason": REASON}, follow_redirects=True
    )

    assert done.status_code == 200
    assert f"The names are saved: {NEW_ZH} ({NEW_EN})." in done.get_data(as_text=True)
    assert vendor_shown(client, "robot") == [f"{NEW_ZH} ({NEW_EN})"]
