"""`manage.py adverse_impact --role ID`: selection rates and impact ratios for a bias audit."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from screening.fairness import FOUR_FIFTHS, adverse_impact, role_applicants
from screening.models import RoleProfile


class Command(BaseCommand):
    help = (
        "Report selection rates and impact ratios by sex and race/ethnicity (from voluntary "
        "self-identification) for a role's decisions, flagging ratios under four fifths."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", type=int, required=True)
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, role: int, format: str, **options) -> None:
        role_obj = RoleProfile.objects.filter(pk=role).first()
        if role_obj is None:
            raise CommandError(f"No role with id {role}.")
        report = adverse_impact(role_applicants(role=role_obj))
        if format == "json":
            self.stdout.write(json.dumps(report.to_json()))
            return
        self.stdout.write(
            f"{role_obj.title}: {report.applicants} applicants, {report.decided} decided, "
            f"{report.assessed} assessed, {report.declined} declined to self-identify."
        )
        for rate in report.rates:
            ratio = "-" if rate.impact_ratio is None else f"{rate.impact_ratio:.2f}"
            flag = f"  below {FOUR_FIFTHS:.0%}" if rate.below_four_fifths else ""
            small = "  (under 2% of applicants: no ratio)" if rate.small else ""
            self.stdout.write(
                f"  {rate.metric:<9} {rate.dimension:<15} {rate.category:<40} {rate.positive:>4}/"
                f"{rate.applicants:<4} rate {rate.rate:.2f}  ratio {ratio}{flag}{small}"
            )
