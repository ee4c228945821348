"""Relations between actors, read off spaCy's dependency parse.

Three kinds of cue, each a generator over the tokens of a sentence:

- a verb of the cue table with its subject and object, active or passive,
  subjects and objects coordinated ("Russia and Iran attacked X and Y"), and
  subjects shared with the clause above (conjuncts, relative and
  participle clauses, infinitives);
- a noun of the cue table with its possessor or modifier as subject and a
  prepositional object ("Russian air strikes on rebel positions",
  "Washington's sanctions against Tehran"), or the subject of a light verb
  ("expressed concern over Russia's actions");
- a hyphenated participle: "US-backed rebels" (supports), "US-led coalition"
  (leads).

Every relation keeps its sentence, the sentence's character offsets and the
cue; :mod:`geokg.extract.qualifiers` sets negated, hypothetical and
attributed_to.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from geokg.extract.columns import columns
from geokg.extract.evaluation import charges, judging_verb, owners, verdicts
from geokg.extract.index import ActorIndex
from geokg.extract.lexicon import Cue, Lexicon
from geokg.extract.qualifiers import (
    SentenceFacts,
    attribution,
    consented_to,
    is_hypothetical,
    is_negated,
    nominal_hedges,
    taken_back,
)
from geokg.extract.syntax import made_by, pobjs, subjects_of, with_conjuncts
from geokg.model import Relation
from geokg.vocab import PREDICATES

__all__ = [
    "COLLECTIVE_PAIRS_UP_TO",
    "Candidate",
    "affiliation_relations",
    "candidates",
    "extract_relations",
]

_PASSIVE_SUBJ_DEPS = frozenset({"nsubjpass"})
_OBJ_DEPS = frozenset({"dobj", "obj", "dative"})
# Prepositions through which a thing names whose it is ("the proposal by France").
_SOURCE_PREPS = frozenset({"from", "by"})
_ACTOR_TYPES = frozenset({"Country", "Person", "Group", "Organization"})
_ADDRESSEE_IN_CLAUSE = frozenset({"requests", "warns"})
# Verbs of helping whose helped one is the subject of the clause of what ("helps Israel hold")
_HELPING = frozenset({"help", "assist"})
_SYMMETRIC = frozenset(name for name, p in PREDICATES.items() if p.symmetric)
# Symmetric predicates whose coordinated subjects are on the same side ("fights" is not).
_JOINT = frozenset({"meets", "cooperates"})
#: Participants up to which a collective act ("A, B and C met") relates every pair of
#: them. The pairs grow with the square of the list (150 countries that "met in
#: Geneva" made 11,175 relations, each repeating the sentence), and the gold marks
#: the pairings among many participants optional (a G7 statement's 8, a ministerial
#: meeting's 22), while a summit of 5 ministers meets pairwise. Beyond it each
#: participant relates only to the act's counterpart or convener, which the clause
#: names as its object: output proportional to the text.
COLLECTIVE_PAIRS_UP_TO = 6
# "at the request of X", "complied with X's demands", "acceded to X's request"
_REQUEST_NOUNS = frozenset({"request", "behest", "demand"})
_REQUEST_PREPS = frozenset({"at", "per", "upon", "on", "with", "to"})
# How a relation was found, and how much we trust that way.
_CONFIDENCE = {
    "reported": 0.7,
    "pronoun": 0.55,
    "collective": 0.6,
    "joint": 0.6,
    "verb": 0.8,
    "shared-subject": 0.7,
    "nominal": 0.7,
    "named-by-cue": 0.7,
    "request-of": 0.7,
    "accusation": 0.65,
    "light-verb": 0.65,
    "compound": 0.75,
    "reciprocal": 0.6,
}


@dataclass(frozen=True)
class Candidate:
    """A relation as the parse shows it, before its qualifiers."""

    subject: str
    predicate: str
    object: str
    cue: Token
    how: str
    pronoun: bool = False
    intent: bool = False  # the cue is an intention (CAMEO 03x: "pledged aid")


# Relative pronouns that stand for a clause's object ("Kuwait, which Iraq invaded").
_RELATIVE_OBJECTS = frozenset({"which", "that", "whom"})


def _verb_candidates(
    verb: Token, cue: Cue, index: ActorIndex, lex: Lexicon
) -> Iterator[tuple[Token, Token, str]]:
    # "Australia embraced by Malaysia": a verb with an agent is passive, whatever its tag
    by_agent = any(c.dep_ == "agent" for c in verb.children)
    passive = by_agent or any(
        c.dep_ in _PASSIVE_SUBJ_DEPS or c.dep_ == "auxpass" for c in verb.children
    )
    if passive:
        subjects = [
            p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"
        ]
        subjects = with_conjuncts(subjects)
        if cue.predicate in ("kills", "strikes") and not any(map(index.actors_of, subjects)):
            # "was killed in an Israeli air strike", "killed by a US drone strike":
            # the maker of the event the victim fell in
            subjects = _violent_makers(subjects + pobjs(verb, _EVENT_PREPS), index, lex)
        patient = _PASSIVE_SUBJ_DEPS | ({"nsubj"} if by_agent else set())
        objects = with_conjuncts(c for c in verb.children if c.dep_ in patient)
        relative = objects and objects[0].lower_ in ("who", "which", "that", "whom")
        if verb.dep_ in ("relcl", "acl") and (not objects or relative):
            # "Carrie Lam, who is supported by Beijing": the relative pronoun is the noun above
            objects = [verb.head]
        if cue.preps and not any(map(index.actors_of, objects)):
            # "missiles fired by the Houthis at a US warship": what is fired is no target
            targets = pobjs(verb, cue.preps)
            objects = objects + targets + _things_owners(targets, index, lex)
        if cue.predicate == "meets":
            # one meets people, not what they send: not "Iranian assistance is received by X"
            objects = [
                o
                for o in objects
                if index.at(o)
                or o.i in index.groups
                or o.lower_ in lex.agent_nouns | lex.people_nouns
            ]
        how = "verb"
    else:
        if _appointed(verb, lex):
            return  # "designated Wiranto as security minister": an appointment
        subjects, shared = subjects_of(verb)
        if cue.predicate in ("kills", "strikes") and not any(map(index.actors_of, subjects)):
            # "The attack, claimed by Islamic State, killed 20 soldiers": its maker
            subjects = _violent_makers(subjects, index, lex)
        direct = with_conjuncts(c for c in verb.children if c.dep_ in _OBJ_DEPS)
        if verb.dep_ == "relcl" and any(d.lower_ in _RELATIVE_OBJECTS for d in direct):
            # "Kuwait, which Iraq invaded": the relative pronoun is the noun above, or
            # the name that noun stands beside ("East Timor, a colony which X invaded")
            above = verb.head.head if verb.head.dep_ == "appos" else verb.head
            direct = [d for d in direct if d.lower_ not in _RELATIVE_OBJECTS] + [above]
        objects = pobjs(verb, cue.preps)
        if cue.predicate != "deploys":
            # "complied with the request of Israel": whose the thing-object is
            # (not a cue noun of its own: "fought with the support of Turkey")
            objects += [
                owner
                for o in list(objects)
                if not index.actors_of(o)
                and not lex.cue(o.lemma_, "NOUN")
                and o.lemma_.lower() not in lex.victim_nouns
                for owner in owners(o, index, lex)
            ]
        for obj in direct:
            if (
                cue.predicate == "meets"
                and not (index.at(obj) or obj.i in index.groups)
                and obj.lower_ not in lex.agent_nouns | lex.people_nouns
            ):
                # "met Afghan officials", "hosted German allies"; not "discussed Libya-Turkey
                # relations" or "visited Arafat's grave": one meets people, not a topic
                continue
            if cue.predicate != "deploys" and index.actors_of(obj) and cue.cameo != _STOPPED_AID:
                # (not "withdrew its support for X": the support's owner is the subject)
                objects.append(obj)
                continue
            # "demanded an explanation from Russia", "sent troops to Syria": the actor
            # hangs off a thing-noun object
            objects += pobjs(obj, cue.preps)
            if cue.predicate != "deploys":
                # "rejected the proposal from Uganda": the source may hang from the verb
                objects += pobjs(verb, _SOURCE_PREPS)
                objects += _doers(obj, index, lex)
        if not direct and (
            cue.predicate in _ADDRESSEE_IN_CLAUSE or verb.lemma_.lower() in _HELPING
        ):
            # "recommended the troops withdraw", "warned the rebels would pay": who is
            # asked or warned is the subject of the clause that says what
            # (not a clause quoted before the verb: "X threatened to ..., the agency warned")
            objects += [
                c
                for clause in verb.children
                if clause.dep_ in ("ccomp", "xcomp") and clause.i > verb.i
                for c in clause.children
                if c.dep_ == "nsubj"
            ]
        how = "shared-subject" if shared else "verb"
        if not direct and not objects:
            reported = _reported_object(verb, lex)
            if reported is not None:
                objects, how = [reported[0]], "reported"
    if not objects and not passive and _reciprocal_object(verb):
        yield from _mutual(subjects, index)  # "A and B accused each other"
        return
    if verb.lemma_.lower() in lex.experiencer_verbs:
        # "X was angered by Y" / "Y angered X": the one who feels it is the subject
        subjects, objects = objects, subjects
    if not objects and cue.predicate in _SYMMETRIC and _several(subjects, index):
        yield from _collective(subjects, index)
        return
    parties = [p for p in pobjs(verb, frozenset({"between"})) if index.actors_of(p)]
    if not objects and cue.predicate in _SYMMETRIC and len(parties) > 1:
        # "fighting between Armenia and Azerbaijan" (a gerund the parser takes for a verb)
        yield from _collective(parties, index, how="nominal")
        return
    for s in subjects:
        for o in objects:
            yield s, o, how
    if objects and cue.predicate in _JOINT and _coordinated(subjects):
        # "Egypt and Israel signed an accord with the US": the two are in it together
        yield from _collective(subjects, index, how="joint")


# The most members a one-word group may pair among themselves: "Indian and Chinese
# troops clashed", not the twenty signatories a joint statement's "we" stands for.
_MAX_GROUP = 4


def _several(subjects: list[Token], index: ActorIndex) -> bool:
    """Coordinated subjects, or one that stands for a few ("Indian and Chinese troops")."""
    return len(subjects) > 1 or any(
        1 < len(index.groups.get(s.i, ())) <= _MAX_GROUP for s in subjects
    )


def _appointed(verb: Token, lex: Lexicon) -> bool:
    """'designated X as minister', 'named X as envoy': an "as" phrase holding a title."""
    return any(
        t.lower_ in lex.title_words and t.lower_ not in lex.negative_verdicts
        for obj in pobjs(verb, frozenset({"as"}))
        for t in obj.subtree
    )


# Prepositions after a feeling's adjective that name what it is about.
_ABOUT = frozenset({"about", "by", "over", "with", "at", "to", "in", "for"})


def _feeling(adj: Token, index: ActorIndex, lex: Lexicon) -> Iterator[tuple[Token, Token, str]]:
    """'X is deeply concerned by Y's actions', 'X remains grateful to Y'.

    The adjective is the complement of the subject's verb ("is", "remains",
    "expressed being"); what the feeling is about is an actor or the owner of
    a thing.
    """
    if adj.dep_ not in ("acomp", "ROOT", "conj", "xcomp") or adj.i in index.tokens:
        return
    subjects = subjects_of(adj.head)[0] if adj.dep_ != "ROOT" else subjects_of(adj)[0]
    if not subjects:
        # "We are alarmed by ...": the parser makes the adjective a passive verb
        subjects = with_conjuncts(c for c in adj.children if c.dep_ == "nsubjpass")
    about = pobjs(adj, _ABOUT)
    about += [p for a in adj.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    for obj in about:
        if index.actors_of(obj):
            targets = [obj]
        else:
            targets = [] if lex.names_victim(obj) else owners(obj, index, lex)
            # "concerned by reports that Ethiopian forces detained ...": who the reports
            # say did it
            targets += [
                c
                for clause in obj.children
                if clause.dep_ in ("acl", "ccomp")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)
                for c in clause.children
                if c.dep_ in ("nsubj", "agent") and index.actors_of(c)
            ]
        for s in subjects:
            for o in targets:
                yield s, o, "light-verb"


def _travelling_to(noun: Token, lex: Lexicon) -> Token | None:
    """The verb of travel a meeting noun is the purpose of ('arrived for talks with X')."""
    t, steps = noun, 0
    while t.dep_ in ("pobj", "prep", "conj") and t.head.i != t.i and steps < 4:
        t, steps = t.head, steps + 1
        if t.pos_ == "VERB":
            return t if t.lemma_.lower() in lex.travel_verbs else None
    return None


def _owned(noun: Token, index: ActorIndex) -> bool:
    """An event named with its actor ("Russia's war", "Russian strikes"): presupposed."""
    return any(
        c.dep_ == "poss" or (c.dep_ in ("amod", "compound", "nmod") and c.i in index.tokens)
        for c in noun.children
    )


def _light(noun: Token, lex: Lexicon) -> bool:
    """The noun is a light verb's object ("launched an attack"): the verb says if it happened.

    Claiming responsibility for an event is owning it as a light verb does:
    "the Taliban claimed responsibility for an attack on Afghan forces".
    """
    verb = noun.head.lemma_.lower()
    return _light_head(noun, lex).i != noun.head.i or (
        noun.dep_ == "dobj"
        and (verb in lex.light_verbs or verb in lex.threat_verbs or verb in lex.pledging_verbs)
    )


# Verbs whose coordinated subjects do their object to each other ("traded accusations").
_RECIPROCAL = frozenset({"trade", "exchange", "swap"})

# What one claims to own an event by ("claimed responsibility for the attack").
_CLAIMED = frozenset({"responsibility", "credit"})


def _reciprocal(noun: Token) -> bool:
    """The noun is what a coordination trades ("A and B traded accusations")."""
    return noun.dep_ == "dobj" and noun.head.lemma_.lower() in _RECIPROCAL


def _each_other(noun: Token, index: ActorIndex) -> Iterator[tuple[Token, Token, str]]:
    """'Armenia and Azerbaijan traded accusations': each does it to the other."""
    yield from _mutual(subjects_of(noun.head)[0], index)


def _mutual(subjects: list[Token], index: ActorIndex) -> Iterator[tuple[Token, Token, str]]:
    """Each subject to each other one; a subject that stands for several, within it
    ("the two countries accused each other")."""
    tokens = list(index.named_by(subjects).values())
    for a in tokens:
        for b in tokens:
            if a.i != b.i:
                yield a, b, "reciprocal"
    if len(subjects) == 1 and len(index.groups.get(subjects[0].i, ())) > 1:
        yield subjects[0], subjects[0], "reciprocal"


def _reciprocal_object(verb: Token) -> bool:
    """'accused each other', 'blamed one another'."""
    return any(
        c.dep_ == "dobj"
        and (
            (c.lower_ == "other" and any(d.lower_ == "each" for d in c.children))
            or (c.lower_ == "another" and any(d.lower_ == "one" for d in c.children))
        )
        for c in verb.children
    )


def _light_head(noun: Token, lex: Lexicon) -> Token:
    """The verb whose subject does the noun's event: its head, or the verb of "claimed
    responsibility for" it."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "for" and prep.head.lower_ in _CLAIMED:
        owned = prep.head
        if owned.dep_ == "dobj" and owned.head.pos_ == "VERB":
            return owned.head
    if noun.dep_ == "pobj" and prep.lower_ in _MEANS_PREPS and _violent_clause(prep.head, lex):
        # "Israel killed five in a strike at a Hamas activist": the clause's
        # subject did the event it killed with
        return prep.head
    consenting = consented_to(noun, lex)
    if consenting is not None:
        return consenting  # "Israel agreed to a truce with Hamas": who agrees makes it
    if noun.dep_ == "pobj" and prep.lower_ == "in":
        giver = _sum_giver(prep.head, lex)
        if giver is not None:
            # "providing $50 million in humanitarian assistance to X": the giving verb's
            return giver
    return noun.head


