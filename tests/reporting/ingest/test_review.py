"""The label review: rows a CISO can correct, and corrections that land in the mappings."""

from reporting.ingest import review
from tests.conftest import make_xlsx


def test_doubtful_labels_come_first_with_their_place_and_closest_metric(read):
    data = make_xlsx(
        {
            "KPIs": [
                ["Metric", "Q3 2026"],
                ["MFA coverage", 95],
                ["EDR rollout progress (stores)", 93],
            ]
        }
    )
    rows = review.label_review(read(("ours.xlsx", data)))
    assert [r.label for r in rows] == ["EDR rollout progress (stores)", "MFA coverage"]
    doubtful, sure = rows
    assert doubtful.needs_a_look and doubtful.understood_as == review.UNMAPPED
    assert doubtful.where == "ours.xlsx, KPIs, A3"
    assert not sure.needs_a_look and sure.understood_as == "Multi-factor authentication coverage"


def test_choices_become_mappings_and_not_mapped_removes_an_override():
    names = review.metric_names()
    edr = names["edr_coverage_pct"]
    mappings = {"Old label": "mfa_coverage_pct"}
    updated = review.apply_choices(
        mappings,
        {"Laptops": edr, "Coffee uptime": review.IGNORE, "Old label": review.UNMAPPED},
    )
    assert updated == {"Laptops": "edr_coverage_pct", "Coffee uptime": "ignore"}
    assert mappings == {"Old label": "mfa_coverage_pct"}  # the caller's dict is untouched
    assert review.choices()[:2] == [review.UNMAPPED, review.IGNORE]


def test_notes_are_listed_by_kind_without_the_files_own_failures(read):
    result = read(
        ("a.csv", "Quarter,Metric,Value\n2026-Q3,MFA coverage,95\n2026-Q3,MFA coverage,96\n"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(40)),
    )
    kinds = [n.kind for n in review.notes(result)]
    assert "file" not in kinds and "conflict" in kinds
    order = list(review.NOTICE_WORDS)
    assert kinds == sorted(kinds, key=order.index)


def test_a_label_not_understood_is_listed_with_the_values_it_holds_back(read):
    result = read(("a.csv", "Metric,Q2 2026,Q3 2026\nCoffee machine uptime,99,98\n"))
    (note,) = [n for n in review.notes(result) if "was not understood" in n.message]
    assert note.message.startswith(
        "'Coffee machine uptime' was not understood, so its 2 values were"
    )
    assert note.source.cell == "A2"


def test_a_label_offered_a_metric_says_which_and_asks_to_confirm(read):
    result = read(("a.csv", "Metric,Q3 2026\nEDR rollout progress (stores),93\n"))
    (note,) = [n for n in review.notes(result) if n.kind == "mapping"]
    assert note.message == (
        "'EDR rollout progress (stores)' may mean 'Devices protected by endpoint detection and "
        "response', but not surely enough, so its value was not used; confirm or choose what it "
        "means in the table above."
    )


def test_confirmed_choices_are_kept_with_their_date_and_shown_as_the_users(read):
    import datetime as dt

    from reporting.context import BusinessContext

    day = dt.date(2026, 11, 23)
    edr = review.metric_names()["edr_coverage_pct"]
    context = review.confirm_labels(BusinessContext(), {"Laptops with CrowdStrike": edr}, day)
    context = review.confirm_columns(context, {"Ledger": "Business unit", "Memo": "Not used"}, day)
    assert context.mappings == {"Laptops with CrowdStrike": "edr_coverage_pct"}
    assert context.columns == {"Ledger": "business_unit", "Memo": "ignore"}
    assert context.confirmed.columns == {"Ledger": day, "Memo": day}
    # Written out and read back as a file would be (one date object twice is no alias).
    assert "&" not in context.to_yaml()
    text = "Quarter,Ledger,Metric,Value,Memo\n2026-Q3,A,Laptops with CrowdStrike,93,x\n"
    result = read(("a.csv", text), **context.ingest_options())
    (row,) = review.label_review(result, confirmed=context.confirmed.mappings)
    assert (row.understood_as, row.how, row.needs_a_look) == (
        edr,
        "Your choice, 23 Nov 2026",
        False,
    )
    columns = {
        r.header: (r.read_as, r.how)
        for r in review.column_review(result, context.confirmed.columns)
    }
    assert columns["Ledger"] == ("Business unit", "Your choice, 23 Nov 2026")
    assert columns["Memo"] == (review.NOT_USED, "Your choice, 23 Nov 2026")
    # Withdrawing a mapping drops its date too.
    context = review.confirm_labels(context, {"Laptops with CrowdStrike": review.UNMAPPED}, day)
    assert context.mappings == {} and context.confirmed.mappings == {}
