"""Who may see and do what: roles per organisation, the one table of permissions, the
members file, and whether the app may listen where others can reach it.

- Three roles, per organisation: a board reader sees the board pages and the published
  packs, read-only; the security team also uploads, confirms mappings, edits the business
  context, publishes packs and records decisions; an administrator also sees the members
  and their roles. `PERMISSIONS` is the only place that says which role may do what; the
  app asks `allowed` for every page and every action.
- Roles come from the members file (`members.yaml` in the data directory, or
  $BOARD_BRIEF_MEMBERS): each organisation's members by e-mail address, and optionally
  groups of the identity provider's groups claim, each giving a role in an organisation.
  A person's role in an organisation is the highest any entry gives them.
- Without sign-in (one person on their own machine, on loopback), the local user
  administers every organisation in the history, `local` by default. Listening on any
  other address needs sign-in configured: `exposure_problem` says why not otherwise.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Role = Literal["reader", "security", "admin"]
ROLE_RANK: dict[str, int] = {"reader": 1, "security": 2, "admin": 3}
ROLE_NAMES: dict[str, str] = {
    "reader": "Board reader",
    "security": "Security team",
    "admin": "Administrator",
}
# What each role may do; pages and actions name one of these.
PERMISSIONS: dict[str, frozenset[str]] = {
    "read the board pages": frozenset({"reader", "security", "admin"}),
    "download published packs": frozenset({"reader", "security", "admin"}),
    "prepare the quarter": frozenset({"security", "admin"}),  # upload, confirm, context
    "publish": frozenset({"security", "admin"}),
    "record decisions": frozenset({"security", "admin"}),
    "see the activity": frozenset({"security", "admin"}),
    "see the members": frozenset({"admin"}),
}
LOCAL_USER = "local user"
MEMBERS_ENV = "BOARD_BRIEF_MEMBERS"
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


class AccessError(Exception):
    """The members file or the sign-in set-up cannot be used; one sentence says why."""


def allowed(role: str | None, permission: str) -> bool:
    """Whether `role` may do `permission` (a key of `PERMISSIONS`)."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission: {permission}")
    return role in PERMISSIONS[permission]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GroupRole(_Strict):
    organisation: str = Field(min_length=1, max_length=120)
    role: Role


class Organisation(_Strict):
    members: dict[str, Role] = {}

    @field_validator("members")
    @classmethod
    def _addresses(cls, members: dict[str, str]) -> dict[str, str]:
        return {address.strip().casefold(): role for address, role in members.items()}


class Members(_Strict):
    """The members file: who belongs to which organisation, with which role."""

    organisations: dict[str, Organisation] = {}
    groups_claim: str = "groups"
    groups: dict[str, GroupRole] = {}

    def memberships(self, email: str | None, groups: list[str] | None = None) -> dict[str, str]:
        """Organisation -> the highest role the address or any of the groups gives."""
        found: dict[str, str] = {}

        def give(organisation: str, role: str) -> None:
            if ROLE_RANK[role] > ROLE_RANK.get(found.get(organisation, ""), 0):
                found[organisation] = role

        address = (email or "").strip().casefold()
        for name, organisation in self.organisations.items():
            if address and address in organisation.members:
                give(name, organisation.members[address])
        for group in groups or []:
            if (entry := self.groups.get(str(group))) is not None:
                give(entry.organisation, entry.role)
        return dict(sorted(found.items()))


def with_members(
    members: Members, organisation: str, people: dict[str, str], *, editor: str | None = None
) -> Members:
    """`members` with one organisation's members replaced by `people` (address -> role),
    validated like the file; the other organisations and the groups are kept. An `editor`
    who is an administrator there cannot take that role away from themselves (someone must
    always be able to keep the list)."""
    seen: dict[str, str] = {}
    for address in people:
        key = address.strip().casefold()
        if key in seen:
            raise AccessError(f"{address} is listed twice (as {seen[key]} too); keep one row.")
        seen[key] = address
    try:
        replaced = Organisation.model_validate({"members": people})
    except ValidationError as problem:
        first = problem.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "members"
        raise AccessError(f"The member '{where}' cannot be saved: {first['msg']}.") from None
    blank = [a for a in replaced.members if not _ADDRESS.fullmatch(a)]
    if blank:
        raise AccessError(f"'{blank[0]}' is not an e-mail address; members are listed by one.")
    me = (editor or "").strip().casefold()
    before = members.organisations.get(organisation)
    was_admin = before is not None and before.members.get(me) == "admin"
    if was_admin and replaced.members.get(me) != "admin":
        raise AccessError(
            "You cannot take away your own administrator role; another administrator can."
        )
    organisations = {**members.organisations, organisation: replaced}
    return members.model_copy(update={"organisations": organisations})


