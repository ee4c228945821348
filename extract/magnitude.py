"""How many: the people an event killed, injured, arrested, displaced or drew.

A *count* is a number the sentence states ("12", "three", "1.5 million",
"dozens", "tens of thousands") with the words that bound it ("at least",
"more than", "up to", "about"; a range "10 to 15" gives its lower bound) and
the word that says what it counts:

- the verb whose object or passive subject it is ("killed 12 people", "two
  were wounded", "arrested 50 protesters", "displaced 10,000");
- an adjective of the people counted ("left 34 people dead", "12 dead",
  "193 people injured"), "shot dead";
- a death toll ("raising the death toll to 22");
- the counted noun itself ("12 deaths", "thousands of protesters": the
  participants of a protest).

A count belongs to a relation when its word and the relation's cue are in
one event: the path between them in the parse runs through clauses that
continue the event ("attacked a camp, killing 14", "clashes that left 34
dead", "air strikes killed 2") and crosses no verb of speech; a clause with a
subject of its own that is another actor is another event ("Israel struck
Gaza after Hamas rockets killed 3"). Counts of one kind coordinated in one
phrase add up ("22 Iraqis and one U.S. soldier"); "including" a part does not.

Vague quantities read as the least they mean, as ACLED codes them: "dozens"
12, "scores" 20, "hundreds" 100, "thousands" 1,000, all ``at_least``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from geokg.extract.index import ActorIndex
from geokg.extract.lexicon import Lexicon
from geokg.model import Magnitude

__all__ = ["Count", "counts", "magnitudes_of", "read_number"]

# What a verb counts when the count is its object or passive subject.
_VERB_KINDS = {
    "kill": "killed",
    "slay": "killed",
    "massacre": "killed",
    "execute": "killed",
    "behead": "killed",
    "murder": "killed",
    "wound": "injured",
    "injure": "injured",
    "hurt": "injured",
    "maim": "injured",
    "arrest": "arrested",
    "detain": "arrested",
    "jail": "arrested",
    "imprison": "arrested",
    "apprehend": "arrested",
    "displace": "displaced",
    "uproot": "displaced",
    "evacuate": "displaced",
}
# ... when the count is its subject.
_SUBJECT_KINDS = {
    "die": "killed",
    "perish": "killed",
    "flee": "displaced",
    "protest": "participants",
    "demonstrate": "participants",
    "march": "participants",
    "rally": "participants",
    "gather": "participants",
}
# Adjectives (and participles) of the people counted: "34 people dead".
_STATE_KINDS = {
    "dead": "killed",
    "wounded": "injured",
    "injured": "injured",
    "hurt": "injured",
    "homeless": "displaced",
    "displaced": "displaced",
}
# Nouns that are what they count: "12 deaths", "thousands of protesters".
_NOUN_KINDS = {
    "death": "killed",
    "fatality": "killed",
    "protester": "participants",
    "demonstrator": "participants",
    "marcher": "participants",
    "refugee": "displaced",
}
# Cue words of a protest: a criticizes relation they cue has a size.
_PROTEST_CUES = frozenset({"protest", "demonstrate", "demonstration", "rally", "march"})
_SIZED = frozenset({"strikes", "kills", "fights"})
# Which clauses continue an event, from a word to the one it depends on.
# (Not into an infinitive: "killed two and threatened to execute a Briton".)
_SAME_EVENT = frozenset(
    {
        "advcl",
        "conj",
        "acl",
        "relcl",
        "pobj",
        "prep",
        "dobj",
        "nsubj",
        "nsubjpass",
        "npadvmod",
        "appos",
        "attr",
        "agent",
        "pcomp",
        "oprd",
        "acomp",
        "ccomp",
    }
)
# ... from the cue up: not out of an infinitive, a relative or a reported clause, whose
# event is not the one the clause above counts ("militants who killed two threatened to
# execute a Briton": the two are not the Briton's execution).
_CUE_SIDE = _SAME_EVENT - {"relcl", "acl", "ccomp"}
_RELATIVE = frozenset({"that", "which", "who", "whom"})
_NUMBER_ENTS_NOT = frozenset({"TIME", "PERCENT", "MONEY", "ORDINAL", "QUANTITY"})

_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
# Plural quantities that mean at least this many ("dozens" as ACLED reads it).
_VAGUE = {
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1000,
    "millions": 10**6,
    "tens": 10,
}
_EXACT_WORDS = {"dozen": 12, "score": 20}
# Words before a number that bound it (read as lower-cased text).
_BOUNDS = (
    ("at least", "at_least"),
    ("no fewer than", "at_least"),
    ("no less than", "at_least"),
    ("more than", "at_least"),
    ("upwards of", "at_least"),
    ("in excess of", "at_least"),
    ("over", "at_least"),
    ("at most", "at_most"),
    ("up to", "at_most"),
    ("as many as", "at_most"),
    ("fewer than", "at_most"),
    ("less than", "at_most"),
    ("nearly", "at_most"),
    ("almost", "at_most"),
    ("under", "at_most"),
    ("about", "about"),
    ("around", "about"),
    ("roughly", "about"),
    ("approximately", "about"),
    ("some", "about"),
    ("an estimated", "about"),
    ("estimated", "about"),
)
_NUMERAL = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")


@dataclass(frozen=True)
class Count:
    """A number of people the sentence states, with what it counts.

    Attributes:
        kind: killed, injured, arrested, displaced or participants.
        value: the number (a range's lower bound).
        bound: exact, at_least, at_most or about.
        text: the words that state it ("at least 14 militants").
        anchor: the token that says what it counts (the verb, adjective or noun).
        number: the number's last token.
    """

    kind: str
    value: int
    bound: str
    text: str
    anchor: Token
    number: Token


def read_number(tokens: Sequence[Token]) -> tuple[int, bool] | None:
    """The value of a run of number tokens, and whether it is vague ("dozens").

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> [read_number(list(nlp(t))) for t in ("12", "10,000", "1.5 million", "three hundred")]
    [(12, False), (10000, False), (1500000, False), (300, False)]
    >>> read_number(list(nlp("tens of thousands"))), read_number(list(nlp("dozens")))
    ((10000, True), (12, True))
    """
    words = [t.lower_ for t in tokens if t.lower_ not in ("-", "and", "of", "a")]
    if not words:
        return None
    if words[0] in _VAGUE:
        value = _VAGUE[words[0]]
        for w in words[1:]:
            value *= _SCALES.get(w, _VAGUE.get(w, 1))
        return value, True
    total, current, seen = 0, 0.0, False
    for w in words:
        if _NUMERAL.match(w):
            current += float(w.replace(",", ""))
        elif w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _EXACT_WORDS:
            current = (current or 1) * _EXACT_WORDS[w]
        elif w in _SCALES:
            scale = _SCALES[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    return int(round(total + current)), False


def _is_number_word(token: Token) -> bool:
    low = token.lower_
    return bool(
        _NUMERAL.match(low)
        or low in _UNITS
        or low in _TENS
        or low in _SCALES
        or low in _VAGUE
        or low in _EXACT_WORDS
    )


def _number_runs(sent: Span) -> Iterator[list[Token]]:
    """Maximal runs of number words: "three hundred", "tens of thousands", "1.5 million"."""
    run: list[Token] = []
    for token in sent:
        joiner = token.lower_ in ("-", "and", "of") and run and _is_number_word(run[-1])
        if _is_number_word(token) and token.ent_type_ not in _NUMBER_ENTS_NOT:
            if token.lower_ == "a" or (run and not _joins(run[-1], token)):
                yield from _closed(run)
                run = []
            run.append(token)
        elif joiner and token.i + 1 < len(token.doc) and _is_number_word(token.doc[token.i + 1]):
            if _joins(token, token.doc[token.i + 1]):
                run.append(token)
            else:
                yield from _closed(run)  # "one of his guards", "10-15" (a range), "5 and 7"
                run = []
        else:
            yield from _closed(run)
            run = []
    yield from _closed(run)


def _joins(prev: Token, token: Token) -> bool:
    """Whether two number words make one number: "three hundred", "twenty-five",
    "hundred and fifty", "tens of thousands"; not "10 15" or "10-15" (a range).

    ``prev`` may be the joining word itself ("-", "and", "of").
    """
    doc = token.doc
    if prev.lower_ in ("-", "and", "of"):
        joiner, prev = prev.lower_, doc[prev.i - 1]
    else:
        joiner = None
    if joiner == "-":
        return prev.lower_ in _TENS and token.lower_ in _UNITS  # twenty-five
    if joiner == "and":
        return prev.lower_ in _SCALES and (token.lower_ in _UNITS or token.lower_ in _TENS)
    return token.lower_ in _SCALES or prev.lower_ in _TENS or prev.lower_ in _VAGUE


def _closed(run: list[Token]) -> Iterator[list[Token]]:
    while run and not _is_number_word(run[-1]):
        run = run[:-1]
    if run:
        yield run


def _bound(first: Token) -> tuple[str, int]:
    """How the words before a number bound it, and where those words start."""
    doc = first.doc
    before = [t.lower_ for t in doc[max(first.sent.start, first.i - 3) : first.i]]
    for phrase, bound in _BOUNDS:
        words = phrase.split()
        if before[-len(words) :] == words:
            return bound, first.i - len(words)
    return "exact", first.i


def _range_end(last: Token) -> Token:
    """The end of "10 to 15", "10-15", "10 or 15", "between 10 and 15"."""
    doc = last.doc
    i = last.i + 1
    if (
        i + 1 < len(doc)
        and doc[i].lower_ in ("to", "-", "or", "and", "–")
        and _is_number_word(doc[i + 1])
        and (doc[i].lower_ != "and" or (last.i > 0 and doc[last.i - 1].lower_ == "between"))
    ):
        end = i + 1
        while end + 1 < len(doc) and _is_number_word(doc[end + 1]):
            end += 1
        return doc[end]
    return last


def counts(sent: Span) -> Iterator[Count]:
    """Every count of people a sentence states.

    Example:
        >>> import spacy
        >>> from spacy.tokens import Doc
        >>> nlp = spacy.blank("en")
        >>> words = ["Troops", "killed", "at", "least", "12", "people", "."]
        >>> doc = Doc(nlp.vocab, words=words, heads=[1, 1, 3, 4, 5, 1, 1],
        ...           deps=["nsubj", "ROOT", "advmod", "advmod", "nummod", "dobj", "punct"],
        ...           pos=["NOUN", "VERB", "ADV", "ADV", "NUM", "NOUN", "PUNCT"],
        ...           lemmas=["troop", "kill", "at", "least", "12", "people", "."])
        >>> [(c.kind, c.value, c.bound, c.text) for c in counts(doc[:])]
        [('killed', 12, 'at_least', 'at least 12 people')]
    """
    yield from _singles(sent)
    runs = list(_number_runs(sent))
    consumed: set[int] = set()
    for run in runs:
        if run[0].i in consumed:
            continue
        read = read_number(run)
        if read is None:
            continue
        value, vague = read
        last = run[-1]
        end = _range_end(last)
        bound, start = _bound(run[0])
        if run[0].i > 0 and run[0].doc[run[0].i - 1].lower_ == "between":
            bound, start = "at_least", run[0].i - 1
        if end.i != last.i:
            consumed.update(range(last.i + 1, end.i + 1))
            bound = "at_least"  # a range: its lower bound
        elif vague and bound == "exact":
            bound = "at_least"
        counted = _counted(run, end)
        found = _kind(counted, run)
        if found is None or _in_including(counted):
            continue
        kind, anchor = found
        # the words that state it: the number and the phrase it counts ("one of its officers")
        text_end = max(counted.right_edge.i, end.i) + 1
        text = sent.doc[start:text_end].text
        yield Count(kind, value, bound, text, anchor, last)


def _singles(sent: Span) -> Iterator[Count]:
    """'killing a policeman', 'an American was wounded': one person, the article says."""
    for noun in sent:
        if noun.tag_ not in ("NN", "NNP") or noun.dep_ not in ("dobj", "nsubjpass"):
            continue
        article = next((c for c in noun.children if c.dep_ == "det"), None)
        kind = _VERB_KINDS.get(noun.head.lemma_.lower())
        if kind is None and _shot_dead(noun.head):
            kind = "killed"  # "shot dead a Palestinian"
        if article is None or article.lower_ not in ("a", "an") or kind is None:
            continue
        if any(c.dep_ in ("nummod", "conj") for c in noun.children):
            continue  # "a dozen", "a soldier and two civilians": the numbers say it
        text = sent.doc[article.i : noun.i + 1].text
        yield Count(kind, 1, "exact", text, noun.head, article)


def _counted(run: list[Token], end: Token) -> Token:
    """The head of the counted phrase: the noun the number modifies, or the number itself."""
    for token in (*run, end):
        if token.dep_ == "nummod" and token.head.pos_ in ("NOUN", "PROPN", "ADJ", "PRON"):
            return token.head
    head = next((t for t in run if t.head not in run), run[-1])  # the run's own head
    for prep in head.children:  # "thousands of protesters", "two of his guards"
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() in _NOUN_KINDS:
                    return obj
    return head


def _kind(counted: Token, run: list[Token]) -> tuple[str, Token] | None:
    """What a count counts, and the word that says so."""
    phrase = counted
    # the phrase's place in the clause: a number in "of" (thousands of X) speaks for X's head
    if phrase.dep_ == "pobj" and phrase.head.lower_ == "of" and phrase.head.head in run:
        phrase = phrase.head.head
    head = phrase.head
    lemma = head.lemma_.lower()
    dep = phrase.dep_
    if dep in ("conj", "appos") and counted in run:
        return None  # "Shosei Koda, 24,": an age
    if dep in ("conj", "appos"):
        # "22 Iraqis and one U.S. soldier": the first conjunct's place
        first = phrase
        while first.dep_ in ("conj", "appos") and first.head.i != first.i:
            first = first.head
        dep, head, lemma = first.dep_, first.head, first.head.lemma_.lower()
    if dep in ("dobj", "nsubjpass") and lemma in _VERB_KINDS:
        return _VERB_KINDS[lemma], head
    if dep in ("dobj", "nsubjpass") and _shot_dead(head):
        return "killed", head
    if dep == "dobj" and lemma == "leave":
        for c in head.children:  # "leaving four soldiers dead"
            if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and c.lower_ in _STATE_KINDS:
                return _STATE_KINDS[c.lower_], head
    if dep == "nsubj" and head.tag_ == "VBN" and lemma in _VERB_KINDS:
        return _VERB_KINDS[lemma], head  # "193 people injured": a participle, not an agent
    if dep == "nsubj" and head.lower_ in _STATE_KINDS:
        return _STATE_KINDS[head.lower_], head  # "left 34 people dead"
    if dep == "nsubj" and lemma in _SUBJECT_KINDS:
        kind = _SUBJECT_KINDS[lemma]
        if kind != "participants" or _people(counted):
            return kind, head
    if dep == "nsubj" and lemma in ("be", "lie", "remain"):
        for c in head.children:
            if c.dep_ in ("acomp", "attr") and c.lower_ in _STATE_KINDS:
                return _STATE_KINDS[c.lower_], head
    if dep == "pobj" and head.lower_ in ("to", "at", "of") and _toll(head.head):
        return "killed", head.head
    for child in counted.children:
        if child.dep_ in ("amod", "acl") and child.lower_ in _STATE_KINDS and child.i > counted.i:
            return _STATE_KINDS[child.lower_], counted  # "12 people dead"
    if counted.lower_ in _STATE_KINDS and counted not in run:
        return _STATE_KINDS[counted.lower_], counted  # "12 dead"
    noun = counted.lemma_.lower()
    if noun in _NOUN_KINDS and counted not in run:
        return _NOUN_KINDS[noun], counted
    return None


def _shot_dead(verb: Token) -> bool:
    """'shot dead', 'gunned down' (not "shot down a proposal", nor a plane)."""
    wanted = {"shoot": "dead", "gun": "down"}.get(verb.lemma_.lower())
    return wanted is not None and any(c.lower_ == wanted for c in verb.children)


def _toll(token: Token) -> bool:
    """'the death toll' (or a verb whose object it is: "raising the death toll to 22")."""
    nouns = [token, *(c for c in token.children if c.dep_ in ("dobj", "nsubj", "nsubjpass"))]
    return any(
        n.lemma_.lower() == "toll" and any(c.lower_ == "death" for c in n.children) for n in nouns
    )


def _people(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN", "NUM", "PRON")


def _in_including(token: Token) -> bool:
    """A part of a count named before ("34 dead, including one soldier")."""
    t = token
    for _ in range(4):
        if t.head.i == t.i:
            return False
        if t.head.lower_ in ("including", "among"):
            return True
        if t.dep_ not in ("pobj", "conj", "appos"):
            return False
        t = t.head
    return False


# --- which relation a count belongs to ----------------------------------------------------


def magnitudes_of(
    cue: Token,
    predicate: str,
    subject: str,
    index: ActorIndex,
    lex: Lexicon,
    found: Sequence[Count],
) -> tuple[Magnitude, ...]:
    """The counts of a sentence that belong to the event of ``cue`` (see the module docstring).

    Only strikes, kills and fights have a magnitude, and criticizes when its
    cue is a protest; one magnitude per kind (coordinated counts added up).
    """
    if predicate not in _SIZED and not (
        predicate == "criticizes" and cue.lemma_.lower() in _PROTEST_CUES
    ):
        return ()
    by_kind: dict[str, list[Count]] = {}
    for count in sorted(found, key=lambda c: c.number.i):
        if _same_event(count, cue, subject, index, lex):
            by_kind.setdefault(count.kind, []).append(count)
    out = []
    for kind, items in by_kind.items():
        group = _first_group(items)
        value = sum(c.value for c in group)
        bounds = {c.bound for c in group}
        bound = group[0].bound if len(bounds) == 1 else "at_least"
        text = group[0].text if len(group) == 1 else _joined_text(group)
        out.append(Magnitude(kind=kind, value=value, bound=bound, text=text))
    order = {k: i for i, k in enumerate(("killed", "injured", "arrested", "displaced"))}
    return tuple(sorted(out, key=lambda m: order.get(m.kind, 9)))


def _first_group(items: list[Count]) -> list[Count]:
    """The first count of a kind, and those coordinated with it under the same word."""
    first = items[0]
    return [c for c in items if c.anchor.i == first.anchor.i]


def _joined_text(group: list[Count]) -> str:
    doc = group[0].number.doc
    start = min(c.number.i for c in group)
    while start > 0 and doc[start - 1].lower_ in ("least", "at", "than", "more", "about"):
        start -= 1
    end = max(c.number.i for c in group)
    for c in group:
        head = c.number.head
        if head.i > end and head.i - end <= 3:
            end = head.i
    return doc[start : end + 1].text


def _same_event(count: Count, cue: Token, subject: str, index: ActorIndex, lex: Lexicon) -> bool:
    anchor = count.anchor
    if anchor.sent.start != cue.sent.start:
        return False
    if anchor.i == cue.i:
        return True
    up_anchor = _ancestors(anchor)
    up_cue = _ancestors(cue)
    common = next((t for t in up_anchor if t.i in {c.i for c in up_cue}), None)
    if common is None:
        return False
    for path, allowed in ((up_anchor, _SAME_EVENT), (up_cue, _CUE_SIDE)):
        for token in path:
            if token.i == common.i:
                break
            if token.dep_ not in allowed:
                return False
    if common.i not in (anchor.i, cue.i) and common.lemma_.lower() in lex.speech_verbs:
        return False  # "X said A, and B": two reports
    # a clause of the count's side with a subject of its own is another event, unless
    # that subject is the relation's subject or the event itself
    for token in up_anchor:
        if token.i == common.i:
            break
        if token.pos_ in ("VERB", "AUX") and not _agent_is(token, cue, subject, index, lex, count):
            return False
    return True


def _ancestors(token: Token) -> list[Token]:
    out = [token]
    while token.head.i != token.i:
        token = token.head
        out.append(token)
    return out


def _agent_is(
    verb: Token, cue: Token, subject: str, index: ActorIndex, lex: Lexicon, count: Count
) -> bool:
    """Whether a verb's own subject (if any) may be the relation's subject doing it.

    "after mortar fire from militants wounded two": the fire, not the soldiers of
    the relation, wounded them.
    """
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects or verb.tag_ == "VBN":
        return True
    counted = {t.i for t in count.anchor.subtree} if count.anchor.i != verb.i else set()
    for s in subjects:
        if s.i == cue.i or s.lower_ in _RELATIVE or lex.cue(s.lemma_, "NOUN"):
            continue  # "air strikes killed", "clashes that left"
        if s.i in counted or count.number.i in {t.i for t in s.subtree}:
            continue  # "12 people died": the count is the subject
        if subject not in index.actors_of(s):
            return False
    return True
