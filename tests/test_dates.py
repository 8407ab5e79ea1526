"""Datelines and date expressions: what a reader of the article would conclude, never today's date."""
from __future__ import annotations

import pytest

from geo.dates import DateMention, find_dateline, find_dates, parse_date
from geo.records import DateValue

# ------------------------------------------------------------------ datelines

DATELINES = [
    # (head of an article, expected ISO date)
    ("25 June 2018\n\nTehran has stepped up its lobbying of the new coalition.", "2018-06-25"),
    ("Militia Leaders Gather in the Capital25 June 2018\n\nThe meeting lasted until late.", "2018-06-25"),
    ("Opposition Rallies Abroad 25 June 2018\n\nWire Desk\nLondon, 25 Jun - Exiles gathered outside the embassy.",
     "2018-06-25"),
    ("Wire Desk\nLondon, 25 Jun - Exiles gathered outside the embassy to mark the vote of 12 May 2018.",
     "2018-06-25"),
    ("Deal Signed\n\nNov. 18, 2019\n\nThe two ministers met in the capital.", "2019-11-18"),
    ("Analyst Desk\n\nPublished: November 11, 2019 12:26\n\nDubai: Both governments face crowds.", "2019-11-11"),
    ("By Jane Doe On 11/7/19 at 7:52 AM EST\n\nA new report warns of proxy networks.", "2019-11-07"),
    ("Updated: November 20, 2019\n\nSeven protesters were killed.", "2019-11-20"),
    ("Border Talks Resume\nThursday, 01 March 2018 08:09\n\nNCRI Staff\n\nOfficials met again.", "2018-03-01"),
    ("Protesters storm consulate\nNovember 4, 2019\nBAGHDAD (Reuters) - Protesters set fire to the gate.",
     "2019-11-04"),
    ("BAGHDAD, March 3, 2021 - Rockets struck an air base in Anbar province on Wednesday.", "2021-03-03"),
    ("2020-02-11\n\nCrowds gathered in the square.", "2020-02-11"),
    ("Posted on 2022-01-30 by editor\n\nGuards exchanged fire with smugglers.", "2022-01-30"),
    ("By Someone ElseNovember 16, 2019\n\nThe commander arrived by helicopter.", "2019-11-16"),
    ("BEIRUT, Oct 17 (Reuters) - Thousands protested, the largest rallies since 2015. Published 17 October 2019",
     "2019-10-17"),
    ("Unrest Spreads\nBy A. Writer, CNN\nUpdated 1:23 PM ET, Mon November 4, 2019\n\nBAGHDAD (CNN) Crowds grew.",
     "2019-11-04"),
    ("Mon 4 Nov 2019 10.38 GMT\n\nThe cleric called for calm.", "2019-11-04"),
    ("Last modified on Mon 4 Nov 2019 13.07 GMT", "2019-11-04"),
    ("Monday, 4 November, 2019 - 09:45\n\nThe ministry said the border was closed.", "2019-11-04"),
    ("November 4, 20194:13 PM UTCUpdated 2 hours ago\n\nThe envoy arrived.", "2019-11-04"),  # scraped, glued
    ("3 November 2019 | Wire Service\n\nGunmen attacked a convoy.", "2019-11-03"),
    ("Updated 04 November 2019\n\nThe council met.", "2019-11-04"),
]


@pytest.mark.parametrize(("head", "iso"), DATELINES)
def test_dateline_formats(head, iso):
    found = find_dateline(head)
    assert found is not None, head
    assert (found.iso, found.precision) == (iso, "day")
    assert found.how  # says where it came from


def test_ambiguous_numeric_dateline_keeps_only_the_year():
    found = find_dateline("04-11-2019\n\nThe council met.")
    assert (found.iso, found.precision) == ("2019", "year")


def test_published_beats_updated():
    head = "Updated: 2 December 2020\nPublished: 30 November 2020\n\nThe court ruled on Monday."
    assert find_dateline(head).iso == "2020-11-30"


@pytest.mark.parametrize("head", [
    "London, 25 Jun - Exiles gathered outside the embassy.",  # no year anywhere: never guess one
    "DUBAI, Nov 3 (Reuters) - Iran said it would respond.",
    "In a speech in March 2018, the minister said the militias would stay.",  # prose, not a dateline
    "On 3 November 2019, protesters in the city attacked the consulate and burned its gate, witnesses said.",
    "The vote was held on the same day as the ceremony.",
    "The report, published on 3 March 2019, said the militia had grown.",
    "",
])
def test_no_dateline_without_evidence(head):
    assert find_dateline(head) is None