def members_digest(path: Path) -> str:
    """A digest of the members file as it is now ("" when there is none): an editor keeps
    the one it was drawn from, so a save never overwrites another administrator's."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""
    except OSError as problem:
        raise AccessError(f"The members file {path} could not be read ({problem}).") from None


def save_members(path: Path, members: Members, *, drawn_from: str | None = None) -> None:
    """Write the members file, readable by its owner only (it says who may see what),
    whole or not at all. With `drawn_from` (its `members_digest` when the edit began),
    refuse if someone changed it since."""
    if drawn_from is not None and members_digest(path) != drawn_from:
        raise AccessError(
            "The members file changed since this page was drawn (another administrator "
            "saved it?); nothing was saved. Look at the members again, then save."
        )
    text = (
        "# Board Brief members and roles (see docs/members.example.yaml); written by the app.\n"
        + yaml.safe_dump(members.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".members-", suffix=".tmp")
        try:
            os.fchmod(handle, 0o600)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as problem:
        raise AccessError(f"The members file {path} could not be written ({problem}).") from None


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """What changed between two lists of members, in words for the audit trail."""
    said = [f"added {a} as {ROLE_NAMES[r]}" for a, r in after.items() if a not in before]
    said += [
        f"{a} from {ROLE_NAMES[before[a]]} to {ROLE_NAMES[r]}"
        for a, r in after.items()
        if a in before and before[a] != r
    ]
    said += [f"removed {a}" for a in before if a not in after]
    return said


def members_path(data_dir: Path) -> Path:
    return Path(os.environ.get(MEMBERS_ENV) or data_dir / "members.yaml")


def load_members(path: Path) -> Members:
    """The members file at `path` (none there: nobody is a member)."""
    if not path.is_file():
        return Members()
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return Members.model_validate(loaded)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as problem:
        raise AccessError(f"The members file {path} could not be read ({problem}).") from None
    except ValidationError as problem:
        first = problem.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise AccessError(
            f"The members file {path} is not valid at '{where}': {first['msg']}."
        ) from None


def sign_in_configured(auth: dict | None) -> bool:
    """Whether an [auth] section of the secrets gives everything sign-in needs."""
    return bool(auth) and all(auth.get(key) for key in AUTH_KEYS)


def auth_problem(auth: dict | None) -> str | None:
    """Why an [auth] section that is there cannot be used, or None: half a sign-in set-up
    must never leave the app open to everyone."""
    if not auth:
        return None
    missing = [key for key in AUTH_KEYS if not auth.get(key)]
    if not missing:
        return None
    return (
        "Sign-in is set up in .streamlit/secrets.toml but incomplete: the [auth] section "
        f"lacks {', '.join(missing)} (see .streamlit/secrets.example.toml), so Board Brief "
        "serves no one until it is complete."
    )


def is_loopback(address: str) -> bool:
    """127.0.0.1, ::1 or localhost; an empty address (every interface) or a name is not."""
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def exposure_problem(address: str, auth: dict | None) -> str | None:
    """Why the app may not listen on `address`, or None: anywhere but loopback needs
    sign-in."""
    if is_loopback(address) or sign_in_configured(auth):
        return None
    where = address or "every network interface"
    return (
        f"Board Brief will not serve {where} without sign-in: anyone who reaches it "
        "could read and change the board pack. Configure sign-in in .streamlit/secrets.toml "
        "(see .streamlit/secrets.example.toml), or keep the default address 127.0.0.1."
    )


def secrets_auth(path: Path) -> dict | None:
    """The [auth] section of a secrets file, or None when there is none."""
    if not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle).get("auth")
    except (OSError, tomllib.TOMLDecodeError) as problem:
        raise AccessError(f"The secrets file {path} could not be read ({problem}).") from None


def main(argv: list[str] | None = None) -> int:
    """`python -m reporting.access ADDRESS [SECRETS]`: exit 1 with the sentence when the
    app may not listen on ADDRESS (what `make run` checks before starting it)."""
    args = sys.argv[1:] if argv is None else argv
    address = args[0] if args else "127.0.0.1"
    secrets = Path(args[1]) if len(args) > 1 else Path(".streamlit/secrets.toml")
    try:
        auth = secrets_auth(secrets)
        problem = auth_problem(auth) or exposure_problem(address, auth)
    except AccessError as error:
        problem = str(error)
    if problem:
        print(f"board-brief: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
