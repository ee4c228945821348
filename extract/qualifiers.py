"""Qualifiers of a relation: negated, hypothetical, attributed to a speaker.

Each rule reads the dependency parse around the cue word and the word tables
of ``lexicon.json``. They are small functions so that deeper rules (issue:
"relations an analyst can trust") slot in beside them.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from geokg.extract.index import ActorIndex
from geokg.extract.lexicon import Lexicon
from geokg.extract.syntax import is_infinitive, subjects_of

__all__ = ["attribution", "clause_verb", "is_hypothetical", "is_negated", "nominal_hedges"]

# How a clause hangs from a word that makes it intended rather than done.
_COMPLEMENT = frozenset({"xcomp", "ccomp", "acl", "pcomp", "prep", "pobj", "dobj"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})


def clause_verb(token: Token) -> Token:
    """The verb of the clause a (nominal) cue stands in; the cue itself for a verb."""
    t = token
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t if t.pos_ in ("VERB", "AUX") else token


def _governors(verb: Token) -> Iterator[tuple[Token, Token]]:
    """(ancestor, the child of it on the path) from the verb up to the sentence root.

    The first pair is (verb, verb). The walk goes through nouns and
    adjectives too: in "had the opportunity to meet", the clause of "meet"
    hangs from "opportunity", whose verb is "had"; in "is ready to forge",
    "forge" hangs from "ready".
    """
    yield verb, verb
    t = verb
    while t.head.i != t.i:
        yield t.head, t
        t = t.head


def _has_negation(verb: Token, lex: Lexicon) -> bool:
    return any(
        c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and c.lower_ in lex.negations)
        for c in verb.children
    )


def is_negated(cue: Token, lex: Lexicon) -> bool:
    """'must not support', 'never attacked', 'denied striking', 'refused to meet'."""
    verb = clause_verb(cue)
    if _has_negation(verb, lex) or (cue.i != verb.i and _has_negation(cue, lex)):
        return True
    if (
        cue.i != verb.i
        and cue.head.i == verb.i
        and cue.dep_ == "dobj"
        and verb.lemma_.lower() in lex.stopping_verbs
        and (noun := lex.cue(cue.lemma_, "NOUN")) is not None
        and noun.predicate == "supports"
    ):
        return not _has_negation(verb, lex)  # "cut aid to X", "suspended its funding of X"
    # A conjunct shares the auxiliaries of its head: "must not support X or interfere".
    if verb.dep_ == "conj" and _has_negation(verb.head, lex):
        return True
    for gov, via in list(_governors(verb))[1:4]:
        # "sees no reason to join", "has no plans to attack": the noun that governs it says no
        if via.dep_ in ("acl", "relcl") and gov.pos_ == "NOUN" and _has_negation(gov, lex):
            return True
    up = verb
    while up.dep_ in ("xcomp", "ccomp", "pcomp", "dobj", "acl") and up.head.i != up.i:
        # "rejected allegations that he had collaborated": a content clause of a noun
        # is negated by the verb that rejects the noun
        if up.dep_ == "acl" and up.head.dep_ not in ("dobj", "pobj"):
            break
        up = up.head
        if up.lemma_.lower() in lex.negating_verbs:
            return not _has_negation(up, lex)
        if up.dep_ not in ("xcomp", "pcomp", "prep", "dobj"):
            break
    return False


def _modal(verb: Token, lex: Lexicon) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in lex.modals for c in verb.children)


def _purpose(verb: Token) -> bool:
    if verb.dep_ == "advcl":
        return True
    return verb.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in verb.head.children)


def is_hypothetical(cue: Token, lex: Lexicon) -> bool:
    """Conditional, modal, future, intended, proposed or asked: not reported as fact."""
    sent = cue.sent
    if sent.text.rstrip().rstrip("\"'”’").endswith("?"):
        return True
    verb = clause_verb(cue)
    if cue.i != verb.i and verb.lemma_.lower() in lex.hypothetical_heads:
        return True  # a nominal event that is planned, allowed or threatened: "plans an attack"
    for i, (gov, via) in enumerate(_governors(verb)):
        lemma = gov.lemma_.lower()
        if any(c.dep_ == "mark" and c.lower_ in lex.conditional_marks for c in gov.children):
            return True
        # a modal ("would support"), or a purpose clause ("used strikes to support X",
        # "massed troops to attack X": an infinitive after a verb with an object)
        if i == 0 and (_modal(gov, lex) or (is_infinitive(gov) and _purpose(gov))):
            return True
        if i == 0 and gov.dep_ == "conj" and _modal(gov.head, lex):
            return True
        # a headline's "Spanish PM to host allies": an infinitive as the main verb is the future
        if i == 0 and gov.dep_ == "ROOT" and is_infinitive(gov):
            return True
        # ... or parsed as the infinitive of a verbless headline's noun ("PM to host allies")
        if (
            i == 0
            and is_infinitive(gov)
            and gov.dep_ in ("acl", "relcl")
            and gov.head.dep_ == "ROOT"
            and gov.head.pos_ in ("NOUN", "PROPN")
        ):
            return True
        # an obligation or intention the governor's modal makes: "will have to recognize X"
        if i > 0 and via.dep_ == "xcomp" and _modal(gov, lex):
            return True
        # the complement of an intention, plan or demand: "plans to visit", "ready to forge"
        if i > 0 and lemma in lex.hypothetical_heads and via.dep_ in _COMPLEMENT:
            return True
        if i > 0 and lemma in lex.speech_verbs and gov.pos_ == "VERB":
            break  # "X said Russia attacked": the report is a fact unless the report hedges it
    return False


# Prepositions through which a word governs an event noun ("the threat of an attack",
# "plans for talks"); not adjuncts beside it ("alongside its support", "amid attacks").
_COMPLEMENT_PREPS = frozenset({"of", "for", "to", "on", "in", "into", "at", "about", "over"})


def nominal_hedges(noun: Token, lex: Lexicon) -> tuple[bool, bool]:
    """(negated, hypothetical) of a nominal event named with its actor: 'Russia's war'.

    "the Kremlin seeks to hide the truth of its war against Ukraine": the war
    is presupposed, whatever the clause around it says of hiding it. Only the
    words that govern the noun itself hedge it: "no attack", "denied its
    attack", "plans an attack", "the threat of an attack", a question.
    """
    if noun.sent.text.rstrip().rstrip("\"'”’").endswith("?"):
        return False, True
    negated = any(c.dep_ == "det" and c.lower_ in lex.negations for c in noun.children)
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        if head.lower_ not in _COMPLEMENT_PREPS:
            return negated, False  # "alongside its support", "despite its attacks": as stated
        head = head.head
    lemma = head.lemma_.lower()
    if head.i != noun.i and noun.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass"):
        negated = negated or lemma in lex.negating_verbs
        if lemma in lex.hypothetical_heads:
            return negated, True
    return negated, False


def attribution(cue: Token, index: ActorIndex, lex: Lexicon) -> str | None:
    """The actor whose statement the relation comes from, if any.

    "Kerry said Russia must ...", "rebels claimed they were hit", "according to
    US officials ...".
    """
    for gov, via in list(_governors(clause_verb(cue)))[1:]:
        if via.dep_ in _SUBJECTS:
            return None  # "US-backed groups claimed ...": the cue is in the speaker's own name
        if gov.lemma_.lower() in lex.speech_verbs and gov.pos_ == "VERB":
            # "saying the Russians attacked": the speaker is the subject of the clause above
            speakers, _ = subjects_of(gov)
            return index.actor_of(speakers[0]) if speakers else None
    for token in cue.sent:
        if token.lower_ == "according":
            for prep in token.children:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return index.actor_of(pobj)
    return None
