"""Persons' countries, organizations and roles, from titles, appositions and clauses.

- a title before the name: "Russian Foreign Minister Sergey Lavrov" -> Russia,
  "foreign minister"; "Apple Daily founder Jimmy Lai" -> Apple Daily;
  "Republican committee member Doug Collins" -> the Republican Party;
- an apposition: "Angela Merkel, the Chancellor of Germany"; "X, a Yemeni
  accountant" -> Yemen; "X, a law professor at American University";
  "X, the chair and spokesperson for The Greens";
- "of" or "from" a body after the name: "Steve Peers of the University of
  Essex"; and a coordinated role: "... and contributor to Slate";
- a relative clause: "A, B and C, who are deputy directors of the LOCPG";
- kinship: "Hunter Biden, the son of Joe Biden" -> Joe Biden's country;
- a body's country: a person of an organization with a country, and no
  country of their own, is of that country.

Title words are the ``title_words`` table of ``lexicon.json``, other nouns of
a role (``role_nouns``: "professor", "founder", "accountant") count in
appositions and clauses.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from geokg.extract.index import ActorIndex
from geokg.extract.lexicon import Lexicon
from geokg.extract.syntax import pobjs, with_conjuncts

__all__ = ["person_roles"]

# Words that may stand around a title but are not part of the role.
_ROLE_EDGES = frozenset({"of", "-", "'s", "’s", "the", "former", "new", "then", "top", "senior"})
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."})
_BODIES = frozenset({"Country", "Organization", "Group"})
# What a title may name besides a body: a region of a country ("First Minister of Scotland").
_SERVED = _BODIES | {"Location"}
# Prepositions through which a role names the body it serves ("professor at X").
_SERVING = frozenset({"of", "at", "for", "to", "with", "from", "in"})
Found = tuple[str | None, str | None]  # (the body or relative, the role)
_KIN = frozenset(
    {"son", "daughter", "wife", "husband", "brother", "sister", "father", "mother", "widow"}
)


def _person_spans(index: ActorIndex) -> list[Span]:
    """Each run of tokens naming one person, in order."""
    doc, spans = index.doc, []
    start = last = ent = None
    for i in sorted(index.tokens):
        ent_id = index.tokens[i]
        if ent_id == ent and i == last + 1:
            last = i
            continue
        if ent is not None:
            spans.append(doc[start : last + 1])
        start = last = i
        ent = ent_id if index.entities[ent_id].type == "Person" else None
    if ent is not None:
        spans.append(doc[start : last + 1])
    return spans


def _is_role(token: Token, lex: Lexicon) -> bool:
    """A title or role word; capitalized plurals keep their "s" as lemma ("Directors")."""
    forms = {token.lower_, token.lemma_.lower(), token.lower_.removesuffix("s")}
    return bool(forms & lex.title_words) or bool(forms & lex.role_nouns)


def person_roles(index: ActorIndex, lex: Lexicon) -> None:
    """Give persons a country, organizations and a role from the words around their names."""
    for span in _person_spans(index):
        draft = index.entities[index.tokens[span.start]]
        found = list(_title_before(index, span, lex))
        if not found or found == [(None, found[0][1])]:
            found += _apposition(index, span, lex)
        found += _of_after(index, span, lex)
        found += _relative_role(index, span, lex)
        found += _copular_role(index, span, lex)
        for owner, role in found:
            if role and not draft.role:
                draft.role = role
            if owner is None or owner == draft.id:
                continue
            owner_type = index.entities[owner].type
            if owner_type in ("Person", "Location"):
                # kinship: the relative's country; "First Minister of Scotland": its country
                draft.country = draft.country or index.entities[owner].country
                continue
            if owner_type == "Country":
                draft.country = draft.country or owner
            index.affiliations.append((draft.id, owner, role, span.sent))
    _countries_of_bodies(index)


def _countries_of_bodies(index: ActorIndex) -> None:
    """A person of a body with a country, and no country of their own, is of that country."""
    for person, owner, _, _ in index.affiliations:
        draft, body = index.entities[person], index.entities[owner]
        if draft.type == "Person" and not draft.country and body.type != "Country":
            draft.country = body.country


def _clean_role(words: list[str]) -> str | None:
    while words and words[0] in _ROLE_EDGES:
        words = words[1:]
    while words and words[-1] in _ROLE_EDGES:
        words = words[:-1]
    return " ".join(w for w in words if w not in _HONORIFICS) or None


def _title_before(index: ActorIndex, span: Span, lex: Lexicon) -> Iterator[Found]:
    """Title words right before the name, and the country or body before them."""
    doc = index.doc
    words: list[str] = []
    i = span.start - 1
    while i >= span.sent.start:
        owner = index.tokens.get(i)
        if owner is not None and index.entities[owner].type in _SERVED:
            yield owner, _clean_role(words)
            # "Democratic committee chairman": a party and its committee may both be named
            i -= 1
            while i >= span.sent.start and index.tokens.get(i) == owner:
                i -= 1
            if i >= span.sent.start and (other := index.tokens.get(i)) is not None:
                if index.entities[other].type in _BODIES and other != owner:
                    yield other, _clean_role(words)
            yield from _bare_body(index, words)
            return
        if _is_role(doc[i], lex) or doc[i].text in ("'s", "’s"):
            words.insert(0, doc[i].lower_)
            i -= 1
            continue
        break
    role = _clean_role(words)
    if role:
        yield None, role
    yield from _bare_body(index, words)


# Body nouns a title may hold bare ("committee member X"): the one such body named.
_BODY_TITLES = frozenset({"committee", "commission", "council"})


def _bare_body(index: ActorIndex, words: list[str]) -> Iterator[Found]:
    """'Republican committee member Doug Collins': the one committee the document names."""
    for word in _BODY_TITLES.intersection(words):
        bodies = {
            ent
            for ent in index.tokens.values()
            if index.entities[ent].type == "Organization"
            and index.entities[ent].label.lower().endswith(word)
        }
        if len(bodies) == 1:
            yield bodies.pop(), _clean_role(words)


def _owners_in(head: Token, index: ActorIndex) -> list[str]:
    """Bodies a role phrase names: a demonym or body modifier, or the object of "of", "at" ..."""
    out = []
    for child in head.lefts:
        actor = index.tokens.get(child.i)
        if actor and index.entities[actor].type in _BODIES:
            out.append(actor)
    for obj in pobjs(head, _SERVING):
        actor = index.actor_of(obj)  # "director of the Hamas office" serves Hamas
        if not actor or index.entities[actor].type not in _BODIES:
            continue
        if obj.head.lower_ == "in" and index.entities[actor].type != "Country":
            continue  # "a politician in Austria", not "a fellow in the Brookings Institution"
        out.append(actor)
    return out


def _kin(head: Token, index: ActorIndex) -> list[str]:
    """'the son of Joe Biden': the relative."""
    if head.lemma_.lower() not in _KIN:
        return []
    return [
        index.tokens[o.i]
        for o in pobjs(head, frozenset({"of"}))
        if o.i in index.tokens and index.entities[index.tokens[o.i]].type == "Person"
    ]


def _apposition(index: ActorIndex, span: Span, lex: Lexicon) -> list[Found]:
    """'X, the Chancellor of Germany', 'X, a Yemeni accountant', 'X, the son of Y'."""
    out: list[Found] = []
    # "Colin Sutherland, Lord Carloway, the Lord President of the Court": a chain
    chain = [c for c in span.root.children if c.dep_ == "appos"]
    chain += [g for c in chain for g in c.children if g.dep_ == "appos"]
    for child in chain:
        for head in with_conjuncts([child]):  # "the chair and spokesperson for The Greens"
            if _kin(head, index):
                out += [(relative, None) for relative in _kin(head, index)]
                continue
            if not _is_role(head, lex):
                continue
            words = [t.lower_ for t in head.lefts if _is_role(t, lex)] + [head.lower_]
            role = _clean_role(words) if head.lower_ in lex.title_words else None
            owners = _owners_in(head, index)
            out += [(owner, role) for owner in owners] or [(None, role)]
    return out


def _of_after(index: ActorIndex, span: Span, lex: Lexicon) -> list[Found]:
    """'Steve Peers of the University of Essex', 'Joanna Cherry of the SNP'.

    A body, not a place: "Doug Collins of Georgia" names the state he sits for.
    """
    out: list[Found] = []
    for obj in pobjs(span.root, frozenset({"of", "from"})):
        actor = index.tokens.get(obj.i)
        if actor and index.entities[actor].type in ("Organization", "Group"):
            out.append((actor, None))
    for conj in span.root.conjuncts:  # "... of American University and contributor to Slate"
        if conj.i > span.end and conj.pos_ == "NOUN" and _is_role(conj, lex):
            if any(c.dep_ == "poss" for c in conj.children):
                continue  # "X and his Greek counterparts": other people
            out += [(owner, None) for owner in _owners_in(conj, index)]
    return out


def _copular_role(index: ActorIndex, span: Span, lex: Lexicon) -> list[Found]:
    """'X is a leading candidate for the Democratic nomination', 'X and Y are members of Z'."""
    root = span.root
    if root.dep_ != "nsubj" or root.head.lemma_.lower() != "be":
        return []
    out: list[Found] = []
    for attr in root.head.children:
        if attr.dep_ == "attr" and _is_role(attr, lex):
            out += [(owner, None) for owner in _owners_in(attr, index)]
    return out


def _relative_role(index: ActorIndex, span: Span, lex: Lexicon) -> list[Found]:
    """'A, B and C, who are deputy directors of the Liaison Office': each of them."""
    # the clause hangs from the last name of a list: "A, B and C, who are ..."
    heads = [span.root, *span.root.conjuncts]
    for appos in span.root.children:
        if appos.dep_ == "appos" and appos.pos_ == "PROPN" and appos.conjuncts:
            heads += [appos, *appos.conjuncts]
    if span.root.dep_ in ("conj", "appos"):
        first = span.root.head
        while first.dep_ in ("conj", "appos") and first.head.i != first.i:
            first = first.head
        heads += with_conjuncts([first])
    out: list[Found] = []
    for head in heads:
        for clause in head.children:
            if clause.dep_ != "relcl" or clause.lemma_.lower() != "be":
                continue
            for attr in clause.children:
                if attr.dep_ == "attr" and _is_role(attr, lex):
                    out += [(owner, None) for owner in _owners_in(attr, index)]
    return out
