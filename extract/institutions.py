"""Organizations that are built from a country mention.

- "Syrian government forces", "Sri Lanka's army", "US troops", "the
  Parliament of Iraq", "the Turkish Ministry of Foreign Affairs": a country's
  institution, id ``<ISO3>-<kind>`` (``SYR-military``), unless the alias
  table names it (then its id: "Syrian warplanes" is the table's Syrian army);
- "the US-led coalition": an organization of its own led by that actor, id
  ``<leader>-led-<noun>``; a later "the coalition" is the same one.

Which head nouns make an institution, and of which kind, is the
``institution_heads`` table of ``lexicon.json``.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from geokg.extract.gazetteer import ActorEntry, Gazetteer
from geokg.extract.index import ActorIndex, EntityDraft, from_entry, surface
from geokg.extract.lexicon import Lexicon

__all__ = ["agent_phrases", "bare_institutions", "country_institutions", "led_coalitions"]

# Words of a ministry's name that mean the same portfolio.
_PORTFOLIO = {"affairs": None, "foreign": "foreign", "defence": "defense", "defense": "defense"}


def led_coalitions(index: ActorIndex, lex: Lexicon) -> None:
    """'the US-led coalition' is an organization of its own, led by the US.

    Later mentions of the same head noun with "the" ("the coalition") in the
    document are the same organization.
    """
    doc = index.doc
    made: dict[str, str] = {}  # head lemma -> entity id
    for token in doc:
        if lex.backing_suffixes.get(token.lower_) != "leads" or token.i < 2:
            continue
        leader = index.tokens.get(token.i - 2) if doc[token.i - 1].text == "-" else None
        head = token.head
        if leader is None or head.i == token.i or head.i in index.tokens or head.pos_ != "NOUN":
            continue
        start = token.i - 2
        while start > 0 and index.tokens.get(start - 1) == leader:
            start -= 1
        text = doc[start : head.i + 1].text
        draft = EntityDraft(
            id=f"{leader}-led-{head.lemma_.lower()}",
            label=text,
            type="Organization",
            country=leader if index.entities[leader].type == "Country" else None,
        )
        made[head.lemma_.lower()] = index.add(draft, range(token.i - 1, head.i + 1), text)
    for token in doc:
        ent_id = made.get(token.lemma_.lower())
        if (
            ent_id
            and token.pos_ == "NOUN"
            and token.i not in index.tokens
            and any(c.lower_ == "the" for c in token.children)
        ):
            index.add(index.entities[ent_id], [token.i], token.text)


def _head_of(token: Token) -> tuple[Token, bool] | None:
    """The institution noun a country token modifies, and whether it follows it ("X of Iraq")."""
    if token.dep_ in ("amod", "compound", "poss", "nmod") and token.head.i > token.i:
        return token.head, False
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.i < token.i:
        return token.head.head, True
    return None


def _ministry_kind(head: Token) -> str:
    """'foreign-ministry' for "Foreign Ministry", "Ministry of Foreign Affairs"."""
    words = [c.lower_ for c in head.lefts if c.dep_ == "compound" and c.is_alpha]
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            words += [t.lower_ for t in prep.subtree if t.is_alpha and t.lower_ != "of"]
    portfolio = [_PORTFOLIO.get(w, w) for w in words]
    return "-".join([w for w in portfolio if w] + ["ministry"])


def country_institutions(index: ActorIndex, gazetteer: Gazetteer, lex: Lexicon) -> None:
    """A country's institution: 'Syrian government forces', 'Parliament of Iraq'."""
    doc = index.doc
    for i, ent_id in sorted(index.tokens.items()):
        if index.entities[ent_id].type != "Country" or index.tokens.get(i + 1) == ent_id:
            continue  # only the last token of a multi-word country name
        found = _head_of(doc[i])
        if found is None:
            continue
        head, country_after = found
        kind = lex.institution_heads.get(head.lower_)
        if kind is None or head.i in index.tokens:
            continue
        start = i
        while start > 0 and index.tokens.get(start - 1) == ent_id:
            start -= 1
        if country_after:
            first = min([head.i] + [c.i for c in head.lefts if c.dep_ in ("compound", "amod")])
            span, own = doc[first : i + 1], range(first, start)
        else:
            last = max(
                [head.i]
                + [
                    t.i
                    for p in head.rights
                    if p.dep_ == "prep" and p.lower_ == "of"
                    for t in p.subtree
                    if index.tokens.get(t.i) is None
                ]
            )
            span, own = doc[start : last + 1], range(i + 1, last + 1)
        if kind == "ministry":
            kind = _ministry_kind(head)
        known = _known_institution(gazetteer, lex, doc[start : i + 1].text, kind)
        draft = (
            from_entry(known)
            if known is not None
            else EntityDraft(
                id=f"{ent_id}-{kind}", label=surface(span), type="Organization", country=ent_id
            )
        )
        index.add(draft, _free(index, own), surface(span))


