from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audits", "0002_offlinesyncbatch")]

    operations = [
        migrations.AddField(
            model_name="checklistitem", name="position", field=models.PositiveIntegerField(default=0)
        ),
        migrations.AddField(
            model_name="audit",
            name="review_status",
            field=models.CharField(blank=True, max_length=20, null=True),
        ),
    ]
