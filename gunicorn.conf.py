"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py secretariat.wsgi`.

Every value can be overridden from the environment (GUNICORN_*), see the README.
"""

import os

bind = os.getenv("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.getenv("GUNICORN_WORKERS", "2"))
threads = int(os.getenv("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.getenv("GUNICORN_TIMEOUT", "60"))  # a long minutes PDF takes seconds, not minutes
graceful_timeout = 30
# Workers fork from a master that imported Django already: a worker recycled after max_requests
# is ready at once instead of pausing its requests for the seconds Django takes to start.
preload_app = True
max_requests = int(os.getenv("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.getenv("FORWARDED_ALLOW_IPS", "127.0.0.1")
