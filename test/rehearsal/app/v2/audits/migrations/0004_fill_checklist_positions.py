from django.db import migrations


def number_items(apps, schema_editor):
    """Each catalog's items get positions 1…n in their old order (by id), so the order is kept."""
    ChecklistItem = apps.get_model("audits", "ChecklistItem")
    pending = []
    catalog, position = None, 0
    for item in ChecklistItem.objects.order_by("catalog_id", "id").only("id", "catalog_id").iterator(chunk_size=2000):
        if item.catalog_id != catalog:
            catalog, position = item.catalog_id, 0
        position += 1
        item.position = position
        pending.append(item)
        if len(pending) >= 2000:
            ChecklistItem.objects.bulk_update(pending, ["position"])
            pending = []
    if pending:
        ChecklistItem.objects.bulk_update(pending, ["position"])


class Migration(migrations.Migration):
    dependencies = [("audits", "0003_position_review_status")]

    operations = [migrations.RunPython(number_items, migrations.RunPython.noop)]
