"""DATE recognition and resolution on tricky phrasings from real reports."""

from __future__ import annotations

from extract.ingest import ReportDating, report_dating
from extract.nlp.dates import DateRecognizer, resolve

HRW_2013 = ReportDating("2013-01", 2012)
STATE_2024 = ReportDating("2024", 2024)


def dates(text: str, dating: ReportDating = HRW_2013) -> list[tuple[str, str | None, str | None]]:
    return [(text[m.start:m.end], m.value, m.mod)
            for m in resolve(DateRecognizer().find(text), text, dating)]


def test_full_date_and_missing_year_from_report_period() -> None:
    got = dates("Elections were held on January 15, 2012. On October 8, a court ruled.")
    assert got == [("January 15, 2012", "2012-01-15", None), ("October 8", "2012-10-08", None)]


def test_narrative_year_carries_to_a_later_day_in_the_same_month() -> None:
    text = "On December 16, 2011, clashes broke out. On December 17, police shot a protester."
    assert dates(text)[1] == ("December 17", "2011-12-17", None)


def test_narrative_moves_forward_into_the_report_year() -> None:
    text = "Between December 16 and 19, 2011, police detained hundreds. In March, defendants spoke."
    assert dates(text) == [("December 16 and 19, 2011", "2011-12-16/2011-12-19", None),
                           ("March", "2012-03", None)]


def test_heading_resets_the_narrative() -> None:
    text = "On December 16, 2011, clashes broke out.\n\nFreedom of Media\n\nOn December 20, a law."
    assert dates(text)[1] == ("December 20", "2012-12-20", None)


def test_relative_expressions_need_an_anchor() -> None:
    text = "In January, he signed a law even though the previous month the OSCE objected."
    assert dates(text) == [("January", "2012-01", None), ("the previous month", "2011-12", None)]
    assert dates("He was released two months later.") == []


def test_counted_relative_expression() -> None:
    text = "They arrested him in January. He was released two months later."
    assert dates(text)[-1] == ("two months later", "2012-03", None)


def test_parts_halves_seasons_decades() -> None:
    text = ("fined in early 2012, in the first half of 2012, in late December, "
            "in the spring of 2011, in the 1990s and in mid-2010.")
    assert dates(text) == [("early 2012", "2012", "START"), ("the first half of 2012", "2012-H1", None),
                           ("late December", "2012-12", "END"), ("the spring of 2011", "2011-SP", None),
                           ("the 1990s", "199X", None), ("mid-2010", "2010", "MID")]


def test_coordinated_months_are_separate_spans() -> None:
    assert [d[0] for d in dates("In January and February, authorities arrested activists.")] == [
        "January", "February"]


def test_the_year_is_the_report_year() -> None:
    assert dates("There were no killings during the year.", STATE_2024) == [
        ("the year", "2024", None)]


def test_not_dates() -> None:
    text = ("A 19-year-old guard, Ivanov, 50, was held for weeks; a two-year ban; at this writing; "
            "Article 2012 of the code; see https://example.org/2025/07/report; 2,012 people.")
    assert dates(text) == []


def test_may_the_verb_is_not_a_month() -> None:
    assert dates("Officials May be held accountable. In May he was arrested.") == [
        ("May", "2012-05", None)]


def test_impossible_date_is_dropped() -> None:
    assert dates("On February 30, 2012 nothing happened.") == []


def test_report_header_dating() -> None:
    assert report_dating("\n\n\nJANUARY 2013\n\nCOUNTRY SUMMARY\n") == HRW_2013
    header = "# Egypt — Country Reports on Human Rights Practices\n\n## Egypt — 2024 Human Rights Report\n"
    assert report_dating(header).period_year == 2024


def test_a_bare_date_long_after_an_earlier_story_means_the_report_year() -> None:
    text = ("The poet was arrested in May 2020 for a collection of poems. On July 12, a court "
            "remanded him. On September 7, an NGO filed a petition.")
    got = dates(text, ReportDating("2021", 2021))
    assert got[1:] == [("July 12", "2021-07-12", None), ("September 7", "2021-09-07", None)]


def test_a_month_coordinated_with_a_dated_one_shares_its_year() -> None:
    text = "The inquiry into September and December 2016 protests stalled."
    assert dates(text, ReportDating("2017", 2017)) == [
        ("September", "2016-09", None), ("December 2016", "2016-12", None)]


def test_month_ranges_without_a_year() -> None:
    text = "Officials were arrested from January to August."
    assert dates(text, ReportDating("2021", 2021)) == [("January to August", "2021-01/2021-08", None)]


def test_older_state_department_header_and_press_datelines() -> None:
    old = "Uganda\nBureau of Democracy, Human Rights, and Labor\n2005\nMarch 8, 2006\n\nText."
    assert report_dating(old) == ReportDating("2006-03-08", 2005)
    press = "Some Statement Title\n\nJane Roe, Department Spokesperson\n\nMarch 22, 2022\n\nText."
    assert report_dating(press) == ReportDating("2022-03-22", 2022)
    assert report_dating("(Geneva, March 3, 2021) - The court ruled.") == ReportDating(
        "2021-03-03", 2021)


def test_today_yesterday_and_weekdays_against_the_dateline() -> None:
    dated = ReportDating("2021-03-03", 2021)  # a Wednesday
    text = "Today the court ruled. Yesterday police came. On Monday he was held; last Wednesday too."
    assert [(t, v) for t, v, _ in dates(text, dated)] == [
        ("Today", "2021-03-03"), ("Yesterday", "2021-03-02"), ("Monday", "2021-03-01"),
        ("last Wednesday", "2021-02-24")]
    assert dates("Today the court ruled.", STATE_2024) == []  # no dateline: not a DATE
    assert dates("On Wednesday, March 3, 2021, he was held.", dated)[0][:2] == (
        "Wednesday, March 3, 2021", "2021-03-03")


