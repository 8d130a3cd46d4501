from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ("screening", "0009_seed_stages"),
    ]

    operations = [
        migrations.AlterField(
            model_name='application',
            name='stage',
            field=models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, related_name='applications', to='screening.stage'),
        ),
    ]
