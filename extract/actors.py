"""Actors of a parsed document: which tokens name which real-world entity.

Mentions come from the gazetteer entity ruler (countries, demonyms, capitals,
organizations, groups, known persons: ``ent_id_`` holds the stable id) and
from spaCy's NER for everything else. Within a document, "Mr Kerry" and
"Kerry" resolve to "John Kerry"; "Syrian government forces" becomes an
organization of Syria; titles and appositions give persons their country and
role ("Russian Foreign Minister Sergey Lavrov").

The result is an :class:`ActorIndex`: token index -> entity id, and the
entities with their mentions. Relation rules ask it for the actor of a token.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from geokg.extract.gazetteer import ActorEntry, Gazetteer
from geokg.extract.ids import slugify
from geokg.extract.lexicon import Lexicon
from geokg.model import Entity

__all__ = ["ActorIndex", "find_actors"]

log = logging.getLogger(__name__)

# NER labels kept when the gazetteer does not know the name, and the type they get.
_NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Location", "LOC": "Location"}
# Dependents of a noun through which a modifier names the actor behind it
# ("Russian air strikes", "US officials", "Russia's actions").
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})
# A hyphenated prefix that turns a name into the opposite of a mention.
_NEGATING_PREFIXES = frozenset({"non", "anti", "ex", "post", "pre", "pro"})
_JUNK = re.compile(r"^[\W\d_]+$")


@dataclass
class _Acc:
    """An entity being assembled from its mentions."""

    id: str
    label: str
    type: str
    iso3: str | None = None
    country: str | None = None
    role: str | None = None
    generic: bool = False
    mentions: dict[str, None] = field(default_factory=dict)
    first: int = 10**9

    def entity(self) -> Entity:
        return Entity(
            id=self.id,
            label=self.label,
            type=self.type,
            iso3=self.iso3,
            mentions=tuple(self.mentions),
            country=self.country,
            role=self.role,
        )


@dataclass
class ActorIndex:
    """Which token names which actor, and the entities of one document."""

    doc: Doc
    entities: dict[str, _Acc] = field(default_factory=dict)
    tokens: dict[int, str] = field(default_factory=dict)

    def at(self, token: Token) -> str | None:
        """The entity a token is part of a mention of, if any."""
        return self.tokens.get(token.i)

    def actor_of(self, token: Token) -> str | None:
        """The actor a noun phrase headed by ``token`` stands for.

        The head's own mention first; else a modifier that names an actor
        ("Russian air strikes" -> Russia, "US officials" -> United States).
        """
        own = self.tokens.get(token.i)
        if own:
            return own
        for child in sorted(token.children, key=lambda c: -c.i):
            if child.i < token.i and child.dep_ in _MODIFIER_DEPS:
                found = self.tokens.get(child.i)
                if found:
                    return found
                # "Russia's recent actions": the possessor may be a compound phrase.
                for grand in child.children:
                    if grand.dep_ in ("compound", "poss") and grand.i in self.tokens:
                        return self.tokens[grand.i]
        return None

    def type_of(self, entity_id: str) -> str:
        return self.entities[entity_id].type

    def is_generic(self, entity_id: str) -> bool:
        return self.entities[entity_id].generic

    def add(self, entry: _Acc, tokens: Iterable[int], surface: str) -> str:
        acc = self.entities.setdefault(entry.id, entry)
        idx = list(tokens)
        if surface:
            acc.mentions.setdefault(surface, None)
        if idx:
            acc.first = min(acc.first, idx[0])
        for i in idx:
            self.tokens[i] = acc.id
        return acc.id

    def to_entities(self, gazetteer: Gazetteer) -> tuple[Entity, ...]:
        """Entities in order of first mention, plus countries named only via ``country``."""
        accs = sorted(self.entities.values(), key=lambda a: (a.first, a.id))
        have = {a.id for a in accs}
        extra: list[_Acc] = []
        for acc in accs:
            if acc.country and acc.country not in have:
                entry = gazetteer.get(acc.country)
                if entry is not None:
                    extra.append(_from_entry(entry))
                    have.add(acc.country)
        return tuple(a.entity() for a in accs + extra)


def _from_entry(entry: ActorEntry) -> _Acc:
    return _Acc(
        id=entry.id,
        label=entry.label,
        type=entry.type,
        iso3=entry.iso3,
        country=entry.country,
        role=entry.role,
        generic=entry.generic,
    )


def _surface(span: Span) -> str:
    """A mention as written, without a leading article or a trailing possessive."""
    tokens = list(span)
    while tokens and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    while tokens and tokens[-1].lower_ in ("'s", "’s", "'"):
        tokens = tokens[:-1]
    if not tokens:
        return ""
    return span.doc[tokens[0].i : tokens[-1].i + 1].text


def _strip_honorifics(span: Span, lex: Lexicon) -> Span:
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in lex.honorifics:
        start += 1
    return span.doc[start : span.end]


def _negated_prefix(span: Span) -> bool:
    """'non-IS groups', 'anti-Assad rebels': the name is not the actor."""
    doc = span.doc
    return (
        span.start >= 2
        and doc[span.start - 1].text == "-"
        and doc[span.start - 2].lower_ in _NEGATING_PREFIXES
    )


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
    persons: list[Span] = []
    for ent in doc.ents:
        if _negated_prefix(ent):
            continue
        surface = _surface(ent)
        if not surface or _JUNK.match(surface):
            continue
        entry = gazetteer.get(ent.ent_id_) if ent.ent_id_ else None
        if entry is None:
            entry = gazetteer.lookup(_strip_honorifics(ent, lex).text) or gazetteer.lookup(surface)
        if entry is not None and not (entry.type == "Person" and ent.label_ != "PERSON" and not ent.ent_id_):
            index.add(_from_entry(entry), range(ent.start, ent.end), surface)
            continue
        if ent.label_ == "PERSON":
            persons.append(ent)
        elif ent.label_ in _NER_TYPES and any(c.isupper() for c in surface):
            kind = _NER_TYPES[ent.label_]
            index.add(_Acc(id=slugify(surface), label=surface, type=kind), range(ent.start, ent.end), surface)
    _resolve_persons(index, persons, gazetteer, lex)
    _led_coalitions(index, lex)
    _institutions(index, gazetteer, lex)
    _affiliations(index, gazetteer, lex)
    return index


def _name_tokens(span: Span, lex: Lexicon) -> list[str]:
    words = [t.text for t in _strip_honorifics(span, lex) if t.text not in ("'s", "’s")]
    return [w for w in words if w.strip(".")]


def _resolve_persons(index: ActorIndex, spans: list[Span], gazetteer: Gazetteer, lex: Lexicon) -> None:
    """Cluster person mentions: a short name that ends a longer one is that person."""
    full: list[tuple[list[str], str]] = []  # (name tokens, entity id), longest first
    for span in sorted(spans, key=lambda s: (-len(_name_tokens(s, lex)), s.start)):
        words = _name_tokens(span, lex)
        if not words:
            continue
        surface = _surface(span)
        target = None
        for name, ent_id in full:
            # "Kerry" ends "John Kerry"; "Bashar Assad" ends "President Bashar al-Assad" loosely.
            if words[-1] == name[-1] and (len(words) == 1 or words == name[-len(words):]):
                target = ent_id
                break
        if target is None:
            label = " ".join(words)
            entry = gazetteer.lookup(label)
            acc = _from_entry(entry) if entry is not None and entry.type == "Person" else None
            if acc is None:
                acc = _Acc(id=slugify(label), label=label, type="Person")
            target = index.add(acc, (), "")
            full.append((words, target))
        index.add(index.entities[target], range(span.start, span.end), surface)


def _led_coalitions(index: ActorIndex, lex: Lexicon) -> None:
    """'the US-led coalition' is an organization of its own, led by the US.

    Later bare mentions of the same head noun ("the coalition") in the document
    are the same organization.
    """
    doc = index.doc
    made: dict[str, str] = {}  # head lemma -> entity id
    for token in doc:
        if lex.backing_suffixes.get(token.lower_) != "leads" or token.i < 2:
            continue
        leader = index.tokens.get(token.i - 2) if doc[token.i - 1].text == "-" else None
        head = token.head
        if leader is None or head is token or head.i in index.tokens or head.pos_ != "NOUN":
            continue
        start = token.i - 2
        while start > 0 and index.tokens.get(start - 1) == leader:
            start -= 1
        surface = doc[start : head.i + 1].text
        acc = _Acc(
            id=f"{leader}-led-{head.lemma_.lower()}",
            label=surface,
            type="Organization",
            country=leader if index.entities[leader].type == "Country" else None,
        )
        made[head.lemma_.lower()] = index.add(acc, range(token.i - 1, head.i + 1), surface)
    for token in doc:
        ent_id = made.get(token.lemma_.lower())
        if ent_id and token.pos_ == "NOUN" and token.i not in index.tokens and any(
            c.lower_ == "the" for c in token.children
        ):
            index.add(index.entities[ent_id], [token.i], token.text)


def _institutions(index: ActorIndex, gazetteer: Gazetteer, lex: Lexicon) -> None:
    """'Syrian government forces', "Sri Lanka's army", 'US troops': a country's institution."""
    doc = index.doc
    for i, ent_id in sorted(index.tokens.items()):
        acc = index.entities[ent_id]
        token = doc[i]
        if acc.type != "Country" or token.dep_ not in ("amod", "compound", "poss", "nmod"):
            continue
        if index.tokens.get(i + 1) == ent_id:
            continue  # only the last token of a multi-word country name
        head = token.head
        kind = lex.institution_heads.get(head.lower_)
        if kind is None or head.i <= i or head.i in index.tokens:
            continue
        start = min([i] + [t.i for t in doc[i : head.i] if index.tokens.get(t.i) == ent_id])
        while start > 0 and index.tokens.get(start - 1) == ent_id:
            start -= 1
        phrase = doc[start : head.i + 1]
        known = _known_institution(gazetteer, lex, doc[start:i + 1].text, kind)
        if known is not None:
            index.add(_from_entry(known), (t.i for t in doc[i + 1 : head.i + 1] if t.i not in index.tokens),
                      _surface(phrase))
            continue
        if kind == "ministry":
            words = [t.lower_ for t in doc[i + 1 : head.i] if t.is_alpha]
            kind = "-".join(words + ["ministry"])
        org = _Acc(
            id=f"{ent_id}-{kind}",
            label=_surface(phrase),
            type="Organization",
            country=ent_id,
        )
        index.add(org, (t.i for t in doc[i + 1 : head.i + 1] if t.i not in index.tokens), _surface(phrase))


