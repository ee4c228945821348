"""Criticism stated as a judgment rather than with a verb of criticism.

- an accusation in reported speech: "X said Y was behind the attack",
  "... Y is responsible for it";
- a negative verdict on an actor or on what an actor did: "they concluded
  that the agreement between Turkey and Libya is null and void", "X called
  Y's conduct a breach of the constitution", "Y was branded 'extremists' by
  X", "X described the move as illegal".

The judge criticizes the actor judged: the actor itself, or the owner of the
thing judged (its possessor, the object of "of", "by", "from" or "between",
or the actor that led it: "the UN-led process"). Not when the verdict is
negated or modal ("Y would be responsible", "it is not illegal"). The
verdict words are the ``negative_verdicts`` table of ``lexicon.json``;
``branding_verbs`` are negative whatever follows ("branded", "labelled").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from geokg.extract.index import ActorIndex, names_topic
from geokg.extract.lexicon import Lexicon
from geokg.extract.syntax import made_by, pobjs, subjects_of, with_conjuncts

__all__ = ["charges", "judging_verb", "owners", "verdicts"]

# Prepositions through which a thing names whose it is ("the agreement between A and B").
_OWNER_PREPS = frozenset({"of", "by", "from", "between"})
# Verbs that reach a verdict in a clause of their own ("concluded that X is illegal").
_FINDING_VERBS = frozenset({"conclude", "find", "rule", "deem", "judge", "determine", "decide"})


def owners(thing: Token, index: ActorIndex, lex: Lexicon) -> list[Token]:
    """Who a thing-noun belongs to: its possessor, 'of'/'by'/'from'/'between' objects, 'X-led'."""
    out = [c for c in thing.children if c.dep_ == "poss"]
    # "called for G7 action", "rejected the Russian proposal": a name before the noun;
    # not a place that names a topic ("defend the Iraq situation")
    out += [
        c
        for c in thing.lefts
        if c.dep_ in ("compound", "amod")
        and c.i + 1 == thing.i
        and index.at(c)
        and not names_topic(thing, c)
    ]
    for obj in pobjs(thing, _OWNER_PREPS):
        # "the failure of X to act": the doer of the clause
        out += [c for c in obj.children if c.dep_ == "nsubj"] if obj.pos_ == "VERB" else [obj]
    out += made_by(thing)  # "the proposal put forward by X"
    doc = thing.doc
    for child in thing.children:
        # "UN-led efforts": the leader owns them
        if (
            child.dep_ in ("amod", "compound")
            and lex.backing_suffixes.get(child.lower_) == "leads"
            and child.i >= 2
            and doc[child.i - 1].text == "-"
        ):
            out.append(doc[child.i - 2])
    return with_conjuncts(out)


def _targets(token: Token, index: ActorIndex, lex: Lexicon) -> list[Token]:
    """The actors a judged phrase stands for: itself, or the owners of the thing it names."""
    if index.at(token) or token.i in index.groups:
        return with_conjuncts([token])
    if lex.names_victim(token):
        # an event's possessor may be its victim ("Nabil's murder is a crime"); a state,
        # a group or an organization wages it ("Russia's war is illegal"); "between"
        # names its parties ("the agreement between Turkey and Libya is void")
        return [
            c
            for c in token.children
            if c.dep_ == "poss" and any(index.type_of(a) != "Person" for a in index.actors_of(c))
        ] + pobjs(token, frozenset({"between"}))
    if index.actors_of(token):
        return [token]
    return [o for o in owners(token, index, lex) if index.actors_of(o)]


def _hedged(clause: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "aux" and c.tag_ == "MD") for c in clause.children)


def _negative(phrase: Token, lex: Lexicon) -> bool:
    """Whether a predicate phrase ("null and void", "a breach of ...") holds a negative verdict."""
    words = {t.lemma_.lower() for t in phrase.subtree} | {t.lower_ for t in phrase.subtree}
    return bool(words & lex.negative_verdicts)


# "the crash was Iran's doing": a noun whose possessor is the one to blame
_BLAME_NOUNS = frozenset({"doing", "fault", "handiwork", "responsibility"})


def _accused(clause: Token, lex: Lexicon) -> bool:
    return any(
        (c.dep_ == "acomp" and c.lemma_.lower() == "responsible")
        or (c.dep_ == "prep" and c.lower_ == "behind")
        or (c.dep_ in ("acomp", "attr") and _negative(c, lex))
        for c in clause.children
    )


def _blamed_owner(clause: Token) -> list[Token]:
    """'the crash was Iran's doing': the possessor of a noun of blame."""
    return [
        p
        for c in clause.subtree
        if c.lemma_.lower() in _BLAME_NOUNS and c.pos_ == "NOUN"
        for p in c.children
        if p.dep_ == "poss"
    ]


