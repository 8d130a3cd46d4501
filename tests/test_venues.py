"""Specification of the venue normalizer (candidates.venues) and of its reference data."""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from candidates.venues import (
    DATA_FILE,
    KINDS,
    STATUSES,
    TIERS,
    TRACKS,
    Venue,
    catalogue,
    load_records,
    name_forms,
    normalize_venue,
)

AREAS = {
    "ml", "nlp", "cv", "speech", "robotics", "ai", "theory", "ir", "data_mining", "systems",
    "hci", "graphics", "security", "bio", "medicine", "medical_imaging", "physics", "chemistry",
    "math", "stats", "optimization", "multimedia", "networking", "databases", "se", "eda", "pl",
    "neuro", "engineering", "earth_science", "general_cs", "general_science", "economics",
}  # fmt: skip


def conference(venue: str, track: str = "main", tier: str = "top", **fields) -> Venue:
    defaults = {"area": normalize_venue(venue).area, "status": "published"}
    return Venue(venue=venue, kind="conference", track=track, tier=tier, **defaults | fields)


# --- recognising a venue -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "venue"),
    [
        ("Advances in Neural Information Processing Systems 30", "NeurIPS"),
        ("Neural Information Processing Systems", "NeurIPS"),
        ("NIPS 2017", "NeurIPS"),
        ("NIPS", "NeurIPS"),
        ("Thirty-Sixth Conference on Neural Information Processing Systems", "NeurIPS"),
        ("Proc. of the 40th International Conference on Machine Learning (ICML)", "ICML"),
        ("In International Conference on Machine Learning, PMLR 202:1234-1250", "ICML"),
        ("38th International Conference on Machine Learning", "ICML"),
        ("In: Proceedings of the 37th International Conference on Machine Learning, vol. 119 of "
         "Proceedings of Machine Learning Research, pp. 1-10. PMLR", "ICML"),
        ("Advances in Neural Information Processing Systems, Curran Associates, Inc.", "NeurIPS"),
        ("Advances in Neural Information Processing Systems, volume 35, pages 1234-1245",
         "NeurIPS"),
        ("Computer Vision - ECCV 2022: 17th European Conference, Tel Aviv, Israel, Proceedings, "
         "Part XII", "ECCV"),
        ("ICLR", "ICLR"),
        ("The Twelfth International Conference on Learning Representations", "ICLR"),
        ("EMNLP'22", "EMNLP"),
        ("Proceedings of the 2023 Conference on Empirical Methods in Natural Language "
         "Processing", "EMNLP"),
        ("CVPR 2021", "CVPR"),
        ("{IEEE/CVF} Conference on Computer Vision and Pattern Recognition", "CVPR"),
        ("Computer Vision and Pattern Recognition (CVPR)", "CVPR"),
        ("Proceedings of the IEEE/CVF International Conference on Computer Vision", "ICCV"),
        ("European conference on computer vision", "ECCV"),
        ("ECCV (12)", "ECCV"),
        ("Proceedings of the AAAI Conference on Artificial Intelligence", "AAAI"),
        ("Proceedings of the Thirtieth International Joint Conference on Artificial Intelligence, "
         "{IJCAI} 2021, Virtual Event / Montreal, Canada, 19-27 August 2021", "IJCAI"),
        ("IJCAI-ECAI 2022", "IJCAI"),
        ("Conference on Learning Theory", "COLT"),
        ("ACL (Volume 1: Long Papers)", "ACL"),
        ("Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics",
         "ACL"),
        ("NAACL-HLT 2019", "NAACL"),
        ("Proceedings of the 16th Conference of the European Chapter of the Association for "
         "Computational Linguistics: Main Volume", "EACL"),
        ("ICASSP 2023-2023 IEEE International Conference on Acoustics, Speech and Signal "
         "Processing (ICASSP)", "ICASSP"),
        ("INTERSPEECH", "Interspeech"),
        ("KDD '23: Proceedings of the 29th ACM SIGKDD Conference on Knowledge Discovery and Data "
         "Mining", "KDD"),
        ("Proceedings of the ACM Web Conference", "WWW"),
        ("Proceedings of The 6th Conference on Robot Learning, PMLR 205", "CoRL"),
        ("Robotics: Science and Systems XIX", "RSS"),
        ("ACM SIGGRAPH Asia 2023", "SIGGRAPH Asia"),
        ("Proceedings of the 30th ACM International Conference on Multimedia", "ACM MM"),
        ("2021 IEEE European Symposium on Security and Privacy (EuroS\\&P)", "EuroS&P"),
        ("32nd USENIX Security Symposium (USENIX Security 23)", "USENIX Security"),
        ("Proceedings of the International Conference for High Performance Computing, "
         "Networking, Storage and Analysis, 2023, New York, NY, USA", "SC"),
        ("36th {IEEE} International Conference on Data Engineering, {ICDE} 2020,\n"
         "               Dallas, TX, USA, April 20-24, 2020", "ICDE"),
        ("The Conference on Systems and Machine Learning (SysML)", "MLSys"),
        ("First Conference on Language Modeling", "COLM"),
        ("IEEE VTC2023-Fall", "VTC"),
    ],
)  # fmt: skip
def test_conferences_are_recognised_whatever_the_spelling(raw, venue):
    result = normalize_venue(raw)

    assert (result.venue, result.kind, result.status) == (venue, "conference", "published")