def _affiliations(index: ActorIndex, gazetteer: Gazetteer, lex: Lexicon) -> None:
    """Give persons a country and role from titles and appositions.

    "Russian Foreign Minister Sergey Lavrov" -> Russia, "foreign minister";
    "Angela Merkel, the Chancellor of Germany" -> Germany, "chancellor".
    """
    doc = index.doc
    seen: set[int] = set()
    for ent in doc.ents:
        ent_id = index.tokens.get(ent.start)
        if ent_id is None or index.entities[ent_id].type != "Person" or ent.start in seen:
            continue
        seen.add(ent.start)
        acc = index.entities[ent_id]
        country, role = _title_before(index, ent, lex)
        if country is None and role is None:
            country, role = _apposition(index, ent, lex)
        if role and not acc.role:
            acc.role = role
        if country and not acc.country:
            acc.country = country


def _clean_role(words: list[str], lex: Lexicon) -> str | None:
    while words and words[0] in ("of", "-", "'s", "’s", "the", "former", "new", "then", "top", "senior"):
        words = words[1:]
    while words and words[-1] in ("of", "-", "the"):
        words = words[:-1]
    words = [w for w in words if w not in ("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.")]
    return " ".join(words) or None


def _known_institution(gazetteer: Gazetteer, lex: Lexicon, country: str, kind: str) -> ActorEntry | None:
    """The alias table's entry for a country's institution, under any head word of its kind.

    "Syrian warplanes" is the same actor as the table's "Syrian army".
    """
    for head, head_kind in lex.institution_heads.items():
        if head_kind == kind:
            entry = gazetteer.lookup(f"{country} {head}")
            if entry is not None and entry.type in ("Organization", "Group"):
                return entry
    return None


