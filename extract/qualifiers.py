"""Qualifiers of a relation: negated, hypothetical, attributed to a speaker.

Each rule reads the dependency parse around the cue word and the word tables
of ``lexicon.json``. They are small functions so that deeper rules (issue:
"relations an analyst can trust") slot in beside them.

Every candidate relation of a sentence asks the same questions of the same
parse: whether the sentence is a question, what its "according to" names,
the children of the verb its clauses hang from, the walk from a clause up to
the root. :class:`SentenceFacts` answers each once per sentence (per token
for the walks and the children), so the qualifiers of a sentence cost time
linear in its length; without it a sentence of 8,000 tokens made each of its
candidates scan it again (26 million token look-ups, 45 s).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Span, Token

from geokg.extract.index import ActorIndex
from geokg.extract.lexicon import Lexicon
from geokg.extract.syntax import is_infinitive, subjects_of

__all__ = [
    "SentenceFacts",
    "attribution",
    "clause_verb",
    "is_hypothetical",
    "is_negated",
    "nominal_hedges",
]

# How a clause hangs from a word that makes it intended rather than done.
_COMPLEMENT = frozenset({"xcomp", "ccomp", "acl", "pcomp", "prep", "pobj", "dobj"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_VERBS = ("VERB", "AUX")
_UNSET = object()


class SentenceFacts:
    """What one sentence says about hedging and attribution, each part computed once.

    Answers are remembered per cue token, the children a rule scans per
    token, and the walks up the parse per token they pass (a walk stops at
    the first token whose answer is known), so every token is visited a
    bounded number of times however many candidates the sentence has.

    Args:
        sent: the sentence.
        lex: the word tables.
        index: the document's actors (for :func:`attribution`).
    """

    def __init__(self, sent: Span, lex: Lexicon, index: ActorIndex | None = None) -> None:
        self.sent = sent
        self.lex = lex
        self.index = index
        self._question: bool | None = None
        self._according: Any = _UNSET
        self._memo: dict[str, dict[int, Any]] = {}

    @classmethod
    def of(cls, token: Token, lex: Lexicon, index: ActorIndex | None = None) -> SentenceFacts:
        """The facts of a token's sentence, for a caller that asks once."""
        return cls(token.sent, lex, index)

    def once(self, name: str, token: Token, compute: Callable[[], Any]) -> Any:
        """``compute()``, remembered for this token under ``name``."""
        memo = self._memo.setdefault(name, {})
        if token.i not in memo:
            memo[token.i] = compute()
        return memo[token.i]

    def walk(self, name: str, token: Token, step: Callable[[Token], tuple[bool, Any]]) -> Any:
        """The answer of a walk up the parse from ``token``, remembered for every token on it.

        ``step(t)`` gives ``(True, answer)`` when the walk ends at ``t``, or
        ``(False, next token)``; the answer from ``t`` is then that of the
        next token, so it is stored for both.
        """
        memo = self._memo.setdefault(name, {})
        path = []
        t = token
        while t.i not in memo:
            path.append(t.i)
            done, value = step(t)
            if done:
                memo[t.i] = value
                break
            t = value
        answer = memo[t.i]
        for i in path:
            memo[i] = answer
        return answer

    @property
    def question(self) -> bool:
        if self._question is None:
            self._question = self.sent.text.rstrip().rstrip("\"'”’").endswith("?")
        return self._question

    def according(self, index: ActorIndex) -> str | None:
        """The actor of the sentence's "according to X", if any."""
        if self._according is _UNSET:
            self._according = _according_to(self.sent, index)
        return self._according

    def clause_verb(self, token: Token) -> Token:
        def step(t: Token) -> tuple[bool, Any]:
            if t.pos_ in _VERBS:
                return True, t
            return (True, None) if t.head.i == t.i else (False, t.head)

        verb = self.walk("clause_verb", token, step)
        return token if verb is None else verb

    def has_negation(self, verb: Token) -> bool:
        return self.once("negation", verb, lambda: _has_negation(verb, self.lex))

    def modal(self, verb: Token) -> bool:
        return self.once("modal", verb, lambda: _modal(verb, self.lex))

    def infinitive(self, verb: Token) -> bool:
        return self.once("infinitive", verb, lambda: is_infinitive(verb))

    def conditional(self, gov: Token) -> bool:
        marks = self.lex.conditional_marks
        return self.once(
            "conditional",
            gov,
            lambda: any(c.dep_ == "mark" and c.lower_ in marks for c in gov.children),
        )

    def purpose(self, verb: Token) -> bool:
        if verb.dep_ == "advcl":
            return True
        return verb.dep_ == "xcomp" and self.once(
            "has_dobj", verb.head, lambda: any(c.dep_ == "dobj" for c in verb.head.children)
        )


