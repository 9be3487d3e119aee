"""How ``classify`` grows with the length of a reply, on adversarial repeated patterns.

A debtor (or a bot pretending to be one) can send up to 4,096 characters on WhatsApp. This
benchmark repeats short patterns that stress each part of the reader (phrases that match
everywhere, negations, hedges, numbers, dates, emoji, invisible characters, long words, math
letters that NFKC expands) to 1,024, 2,048 and 4,096 characters, times ``classify`` on each
(the process's CPU time, best of ``--repeat`` runs, so that other work on a shared machine
does not count; lexicons loaded beforehand) and prints the milliseconds and the growth from 1k
to 4k characters. Linear reading grows about 4x; the aim is at most 4.5x and
under 20 ms at 4k. A reply longer than ``MAX_CHARS`` is read by its head and tail, so the last
row (64k characters) must cost about what 4k does. Run::

    .venv/bin/python benchmarks/classify_bench.py [--repeat N] [--only LABEL]

Nothing is asserted here: timings depend on the machine.
``tests/conversation/test_lexicon_views.py`` runs it small to keep it working.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from dunning.conversation import classify

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
SIZES = (1024, 2048, 4096)
HUGE = 65536  # longer than MAX_CHARS: read by head and tail
GROWTH_AIM = 4.5
MS_AIM = 20.0

# (label, pattern, locale): each pattern is repeated until the text has the wanted length.
PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("si si", "si ", "es_CL"),
    ("no no", "no ", "es_CL"),
    ("no me", "no me ", "es_CL"),
    ("pago pago", "pago ", "es_CL"),
    ("te pago el 15", "te pago el 15 ", "es_CL"),
    ("el 15", "el 15 ", "es_CL"),
    ("a las 6", "te pago a las 6 ", "es_CL"),
    ("no voy a pagar", "no voy a pagar, ", "es_CL"),
    ("a ver si pago", "a ver si te pago mañana. ", "es_CL"),
    ("digits", "1234567890", "es_CL"),
    ("1 2 3", "1 2 3 ", "es_CL"),
    ("31/12/", "31/12/", "es_CL"),
    ("31/12/9999", "te pago el 31/12/9999 ", "es_CL"),
    ("emoji", "👍", "es_CL"),
    ("emoji mix", "👍🙏😡", "es_CL"),
    ("zero-width", "s\u200bt\u200bo\u200bp ", "en_US"),
    ("math letters", "𝐒𝐓𝐎𝐏 ", "en_US"),
    ("NFKC x18", "\ufdfa", "es_CL"),
    ("long word", "supercalifragilisticoespialidoso ", "es_CL"),
    ("one word", "a", "es_CL"),
    ("typos", "biernes deposite mñana ", "es_CL"),
    ("pix", "vou fazer o pix amanhã ", "pt_BR"),
    ("i will pay", "i will pay on dec 15 ", "en_US"),
    # composed opt-outs: a stop construction, a gap of up to three words, a contact stem
    ("dejen de", "dejen de ", "es_MX"),
    ("parem de me", "parem de me ", "pt_BR"),
    ("do not", "do not ", "en_US"),
    # issue 12, round 3: closing stops, how-to-stop questions, spam words
    ("ya paren", "🙄 ya paren ", "es_MX"),
    ("chega.", "Chega. ", "pt_BR"),
    ("como hago para", "cómo hago para que no me ", "es_CL"),
    ("ganaste promo", "ganaste promoción 2x1 ", "es_CO"),
)


def distinct_words(size: int, seed: int) -> str:
    """``size`` characters of pseudo-words that never repeat, a new text for every ``seed``:
    nothing is cached, every word of five letters or more is checked for typos."""
    rnd = random.Random(seed)
    letters = "abcdefghijlmnoprstuvz"
    words: list[str] = []
    length = 0
    while length < size:
        words.append("".join(rnd.choice(letters) for _ in range(rnd.randint(5, 14))))
        length += len(words[-1]) + 1
    return " ".join(words)[:size]


# Not a repeated pattern (an empty one stands for a new text of distinct words on every run):
# shown for what the typo index costs, left out of the worst case.
DISTINCT = ("distinct words", "", "es_CL")


def text_of(pattern: str, size: int, seed: int = 0) -> str:
    if not pattern:
        return distinct_words(size, seed)
    return (pattern * (size // len(pattern) + 1))[:size]


def cpu_ms(text: str, locale: str) -> float:
    start = time.process_time()
    classify(text, locale=locale, as_of=NOW)
    return (time.process_time() - start) * 1000


def run(repeat: int, patterns: Sequence[tuple[str, str, str]] = PATTERNS) -> list[dict[str, Any]]:
    """Per pattern, ``repeat`` rounds over every size (interleaved, so that a busy moment of the
    machine hits all sizes alike), keeping each size's best time."""
    rows: list[dict[str, Any]] = []
    sizes = (*SIZES, HUGE)
    for label, pattern, locale in patterns:
        classify("hola", locale=locale)  # lexicons loaded outside the timing
        best = dict.fromkeys(sizes, float("inf"))
        for round_ in range(repeat):
            for size in sizes:
                text = text_of(pattern, size, seed=round_ * 7 + size)
                best[size] = min(best[size], cpu_ms(text, locale))
        rows.append(
            {
                "label": label,
                **{str(size): best[size] for size in sizes},
                "growth": best[SIZES[-1]] / max(best[SIZES[0]], 1e-6),
            }
        )
    return rows


def main(argv: Sequence[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="best of N runs (default 15)")
    parser.add_argument("--only", help="run only the patterns whose label contains this")
    args = parser.parse_args(argv)
    patterns = [p for p in (*PATTERNS, DISTINCT) if args.only is None or args.only in p[0]]
    rows = run(args.repeat, patterns)
    print(f"{'pattern':<16} {'1k ms':>8} {'2k ms':>8} {'4k ms':>8} {'64k ms':>8} {'1k→4k':>7}")
    for row in rows:
        print(
            f"{row['label']:<16} {row['1024']:>8.2f} {row['2048']:>8.2f} {row['4096']:>8.2f} "
            f"{row['65536']:>8.2f} {row['growth']:>6.2f}x"
        )
    repeated = [row for row in rows if row["label"] != DISTINCT[0]] or rows
    worst_ms = max(row["4096"] for row in repeated)
    worst_growth = max(row["growth"] for row in repeated)
    print(
        f"\nrepeated patterns, worst at 4k: {worst_ms:.2f} ms (aim < {MS_AIM:.0f} ms); "
        f"worst growth 1k→4k: {worst_growth:.2f}x (aim ≤ {GROWTH_AIM}x)"
    )
    return rows


if __name__ == "__main__":
    main()
