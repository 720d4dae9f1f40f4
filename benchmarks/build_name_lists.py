"""Rebuild the name lists shipped in `qa_tui/privacy/data/` (a developer tool, not run by tests).

Sources: the person-name providers of the Faker package (MIT licence) for the
locales of people commonly served by UK contact centres, and an English word
list (Debian's `wamerican`, `/usr/share/dict/words`) to split first names that
are also everyday words ("Bill", "Grace", "Will") from the rest: those need
context before the redactor treats them as names.

Usage: `python benchmarks/build_name_lists.py [WORDS_FILE]` (needs `faker` installed).
"""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

LOCALES = (
    "en_GB en_US en_IE en_IN en_NZ pl_PL fr_FR de_DE de_AT it_IT es_ES pt_PT pt_BR nl_NL ro_RO hu_HU cs_CZ "
    "sk_SK fi_FI sv_SE da_DK no_NO tr_TR yo_NG tw_GH hr_HR et_EE lt_LT lv_LV"
).split()
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-žȘșȚț][A-Za-zÀ-ÖØ-öø-žȘșȚț'-]+$")
# Names whose word sense is rare in service conversations: treat them as plain names.
PLAIN_NAMES = set("john harry jimmy peter maria martin tom tony terry victor hector derrick colleen patty "
                  "sherry randy troy earl sally warren jasmine josh mike roger".split())
# Capitalised words that are first names in some locale but mostly places, months or days here.
FORCED_WORD_NAMES = set((
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday paris london florence chelsea victoria jersey "
    "georgia carolina virginia austin lincoln kent devon chester orlando dallas houston denver phoenix sydney "
    "adelaide hamilton preston bristol albion brighton clifton india china jordan israel kenya asia "
    "christian king prince duke major sky star sunny bank halifax mercedes porsche tesla"
).split())
# Everyday British short forms that the locale lists lack.
EXTRA_FIRST_NAMES = set("will rob pat mo matt jen jess abi nat alex jo bex jon nico".split())
DATA = Path(__file__).resolve().parent.parent / "qa_tui" / "privacy" / "data"


def provider_names(locale: str) -> tuple[set[str], set[str]]:
    """First names and surnames of one Faker locale."""
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    firsts = set()
    for attr in ("first_names", "first_names_male", "first_names_female"):
        firsts |= set(getattr(provider, attr, ()) or ())
    return firsts, set(getattr(provider, "last_names", ()) or ())


def main() -> None:
    words_file = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/dict/words"
    words = {w.strip() for w in open(words_file, encoding="utf-8") if w.strip().islower()}
    firsts, surnames = set(), set()
    for locale in LOCALES:
        f, s = provider_names(locale)
        firsts |= {n for n in f if LATIN.match(n)}
        surnames |= {n for n in s if LATIN.match(n)}
    lower_firsts = {n.lower() for n in firsts} | EXTRA_FIRST_NAMES
    word_names = {n for n in lower_firsts if (n in words and n not in PLAIN_NAMES) or n in FORCED_WORD_NAMES}
    word_names |= {n for n in lower_firsts if len(n) <= 2}
    plain = lower_firsts - word_names
    plain_surnames = {n.lower() for n in surnames} - words - lower_firsts - FORCED_WORD_NAMES
    write("first_names.txt", plain)
    write("word_names.txt", word_names | (FORCED_WORD_NAMES & lower_firsts))
    write("surnames.txt", plain_surnames)


def write(name: str, names: set[str]) -> None:
    (DATA / name).write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{name}: {len(names)} names")


if __name__ == "__main__":
    main()
