import pytest
from django.test import Client

from audits.models import Audit, OfflineSyncBatch


@pytest.mark.django_db
def test_health_answers_with_the_version():
    response = Client().get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.smoke
@pytest.mark.django_db
def test_an_uploaded_batch_starts_in_processing(django_user_model):
    user = django_user_model.objects.create_user("device.owner")
    assert OfflineSyncBatch.objects.create(user=user).status == "processing"


@pytest.mark.django_db
def test_an_audit_starts_as_a_draft(django_user_model):
    user = django_user_model.objects.create_user("auditor")
    assert Audit.objects.create(title="t", auditor=user).status == "draft"
