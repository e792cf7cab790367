import pytest

from sourcemark.labels import counts, is_non_claim


@pytest.mark.parametrize("text", [
    "By Jane Doe", "By Jane Doe and Tom Li, Staff Writers", "Share this article", "Sign up for our newsletter",
    "Advertisement", "Comments (14)", "LONDON —", "WASHINGTON (AP) —", "10:42 GMT", "Photo: Getty Images",
    "Read more: the full report", "Markets tumble", "©2026 The Daily Example"])
def test_non_claims(text):
    assert is_non_claim(text)


@pytest.mark.parametrize("text", [
    "Prices rose.", "By the way, this plan is doomed.", "By Tuesday, the council had voted.",
    "Unemployment fell to 4.1 percent in March.", "Share prices fell sharply on Monday."])
def test_claims(text):
    assert not is_non_claim(text)


def test_counts_leave_out_none_and_keep_every_label():
    assert counts(["sourced", "none", "sourced"], ["sourced", "unsourced", "opinion", "none"]) == {
        "sourced": 2, "unsourced": 0, "opinion": 0}
