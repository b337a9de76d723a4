import pytest
from django.conf import settings

from audits.models import Audit, Catalog, ChecklistItem, ReviewLog


@pytest.mark.smoke
def test_attachment_limits_are_set():
    assert settings.AUDIT_ATTACHMENT_LIMITS["max_files"] > 0


@pytest.mark.django_db
def test_an_audit_is_reviewed(django_user_model):
    auditor = django_user_model.objects.create_user("auditor")
    audit = Audit.objects.create(title="t", auditor=auditor, status="sent")
    ReviewLog.objects.create(audit=audit, status="reviewed", reviewer=auditor)
    assert audit.reviews.get().status == "reviewed"


@pytest.mark.django_db
def test_items_keep_their_position():
    catalog = Catalog.objects.create(code="C", name="c")
    ChecklistItem.objects.create(catalog=catalog, text="second", position=2)
    ChecklistItem.objects.create(catalog=catalog, text="first", position=1)
    assert list(catalog.items.order_by("position").values_list("text", flat=True)) == ["first", "second"]
