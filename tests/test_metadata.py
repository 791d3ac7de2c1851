"""Review metadata from a report's title block and introduction: read, never guessed."""

from __future__ import annotations

from reviewgraph.loaders.metadata import (
    age_band,
    detect_board,
    detect_subject,
    detect_type,
    extract_meta,
)


def test_scr_title_block() -> None:
    meta = extract_meta(
        "Serious Case Review in respect of Child K\nFenmarsh Local Safeguarding Children Board\n"
        "Date of publication: March 2016",
        "In February 2015 Child K, a girl then aged 8, was admitted to hospital. This was a "
        "non-fatal case of serious harm caused by chronic neglect.",
    )
    assert (meta.type, meta.subject, meta.year) == ("SCR", "Child K", 2016)
    assert meta.board == "Fenmarsh Local Safeguarding Children Board"
    assert (meta.age, meta.age_band, meta.gender) == ("8 years", "6-10", "female")
    assert (meta.outcome, meta.harm, meta.published) == ("non-fatal", "neglect", True)


def test_unknown_stays_unknown() -> None:
    meta = extract_meta("Learning from practice\nA note for staff", "Practitioners met in May.")
    assert meta.type is None and meta.subject is None and meta.board is None
    assert meta.age_band is None and meta.gender is None and meta.outcome is None
    assert meta.published is None


def test_sar_is_about_an_adult_and_dhr_about_a_death() -> None:
    sar = extract_meta(
        "Safeguarding Adults Review: Adult C\nWexcombe Safeguarding Adults Board", ""
    )
    assert (sar.type, sar.age_band, sar.subject) == ("SAR", "adult", "Adult C")
    dhr = extract_meta(
        "Domestic Homicide Review: DHR/11\nEastmoor Community Safety Partnership", ""
    )
    assert (dhr.type, dhr.outcome, dhr.subject) == ("DHR", "fatal", "DHR/11")


def test_draft_is_marked_unpublished() -> None:
    meta = extract_meta("DRAFT - NOT FOR PUBLICATION\nDomestic Homicide Review: Chloe", "")
    assert meta.published is False
    assert meta.subject == "Chloe"


def test_types_and_bands() -> None:
    assert detect_type("Local Child Safeguarding Practice Review: Baby J") == "CSPR"
    assert detect_type("Child Practice Review CPR 3/2019") == "CPR"
    assert detect_type("Notes", "the SAR found ... the SAR panel") == "SAR"
    assert [
        age_band(n, u)
        for n, u in [
            (3, "weeks"),
            (11, "months"),
            (18, "months"),
            (6, None),
            (15, "years"),
            (17, "years"),
            (19, "years"),
        ]
    ] == ["under 1", "under 1", "1-5", "6-10", "11-15", "16-17", "adult"]


def test_board_stays_on_its_line_and_subject_codes() -> None:
    assert detect_board("Review of Adult C\nNorthbridge Safeguarding Adults Board") == (
        "Northbridge Safeguarding Adults Board",
        "SAB",
    )
    assert detect_board("the Cumbria LSCB") == ("Cumbria LSCB", "LSCB")
    assert detect_subject("Serious Case Review: Child AC") == "Child AC"
    assert detect_subject("Learning review", "known as Baby T in this report") == "Baby T"


def test_a_brand_run_into_the_board_by_a_web_page_logo_is_dropped() -> None:
    # a logo link "Safe in Quillbrook" whose caption is the board's own name
    assert detect_board("Home | Safe Quillbrook Quillbrook Safeguarding Adults Board") == (
        "Quillbrook Safeguarding Adults Board",
        "SAB",
    )
    # a place of two parts is not a brand
    assert detect_board("Home | Quillbrook and Mere Safeguarding Adults Board") == (
        "Quillbrook and Mere Safeguarding Adults Board",
        "SAB",
    )


