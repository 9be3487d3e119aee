"""Typos are looked up through an index of deletions (issue 12: a reply of 4,096 characters of
distinct words compared every word with the whole vocabulary). The index must find exactly what
comparing with every vocabulary word finds: checked here against that brute force."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dunning.conversation._classify import RuleClassifier
from dunning.conversation._lexicon import _SOUNDS, _Lexicon, _osa

CLASSIFIER = RuleClassifier()
LEXICONS = [
    CLASSIFIER._lexicon(lang, country)
    for lang, country in (("es", "CL"), ("es", None), ("pt", "BR"), ("en", "US"))
]
LETTERS = "abcdefghijlmnopqrstuvxyz"


def _spoken(word: str) -> str:
    """The rule's "compared by sound": qu as k, v as b, z as s, h silent (written out again)."""
    return word.replace("qu", "k").replace("v", "b").replace("z", "s").replace("h", "")


def brute_force(lex: _Lexicon, word: str) -> frozenset[str]:
    """The typo rule of docs/intents.md, word by word over the whole vocabulary."""
    if len(word) < 4 or word in lex.vocab:
        return frozenset()
    limit = 1 if len(word) < 10 else 2
    first = _SOUNDS.get(word[0], word[0])
    found = set()
    for v in lex.vocab:
        if len(v) < 4 or not v.isalpha() or _SOUNDS.get(v[0], v[0]) != first:
            continue
        if abs(len(v) - len(word)) > limit or _osa(_spoken(word), _spoken(v), limit) > limit:
            continue
        if len(word) == 4 and sorted(v) != sorted(word):
            continue  # four letters: only two neighbours swapped
        changed = (
            [(a, b) for a, b in zip(word, v, strict=True) if a != b] if len(v) == len(word) else []
        )
        if len(word) <= 6 and len(changed) == 1 and set(changed[0]) <= set("aeiou"):
            continue  # one vowel for another makes another word
        found.add(v)
    return frozenset(found)


@st.composite
def near_words(draw: st.DrawFn) -> tuple[_Lexicon, str]:
    lex = draw(st.sampled_from(LEXICONS))
    word = list(draw(st.sampled_from(sorted(lex.vocab))))
    for _ in range(draw(st.integers(0, 3))):
        edit = draw(st.sampled_from(["insert", "delete", "replace", "swap"]))
        i = draw(st.integers(0, max(len(word) - 1, 0)))
        letter = draw(st.sampled_from(LETTERS))
        if edit == "insert":
            word.insert(i, letter)
        elif edit == "delete" and len(word) > 1:
            del word[i]
        elif edit == "replace" and word:
            word[i] = letter
        elif edit == "swap" and i + 1 < len(word):
            word[i], word[i + 1] = word[i + 1], word[i]
    return lex, "".join(word)


@settings(max_examples=400, deadline=None)
@given(near_words())
def test_the_typo_index_finds_what_comparing_every_word_finds(case):
    lex, word = case
    assert lex._fuzzy(word) == brute_force(lex, word)


@settings(max_examples=200, deadline=None)
@given(lex=st.sampled_from(LEXICONS), word=st.text(LETTERS, min_size=4, max_size=30))
def test_random_words_too(lex, word):
    assert lex._fuzzy(word) == brute_force(lex, word)


def test_known_typos_are_found():
    es = CLASSIFIER._lexicon("es", "CL")
    assert "viernes" in es._fuzzy("biernes")
    assert "desempleado" in es._fuzzy("desenpleado")
    assert "vuelvan" in es._fuzzy("bulvan")  # by sound: one edit
    assert "stop" in CLASSIFIER._lexicon("en", "US")._fuzzy("stpo")  # four letters: a swap
    assert "estafa" not in es._fuzzy("estufa")  # a vowel for a vowel: another word
