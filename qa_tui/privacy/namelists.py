"""Name dictionaries shipped with the package, and the everyday words that are never names.

`first_names.txt` and `surnames.txt` hold names that are not English words;
`word_names.txt` holds first names that are ("bill", "grace", "will"), which
count as names only with context. See data/README.md for their provenance.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def load(name: str) -> frozenset[str]:
    """One lower-case name list from the package data ("first_names", "word_names", "surnames")."""
    text = files("qa_tui.privacy").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(text.split())


STOP_WORDS = frozenset("""
a an the and or but so if then than of for to in on at by with from about into onto over under up down out off
i me my mine you your yours he him his she her hers it its we us our they them their this that these those
is am are was were be been being have has had do does did done can could will would shall should may might must
not no yes yeah yep nope ok okay right sure fine good great lovely perfect brilliant thanks thank cheers please
hi hello hiya hey bye goodbye morning afternoon evening today tomorrow yesterday now just still also again
very really quite only even well um uh erm er ah oh hmm sorry pardon there here where when what who whom why how
which one two three all any some every each both either neither everyone someone anyone nobody everybody
sir madam team customer customers agent adviser advisor caller user visitor shopper colleague manager
calling ringing phoning speaking calling looking trying going getting waiting wondering asking
bank energy telecom insurance care services service support department relations store branch online
road street lane avenue close drive way crescent grove gardens terrace court place square
mr mrs ms miss mx dr dear regards sincerely faithfully kind best wishes many warm
monday tuesday wednesday thursday friday saturday sunday january february july
september october november december account card number order case policy reference payment bill
name surname first last full spelled spell spelling called known it's i'm that's what's there's he's she's
""".split())
PARTICLES = frozenset("van von de der den da di del della la le du bin ibn al el dos das ter".split())
TITLES = frozenset("mr mrs ms miss mx dr sir dame lady lord prof".split())
# Words after a name that show it is part of a place or organisation, not a person.
NOT_PERSON_AFTER = frozenset(
    "road street lane avenue close drive way crescent grove gardens terrace court place square bank "
    "energy telecom insurance group ltd limited plc council hospital school station airport house centre "
    "university college team stores store retail".split())
