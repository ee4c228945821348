"""Who speaks in quotes, and who a pronoun stands for.

A documented rule, not a trained model (coreferee does not install with
spaCy 3.8):

- a sentence in quotation marks with no speech verb of its own is the words
  of the speaker of the quote before it, within two paragraphs
  ("“They’ve been supporting him.”" after "“...,” Mr Earnest said.");
- he/him/his/she/her: the one person named in the sentence before the
  pronoun or in the previous sentence, leaving out the speaker of a quote the
  pronoun stands in (a speaker says "I", not "he"); several candidates: the
  nearest one that was a subject, else none;
- it/its: the one country or organization in that window;
- they/them/their: the one plural actor in that window ("the Russians",
  "rebels"); failing that, the actors a coordinated subject in that window
  names ("Xi and Putin met in Moscow. They called on ..."), nearest first,
  when it names two or more;
- we/us/our inside a quote: the speaker's country, or the speaker; outside
  quotes in an official statement: its issuer (:mod:`geokg.extract.issuer`).

An ambiguous pronoun is left unresolved: no relation is better than a
guessed one.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from geokg.extract.columns import columns
from geokg.extract.index import ActorIndex
from geokg.extract.lexicon import Lexicon
from geokg.extract.syntax import subjects_of

__all__ = ["joined_meetings", "quote_speakers", "resolve_pronouns", "titled_persons"]

_QUOTES = frozenset('"“”«»„')
_PERSONAL = frozenset({"he", "him", "his", "she", "her", "himself", "herself"})
_NEUTER = frozenset({"it", "its", "itself"})
_PLURAL = frozenset({"they", "them", "their", "themselves"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})


def _own_speaker(sent: Span, index: ActorIndex, lex: Lexicon) -> str | None:
    cols = columns(sent.doc)
    for i in range(sent.start, sent.end):
        if cols.lemma[i] in lex.speech_verbs and cols.pos[i] == "VERB":
            token = sent.doc[i]
            subjects, _ = subjects_of(token)
            for s in subjects:
                actor = index.actor_of(s)
                if actor:
                    return actor
    return None


def quote_speakers(doc: Doc, index: ActorIndex, lex: Lexicon) -> dict[int, str]:
    """Sentence start -> the actor whose words the sentence quotes."""
    speakers: dict[int, str] = {}
    last: tuple[str, int] | None = None  # (speaker, paragraph number)
    paragraph = 0
    lower = columns(doc).lower
    for sent in doc.sents:
        if sent.start > 0 and "\n" in lower[sent.start - 1]:
            paragraph += 1
        # no other character lower-cases to a quote mark
        quoted = any(w in _QUOTES for w in lower[sent.start : sent.end])
        if not quoted:
            continue
        own = _own_speaker(sent, index, lex)
        if own:
            speakers[sent.start] = own
            last = (own, paragraph)
        elif last and paragraph - last[1] <= 2 and sent[0].text in _QUOTES | {"'", "‘"}:
            speakers[sent.start] = last[0]
    return speakers


def _window(token: Token, reach: int = 1) -> range:
    """Token positions from the start of the ``reach``-th sentence before up to the token."""
    start = token.sent.start
    for _ in range(reach):
        if start > 0:
            start = token.doc[start - 1].sent.start
    return range(start, token.i)


# Nouns of a meeting one joins or attends ("joined the talks as an observer").
_MEETINGS = frozenset(
    {"talk", "meeting", "summit", "negotiation", "consultation", "discussion", "conference"}
)
_JOINING = frozenset({"join", "attend"})


def _joiners(window: range, doc: Doc, index: ActorIndex) -> list[str]:
    """Actors that joined or attended "the talks" in the window."""
    out = []
    for i in window:
        t = doc[i]
        if t.lemma_.lower() in _JOINING and t.pos_ == "VERB":
            if any(c.dep_ == "dobj" and c.lemma_.lower() in _MEETINGS for c in t.children):
                out += [a for s in subjects_of(t)[0] for a in index.actors_of(s)]
    return out


def _candidates(token: Token, index: ActorIndex, want: frozenset[str], plural: bool) -> list[int]:
    out = []
    for i in _window(token):
        actor = index.tokens.get(i)
        if actor is None or index.entities[actor].type not in want or i in index.pronouns:
            continue
        tok = token.doc[i]
        if plural and not (tok.tag_ in _PLURAL_TAGS or index.entities[actor].generic):
            continue
        out.append(i)
    return out


def _in_quote(token: Token) -> bool:
    """Whether an odd number of quotation marks opens before the token in its sentence."""
    sent = token.sent
    marks = sum(1 for t in token.doc[sent.start : token.i] if t.text in _QUOTES)
    opens_before = sent.start > 0 and sent[0].text in _QUOTES
    return marks % 2 == 1 or (marks == 0 and opens_before) or _quoted_paragraph(token)


def _quoted_paragraph(token: Token) -> bool:
    """A sentence inside a quote that began in an earlier sentence of the paragraph."""
    doc = token.doc
    i = token.i - 1
    marks = 0
    while i >= 0 and "\n" not in doc[i].text:
        marks += doc[i].text in _QUOTES
        i -= 1
    return marks % 2 == 1


# Definite descriptions that take up an actor named before: "the country", "the group".
_DEFINITE = {
    "country": frozenset({"Country"}),
    "nation": frozenset({"Country"}),
    "kingdom": frozenset({"Country"}),
    "republic": frozenset({"Country"}),
    "group": frozenset({"Group", "Organization"}),
    "organization": frozenset({"Group", "Organization"}),
    "organisation": frozenset({"Group", "Organization"}),
    "movement": frozenset({"Group", "Organization"}),
    "militia": frozenset({"Group"}),
    "alliance": frozenset({"Organization"}),
    "bloc": frozenset({"Organization"}),
}
# ... and those that take up the two actors named together: "the two countries", "both sides"
_PAIRS = frozenset({"country", "nation", "side", "leader", "government", "neighbour", "neighbor"})
_ANAPHOR_LEMMAS = frozenset(_DEFINITE) | _PAIRS


def _definite_anaphor(token: Token, index: ActorIndex) -> None:
    """'The US warned the country', 'Iraqi forces attacked the group', 'the two countries'.

    Only a bare description ("the militant group", not "the group of seven" or
    "the Russian group"), resolved like a pronoun: the one compatible actor
    in its sentence and the one before, else the nearest that was a subject.
    """
    lemma = token.lemma_.lower()
    children = list(token.children)
    if token.dep_ == "poss":
        return  # "the country's most wanted terrorist" is no actor of the country's
    if any(
        c.dep_ in ("poss", "compound", "prep", "appos", "nmod") or (c.i in index.tokens)
        for c in children
    ):
        return
    det = {c.lower_ for c in children if c.dep_ in ("det", "predet", "nummod", "preconj")}
    if token.tag_ == "NNS" and lemma in _PAIRS and det & {"two", "both"}:
        group = _coordinated_subject(token, index)
        if len(group) == 2:
            index.groups[token.i] = group
            index.pronouns.add(token.i)
        return
    want = _DEFINITE.get(lemma)
    if want is None or token.tag_ != "NN" or "the" not in det:
        return
    # not the subject of its own clause: "the US warned the country" is not the US
    verb = token.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    own = {index.tokens.get(s.i) for s in subjects_of(verb)[0]}
    found = [i for i in _candidates(token, index, want, plural=False) if index.tokens[i] not in own]
    actor = _the_one(found, index, modifiers=False)
    if actor is not None:
        index.tokens[token.i] = actor
        index.pronouns.add(token.i)


def _the_one(found: list[int], index: ActorIndex, *, modifiers: bool = True) -> str | None:
    """The one actor of the candidate positions: the only one, else the nearest subject.

    ``modifiers``: a candidate that modifies a subject ("Palestinian" in "the
    Palestinian group") counts as a subject too; a definite description
    ("the country") takes up only a subject itself.
    """
    actors = {index.tokens[i] for i in found}
    if len(actors) > 1:
        doc = index.doc
        subjects = [
            i
            for i in found
            if doc[i].dep_ in ("nsubj", "nsubjpass")
            or (modifiers and doc[i].head.dep_ in ("nsubj", "nsubjpass"))
        ]
        return index.tokens[subjects[-1]] if subjects else None
    return actors.pop() if actors else None


# Titles that a later "the <Title>" takes up: "Secretary Blinken ... The Secretary met".
_TITLE_HEADS = frozenset(
    """president secretary minister premier chancellor king queen prince emir governor
    senator ambassador envoy speaker mayor pope commander chairman chairwoman""".split()
)


# Words of a title phrase before its head ("the Prime Minister", "the Deputy Secretary").
_TITLE_WORDS = _TITLE_HEADS | {"prime", "foreign", "vice", "deputy"}


def titled_persons(index: ActorIndex) -> None:
    """'President Biden ... The President said': a bare title is the person named with it before.

    The title's last word is the key ("Prime Minister Modi" ... "the Prime
    Minister"); the most recent person named with it before the bare title
    is the one, as a reader takes it. A title with a name or an "of" after it
    ("the Minister of Defence") says who it is itself.
    """
    doc = index.doc
    cols = columns(doc)
    titles = list(cols.where(cols.lower, _TITLE_HEADS))
    named: list[tuple[int, str, str]] = []  # (position, title word, person)
    for i in titles:
        actor = index.tokens.get(i + 1)
        if (
            actor is not None
            and index.entities[actor].type == "Person"
            and cols.lower[i + 1] not in _TITLE_HEADS
        ):
            named.append((i + 1, cols.lower[i], actor))
    if not named:
        return
    for i in titles:
        word = cols.lower[i]
        if i in index.tokens or not cols.text[i][:1].isupper():
            continue
        if i + 1 < len(doc) and (cols.pos[i + 1] == "PROPN" or cols.lower[i + 1] == "of"):
            continue
        start = i - 1
        while start >= 0 and cols.lower[start] in _TITLE_WORDS:
            start -= 1
        if start < 0 or cols.lower[start] != "the":
            continue
        earlier = [actor for j, title, actor in named if j < i and title == word]
        if earlier:
            index.tokens[i] = earlier[-1]
            index.pronouns.add(i)


def _coordinated_subject(token: Token, index: ActorIndex, reach: int = 1) -> tuple[str, ...]:
    """The actors of the nearest coordinated subject before ``token``.

    "A and B", "A and his counterparts, B and C": each conjunct or apposition
    that is itself an actor's mention; two or more distinct actors, or none.
    The search reaches ``reach`` sentences back; actors that joined "the
    talks" since then are in the group too ("A and B met in Cairo. C joined
    the talks. They called on D").
    """
    doc = token.doc
    window = _window(token, reach)
    for i in reversed(window):
        subj = doc[i]
        if subj.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if subj.i in index.groups:
            return index.groups[subj.i]  # "They met. They urged ...": the same group
        if not subj.conjuncts:
            continue
        members = [
            a for a in index.named_by((subj, *subj.conjuncts)) if a != index.tokens.get(token.i)
        ]
        if len(members) < 2:
            return ()
        later = _joiners(range(subj.i + 1, token.i), doc, index)
        return tuple(dict.fromkeys(members + later))
    return ()


def joined_meetings(index: ActorIndex) -> None:
    """'C joined the talks': "the talks" stand for the participants named before.

    The meeting noun is mapped to the nearest coordinated subject of the two
    sentences before, so that joining it is meeting each of them.
    """
    doc = index.doc
    cols = columns(doc)
    for i in cols.where(cols.lemma, _JOINING):
        if cols.pos[i] != "VERB":
            continue
        t = doc[i]
        for obj in t.children:
            if obj.dep_ != "dobj" or obj.lemma_.lower() not in _MEETINGS or obj.i in index.tokens:
                continue
            if not any(c.lower_ == "the" for c in obj.children):
                continue
            group = _coordinated_subject(obj, index, reach=2)
            if group:
                index.groups[obj.i] = group


# Determiners of a statement's own measures ("these sanctions", "today's action").
_OWN_MEASURE = frozenset({"these", "this", "the", "today", "such"})


def _issued_measures(index: ActorIndex, lex: Lexicon, issuer: str) -> None:
    """'These sanctions target X', 'Today's action freezes ...': the issuer's own measures.

    In an official statement, a measure with no owner of its own that is the
    subject of a clause is the issuer acting, as its "we" is.
    """
    cols = columns(index.doc)
    for i in cols.where(cols.lemma, lex.measure_nouns):
        token = index.doc[i]
        if (
            token.dep_ in ("nsubj", "nsubjpass")
            and token.i not in index.tokens
            and not any(
                c.dep_ in ("compound", "amod") and c.i in index.tokens for c in token.children
            )
            and any(c.dep_ in ("det", "poss") and c.lower_ in _OWN_MEASURE for c in token.children)
            and not _in_quote(token)
        ):
            index.tokens[token.i] = issuer


def resolve_pronouns(
    index: ActorIndex,
    lex: Lexicon,
    speakers: dict[int, str],
    *,
    issuers: tuple[str, ...] = (),
) -> None:
    """Map each clear pronoun to its actor in ``index.tokens`` (and ``index.pronouns``).

    ``issuers`` are the actors an official statement's narrating "we" stands
    for (:func:`geokg.extract.issuer.statement_issuers`).
    """
    doc = index.doc
    if len(issuers) == 1:
        _issued_measures(index, lex, issuers[0])
    cols = columns(doc)
    for i in cols.where(cols.lemma, _ANAPHOR_LEMMAS):
        if i not in index.tokens and cols.pos[i] == "NOUN":
            _definite_anaphor(doc[i], index)
    for i in cols.where(cols.pos, ("PRON",)):
        if i in index.tokens:
            continue
        token = doc[i]
        word = cols.lower[i]
        if word in _PERSONAL:
            found = _candidates(token, index, frozenset({"Person"}), plural=False)
            speaker = speakers.get(token.sent.start)
            found = [i for i in found if index.tokens[i] != speaker]
            if not found:
                # "The Secretary-General condemns ... He calls on ...": the titled head
                found = [i for i in _window(token) if i in index.titled]
        elif word in _NEUTER:
            # a country, an organization, or one armed group ("the group Hamas said it")
            found = [
                i
                for i in _candidates(
                    token, index, frozenset({"Country", "Organization", "Group"}), plural=False
                )
                if index.entities[index.tokens[i]].type != "Group"
                or doc[i].tag_ not in _PLURAL_TAGS
            ]
        elif word in _FIRST_PLURAL:
            if issuers and not _in_quote(token):
                # the narrator of an official statement: its issuer (geokg.extract.issuer)
                if len(issuers) == 1:
                    index.tokens[token.i] = issuers[0]
                else:
                    index.groups[token.i] = issuers
                continue
            # "we" in a quote is the speaker's side: their country, or the speaker
            speaker = speakers.get(token.sent.start)
            if speaker is not None and _in_quote(token):
                side = index.entities[speaker].country or speaker
                if side in index.entities or side == speaker:
                    index.tokens[token.i] = side
                    index.pronouns.add(token.i)
            continue
        elif word in _PLURAL:
            found = _candidates(
                token, index, frozenset({"Country", "Group", "Organization"}), plural=True
            )
            if not found and word in ("they", "them"):
                # the previous sentence first; a meeting's participants further back
                group = _coordinated_subject(token, index) or _coordinated_subject(
                    token, index, reach=3
                )
                if group:
                    index.groups[token.i] = group
                    index.pronouns.add(token.i)
                continue
        else:
            continue
        actor = _the_one(found, index)  # several candidates: the nearest subject
        if actor is not None:
            index.tokens[token.i] = actor
            index.pronouns.add(token.i)
