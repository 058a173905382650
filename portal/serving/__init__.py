"""How the portal is served, apart from the pages themselves.

* :mod:`~portal.serving.worker`: the gunicorn worker that reads each request whole before a
  thread answers it (slow and silent clients hold no thread), with a deadline per request;
* :mod:`~portal.serving.error_page`: gunicorn's own error answers, with the security headers;
* :mod:`~portal.serving.request_guard`: a Host that is no host name, a chunked body over the
  limit, turned into a plain 400 / 413 before Flask sees them;
* :mod:`~portal.serving.vin_mask` and :mod:`~portal.serving.access_log`: no whole VIN in any log line;
* :mod:`~portal.serving.warmup`: what each worker loads before its first request.
"""
