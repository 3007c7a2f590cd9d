"""Character-level changes for the reviewer, escaped."""

from __future__ import annotations

from partnership.review.diff import inline_diff


def test_small_edits_are_marked_in_place() -> None:
    html = str(inline_diff("技術交流会を年2回開きます。", "技術交流会を年4回開きます。"))
    assert html == "技術交流会を年<del>2</del><ins>4</ins>回開きます。"


def test_a_rewritten_text_is_shown_whole() -> None:
    html = str(inline_diff("地元の高校と連携します。", "省エネ設備の情報を取引先に提供します。"))
    assert html.startswith("<del>地元の高校と連携します。</del> <ins>")


def test_user_text_is_escaped() -> None:
    html = str(inline_diff("<b>old</b>", "<script>alert(1)</script>"))
    assert "<script>" not in html and "&lt;script&gt;" in html
