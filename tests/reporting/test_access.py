"""Roles, the members file, and where the app may listen."""

import pytest

from reporting import access


def test_each_role_may_do_what_its_organisation_trusts_it_with():
    assert access.allowed("reader", "read the board pages")
    assert access.allowed("reader", "download published packs")
    for action in ("prepare the quarter", "publish", "record decisions", "see the activity"):
        assert not access.allowed("reader", action)
        assert access.allowed("security", action)
        assert access.allowed("admin", action)
    assert not access.allowed("security", "see the members")
    assert access.allowed("admin", "see the members")
    assert not access.allowed(None, "read the board pages")  # not a member: nothing
    with pytest.raises(KeyError):
        access.allowed("admin", "launch the missiles")


def test_members_come_from_addresses_and_groups_with_the_highest_role_winning(tmp_path):
    path = tmp_path / "members.yaml"
    path.write_text(
        "organisations:\n"
        "  acme:\n"
        "    members:\n"
        "      CISO@Acme.example: admin\n"
        "      chair@acme.example: reader\n"
        "  harbour:\n"
        "    members:\n"
        "      ciso@acme.example: security\n"
        "groups_claim: roles\n"
        "groups:\n"
        "  acme-board: {organisation: acme, role: reader}\n"
        "  acme-sec: {organisation: acme, role: security}\n"
    )
    members = access.load_members(path)
    assert members.memberships(" ciso@ACME.example") == {"acme": "admin", "harbour": "security"}
    assert members.memberships("chair@acme.example", ["acme-sec"]) == {"acme": "security"}
    assert members.memberships("someone@else.example", ["acme-board"]) == {"acme": "reader"}
    assert members.memberships("someone@else.example", ["unknown"]) == {}
    assert members.groups_claim == "roles"
    assert access.load_members(tmp_path / "none.yaml").memberships("a@b.c") == {}


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("organisations:\n  acme:\n    members:\n      a@b.c: owner\n", "organisations.acme"),
        ("organisations:\n  acme:\n    people: {}\n", "organisations.acme.people"),
        ("groups:\n  g: {organisation: acme}\n", "groups.g.role"),
    ],
)
def test_a_bad_members_file_is_one_sentence_naming_where(tmp_path, text, where):
    path = tmp_path / "members.yaml"
    path.write_text(text)
    with pytest.raises(access.AccessError) as problem:
        access.load_members(path)
    assert str(problem.value).startswith(f"The members file {path} is not valid at '{where}")


AUTH = {
    "redirect_uri": "https://bb.example/oauth2callback",
    "cookie_secret": "s" * 32,
    "client_id": "bb",
    "client_secret": "x",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}


def test_only_loopback_may_go_without_sign_in():
    for address in ("127.0.0.1", "127.0.1.1", "::1", "localhost"):
        assert access.exposure_problem(address, None) is None
    for address in ("0.0.0.0", "", "192.168.1.20", "::", "board.example"):
        problem = access.exposure_problem(address, None)
        where = address or "every network interface"
        assert problem.startswith(f"Board Brief will not serve {where} without sign-in")
        assert access.exposure_problem(address, AUTH) is None
        # Half a configuration is none.
        assert access.exposure_problem(address, {**AUTH, "client_secret": ""}) is not None


def test_the_start_check_reads_the_secrets_file_and_says_why_it_refuses(tmp_path, capsys):
    secrets = tmp_path / "secrets.toml"
    assert access.main(["127.0.0.1", str(secrets)]) == 0
    assert access.main(["", str(secrets)]) == 1
    assert "will not serve every network interface" in capsys.readouterr().err
    assert access.main(["0.0.0.0", str(secrets)]) == 1
    assert "will not serve 0.0.0.0 without sign-in" in capsys.readouterr().err
    secrets.write_text("[auth]\n" + "".join(f'{k} = "{v}"\n' for k, v in AUTH.items()))
    assert access.main(["0.0.0.0", str(secrets)]) == 0
    # Half a set-up is refused even on loopback, naming what is missing.
    secrets.write_text('[auth]\nclient_id = "bb"\n')
    assert access.main(["127.0.0.1", str(secrets)]) == 1
    assert "lacks redirect_uri, cookie_secret, client_secret" in capsys.readouterr().err
    secrets.write_text("[auth\nbroken")
    assert access.main(["0.0.0.0", str(secrets)]) == 1
    assert "could not be read" in capsys.readouterr().err


def test_one_organisations_members_are_replaced_checked_and_described(tmp_path):
    members = access.Members.model_validate(
        {
            "organisations": {"acme": {"members": {"a@acme.example": "admin"}}},
            "groups": {"board": {"organisation": "acme", "role": "reader"}},
        }
    )
    updated = access.with_members(
        members, "harbour", {"B@Harbour.example": "security", "c@harbour.example": "reader"}
    )
    assert updated.organisations["acme"] == members.organisations["acme"]
    assert updated.organisations["harbour"].members == {
        "b@harbour.example": "security",
        "c@harbour.example": "reader",
    }
    with pytest.raises(access.AccessError, match="cannot be saved"):
        access.with_members(members, "acme", {"a@acme.example": "owner"})
    with pytest.raises(access.AccessError, match="is not an e-mail address"):
        access.with_members(members, "acme", {"just a name": "reader"})
    with pytest.raises(access.AccessError, match="is not an e-mail address"):
        access.with_members(members, "acme", {"a@b": "reader"})
    with pytest.raises(access.AccessError, match="is listed twice"):
        access.with_members(members, "acme", {"a@x.example": "reader", "A@X.example": "admin"})
    path = tmp_path / "members.yaml"
    access.save_members(path, updated)
    assert access.load_members(path) == updated
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir()] == ["members.yaml"]  # no temporary left
    # A save from a table drawn before someone else's save is refused, and writes nothing.
    drawn = access.members_digest(path)
    access.save_members(path, members, drawn_from=drawn)
    with pytest.raises(access.AccessError, match="changed since this page was drawn"):
        access.save_members(path, updated, drawn_from=drawn)
    assert access.load_members(path) == members
    assert access.changes(
        {"a@x.example": "reader", "b@x.example": "admin"},
        {"a@x.example": "security", "c@x.example": "reader"},
    ) == [
        "added c@x.example as Board reader",
        "a@x.example from Board reader to Security team",
        "removed b@x.example",
    ]


def test_an_administrator_cannot_take_away_their_own_role():
    members = access.Members.model_validate(
        {"organisations": {"acme": {"members": {"boss@acme.example": "admin"}}}}
    )
    with pytest.raises(access.AccessError, match="your own administrator role"):
        access.with_members(
            members, "acme", {"boss@acme.example": "security"}, editor="Boss@Acme.example"
        )
    with pytest.raises(access.AccessError, match="your own administrator role"):
        access.with_members(members, "acme", {}, editor="boss@acme.example")
    # Another administrator may; and anyone may change someone else's role.
    kept = access.with_members(members, "acme", {}, editor="other@acme.example")
    assert kept.organisations["acme"].members == {}