def _sum_giver(token: Token, lex: Lexicon) -> Token | None:
    """The giving or pledging verb of a sum ("pledged 500 million euros in aid"), if any.

    ``token`` is the sum (the verb's object) or the verb itself.
    """
    verb = token.head if token.dep_ == "dobj" else token
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or not (
        lemma in lex.light_verbs or lemma in lex.giving_verbs or lemma in lex.pledging_verbs
    ):
        return None
    sums = [o for o in verb.children if o.dep_ == "dobj"]
    if any(
        o.ent_type_ == "MONEY" or o.pos_ == "NUM" or any(c.dep_ == "nummod" for c in o.children)
        for o in sums
    ):
        return verb
    return None


# Prepositions of the event a clause's violence was done in ("killed five in a strike").
_MEANS_PREPS = frozenset({"in", "during", "with"})


def _violent_clause(verb: Token, lex: Lexicon) -> bool:
    """An active clause of killing or striking, with its own subject."""
    if verb.pos_ != "VERB" or not any(c.dep_ == "nsubj" for c in verb.children):
        return False
    cue = lex.cue(verb.lemma_, "VERB")
    return cue is not None and cue.predicate in ("kills", "strikes")


def _coordinated(subjects: list[Token]) -> bool:
    """Two or more subjects that are one coordination ("A and B"), not a misparse's two."""
    return len(subjects) > 1 and all(t in subjects[0].conjuncts for t in subjects[1:])