def test_a_later_paragraph_in_the_report_year_leaves_the_earlier_episode() -> None:
    # "As of October" (the report's year) in a new paragraph ends the May 2021 story: the
    # May 6 after it is of the report's year; within one paragraph the episode may go on
    text = ("In May 2021, authorities forced a plane to land and arrested a blogger.\n\n"
            "As of October, he faced three charges. On May 6, a court sentenced his companion.")
    got = dates(text, ReportDating("2022", 2022))
    assert got[-1] == ("May 6", "2022-05-06", None)
    one = ("On December 16, 2011, clashes broke out. In March, defendants spoke. On "
           "December 22, the court ruled.")
    assert dates(one)[-1] == ("December 22", "2011-12-22", None)


def test_a_month_dated_story_ends_when_the_report_year_comes_back() -> None:
    # within one paragraph too: after "In May 2020" a date of the report's year ("during the
    # year", "As of September") ends the month-dated episode; "Since March 2020" opens a
    # period running to the present and dates no story
    dating = ReportDating("2021", 2021)
    text = ("In October 2020 police arrested a trade unionist. During the year the case "
            "stalled. He was released on bail on October 14.")
    assert dates(text, dating)[-1] == ("October 14", "2021-10-14", None)
    since = "Since March 2020, auditors examined the ministry. On March 9, they reported."
    assert dates(since, dating)[-1] == ("March 9", "2021-03-09", None)


def test_ranges_from_a_month_to_a_day_and_two_days_of_a_month() -> None:
    dating = ReportDating("2022", 2022)
    text = ("From January to August 17, the ombudsman received 30 complaints. Between "
            "June 1, 2020, and May 31, 2021, courts convicted 16. On February 22 and 25, "
            "police detained two reporters.")
    assert [(s, v) for s, v, _ in dates(text, dating)] == [
        ("January to August 17", "2022-01/2022-08-17"),
        ("June 1, 2020, and May 31, 2021", "2020-06-01/2021-05-31"),
        ("February 22 and 25", "2022-02-22/2022-02-25")]

def test_the_first_months_of_the_year() -> None:
    text = ("In the first eight months of the year, police detained 40 people; in the first "
            "semester of the year, 12; in the first 11 months of 2021, more.")
    assert [(s, v) for s, v, _ in dates(text, ReportDating("2024", 2024))] == [
        ("the first eight months of the year", "2024-01/2024-08"),
        ("the first semester of the year", "2024-H1"),
        ("the first 11 months of 2021", "2021-01/2021-11")]


def test_early_in_the_year_is_the_start_of_the_report_year() -> None:
    assert dates("Early in the year, police detained 40 people.", ReportDating("2024", 2024)) \
        == [("Early in the year", "2024", "START")]


def test_a_range_to_the_end_of_the_year_is_valued_to_the_month() -> None:
    text = ("From February until the end of the year, police detained 40 people; from "
            "October 7 to year’s end, more.")
    assert dates(text, ReportDating("2023", 2023)) == [
        ("February until the end of the year", "2023-02/2023-12", None),
        ("October 7 to year’s end", "2023-10-07/2023-12", None)]


def test_the_same_period_of_another_year_matches_the_date_before() -> None:
    text = ("In the first eight months of the year, police detained 40 people, against 30 in "
            "the same period of 2023. In the first semester of the year, 5, and 3 in the same "
            "period in 2022.")
    got = [(s, v) for s, v, _ in dates(text, ReportDating("2024", 2024))]
    assert ("the same period of 2023", "2023-01/2023-08") in got
    assert ("the same period in 2022", "2022-H1") in got


def test_the_year_to_a_month() -> None:
    text = "In the year to October, police detained 40 people; in the year to December, 52."
    assert [(s, v) for s, v, _ in dates(text, ReportDating("2022", 2022))] == [
        ("the year to October", "2022-01/2022-10"), ("the year to December", "2022")]


def test_months_ending_in_a_month() -> None:
    text = "In the 12 months ending in August, police detained 40 people."
    assert dates(text, ReportDating("2024", 2024)) == [
        ("the 12 months ending in August", "2023-09/2024-08", None)]


def test_counted_relative_dates_with_a_capital_an_article_or_prior() -> None:
    dating = ReportDating("2023", 2023)
    text = ("On March 3, police questioned a blogger. Three days later, they arrested him "
            "over remarks he made a year prior.")
    assert [(s, v) for s, v, _ in dates(text, dating)] == [
        ("March 3", "2023-03-03"), ("Three days later", "2023-03-06"),
        ("a year prior", "2022")]


def test_a_two_digit_year_ends_a_range_only_after_a_dash() -> None:
    assert dates("He was sentenced in 2010 to 16 years in prison.") == [("2010", "2010", None)]
    assert dates("The plan for 2011-14 was adopted.") == [("2011-14", "2011/2014", None)]


def test_a_range_that_would_end_before_it_starts_has_no_value() -> None:
    # the narrative year (2012) taken for the end would put it before the written start
    got = dates("In May 2012 the minister resigned. From December 2015 until July, the "
                "ministry froze the accounts.")
    assert all(v is None or "/" not in v or v.split("/")[0] <= v.split("/")[1]
               for _, v, _ in got)
