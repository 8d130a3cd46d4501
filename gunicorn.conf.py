"""gunicorn's settings for Referee, read from the working folder (``manage.py serve`` passes it
explicitly): access log lines name the method, the path and the status, never the query
string (``?q=ada@example.org``: search terms are personal data that would outlive an erasure
in the logs) and never the referrer (the previous page's query string)."""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(D)sus "%(a)s"'