def _reported_object(verb: Token, lex: Lexicon) -> tuple[Token, Token] | None:
    """'targeting what it said were Islamic State positions': (the attribute, the speech verb).

    The object is only named through someone's words, so the relation is
    attributed to the speaker of the inner clause.
    """
    for clause in verb.children:
        if clause.dep_ == "ccomp" and clause.lemma_.lower() in lex.speech_verbs:
            for inner in clause.children:
                if inner.dep_ == "ccomp" and inner.lemma_.lower() == "be":
                    # the parser labels the predicate noun attr, or a second nsubj beside "what"
                    attr = next(
                        (
                            c
                            for c in inner.children
                            if c.dep_ in ("attr", "nsubj") and c.tag_ not in ("WP", "WDT")
                        ),
                        None,
                    )
                    if attr is not None:
                        return attr, clause
    return None


def _reported_speaker(cue: Token, index: ActorIndex, lex: Lexicon) -> str | None:
    reported = _reported_object(cue, lex)
    if reported is None:
        return None
    speakers, _ = subjects_of(reported[1])
    return index.actor_of(speakers[0]) if speakers else None


def _collective(
    subjects: list[Token], index: ActorIndex, *, how: str = "collective"
) -> Iterator[tuple[Token, Token, str]]:
    """'A, B and C met': every pair of the actors the coordinated subject names.

    Only up to :data:`COLLECTIVE_PAIRS_UP_TO` actors: a longer list gives no pairs.
    """
    tokens = list(index.named_by(subjects).values())
    if len(tokens) > COLLECTIVE_PAIRS_UP_TO:
        return
    for i, a in enumerate(tokens):
        for b in tokens[i + 1 :]:
            yield a, b, how
    if how != "collective":
        return  # "battles between insurgents and US and Iraqi forces": not the allies' own
    for token in subjects:
        if 1 < len(index.groups.get(token.i, ())) <= _MAX_GROUP:
            yield token, token, how  # "Indian and Chinese troops clashed": the group's members


