"""The context file is untrusted input: every hostile file gets one sentence, never a traceback."""

import time

import pytest
import yaml

from reporting import context as context_module
from reporting.context import (
    MAX_PROBLEMS,
    BusinessContext,
    ContextError,
    load_context,
)
from reporting.context_yaml import MAX_CONTEXT_BYTES, MAX_CONTEXT_DEPTH, MAX_CONTEXT_VALUES
from tests.conftest import SAMPLE


def refused(text: str | bytes) -> str:
    """The one sentence a user sees for a file that cannot be used."""
    with pytest.raises(ContextError) as info:
        load_context(text, source="ctx.yaml")
    assert str(info.value).startswith("ctx.yaml: ")
    # No chained traceback from the YAML layer behind the sentence.
    assert info.value.__cause__ is None
    assert info.value.__context__ is None or info.value.__suppress_context__
    assert len(info.value.problems) == 1, info.value.problems
    return info.value.problems[0]


def laughs(levels: int = 9) -> str:
    """The classic alias bomb: each level refers nine times to the one before."""
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def merge_laughs(levels: int = 9) -> str:
    """The same bomb through merge keys: each mapping merges the one before nine times over."""
    lines = ["m0: &m0 {x0: x, x1: x, x2: x, x3: x, x4: x, x5: x, x6: x, x7: x, x8: x}"]
    for i in range(1, levels + 1):
        merges = ", ".join([f"*m{i - 1}"] * 9)
        lines.append(f"m{i}: &m{i}\n  <<: [{merges}]\n  k{i}: [*m{i - 1}, *m{i - 1}, *m{i - 1}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("bomb", [laughs(), merge_laughs()], ids=["aliases", "merge-keys"])
def test_an_alias_bomb_is_refused_at_once_before_it_expands(bomb):
    assert len(bomb) < 1024
    start = time.perf_counter()
    sentence = refused(bomb)
    assert time.perf_counter() - start < 0.5
    assert sentence == (
        "uses YAML anchors or aliases (line 1), which a business-context file never needs; "
        "write the values out in full."
    )


def test_a_single_anchor_or_alias_is_refused_naming_its_line():
    text = "organization: {name: Acme}\nbusiness_units:\n  - &pay {name: Pay}\n  - *pay\n"
    sentence = refused(text)
    assert "uses YAML anchors or aliases (line 3)" in sentence
    assert "write the values out in full" in sentence
    # An alias alone (to an undefined anchor) is named too, not reported as a YAML error.
    assert "anchors or aliases (line 2)" in refused("organization: {name: A}\nowners: *nowhere\n")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("organization:\n  name: Acme\n  <<: {sector: retail}\n", 3),
        ("risk_appetite: {<<: {default: low}}\n", 1),
        ("organization:\n  !!merge <<: {sector: retail}\n", 2),
        ("business_units:\n  - name: Pay\n    <<: [{criticality: 5}, {owner: CFO}]\n", 3),
    ],
)
def test_a_merge_key_is_refused_even_without_an_alias(text, line):
    assert refused(text) == (
        f"uses the YAML merge key '<<' (line {line}), which a business-context file never "
        "needs; write the keys out in full (or quote '<<' if it is meant as text)."
    )


def test_a_plain_double_angle_value_says_to_quote_it_and_a_quoted_one_is_text():
    assert "quote '<<' if it is meant as text" in refused("organization: {name: <<}")
    assert load_context("organization: {name: '<<'}").organization.name == "<<"
    assert "unknown key '<<' under 'organization'" in refused("organization: {'<<': x}")


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5000 + "]" * 5000,
        "{a: " * 5000 + "x" + "}" * 5000,
        "owners:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60)),
    ],
    ids=["sequences", "mappings", "indented"],
)
def test_deep_nesting_is_refused_without_a_recursion_error(text):
    sentence = refused(text)
    assert sentence.startswith(f"nests values more than {MAX_CONTEXT_DEPTH} levels deep (line ")
    assert "check the indentation and brackets" in sentence


def test_nesting_up_to_the_limit_is_read_and_then_judged_by_its_keys():
    text = "owners: " + "{a: " * (MAX_CONTEXT_DEPTH - 1) + "x" + "}" * (MAX_CONTEXT_DEPTH - 1)
    sentence = refused(text)
    assert "levels deep" not in sentence
    assert sentence.startswith("'owners.a' should be a valid string")