def clause_verb(token: Token) -> Token:
    """The verb of the clause a (nominal) cue stands in; the cue itself for a verb."""
    t = token
    while t.pos_ not in _VERBS and t.head.i != t.i:
        t = t.head
    return t if t.pos_ in _VERBS else token


def _has_negation(verb: Token, lex: Lexicon) -> bool:
    return any(
        c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and c.lower_ in lex.negations)
        for c in verb.children
    )


def is_negated(cue: Token, lex: Lexicon, *, facts: SentenceFacts | None = None) -> bool:
    """'must not support', 'never attacked', 'denied striking', 'refused to meet'."""
    f = facts or SentenceFacts.of(cue, lex)
    return f.once("negated", cue, lambda: _negated(cue, f))


def _negated(cue: Token, f: SentenceFacts) -> bool:
    lex = f.lex
    verb = f.clause_verb(cue)
    if f.has_negation(verb) or (cue.i != verb.i and f.has_negation(cue)):
        return True
    if cue.i != verb.i and taken_back(cue, verb, lex):
        return not f.has_negation(verb)
    # A conjunct shares the auxiliaries of its head: "must not support X or interfere";
    # not a clause with its own subject ("is not a member, but it is part of a pact")
    if verb.dep_ == "conj" and f.has_negation(verb.head) and not _own_subject(verb):
        return True
    # "sees no reason to join", "has no plans to attack": a noun up to three steps above
    # the clause, whose clause it is, says no (a bounded walk: linear in the sentence)
    via = verb
    for _ in range(3):
        if via.head.i == via.i:
            break
        gov = via.head
        if via.dep_ in ("acl", "relcl") and gov.pos_ == "NOUN" and f.has_negation(gov):
            return True
        via = gov

    def step(up: Token) -> tuple[bool, Any]:
        if up.dep_ not in ("xcomp", "ccomp", "pcomp", "dobj", "acl") or up.head.i == up.i:
            return True, False
        # "rejected allegations that he had collaborated": a content clause of a noun
        # is negated by the verb that rejects the noun
        if up.dep_ == "acl" and up.head.dep_ not in ("dobj", "pobj"):
            return True, False
        up = up.head
        if up.lemma_.lower() in lex.negating_verbs:
            return True, not f.has_negation(up)
        if up.dep_ not in ("xcomp", "pcomp", "prep", "dobj"):
            return True, False
        return False, up

    return f.walk("negated_above", verb, step)


def _own_subject(verb: Token) -> bool:
    return any(c.dep_ in _SUBJECTS for c in verb.children)


def _protested(verb: Token, lex: Lexicon) -> bool:
    """'gathered in Kyiv to denounce Russia', 'took to the streets to protest against X'.

    A protest's purpose clause says what the gathering does, not what it
    intends: the crowd denounces X by gathering.
    """
    cue = lex.cue(verb.lemma_.lower(), "VERB")
    if cue is None or cue.predicate != "criticizes":
        return False
    gov = verb.head
    lemma = gov.lemma_.lower()
    if lemma in lex.gathering_verbs:
        return True
    return lemma == "take" and any(
        p.lower_ == "to" and any(o.lemma_.lower() == "street" for o in p.children)
        for p in gov.children
    )