def _on_request_of(
    noun: Token, index: ActorIndex, lex: Lexicon
) -> Iterator[tuple[Token, Token, str]]:
    """'Y suspended parliament at the request of X', 'Y complied with X's request': X asks Y.

    Only an active clause: in "detained on a request from X" the one asked is
    not named.
    """
    if noun.lemma_.lower() not in _REQUEST_NOUNS or noun.head.lower_ not in _REQUEST_PREPS:
        return
    verb = noun.head.head
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl", "relcl")  # "X, detained on ..."
    )
    if verb.pos_ not in ("VERB", "AUX") or passive:
        return
    askers = owners(noun, index, lex)
    asked, _ = subjects_of(verb)
    for s in askers:
        for o in asked:
            yield s, o, "request-of"


def _noun_candidates(
    noun: Token, cue: Cue, index: ActorIndex, lex: Lexicon
) -> Iterator[tuple[Token, Token, str]]:
    objects = pobjs(noun, cue.preps)
    own = index.at(noun)
    if own and index.is_generic(own):
        # "critics of Erdogan", "Johnson's critics": the noun is the actor itself
        possessors = [c for c in noun.children if c.dep_ == "poss"]
        for o in objects or possessors:
            if index.at(o):  # an actor, not a thing of one ("critics of the Iraq war")
                yield noun, o, "named-by-cue"
        return
    if cue.predicate == "requests" and noun.dep_ == "pobj":
        yield from _on_request_of(noun, index, lex)
    if cue.predicate == "supports" and noun.dep_ == "pobj" and noun.head.lower_ == "in":
        # "deployed troops in support of Azerbaijan": the clause's subject supports X
        clause = noun.head.head
        supported = [o for o in pobjs(noun, frozenset({"of"})) if index.actors_of(o)]
        if clause.pos_ != "VERB":
            supported = []
        for s in subjects_of(clause)[0] if supported else ():
            for o in supported:
                yield s, o, "light-verb"
        if supported:
            return
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in lex.receiving_verbs:
        # "the test drew condemnation from Japan", "Kiev received support from the EU":
        # the one "from" acts on the subject who drew or received it
        givers = [o for o in pobjs(noun, _SOURCE_PREPS) if index.actors_of(o)]
        givers += [o for o in pobjs(noun.head, _SOURCE_PREPS) if index.actors_of(o)]
        # "Iran faces US sanctions", "won Chinese backing": the name before the noun
        givers += [
            c
            for c in noun.lefts
            if c.dep_ in ("compound", "amod", "poss") and index.at(c) and c.pos_ != "PRON"
        ]
        if givers:
            for s in subjects_of(noun.head)[0]:
                for g in givers:
                    yield g, s, "nominal"
            return
    # "the agreement between A and B", "the agreement reached between A and B"
    sites = [noun] + [c for c in noun.children if c.dep_ in ("acl", "relcl") and c.i > noun.i]
    between = frozenset({"between"})
    parties = [p for site in sites for p in pobjs(site, between) if index.actors_of(p)]
    if cue.predicate in _SYMMETRIC and len(parties) > 1:
        # "fighting between Armenia and Azerbaijan", "the agreement between Turkey and Libya"
        yield from _collective(parties, index, how="nominal")
        return
    makers = with_conjuncts(made_by(noun))
    if makers and not index.actors_of(noun):
        # "the missile attack carried out by the Houthi militia against Saudi Arabia"
        # (a maker's head is "by", whose head is the participle)
        targets = objects + [t for m in makers for t in pobjs(m.head.head, cue.preps)]
        targets += _things_owners(targets, index, lex)
        for maker in makers:
            for t in targets:
                yield maker, t, "nominal"
        if targets:
            return
    light = _light(noun, lex)
    verb = _light_head(noun, lex)
    if not objects and noun.dep_ == "pobj":
        # "alongside its support to proxy forces": the parser hangs "to X" from the
        # preposition that governs the noun
        objects = pobjs(noun.head, cue.preps)
    if not objects and light:
        # "launched raids on Taiwan": the parser often hangs the target from the verb
        objects = pobjs(verb, cue.preps)
    if objects and light:
        # "reiterate our support for X, the AU and IGAD": a list the parser cut off the
        # noun's object hangs from the verb as more objects
        objects += [
            d
            for d in with_conjuncts(c for c in verb.children if c.dep_ == "dobj")
            if d.i != noun.i and index.at(d)
        ]
    # "cast doubt on the claims by Washington", "support for the efforts of the AU":
    # the actor behind a thing-noun object (not an event's victim: "the killing of X")
    if cue.predicate != "deploys":
        objects += _things_owners(objects, index, lex)
    if not objects and light and noun.i in index.groups:
        # "C joined the talks": C meets each participant (geokg.extract.coref)
        subjects, _ = subjects_of(verb)
        for s in subjects:
            yield s, noun, "joint"
        return
    if not objects and noun.dep_ == "pobj" and noun.head.lower_ == "with":
        # "We note with concern the detention of activists by Chinese authorities": the
        # verb's object, or who did what it names
        manner = noun.head.head
        if manner.pos_ == "VERB" and lex.cue_for(manner, "VERB") is None:
            things = [c for c in manner.children if c.dep_ == "dobj"]
            targets = [t for t in things if index.actors_of(t)]
            for t in things:
                if not index.actors_of(t):
                    targets += _doers(t, index, lex)
            for s in subjects_of(manner)[0] if targets else ():
                for o in targets:
                    yield s, o, "light-verb"
            if targets:
                return
    if not objects and light and cue.predicate in ("sanctions", "cooperates"):
        # "the US imposed Iran sanctions", "imposed an Ivory Coast arms embargo": a
        # sanction the clause's subject imposes names its target before the noun; an
        # accord it signs, its other party ("Egypt and Israel sign US trade accord")
        targets = _named_before(noun, index)
        subjects = subjects_of(verb)[0] if targets else []
        for s in subjects:
            for o in targets:
                yield s, o, "light-verb"
        if subjects and cue.predicate in _JOINT and _coordinated(subjects):
            yield from _collective(subjects, index, how="joint")
        if subjects:
            return
    if not objects and _reciprocal(noun):
        yield from _each_other(noun, index)
        return
    if not objects:
        if light and cue.predicate in _SYMMETRIC:
            # "A and B held talks": every pair of the subject's actors
            subjects, _ = subjects_of(verb)
            if len(subjects) > 1:
                yield from _collective(subjects, index)
        return
    # "A and B reiterate our support": a pronoun possessor of a light verb's object is
    # the verb's own subject, which the clause names
    own_clause = (
        light
        and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children)
        and subjects_of(verb)[0]
    )
    if index.actors_of(noun) and index.at(noun) is None and not own_clause:
        for o in objects:
            yield noun, o, "nominal"
        return
    traveller = _travelling_to(noun, lex)
    if traveller is not None and cue.predicate == "meets":
        # "Singh arrived in Washington for talks with Bush": the traveller meets them
        for s in subjects_of(traveller)[0]:
            for o in objects:
                yield s, o, "light-verb"
        return
    # "expressed concern over X" (a light verb), "X is a critic of Y" (a copula)
    if noun.dep_ == "attr" or light:
        subjects, _ = subjects_of(verb)
        for s in subjects:
            for o in objects:
                yield s, o, "light-verb"
        if cue.predicate in _JOINT and _coordinated(subjects):
            yield from _collective(subjects, index, how="joint")


