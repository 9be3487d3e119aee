"""The linter's word lists as data: shipped in a TOML file, extended by users, validated, and read
with the package's fold (so invisible characters cannot hide a forbidden word)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from dunning import InputError
from dunning.templates import LintWords, lint, lint_templates

URL = "https://pay.example/inv-1"
GOOD_ES = (
    f"Tienda Sur: Hola Ana, tu cuenta por $45.500 vence hoy. Paga en {URL} . "
    "Si ya pagaste, ignora este mensaje."
)


def codes(issues):
    return [i.code for i in issues]


def test_builtin_is_the_shipped_file():
    raw = resources.files("dunning.templates").joinpath("data/lint_words.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    words = LintWords.builtin()
    assert set(data) == set(LintWords.names())
    for name in LintWords.names():
        assert dict(getattr(words, name)) == {k: tuple(v) for k, v in data[name].items()}


def test_builtin_keeps_the_lists_it_had():
    words = LintWords.builtin()
    assert {"carcel", "embargo", "policia"} <= set(words.threats["es"])
    assert {"penhora", "prisao"} <= set(words.threats["pt"])
    assert "lawsuit" in words.court_language["en"]
    assert "tus referencias" in words.third_parties["es"]
    assert words.benign == {"es": ("sin embargo",)}
    assert words.opt_out["en"] == ("stop", "opt out", "unsubscribe")
    assert words.debt_collector["pt"] == ("empresa de cobranca",)
    assert words.languages == {"en", "es", "pt"}


def test_extend_returns_a_new_value_and_changes_nothing_in_place():
    base = LintWords.builtin()
    more = base.extend(threats={"es": ["boletin comercial", "carcel"], "it": ["carcere"]})
    assert more.threats["es"][-1] == "boletin comercial"
    assert more.threats["es"].count("carcel") == 1  # repeats dropped
    assert more.threats["it"] == ("carcere",)
    assert "boletin comercial" not in LintWords.builtin().threats["es"]
    assert more != base and more == base.extend(
        threats={"es": ["boletin comercial"], "it": ["carcere"]}
    )
    assert hash(more) == hash(base.extend(threats={"es": ["boletin comercial"], "it": ["carcere"]}))
    with pytest.raises(TypeError):
        more.threats["es"] = ()  # type: ignore[index]
    assert "threats=" in repr(more)


@pytest.mark.parametrize(
    "bad",
    [
        {"es": "carcel"},  # a string, not a list
        {"es": [""]},
        {"es": ["*"]},
        {"es": [3]},
        {"es": ["x" * 201]},
        {"Spanish": ["carcel"]},
        {"es": ["ok"] * 10_001},
        ["carcel"],
    ],
)
def test_extend_rejects_bad_lists_with_a_typed_error(bad):
    with pytest.raises(InputError):
        LintWords.builtin().extend(threats=bad)


def test_load_adds_a_file_of_the_same_shape(tmp_path: Path):
    mine = tmp_path / "words.toml"
    mine.write_text('[threats]\nes = ["Dicom"]\n[opt_out]\nit = ["basta"]\n', encoding="utf-8")
    words = LintWords.builtin().load(mine)
    assert words.threats["es"][-1] == "Dicom"
    assert words.opt_out["it"] == ("basta",)


@pytest.mark.parametrize(
    "content", ['[threatz]\nes = ["x"]\n', "not = toml = at all", '[threats]\nes = "x"\n']
)
def test_load_rejects_bad_files(tmp_path: Path, content: str):
    mine = tmp_path / "words.toml"
    mine.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        LintWords.builtin().load(mine)


def test_load_of_a_missing_file_is_a_typed_error(tmp_path: Path):
    with pytest.raises(InputError):
        LintWords.builtin().load(tmp_path / "nope.toml")


def test_lint_reads_the_words_it_is_given():
    text = GOOD_ES + " Evita el Boletín Comercial."
    assert lint(text, channel="whatsapp", locale="es_CL", stage="due") == []
    words = LintWords.builtin().extend(threats={"es": ["boletin comercial"]})
    found = lint(text, channel="whatsapp", locale="es_CL", stage="due", words=words)
    assert [(i.code, i.excerpt) for i in found] == [("threat", "Boletín Comercial")]


def test_benign_words_of_a_user_blank_a_forbidden_word():
    text = GOOD_ES + " Sin demanda de tu parte, nada cambia."
    assert "court_language" in codes(lint(text, channel="whatsapp", locale="es_CL", stage="due"))
    words = LintWords.builtin().extend(benign={"es": ["sin demanda"]})
    assert lint(text, channel="whatsapp", locale="es_CL", stage="due", words=words) == []


def test_words_for_a_new_language_are_checked():
    text = "Tienda Sur: Ciao Ana, paghi il conto. Altrimenti carcere."
    before = codes(lint(text, channel="whatsapp", locale="it_IT", stage="thanks"))
    assert "unchecked_language" in before and "threat" not in before
    words = LintWords().extend(threats={"it": ["carcere"]})
    after = codes(lint(text, channel="whatsapp", locale="it_IT", stage="thanks", words=words))
    assert "unchecked_language" not in after and "threat" in after


def test_without_words_nothing_is_forbidden_and_every_language_is_unchecked():
    text = GOOD_ES + " Te vamos a demandar."
    assert codes(
        lint(text, channel="whatsapp", locale="es_CL", stage="due", words=LintWords())
    ) == ["unchecked_language"]


def test_lint_rejects_words_that_are_not_lint_words():
    with pytest.raises(InputError):
        lint(GOOD_ES, channel="sms", locale="es_CL", words={"threats": {}})  # type: ignore[arg-type]


@pytest.mark.parametrize("hidden", ["cár\u200bcel", "CA\u0301RCEL", "c\u00adárcel", "𝐜𝐚𝐫𝐜𝐞𝐥"])
def test_invisible_characters_do_not_hide_a_threat(hidden):
    found = lint(GOOD_ES + f" O {hidden}.", channel="whatsapp", locale="es_CL", stage="due")
    assert [(i.code, i.excerpt) for i in found] == [("threat", hidden)]


def test_lint_templates_passes_the_words_on():
    words = LintWords.builtin().extend(threats={"es": ["hola"]})
    issues = lint_templates(locales=["es_CL"], words=words)
    assert any(i.code == "threat" and i.excerpt and i.excerpt.lower() == "hola" for i in issues)
    assert not any(i.code == "threat" for i in lint_templates(locales=["es_CL"]))
