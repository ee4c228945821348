"""The actor index of one document: which token names which entity.

Relation rules ask it for the actor a token or noun phrase stands for; the
actor rules (:mod:`geokg.extract.actors`, :mod:`geokg.extract.institutions`,
:mod:`geokg.extract.roles`) fill it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from geokg.extract.columns import columns
from geokg.extract.gazetteer import ActorEntry, Gazetteer
from geokg.extract.lexicon import load_lexicon
from geokg.model import Entity

__all__ = ["ActorIndex", "EntityDraft", "from_entry", "names_topic", "surface"]

# Dependents of a noun through which a modifier names the actor behind it
# ("Russian air strikes", "US officials", "Russia's actions").
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})


@dataclass
class EntityDraft:
    """An entity being assembled from its mentions."""

    id: str
    label: str
    type: str
    iso3: str | None = None
    country: str | None = None
    role: str | None = None
    generic: bool = False
    sector: str | None = None
    incidental: bool = False  # listed only when a relation names it
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
            sector=self.sector,
        )


_PLACE_PREPS = frozenset({"in", "on", "against", "with", "over"})
_NOT_PLACES = frozenset({"", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})


def names_topic(noun: Token, modifier: Token) -> bool:
    """Whether a name compounded with a noun says what it is about, not who acts.

    "the Iraq war", "the Syria crisis": the place is the topic; but in "the US
    war in Iraq" the noun has its place already, and the name is its actor.
    """
    if not (
        modifier.dep_ in ("compound", "nmod")
        and modifier.pos_ == "PROPN"
        and noun.lemma_.lower() in load_lexicon().topic_heads
    ):
        return False
    # the place may hang from the noun or, as the parser often has it, from its verb
    heads = (noun, noun.head) if noun.dep_ in ("dobj", "nsubj", "nsubjpass") else (noun,)
    return not any(
        c.dep_ == "prep"
        and c.lower_ in _PLACE_PREPS
        and any(o.dep_ == "pobj" and o.ent_type_ not in _NOT_PLACES for o in c.children)
        for h in heads
        for c in h.rights
    )


def _partitive_of(token: Token) -> Token | None:
    """The 'of' object a quantity stands for: 'dozens of protesters', 'two of the rebels'.

    Also the body people are members of: "delegates at the conference", "members of Hamas".
    """
    lex = load_lexicon()
    if token.pos_ == "NUM" or token.lower_ in lex.partitive_heads:
        preps: tuple[str, ...] = ("of",)
    elif token.lower_ in lex.member_nouns:
        preps = ("of", "from", "at")
    else:
        return None
    for prep in token.rights:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            return next((o for o in prep.children if o.dep_ == "pobj"), None)
    return None


@dataclass
class ActorIndex:
    """Which token names which actor, and the entities of one document."""

    doc: Doc
    entities: dict[str, EntityDraft] = field(default_factory=dict)
    tokens: dict[int, str] = field(default_factory=dict)
    # token positions of pronouns resolved to an actor (their relations are less sure)
    pronouns: set[int] = field(default_factory=set)
    # (person id, country or organization id, role, sentence) from titles and appositions
    affiliations: list[tuple[str, str, str | None, Span]] = field(default_factory=list)
    # "they" standing for several actors named together ("A and B met. They urged C"):
    # token position -> the actors, in order (see geokg.extract.coref)
    groups: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # heads of a title that stand for their organization ("The Secretary-General condemns"):
    # a later "he" or "she" may be them (geokg.extract.issuer, geokg.extract.coref)
    titled: set[int] = field(default_factory=set)

    def actors_of(self, token: Token) -> tuple[str, ...]:
        """The actors a noun phrase stands for: a pronoun's group, or :meth:`actor_of`."""
        group = self.groups.get(token.i)
        if group:
            return group
        actor = self.actor_of(token)
        if actor:
            return (actor,)
        # "our support" where "our" is several actors (a joint statement's "we")
        owner = next((c for c in token.children if c.dep_ == "poss" and c.i in self.groups), None)
        if owner is not None:
            return self.groups[owner.i]
        whole = _partitive_of(token)
        return self.actors_of(whole) if whole is not None else ()

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
        # "Iranian general, Qasem Soleimani": the apposition names the actor itself.
        for child in token.rights:
            if child.dep_ == "appos" and child.i in self.tokens:
                return self.tokens[child.i]
        for child in sorted(token.children, key=lambda c: -c.i):
            if child.i < token.i and child.dep_ in _MODIFIER_DEPS:
                if names_topic(token, child):
                    continue  # "the Iraq war", "the Syria crisis": about a place, not by it
                found = self.tokens.get(child.i)
                if found:
                    return found
                # "Russia's recent actions", "the Trump administration's policy": the
                # possessor may be a phrase; not "Iraq war allies" (a war's name)
                if child.dep_ != "poss" and child.pos_ != "PROPN":
                    continue
                for grand in child.children:
                    if grand.dep_ in ("compound", "poss") and grand.i in self.tokens:
                        return self.tokens[grand.i]
        return None

    def named_by(self, tokens: Iterable[Token]) -> dict[str, Token]:
        """The actors that coordinated noun phrases name, each with its token, in order.

        Each phrase's own mention, or those of its appositions and their
        conjuncts ("his counterparts, A and B"); failing both, the actor behind
        the phrase (:meth:`actor_of`). Actors inside the phrases' modifiers or
        prepositional phrases ("the leaders of France and Germany") are not
        participants.
        """
        out: dict[str, Token] = {}
        fallback: list[tuple[str, Token]] = []
        appositive = False
        for token in tokens:
            if _names_follow(token, self):
                continue  # "the leaders of A and B, C and D": C and D are the participants
            appos = [c for c in token.children if c.dep_ == "appos"]
            names = [token, *appos, *(c for a in appos for c in a.conjuncts if c.i > a.i)]
            found = [(actor, n) for n in names if (actor := self.at(n))]
            appositive = appositive or any(self.at(a) for a in appos)
            if not found and (behind := self.actor_of(token)):
                fallback.append((behind, token))
            for actor, name in found:
                out.setdefault(actor, name)
        if not appositive:
            # "A and his counterparts, B and C" names the participants: not the
            # countries of "his Greek and French counterparts"
            for actor, token in fallback:
                out.setdefault(actor, token)
        return out

    def type_of(self, entity_id: str) -> str:
        return self.entities[entity_id].type

    def is_generic(self, entity_id: str) -> bool:
        return self.entities[entity_id].generic

    def add(self, entry: EntityDraft, tokens: Iterable[int], surface: str) -> str:
        acc = self.entities.setdefault(entry.id, entry)
        idx = list(tokens)
        if surface:
            acc.mentions.setdefault(surface, None)
        if idx:
            acc.first = min(acc.first, idx[0])
        for i in idx:
            self.tokens[i] = acc.id
        return acc.id

    def to_entities(
        self, gazetteer: Gazetteer, *, used: Collection[str] = ()
    ) -> tuple[Entity, ...]:
        """Entities in order of first mention, plus the countries of persons.

        A person's country is listed even when the text never names it (Kerry
        -> United States): the person's affiliation needs a node to point to.
        An organization's country from the tables is kept on the entity but
        adds no node: "Reuters" or "the House of Commons" do not make the
        story one about their country. An entity no token names (a
        statement's publisher) and an incidental generic group ("journalists")
        are listed only if they are in ``used``, the entities the relations
        name.
        """
        named = set(self.tokens.values())
        accs = sorted(
            (
                a
                for a in self.entities.values()
                if a.id in used or (a.id in named and not a.incidental)
            ),
            key=lambda a: (a.first, a.id),
        )
        have = {a.id for a in accs}
        extra: list[EntityDraft] = []
        for acc in accs:
            if acc.type == "Person" and acc.country and acc.country not in have:
                entry = gazetteer.get(acc.country)
                if entry is not None:
                    extra.append(from_entry(entry))
                    have.add(acc.country)
        return tuple(a.entity() for a in accs + extra)


def _names_follow(token: Token, index: ActorIndex) -> bool:
    """'his Argentine counterparts, A and B': names after a comma say who the noun is.

    The parser often makes them conjuncts rather than appositions; then the
    noun is not a participant of its own (not Argentina, here).
    """
    after = [c for c in token.conjuncts if c.i > token.i]
    if token.pos_ != "NOUN" or not after:
        return False
    first = min(after, key=lambda c: c.i)
    comma = first.left_edge.i - 1
    return token.doc[comma].text == "," and first.pos_ == "PROPN" and first.i in index.tokens


def from_entry(entry: ActorEntry) -> EntityDraft:
    return EntityDraft(
        id=entry.id,
        label=entry.label,
        type=entry.type,
        iso3=entry.iso3,
        country=entry.country,
        role=entry.role,
        generic=entry.generic,
        sector=entry.sector,
        incidental=entry.incidental,
    )


def surface(span: Span) -> str:
    """A mention as written, without a leading article or a trailing possessive."""
    cols = columns(span.doc)
    start, end = span.start, span.end
    while start < end and cols.lower[start] in ("the", "a", "an"):
        start += 1
    while end > start and cols.lower[end - 1] in ("'s", "’s", "'"):
        end -= 1
    return cols.span_text(start, end)