# Parts of speech of a noun's cue (see candidates).
_NOUN_POS = frozenset({"NOUN", "PROPN"})


def candidates(sent: Span, index: ActorIndex, lex: Lexicon) -> Iterator[Candidate]:
    """Every relation the parse of one sentence shows, in order of the cue."""
    cols = columns(sent.doc)
    for i in range(sent.start, sent.end):
        word, pos, lemma = cols.lower[i], cols.pos[i], cols.lemma[i]
        # what the branches below may find for a word that is no hyphenated backing and
        # no feeling: a verb's cue or verdict, a noun's cue or accusation
        if word not in lex.backing_suffixes and word not in lex.feeling_adjectives:
            if pos == "VERB":
                if (
                    not lex.may_cue_verb(lemma)
                    and not judging_verb(lemma, lex)
                    and lemma not in _OWN_RULE_VERBS
                ):
                    continue
            elif pos not in _NOUN_POS:
                continue
            elif (
                not lex.has_cue(lemma, "NOUN")
                and word not in lex.accusation_nouns
                and not lex.may_cue_verb(lemma)  # a headline's verb tagged as a noun
            ):
                continue
        token = sent.doc[i]
        backed = _hyphenated(token, index, lex)
        if backed is not None:
            yield backed  # "US-backed": the participle is not also a clause verb
            continue
        pairs: Iterable[tuple[Token, Token, str]] = ()
        predicate = None
        cue = None
        if token.pos_ == "VERB" or _headline_verb(token, lex):
            cue = _verb_cue(token, lex)
            if cue:
                pairs, predicate = _verb_candidates(token, cue, index, lex), cue.predicate
        elif token.pos_ in ("NOUN", "PROPN"):
            cue = lex.cue_for(token, "NOUN")
            if cue:
                pairs, predicate = _noun_candidates(token, cue, index, lex), cue.predicate
        if predicate is None and token.pos_ == "VERB" and token.lemma_.lower() in _DYING:
            pairs, predicate = _died_in(token, index, lex), "kills"
        elif predicate is None and token.lower_ in lex.feeling_adjectives:
            pairs, predicate = _feeling(token, index, lex), lex.feeling_adjectives[token.lower_]
        elif predicate is None and token.pos_ == "VERB":
            pairs, predicate = verdicts(token, index, lex), "criticizes"
        elif predicate is None and token.pos_ == "NOUN" and token.lower_ in lex.accusation_nouns:
            pairs = _each_other(token, index) if _reciprocal(token) else charges(token, index, lex)
            predicate = "criticizes"
        if predicate is None:
            continue
        threat = _threat_over(token, lex) if predicate in _THREATENED else None
        for s_tok, o_tok, how in pairs:
            pronoun = _via_pronoun(s_tok, index) or _via_pronoun(o_tok, index)
            for n, s in enumerate(index.actors_of(s_tok)):
                # a group with itself: each pair once, both ways when reciprocal
                once = s_tok.i == o_tok.i and how != "reciprocal"
                for o in index.actors_of(o_tok)[n + 1 if once else 0 :]:
                    if s != o:
                        intent = cue is not None and cue.intent
                        yield Candidate(s, predicate, o, token, how, pronoun, intent)
                        if threat is not None:
                            # "threatened to strike X": the threat is made (CAMEO 13)
                            yield Candidate(s, "warns", o, threat, "verb", pronoun)


