"""The line schema of ``flask catalog import``: the API's create body, plus its vendor and its
evidence, a province by name, and unknown columns named with the accepted ones."""

from __future__ import annotations

import difflib
import unicodedata
from typing import Any

import marshmallow as ma
from marshmallow import ValidationError, fields, validate, validates_schema

from market.catalog.editing import required_fields
from market.catalog.schemas import (
    MONEY_FIELDS,
    DesignationSchema,
    InsuranceSchema,
    IPRightSchema,
    ProductCreateSchema,
    ReferenceSchema,
    TestReportSchema,
    Text,
)
from market.catalog.taxonomy import PROVINCES

# -- bulk import ---------------------------------------------------------------------------------
# Only ``flask catalog import`` reads these. Operators load lists published by ministries and
# provinces, which name a province (江苏省, Jiangsu) rather than give its code, and whose columns
# they map by hand; so a line's region may be a name, and an unknown column names the accepted
# ones. The API keeps codes only: its clients are programs, and its OpenAPI document says so.

# Suffixes of the provinces' official Chinese names that lists often leave off.
_PROVINCE_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市")
# Romanisations in use besides the English names of taxonomy.PROVINCES (ISO 3166-2:CN's).
_PROVINCE_ALIASES = {"150000": ("Nei Mongol", "Neimenggu"), "540000": ("Xizang",)}


def _folded(name: str) -> str:
    """A name as compared: full-width forms narrowed, case and spaces ignored, "province" off."""
    text = "".join(unicodedata.normalize("NFKC", name).casefold().split())
    return text.removesuffix("province") or text


def _short_zh(name: str) -> str:
    for suffix in _PROVINCE_SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def _province_names() -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for code, (zh, en) in PROVINCES.items():
        for name in (code, zh, _short_zh(zh), en, *_PROVINCE_ALIASES.get(code, ())):
            names.setdefault(_folded(name), set()).add(code)
    return names


PROVINCE_NAMES = _province_names()
PROVINCE_HINT = (
    "Give a province's GB/T 2260 code (e.g. 320000) or its name (江苏, 江苏省 or Jiangsu); "
    "`flask catalog codes` lists them."
)


def _province(code: str) -> str:
    zh, en = PROVINCES[code]
    return f"{zh} {en} ({code})"


class Province(Text):
    """A province by its code (a number too, as a spreadsheet exports it) or its name; loads
    the code."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        text = super()._deserialize(value, attr, data, **kwargs)
        key = _folded(text)
        if not key and not self.required:  # an empty cell of a list that names no province
            return ""
        codes = PROVINCE_NAMES.get(key, set())
        if len(codes) == 1:
            return next(iter(codes))
        if not codes and key:  # a part of several names (江, Jiang) or a near miss (Jangsu)
            near = difflib.get_close_matches(key, PROVINCE_NAMES, n=3, cutoff=0.75)
            codes = {c for name, found in PROVINCE_NAMES.items() if key in name for c in found}
            codes |= {code for name in near for code in PROVINCE_NAMES[name]}
        candidates = ", ".join(_province(code) for code in sorted(codes))
        if len(codes) > 1:
            raise ValidationError(f"{text!r} could be {candidates}. {PROVINCE_HINT}")
        if codes:
            raise ValidationError(
                f"Not a province: {text!r}; did you mean {candidates}? {PROVINCE_HINT}"
            )
        if not key:
            raise ValidationError(f"Required. {PROVINCE_HINT}")
        raise ValidationError(f"Not a province: {text!r}. {PROVINCE_HINT}")


def accepted_fields(schema: type[ma.Schema]) -> list[str]:
    """The fields a line may give: the category first, then in the schema's order."""
    names = [name for name, field in schema._declared_fields.items() if not field.dump_only]
    return sorted(names, key=lambda name: name != "category")


def _unknown_field_message(schema: type[ma.Schema], what: str) -> dict[str, str]:
    """``error_messages`` whose "Unknown field." says which fields ``schema`` accepts."""
    return {"unknown": f"unknown {what}; accepted: {', '.join(accepted_fields(schema))}"}


def _naming_unknown_fields(schema: type[ma.Schema], what: str) -> type[ma.Schema]:
    # A name of its own: marshmallow's class registry would find two of the same name.
    attrs = {"error_messages": _unknown_field_message(schema, what), "__module__": __name__}
    return type(f"Import{schema.__name__}", (schema,), attrs)


def _evidence(schema: type[ma.Schema], what: str) -> fields.List:
    item = _naming_unknown_fields(schema, f"field of {what}")
    return fields.List(fields.Nested(item), load_default=list)


class ImportLineSchema(ProductCreateSchema):
    """One line of ``flask catalog import``: a create body plus its vendor and evidence.

    ``complete=False`` (a run without --publish) loads a line of a published list, which gives
    a name, a technical field and a line of description at most: the English name, summary,
    province and the category's own fields may be missing, and the draft's vendor completes
    them (``editing.create_product(complete=False)``). With ``complete=True`` they are required,
    as the API requires them.
    """

    name_en = Text(validate=validate.Length(max=200))
    summary = Text(validate=validate.Length(max=500))
    region = Province(metadata={"description": "Province: GB/T 2260 code, or its name"})
    vendor_credit_code = Text(validate=validate.Length(equal=18))
    designations = _evidence(DesignationSchema, "a designation")
    test_reports = _evidence(TestReportSchema, "a test report")
    ip_rights = _evidence(IPRightSchema, "an IP right")
    references = _evidence(ReferenceSchema, "a reference")
    insurance = _evidence(InsuranceSchema, "an insurance policy")

    def __init__(self, *, complete: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.complete = complete

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _complete_content(self, data: dict[str, Any], original: Any, **kwargs: Any) -> None:
        # The domain refuses these too (editing.check_content), but only once every other field
        # is right; reported here with the rest, a list is corrected in one pass.
        category = data.get("category")
        if not self.complete or category is None or not isinstance(original, dict):
            return
        api_names = {column: name for name, column in MONEY_FIELDS.items()}
        errors = {}
        for column in required_fields(category):
            name = api_names.get(column, column)
            if self.fields[name].required:  # marshmallow names it already
                continue
            value = original.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                hint = f" {PROVINCE_HINT}" if name == "region" else ""
                errors[name] = [
                    f"Required for {category.value} listings with --publish "
                    f"(without it, the line imports as a draft its vendor completes).{hint}"
                ]
        if errors:
            raise ValidationError(errors)


ImportLineSchema.error_messages = _unknown_field_message(ImportLineSchema, "column")
