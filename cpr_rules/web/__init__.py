"""The portal's front door: an ASGI app with the JSON API and the demo portal.

- :mod:`~cpr_rules.web.app`: :func:`create_app`, the Starlette app (``pip install
  'cpr_rules[web]'``);
- :mod:`~cpr_rules.web.api`: ``/api/check``, ``/api/schema``, ``/api/veje``,
  ``/api/klarskrift/adresse``; :mod:`~cpr_rules.web.openapi`: ``/openapi.json``;
- :mod:`~cpr_rules.web.schema`: the JSON Schema of a form; :mod:`~cpr_rules.web.veje`: street
  search;
- :mod:`~cpr_rules.web.portal`: the demo portal "Anmeld flytning" (``cpr-rules portal``).

Nothing is imported here, so that :mod:`~cpr_rules.web.schema` and :mod:`~cpr_rules.web.veje`
work without Starlette. See ``docs/portal-guide.md``.
"""