# What one threatens another with: "threatened to strike X", "vowed to fight the rebels",
# "threatened sanctions against X".
_THREATENED = frozenset({"strikes", "kills", "fights", "sanctions", "deploys"})


def _threat_over(cue: Token, lex: Lexicon) -> Token | None:
    """The verb that threatens the act a cue names: its infinitive or its object."""
    head = cue.head
    if head.i == cue.i or head.pos_ != "VERB" or head.lemma_.lower() not in lex.threat_verbs:
        return None
    if (cue.pos_ == "VERB" and cue.dep_ == "xcomp") or (
        cue.pos_ in _NOUN_POS and cue.dep_ == "dobj"
    ):
        return head
    return None


# Verbs whose subject is a victim ("died in a US drone strike").
_DYING = frozenset({"die", "perish"})


def _died_in(verb: Token, index: ActorIndex, lex: Lexicon) -> Iterator[tuple[Token, Token, str]]:
    """'Three Taliban fighters died in a US drone strike': the strike's maker kills them."""
    makers = _violent_makers(pobjs(verb, _EVENT_PREPS), index, lex)
    for victim in subjects_of(verb)[0] if makers else ():
        for maker in makers:
            yield maker, victim, "verb"


# Prepositions that put a victim in an event ("killed in a strike", "during a raid").
_EVENT_PREPS = frozenset({"in", "during"})
# Nouns of a violent event that need not be cues of their own ("a US operation").
_VIOLENT_EVENTS = frozenset({"operation", "raid", "offensive", "ambush", "bombardment"})


def _violent(noun: Token, lex: Lexicon) -> bool:
    """An attack, strike, raid or military operation."""
    if noun.pos_ not in _NOUN_POS:
        return False
    lemma = noun.lemma_.lower()
    cue = lex.cue(lemma, "NOUN")
    return lemma in _VIOLENT_EVENTS or (
        cue is not None and cue.predicate in ("strikes", "kills", "fights")
    )


def _violent_makers(events: list[Token], index: ActorIndex, lex: Lexicon) -> list[Token]:
    """The makers of the violent events among ``events`` (see :func:`_event_makers`)."""
    return [m for e in events if _violent(e, lex) for m in _event_makers(e, index)]


def _event_makers(noun: Token, index: ActorIndex) -> list[Token]:
    """Who an event noun names as making it: "an Israeli air strike", "a US raid", "an
    ambush by Boko Haram", "the attack, claimed by Islamic State"."""
    found: dict[str, Token] = {}
    # "an ambush by Boko Haram", "an attack claimed by IS"
    for by in with_conjuncts(pobjs(noun, frozenset({"by"})) + made_by(noun)):
        if index.at(by) is not None:
            found.setdefault(index.at(by), by)
    stack = [c for c in noun.lefts if c.dep_ in ("amod", "compound", "poss", "nmod")]
    while stack:
        t = stack.pop()
        actor = index.at(t)
        if actor is not None and t.pos_ != "PRON" and not _place_like(t, actor, index):
            found.setdefault(actor, t)
        stack += [c for c in t.lefts if c.dep_ in ("compound", "amod", "nmod")]
    return list(found.values())


def _place_like(token: Token, actor: str, index: ActorIndex) -> bool:
    """A capital or city standing for its country before an event noun says where.

    "a Baghdad rocket attack"; the country's demonym ("an Israeli strike"),
    short code ("a US raid") or name ("a United States operation") says whose.
    """
    if index.type_of(actor) != "Country" or token.pos_ == "ADJ":
        return False
    letters = token.text.replace(".", "")
    if letters.isupper() and len(letters) <= 3:
        return False
    start = end = token.i
    while start > 0 and index.tokens.get(start - 1) == actor:
        start -= 1
    while index.tokens.get(end + 1) == actor:
        end += 1
    name = columns(token.doc).span_text(start, end + 1)
    return name.lower() != index.entities[actor].label.lower()


def _named_before(noun: Token, index: ActorIndex) -> list[Token]:
    """The actors named in a noun's compounds ("an Ivory Coast arms embargo": Ivory Coast)."""
    found: dict[str, Token] = {}
    stack = [c for c in noun.lefts if c.dep_ == "compound"]
    while stack:
        t = stack.pop()
        actor = index.at(t)
        # the name ends right before the noun, or before one common word ("arms", "trade")
        between = t.doc[t.i + 1 : noun.i]
        if (
            actor is not None
            and t.pos_ == "PROPN"
            and len(between) <= 1
            and all(w.pos_ == "NOUN" and w.is_lower for w in between)
        ):
            found[actor] = t
        stack += [c for c in t.lefts if c.dep_ == "compound"]
    return list(found.values())


def _headline_verb(token: Token, lex: Lexicon) -> bool:
    """A headline's present-tense verb tagged as a plural noun: "Al-Sadr Calls on Militia".

    The parser gives it a subject and the clause its shape; only the tag is a noun's.
    """
    return (
        token.tag_ in ("NNS", "NNPS")
        and token.dep_ == "ROOT"
        and any(c.dep_ == "nsubj" for c in token.children)
        and lex.cue_for(token, "VERB") is not None
    )


def _via_pronoun(token: Token, index: ActorIndex) -> bool:
    """Whether the actor of a noun phrase was found through a resolved pronoun ("their support")."""
    if token.i in index.pronouns:
        return True
    return index.at(token) is None and any(c.i in index.pronouns for c in token.children)


def _hyphenated(token: Token, index: ActorIndex, lex: Lexicon) -> Candidate | None:
    """'US-backed rebels' -> supports; 'US-led coalition' -> leads."""
    predicate = lex.backing_suffixes.get(token.lower_)
    if predicate is None or token.i < 2 or token.doc[token.i - 1].text != "-":
        return None
    subject = index.at(token.doc[token.i - 2])
    if token.head.i == token.i:
        return None
    # "the US-led coalition" leads the coalition itself, never a modifier of the
    # noun ("the United States-led Iraq War" does not lead Iraq)
    target = index.at(token.head) if predicate == "leads" else index.actor_of(token.head)
    if subject and target and subject != target:
        return Candidate(subject, predicate, target, token, "compound")
    return None


