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

from geokg.extract.index import ActorIndex
from geokg.extract.lexicon import Cue, Lexicon
from geokg.extract.qualifiers import attribution, is_hypothetical, is_negated
from geokg.model import Relation

__all__ = ["Candidate", "affiliation_relations", "candidates", "extract_relations"]

_SUBJ_DEPS = frozenset({"nsubj"})
_PASSIVE_SUBJ_DEPS = frozenset({"nsubjpass"})
_OBJ_DEPS = frozenset({"dobj", "obj", "dative"})
# Clauses whose missing subject is that of the clause above them.
_SHARED_SUBJECT = frozenset({"conj", "xcomp"})
_RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom"})
_ACTOR_TYPES = frozenset({"Country", "Person", "Group", "Organization"})
# How a relation was found, and how much we trust that way.
_CONFIDENCE = {"verb": 0.8, "shared-subject": 0.7, "nominal": 0.7, "light-verb": 0.65, "compound": 0.75}


@dataclass(frozen=True)
class Candidate:
    """A relation as the parse shows it, before its qualifiers."""

    subject: str
    predicate: str
    object: str
    cue: Token
    how: str


def _with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
    return out


def _pobjs(token: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of the prepositions in ``preps`` hanging from ``token``."""
    out = []
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            out.extend(c for c in prep.children if c.dep_ in ("pobj", "pcomp"))
    return _with_conjuncts(out)


def _subjects(verb: Token, depth: int = 0) -> tuple[list[Token], bool]:
    """Subject tokens of a verb, and whether they came from another clause."""
    own = [c for c in verb.children if c.dep_ in _SUBJ_DEPS]
    if own and not (verb.dep_ == "relcl" and own[0].lower_ in _RELATIVE_PRONOUNS):
        return _with_conjuncts(own), False
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        # "the coalition that is attacking X", "groups fighting Y"
        return [verb.head], True
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if depth < 3 and verb.head is not verb and (
        verb.dep_ in _SHARED_SUBJECT or (verb.dep_ == "advcl" and infinitive)
    ):
        found, _ = _subjects(verb.head, depth + 1)
        return found, True
    return [], False


def _verb_candidates(verb: Token, cue: Cue, index: ActorIndex) -> Iterator[tuple[Token, Token, str]]:
    passive = any(c.dep_ in _PASSIVE_SUBJ_DEPS or c.dep_ == "auxpass" for c in verb.children)
    if passive:
        subjects = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
        subjects = _with_conjuncts(subjects)
        objects = _with_conjuncts(c for c in verb.children if c.dep_ in _PASSIVE_SUBJ_DEPS)
        if not objects and verb.dep_ in ("relcl", "acl"):
            objects = [verb.head]
        how = "verb"
    else:
        subjects, shared = _subjects(verb)
        objects = []
        if cue.predicate != "deploys":  # troops are deployed; the place is the object
            objects = _with_conjuncts(c for c in verb.children if c.dep_ in _OBJ_DEPS)
        objects += _pobjs(verb, cue.preps)
        for obj in [c for c in verb.children if c.dep_ in _OBJ_DEPS]:
            objects += _pobjs(obj, cue.preps) if cue.predicate == "deploys" else []
        how = "shared-subject" if shared else "verb"
    for s in subjects:
        for o in objects:
            yield s, o, how


def _noun_candidates(
    noun: Token, cue: Cue, index: ActorIndex, lex: Lexicon
) -> Iterator[tuple[Token, Token, str]]:
    objects = _pobjs(noun, cue.preps)
    if not objects:
        return
    if index.actor_of(noun) and index.at(noun) is None:
        for o in objects:
            yield noun, o, "nominal"
        return
    head = noun.head
    if noun.dep_ in ("dobj", "attr") and head.lemma_.lower() in lex.light_verbs:
        subjects, _ = _subjects(head)
        for s in subjects:
            for o in objects:
                yield s, o, "light-verb"


def candidates(sent: Span, index: ActorIndex, lex: Lexicon) -> Iterator[Candidate]:
    """Every relation the parse of one sentence shows, in order of the cue."""
    for token in sent:
        backed = _hyphenated(token, index, lex)
        if backed is not None:
            yield backed  # "US-backed": the participle is not also a clause verb
            continue
        pairs: Iterable[tuple[Token, Token, str]] = ()
        predicate = None
        if token.pos_ == "VERB":
            cue = lex.cue(token.lemma_, "VERB")
            if cue and (cue.particle is None or any(c.lower_ == cue.particle for c in token.children)):
                pairs, predicate = _verb_candidates(token, cue, index), cue.predicate
        elif token.pos_ in ("NOUN", "PROPN"):
            cue = lex.cue(token.lemma_, "NOUN")
            if cue:
                pairs, predicate = _noun_candidates(token, cue, index, lex), cue.predicate
        if predicate is None:
            continue
        for s_tok, o_tok, how in pairs:
            s, o = index.actor_of(s_tok), index.actor_of(o_tok)
            if s and o and s != o:
                yield Candidate(s, predicate, o, token, how)


def _hyphenated(token: Token, index: ActorIndex, lex: Lexicon) -> Candidate | None:
    """'US-backed rebels' -> supports; 'US-led coalition' -> leads."""
    predicate = lex.backing_suffixes.get(token.lower_)
    if predicate is None or token.i < 2 or token.doc[token.i - 1].text != "-":
        return None
    subject = index.at(token.doc[token.i - 2])
    target = index.actor_of(token.head) if token.head is not token else None
    if subject and target and subject != target:
        return Candidate(subject, predicate, target, token, "compound")
    return None


def _sentence_span(sent: Span) -> tuple[str, int, int]:
    text = sent.text
    stripped = text.strip()
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return stripped, start, start + len(stripped)


def extract_relations(doc: Doc, index: ActorIndex, lex: Lexicon, *, doc_id: str = "") -> Iterator[Relation]:
    """Qualified relations of a document, in order of appearance, without repeats.

    Relations on locations (not actors) are left out.
    """
    seen: set[tuple] = set()
    for sent in doc.sents:
        actors = {index.tokens[t.i] for t in sent if t.i in index.tokens}
        if len(actors) < 2 and not any(lex.backing_suffixes.get(t.lower_) for t in sent):
            continue  # no pair of actors: nothing to relate
        text, start, end = _sentence_span(sent)
        for cand in candidates(sent, index, lex):
            if index.type_of(cand.subject) not in _ACTOR_TYPES or index.type_of(cand.object) not in _ACTOR_TYPES:
                continue
            negated = is_negated(cand.cue, lex)
            hypothetical = is_hypothetical(cand.cue, lex)
            speaker = attribution(cand.cue, index, lex)
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
                confidence=_CONFIDENCE[cand.how],
                cue=cand.cue.text,
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
            subject=person, predicate="affiliated_with", object=owner, sentence=text,
            start=start, end=end, doc_id=doc_id, role=role, confidence=_CONFIDENCE["compound"],
        )
