"""factory_boy factories for the models the tests build."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from candidates.models import Candidate
from screening.models import Lab, LabMembership, LabRole


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password")


class LabFactory(factory.django.DjangoModelFactory[Lab]):
    class Meta:
        model = Lab

    name = factory.Sequence(lambda n: f"Lab {n}")
    slug = factory.Sequence(lambda n: f"lab-{n}")


class MembershipFactory(factory.django.DjangoModelFactory[LabMembership]):
    class Meta:
        model = LabMembership

    user = factory.SubFactory(UserFactory)
    lab = factory.SubFactory(LabFactory)
    role = LabRole.RECRUITER


class CandidateFactory(factory.django.DjangoModelFactory[Candidate]):
    class Meta:
        model = Candidate

    lab = factory.SubFactory(LabFactory)
