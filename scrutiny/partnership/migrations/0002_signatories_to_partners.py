# The yearly report's signatories for the three partners move to the partnership: each
# existing reports.Signatory row for a partner becomes that Partner's lead (name and job
# title), unless the partner already names a lead; the row is then removed, so there is
# one record of who signs for a partner. The chair's rows (LSCBs) stay in reports.

from django.db import migrations

PARTNER_ROLES = ("local_authority", "icb", "police")


def move(apps, schema_editor):
    Signatory = apps.get_model("reports", "Signatory")
    Partner = apps.get_model("partnership", "Partner")
    for row in Signatory.objects.filter(role__in=PARTNER_ROLES):
        partner, _ = Partner.objects.get_or_create(board_id=row.board_id, kind=row.role)
        if partner.lead_id is None:
            partner.lead_id = row.user_id
            partner.lead_title = row.job_title
            partner.save(update_fields=["lead", "lead_title"])
        row.delete()


def move_back(apps, schema_editor):
    Signatory = apps.get_model("reports", "Signatory")
    Partner = apps.get_model("partnership", "Partner")
    for partner in Partner.objects.filter(kind__in=PARTNER_ROLES):
        user_id, title = (
            (partner.delegate_id, partner.delegate_title)
            if partner.report_signer == "delegate"
            else (partner.lead_id, partner.lead_title)
        )
        if user_id:
            Signatory.objects.update_or_create(
                board_id=partner.board_id,
                role=partner.kind,
                defaults={"user_id": user_id, "job_title": title},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0001_initial"),
        ("reports", "0006_arrangement_to_board"),
    ]

    operations = [migrations.RunPython(move, move_back)]