def test_a_first_name_on_a_cover_line_of_its_own_is_the_subject() -> None:
    cover = "Thornleigh Safeguarding Adults Board\nSafeguarding Adults Review\nWinifred\nIndependent reviewer: A. Marsh"
    assert detect_subject(cover, "1.1 This review is about Winifred, who was 91.") == "Winifred"
    report = "Child Safeguarding Practice Review\nOverview Report\nBarnaby\nPublished: May 2025"
    assert detect_subject(report, "Barnaby was three when he was admitted.") == "Barnaby"
    # a theme on a line of its own is no one's name: the body only starts sentences with it
    themed = "Thematic Safeguarding Adults Review\nTransitions\nPublished: May 2025"
    assert (
        detect_subject(themed, "Transitions to adult services were late. Nobody planned.") is None
    )


def test_a_name_the_introduction_does_not_use_is_checked_in_the_whole_review() -> None:
    title = "Domestic Homicide Review\nExecutive Summary: the death of Oriel"
    intro = "Calderbrook Community Safety Partnership. Chair: J. Penn. Published 3 May 2024"
    whole = "2.1 Oriel's family spoke to the panel about her life."
    assert detect_subject(title, intro) is None  # the introduction alone cannot tell
    assert extract_meta(title, intro, whole=whole).subject == "Oriel"


def test_a_welsh_reference_names_the_person_in_brackets() -> None:
    title = "Concise Adult Practice Review\nRe: WRSB APR 3/2023 (Eirlys)"
    assert detect_subject(title, "Eirlys was 78 and lived alone.") == "Eirlys"


def test_a_national_analysis_is_not_a_case_review() -> None:
    title = "Pathways to harm: a triennial analysis of serious case reviews 2011 to 2014"
    assert detect_type(title) == "OTHER"
    assert (
        detect_type("Introduction", "This briefing is based on the Triennial Analysis of SCRs")
        == "OTHER"
    )


def test_a_briefing_listing_its_cases() -> None:
    from reviewgraph.loaders.cases import named_cases

    text = "This briefing is based on the findings from the recent five SCR's, Children O, R, AC, L and N."
    assert named_cases(text) == ["Child O", "Child R", "Child AC", "Child L", "Child N"]
    assert named_cases("Child K, aged 8, and her brothers") == []


def test_a_theme_word_heading_a_title_is_not_a_subject() -> None:
    body = "Risk was present throughout. Choice was how professionals saw her refusals."
    assert detect_subject("Safeguarding Adults Review: Risk, choice and control", body) is None
    named = "This review concerns Sarah, aged 26. Her GP told Sarah to call the police."
    assert detect_subject("Domestic Homicide Review: Sarah", named) == "Sarah"


def test_welsh_adult_practice_review_is_an_adults_review() -> None:
    assert detect_type("Extended Adult Practice Review Report\nCRSB 1/2024 - Mr T") == "SAR"
    assert detect_type("Concise Child Practice Review\nCRSB 2/2024 - Child P") == "CPR"


def test_a_subject_after_the_death_of_or_about() -> None:
    body = "Mairead was 33 when she was killed by her partner. Mairead's sister spoke to the panel."
    assert detect_subject("Executive Summary\nThe death of Mairead, June 2021", body) == "Mairead"
    assert detect_subject("Domestic Homicide Review into the homicide of Mrs Okoro", "") == (
        "Mrs Okoro"
    )
    # a first name that owns things or has an age is a name, though every sentence starts with it
    web = "Toby was 12 when he was hurt. Toby's school saw the change in him."
    assert detect_subject("Learning summary: Child Safeguarding Practice Review - Toby", web) == (
        "Toby"
    )
    assert detect_subject("Learning summary\nAbout Toby", web) == "Toby"


def test_a_baby_named_by_a_first_name_and_a_cover_line_naming_the_dead() -> None:
    """ "Review: Baby Otis" whose body calls him Otis; a DHR cover's "Lowenna, who died in
    March 2023"; a theme word after "Baby" is still no subject."""
    body = "Kit, aged ten weeks, was taken to hospital. Kit's father was arrested."
    assert detect_subject("Child Safeguarding Practice Review: Baby Kit", body) == "Baby Kit"
    cover = "Domestic Homicide Review\nExecutive Summary\nMarisol, who died in June 2022"
    assert detect_subject(cover, "Marisol was 41. Her son told Marisol's sister.") == "Marisol"
    assert detect_subject("Serious Case Review: Baby Steps", "Parents took baby steps.") is None