def taken_back(cue: Token, verb: Token, lex: Lexicon) -> str | None:
    """'cut aid to X', 'suspended its funding of X', 'lifted its ban on X', 'eased sanctions'.

    The verb's object is a support it stops giving or a sanction it lifts:
    that support or sanction is not (or no longer) there. Returns the
    noun's predicate ("supports" or "sanctions"), or None.
    """
    if cue.dep_ != "dobj" or cue.head.i != verb.i:
        return None
    noun = lex.cue(cue.lemma_, "NOUN")
    lemma = verb.lemma_.lower()
    if noun is None:
        return None
    if (noun.predicate == "supports" and lemma in lex.stopping_verbs) or (
        noun.predicate == "sanctions" and lemma in lex.lifting_verbs
    ):
        return noun.predicate
    return None


def consented_to(noun: Token, lex: Lexicon) -> Token | None:
    """The verb that agrees to or on a noun ("agreed to a truce with X"), if any."""
    prep = noun.head
    if (
        noun.dep_ == "pobj"
        and prep.lower_ in ("to", "on")
        and prep.head.pos_ == "VERB"
        and prep.head.lemma_.lower() in lex.consenting_verbs
    ):
        return prep.head
    return None


def _pledged(cue: Token, verb: Token, lex: Lexicon) -> bool:
    """'pledged its full support to X', 'agreed to a truce with X': said, so done.

    Pledging support is stating it, and agreeing to an accord makes it;
    unlike a pledge of aid to deliver ("pledged aid to Nepal", CAMEO 033) or
    to do something ("pledged to visit", "agreed to hold talks"), which are
    intentions.
    """
    consenting = consented_to(cue, lex)
    if consenting is not None and consenting.i == verb.i:
        # "agreed to a truce with X": the agreement is made
        noun = lex.cue(cue.lemma_, "NOUN")
        return noun is not None and noun.predicate == "cooperates"
    return (
        cue.dep_ == "dobj"
        and cue.head.i == verb.i
        and verb.lemma_.lower() in lex.pledging_verbs
        and cue.lemma_.lower() in lex.stated_support_nouns
    )


def _modal(verb: Token, lex: Lexicon) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in lex.modals for c in verb.children)


def is_hypothetical(cue: Token, lex: Lexicon, *, facts: SentenceFacts | None = None) -> bool:
    """Conditional, modal, future, intended, proposed or asked: not reported as fact."""
    f = facts or SentenceFacts.of(cue, lex)
    return f.once("hypothetical", cue, lambda: _hypothetical(cue, f))


def _hypothetical(cue: Token, f: SentenceFacts) -> bool:
    lex = f.lex
    if f.question:
        return True
    verb = f.clause_verb(cue)
    if (
        cue.i != verb.i
        and verb.lemma_.lower() in lex.hypothetical_heads
        and not _pledged(cue, verb, lex)
    ):
        return True  # a nominal event that is planned, allowed or threatened: "plans an attack"
    # the clause's own verb
    if f.conditional(verb):
        return True
    # a modal ("would support"), or a purpose clause ("used strikes to support X",
    # "massed troops to attack X": an infinitive after a verb with an object)
    if f.modal(verb) or (f.infinitive(verb) and f.purpose(verb) and not _protested(verb, lex)):
        return True
    if verb.dep_ == "conj" and f.modal(verb.head):
        return True
    # a headline's "Spanish PM to host allies": an infinitive as the main verb is the future
    if verb.dep_ == "ROOT" and f.infinitive(verb):
        return True
    # ... or parsed as the infinitive of a verbless headline's noun ("PM to host allies")
    if (
        f.infinitive(verb)
        and verb.dep_ in ("acl", "relcl")
        and verb.head.dep_ == "ROOT"
        and verb.head.pos_ in ("NOUN", "PROPN")
    ):
        return True

    def step(via: Token) -> tuple[bool, Any]:
        # the governors above the clause, each reached through ``via``, up to the root;
        # through nouns and adjectives too: in "had the opportunity to meet", the clause
        # of "meet" hangs from "opportunity", whose verb is "had"; in "is ready to forge",
        # "forge" hangs from "ready"
        if via.head.i == via.i:
            return True, False
        gov = via.head
        lemma = gov.lemma_.lower()
        if f.conditional(gov):
            return True, True
        # an obligation or intention the governor's modal makes: "will have to recognize X"
        if via.dep_ == "xcomp" and f.modal(gov):
            return True, True
        # the complement of an intention, plan or demand: "plans to visit", "ready to forge"
        if lemma in lex.hypothetical_heads and via.dep_ in _COMPLEMENT:
            return True, True
        if lemma in lex.speech_verbs and gov.pos_ == "VERB":
            return True, False  # "X said Russia attacked": a fact unless the report hedges it
        return False, gov

    return f.walk("hypothetical_above", verb, step)


