"""Where an event happened: the place its sentence puts it in.

The rule reads the dependency parse around the relation's cue word. The
*event tokens* are the cue, the words it climbs to while it stays in one
clause (a noun cue's verb, "launched air strikes"; the clause a participle or
infinitive hangs from, "attacked X, killing Y"; a coordinated verb, "shot and
killed"), never a verb of speech ("X said in London that ..." says where X
spoke), plus the cue's objects ("attacked positions in Najaf") and an event
noun that is the clause's subject ("air strikes in Idlib killed ...").

A place is the object of a locative preposition hanging from an event token
("in", "at", "near", "inside", "across", ...; "over", "into", "along", "off"
and "on" for attacks, fights and deployments; "to" for deployments and
visits), or of "of" after a direction ("20 km north of Baghdad"), that is:

- a Location entity ("Homs province") or a country ("in Syria");
- a capital or city named as a place ("met in Athens"; the actor rules read
  "in Moscow" as no mention of Russia, so the name is looked up as a city);
- a place name NER found (GPE, LOC, FAC) that the actor rules left alone;
- a place noun naming one: "the city of Najaf", "a Baghdad suburb", "Iraqi
  military bases" (a demonym only on a place noun).

Among the places of an event, one more specific than a country wins ("in
Homs, Syria" -> Homs), then the nearest to the cue. A relation's own subject
or object is its place only after "in", "inside", "within", "across",
"throughout" or "into" ("sanctions on Iran" do not happen in Iran), or as the
destination of a deployment; a country after "at" or "on" is a target
("fired rockets at Israel"), never a place.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from geokg.extract.gazetteer import Gazetteer
from geokg.extract.geodata import REGION_WORDS, GeoData, Place
from geokg.extract.index import ActorIndex
from geokg.extract.lexicon import Lexicon

__all__ = ["PlaceFinder", "PlaceMention"]

# Prepositions that put any event in a place.
_LOCATIVE = frozenset(
    {"in", "at", "near", "inside", "outside", "within", "across", "throughout", "around"}
)
# ... and those that do for physical events only ("criticized X over Crimea" is a topic).
_PHYSICAL_LOCATIVE = frozenset({"over", "into", "along", "off", "on", "beside", "nearby"})
_PHYSICAL = frozenset({"strikes", "kills", "fights", "deploys"})
# Where a deployment or a visit goes.
_DESTINATION = frozenset({"to"})
_DESTINATION_PREDICATES = frozenset({"deploys", "meets"})
# Prepositions after which a country is a target rather than a place.
_TARGET_PREPS = frozenset({"at", "on"})
# Prepositions after which an actor of the relation may also be its place.
_CONTAINING = frozenset({"in", "inside", "within", "across", "throughout", "into"})
_DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest "
    "northeastern northwestern southeastern southwestern".split()
)
# From a token to the word it depends on, staying in the event's clause.
_CLIMB = frozenset({"dobj", "pobj", "prep", "xcomp", "advcl", "acl", "conj", "compound", "appos"})
# Common nouns that name a place with a name or demonym beside them, beyond
# the lexicon's place_words ("Iraqi military bases", "a Baghdad suburb").
_PLACE_NOUNS = frozenset(
    """
    suburb suburbs slum base bases outpost checkpoint area areas border frontier
    neighborhood neighbourhood zone enclave stronghold settlement outskirts township
    countryside territory hometown heartland
    """.split()
)
_NER_PLACES = frozenset({"GPE", "LOC", "FAC"})
_BORDERS = frozenset({"border", "borders", "frontier", "boundary"})


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the text, resolved.

    Attributes:
        place: what the data says of it (country, point, GeoNames id).
        entity: the id of the document's entity that names it (a Location or
            a Country), or None for a place no entity names yet.
        text: the words that name it.
        token: the position of its head token.
    """

    place: Place
    entity: str | None
    text: str
    token: int

    @property
    def is_country(self) -> bool:
        return self.place.feature == "PCLI"