@pytest.mark.parametrize(
    ("raw", "entry_type"),
    [
        ("NeurIPS", "article"),
        ("Advances in Neural Information Processing Systems", "article"),
        ("Neural Information Processing Systems (NeurIPS)", "JOUR"),
        ("Advances in Neural Information Processing Systems", "article-journal"),
        ("NeurIPS", "misc"),
    ],
)
def test_the_venue_decides_the_kind_not_the_entry_type(raw, entry_type):
    assert normalize_venue(raw, entry_type=entry_type) == conference("NeurIPS")


@pytest.mark.parametrize(
    ("raw", "venue", "tier", "area"),
    [
        ("IEEE Transactions on Pattern Analysis and Machine Intelligence", "TPAMI", "top", "cv"),
        ("{IEEE} Trans. Pattern Anal. Mach. Intell.", "TPAMI", "top", "cv"),
        ("Journal of Machine Learning Research", "JMLR", "top", "ml"),
        ("J. Mach. Learn. Res.", "JMLR", "top", "ml"),
        ("TMLR", "TMLR", "top", "ml"),
        ("Transactions on Machine Learning Research", "TMLR", "top", "ml"),
        ("International Journal of Computer Vision", "IJCV", "top", "cv"),
        ("Transactions of the Association for Computational Linguistics", "TACL", "top", "nlp"),
        ("Computational Linguistics", "CL", "strong", "nlp"),
        ("Nature", "Nature", "top", "general_science"),
        ("Nature 619, 533-538 (2023)", "Nature", "top", "general_science"),
        ("Nature Machine Intelligence", "Nature Machine Intelligence", "top", "ml"),
        ("Nat. Mac. Intell.", "Nature Machine Intelligence", "top", "ml"),
        ("Nature Communications", "Nature Communications", "strong", "general_science"),
        ("Science", "Science", "top", "general_science"),
        ("Proceedings of the National Academy of Sciences", "PNAS", "top", "general_science"),
        ("Physical Review Letters", "PRL", "top", "physics"),
        ("Physical Review X", "PRX", "top", "physics"),
        ("Physical Review B 105, 045123", "PRB", "strong", "physics"),
        ("Phys. Rev. E", "PRE", "strong", "physics"),
        ("The Annals of Statistics", "Annals of Statistics", "top", "stats"),
        ("Journal of the American Statistical Association", "JASA", "top", "stats"),
        ("Journal of the Royal Statistical Society: Series B (Statistical Methodology)", "JRSS-B",
         "top", "stats"),
        ("Biometrika", "Biometrika", "top", "stats"),
        ("SIAM Journal on Optimization", "SIOPT", "top", "optimization"),
        ("IEEE Transactions on Image Processing", "TIP", "strong", "cv"),
        ("ACM Computing Surveys", "ACM Computing Surveys", "strong", "general_cs"),
        ("Neural Computation", "Neural Computation", "strong", "ml"),
        ("Machine Learning", "MLJ", "strong", "ml"),
        ("Artificial Intelligence, 299:103535", "AIJ", "top", "ai"),
        ("Journal of Artificial Intelligence Research", "JAIR", "strong", "ai"),
        ("Pattern Recognition", "Pattern Recognition", "strong", "cv"),
        ("Neurocomputing", "Neurocomputing", "other", "ml"),
        ("Neural Networks", "Neural Networks", "strong", "ml"),
        ("Plos One", "PLOS ONE", "other", "general_science"),
        ("Scientific Reports", "Scientific Reports", "other", "general_science"),
        ("{VLDB} J.", "VLDB Journal", "strong", "databases"),
        ("Proc. {VLDB} Endow.", "PVLDB", "top", "databases"),
        ("Proceedings of the IEEE", "Proceedings of the IEEE", "strong", "engineering"),
        ("ACM Transactions on Multimedia Computing, Communications and Applications", "TOMM",
         "other", "multimedia"),
    ],
)  # fmt: skip
def test_journals_are_recognised_with_a_tier(raw, venue, tier, area):
    assert normalize_venue(raw, entry_type="article") == Venue(
        venue=venue, kind="journal", tier=tier, area=area, status="published"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("NAACL 2022", "NAACL"),
        ("EACL 2023", "EACL"),
        ("AACL-IJCNLP 2022", "AACL"),
        ("ACL 2023", "ACL"),
        ("ICLR 2023", "ICLR"),
        ("Nature Communications 14, 2023", "Nature Communications"),
        ("Nature", "Nature"),
        ("Science Advances", "Science Advances"),
        ("ACM Multimedia Asia", "MM Asia"),
        ("ACM Multimedia", "ACM MM"),
        ("Briefings in Bioinformatics", "Briefings in Bioinformatics"),
        ("Machine Learning: Science and Technology", "Machine Learning: Science and Technology"),
        ("Proceedings of the 13th ACM Workshop on Artificial Intelligence and Security", "AISec"),
    ],
)
def test_the_most_specific_name_wins(raw, expected):
    assert normalize_venue(raw).venue == expected


