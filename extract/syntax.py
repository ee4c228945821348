"""Small questions asked of spaCy's dependency parse, shared by the rules.

Who is the subject of a verb (its own, or the one it shares with the clause
above it), which tokens are coordinated with a token, what the objects of
given prepositions are.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from geokg.extract.columns import columns

__all__ = ["MODIFIER_DEPS", "is_infinitive", "pobjs", "subjects_of", "with_conjuncts"]

_SUBJ_DEPS = frozenset({"nsubj"})
# Clauses whose missing subject is that of the clause above them.
_SHARED_SUBJECT = frozenset({"conj", "xcomp", "acomp"})
# Dependents through which a modifier names the actor behind a noun.
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})
_RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom"})
# A token with more children than this has its subjects remembered, per document:
# every conjunct of a coordination of 2,000 clauses asks for the subjects of the
# one verb they hang from, and scanning its children each time made a long
# sentence cost its square. (The parse of a document does not change once
# rules read it.)
_HUB = 32
_HUB_SUBJECTS: weakref.WeakKeyDictionary[Doc, dict[int, tuple[int, ...]]] = (
    weakref.WeakKeyDictionary()
)


def is_infinitive(verb: Token) -> bool:
    """'to attack': the verb has the infinitive marker."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _nonfinite(verb: Token) -> bool:
    """An infinitive or participle clause ("to support X", "saying X") has no subject of its own."""
    return is_infinitive(verb) or verb.tag_ in ("VBG", "VBN")


def with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    """The tokens and their conjuncts, in order.

    A list of names the parser hung as an apposition ("designated Chen Dong,
    Yang Jianping, Qiu Hong and He Jing": "Jianping" appos of "Dong", the
    rest its conjuncts) is a coordination: a name whose apposition is a name
    that heads conjuncts of its own.
    """
    out: list[Token] = []
    for t in tokens:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
        if t.pos_ == "PROPN":
            for appos in t.children:
                if appos.dep_ == "appos" and appos.pos_ == "PROPN" and appos.conjuncts:
                    out.append(appos)
                    out.extend(c for c in appos.conjuncts if c.i > appos.i)
    return list(dict.fromkeys(out))


