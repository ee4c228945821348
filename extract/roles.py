"""Persons' countries, organizations and roles, from titles and appositions.

"Russian Foreign Minister Sergey Lavrov" -> Russia, "foreign minister";
"Labour leader Jeremy Corbyn" -> the Labour Party, "leader";
"Angela Merkel, the Chancellor of Germany" -> Germany, "chancellor".
Title words are the ``title_words`` table of ``lexicon.json``.
"""

from __future__ import annotations

from spacy.tokens import Span

from geokg.extract.index import ActorIndex
from geokg.extract.lexicon import Lexicon

__all__ = ["person_roles"]

# Words that may stand around a title but are not part of the role.
_ROLE_EDGES = frozenset({"of", "-", "'s", "’s", "the", "former", "new", "then", "top", "senior"})
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."})


def _person_spans(index: ActorIndex) -> list[Span]:
    """Each run of tokens naming one person, in order."""
    doc, spans, i = index.doc, [], 0
    while i < len(doc):
        ent_id = index.tokens.get(i)
        if ent_id is not None and index.entities[ent_id].type == "Person":
            j = i
            while j + 1 < len(doc) and index.tokens.get(j + 1) == ent_id:
                j += 1
            spans.append(doc[i : j + 1])
            i = j + 1
        else:
            i += 1
    return spans


def person_roles(index: ActorIndex, lex: Lexicon) -> None:
    """Give persons a country, organizations and a role from the words around their names."""
    for span in _person_spans(index):
        draft = index.entities[index.tokens[span.start]]
        owner, role = _title_before(index, span, lex)
        if owner is None and role is None:
            owner, role = _apposition(index, span, lex)
        if role and not draft.role:
            draft.role = role
        if owner is None:
            continue
        if index.entities[owner].type == "Country":
            draft.country = draft.country or owner
        index.affiliations.append((draft.id, owner, role, span.sent))


def _clean_role(words: list[str]) -> str | None:
    while words and words[0] in _ROLE_EDGES:
        words = words[1:]
    while words and words[-1] in _ROLE_EDGES:
        words = words[:-1]
    return " ".join(w for w in words if w not in _HONORIFICS) or None


def _title_before(index: ActorIndex, span: Span, lex: Lexicon) -> tuple[str | None, str | None]:
    """Title words right before the name, and the country or organization before them."""
    doc = index.doc
    words: list[str] = []
    i = span.start - 1
    while i >= span.sent.start:
        owner = index.tokens.get(i)
        if owner is not None and index.entities[owner].type in ("Country", "Organization"):
            return owner, _clean_role(words)
        if doc[i].lower_ in lex.title_words or doc[i].text in ("'s", "’s"):
            words.insert(0, doc[i].lower_)
            i -= 1
            continue
        break
    return None, _clean_role(words)


def _apposition(index: ActorIndex, span: Span, lex: Lexicon) -> tuple[str | None, str | None]:
    """'X, the Chancellor of Germany' / 'X, Russia's foreign minister'."""
    for child in span.root.children:
        if child.dep_ != "appos" or child.lower_ not in lex.title_words:
            continue
        words = [t.lower_ for t in child.subtree if t.lower_ in lex.title_words and t.i <= child.i]
        owner = next(
            (
                index.tokens[t.i]
                for t in child.subtree
                if t.i in index.tokens
                and index.entities[index.tokens[t.i]].type in ("Country", "Organization")
            ),
            None,
        )
        return owner, _clean_role(words)
    return None, None