@pytest.mark.parametrize(
    "raw",
    [
        "CV",
        "AI",
        "AI Open",
        "Cell Reports",
        "Nature-inspired computing",
        "Journal of Computer Science",
        "International Micro Air Vehicle Conference",
        "International Conference on Machine Learning and Applications (ICMLA)",
        "International Conference on Computer Vision Systems",
        "IEEE Conference on Computational Intelligence in Bioinformatics and Computational Biology",
        "Workshop on Machine Learning and Systems (EuroMLSys 2021)",
    ],
)
def test_words_that_merely_look_like_a_venue_are_not_that_venue(raw):
    result = normalize_venue(raw)

    assert result.tier is None
    assert result.venue not in {"NeurIPS", "ICML", "ICCV", "MICRO", "Science", "Nature", "Cell",
                                "Bioinformatics", "MLSys"}  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "venue"),
    [
        ("M{\\\"u}nchen Conference on Foo", "Munchen Conference on Foo"),
        ("\\textbf{NeurIPS} 2023", "NeurIPS"),
        ("2024 {IEEE} {International} {Conference} on {Quantum} {Computing} and {Engineering} "
         "({QCE})", "QCE"),
        ("Joint Conference on Artificial Intelligence (IJCAI\u2011ECAI)", "IJCAI"),
        ("Conf\u00e9rence Internationale sur l'Apprentissage", "Conference Internationale sur "
         "l'Apprentissage"),
    ],
)  # fmt: skip
def test_latex_and_unicode_are_cleaned(raw, venue):
    assert normalize_venue(raw).venue == venue


@pytest.mark.parametrize(
    ("raw", "venue"),
    [
        ("Proc. IEEE Conf. Comput. Vis. Pattern Recognit.", "CVPR"),
        ("Proc. of the 40th Int. Conf. on Machine Learning", "ICML"),
        ("Proc. Int. Conf. Learn. Represent.", "ICLR"),
        ("Adv. Neural Inf. Process. Syst.", "NeurIPS"),
        ("Proc. Annu. Meet. Assoc. Comput. Linguist.", "ACL"),
        ("Proc. Conf. Empir. Methods Nat. Lang. Process.", "EMNLP"),
        ("Proc. AAAI Conf. Artif. Intell.", "AAAI"),
        ("Proc. Eur. Conf. Comput. Vis.", "ECCV"),
        ("Proc. Int. Conf. Artif. Intell. Statist.", "AISTATS"),
        ("Proc. Conf. Robot Learn.", "CoRL"),
        ("Proc. IEEE Int. Conf. Acoust., Speech Signal Process.", "ICASSP"),
    ],
)
def test_names_abbreviated_as_ieee_references_abbreviate_them_are_recognised(raw, venue):
    assert normalize_venue(raw).venue == venue


def test_an_abbreviated_name_of_no_known_venue_stays_as_written():
    assert normalize_venue("Proc. Int. Conf. Foo Bar").venue == "Int. Conf. Foo Bar"