def test_yearless_wire_dateline_takes_the_year_of_the_head():
    found = find_dateline("Election Results 2 July 2018\n\nLondon, 25 Jun - Exiles gathered.")
    # the standalone full date is the better dateline; the wire one would have had year 2018 too
    assert found.iso[:4] == "2018"
    found = find_dateline("London, 25 Jun - Exiles gathered to mark the vote of 12 May 2018.")
    assert found.iso == "2018-06-25" and "year from" in found.how


# ------------------------------------------------------------ explicit dates


@pytest.mark.parametrize(("sentence", "phrase", "iso", "precision"), [
    ("On 3 November 2019, protesters attacked the consulate in Karbala.", "3 November 2019", "2019-11-03", "day"),
    ("He was convicted in July 2022 and sentenced to life.", "July 2022", "2022-07", "month"),
    ("The group was founded in 2014 to fight the insurgents.", "2014", "2014", "year"),
    ("In a speech in March 2018 the leader praised the fighters.", "March 2018", "2018-03", "month"),
    ("Militias drove the insurgents out of the town in late 2014.", "late 2014", "2014", "year"),
    ("The assassination on February 14, 2005 shook the country.", "February 14, 2005", "2005-02-14", "day"),
    ("A cable dated 2014-11-23 describes the operation.", "2014-11-23", "2014-11-23", "day"),
    ("Before the 2018 general elections the bloc was weaker.", "2018", "2018", "year"),
    ("He was killed on the 30th of June 2016 near the river.", "30th of June 2016", "2016-06-30", "day"),
])
def test_explicit_dates_need_no_anchor(sentence, phrase, iso, precision):
    mentions = find_dates(sentence)
    hit = [m for m in mentions if phrase in m.text]
    assert hit, mentions
    assert (hit[0].value.iso, hit[0].value.precision) == (iso, precision)
    assert hit[0].value.how and "explicit" in hit[0].how


@pytest.mark.parametrize(("sentence", "year"), [
    ("Relatives of those killed in a 2014 massacre near the dam demanded a trial.", "2014"),
    ("Iraq's 2018 election produced a fragmented parliament.", "2018"),
    ("Survivors of the 2019 protests marched again, the ACLED note says.", "2019"),
    ("Analysts compare it with its 2021 budget, which the militias shaped.", "2021"),
])
def test_a_bare_year_before_the_noun_it_modifies_is_a_year(sentence, year):
    (m,) = find_dates(sentence)
    assert m.text == year and (m.value.iso, m.value.precision) == (year, "year")
    assert "explicit year" in m.how


@pytest.mark.parametrize("sentence", [
    "Officials said 2014 people fled the shelling in the south.",
    "Militants fired rocket 2019 at the base, a spokesman said.",
    "The brigade fired 2019 rockets over the border in a month.",
    "The ministry sent the 2000 troops home and opened shelters for 2000 families.",
    "Flight 2019 landed late.",
])
def test_a_four_digit_count_or_label_is_not_a_year(sentence):
    assert find_dates(sentence) == []


def test_a_temporal_cue_keeps_a_year_before_a_count_noun():
    (m,) = find_dates("In 2014 troops entered the city after a week of fighting.")
    assert m.value.iso == "2014"


def test_mentions_carry_offsets_into_the_text():
    text = "Clashes erupted on Monday and again on 5 March 2021."
    for m in find_dates(text, DateValue("2021-03-10", "day")):
        assert isinstance(m, DateMention)
        assert text[m.start:m.end] == m.text


def test_capitalised_month_names_only():
    # "may" and "march" as verbs are not dates
    assert find_dates("Fighters may march on the town, the mayor warned.") == []


# ------------------------------------------------------------ relative dates

ANCHOR = DateValue("2019-11-20", "day")  # a Wednesday