# Prepositions through which a word governs an event noun ("the threat of an attack",
# "plans for talks"); not adjuncts beside it ("alongside its support", "amid attacks").
_COMPLEMENT_PREPS = frozenset({"of", "for", "to", "on", "in", "into", "at", "about", "over"})


def nominal_hedges(
    noun: Token, lex: Lexicon, *, facts: SentenceFacts | None = None
) -> tuple[bool, bool]:
    """(negated, hypothetical) of a nominal event named with its actor: 'Russia's war'.

    "the Kremlin seeks to hide the truth of its war against Ukraine": the war
    is presupposed, whatever the clause around it says of hiding it. Only the
    words that govern the noun itself hedge it: "no attack", "denied its
    attack", "plans an attack", "the threat of an attack", a question.
    """
    if (facts or SentenceFacts.of(noun, lex)).question:
        return False, True
    negated = any(c.dep_ == "det" and c.lower_ in lex.negations for c in noun.children)
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        if head.lower_ not in _COMPLEMENT_PREPS:
            return negated, False  # "alongside its support", "despite its attacks": as stated
        head = head.head
    lemma = head.lemma_.lower()
    if head.i != noun.i and noun.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass"):
        negated = negated or lemma in lex.negating_verbs or taken_back(noun, head, lex) is not None
        if lemma in lex.hypothetical_heads and not _pledged(noun, head, lex):
            return negated, True
    return negated, False


def attribution(
    cue: Token, index: ActorIndex, lex: Lexicon, *, facts: SentenceFacts | None = None
) -> str | None:
    """The actor whose statement the relation comes from, if any.

    "Kerry said Russia must ...", "rebels claimed they were hit", "according to
    US officials ...".
    """
    f = facts or SentenceFacts.of(cue, lex, index)
    if f.index is None:
        f.index = index
    assert f.index is index, "SentenceFacts answer for one document's actors"
    return f.once("attribution", cue, lambda: _attribution(cue, index, f))


def _attribution(cue: Token, index: ActorIndex, f: SentenceFacts) -> str | None:
    lex = f.lex

    def step(via: Token) -> tuple[bool, Any]:
        # the governors above the clause: (found, speaker), or the next one up
        if via.head.i == via.i:
            return True, (False, None)
        gov = via.head
        if via.dep_ in _SUBJECTS:
            return True, (True, None)  # "US-backed groups claimed ...": the speaker's own name
        if gov.lemma_.lower() in lex.speech_verbs and gov.pos_ == "VERB":
            # "saying the Russians attacked": the speaker is the subject of the clause above
            speakers, _ = subjects_of(gov)
            return True, (True, index.actor_of(speakers[0]) if speakers else None)
        return False, gov

    found, speaker = f.walk("attribution_above", f.clause_verb(cue), step)
    return speaker if found else f.according(index)


def _according_to(sent: Span, index: ActorIndex) -> str | None:
    for token in sent:
        if token.lower_ == "according":
            for prep in token.children:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return index.actor_of(pobj)
    return None
