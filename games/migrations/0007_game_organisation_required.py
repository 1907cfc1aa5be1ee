import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("games", "0006_organisations"),
        ("organisations", "0002_default_organisation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="game",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="games",
                to="organisations.organisation",
            ),
        ),
    ]
