import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
application = get_wsgi_application()
# Everything loaded so far (Django, the apps, the URL patterns) lives as long as the process:
# out of the collector's sight, a full collection during a request walks only what requests
# made, which keeps the slowest requests (p95) close to the rest.
gc.freeze()
