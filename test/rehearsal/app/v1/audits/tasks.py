import logging
import time

from celery import shared_task
from django.utils import timezone

from .models import OfflineSyncBatch

log = logging.getLogger(__name__)


@shared_task
def apply_offline_batch(batch_id, seconds):
    """Apply an uploaded package; `seconds` stands for the work a real package takes."""
    batch = OfflineSyncBatch.objects.get(pk=batch_id)
    time.sleep(seconds)
    batch.status = "done"
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at"])
    log.info("offline batch %s applied (%s items)", batch_id, batch.items)
