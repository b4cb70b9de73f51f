"""Claims submitted before reviews existed get their open review (and verdict status)."""

from django.db import migrations


def backfill(apps, schema_editor):
    Claim = apps.get_model("annotations", "Claim")
    Review = apps.get_model("annotations", "Review")
    for claim in Claim.objects.filter(status="in_review"):
        verdict = claim.verdicts.order_by("-version").first()
        if verdict is None or Review.objects.filter(claim=claim, decision="open").exists():
            continue
        verdict.status = "in_review"
        verdict.save(update_fields=["status"])
        Review.objects.create(
            claim=claim, verdict=verdict, submitted_by=claim.author, submitted_at=claim.updated_at
        )


class Migration(migrations.Migration):
    dependencies = [("annotations", "0005_claimevent_append_only")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
