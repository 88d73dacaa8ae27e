"""The roll-out board: one web application where the sub-centre sees the switch-over, site by site.

It reads the registry (what is approved) and the one state database (what happened: runs and
per-terminal results, payments, requests, visits, campaigns) and writes only what people do on it
(a visit done or not done, a re-plan) plus the audit log of every write. Parts:

* :mod:`.auth` — people, argon2 password hashes, server-side sessions, the login rate limit, the audit log;
* :mod:`.registry_watch` — the last valid registry and price table, reloaded when the files change;
* :mod:`.data` — the read models of the pages (cached per database change); :mod:`.chart` — the SVG chart;
* :mod:`.actions` — the writes; :mod:`.web` — forms, cookies, security headers, error pages;
* :mod:`.app` — the routes (Starlette), rendered with Jinja2 from ``templates/``, assets in ``static/``;
* :mod:`.serve_cli` — ``qpfleet serve`` under uvicorn.
"""