def _verb_cue(verb: Token, lex: Lexicon) -> Cue | None:
    """A verb's cue, or the phrase it makes with its object ("recalled its ambassador").

    What is sent or given says what the giving is: "sent troops to Syria"
    deploys; "sent aid to Ukraine" is the light verb of its cue noun
    (supports); "sent medical supplies to Nepal", "delivered weapons to
    Kyiv" give material aid (supports, CAMEO 07); "sent a letter to the UN"
    deploys nothing.
    """
    own = lex.cue_for(verb, "VERB")
    if (own is None or own.predicate != "sanctions") and _stops_support(verb, lex):
        # "is ending support for X", "halted aid to X": reducing material aid (CAMEO 162)
        return Cue(verb.lemma_.lower(), "VERB", "sanctions", _AID_PREPS, None, _STOPPED_AID)
    if own is not None and own.predicate == "strikes" and _measures_act(verb, lex):
        # "these sanctions target officials of X": a sanction, not an attack
        return Cue(own.lemma, "VERB", "sanctions", own.preps, None, "160")
    if (
        own is not None
        and own.predicate in ("strikes", "kills")
        and _object_in(verb, lex.proposal_nouns)
    ):
        # "shot down a German proposal", "killed the bill": rejected, not attacked
        return Cue(own.lemma, "VERB", "rejects", frozenset(), None, "120")
    if own is not None and own.predicate == "strikes" and _object_in(verb, lex.stance_nouns):
        # "attacked the proclamation by Trump", "hit out at Russia's decision": in words
        return Cue(own.lemma, "VERB", "criticizes", own.preps, None, "111")
    if own is not None and own.cameo == "171" and _takes_captives(verb, lex):
        # "seizing an Iraqi-Polish woman": people are taken hostage, not confiscated
        return Cue(own.lemma, "VERB", "strikes", own.preps, None, "181")
    if own is None and verb.lemma_.lower() in _DIRECTING and _told_to(verb):
        # "Biden told Netanyahu to scale back", "directed the committees to proceed"
        return Cue(verb.lemma_.lower(), "VERB", "requests", frozenset(), None, "100")
    if (
        own is None
        and verb.lemma_.lower() == "attribute"
        and any(o.dep_ == "dobj" and _violent(o, lex) for o in verb.children)
    ):
        # "attributed the bombing to Houthi rebels": blamed them for it (CAMEO 112)
        return Cue("attribute", "VERB", "criticizes", frozenset({"to"}), None, "112")
    if own is not None and verb.lemma_.lower() in lex.light_verbs and _agreed(verb, lex):
        return None  # "cut a deal with X", "struck an agreement": the noun says what it is
    if own is not None and own.lemma == "cut" and _sends_forces(verb, lex):
        return None  # "to cut its troops in Iraq": a withdrawal, no sanction
    if own is not None and own.predicate != "deploys":
        return own
    if own is None and verb.lemma_.lower() not in lex.giving_verbs:
        return lex.phrase_cue(verb)
    if own is not None and _sends_forces(verb, lex):
        return own
    things = [o for o in verb.children if o.dep_ == "dobj" and o.pos_ == "NOUN"]
    if verb.dep_ == "acl" and verb.head.pos_ in _NOUN_POS:
        things.append(verb.head)  # "aid sent by Germany to Ukraine": what is sent
    things += _quantity_of(things)
    if any(lex.cue(o.lemma_, "NOUN") or o.lemma_ in lex.message_nouns for o in things):
        return None
    if any(o.lemma_.lower() in lex.aid_things for o in things):
        return Cue(verb.lemma_.lower(), "VERB", "supports", frozenset({"to", "for"}), None, "070")
    return own or lex.phrase_cue(verb)


# CAMEO 162, reduce or stop material aid, and whom aid goes to.
_STOPPED_AID = "162"
_AID_PREPS = frozenset({"to", "for"})


# Verbs that make a request when their object is told to do something.
_DIRECTING = frozenset({"tell", "direct", "instruct"})
# Verbs no cue row names that a rule of their own reads ("died in", "attributed to").
_OWN_RULE_VERBS = _DYING | _DIRECTING | {"attribute"}


def _told_to(verb: Token) -> bool:
    """'told X to do': an object and a to-infinitive (not 'told reporters that ...')."""
    return any(c.dep_ == "dobj" for c in verb.children) and any(
        c.dep_ in ("xcomp", "ccomp")
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in verb.children
    )


def _stops_support(verb: Token, lex: Lexicon) -> bool:
    """A stopping verb whose object is support or aid ("ended its support for X")."""
    return verb.lemma_.lower() in lex.stopping_verbs and any(
        taken_back(o, verb, lex) == "supports" for o in verb.children
    )


def _things_owners(things: list[Token], index: ActorIndex, lex: Lexicon) -> list[Token]:
    """The owners of the things (not actors, not an event's victims) among ``things``.

    "cast doubt on the claims by Washington", "fired at a US warship".
    """
    return [
        owner
        for t in things
        if not index.actors_of(t) and not lex.names_victim(t)
        for owner in owners(t, index, lex)
    ]


def _doers(thing: Token, index: ActorIndex, lex: Lexicon) -> list[Token]:
    """Who a thing-noun is the doing of, as a verb's object names them.

    "rejected the claim of Berlin", "lamented the failure of X to act": its
    owners; but "condemned the killing of X" names the victim with "of", so
    an event's doer is only its "by" object ("the attack by Houthi militants").
    """
    if lex.names_victim(thing):
        return pobjs(thing, frozenset({"by"})) + made_by(thing)
    return owners(thing, index, lex)


def _quantity_of(nouns: list[Token]) -> list[Token]:
    """What quantities are of: "300 tons of food", "a shipment of arms"."""
    return [o for n in nouns for o in pobjs(n, frozenset({"of"}))]


