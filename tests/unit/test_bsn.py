from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veldwerk_core.models.validators import BSN_WEIGHTS, bsn_is_valid, normalise_bsn


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "214035797"])
def test_known_valid_numbers_pass(bsn: str) -> None:
    assert bsn_is_valid(bsn)


@pytest.mark.parametrize(
    "bsn", ["123456789", "111222334", "000000000", "12345678", "12345678a", "１１１２２２３３３"]
)
def test_invalid_numbers_fail(bsn: str) -> None:
    assert not bsn_is_valid(bsn)


def test_separators_are_removed_and_eight_digits_get_a_leading_zero() -> None:
    assert normalise_bsn("1112.22.333") == "111222333"
    assert normalise_bsn(" 10000008 ") == "010000008"


def _complete(first_eight: list[int]) -> str | None:
    """The ninth digit that makes the 11-proef hold, if there is one."""
    partial = sum(d * w for d, w in zip(first_eight, BSN_WEIGHTS[:8], strict=True))
    last = partial % 11
    return None if last > 9 else "".join(map(str, first_eight)) + str(last)


@given(st.lists(st.integers(0, 9), min_size=8, max_size=8), st.integers(0, 8), st.integers(1, 9))
def test_changing_one_digit_breaks_the_check(digits: list[int], position: int, delta: int) -> None:
    bsn = _complete(digits)
    if bsn is None or sum(int(d) * w for d, w in zip(bsn, BSN_WEIGHTS, strict=True)) == 0:
        return  # no check digit makes these valid
    assert bsn_is_valid(bsn)
    changed = list(bsn)
    changed[position] = str((int(changed[position]) + delta) % 10)
    assert not bsn_is_valid("".join(changed))
