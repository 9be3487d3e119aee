from dunning._cli import main


def test_demo_prints_a_plan_with_messages_and_skips(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "messages" in out
    assert "Skipped or moved steps" in out
    assert "legal_action" in out
