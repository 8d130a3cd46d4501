"""factory_boy factories for the models the tests build."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from candidates.models import Candidate
from screening.models import Application, Lab, LabMembership, LabRole
from screening.stages import lab_stages_seed, stage_initial


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("a-long-test-password")


class LabFactory(factory.django.DjangoModelFactory[Lab]):
    class Meta:
        model = Lab
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Lab {n}")
    slug = factory.Sequence(lambda n: f"lab-{n}")

    @factory.post_generation
    def stages(lab: Lab, create: bool, extracted, **kwargs) -> None:
        """A lab is made with the default pipeline, as lab_create makes one."""
        if create:
            lab_stages_seed(lab=lab)


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


class ApplicationFactory(factory.django.DjangoModelFactory[Application]):
    """An application made directly (nothing assessed or queued), at its lab's first stage;
    give it a role and a candidate."""

    class Meta:
        model = Application

    stage = factory.LazyAttribute(lambda a: stage_initial(lab=a.role.lab_id))
