"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

python-stdnum implements the standard: 18 characters from a 31-symbol alphabet (no I, O, S, V, Z),
the last one a check character computed with weights 3^i mod 31.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, ValidationError


def normalise_credit_code(value: str) -> str:
    """Return the code upper-cased without spaces; raise ValueError with a user-facing message."""
    try:
        return uscc.validate(value)
    except InvalidChecksum:
        raise ValueError(str(_l("The check character of this credit code is wrong."))) from None
    except ValidationError:
        raise ValueError(
            str(_l("A unified social credit code has 18 characters (digits and capital letters)."))
        ) from None


def with_check_character(first17: str) -> str:
    """Complete 17 characters into a valid code (used to generate demo organisations)."""
    return first17 + uscc.calc_check_digit(first17)
