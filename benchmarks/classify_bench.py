"""How ``classify`` grows with the length of a reply, on adversarial repeated patterns.

A debtor (or a bot pretending to be one) can send up to 4,096 characters on WhatsApp. This
benchmark repeats short patterns that stress each part of the reader (phrases that match
everywhere, negations, hedges, numbers, dates, emoji, invisible characters, long words, math
letters that NFKC expands) to 1,024, 2,048 and 4,096 characters, times ``classify`` on each
(best of ``--repeat`` runs, lexicons loaded beforehand) and prints the milliseconds and the
growth from 1k to 4k characters. Linear reading grows about 4x; the aim is at most 4.5x and
under 20 ms at 4k. A reply longer than ``MAX_CHARS`` is read by its head and tail, so the last
row (64k characters) must cost about what 4k does. Run::

    .venv/bin/python benchmarks/classify_bench.py [--repeat N] [--locale es_CL]

Nothing is asserted here: timings depend on the machine. ``tests/test_benchmark_smoke.py``
runs it small to keep it working.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from datetime import UTC, datetime

from dunning.conversation import classify

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
SIZES = (1024, 2048, 4096)
GROWTH_AIM = 4.5
MS_AIM = 20.0

# (label, pattern, locale): each pattern is repeated until the text has the wanted length.
PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("si si", "si ", "es_CL"),
    ("no no", "no ", "es_CL"),
    ("no me", "no me ", "es_CL"),
    ("pago pago", "pago ", "es_CL"),
    ("te pago el 15", "te pago el 15 ", "es_CL"),
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
)


def text_of(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


def best_ms(text: str, locale: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        classify(text, locale=locale, now=NOW)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def run(repeat: int, patterns: Sequence[tuple[str, str, str]] = PATTERNS) -> list[dict[str, float]]:
    rows = []
    for label, pattern, locale in patterns:
        classify("hola", locale=locale)  # lexicons loaded outside the timing
        times = {size: best_ms(text_of(pattern, size), locale, repeat) for size in SIZES}
        huge = best_ms(text_of(pattern, 65536), locale, repeat)
        rows.append(
            {
                "label": label,  # type: ignore[dict-item]
                **{str(size): ms for size, ms in times.items()},
                "65536": huge,
                "growth": times[SIZES[-1]] / max(times[SIZES[0]], 1e-6),
            }
        )
    return rows


def main(argv: Sequence[str] | None = None) -> list[dict[str, float]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="best of N runs (default 5)")
    parser.add_argument("--only", help="run only the patterns whose label contains this")
    args = parser.parse_args(argv)
    patterns = [p for p in PATTERNS if args.only is None or args.only in p[0]]
    rows = run(args.repeat, patterns)
    print(f"{'pattern':<16} {'1k ms':>8} {'2k ms':>8} {'4k ms':>8} {'64k ms':>8} {'1k→4k':>7}")
    for row in rows:
        print(
            f"{row['label']:<16} {row['1024']:>8.2f} {row['2048']:>8.2f} {row['4096']:>8.2f} "
            f"{row['65536']:>8.2f} {row['growth']:>6.2f}x"
        )
    worst_ms = max(row["4096"] for row in rows)
    worst_growth = max(row["growth"] for row in rows)
    print(
        f"\nworst at 4k: {worst_ms:.2f} ms (aim < {MS_AIM:.0f} ms); worst growth 1k→4k: "
        f"{worst_growth:.2f}x (aim ≤ {GROWTH_AIM}x)"
    )
    return rows


if __name__ == "__main__":
    main()