def test_close_spellings_of_long_names_are_recognised():
    assert normalize_venue("Advances in Nueral Information Processing Systems").venue == "NeurIPS"
    assert normalize_venue("International Conference on Learning Representation").venue == "ICLR"


def test_the_title_never_changes_the_venue():
    plain = normalize_venue("ICML 2024")

    assert normalize_venue("ICML 2024", title="A Workshop on Workshops (under review)") == plain
    assert normalize_venue("", title="Proceedings of NeurIPS") == Venue(venue=None, kind="other")


# --- tracks --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "venue"),
    [
        ("Findings of the Association for Computational Linguistics: EMNLP 2023", "EMNLP"),
        ("Findings of the Association for Computational Linguistics: ACL-IJCNLP 2021", "ACL"),
        ("Findings of the Association for Computational Linguistics: NAACL 2022", "NAACL"),
        ("Findings of the 48th Annual Meeting of the Association for Computational Linguistics "
         "(ACL)", "ACL"),
        ("Findings of EMNLP 2023", "EMNLP"),
        ("EMNLP (Findings)", "EMNLP"),
        ("Findings of ACL 2023", "ACL"),
        ("Findings of the Association for Computational Linguistics", "ACL"),
    ],
)  # fmt: skip
def test_findings_papers_keep_the_parent_venue_with_the_findings_track(raw, venue):
    assert normalize_venue(raw) == conference(venue, track="findings", tier="strong")


@pytest.mark.parametrize(
    "raw",
    [
        "NeurIPS 2023 Datasets and Benchmarks Track",
        "Thirty-seventh Conference on Neural Information Processing Systems Datasets and "
        "Benchmarks Track",
        "Advances in Neural Information Processing Systems Track on Datasets and Benchmarks",
    ],
)
def test_neurips_datasets_and_benchmarks_papers_are_neurips_with_their_own_track(raw):
    assert normalize_venue(raw) == conference("NeurIPS", track="datasets_benchmarks")


@pytest.mark.parametrize(
    ("raw", "venue", "track", "tier"),
    [
        ("ACL (Volume 1: Long Papers)", "ACL", "main", "top"),
        ("ICML (Oral)", "ICML", "main", "top"),
        ("NeurIPS (Spotlight)", "NeurIPS", "main", "top"),
        ("EMNLP (short)", "EMNLP", "short", "top"),
        ("Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics "
         "(Volume 2: Short Papers)", "ACL", "short", "top"),
        ("ACL 2023 System Demonstrations", "ACL", "demo", "other"),
        ("Proceedings of the 2023 Conference on Empirical Methods in Natural Language Processing: "
         "System Demonstrations", "EMNLP", "demo", "other"),
        ("Proceedings of the 2023 Conference of the North American Chapter of the Association for "
         "Computational Linguistics: Human Language Technologies (Volume 5: Industry Track)",
         "NAACL", "industry", "strong"),
        ("ICML 2024 Position Paper Track", "ICML", "position", "top"),
        ("Proceedings of the AAAI Conference on Artificial Intelligence (Student Abstract)",
         "AAAI", "student", "other"),
        ("ACL 2022 Tutorial Abstracts", "ACL", "tutorial", "other"),
        ("CVPR 2023 Demo", "CVPR", "demo", "other"),
        ("AAAI 2024 Student Abstract", "AAAI", "student", "other"),
        ("AAMAS 2024 (Extended Abstract)", "AAMAS", "extended_abstract", "other"),
        ("Extended Abstract, AAMAS 2023", "AAMAS", "extended_abstract", "other"),
        ("ICLR 2024 Blog Post Track", "ICLR", "blog_post", "other"),
        ("NeurIPS 2022 Competition Track", "NeurIPS", "competition", "other"),
    ],
)  # fmt: skip
def test_tracks_are_told_apart_and_lesser_tracks_are_graded_lower(raw, venue, track, tier):
    assert normalize_venue(raw) == conference(venue, track=track, tier=tier)


@pytest.mark.parametrize(
    "raw",
    [
        "Computer Vision and Pattern Recognition (CVPR), 2021 Oral, Best Student Paper Finalist",
        "CVPR 2021 Best Student Paper Honorable Mention",
    ],
)
def test_a_best_student_paper_award_is_no_student_track(raw):
    assert normalize_venue(raw) == conference("CVPR")


