from django.conf import settings
from django.db import models


class Catalog(models.Model):
    code = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)


class ChecklistItem(models.Model):
    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(max_length=200)
    # 2.0: the administrator's cabinet orders items explicitly (§3.1.4: the order is kept).
    position = models.PositiveIntegerField(default=0)


class Audit(models.Model):
    title = models.CharField(max_length=200)
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    status = models.CharField(max_length=20, default="draft")
    created_at = models.DateTimeField(auto_now_add=True)
    # 2.0: the auditor's route ends with "reviewed"; audits from before have none (§3.1.5).
    review_status = models.CharField(max_length=20, null=True, blank=True)


class ReviewLog(models.Model):
    """2.0: who moved an audit to which review status, and when."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="reviews")
    status = models.CharField(max_length=20)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)


class OfflineSyncBatch(models.Model):
    """A package a device uploaded: processing until the offline-sync worker has applied it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    status = models.CharField(max_length=20, default="processing")
    items = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
