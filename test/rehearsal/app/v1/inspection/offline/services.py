from audits.models import Catalog, ChecklistItem


def build_catalog_snapshot_for_user(user):
    """What a device downloads to work offline: the catalogs and their items."""
    return [
        {"code": catalog.code, "items": list(catalog.items.order_by("id").values_list("text", flat=True))}
        for catalog in Catalog.objects.order_by("code")
    ]


def build_checklist_structure():
    return list(ChecklistItem.objects.order_by("catalog_id", "id").values("catalog__code", "text")[:500])