@pytest.mark.parametrize("kind", [bytes, str])
def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(kind, monkeypatch):
    def no_parsing(*args, **kwargs):
        raise AssertionError("a file over the limit was parsed")

    monkeypatch.setattr(yaml, "parse", no_parsing)
    monkeypatch.setattr(yaml, "load", no_parsing)
    text = "mappings:\n" + "  metric: Column header\n" * (2 * 2**20 // 24) + "a: ["
    sentence = refused(text.encode() if kind is bytes else text)
    assert sentence == (
        "is 2 MB, more than the 1 MB a business-context file may be (a real one is a few KB); "
        "check that this is the right file."
    )


def test_a_file_of_exactly_the_size_limit_is_read():
    text = "# " + "x" * (MAX_CONTEXT_BYTES - 3) + "\n"
    assert len(text.encode()) == MAX_CONTEXT_BYTES
    assert load_context(text.encode()) == BusinessContext()
    assert "MB, more than" in refused(("#" + text).encode())


def test_a_file_of_too_many_values_is_refused_quickly():
    text = "mappings:\n" + "".join(f"  m{i}: c{i}\n" for i in range(MAX_CONTEXT_VALUES // 2 + 1))
    assert len(text.encode()) < MAX_CONTEXT_BYTES
    start = time.perf_counter()
    sentence = refused(text)
    assert time.perf_counter() - start < 1
    assert sentence.startswith(f"holds more than {MAX_CONTEXT_VALUES:,} keys and values (line ")
    assert "check that this is the right file" in sentence


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", ".NaN", "+.Inf", "1e400"])
def test_infinite_or_nan_revenue_is_refused_naming_the_key(value):
    sentence = refused(f"organization: {{name: Acme, annual_revenue: {value}}}")
    assert sentence.startswith("'organization.annual_revenue' must be a finite number, not ")
    assert sentence.endswith("write a plain number instead.")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("risk_appetite: {tolerance: .nan}", "'risk_appetite.tolerance'"),
        ("risk_appetite: {tolerance: -.inf}", "'risk_appetite.tolerance'"),
        ("targets: {patch_latency_days: .inf}", "'targets.patch_latency_days'"),
        ("organisation: {fiscal_year_start_month: .nan}", "'organization.fiscal_year_start_month'"),
        ("business_units: [{name: Pay, criticality: .inf}]", "business unit 'Pay', criticality"),
    ],
)
def test_infinite_or_nan_is_refused_in_every_other_number(text, where):
    assert refused(text).startswith(f"{where} must be a finite number, not ")


def test_every_float_field_of_the_model_refuses_infinity():
    assert all(
        model.model_config.get("allow_inf_nan") is False
        for model in (context_module._Strict, *context_module._Strict.__subclasses__())
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"organization: {name: Caf\xe9}\n", "is not UTF-8 text (byte 0xe9 on line 1 cannot"),
        (b"organization:\n  name: \xff\xfe\xfa\n", "is not UTF-8 text (byte 0xff on line 2 cannot"),
        (b"organization:\n  name: A\x00B\n", "contains a NUL byte (line 2)"),
        (b"\x00" * 100, "contains a NUL byte (line 1)"),
        ("organization: {name: A\x07}", "contains the control character U+0007 (line 1)"),
        ("organization: {name: A\ud800}", "contains the control character U+D800 (line 1)"),
    ],
)
def test_bytes_that_are_not_text_get_a_sentence(data, expected):
    sentence = refused(data)
    assert sentence.startswith(expected)
    assert sentence.endswith("as UTF-8 plain text and try again.")


@pytest.mark.parametrize(
    "data",
    [
        "organization: {name: Café}\n".encode("utf-16"),
        "\ufefforganization: {name: Café}\n".encode(),
    ],
    ids=["utf-16-with-bom", "utf-8-with-bom"],
)
def test_text_with_a_byte_order_mark_still_loads(data):
    assert load_context(data).organization.name == "Café"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("organization: {name: 2024-13-01}", "has a value YAML cannot read at line 1, column 22"),
        ("organization: {annual_revenue: " + "9" * 5000 + "}", "has a value YAML cannot read"),
        ("organization: {name: !!float abc}", "has a value YAML cannot read at line 1"),
        ("organization: {name: !!timestamp x}", "has a value YAML cannot read at line 1"),
    ],
)
def test_a_value_yaml_matches_but_cannot_build_gets_a_sentence(text, expected):
    sentence = refused(text)
    assert sentence.startswith(expected)
    assert sentence.endswith("correct it, or put it in quotes if it is meant as text.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [", "is not valid YAML at line 1, column 5 (while parsing a flow node, expected"),
        ("a: 1\n---\nb: 2\n", "is not valid YAML at line 2, column 1 (expected a single document"),
        ("a: 'open", "is not valid YAML at line 1, column 9 (while scanning a quoted scalar"),
        (
            "organization: !!python/object:os.system {}",
            "is not valid YAML at line 1, column 15 (could not determine a constructor for the tag",
        ),
        ("? [a, b]\n: c\n", "is not valid YAML at line 1, column 3 (while constructing a mapping"),
    ],
)
def test_other_yaml_errors_name_the_place(text, expected):
    sentence = refused(text)
    assert sentence.startswith(expected)
    assert sentence.endswith("; correct it there and try again.")


@pytest.mark.parametrize("error", [RecursionError, MemoryError])
def test_exhaustion_inside_the_yaml_library_is_a_sentence(error, monkeypatch):
    def exhausted(*args, **kwargs):
        raise error

    monkeypatch.setattr(yaml, "load", exhausted)
    assert refused("organization: {name: Acme}").startswith("is too large or too deeply nested")


def test_a_file_of_many_mistakes_says_the_first_few_and_counts_the_rest():
    with pytest.raises(ContextError) as info:
        load_context("".join(f"x{i}: 1\n" for i in range(500)), source="ctx.yaml")
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0].startswith("unknown key 'x0'")
    assert problems[-1] == (
        f"There are {500 - MAX_PROBLEMS} more problems like these; correct the ones above first."
    )


def test_many_business_units_are_checked_for_duplicates_quickly():
    units = "".join(f"- {{name: Unit {i}}}\n" for i in range(MAX_CONTEXT_VALUES // 3 - 10))
    start = time.perf_counter()
    context = load_context("business_units:\n" + units)
    assert time.perf_counter() - start < 3
    assert len(context.business_units) == MAX_CONTEXT_VALUES // 3 - 10


def test_the_sample_context_still_loads_from_bytes_and_round_trips():
    context = load_context((SAMPLE / "context.yaml").read_bytes(), source="context.yaml")
    assert context.organization.annual_revenue == 750_000_000
    assert context.risk_appetite.tolerance == 5_000_000
    assert len(context.business_units) == 4
    assert load_context(context.to_yaml()) == context
