"""The sandbox's parts, wired together from a :class:`~cpr_rules.sandbox.config.SandboxConfig`.

Opening loads everything that can be wrong up front (users file, person fixtures, rule sets,
database), so ``sandbox serve`` fails at start with ``file:line:col``, never on a request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from cpr_rules.rules import Validator
from cpr_rules.sandbox.config import SandboxConfig
from cpr_rules.sandbox.dialogue import Dialogues
from cpr_rules.sandbox.register import PersonRegister
from cpr_rules.sandbox.security import SecurityServer
from cpr_rules.sandbox.services import ServiceDesk
from cpr_rules.sandbox.store import Store
from cpr_rules.sandbox.users import UserEntry, UsersFileError, demo_users, load_users
from cpr_rules.sandbox.venteregister import Venteregister
from cpr_rules.tables import load_tables

__all__ = ["Sandbox"]


@dataclass(frozen=True, slots=True)
class Sandbox:
    """Everything a running sandbox needs; :meth:`open` builds it from a config."""

    config: SandboxConfig
    store: Store
    security: SecurityServer
    register: PersonRegister
    venteregister: Venteregister
    validator: Validator
    desk: ServiceDesk

    @classmethod
    def open(cls, config: SandboxConfig) -> Sandbox:
        """Load users, persons, rule sets and the database named by ``config``."""
        today = config.current_date()
        if config.users is not None:
            users = load_users(config.users, today=today)
        else:
            users = demo_users(today, scrypt_n=config.demo_scrypt_n)
        tables = load_tables(config.tables) if config.tables is not None else None
        validator = Validator(config.rules, tables=tables)
        _check_kommuner(users, validator, today, config)
        store = Store(config.db)
        register = PersonRegister.load(store, validator.translator, fixtures=config.persons)
        venteregister = Venteregister(store)
        security = SecurityServer(
            store,
            users,
            today=config.current_date,
            idle_seconds=config.token_idle_seconds,
            tokens_per_user=config.max_tokens_per_user,
            lockout_attempts=config.lockout_attempts,
            lockout_seconds=config.lockout_seconds,
        )
        dialogues = Dialogues(
            idle_seconds=config.dialogue_idle_seconds,
            limit=config.max_dialogues,
            per_user=config.max_dialogues_per_user,
        )
        desk = ServiceDesk(
            validator=validator,
            register=register,
            venteregister=venteregister,
            dialogues=dialogues,
            today=config.current_date,
            env=config.env,
        )
        return cls(config, store, security, register, venteregister, validator, desk)


def _check_kommuner(
    users: Mapping[str, UserEntry], validator: Validator, today: dt.date, config: SandboxConfig
) -> None:
    """Every kommune user's kommuner are kommuner of the code tables today: a code that is none
    (a typo, a region, a kommune that has ended) would leave the user seeing nothing, silently."""
    for user in users.values():
        unknown = [
            code
            for code in user.kommuner
            if validator.translator.kommune(code, as_of=today).text is None
        ]
        if unknown:
            raise UsersFileError(
                f"users {user.userid}.kommuner: {', '.join(unknown)} is no kommune in the code "
                f"tables on {today.isoformat()}",
                file=config.users,
            )
