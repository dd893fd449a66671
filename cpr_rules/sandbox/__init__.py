"""The local CPR sandbox (never imported by the library's runtime path; see docs/sandbox.md).

Nothing is imported here, so that reading person records does not need the server's
dependencies (``pip install 'cpr_rules[sandbox]'``: starlette, uvicorn). The modules:

- :mod:`~cpr_rules.sandbox.config`: ``SandboxConfig``, the paths of bilag 5.
- :mod:`~cpr_rules.sandbox.server`: ``serve`` (foreground, ``cpr-rules sandbox serve``) and
  ``start`` (a background thread, for tests); :mod:`~cpr_rules.sandbox.app`: the Starlette app;
  :mod:`~cpr_rules.sandbox.runtime`: the parts wired together.
- :mod:`~cpr_rules.sandbox.security`: logon, kendeord, tokens;
  :mod:`~cpr_rules.sandbox.users`: the users YAML, the kendeord policy and hashes.
- :mod:`~cpr_rules.sandbox.services`: initier, valider, gem, afbryd;
  :mod:`~cpr_rules.sandbox.access`: who may initiate what (venteregister or direct);
  :mod:`~cpr_rules.sandbox.request_checks`: keys, locked fields, ISO-8859-1;
  :mod:`~cpr_rules.sandbox.dialogue`: the state per ``ts``;
  :mod:`~cpr_rules.sandbox.inputs`: the input fields; :mod:`~cpr_rules.sandbox.responses`:
  the replies; :mod:`~cpr_rules.sandbox.kvitteringer`: every receipt number.
- :mod:`~cpr_rules.sandbox.register`: the person register
  (:mod:`~cpr_rules.sandbox.person_records`: CPR's person-record format;
  :mod:`~cpr_rules.sandbox.person_fixtures`: YAML fixtures).
- :mod:`~cpr_rules.sandbox.venteregister`: the venteregister;
  :mod:`~cpr_rules.sandbox.kommune`: list, approve, reject (scoped to a user's kommuner);
  :mod:`~cpr_rules.sandbox.beskyttelser`: protections filled in and applied (bilag 7 §17);
  :mod:`~cpr_rules.sandbox.store`: the SQLite file (WAL, ``synchronous=FULL``).
"""
