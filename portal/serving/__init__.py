"""Gunicorn parts the portal plugs in: a worker with read timeouts and an access log without VINs."""
