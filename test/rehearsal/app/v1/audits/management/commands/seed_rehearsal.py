from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from audits.models import Audit, Catalog, ChecklistItem


class Command(BaseCommand):
    help = "Fill an empty database with the rehearsal's users, catalogs, checklist items and audits."

    def add_arguments(self, parser):
        parser.add_argument("--catalogs", type=int, default=40)
        parser.add_argument("--items", type=int, default=1000, help="checklist items per catalog")
        parser.add_argument("--audits", type=int, default=2000)

    @transaction.atomic
    def handle(self, *args, catalogs, items, audits, **options):
        User = get_user_model()
        if Catalog.objects.exists():
            self.stdout.write("already seeded")
            return
        auditor = User.objects.create_user("auditor.smoke", password=None)
        User.objects.create_user("admin.smoke", password=None, is_staff=True)
        made = Catalog.objects.bulk_create(
            Catalog(code=f"C{number:04d}", name=f"Catalog {number}") for number in range(catalogs)
        )
        ChecklistItem.objects.bulk_create(
            (ChecklistItem(catalog=catalog, text=f"{catalog.code} check {n}") for catalog in made for n in range(items)),
            batch_size=5000,
        )
        Audit.objects.bulk_create(
            (Audit(title=f"Audit {n}", auditor=auditor, status="sent") for n in range(audits)), batch_size=5000
        )
        self.stdout.write(f"seeded {catalogs} catalogs, {catalogs * items} checklist items, {audits} audits")
