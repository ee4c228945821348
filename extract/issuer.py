"""Who "we" is in an official statement: the issuer is the narrator.

An official statement speaks in the first person ("We condemn ...", "We urge
the Russian Federation to ..."); the relations it states belong to its issuer,
with no attribution (GOLD.md rule 8). The issuer is, in this order:

1. the body the text names as speaking: "We, the G7 Foreign Ministers of A,
   B and C, ..." (G7), "issued by A, B and C as members of the Friends of
   Sudan" (the Friends of Sudan);
2. the participants the text lists as speaking when it names no body: "We,
   the Ministers and representatives of A, B and C, ...", "The text of the
   following statement was released by the Governments of A, B and C";
3. the document's ``publisher`` (metadata), a government department
   standing for its state ("U.S. Department of State" speaks for the United
   States).

"We" inside a quotation is the quoted speaker's, not the issuer's
(:mod:`geokg.extract.coref`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from geokg.extract.columns import columns
from geokg.extract.gazetteer import ActorEntry, Gazetteer
from geokg.extract.index import ActorIndex, from_entry
from geokg.extract.lexicon import Lexicon
from geokg.extract.syntax import pobjs

__all__ = ["PUBLISHER_KEYS", "statement_issuers"]

#: Document metadata fields that name who issued a statement.
PUBLISHER_KEYS = ("publisher", "issuer")
# Nouns naming the statement itself ("the following statement was released by ...").
_STATEMENT_NOUNS = frozenset(
    {"statement", "communique", "communiqué", "declaration", "text", "readout", "release"}
)
_ISSUING_VERBS = frozenset({"release", "issue", "make", "adopt", "sign", "publish", "deliver"})
# Sectors of a state body that speaks for its state.
_STATE_VOICE = frozenset({"GOV"})
_BODY_TYPES = frozenset({"Organization"})
# Sectors of publishers that report rather than issue statements (news outlets, companies).
_NOT_ISSUERS = frozenset({"MED", "BUS"})


# Heads of a "We, the ..." self-description: who speaks ("the Ministers of A and B").
_SPEAKER_NOUNS = frozenset(
    """minister ministers representative representatives government governments member
    members leader leaders head heads delegation delegations foreign envoy envoys""".split()
)


def _appositive_we(doc: Doc, index: ActorIndex) -> Iterable[Token]:
    """'We, the G7 Foreign Ministers of ...': the description right after "We,"."""
    cols = columns(doc)
    for i in cols.where(cols.lower, ("we",)):
        token = doc[i]
        if token.i + 2 >= len(doc) or doc[token.i + 1].text != ",":
            continue
        for appos in token.children:
            if appos.dep_ != "appos" or appos.left_edge.i != token.i + 2:
                continue  # "We, therefore, urge engagement": no description
            if appos.lower_ in _SPEAKER_NOUNS or appos.i in index.tokens:
                yield appos


def _statement_agents(doc: Doc) -> Iterable[tuple[Token, Token]]:
    """(issuing verb, agent) of "statement ... released by X": the speakers it lists."""
    cols = columns(doc)
    for i in cols.where(cols.lemma, _ISSUING_VERBS):
        if cols.pos[i] != "VERB":
            continue
        token = doc[i]
        about = [c for c in token.children if c.dep_ in ("nsubjpass", "dobj")]
        # "a joint statement on the X process issued by ...": the statement noun may be a
        # few steps above the participle
        named = token.dep_ in ("acl", "relcl") and any(
            a.lemma_.lower() in _STATEMENT_NOUNS for a in list(token.ancestors)[:4]
        )
        states = named or any(
            t.lemma_.lower() in _STATEMENT_NOUNS for a in about for t in a.subtree
        )
        if not states:
            continue
        for agent in token.children:
            if agent.dep_ == "agent":
                yield from ((token, c) for c in agent.children if c.dep_ == "pobj")


def _body(head: Token, clause: Token, index: ActorIndex) -> str | None:
    """The body a speaker phrase names: 'the G7 foreign ministers', '... as members of X'."""
    for child in head.lefts:
        actor = index.tokens.get(child.i)
        if actor and index.entities[actor].type in _BODY_TYPES:
            return actor
    for token in clause.subtree:
        if token.lower_ == "members" and token.head.lower_ == "as":
            for obj in pobjs(token, frozenset({"of"})):
                actor = index.tokens.get(obj.i)
                if actor and index.entities[actor].type in _BODY_TYPES:
                    return actor
    return None


def _participants(head: Token, index: ActorIndex, depth: int = 0) -> list[str]:
    """The actors a list of speakers names: each conjunct, or the "of" objects of one.

    "the Governments of A, B and C, and representatives of D and E" gives A,
    B, C, D, E.
    """
    out: list[str] = []
    for token in [head, *(c for c in head.conjuncts if c.i > head.i)]:
        # "the Ministers of A and B": the "of" objects, not the country an agent noun
        # was mapped to
        of = [o for o in pobjs(token, frozenset({"of"}))[:1] if depth < 2]
        listed = [a for obj in of for a in _participants(obj, index, depth + 1)]
        actor = index.tokens.get(token.i)
        if listed:
            out += listed
        elif actor is not None:
            out.append(actor)
    return list(dict.fromkeys(a for a in out if index.entities[a].type != "Location"))


def _from_text(doc: Doc, index: ActorIndex) -> tuple[str, ...]:
    for head in _appositive_we(doc, index):
        body = _body(head, head.head.head, index)
        if body:
            return (body,)
        found = _participants(head, index)
        if found:
            return tuple(found)
    for verb, agent in _statement_agents(doc):
        body = _body(agent, verb, index)
        if body:
            return (body,)
        found = _participants(agent, index)
        if found:
            return tuple(found)
    return ()


def _from_publisher(publisher: str, index: ActorIndex, gazetteer: Gazetteer) -> str | None:
    """The publisher's entity, added to the index without a mention (the text may never name it).

    A publisher the gazetteer does not know whole is read for the country or
    body it names: "Ministry of Foreign Affairs of Japan" speaks for Japan,
    "Permanent Mission of France to the United Nations" for France (a country
    before a body), "Office of the Spokesperson for the UN Secretary-General"
    for the United Nations.
    """
    entry = gazetteer.lookup(publisher) or _named_in(publisher, gazetteer)
    if entry is None:
        return None
    if entry.type != "Country" and entry.country and entry.sector in _STATE_VOICE:
        entry = gazetteer.get(entry.country) or entry  # a ministry speaks for its state
    if entry.type == "Location" or entry.sector in _NOT_ISSUERS:
        return None  # a news outlet publishes the story; its "we" is no statement's
    return index.add(from_entry(entry), (), "")


def _named_in(publisher: str, gazetteer: Gazetteer) -> ActorEntry | None:
    """The country a publisher's name holds, else the organization; the longest name first."""
    words = re.findall(r"[\w’'.&-]+", publisher)
    spans = [
        " ".join(words[i : i + n])
        for n in range(len(words), 0, -1)
        for i in range(len(words) - n + 1)
    ]
    for wanted in ("Country", "Organization"):
        for span in spans:
            entry = gazetteer.lookup(span)
            if entry is not None and entry.type == wanted:
                return entry
    return None


