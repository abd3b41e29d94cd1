"""Money is integer fen (分) in the database and Decimal yuan at the edges, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEN_PER_YUAN = 100


def yuan_to_fen(amount: Decimal) -> int:
    return int((amount * FEN_PER_YUAN).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / FEN_PER_YUAN).quantize(Decimal("0.01"))


def format_cny(fen: int) -> str:
    """¥1,250,000.00 — for pages; the API carries decimal strings."""
    return f"¥{fen_to_yuan(fen):,.2f}"