def test_an_open_problem_at_colt_is_no_main_track_paper():
    raw = "In the Proceedings of the 30th Annual Conference on Learning Theory (COLT), 2017"

    assert normalize_venue(raw, title="Open Problem: Meeting Times of Invented Automata") == (
        conference("COLT", track="open_problem", tier="other")
    )
    assert normalize_venue(raw, title="Meeting Times of Invented Automata") == conference("COLT")


@pytest.mark.parametrize(
    ("raw", "venue"),
    [
        ("In the Proceedings ofthe 7th AAAI Conference on Human Computation and Crowdsourcing "
         "(HCOMP), 2019, pp. 41-49", "HCOMP"),
        ("Proceedings of the AAAI Conference on Artificial Intelligence (AAAI), 2021", "AAAI"),
        ("ICLR 2024 (OpenReview)", "ICLR"),
    ],
)  # fmt: skip
def test_an_acronym_alone_in_brackets_names_the_venue(raw, venue):
    assert normalize_venue(raw).venue == venue


@pytest.mark.parametrize(
    ("raw", "venue", "kind"),
    [
        ("In the COLT 2007 Special Issue of Machine Learning, Vol. 72(1-2), 2008", "MLJ",
         "journal"),
        ("In the Proceedings of COLT, 2007, pp. 51-65. Invited to a special issue of Machine "
         "Learning", "COLT", "conference"),
    ],
)  # fmt: skip
def test_a_special_issue_is_the_journals_and_an_invitation_to_one_is_not(raw, venue, kind):
    assert (normalize_venue(raw).venue, normalize_venue(raw).kind) == (venue, kind)


# --- workshops -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "venue"),
    [
        ("ICLR 2024 Workshop on Reliable and Responsible Foundation Models", "ICLR"),
        ("NeurIPS 2022 Workshop on Distribution Shifts", "NeurIPS"),
        ("Workshop on Causal Representation Learning at NeurIPS 2023", "NeurIPS"),
        ("Neural Information Processing Systems (NIPS) Workshop on Challenges in Machine Learning",
         "NeurIPS"),
        ("CVPR Workshops", "CVPR"),
        ("IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops (CVPRW)",
         "CVPR"),
        ("CVPRW", "CVPR"),
        ("ICML Workshop on Machine Learning for Health", "ICML"),
        ("Conference Workshop: DGMs and Applications NeurIPS 2021", "NeurIPS"),
        ("ICLR 2023 Tiny Papers", "ICLR"),
        ("Companion Proceedings of the ACM Web Conference 2024", "WWW"),
        ("2020 50th Annual IEEE/IFIP International Conference on Dependable Systems and Networks "
         "Workshops (DSN-W)", "DSN"),
    ],
)  # fmt: skip
def test_workshops_name_their_parent_venue_and_are_graded_other(raw, venue):
    assert normalize_venue(raw, entry_type="inproceedings") == Venue(
        venue=venue,
        kind="workshop",
        tier="other",
        area=normalize_venue(venue).area,
        status="published",
    )


@pytest.mark.parametrize("note", ["Workshop", "(workshop paper)", "CVPRW", "Oral; workshop"])
def test_a_note_that_labels_the_entry_a_workshop_makes_it_one(note):
    found = normalize_venue(
        "IEEE/CVF Conference on Computer Vision and Pattern Recognition", note=note
    )
    assert (found.venue, found.kind, found.tier) == ("CVPR", "workshop", "other")


@pytest.mark.parametrize(
    "note", ["Also presented at the ICML workshop on fictional topics", "Review", "Oral"]
)
def test_a_note_that_only_mentions_a_workshop_leaves_the_main_conference(note):
    assert normalize_venue("CVPR 2023", note=note).kind == "conference"


def test_a_workshop_with_no_known_parent_keeps_its_own_acronym_and_no_tier():
    assert normalize_venue("Proceedings of the 2nd International Workshop on Foo (FOO 2018)") == (
        Venue(venue="FOO", kind="workshop", status="published")
    )


def test_an_unknown_venue_without_an_acronym_keeps_its_cleaned_name():
    assert normalize_venue("Proceedings of the 3rd International Conference on Foo, 2021") == (
        Venue(venue="International Conference on Foo", kind="conference", status="published")
    )


def test_student_research_workshops_are_workshops_with_the_student_track():
    raw = (
        "Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics "
        "(Volume 4: Student Research Workshop)"
    )

    assert normalize_venue(raw) == Venue(
        venue="ACL", kind="workshop", track="student", tier="other", area="nlp", status="published"
    )


