from audits.models import Catalog, ChecklistItem


def build_catalog_snapshot_for_user(user):
    """What a device downloads to work offline: the catalogs and their items, in the cabinet's order."""
    return [
        {"code": catalog.code, "items": list(catalog.items.order_by("position").values_list("text", flat=True))}
        for catalog in Catalog.objects.order_by("code")
    ]


def build_checklist_structure():
    items = ChecklistItem.objects.order_by("catalog_id", "position")
    return list(items.values("catalog__code", "position", "text")[:500])
