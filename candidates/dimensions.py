"""The evidence dimensions a research role is screened on (see RUBRIC.md)."""

from django.db import models


class Dimension(models.TextChoices):
    MATH_DEPTH = "math_depth", "Mathematical depth"
    RESEARCH_METHODOLOGY = "research_methodology", "Research methodology"
    PUBLICATIONS = "publications", "Publications"
    COLLABORATION = "collaboration", "Collaboration"
    CODING = "coding", "Coding depth"
    CREDENTIALS = "credentials", "Credentials"
    RESEARCH_AREA = "research_area", "Research area fit"
    RESEARCH_EXPERIENCE = "research_experience", "Research experience"
