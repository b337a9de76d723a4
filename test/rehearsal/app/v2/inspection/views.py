import os

from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def health(request):
    """What the release plan's HTTP checks and the load balancer ask: the version, the database
    and (2.0) the offline snapshot directory, without which devices cannot sync."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    if not os.access(settings.OFFLINE_SNAPSHOT_DIR, os.W_OK):
        return JsonResponse({"status": "down", "reason": "offline snapshot directory not writable"}, status=503)
    return JsonResponse({"status": "ok", "version": settings.VERSION})