def _free(index: ActorIndex, positions: Iterable[int]) -> list[int]:
    return [i for i in positions if i not in index.tokens]


def _known_institution(
    gazetteer: Gazetteer, lex: Lexicon, country: str, kind: str
) -> ActorEntry | None:
    """The alias table's entry for a country's institution, under any head word of its kind.

    "Syrian warplanes" is the same actor as the table's "Syrian army".
    """
    for head, head_kind in lex.institution_heads.items():
        if head_kind == kind:
            entry = gazetteer.lookup(f"{country} {head}")
            if entry is not None and entry.type in ("Organization", "Group"):
                return entry
    return None


def bare_institutions(index: ActorIndex, lex: Lexicon) -> None:
    """'Parliament', 'the government' after the one such institution the document named.

    Only when the document names a single organization of that kind, so a
    bare "the government" in a story about two governments stays unresolved.
    """
    doc = index.doc
    kinds: dict[str, set[str]] = {}
    for i, ent_id in index.tokens.items():
        draft = index.entities[ent_id]
        kind = lex.institution_heads.get(doc[i].lower_)
        if draft.type == "Organization" and kind and index.tokens.get(i + 1) != ent_id:
            kinds.setdefault(kind, set()).add(ent_id)
    for token in doc:
        kind = lex.institution_heads.get(token.lower_)
        owners = kinds.get(kind or "", set())
        if len(owners) != 1 or token.i in index.tokens or token.pos_ not in ("NOUN", "PROPN"):
            continue
        if token.text[0].isupper() or any(c.lower_ == "the" for c in token.children):
            if not any(
                c.dep_ in ("amod", "compound", "poss") and c.i in index.tokens
                for c in token.children
            ):
                index.add(index.entities[next(iter(owners))], [token.i], token.text)


# Where an agent noun sits when it heads its own phrase ("officials said", "told
# the officials"), not when it is a title before a name ("Foreign Minister Lavrov").
_PHRASE_HEAD_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr"})


def agent_phrases(index: ActorIndex, lex: Lexicon) -> None:
    """'US officials', 'representatives from Iran': people who act for an actor stand for it.

    The agent noun is mapped to the actor (no new mention), so that relation
    rules and pronouns ("their government") can reach the actor through it.
    """
    doc = index.doc
    for token in doc:
        if token.lower_ not in lex.agent_nouns or token.i in index.tokens:
            continue
        if token.dep_ not in _PHRASE_HEAD_DEPS:
            continue
        actor = index.actor_of(token)
        if actor is None:
            for prep in token.children:
                if prep.dep_ == "prep" and prep.lower_ in ("from", "of", "in", "for"):
                    actor = next(
                        (
                            index.tokens[c.i]
                            for c in prep.children
                            if c.dep_ == "pobj" and c.i in index.tokens
                        ),
                        None,
                    )
                    if actor:
                        break
        if actor is not None and index.entities[actor].type in ("Country", "Organization"):
            index.tokens[token.i] = actor