@pytest.mark.parametrize(("sentence", "iso", "precision"), [
    ("Seven protesters were killed last month in the city.", "2019-10", "month"),
    ("The rocket hit the base on Monday, officials said.", "2019-11-18", "day"),
    ("The commander arrived on Friday.", "2019-11-15", "day"),
    ("A helicopter brought him to the capital on October 30 last.", "2019-10-30", "day"),
    ("The vote held on December 18 was marred by boycotts.", "2018-12-18", "day"),
    ("Security forces killed hundreds of protesters in November.", "2019-11", "month"),
    ("Attacks have continued since Oct. 25 across the south.", "2019-10-25", "day"),
    ("Activists launched a boycott this November.", "2019-11", "month"),
    ("Ministers met earlier this week in the capital.", "2019-11", "month"),
    ("An activist fled the country last week.", "2019-11", "month"),
    ("Gunmen opened fire yesterday on the crowd.", "2019-11-19", "day"),
    ("Talks broke down the day before.", "2019-11-19", "day"),
    ("The party won its seats two years ago.", "2017", "year"),
    ("Thousands took to the streets at the end of last year.", "2018-12", "month"),
    ("The movement was banned last year.", "2018", "year"),
    ("In January, the envoy visited the capital.", "2019-01", "month"),
    ("A drone was shot down last June over the strait.", "2019-06", "month"),
    ("He travelled there a year ago.", "2018", "year"),
])
def test_relative_dates_resolve_against_the_anchor(sentence, iso, precision):
    values = [m.value for m in find_dates(sentence, ANCHOR) if m.value is not None]
    assert values, sentence
    assert (values[0].iso, values[0].precision) == (iso, precision)
    assert "2019-11-20" in values[0].how  # how names the anchor


def test_yearless_dates_read_as_past():
    """Events are things that happened: a date without a year is the most recent such date."""
    (past,) = find_dates("The two leaders met on March 14 in the capital.", ANCHOR)
    assert past.value.iso == "2019-03-14"
    (dec,) = find_dates("Gunmen attacked the office on December 18.", ANCHOR)
    assert dec.value.iso == "2018-12-18"
    (slack,) = find_dates("The strike on November 22 destroyed a depot.", ANCHOR)
    assert slack.value.iso == "2019-11-22"  # a few days after the dateline: same year
    (since,) = find_dates("Protests have continued since December.", ANCHOR)
    assert since.value.iso == "2018-12"
    (nxt,) = find_dates("Elections are due next June.", ANCHOR)
    assert nxt.value.iso == "2020-06"


@pytest.mark.parametrize(("sentence", "anchor", "iso"), [
    ("Iranian missiles struck two bases on January 8, the Pentagon said.", "2020-09-27", "2020-01-08"),
    ("The council met on December 18 to approve the list.", "2023-12-20", "2023-12-18"),
    ("The council met on December 18 to approve the list.", "2024-01-05", "2023-12-18"),
    ("Sources said 18 December was the last day of talks.", "2024-01-05", "2023-12-18"),
])
def test_a_yearless_date_is_the_most_recent_on_or_before_the_anchor(sentence, anchor, iso):
    (m,) = [m for m in find_dates(sentence, DateValue(anchor, "day")) if m.value is not None]
    assert (m.value.iso, m.value.precision) == (iso, "day")
    assert "most recent on or before" in m.how and anchor in m.how


def test_only_ago_counts_from_the_anchor():
    assert find_dates("A week before the rallies, the cleric spoke.", ANCHOR) == []
    (ago,) = find_dates("The cleric spoke three days ago.", ANCHOR)
    assert ago.value.iso == "2019-11-17"


def test_sentence_final_period_is_not_part_of_the_month():
    (m,) = find_dates("The campaign began in March.", ANCHOR)
    assert m.text == "in March"


def test_day_month_names_are_not_dates():
    assert find_dates("Leaders of the March 14 alliance met the envoy.", ANCHOR) == []
    assert find_dates("Crowds gathered on July 14 Street.", ANCHOR) == []


def test_weekday_on_the_anchor_day_is_that_day():
    monday = DateValue("2020-09-28", "day")
    (m,) = find_dates("Three children were killed Monday when a rocket hit their home.", monday)
    assert m.value.iso == "2020-09-28"
    (m,) = find_dates("The ministers met last Monday.", monday)
    assert m.value.iso == "2020-09-21"


@pytest.mark.parametrize("sentence", [
    "Seven protesters were killed last month.",
    "The rocket hit the base on Monday.",
    "A helicopter brought him there on October 30 last.",
    "Activists launched a boycott this November.",
    "The party won two years ago.",
])
def test_without_an_anchor_relative_dates_have_no_value(sentence):
    mentions = find_dates(sentence)
    assert mentions and all(m.value is None for m in mentions)
    assert all("no anchor" in m.how for m in mentions)