class PlaceFinder:
    """Resolves place mentions of one parsed document.

    Args:
        doc: the parsed document.
        index: its actor index.
        gazetteer: the country and actor tables (capitals, demonyms).
        lex: the extractor's word tables.
        geo: the place tables.
    """

    def __init__(
        self, doc: Doc, index: ActorIndex, gazetteer: Gazetteer, lex: Lexicon, geo: GeoData
    ) -> None:
        self.doc = doc
        self.index = index
        self.gazetteer = gazetteer
        self.lex = lex
        self.geo = geo
        self._place_nouns = lex.place_words | _PLACE_NOUNS
        # the countries a place of this document is most likely in, in order of mention
        countries: dict[str, None] = {}
        for draft in sorted(index.entities.values(), key=lambda d: d.first):
            for iso3 in (draft.iso3 if draft.type == "Country" else None, draft.country):
                if iso3:
                    countries.setdefault(iso3, None)
        self.countries: tuple[str, ...] = tuple(countries)

    @cached_property
    def _ents(self) -> dict[int, Span]:
        """Token position -> the entity span it is in (made when a place is first resolved)."""
        return {t: ent for ent in self.doc.ents for t in range(ent.start, ent.end)}

    # --- the place of an event ---------------------------------------------------------

    def event_place(
        self, cue: Token, predicate: str, actors: Sequence[str] = ()
    ) -> PlaceMention | None:
        """The place the sentence puts the event of ``cue`` in, or None.

        Args:
            cue: the relation's cue token.
            predicate: the relation's predicate (which prepositions count).
            actors: the relation's subject and object ids (they are its place
                only after a containing preposition).
        """
        physical = predicate in _PHYSICAL
        preps = _LOCATIVE | (_PHYSICAL_LOCATIVE if physical else frozenset())
        if predicate in _DESTINATION_PREDICATES:
            preps = preps | _DESTINATION
        prefer = self._prefer(actors)
        found: list[tuple[int, PlaceMention]] = []  # (tier, place): 0 the event's, 1 its actor's

        def add(tier: int, prep: str, obj: Token) -> bool:
            mention = self.resolve(obj, prefer=prefer)
            if mention is None:
                return False
            if mention.is_country and prep in _TARGET_PREPS:
                return True  # "fired at Israel", "strikes on Iran": a target, not a place
            if mention.entity in actors and not (
                prep in _CONTAINING
                or (predicate in _DESTINATION_PREDICATES and prep in _DESTINATION)
            ):
                return True  # "sanctions on Iran" do not happen in Iran
            found.append((tier, mention))
            return True

        tokens = list(self._event_tokens(cue))
        for token in tokens:
            for prep, obj in _locative_objects(token, preps):
                if not add(0, prep, obj):
                    # "in an advance into a Baghdad suburb", "near a bridge in western Thailand"
                    for inner_prep, inner in _locative_objects(obj, preps):
                        add(0, inner_prep, inner)
        if physical:
            # "militants in Iraq beheaded a hostage": where the attacker is
            for token in tokens:
                for subj in token.children:
                    if subj.dep_ == "nsubj":
                        for prep, obj in _locative_objects(subj, _CONTAINING):
                            add(1, prep, obj)
        for tier in (0, 1):
            best = _best([m for t, m in found if t == tier])
            if best is not None:
                return best
        return None

    def _event_tokens(self, cue: Token) -> Iterator[Token]:
        """The cue, the words above it in its clause, its objects and event subjects."""
        seen: set[int] = set()
        chain = [cue]
        token = cue
        while token.dep_ in _CLIMB and token.head.i != token.i:
            head = token.head
            if head.lemma_.lower() in self.lex.speech_verbs:
                break  # "X said in London": where X spoke
            chain.append(head)
            if head.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in head.children
            ):
                break  # the clause's own verb: the event's clause ends here
            token = head
        extra: list[Token] = []
        for token in chain:
            for child in token.children:
                if child.dep_ in ("dobj", "nsubjpass", "attr", "npadvmod"):
                    extra.append(child)  # "attacked positions in Najaf", "Saturday in Baghdad"
                elif child.dep_ == "agent":
                    # "killed by US forces in Pakistan"
                    extra.extend(c for c in child.children if c.dep_ == "pobj")
                elif child.dep_ == "nsubj" and self.lex.cue(child.lemma_, "NOUN"):
                    extra.append(child)  # "air strikes in Idlib killed ..."
                elif child.dep_ == "prep" and child.lower_ in ("on", "against", "of", "with"):
                    # "attacks on the U.S. Embassy in Baghdad", "clashed with militants in Iraq"
                    extra.extend(c for c in child.children if c.dep_ == "pobj")
        # "fought a gunbattle with insurgents along a street": the thing's own object phrases
        extra += [
            obj
            for token in list(extra)
            for prep in token.children
            if prep.dep_ == "prep" and prep.lower_ in ("on", "against", "with")
            for obj in prep.children
            if obj.dep_ == "pobj"
        ]
        for token in [*chain, *extra]:
            if token.i not in seen:
                seen.add(token.i)
                yield token

    def _prefer(self, actors: Sequence[str]) -> tuple[str, ...]:
        """The relation's countries first, then the document's."""
        own: dict[str, None] = {}
        for actor in actors:
            draft = self.index.entities.get(actor)
            if draft is not None:
                for iso3 in (draft.iso3 if draft.type == "Country" else None, draft.country):
                    if iso3:
                        own.setdefault(iso3, None)
        return tuple(own) + tuple(c for c in self.countries if c not in own)

    # --- what a token names --------------------------------------------------------------

    def resolve(
        self, token: Token, *, prefer: Sequence[str] = (), depth: int = 0
    ) -> PlaceMention | None:
        """The place a noun phrase headed by ``token`` names, or None."""
        mention = self._resolve(token, prefer=prefer or self.countries, depth=depth)
        if mention is None or mention.place.country or mention.is_country:
            return mention
        # "Darfur in western Sudan", "Dunbartonshire, Scotland": the country beside it
        for child in token.children:
            objs = [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" else []
            for obj in [child] if child.dep_ in ("appos", "npadvmod", "conj") else objs:
                actor = self.index.at(obj)
                if actor and self.index.entities[actor].type == "Country":
                    return replace(mention, place=replace(mention.place, country=actor))
        return mention

    def _resolve(self, token: Token, *, prefer: Sequence[str], depth: int) -> PlaceMention | None:
        actor = self.index.at(token)
        if actor is not None:
            draft = self.index.entities[actor]
            if draft.type == "Location":
                return self._location(actor, token, prefer)
            if draft.type == "Country":
                return self._country(actor, token, prefer)
            return None  # a person, group or organization is no place
        ent = self._ents.get(token.i)
        # NER's places, and the gazetteer's countries and places the actor rules left alone
        if ent is not None and (ent.label_ in _NER_PLACES or ent.ent_id_):
            return self._named(ent, token, prefer)
        if token.pos_ != "NOUN" or depth >= 2:
            return None
        if token.lower_ in self._place_nouns:
            return self._place_noun(token, prefer, depth)
        # "in a Gaza raid", "outside a Baghdad hotel": a city named on any noun
        return _best(
            [
                m
                for child in token.children
                if child.i < token.i and child.dep_ == "compound"
                if (m := self.resolve(child, prefer=prefer, depth=depth + 1)) is not None
                and not m.is_country
            ]
        )

    def _location(self, actor: str, token: Token, prefer: Sequence[str]) -> PlaceMention:
        draft = self.index.entities[actor]
        own = (draft.country,) if draft.country else ()
        place = self.geo.lookup(draft.label, prefer=(*own, *prefer)) or Place(name=draft.label)
        if draft.country and place.country != draft.country:
            # the tables say which country (Northern Ireland, the Niger Delta)
            place = Place(name=draft.label, country=draft.country)
        return PlaceMention(place, actor, _phrase(token, actor, self.index), token.i)

    def _country(self, actor: str, token: Token, prefer: Sequence[str]) -> PlaceMention:
        span = self._ents.get(token.i)
        text = span.text if span is not None else token.text
        if self.gazetteer.kind(text) == "capital":
            # "a Baghdad suburb": the city, in its country
            city = self.geo.city(text, prefer=(actor, *prefer))
            if city is not None and city.country == actor:
                return PlaceMention(city, None, text, token.i)
        place = self.geo.country(actor) or Place(name=actor, country=actor, feature="PCLI")
        return PlaceMention(place, actor, text, token.i)

    def _named(self, ent: Span, token: Token, prefer: Sequence[str]) -> PlaceMention | None:
        entry = self.gazetteer.get(ent.ent_id_) if ent.ent_id_ else None
        if entry is not None and entry.type == "Country":
            # a capital the actor rules read as a place ("met in Athens")
            city = self.geo.city(ent.text, prefer=(entry.id, *prefer))
            if city is not None and city.country == entry.id:
                return PlaceMention(city, None, ent.text, token.i)
            place = self.geo.country(entry.id) or Place(name=entry.label, country=entry.id)
            return PlaceMention(
                place, entry.id if entry.id in self.index.entities else None, ent.text, token.i
            )
        if entry is not None and entry.type == "Location":
            own = (entry.country,) if entry.country else ()
            place = self.geo.lookup(entry.label, prefer=(*own, *prefer))
            if place is None or (entry.country and place.country != entry.country):
                place = Place(name=entry.label, country=entry.country)
            return PlaceMention(place, None, ent.text, token.i)
        if entry is not None:
            return None  # an organization, group or person of the tables
        text = _trimmed(ent)
        if not text:
            return None
        place = self.geo.lookup(text, prefer=prefer) or Place(name=text)
        return PlaceMention(place, None, text, token.i)

    def _place_noun(self, noun: Token, prefer: Sequence[str], depth: int) -> PlaceMention | None:
        """'the city of Najaf', 'a Baghdad suburb', 'Iraqi military bases', 'a street in Gaza'."""
        names = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if names and noun.lower_ in REGION_WORDS:
            # "Idlib province" is the province, not the city it is named after
            text = noun.doc[names[0].i : noun.i + 1].text
            place = self.geo.lookup(text, prefer=prefer)
            if place is not None:
                return PlaceMention(place, None, text, noun.i)
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        found = self.resolve(obj, prefer=prefer, depth=depth + 1)
                        if found is not None:
                            return found
        found = [
            m
            for child in noun.children
            if child.i < noun.i and child.dep_ in ("compound", "amod", "nmod", "poss")
            if (m := self.resolve(child, prefer=prefer, depth=depth + 1)) is not None
        ]
        if noun.lower_ in _BORDERS:
            # "near the Cameroon border" is not in Cameroon; "the border town of X" is X
            found = [m for m in found if not m.is_country]
        if found:
            return _best(found)
        if names and self.index.at(names[-1]) is None:
            # a name NER missed: "on Jolo island" (the island's town)
            name = noun.doc[names[0].i : names[-1].i + 1].text
            place = self.geo.lookup(name, prefer=prefer)
            if place is not None:
                return PlaceMention(place, None, noun.doc[names[0].i : noun.i + 1].text, noun.i)
        # "a settlement in the southern Gaza Strip"
        inner = [
            m
            for _, obj in _locative_objects(noun, _LOCATIVE)
            if (m := self.resolve(obj, prefer=prefer, depth=depth + 1)) is not None
        ]
        return _best(inner)

    # --- places of a sentence --------------------------------------------------------------

    def in_span(self, span: Span) -> list[PlaceMention]:
        """Every place a locative phrase of ``span`` names, in order."""
        out = []
        for token in span:
            if token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE | _PHYSICAL_LOCATIVE:
                mention = self.resolve(token)
                if mention is not None:
                    out.append(mention)
        return out


def _locative_objects(token: Token, preps: frozenset[str]) -> Iterator[tuple[str, Token]]:
    """(preposition, object) pairs of the locative phrases hanging from ``token``."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield child.lower_, obj
                    for conj in obj.conjuncts:
                        yield child.lower_, conj
        elif child.lower_ in _DIRECTIONS:
            # "20 km north of Baghdad"
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            yield "near", obj


def _best(found: list[PlaceMention]) -> PlaceMention | None:
    """The first place more specific than a country (given a country's name if it has none)."""
    if not found:
        return None
    specific = [m for m in found if not m.is_country]
    if not specific:
        return found[0]
    best = specific[0]
    if best.place.country is None:
        country = next((m for m in found if m.is_country), None)
        if country is not None:
            # "in Dunbartonshire East, Scotland": the country the sentence gives it
            best = replace(best, place=replace(best.place, country=country.place.country))
    return best


def _phrase(token: Token, actor: str, index: ActorIndex) -> str:
    tokens = [t for t in token.doc[max(0, token.i - 8) : token.i + 8] if index.at(t) == actor]
    return token.doc[tokens[0].i : tokens[-1].i + 1].text if tokens else token.text


def _trimmed(ent: Span) -> str:
    words = [t for t in ent if t.lower_ not in ("the", "'s", "’s")]
    return " ".join(t.text for t in words).strip()
