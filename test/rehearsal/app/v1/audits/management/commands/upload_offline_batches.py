from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from audits.models import OfflineSyncBatch
from audits.tasks import apply_offline_batch


class Command(BaseCommand):
    help = "Stand in for devices uploading offline packages: batches in processing, queued for the worker."

    def add_arguments(self, parser):
        parser.add_argument("--batches", type=int, default=3)
        parser.add_argument("--seconds", type=float, default=10.0, help="work per batch")

    def handle(self, *args, batches, seconds, **options):
        user = get_user_model().objects.get(username="auditor.smoke")
        for n in range(batches):
            batch = OfflineSyncBatch.objects.create(user=user, status="processing", items=10 + n)
            apply_offline_batch.delay(batch.pk, seconds)
            self.stdout.write(f"batch {batch.pk} uploaded")