def _measures_act(verb: Token, lex: Lexicon) -> bool:
    """The verb's subject is a measure ("these sanctions target ...")."""
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in lex.measure_nouns for c in verb.children)


def _object_in(verb: Token, words: frozenset[str]) -> bool:
    """The verb's direct object is one of ``words`` (lemmas): "shot down a proposal"."""
    return any(o.dep_ == "dobj" and o.lemma_.lower() in words for o in verb.children)


def _takes_captives(verb: Token, lex: Lexicon) -> bool:
    """The verb's object is people ("seized two aid workers", "seized three Britons")."""
    return any(
        o.lemma_.lower() in lex.captive_nouns
        or (
            # "three Britons", "three Sudanese": people of a country, counted or plural
            (o.tag_ == "NNPS" or any(c.dep_ == "nummod" for c in o.children))
            and o.ent_type_ not in ("", "ORG", "FAC", "PRODUCT", "CARDINAL", "QUANTITY")
        )
        or " ".join(t.lemma_.lower() for t in o.lefts if t.dep_ == "compound")
        + f" {o.lemma_.lower()}"
        in lex.captive_nouns
        for o in with_conjuncts(c for c in verb.children if c.dep_ == "dobj")
    )


def _agreed(verb: Token, lex: Lexicon) -> bool:
    """The verb's object is an agreement or talks ("cut a deal", "launched talks")."""
    return any(
        (cue := lex.cue(o.lemma_, "NOUN")) is not None and cue.predicate in ("cooperates", "meets")
        for o in verb.children
        if o.dep_ == "dobj"
    )


def _sends_forces(verb: Token, lex: Lexicon) -> bool:
    """The verb's object is a force: "troops", "warships", "special forces"."""
    sent = [o for o in verb.children if o.dep_ == "dobj"]
    if verb.dep_ == "acl":
        sent.append(verb.head)  # "troops sent by Russia to Syria"
    return any(
        lex.institution_heads.get(o.lower_) in ("military", "police")
        or lex.institution_heads.get(o.lemma_.lower()) in ("military", "police")
        for o in sent
    )


def _sentence_span(sent: Span) -> tuple[str, int, int]:
    text = columns(sent.doc).span_text(sent.start, sent.end)
    stripped = text.strip()
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return stripped, start, start + len(stripped)


def extract_relations(
    doc: Doc,
    index: ActorIndex,
    lex: Lexicon,
    *,
    doc_id: str = "",
    speakers: dict[int, str] | None = None,
) -> Iterator[Relation]:
    """Qualified relations of a document, in order of appearance, without repeats.

    Relations on locations (not actors) are left out. ``speakers`` maps a
    sentence start to the speaker of the quote it is (see
    :func:`geokg.extract.coref.quote_speakers`).
    """
    speakers = speakers or {}
    seen: set[tuple] = set()
    lower = columns(doc).lower
    for sent in doc.sents:
        positions = range(sent.start, sent.end)
        actors = {index.tokens[i] for i in positions if i in index.tokens}
        if index.groups:
            actors.update(a for i in positions for a in index.groups.get(i, ()))
        if len(actors) < 2 and not any(lex.backing_suffixes.get(lower[i]) for i in positions):
            continue  # no pair of actors: nothing to relate
        text, start, end = _sentence_span(sent)
        facts = SentenceFacts(sent, lex, index)  # hedges and speakers, once per sentence
        for cand in candidates(sent, index, lex):
            if (
                index.type_of(cand.subject) not in _ACTOR_TYPES
                or index.type_of(cand.object) not in _ACTOR_TYPES
                or (cand.predicate == "deploys" and index.type_of(cand.object) != "Country")
            ):
                continue  # troops are deployed to a country (SCHEMA.md), not to people
            # the request was made, whatever the clause around it says of its outcome
            made = cand.how == "request-of"
            if cand.how == "nominal" and not _light(cand.cue, lex) and _owned(cand.cue, index):
                negated, hypothetical = nominal_hedges(cand.cue, lex, facts=facts)
            else:
                negated = not made and is_negated(cand.cue, lex, facts=facts)
                hypothetical = not made and is_hypothetical(cand.cue, lex, facts=facts)
            hypothetical = hypothetical or cand.intent
            speaker = attribution(cand.cue, index, lex, facts=facts) or speakers.get(sent.start)
            if cand.how == "reported":
                speaker = _reported_speaker(cand.cue, index, lex) or speaker
            if cand.how == "joint" and negated:
                continue  # "A and B did not comply with C" says nothing of A and B
            if cand.predicate == "meets" and index.entities[cand.subject].country == cand.object:
                continue  # a leader's trip at home is no visit to another state
            if cand.how == "named-by-cue" and speaker == cand.subject:
                speaker = None  # "according to Putin's critics": the narrator names them
            key = (cand.subject, cand.predicate, cand.object, negated, hypothetical, speaker, start)
            if key in seen:
                continue
            seen.add(key)
            yield Relation(
                subject=cand.subject,
                predicate=cand.predicate,
                object=cand.object,
                sentence=text,
                start=start,
                end=end,
                doc_id=doc_id,
                negated=negated,
                hypothetical=hypothetical,
                attributed_to=speaker,
                confidence=_CONFIDENCE["pronoun" if cand.pronoun else cand.how],
                cue=cand.cue.text,
                cue_start=cand.cue.idx,
            )


def affiliation_relations(index: ActorIndex, *, doc_id: str = "") -> Iterator[Relation]:
    """``affiliated_with`` relations that titles and appositions state, with their sentence."""
    seen: set[tuple[str, str]] = set()
    for person, owner, role, sent in index.affiliations:
        if (person, owner) in seen:
            continue
        seen.add((person, owner))
        text, start, end = _sentence_span(sent)
        yield Relation(
            subject=person,
            predicate="affiliated_with",
            object=owner,
            sentence=text,
            start=start,
            end=end,
            doc_id=doc_id,
            role=role,
            confidence=_CONFIDENCE["compound"],
        )
