from django.conf import settings
from django.db import connection
from django.http import JsonResponse


def health(request):
    """What the release plan's HTTP checks and the load balancer ask: the version and the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "version": settings.VERSION})