def test_a_venue_called_a_workshop_is_not_a_workshop_of_itself():
    result = normalize_venue("2023 IEEE Automatic Speech Recognition and Understanding Workshop")

    assert (result.venue, result.kind, result.tier) == ("ASRU", "conference", "strong")


# --- status: submitted, preprints, accepted --------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "note"),
    [
        ("Under review at ICML 2025", None),
        ("Submitted to NeurIPS", None),
        ("In submission", None),
        ("Under submission to ACL Rolling Review", None),
        ("In review at ICLR 2025.", None),
        ("[Under Review]", None),
        ("IEEE Transactions on Image Processing, (under review), 2024.", None),
        ("ICML 2025", "(under review)"),
        ("NeurIPS", "Submitted"),
        ("Nature", "major revision"),
    ],
)
def test_submitted_work_is_not_credited_to_its_target_venue(raw, note):
    assert normalize_venue(raw, entry_type="article", note=note) == Venue(
        venue=None, kind="preprint", status="under_review"
    )


@pytest.mark.parametrize(
    ("raw", "entry_type", "note", "server"),
    [
        ("arXiv preprint arXiv:2301.00001", "article", None, "arXiv"),
        ("CoRR abs/2101.12345", "article", None, "arXiv"),
        ("CoRR", "article", None, "arXiv"),
        ("arXiv", None, None, "arXiv"),
        ("Technical report, arXiv:2206.10875", "article", None, "arXiv"),
        ("https://arxiv.org/abs/2301.00001", None, None, "arXiv"),
        ("bioRxiv", "article", None, "bioRxiv"),
        ("medRxiv 2023.01.01.123456", None, None, "medRxiv"),
        ("SSRN Electronic Journal", "article", None, "SSRN"),
        ("OpenReview", None, None, "OpenReview"),
        (None, "misc", "arXiv:2301.00001", "arXiv"),
        ("", "misc", "2301.00001", "arXiv"),
        (None, "misc", "https://openreview.net/pdf?id=abc", "OpenReview"),
    ],
)
def test_preprint_servers_are_preprints_without_a_tier(raw, entry_type, note, server):
    result = normalize_venue(raw, entry_type=entry_type, note=note)

    assert (result.venue, result.kind, result.tier, result.status) == (
        server,
        "preprint",
        None,
        "preprint",
    )


@pytest.mark.parametrize(
    ("raw", "entry_type", "note"),
    [
        ("Preprint", None, None),
        ("Targeting top-tier journal", "article", None),
        ("Manuscript in preparation", None, None),
        ("ICML 2023", None, "preprint"),
        ("", "unpublished", None),
        ("Google Research", "techreport", None),
    ],
)
def test_unpublished_work_is_a_preprint_with_no_venue(raw, entry_type, note):
    assert normalize_venue(raw, entry_type=entry_type, note=note) == Venue(
        venue=None, kind="preprint", status="preprint"
    )


def test_a_real_venue_beats_the_preprint_server_it_is_hosted_on():
    assert normalize_venue("ICLR 2024 (OpenReview)") == conference("ICLR")
    assert normalize_venue("ICLR", entry_type="misc", note="arXiv:2301.00001") == conference("ICLR")


@pytest.mark.parametrize(
    ("raw", "note", "venue"),
    [
        ("To appear in NeurIPS 2024", None, "NeurIPS"),
        ("Accepted at ICML 2024", None, "ICML"),
        ("Accepted to ACL 2024 (Findings)", None, "ACL"),
        ("ICML 2024 (to appear)", None, "ICML"),
        ("ICML 2024", "accepted", "ICML"),
        ("arXiv preprint arXiv:2401.00001", "To appear at ICML 2024", "ICML"),
    ],
)
def test_accepted_papers_are_credited_to_their_venue_as_accepted(raw, note, venue):
    result = normalize_venue(raw, note=note)

    assert (result.venue, result.kind, result.status) == (venue, "conference", "accepted")


def test_a_paper_submitted_then_accepted_is_accepted():
    result = normalize_venue(
        "Journal of Foo Studies", entry_type="article", note="Submitted 2013, accepted July 2015"
    )

    assert (result.venue, result.kind, result.status) == (
        "Journal of Foo Studies",
        "journal",
        "accepted",
    )


