"""Checksums and grammars against published examples."""

import pytest

from qa_tui.privacy.validators import iban_valid, luhn_valid, ni_valid, postcode_valid, public_ip


@pytest.mark.parametrize("number, valid", [
    ("79927398713", True),  # the textbook Luhn example
    ("79927398710", False),
    ("4111111111111111", True),  # Visa test card
    ("5555555555554444", True),  # Mastercard test card
    ("378282246310005", True),  # Amex test card
    ("4111111111111112", False),
])
def test_luhn(number, valid):
    assert luhn_valid(number) is valid


@pytest.mark.parametrize("iban, valid", [
    ("GB82 WEST 1234 5698 7654 32", True),  # the ECBS / Wikipedia example
    ("GB82WEST12345698765432", True),
    ("gb82 west 1234 5698 7654 32", True),
    ("GB82 WEST 1234 5698 7654 33", False),
    ("DE89 3704 0044 0532 0130 00", True),
    ("GB82", False),
])
def test_iban(iban, valid):
    assert iban_valid(iban) is valid


@pytest.mark.parametrize("ni, valid", [
    ("AB 12 34 56 C", True), ("AB123456A", True), ("ab123456d", True),
    ("QQ 12 34 56 C", False),  # the HMRC documentation example: Q is never a first letter
    ("BG123456A", False), ("GB123456A", False), ("DA123456A", False),  # forbidden prefixes / first letter
    ("AO123456A", False),  # O is not allowed as the second letter
    ("AB123456E", False),  # suffix must be A-D
])
def test_ni_number(ni, valid):
    assert ni_valid(ni) is valid


@pytest.mark.parametrize("code, valid", [
    ("SW1A 1AA", True), ("EC1A 1BB", True), ("M1 1AE", True), ("B33 8TH", True), ("CR2 6XH", True),
    ("DN55 1PT", True), ("sw1a1aa", True), ("GIR 0AA", True),
    ("QV1 1AA", False), ("SW1A 1AI", False), ("12345", False), ("M1 1A", False),
])
def test_postcode(code, valid):
    assert postcode_valid(code) is valid


@pytest.mark.parametrize("ip, valid", [
    ("81.2.69.160", True), ("2a00:1450:4009:81f::200e", True),
    ("192.168.1.254", False), ("10.0.0.1", False), ("172.16.4.20", False), ("127.0.0.1", False),
    ("999.1.1.1", False), ("2.4.1", False),
])
def test_public_ip(ip, valid):
    assert public_ip(ip) is valid