def _title_before(index: ActorIndex, ent: Span, lex: Lexicon) -> tuple[str | None, str | None]:
    doc = index.doc
    words: list[str] = []
    country: str | None = None
    i = ent.start - 1
    while i >= ent.sent.start:
        token = doc[i]
        owner = index.tokens.get(i)
        if owner is not None and index.entities[owner].type in ("Country", "Organization"):
            if index.entities[owner].type == "Country":
                country = owner
            while i - 1 >= ent.sent.start and index.tokens.get(i - 1) == owner:
                i -= 1
            break
        if token.lower_ in lex.title_words or token.text in ("'s", "’s"):
            words.insert(0, token.lower_)
            i -= 1
            continue
        break
    return country, _clean_role(words, lex)


def _apposition(index: ActorIndex, ent: Span, lex: Lexicon) -> tuple[str | None, str | None]:
    """'X, the Chancellor of Germany' / 'X, Russia's foreign minister'."""
    for child in ent.root.children:
        if child.dep_ != "appos" or child.lower_ not in lex.title_words:
            continue
        words = [t.lower_ for t in child.subtree if t.lower_ in lex.title_words and t.i <= child.i]
        country = None
        for t in child.subtree:
            owner = index.tokens.get(t.i)
            if owner is not None and index.entities[owner].type == "Country":
                country = owner
                break
        return country, _clean_role(words, lex)
    return None, None