def test_coarse_anchor_gives_only_what_it_supports():
    month = DateValue("2019-11", "month")
    assert find_dates("It happened last month.", month)[0].value.iso == "2019-10"
    assert find_dates("It happened on Monday.", month)[0].value.iso == "2019"  # the day is unknown
    january = DateValue("2020-01", "month")
    assert find_dates("It happened yesterday.", january)[0].value is None  # 2019 or 2020: undecidable


def test_numeric_dates_rule():
    (us,) = find_dates("Posted 11/7/19 at 7:52 AM EST")
    assert us.value.iso == "2019-11-07"
    (dm,) = find_dates("Dated 25/06/2018 by the clerk")
    assert dm.value.iso == "2018-06-25"
    (amb,) = find_dates("Dated 03/04/2018 by the clerk")
    assert (amb.value.iso, amb.value.precision) == ("2018", "year")  # order unknown: keep the year only


@pytest.mark.parametrize(("raw", "iso", "precision"), [
    ("2019-11-04", "2019-11-04", "day"),
    ("2019-11", "2019-11", "month"),
    ("2019", "2019", "year"),
    ("2020-02-11T07:30:00+00:00", "2020-02-11", "day"),
    ("12 March 2021", "2021-03-12", "day"),
])
def test_parse_metadata_dates(raw, iso, precision):
    v = parse_date(raw)
    assert (v.iso, v.precision) == (iso, precision)


def test_parse_metadata_rejects_nonsense():
    assert parse_date("soon") is None
    assert parse_date("2019-13-45") is None


# ------------------------------------------------ holidays and "the <Month> ..."

_EARLY_JANUARY = DateValue("2020-01-04", "day", "dateline")


@pytest.mark.parametrize("text, iso", [
    ("Crowds gathered outside the embassy on New Year's Eve.", "2019-12-31"),
    ("On New Year’s Eve, rockets hit the base.", "2019-12-31"),
    ("Fighting resumed on New Year's Day.", "2020-01-01"),
    ("Gunmen attacked a church on Christmas Eve.", "2019-12-24"),
])
def test_fixed_holidays_are_the_most_recent_such_day(text, iso):
    found = [m for m in find_dates(text, _EARLY_JANUARY) if m.value]
    assert [m.value.iso for m in found] == [iso]


def test_a_holiday_without_an_anchor_has_no_year():
    assert [m.value for m in find_dates("Protesters marched on New Year's Eve.")] == [None]


def test_the_month_before_a_noun_is_the_most_recent_such_month():
    found = find_dates("In the October election, the bloc won 73 seats.", DateValue("2022-06-12", "day", "dl"))
    assert [m.value.iso for m in found if m.value] == ["2021-10"]


def test_the_month_after_an_explicit_date_counts_from_that_date():
    text = "In December 2021 the court ratified the results of the October vote."
    found = find_dates(text, DateValue("2023-11-14", "day", "dl"))
    assert [m.value.iso for m in found if m.value] == ["2021-12", "2021-10"]


@pytest.mark.parametrize("text", [
    "The March 14 alliance boycotted the session.",   # a name, not a date
    "Officials met in the capital on Friday.",          # no month at all
])
def test_the_month_cue_leaves_names_alone(text):
    assert not [m for m in find_dates(text, DateValue("2022-06-12", "day", "dl")) if m.value and
                len(m.value.iso) == 7]


@pytest.mark.parametrize("head, iso", [
    ("Houthis test Washington\n\nAnalysis, January 20, 2024\n\nSince November, the group has fired drones.",
     "2024-01-20"),
    ("Militias and the vote\n\nBy Jane Doe, 3 May 2021\n\nThe campaign opened quietly.", "2021-05-03"),
])
def test_a_label_or_byline_with_a_comma_before_the_date_is_a_dateline(head, iso):
    assert find_dateline(head).iso == iso


@pytest.mark.parametrize("head", [
    "Title\n\nProtesters rallied in Basra on Friday, March 5, 2021.\n\nText.",
    "Title\n\nThe talks began, he said, on 3 May 2021.\n\nText.",
])
def test_a_date_ending_a_sentence_after_a_comma_is_not_a_dateline(head):
    assert find_dateline(head) is None