# --- theses, unknown and empty venues --------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "entry_type"),
    [
        ("PhD thesis, University of X", None),
        ("Master's thesis, University of Y", None),
        ("Dissertation, University of Z", None),
        ("Linguistics Honors Thesis, Stanford University", "article"),
        ("University of Cambridge", "phdthesis"),
        (None, "mastersthesis"),
        ("ETH Zurich", "THES"),
        ("", "thesis"),
    ],
)
def test_theses_are_theses_with_no_venue(raw, entry_type):
    assert normalize_venue(raw, entry_type=entry_type) == Venue(venue=None, kind="thesis")


@pytest.mark.parametrize(
    ("raw", "entry_type", "venue", "kind"),
    [
        ("Journal of Foo Studies", None, "Journal of Foo Studies", "journal"),
        ("Transactions on Bar Engineering", None, "Transactions on Bar Engineering", "journal"),
        ("Journal of Hydrology, 2019, 574: 588-608.", None, "Journal of Hydrology", "journal"),
        ("Urban Climate", "article", "Urban Climate", "journal"),
        ("Proceedings of the 3rd International Conference on Foo", None,
         "International Conference on Foo", "conference"),
        ("18th International Symposium on Bar, Paris, France, May 2-4, 2018", None,
         "International Symposium on Bar", "conference"),
        ("AIAA SCITECH 2022 Forum", "inproceedings", "AIAA SCITECH Forum", "conference"),
        ("Baz Days", "inproceedings", "Baz Days", "conference"),
    ],
)  # fmt: skip
def test_unknown_venues_keep_a_cleaned_name_and_no_tier(raw, entry_type, venue, kind):
    result = normalize_venue(raw, entry_type=entry_type)

    assert (result.venue, result.kind, result.tier, result.status) == (
        venue,
        kind,
        None,
        "published",
    )


@pytest.mark.parametrize(
    ("raw", "entry_type", "expected"),
    [
        (None, None, Venue(venue=None, kind="other")),
        ("", None, Venue(venue=None, kind="other")),
        ("   {} ", None, Venue(venue=None, kind="other")),
        ("Some Book Title", "book", Venue(venue=None, kind="other")),
        ("", "incollection", Venue(venue=None, kind="other")),
        ("", "inproceedings", Venue(venue=None, kind="conference", status="published")),
        ("", "article", Venue(venue=None, kind="journal", status="published")),
        ("Nature-inspired computing", None, Venue(venue=None, kind="other")),
    ],
)
def test_an_entry_without_a_recognisable_venue_says_only_what_its_type_says(
    raw, entry_type, expected
):
    assert normalize_venue(raw, entry_type=entry_type) == expected


def test_books_and_chapters_take_the_venue_when_it_is_known():
    assert normalize_venue("ACM Multimedia Asia", entry_type="incollection").venue == "MM Asia"
    assert normalize_venue("ECCV 2022", entry_type="book") == conference("ECCV")


# --- robustness and speed --------------------------------------------------------------------

ENTRY_TYPES = [None, "article", "inproceedings", "misc", "phdthesis", "techreport",
               "unpublished", "book", "JOUR", "CPAPER", "paper-conference", "manuscript",
               "articlebold"]  # fmt: skip
VENUE_WORDS = ["NeurIPS", "ICML", "Workshop", "on", "Findings", "of", "the", "ACL", ":", "(", ")",
               "2023", "37th", "Proceedings", "arXiv", "under review", "accepted", "to appear",
               "Journal", "Transactions", "{\\\"o}", "\\&", "$^{th}$", ",", "Nature", "Track",
               "Datasets and Benchmarks", "thesis", "CVPRW", "https://arxiv.org/abs/1"]  # fmt: skip
venue_like_text = st.lists(st.sampled_from(VENUE_WORDS) | st.text(max_size=12), max_size=12).map(
    " ".join
)


@settings(
    max_examples=300,
    deadline=None,
    # The suite's autouse fixtures (media folder) are irrelevant to this pure function.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    raw=st.none() | st.text() | venue_like_text,
    note=st.none() | st.text(max_size=40) | venue_like_text,
    entry_type=st.sampled_from(ENTRY_TYPES) | st.text(max_size=10),
)
def test_any_text_gives_a_valid_venue_and_never_raises(raw, note, entry_type):
    result = normalize_venue(raw, entry_type=entry_type, note=note, title=raw)

    assert result.kind in KINDS
    assert result.track in (*TRACKS, None)
    assert result.tier in (*TIERS, None)
    assert result.status in (*STATUSES, None)
    assert result.area in (*AREAS, None)
    assert result.venue is None or result.venue.strip()