def pobjs(token: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of the prepositions in ``preps`` hanging from ``token``."""
    out = []
    for prep in token.children:
        # spaCy labels the "to" of "sent troops to Syria" dative, not prep
        if (prep.dep_ == "prep" or (prep.dep_ == "dative" and prep.pos_ == "ADP")) and (
            prep.lower_ in preps
        ):
            out.extend(c for c in prep.children if c.dep_ in ("pobj", "pcomp"))
    return with_conjuncts(out)


def _carried_out(head: Token, clause: Token) -> bool:
    """Whether the clause's subject is the one behind ``head`` ("Iran launched missiles").

    A bare head ("fired missiles that hit X") is; one with modifiers only when
    the clause verb carries the thing out ("was easing a crushing offensive
    that killed X"), not when it judges it ("condemned the unlawful attack
    that killed X") or names someone else's ("the Saudi coalition").
    """
    modifiers = [c for c in head.children if c.dep_ in MODIFIER_DEPS]
    if not modifiers:
        return True
    if any(c.dep_ == "poss" or not c.is_lower for c in modifiers):
        return False
    from geokg.extract.lexicon import load_lexicon

    return clause.lemma_.lower() in load_lexicon().light_verbs


def subjects_of(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """Subject tokens of a verb, and whether they came from another clause."""
    own = _own_subjects(verb)
    if own and not (verb.dep_ == "relcl" and own[0].lower_ in _RELATIVE_PRONOUNS):
        return with_conjuncts(_headline_pair(verb, own) + own + _companions(verb, own)), False
    if (
        verb.dep_ == "pcomp"
        and verb.head.dep_ == "prep"
        and verb.head.head.pos_ == "ADJ"
        and depth < 3
    ):
        # "X was more forceful in blaming Iran": the subject of the adjective's verb
        return subjects_of(verb.head.head.head, depth + 1)[0], True
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
        # "accused India of shelling Nepal": the object of the verb above does it
        governor = verb.head.head
        objects = [c for c in governor.children if c.dep_ == "dobj"]
        if objects and governor.lemma_.lower() == "join" and depth < 3:
            # "We join Canada in condemning X": both condemn it
            return subjects_of(governor, depth + 1)[0] + with_conjuncts(objects), True
        if objects:
            return with_conjuncts(objects), True
        return subjects_of(governor, depth + 1)[0] if depth < 3 else [], True
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        # "the coalition that is attacking X", "groups fighting Y"; a weapon's user
        # is the subject of launching it ("Iran launched missiles targeting X"), and
        # "in order to attack" belongs to the clause around it.
        head = verb.head
        actor = verb.dep_ == "relcl" and (head.ent_type_ or head.pos_ == "PROPN")
        if head.dep_ in ("dobj", "pobj") and not actor:  # "gunmen who rose up" rose up
            clause = head.head
            while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
                clause = clause.head
            if clause.pos_ in ("VERB", "AUX") and depth < 3 and _carried_out(head, clause):
                found, _ = subjects_of(clause, depth + 1)
                return found or [head], True
        return with_conjuncts([head]), True
    if (
        depth < 3
        and verb.head.i != verb.i
        and (verb.dep_ in _SHARED_SUBJECT or (verb.dep_ == "advcl" and _nonfinite(verb)))
    ):
        found, _ = subjects_of(verb.head, depth + 1)
        return found, True
    return [], False


# Participles that say who made a thing ("carried out by", "put forward by"); not
# "wanted by", "supported by", which say who wants or supports it.
_MAKING = frozenset(
    """make issue put carry launch propose impose sign announce take adopt present submit
    reach conduct broker mount stage perpetrate commit draft introduce table order fire
    write publish release deliver give send initiate orchestrate plan facilitate lead
    sponsor organize organise convene mediate claim""".split()
)


def made_by(thing: Token) -> list[Token]:
    """The agents of a participle after a noun: "the attack carried out by X", "the
    proposal put forward by Y" (the pobj tokens; their head's head is the participle)."""
    return [
        p
        for acl in thing.children
        if acl.dep_ == "acl"
        and acl.i > thing.i
        and acl.tag_ == "VBN"
        and acl.lemma_.lower() in _MAKING
        for a in acl.children
        if a.dep_ == "agent"
        for p in a.children
        if p.dep_ == "pobj"
    ]


_COMPANY = frozenset({"along", "together", "alongside"})
_NEAR = 30  # tokens before a verb where its subject's company is looked for


def _companions(verb: Token, own: list[Token]) -> list[Token]:
    """'France, along with Germany, condemned X', 'Britain, together with France, ...'.

    Who acts with the subject, as the parser hangs it from the verb or from
    the subject (before the verb: "condemned Russia along with the EU" may
    be about Russia).
    """
    lower = columns(verb.doc).lower
    if not any(lower[i] in _COMPANY for i in range(max(0, verb.i - _NEAR), verb.i)):
        return []  # no "along", "together" or "alongside" before the verb
    found = []
    for head in (verb, *own):
        for c in head.children:
            if c.dep_ != "prep" or c.i > verb.i:
                continue
            if c.lower_ == "alongside":
                found += [p for p in c.children if p.dep_ == "pobj"]
            elif c.lower_ in ("along", "together") or (
                c.lower_ == "with" and any(a.lower_ in ("along", "together") for a in c.children)
            ):
                withs = [c] if c.lower_ == "with" else [w for w in c.children if w.lower_ == "with"]
                found += [p for w in withs for p in w.children if p.dep_ == "pobj"]
    return found


def _headline_pair(verb: Token, own: list[Token]) -> list[Token]:
    """'Turkey, Syria Agree to Restore Ties': a headline's comma stands for "and".

    A name opening the sentence, a comma, then the verb's own subject: the
    parser hangs the first name from the verb as a modifier.
    """
    first = own[0]
    if first.pos_ != "PROPN" or first.i < 2:
        return []
    left = first.left_edge.i
    if left < 2:
        return []
    doc = verb.doc
    comma, before = doc[left - 1], doc[left - 2]
    if (
        comma.text != ","
        or before.pos_ != "PROPN"
        or before.head.i != verb.i
        or before.dep_ not in ("npadvmod", "dep", "nsubj")
        or not before.left_edge.is_sent_start
    ):
        return []
    return [before]


def _own_subjects(verb: Token) -> list[Token]:
    if verb.n_lefts + verb.n_rights <= _HUB:
        return [c for c in verb.children if c.dep_ in _SUBJ_DEPS]
    memo = _HUB_SUBJECTS.setdefault(verb.doc, {})
    found = memo.get(verb.i)
    if found is None:
        found = memo[verb.i] = tuple(c.i for c in verb.children if c.dep_ in _SUBJ_DEPS)
    return [verb.doc[i] for i in found]
