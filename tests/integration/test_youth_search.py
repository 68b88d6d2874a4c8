"""Search-as-you-type in the encrypted vault: accents, partial words, BSN; duplicate suggestions."""

from __future__ import annotations

from datetime import date

from desktop.services.session import Session
from desktop.services.youths import Youths
from veldwerk_core.models import Youth


def add(session: Session, first: str, last: str, born: str, **extra: str) -> Youth:
    return Youths(session).create(
        {"first_name": first, "last_name": last, "date_of_birth": born, **extra}
    )


def names(youths: list[Youth]) -> list[str]:
    return [youth.full_name for youth in youths]


def test_search_ignores_accents_and_case_and_matches_word_starts(session: Session) -> None:
    add(session, "Zoë", "Çelik", "01-01-2011")
    add(session, "Zoey", "Smit", "02-02-2012", wijk="Oost")
    add(session, "Daan", "Berg", "03-03-2013", infix="van der", school="Het Stadslyceum")
    youths = Youths(session)
    assert names(youths.search("zoe")) == ["Zoë Çelik", "Zoey Smit"]
    assert names(youths.search("ZOË CEL")) == ["Zoë Çelik"]
    assert names(youths.search("da ber")) == ["Daan van der Berg"]
    assert names(youths.search("stadsl")) == ["Daan van der Berg"]
    assert names(youths.search("oost")) == ["Zoey Smit"]
    assert youths.search("aan") == [], "prefixes of words, not any substring"
    assert youths.search('"; DROP TABLE youth; --') == []


def test_search_by_bsn_with_or_without_separators(session: Session) -> None:
    add(session, "Iris", "Kok", "04-04-2011", bsn="111222333")
    add(session, "Sem", "Kok", "05-05-2011")
    youths = Youths(session)
    assert names(youths.search("111222333")) == ["Iris Kok"]
    assert names(youths.search("1112.22")) == ["Iris Kok"]
    assert names(youths.search("kok")) == ["Iris Kok", "Sem Kok"]


def test_index_follows_updates_and_deletes(session: Session) -> None:
    youth = add(session, "Noor", "Jansen", "06-06-2012")
    youths = Youths(session)
    youths.update(youth.id, {"last_name": "Pietersen"})
    assert youths.search("jansen") == []
    assert names(youths.search("pieter")) == ["Noor Pietersen"]
    session.records.delete(Youth, youth.id, purpose="Dubbel geregistreerd")
    assert youths.search("noor") == []


def test_duplicates_are_suggested_for_similar_names_and_birth_dates(session: Session) -> None:
    existing = add(session, "Mohammed", "El Amrani", "14-07-2011", infix="")
    add(session, "Mohammed", "Bakker", "02-01-2009")
    youths = Youths(session)
    born = date(2011, 7, 14)
    assert names(youths.possible_duplicates("mohammed", "", "el amrani", born)) == [
        existing.full_name
    ]
    assert names(youths.possible_duplicates("Mohamed", "", "El Amrani", born)) == [
        existing.full_name
    ], "spelling"
    assert names(youths.possible_duplicates("Mohammed", "", "El Amrani", date(2011, 7, 15))) == [
        existing.full_name
    ]
    assert youths.possible_duplicates("Mohammed", "", "El Amrani", date(2015, 3, 3)) == []
    assert youths.possible_duplicates("Yusuf", "", "Bakker", born) == [], "same day, other person"
    assert youths.possible_duplicates("Mo", "", "", None) == [], "too little typed to judge"
    assert names(youths.possible_duplicates("Mohammed", "", "El Amrani", None)) == [
        existing.full_name
    ]


def test_swapped_day_and_month_is_a_likely_duplicate(session: Session) -> None:
    existing = add(session, "Lotte", "Vos", "03-08-2012")
    found = Youths(session).possible_duplicates("Lotte", "", "Vos", date(2012, 3, 8))
    assert names(found) == [existing.full_name]