def test_very_long_input_is_handled_quickly():
    start = time.perf_counter()
    result = normalize_venue("Workshop on " * 100_000 + "NeurIPS")

    assert result.kind in KINDS
    assert time.perf_counter() - start < 0.5


def test_five_thousand_different_venue_strings_take_well_under_two_seconds():
    templates = [
        "Advances in Neural Information Processing Systems {}",
        "Proc. of the {}th International Conference on Machine Learning (ICML)",
        "ICLR {} Workshop on Reliable Models",
        "Findings of the Association for Computational Linguistics: EMNLP {}",
        "Journal of Foo {} Studies",
        "Proceedings of the {}rd International Conference on Bar",
        "arXiv preprint arXiv:{}.00001",
        "Under review at ICML {}",
        "IEEE Transactions on Pattern Analysis and Machine Intelligence {}",
        "Some unknown words {} here",
    ]
    strings = [template.format(n) for n in range(500) for template in templates]
    catalogue()  # loading the data once is not part of the lookups

    start = time.perf_counter()
    for raw in strings:
        normalize_venue(raw)

    assert time.perf_counter() - start < 2


# --- the reference data ----------------------------------------------------------------------


def test_the_reference_data_is_well_formed():
    records = load_records()

    assert len(records) >= 150
    assert len({record.acronym for record in records}) == len(records)
    for record in records:
        assert record.kind in ("conference", "journal", "workshop", "preprint"), record
        assert record.area in AREAS, record
        assert (record.tier is None) == (record.kind == "preprint"), record
        assert record.tier in (*TIERS, None), record
        assert all(alias == name_forms(alias)[0] for alias in record.aliases), record


def test_every_venue_names_a_public_source():
    sources = {entry["acronym"]: entry["source"] for entry in _raw_entries()}

    assert all(re.match(r"https://[\w.-]+\.[a-z]{2,}/", source) for source in sources.values())


def test_each_name_belongs_to_a_single_venue():
    owners = defaultdict(set)
    for record in load_records():
        for name in (record.acronym, record.name, *record.aliases):
            for form in name_forms(name):
                owners[form].add(record.acronym)

    assert {form: names for form, names in owners.items() if len(names) > 1} == {}


def test_each_short_form_belongs_to_a_single_venue():
    owners = defaultdict(set)
    for record in load_records():
        for word in record.words:
            owners[word.lower()].add(record.acronym)
        for word in record.cased_words:
            owners[word].add(record.acronym)

    assert {word: names for word, names in owners.items() if len(names) > 1} == {}


@pytest.mark.parametrize("record", load_records(), ids=lambda record: record.acronym)
def test_every_venue_is_found_by_its_name_and_its_acronym(record):
    for text in (record.name, record.acronym):
        result = normalize_venue(text)

        assert (result.venue, result.kind, result.tier) == (
            record.acronym,
            record.kind,
            record.tier,
        )


def _raw_entries() -> list[dict]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))["venues"]


# --- the real corpus -------------------------------------------------------------------------


def _corpus_venue_fields(corpus: Path) -> list[tuple[str, str]]:
    """(entry type, booktitle or journal) of every entry of the corpus bibliographies."""
    fields: list[tuple[str, str]] = []
    for path in sorted((corpus / "bib").glob("*.bib")):
        for entry in bibtexparser.parse_file(str(path)).entries:
            fields.extend(
                (entry.entry_type, entry.fields_dict[key].value)
                for key in ("booktitle", "journal")
                if key in entry.fields_dict
            )
    return fields


@pytest.mark.corpus
def test_most_venue_strings_of_the_real_bibliographies_are_recognised(corpus_dir):
    fields = _corpus_venue_fields(corpus_dir)
    results = [normalize_venue(value, entry_type=entry_type) for entry_type, value in fields]
    named = [result for result in results if result.venue is not None]
    # In the data: a known venue (with a tier) or a preprint server.
    known = [result for result in named if result.tier is not None or result.kind == "preprint"]

    assert len(fields) >= 200
    assert len(named) / len(fields) >= 0.95
    assert len(known) / len(fields) >= 0.80


def test_every_track_has_a_label_for_the_pages():
    from candidates.venues import TRACK_LABELS

    assert set(TRACK_LABELS) == set(TRACKS)
    assert TRACK_LABELS["open_problem"] == "open problem"