def _judges(verb: Token, complements: list[Token]) -> list[Token]:
    """The one who judges: the subject, or the agent of a passive verb.

    The parser may hang "by X" from the complement ("was branded a traitor by X").
    """
    agents = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    if _passive(verb):
        agents += [p for c in complements for p in pobjs(c, frozenset({"by"}))]
    if agents:
        return with_conjuncts(agents)
    return subjects_of(verb)[0]


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def charges(noun: Token, index: ActorIndex, lex: Lexicon) -> Iterator[tuple[Token, Token, str]]:
    """'Washington stepped up its charges that Damascus was sheltering insurgents'.

    The accuser is the noun's possessor, or the subject of a light verb it is
    the object of ("X levelled accusations that Y ..."); not "rejected
    allegations that Y ...", whose accuser is unnamed.
    """
    if noun.lower_ not in lex.accusation_nouns:
        return
    clauses = [c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.pos_ in ("VERB", "AUX")]
    if not clauses or _hedged(clauses[0]):
        return
    accusers = [c for c in noun.children if c.dep_ == "poss"]
    accusers += pobjs(noun, frozenset({"by", "from"}))  # "accusations by Ivory Coast authorities"
    if not accusers and noun.dep_ == "dobj" and noun.head.lemma_.lower() in lex.light_verbs:
        accusers = subjects_of(noun.head)[0]
    for clause in clauses:
        for accused in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            for target in _targets(accused, index, lex):
                for accuser in accusers:
                    yield accuser, target, "accusation"


def judging_verb(lemma: str, lex: Lexicon) -> bool:
    """Whether :func:`verdicts` may find anything for a verb of this lower-cased lemma."""
    return (
        lemma in lex.speech_verbs
        or lemma in _FINDING_VERBS
        or lemma in lex.naming_verbs
        or lemma == "hold"
    )


# "hold X accountable", "held X responsible for the attack": blame (CAMEO 112).
_ANSWERABLE = frozenset({"accountable", "responsible", "liable", "culpable"})


def _held_to_account(verb: Token) -> list[Token]:
    """Who a "hold" verb holds answerable, however the parser hangs the adjective."""
    held = []
    for c in verb.children:
        if c.dep_ == "dobj" and any(
            a.dep_ in ("amod", "acomp", "oprd") and a.lower_ in _ANSWERABLE for a in c.children
        ):
            held.append(c)  # "held Somalia responsible" (the adjective on the object)
        elif c.dep_ in ("ccomp", "xcomp", "oprd", "acomp") and c.lower_ in _ANSWERABLE:
            held += [s for s in c.children if s.dep_ == "nsubj"]  # "hold Russia accountable"
            held += [d for d in verb.children if d.dep_ == "dobj"]
    return with_conjuncts(held)


def verdicts(verb: Token, index: ActorIndex, lex: Lexicon) -> Iterator[tuple[Token, Token, str]]:
    """(judge, judged, how) pairs of a verb of saying, finding or naming."""
    lemma = verb.lemma_.lower()
    if lemma in lex.speech_verbs or lemma in _FINDING_VERBS:
        for clause in verb.children:
            if clause.dep_ != "ccomp" or clause.lemma_.lower() != "be" or _hedged(clause):
                continue
            for target in _blamed_owner(clause):
                for judge in subjects_of(verb)[0]:
                    yield judge, target, "accusation"
            if not _accused(clause, lex):
                continue
            for judged in (c for c in clause.children if c.dep_ == "nsubj"):
                for target in _targets(judged, index, lex):
                    for judge in subjects_of(verb)[0]:
                        yield judge, target, "accusation"
    if lemma == "hold":
        for judged in _held_to_account(verb):
            for target in _targets(judged, index, lex):
                for judge in subjects_of(verb)[0]:
                    yield judge, target, "accusation"
        return
    if lemma in lex.naming_verbs:
        if _hedged(verb):
            return
        passive = _passive(verb)
        # "was branded a traitor": in a passive clause the complement may parse as an object
        kinds = ("oprd", "xcomp", "attr", "dobj") if passive else ("oprd", "xcomp", "attr")
        complements = [c for c in verb.children if c.dep_ in kinds]
        complements += pobjs(verb, frozenset({"as"}))
        negative = lemma in lex.branding_verbs or any(_negative(c, lex) for c in complements)
        if not complements or not negative:
            return
        named = [c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        for judged in with_conjuncts(named):
            for target in _targets(judged, index, lex):
                for judge in _judges(verb, complements):
                    yield judge, target, "accusation"