def statement_issuers(
    doc: Doc,
    index: ActorIndex,
    lex: Lexicon,
    gazetteer: Gazetteer,
    *,
    publisher: str | None = None,
) -> tuple[str, ...]:
    """The actors the narrator's "we" stands for, or () when the text is not a statement.

    A document without a publisher is a statement only when it names who
    speaks as "we" (rule 1 or 2 above).
    """
    del lex  # the rules read the parse only; kept for a uniform signature
    found = _from_text(doc, index)
    issuer = _from_publisher(publisher, index, gazetteer) if publisher else None
    _titled_heads(doc, index, gazetteer, issuer)
    if found:
        return found
    return (issuer,) if issuer else ()


# Titles of the head of an organization, who speaks for it: "The Secretary-General
# condemns ...", "the NATO Secretary General said".
_HEAD_TITLE = re.compile(
    r"\b(?:the|The)\s+(?:(?P<org>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s+)?"
    r"(?P<title>Secretary[- ]General|Director[- ]General|High Representative|"
    r"High Commissioner|Executive Director|Special Envoy|Special Representative)\b"
)


_HEAD_TITLE_WORDS = ("General", "High ", "Executive Director", "Special ")


def _titled_heads(doc: Doc, index: ActorIndex, gazetteer: Gazetteer, issuer: str | None) -> None:
    """A head's title with no name stands for the organization: the one it names, or the publisher.

    "The UN Secretary-General condemned ..." is the United Nations; "The
    Secretary-General condemns ..." in a statement the United Nations
    publishes is the United Nations too. A title followed by a name ("Secretary-General
    Antonio Guterres") is that person's, found by the person rules.
    """
    text = columns(doc).doc_text()
    if not any(w in text for w in _HEAD_TITLE_WORDS):
        return
    for m in _HEAD_TITLE.finditer(text):
        span = doc.char_span(m.start("title"), m.end(), alignment_mode="expand")
        if span is None or any(t.i in index.tokens for t in span):
            continue
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.pos_ == "PROPN":
            continue  # "Secretary-General Antonio Guterres": a person
        actor = None
        if m.group("org"):
            entry = gazetteer.lookup(m.group("org"))
            if entry is not None and entry.type == "Organization":
                actor = index.add(from_entry(entry), (), m.group("org"))
        elif issuer is not None and index.entities[issuer].type == "Organization":
            actor = issuer
        if actor is None:
            continue
        head = span[-1]
        index.tokens[head.i] = actor
        index.titled.add(head.i)
