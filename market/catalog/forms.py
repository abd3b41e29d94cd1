"""Form classes for the catalog pages: the listing editor and the workflow buttons (evidence
and documents are in ``evidence_forms``).

Field names match the service's where they can; money is entered in yuan (``price_min``) where the
services speak fen (``price_min_fen``), so ``service_errors`` renames their field errors.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    Field,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import TextInput

from market.accounts.forms import apply_field_errors
from market.catalog.models import PriceVisibility, ProductVersion
from market.catalog.taxonomy import (
    DEPLOYMENT_LABELS,
    FIELD_LABELS,
    PROVINCES,
    Category,
    DeploymentModel,
    TechnicalField,
    label,
)
from market.core.forms import VersionField
from market.core.labels import register
from market.core.money import fen_to_yuan, yuan_to_fen

# Form fields in yuan and the service's columns in fen.
MONEY_FIELDS = {
    "price_min": "price_min_fen",
    "price_max": "price_max_fen",
    "unit_value": "unit_value_fen",
}
# A trillion yuan: far above any listing, far below what a BIGINT of fen holds.
MAX_YUAN = Decimal(10) ** 12
MAX_TAGS = 20
TAG_SEPARATORS = re.compile(r"[,，、;；]")

PRICE_VISIBILITY_LABELS = {
    PriceVisibility.PUBLIC: _l("Everyone"),
    PriceVisibility.BUYERS: _l("Signed-in buyers only"),
}
register(PriceVisibility, PRICE_VISIBILITY_LABELS)


def yuan_amount(_form: FlaskForm, field: Field) -> None:
    """An amount of money: finite, not negative, whole fen, not absurdly large."""
    amount = field.data
    if amount is None:
        return
    if not amount.is_finite():
        raise ValidationError(_l("Enter an amount in yuan, e.g. 1250000.00."))
    if amount < 0:
        raise ValidationError(_l("Must not be negative."))
    if amount > MAX_YUAN:
        raise ValidationError(_l("That amount is too large."))
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_l("At most two decimals (fen)."))


class YuanField(DecimalField):
    """An amount in yuan; commas and a leading ¥ are accepted, as people type them (so a
    text input: a number input refuses "4,800,000")."""

    widget = TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [valuelist[0].replace(",", "").replace("¥", "").replace("￥", "").strip()]
        super().process_formdata(valuelist)


def choices(labels: dict[Any, Any]) -> list[SelectChoice]:
    """Select options "中文 / English", translated when rendered, not at import."""
    return [SelectChoice(str(value), LazyString(label, labels, value)) for value in labels]


def options(labels: dict[Any, Any]) -> list[SelectChoice]:
    """Select options from values and their (lazy) labels."""
    return [SelectChoice(str(value), text) for value, text in labels.items()]


# The empty first option of a select the vendor must choose in; DataRequired refuses it.
NO_CHOICE = SelectChoice("", _l("Choose…"))


def split_tags(text: str | None) -> list[str]:
    """Tags as typed: separated by commas (also Chinese ，、), trimmed, each once."""
    tags: list[str] = []
    for part in TAG_SEPARATORS.split(text or ""):
        tag = part.strip()[:40]
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


class ProductForm(FlaskForm):
    """Fields every listing has; the category subclasses below add their own."""

    category: Category
    category_fields: tuple[str, ...] = ()

    name_zh = StringField(_l("Name (Chinese)"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=200)])
    summary = TextAreaField(
        _l("Summary"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("One or two sentences shown in the catalogue."),
        render_kw={"rows": 2},
    )
    description_md = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=50_000)],
        description=_l("Markdown: headings, lists, tables, links. HTML is not allowed."),
        render_kw={"rows": 10},
    )
    # No field or province is chosen for the vendor: a preselected first option let listings go
    # out as "CNC machine tools, Beijing" because nobody looked.
    technical_field = SelectField(
        _l("Technical field"),
        choices=[NO_CHOICE, *choices(FIELD_LABELS)],
        validators=[DataRequired(_l("Choose the technical field."))],
    )
    tags = StringField(
        _l("Tags"),
        validators=[Optional(), Length(max=800)],
        description=_l("Separated by commas, e.g. 五轴, CNC, aerospace."),
    )
    region = SelectField(
        _l("Region (province)"),
        choices=[NO_CHOICE, *choices(PROVINCES)],
        validators=[DataRequired(_l("Choose the province."))],
    )
    price_min = YuanField(
        _l("Lowest indicative price (yuan)"), validators=[Optional(), yuan_amount]
    )
    price_max = YuanField(
        _l("Highest indicative price (yuan)"),
        validators=[Optional(), yuan_amount],
        description=_l("Leave both empty for price on request; the same twice for one price."),
    )
    price_visibility = SelectField(
        _l("Prices are shown to"),
        choices=options(PRICE_VISIBILITY_LABELS),
    )
    first_sale_date = DateField(_l("First sale date"), validators=[Optional()])
    trial_months = IntegerField(
        _l("Trial length offered (months)"),
        validators=[Optional(), NumberRange(min=1, max=120)],
    )
    performance_guarantee = TextAreaField(
        _l("Performance guarantee"), validators=[Optional()], render_kw={"rows": 2}
    )
    support_terms = TextAreaField(
        _l("Support offered"), validators=[Optional()], render_kw={"rows": 2}
    )
    submit = SubmitField(_l("Save"))

    def validate_tags(self, field: Field) -> None:
        if len(split_tags(field.data)) > MAX_TAGS:
            raise ValidationError(_l("At most %(n)d tags.", n=MAX_TAGS))

    COMMON = (
        "name_zh",
        "name_en",
        "summary",
        "description_md",
        "technical_field",
        "tags",
        "region",
        "price_min",
        "price_max",
        "price_visibility",
        "first_sale_date",
        "trial_months",
        "performance_guarantee",
        "support_terms",
    )

    def content(self) -> dict[str, Any]:
        """The listing's content in the services' names and units."""
        values: dict[str, Any] = {}
        for name in (*self.COMMON, *self.category_fields):
            value = blank_to_none(self[name].data)
            if name in MONEY_FIELDS:
                values[MONEY_FIELDS[name]] = None if value is None else yuan_to_fen(value)
            else:
                values[name] = value
        values["description_md"] = (self.description_md.data or "").strip()
        values["tags"] = split_tags(self.tags.data)
        values["technical_field"] = TechnicalField(self.technical_field.data)
        values["price_visibility"] = PriceVisibility(self.price_visibility.data)
        return values

    @classmethod
    def data_from(cls, version: ProductVersion) -> dict[str, Any]:
        """Form data showing ``version``, to edit it."""
        data: dict[str, Any] = {}
        for name in (*cls.COMMON, *cls.category_fields):
            if name in MONEY_FIELDS:
                fen = getattr(version, MONEY_FIELDS[name])
                data[name] = None if fen is None else fen_to_yuan(fen)
            else:
                value = getattr(version, name)
                data[name] = value.value if hasattr(value, "value") else value
        data["tags"] = ", ".join(version.tags or [])
        return data

    def show_errors(self, fields: dict[str, list[str]]) -> None:
        apply_field_errors(self, service_errors(fields))


class EquipmentForm(ProductForm):
    category = Category.EQUIPMENT
    category_fields = ("unit_value", "unit_ordinal")

    unit_value = YuanField(
        _l("Unit value (yuan)"),
        validators=[InputRequired(), yuan_amount],
        description=_l("The value of one unit (set), which decides the first-set insurance."),
    )
    unit_ordinal = SelectField(
        _l("Unit ordinal"),
        choices=options({"1": _l("1st set"), "2": _l("2nd set"), "3": _l("3rd set")}),
        description=_l("Which unit this is: first-set policy covers the first three."),
    )

    def content(self) -> dict[str, Any]:
        return super().content() | {"unit_ordinal": int(self.unit_ordinal.data)}

    @classmethod
    def data_from(cls, version: ProductVersion) -> dict[str, Any]:
        data = super().data_from(version)
        data["unit_ordinal"] = str(version.unit_ordinal or 1)
        return data


class MaterialForm(ProductForm):
    category = Category.MATERIAL
    category_fields = ("variety_spec", "minimum_batch")

    variety_spec = StringField(
        _l("Variety and specification"),
        validators=[DataRequired(), Length(max=300)],
        description=_l("e.g. GH4169, Φ200 mm bar"),
    )
    minimum_batch = StringField(
        _l("Minimum batch"), validators=[Optional(), Length(max=100)], description=_l("e.g. 2 t")
    )


class SoftwareForm(ProductForm):
    category = Category.SOFTWARE
    category_fields = ("version_number", "first_release_date", "deployment_model")

    version_number = StringField(_l("Version number"), validators=[DataRequired(), Length(max=40)])
    first_release_date = DateField(_l("First release date"), validators=[Optional()])
    deployment_model = SelectField(_l("Deployment model"), choices=choices(DEPLOYMENT_LABELS))

    def content(self) -> dict[str, Any]:
        return super().content() | {"deployment_model": DeploymentModel(self.deployment_model.data)}


PRODUCT_FORMS: dict[Category, type[ProductForm]] = {
    Category.EQUIPMENT: EquipmentForm,
    Category.MATERIAL: MaterialForm,
    Category.SOFTWARE: SoftwareForm,
}


def service_errors(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """A service's field errors under the form's names (``price_min_fen`` → ``price_min``)."""
    columns = {column: name for name, column in MONEY_FIELDS.items()}
    return {columns.get(name, name): messages for name, messages in fields.items()}


# -- workflow ------------------------------------------------------------------------------------


class ActionForm(FlaskForm):
    """A workflow button that may carry a reason (suspend, delist) or none (submit, publish)."""

    reason = TextAreaField(_l("Reason"), validators=[Optional()], render_kw={"rows": 2})
    # The listing's version the page showed: acting on an older copy is refused (stale).
    version = VersionField()
    submit = SubmitField(_l("Confirm"))


class FeedbackForm(FlaskForm):
    feedback = TextAreaField(
        _l("What should the vendor change?"),
        validators=[DataRequired(_l("Say what to change."))],
        render_kw={"rows": 4},
    )
    version = VersionField()
    submit = SubmitField(_l("Request changes"))


class ClaimReviewForm(FlaskForm):
    note = StringField(
        _l("Note"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Required to reject: the vendor reads it."),
    )
    verify = SubmitField(_l("Verify"))
    reject = SubmitField(_l("Reject"))
